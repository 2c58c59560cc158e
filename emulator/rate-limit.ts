/**
 * Server-side limit: "Maximum call frequency: 200 times/second" on every official-account API page
 * (tencentcloud.com/document/product/1047/60757). One bucket per (app, command); over the limit the
 * request answers 60007 (A-RATE-SCOPE). Clock injected, so tests never sleep.
 */
import { TokenBucket } from "../provider/chat/limiter";

export class RateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();
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
      bucket = new TokenBucket({ ratePerSecond: this.ratePerSecond, nowMs: this.nowMs });
      this.buckets.set(key, bucket);
    }
    return bucket.tryTake();
  }

  reset(): void {
    this.buckets.clear();
  }
}
