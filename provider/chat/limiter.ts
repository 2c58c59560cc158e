/**
 * Client-side rate limit: "Maximum call frequency: 200 times/second" on every official-account API page
 * (tencentcloud.com/document/product/1047/60757), counted per API and per app. One token bucket per
 * (sdkAppId, command), in one registry shared by every client in the process.
 *
 * `TokenBucket` is pure (clock injected). The emulator has a bucket of its own on purpose: a fake server that
 * shared the client's limiter would share its mistakes.
 */
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
  readonly ratePerSecond: number;
  readonly burst: number;
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
    this.ratePerSecond = options.ratePerSecond;
    this.burst = burst;
    this.nowMs = options.nowMs;
    this.tokens = Math.min(burst, options.initialTokens ?? burst);
    this.refilledAtMs = options.nowMs();
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
    return Math.max(1, Math.ceil(((1 - this.tokens) * 1000) / this.ratePerSecond));
  }

  private refill(): void {
    const now = this.nowMs();
    const elapsedMs = now - this.refilledAtMs;
    if (elapsedMs <= 0) return;
    this.tokens = Math.min(this.burst, this.tokens + (elapsedMs * this.ratePerSecond) / 1000);
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
   * Tokens per second for this (app, command). The registry keeps the lowest rate asked for: a lower rate
   * replaces the bucket without refilling it (tokens already spent stay spent, so the switch allows no extra
   * burst), and a higher rate asked for later leaves the lower one in place.
   */
  ratePerSecond: number;
  /** Tokens available at once, as seconds of `ratePerSecond`. Default 1. */
  burstSeconds?: number;
  signal?: AbortSignal;
  /** Refuse to wait past this clock time. */
  deadlineAtMs?: number;
  /** The error thrown when the wait would pass `deadlineAtMs`. */
  deadlineError?: () => Error;
}

interface Lane {
  bucket: TokenBucket;
  /** Settles when the previous waiter has its token: waiters are served first come, first served. */
  tail: Promise<void>;
}

/** Test hooks of a {@link RateLimiterRegistry}: the clock and the sleep. */
export interface RateLimiterRegistryOptions {
  nowMs?: NowMs;
  sleep?: Sleep;
}

/**
 * Token buckets keyed by (sdkAppId, command). Waiters queue per key so a burst of callers is released at
 * the bucket's rate in arrival order, and only the head of the queue sleeps.
 */
export class RateLimiterRegistry {
  private readonly nowMs: NowMs;
  private readonly sleep: Sleep;
  private readonly lanes = new Map<string, Lane>();

  constructor(options: RateLimiterRegistryOptions = {}) {
    this.nowMs = options.nowMs ?? systemNowMs;
    this.sleep = options.sleep ?? timerSleep;
  }

  /**
   * Waits until a token of `key` is free and takes it. Rejects when the signal fires or the deadline would pass first.
   */
  async acquire(key: RateLimitKey, options: AcquireOptions): Promise<void> {
    const lane = this.laneFor(key, options.ratePerSecond, options.burstSeconds ?? 1);
    const previous = lane.tail;
    let release!: () => void;
    lane.tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    try {
      await waitOrAbort(previous, options.signal);
      await this.takeToken(lane.bucket, options);
    } finally {
      // An aborted waiter hands over only once its predecessor is done, keeping the order.
      void previous.then(release);
    }
  }

  /** Number of (app, command) buckets created so far. */
  get size(): number {
    return this.lanes.size;
  }

  private laneFor(key: RateLimitKey, ratePerSecond: number, burstSeconds: number): Lane {
    const id = `${key.sdkAppId}\u0000${key.command}`;
    const existing = this.lanes.get(id);
    if (existing && existing.bucket.ratePerSecond <= ratePerSecond) return existing;
    const burst = Math.max(1, Math.floor(ratePerSecond * burstSeconds));
    const lane: Lane = {
      // A lower rate replaces the bucket without refilling it: tokens already spent stay spent.
      bucket: new TokenBucket({ ratePerSecond, burst, initialTokens: existing?.bucket.available(), nowMs: this.nowMs }),
      tail: existing?.tail ?? Promise.resolve(),
    };
    this.lanes.set(id, lane);
    return lane;
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
