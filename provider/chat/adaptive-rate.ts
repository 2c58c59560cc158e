import type { NowMs } from "./timing";

/**
 * The rate one (app, command) may use now, adapted to throttling: the configured rate is the ceiling; a
 * throttle answer (60007 and the other codes classify.ts calls throttled) cuts the rate multiplicatively,
 * and successes probe back up along a CUBIC curve. Several processes driving one app share its quota only
 * through being throttled, and this is how each of them finds its share (docs/client.md, "Sharing one app's
 * quota").
 *
 * The maths is the AWS SDKs' adaptive retry mode (botocore retries/throttling.py and adaptive.py,
 * smithy-typescript DefaultRateLimiter): β = 0.7, a measured send rate in 0.5 s buckets smoothed
 * 0.8·new + 0.2·old, a floor of 0.5 calls/s, and on success a rate of at most twice the measured one.
 * Departures, measured with bench/shared-quota.ts (docs/benchmarks.md) or for a bug users reported:
 * - C = 2 instead of 0.4. C is in absolute calls/s per s³, and 200/s is a high rate for it: with 0.4, a
 *   process left alone when its peers finish needs about 8 s to climb from its share back to 200/s, and that
 *   tail cost 10 % of the shared goodput. 2 climbs the same way, ∛5 ≈ 1.7 times sooner.
 * - Fast convergence (RFC 8312 §4.6): a caller cut below its last peak aims its climb lower, leaving room to
 *   the others, so the callers of one app even out sooner.
 * - A linear floor under the climb (RFC 8312 §4.2, CUBIC's TCP-friendly region): after a cut the rate grows
 *   at least 10 calls/s per s. One overload of the shared app answers 60007 to most of its callers at once,
 *   so a caller cut low is cut about as often as one cut high; along the cubic alone each then climbs back to
 *   its own last peak and the ratio between them stays (8 processes: one kept a third of its fair share for
 *   a whole run). The linear climb gains the same calls/s for both, and the cut takes more from the higher
 *   one, so they even out as under AIMD.
 * - Cuts are at least 0.5 s apart (one measuring bucket): every caller of the app is throttled at about the
 *   same moment, and cutting again before the first cut shows halves the total rate for one overload. Unless
 *   the first cut was plainly not enough: when most answers to requests sent since the last cut (and at least
 *   4) were throttles, the next one cuts at once. Eight processes starting at 200/s each on one app need five
 *   cuts; half a second apart, some calls met 60007 five times in a row.
 * - The first cut starts from the rate in use (the configured ceiling) when no send rate has been measured
 *   yet, not from a measured 0: botocore's cut to the 0.5/s floor on an early throttle is the "first requests
 *   are delayed" caveat of its docs.
 * - One cut per window: a throttle answer to a request sent before the last cut is ignored (the cut already
 *   accounts for it), as TCP cuts once per window. With 64 calls in flight, one overload otherwise answers
 *   dozens of them 60007 and each would cut again, down to the floor.
 * - State is kept by the caller for the life of the process (limiter.ts keeps one per (app, command) in the
 *   registry shared by every client), never per request or per operation (aws-sdk-java-v2 #5123).
 * The limiter that applies the rate never lets its bucket go negative and is taken before the request is
 * sent (smithy-rs #4632, smithy-typescript #1973 and #2061): see limiter.ts.
 *
 * Pure: time comes from the injected clock.
 */
export const CUBIC = {
  /** C: how fast the rate climbs back, in calls/s per s³ (AWS: 0.4; see above). */
  scale: 2,
  /** β: the share of the rate kept on a throttle. */
  beta: 0.7,
  /** The rate never falls below this, in calls/s. */
  minRatePerSecond: 0.5,
  /** Sends are counted in buckets of this length to measure the send rate. */
  measureBucketMs: 500,
  /** Weight of the newest bucket in the smoothed send rate. */
  measureSmoothing: 0.8,
  /**
   * Cuts are at least this far apart: the measured rate needs a bucket to show the last cut, and the other
   * callers of the app cut at about the same time, so a second cut sooner would cut twice for one overload.
   */
  minCutIntervalMs: 500,
  /** Throttle answers since the last cut, outnumbering the accepted ones, that allow a cut sooner. */
  overloadEvidence: 4,
  /**
   * The rate climbs at least this fast after a cut, in calls/s per s (RFC 8312 §4.2, the TCP-friendly region):
   * a caller cut low climbs linearly, not along the flat top of a small cubic, so callers cut at the same
   * moments even out as under AIMD instead of keeping their ratio.
   */
  additiveClimbPerSecond: 10,
  /** On success the rate is at most this many times the measured send rate. */
  measuredRateHeadroom: 2,
} as const;

export interface AdaptiveRateOptions {
  /** The configured rate: the rate never goes above it. */
  ceilingPerSecond: number;
  nowMs: NowMs;
}

export class AdaptiveRate {
  private readonly nowMs: NowMs;
  private ceiling: number;
  /** The rate allowed now (the ceiling until the first throttle). */
  private rate: number;
  private throttled = false;
  /** W_max: the rate in use at the last cut. */
  private rateAtLastCut = 0;
  /** When the last cut happened; requests sent before it do not cut again. */
  private lastCutAtMs = Number.NEGATIVE_INFINITY;
  /** K: seconds after a cut until the curve is back at W_max (∛(W_max·(1 − β)/C) without fast convergence). */
  private secondsToRecover = 0;
  /** The rate the last cut left: the start of the linear climb. */
  private rateAfterCut = 0;
  /** Answers to requests sent since the last cut. */
  private throttledSinceCut = 0;
  private acceptedSinceCut = 0;
  private measured: number | undefined;
  private bucketStartMs: number | undefined;
  private sentInBucket = 0;

  constructor(options: AdaptiveRateOptions) {
    assertRate(options.ceilingPerSecond, "ceilingPerSecond");
    this.nowMs = options.nowMs;
    this.ceiling = options.ceilingPerSecond;
    this.rate = options.ceilingPerSecond;
  }

  /** Calls per second allowed now. */
  get ratePerSecond(): number {
    return this.rate;
  }

  get ceilingPerSecond(): number {
    return this.ceiling;
  }

  /** The smoothed send rate in calls/s, undefined until a whole measuring bucket has passed. */
  get measuredSendRate(): number | undefined {
    return this.measured;
  }

  /** Whether a throttle has been seen (before it, the rate is simply the ceiling). */
  get adapting(): boolean {
    return this.throttled;
  }

  /** A lower configured rate: the ceiling (and the rate, if above it) come down. A higher one is ignored. */
  lowerCeiling(ceilingPerSecond: number): void {
    assertRate(ceilingPerSecond, "ceilingPerSecond");
    if (ceilingPerSecond >= this.ceiling) return;
    this.ceiling = ceilingPerSecond;
    this.rate = Math.min(this.rate, ceilingPerSecond);
  }

  /** A request is about to be sent (after the limiter let it through). */
  recordSend(): void {
    const now = this.nowMs();
    const bucket = Math.floor(now / CUBIC.measureBucketMs) * CUBIC.measureBucketMs;
    if (this.bucketStartMs === undefined) {
      this.bucketStartMs = bucket;
    } else if (bucket > this.bucketStartMs) {
      const latest = (this.sentInBucket * 1000) / (bucket - this.bucketStartMs);
      this.measured = this.measured === undefined ? latest : CUBIC.measureSmoothing * latest + (1 - CUBIC.measureSmoothing) * this.measured;
      this.bucketStartMs = bucket;
      this.sentInBucket = 0;
    }
    this.sentInBucket += 1;
  }

  /**
   * The server accepted a request (whatever its answer, it was not throttled): probe back up. `sentAtMs`, when
   * given, counts the answer as evidence about the last cut.
   */
  recordSuccess(sentAtMs?: number): void {
    if (!this.throttled) return;
    if (sentAtMs !== undefined && sentAtMs >= this.lastCutAtMs) this.acceptedSinceCut += 1;
    const sinceCutSeconds = (this.nowMs() - this.lastCutAtMs) / 1000;
    const cubic = CUBIC.scale * (sinceCutSeconds - this.secondsToRecover) ** 3 + this.rateAtLastCut;
    const curve = Math.max(cubic, this.rateAfterCut + CUBIC.additiveClimbPerSecond * sinceCutSeconds);
    const cap = this.measured === undefined ? curve : CUBIC.measuredRateHeadroom * this.measured;
    this.rate = clampRate(Math.min(curve, cap), this.ceiling);
  }

  /**
   * The server throttled a request sent at `sentAtMs`. Cuts the rate (and returns true) unless a cut already
   * happened after that request was sent, or the last cut is recent and has not plainly failed (see above).
   */
  recordThrottle(sentAtMs: number): boolean {
    if (sentAtMs < this.lastCutAtMs) return false;
    this.throttledSinceCut += 1;
    const overwhelmed = this.throttledSinceCut >= CUBIC.overloadEvidence && this.throttledSinceCut > this.acceptedSinceCut;
    if (this.nowMs() - this.lastCutAtMs < CUBIC.minCutIntervalMs && !overwhelmed) return false;
    this.throttledSinceCut = 0;
    this.acceptedSinceCut = 0;
    const inUse = Math.max(this.measured === undefined ? this.rate : Math.min(this.measured, this.rate), CUBIC.minRatePerSecond);
    // Fast convergence: cut again below the last peak, this caller is losing share to others.
    this.rateAtLastCut = this.throttled && inUse < this.rateAtLastCut ? (inUse * (1 + CUBIC.beta)) / 2 : inUse;
    this.lastCutAtMs = this.nowMs();
    this.throttled = true;
    this.rate = clampRate(inUse * CUBIC.beta, this.ceiling);
    this.rateAfterCut = this.rate;
    // K from the rate the climb starts at (RFC 9438 §4.2), so the curve starts where the cut left the rate.
    this.secondsToRecover = Math.cbrt(Math.max(0, this.rateAtLastCut - this.rate) / CUBIC.scale);
    return true;
  }
}

function clampRate(rate: number, ceiling: number): number {
  return Math.min(ceiling, Math.max(CUBIC.minRatePerSecond, rate));
}

function assertRate(value: number, name: string): void {
  if (!(value > 0) || !Number.isFinite(value)) throw new RangeError(`${name} must be a positive number, got ${String(value)}`);
}
