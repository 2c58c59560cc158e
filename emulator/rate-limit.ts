/**
 * Server-side limit: "Maximum call frequency: 200 times/second" on every official-account API page
 * (tencentcloud.com/document/product/1047/60757). One bucket per (app, command); over the limit the
 * request answers 60007 (A-RATE-SCOPE). Clock injected, so tests never sleep.
 *
 * The bucket is the emulator's own, not the client's (provider/chat/limiter.ts): like validation.ts, the
 * emulator must catch a client's mistakes, not share them.
 */

/** Thousandths of a token per token. */
const TOKEN = 1000;

/**
 * A token bucket holding one second's worth of requests (at least one), full at first, refilled
 * continuously at `ratePerSecond`. Counted in thousandths of a token so that, with a whole-millisecond
 * clock and a whole rate, refills are exact: each millisecond adds `ratePerSecond` thousandths.
 */
export class ServerBucket {
  private readonly capacity: number;
  private readonly perMs: number;
  private readonly nowMs: () => number;
  private credit: number;
  private refilledAtMs: number;

  constructor(ratePerSecond: number, nowMs: () => number) {
    this.perMs = ratePerSecond;
    this.capacity = Math.max(1, ratePerSecond) * TOKEN;
    this.nowMs = nowMs;
    this.credit = this.capacity;
    this.refilledAtMs = nowMs();
  }

  /** Takes one token if one is available now. */
  tryTake(): boolean {
    const now = this.nowMs();
    if (now > this.refilledAtMs) {
      this.credit = Math.min(this.capacity, this.credit + (now - this.refilledAtMs) * this.perMs);
      this.refilledAtMs = now;
    }
    if (this.credit < TOKEN) return false;
    this.credit -= TOKEN;
    return true;
  }
}

export class RateLimiter {
  private readonly buckets = new Map<string, ServerBucket>();
  private readonly ratePerSecond: number;
  private readonly nowMs: () => number;

  constructor(ratePerSecond: number, nowMs: () => number) {
    if (!(ratePerSecond > 0) || !Number.isFinite(ratePerSecond)) {
      throw new RangeError(`maxRequestsPerSecond must be a positive number, got ${String(ratePerSecond)}`);
    }
    this.ratePerSecond = ratePerSecond;
    this.nowMs = nowMs;
  }

  /** Takes one token for this app and command; false means "answer 60007". */
  tryTake(sdkAppId: number, command: string): boolean {
    const key = `${sdkAppId}/${command}`;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new ServerBucket(this.ratePerSecond, this.nowMs);
      this.buckets.set(key, bucket);
    }
    return bucket.tryTake();
  }

  reset(): void {
    this.buckets.clear();
  }
}
