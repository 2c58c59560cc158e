/**
 * Client-side rate limit: "Maximum call frequency: 200 times/second" on every official-account API page
 * (tencentcloud.com/document/product/1047/60757), counted per API and per app. One token bucket per
 * (sdkAppId, command), in one registry shared by every client in the process. The configured rate is a
 * ceiling: other processes may use the same app's quota, so each bucket's rate adapts to throttle answers
 * (adaptive-rate.ts; docs/client.md).
 *
 * `TokenBucket` is pure (clock injected). The emulator has a bucket of its own on purpose: a fake server that
 * shared the client's limiter would share its mistakes.
 */
import { AdaptiveRate } from "./adaptive-rate";
import { systemNowMs, timerSleep, type NowMs, type Sleep } from "./timing";

/** Settings of one {@link TokenBucket}. */
export interface TokenBucketOptions {
  ratePerSecond: number;
  /** Tokens available at once. Default: `ratePerSecond` (one second's worth). */
  burst?: number;
  /** Tokens at the start. Default: `burst` (full). */
  initialTokens?: number;
  /** Clock in milliseconds. */
  nowMs: () => number;
}

/** A token bucket: `ratePerSecond` tokens a second, at most `burst` at once. Waiters are served in arrival order. */
export class TokenBucket {
  private rate: number;
  private capacity: number;
  private readonly nowMs: () => number;
  private tokens: number;
  private refilledAtMs: number;

  constructor(options: TokenBucketOptions) {
    if (!(options.ratePerSecond > 0) || !Number.isFinite(options.ratePerSecond)) {
      throw new RangeError(`ratePerSecond must be a positive number, got ${String(options.ratePerSecond)}`);
    }
    const burst = options.burst ?? options.ratePerSecond;
    if (!(burst >= 1) || !Number.isFinite(burst)) {
      throw new RangeError(`burst must be at least 1, got ${String(burst)}`);
    }
    this.rate = options.ratePerSecond;
    this.capacity = burst;
    this.nowMs = options.nowMs;
    this.tokens = Math.min(burst, options.initialTokens ?? burst);
    this.refilledAtMs = options.nowMs();
  }

  get ratePerSecond(): number {
    return this.rate;
  }

  get burst(): number {
    return this.capacity;
  }

  /**
   * A new rate and burst from now on. Time so far is credited at the old rate first; tokens above the new
   * burst are dropped and none are added, so a change never allows an extra burst, and tokens never go below
   * 0 (a negative balance would turn into a long sleep later: smithy-rs #4632).
   */
  retune(ratePerSecond: number, burst: number): void {
    if (!(ratePerSecond > 0) || !Number.isFinite(ratePerSecond)) throw new RangeError(`ratePerSecond must be a positive number, got ${String(ratePerSecond)}`);
    if (!(burst >= 1) || !Number.isFinite(burst)) throw new RangeError(`burst must be at least 1, got ${String(burst)}`);
    this.refill();
    this.rate = ratePerSecond;
    this.capacity = burst;
    this.tokens = Math.max(0, Math.min(burst, this.tokens));
  }

  /** Tokens available now (fractional). */
  available(): number {
    this.refill();
    return this.tokens;
  }

  /** Takes one token if one is available now. */
  tryTake(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Milliseconds until `tryTake()` can succeed (0 when it can now). Rounded up to a whole millisecond. */
  msUntilAvailable(): number {
    this.refill();
    if (this.tokens >= 1) return 0;
    return Math.max(1, Math.ceil(((1 - this.tokens) * 1000) / this.rate));
  }

  private refill(): void {
    const now = this.nowMs();
    const elapsedMs = now - this.refilledAtMs;
    if (elapsedMs <= 0) return;
    this.tokens = Math.min(this.capacity, this.tokens + (elapsedMs * this.rate) / 1000);
    this.refilledAtMs = now;
  }
}

/** What a rate limit is counted per: one app and one REST command. */
export interface RateLimitKey {
  sdkAppId: number;
  command: string;
}

/** How one request waits for its token. */
export interface AcquireOptions {
  /**
   * The configured tokens per second for this (app, command): the ceiling of its adaptive rate. The registry
   * keeps the lowest ceiling asked for: a lower one brings the bucket down without refilling it (tokens
   * already spent stay spent, so the switch allows no extra burst), and a higher one asked for later leaves
   * the lower one in place.
   */
  ratePerSecond: number;
  /** Tokens available at once, as seconds of the current rate (at least 1 token). Default 1. */
  burstSeconds?: number;
  signal?: AbortSignal;
  /** Refuse to wait past this clock time. */
  deadlineAtMs?: number;
  /** The error thrown when the wait would pass `deadlineAtMs`. */
  deadlineError?: () => Error;
}

/** What the server made of a request the limiter let through. Other failures (network, 5xx) say nothing about the rate. */
export type RateOutcome = "accepted" | "throttled";

interface Lane {
  bucket: TokenBucket;
  rate: AdaptiveRate;
  burstSeconds: number;
  /** Settles when the previous waiter has its token: waiters are served first come, first served. */
  tail: Promise<void>;
}

/** Test hooks of a {@link RateLimiterRegistry}: the clock and the sleep. */
export interface RateLimiterRegistryOptions {
  nowMs?: NowMs;
  sleep?: Sleep;
  /**
   * Adapt each bucket's rate to throttle answers (default true). False keeps the fixed per-process bucket of
   * 0.1.0, for comparison in the benchmarks.
   */
  adaptive?: boolean;
}

/**
 * Token buckets keyed by (sdkAppId, command), each with its adaptive rate. Waiters queue per key so a burst
 * of callers is released at the bucket's rate in arrival order, and only the head of the queue sleeps. The
 * rate's state lives here, for the life of the registry (the process, for the shared one), across clients
 * and operations.
 */
export class RateLimiterRegistry {
  private readonly nowMs: NowMs;
  private readonly sleep: Sleep;
  private readonly adaptive: boolean;
  private readonly lanes = new Map<string, Lane>();

  constructor(options: RateLimiterRegistryOptions = {}) {
    this.nowMs = options.nowMs ?? systemNowMs;
    this.sleep = options.sleep ?? timerSleep;
    this.adaptive = options.adaptive ?? true;
  }

  /**
   * Waits for a token; resolves with the clock time at which the request may go (pass it to recordOutcome).
   * Take it right before sending, never after (smithy-typescript #2061).
   */
  async acquire(key: RateLimitKey, options: AcquireOptions): Promise<number> {
    const lane = this.laneFor(key, options.ratePerSecond, options.burstSeconds ?? 1);
    const previous = lane.tail;
    let release!: () => void;
    lane.tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    try {
      await waitOrAbort(previous, options.signal);
      await this.takeToken(lane.bucket, options);
      lane.rate.recordSend();
      return this.nowMs();
    } finally {
      // An aborted waiter hands over only once its predecessor is done, keeping the order.
      void previous.then(release);
    }
  }

  /**
   * Tells the (app, command)'s rate how the server answered a request sent at `sentAtMs` (from acquire): a
   * throttle answer cuts the rate, an accepted request lets it climb back towards the ceiling.
   */
  recordOutcome(key: RateLimitKey, outcome: RateOutcome, sentAtMs: number): void {
    if (!this.adaptive) return;
    const lane = this.lanes.get(laneId(key));
    if (lane === undefined) return;
    if (outcome === "throttled") lane.rate.recordThrottle(sentAtMs);
    else lane.rate.recordSuccess(sentAtMs);
    this.syncBucket(lane);
  }

  /** Calls per second the (app, command) may use now; undefined before its first acquire. */
  currentRate(key: RateLimitKey): number | undefined {
    return this.lanes.get(laneId(key))?.bucket.ratePerSecond;
  }

  /** Number of (app, command) buckets created so far. */
  get size(): number {
    return this.lanes.size;
  }

  private laneFor(key: RateLimitKey, ratePerSecond: number, burstSeconds: number): Lane {
    const id = laneId(key);
    const existing = this.lanes.get(id);
    if (existing) {
      if (ratePerSecond < existing.rate.ceilingPerSecond) {
        existing.rate.lowerCeiling(ratePerSecond);
        existing.burstSeconds = burstSeconds;
        this.syncBucket(existing);
      }
      return existing;
    }
    const lane: Lane = {
      bucket: new TokenBucket({ ratePerSecond, burst: burstFor(ratePerSecond, burstSeconds), nowMs: this.nowMs }),
      rate: new AdaptiveRate({ ceilingPerSecond: ratePerSecond, nowMs: this.nowMs }),
      burstSeconds,
      tail: Promise.resolve(),
    };
    this.lanes.set(id, lane);
    return lane;
  }

  private syncBucket(lane: Lane): void {
    const rate = lane.rate.ratePerSecond;
    const burst = burstFor(rate, lane.burstSeconds);
    if (rate !== lane.bucket.ratePerSecond || burst !== lane.bucket.burst) lane.bucket.retune(rate, burst);
  }

  private async takeToken(bucket: TokenBucket, options: AcquireOptions): Promise<void> {
    for (;;) {
      if (options.signal?.aborted) throw options.signal.reason;
      if (bucket.tryTake()) return;
      const waitMs = bucket.msUntilAvailable();
      if (options.deadlineAtMs !== undefined && this.nowMs() + waitMs > options.deadlineAtMs) {
        throw options.deadlineError ? options.deadlineError() : new RangeError("rate-limit wait would pass the deadline");
      }
      await this.sleep(waitMs, options.signal);
    }
  }
}

function laneId(key: RateLimitKey): string {
  return `${key.sdkAppId}\u0000${key.command}`;
}

function burstFor(ratePerSecond: number, burstSeconds: number): number {
  return Math.max(1, Math.floor(ratePerSecond * burstSeconds));
}

function waitOrAbort(promise: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      () => {
        signal.removeEventListener("abort", onAbort);
        resolve();
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

let sharedRegistry: RateLimiterRegistry | undefined;

/** The process-wide registry every client uses unless given its own. Created on first use. */
export function sharedRateLimiter(): RateLimiterRegistry {
  sharedRegistry ??= new RateLimiterRegistry();
  return sharedRegistry;
}

/**
 * Forgets the shared buckets, so the next client starts with full ones. A test and benchmark hook, not part
 * of the documented API.
 * @internal
 */
export function resetSharedRateLimiter(): void {
  sharedRegistry = undefined;
}
