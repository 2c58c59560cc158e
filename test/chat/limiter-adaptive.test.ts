import { describe, expect, it } from "vitest";
import { AdaptiveRate, CUBIC } from "../../provider/chat/adaptive-rate";
import { RateLimiterRegistry, TokenBucket } from "../../provider/chat/limiter";
import { fakeTime } from "./support";

/** A clock the test moves by hand. */
function manualClock(startMs = 0): { nowMs: () => number; advance: (ms: number) => void } {
  let now = startMs;
  return { nowMs: () => now, advance: (ms) => (now += ms) };
}

/** Sends at `perSecond` for `ms` of clock time (evenly spaced), so the measured send rate settles at it. */
function sendSteadily(rate: AdaptiveRate, clock: ReturnType<typeof manualClock>, perSecond: number, ms: number): void {
  const gapMs = 1000 / perSecond;
  for (let elapsed = 0; elapsed < ms; elapsed += gapMs) {
    rate.recordSend();
    clock.advance(gapMs);
  }
}

describe("AdaptiveRate (CUBIC)", () => {
  it("stays at the ceiling until the first throttle, however many successes", () => {
    const clock = manualClock();
    const rate = new AdaptiveRate({ ceilingPerSecond: 200, nowMs: clock.nowMs });
    sendSteadily(rate, clock, 200, 2_000);
    for (let index = 0; index < 100; index += 1) rate.recordSuccess();
    expect(rate.ratePerSecond).toBe(200);
    expect(rate.adapting).toBe(false);
  });

  it("measures the send rate in 0.5 s buckets, smoothed 0.8 new + 0.2 old", () => {
    const clock = manualClock();
    const rate = new AdaptiveRate({ ceilingPerSecond: 200, nowMs: clock.nowMs });
    sendSteadily(rate, clock, 100, 500);
    rate.recordSend(); // opens the second bucket: the first (50 sends in 0.5 s) is measured
    expect(rate.measuredSendRate).toBeCloseTo(100, 6);
    clock.advance(500 - 1);
    for (let index = 0; index < 9; index += 1) rate.recordSend(); // 10 sends in the second bucket
    clock.advance(1);
    rate.recordSend();
    expect(rate.measuredSendRate).toBeCloseTo(0.8 * 20 + 0.2 * 100, 6);
  });

  it("cuts to β × the rate in use on a throttle: the measured rate when lower than the allowed one", () => {
    const clock = manualClock();
    const rate = new AdaptiveRate({ ceilingPerSecond: 200, nowMs: clock.nowMs });
    sendSteadily(rate, clock, 100, 2_000);
    rate.recordSend();
    expect(rate.recordThrottle(clock.nowMs())).toBe(true);
    expect(rate.ratePerSecond).toBeCloseTo(100 * CUBIC.beta, 6);
    expect(rate.adapting).toBe(true);
  });

  it("cuts from the ceiling when no send rate has been measured yet (not from 0 to the floor)", () => {
    const clock = manualClock();
    const rate = new AdaptiveRate({ ceilingPerSecond: 200, nowMs: clock.nowMs });
    rate.recordSend();
    rate.recordThrottle(clock.nowMs());
    expect(rate.ratePerSecond).toBeCloseTo(140, 6);
  });

  it("cuts once per window: throttles of requests sent before the last cut are ignored", () => {
    const clock = manualClock(10_000);
    const rate = new AdaptiveRate({ ceilingPerSecond: 200, nowMs: clock.nowMs });
    const sentBeforeCut = clock.nowMs();
    clock.advance(20);
    expect(rate.recordThrottle(sentBeforeCut)).toBe(true);
    clock.advance(CUBIC.minCutIntervalMs);
    for (let index = 0; index < 63; index += 1) expect(rate.recordThrottle(sentBeforeCut)).toBe(false);
    expect(rate.ratePerSecond).toBeCloseTo(140, 6);
    const sentAfterCut = clock.nowMs();
    clock.advance(20);
    expect(rate.recordThrottle(sentAfterCut)).toBe(true);
    expect(rate.ratePerSecond).toBeCloseTo(98, 6);
  });

  it("cuts at most once per 0.5 s, even for requests sent after the last cut", () => {
    const clock = manualClock(10_000);
    const rate = new AdaptiveRate({ ceilingPerSecond: 200, nowMs: clock.nowMs });
    expect(rate.recordThrottle(clock.nowMs())).toBe(true);
    clock.advance(CUBIC.minCutIntervalMs - 1);
    expect(rate.recordThrottle(clock.nowMs())).toBe(false);
    expect(rate.ratePerSecond).toBeCloseTo(140, 6);
    clock.advance(1);
    expect(rate.recordThrottle(clock.nowMs())).toBe(true);
    expect(rate.ratePerSecond).toBeCloseTo(98, 6);
  });

  it("cuts again at once when most answers since the last cut were throttles (at least 4)", () => {
    const clock = manualClock(10_000);
    const rate = new AdaptiveRate({ ceilingPerSecond: 200, nowMs: clock.nowMs });
    expect(rate.recordThrottle(clock.nowMs())).toBe(true); // 140
    clock.advance(20);
    const sent = clock.nowMs();
    clock.advance(20);
    rate.recordSuccess(sent);
    for (let index = 0; index < 3; index += 1) expect(rate.recordThrottle(sent)).toBe(false); // 3 of 4: not yet evidence
    const before = rate.ratePerSecond;
    expect(rate.recordThrottle(sent)).toBe(true); // 4 throttled against 1 accepted, 40 ms after the cut
    expect(rate.ratePerSecond).toBeCloseTo(before * CUBIC.beta, 6);
  });

  it("does not cut sooner when most answers since the last cut were accepted", () => {
    const clock = manualClock(10_000);
    const rate = new AdaptiveRate({ ceilingPerSecond: 200, nowMs: clock.nowMs });
    rate.recordThrottle(clock.nowMs());
    clock.advance(20);
    const sent = clock.nowMs();
    clock.advance(20);
    for (let index = 0; index < 10; index += 1) rate.recordSuccess(sent);
    for (let index = 0; index < 6; index += 1) expect(rate.recordThrottle(sent)).toBe(false);
    expect(rate.ratePerSecond).toBeGreaterThanOrEqual(140 - 1e-6);
  });

  it("aims lower after a cut below its last peak (fast convergence): back at (1 + β)/2 of the rate in use", () => {
    const clock = manualClock(0);
    const rate = new AdaptiveRate({ ceilingPerSecond: 200, nowMs: clock.nowMs });
    rate.recordThrottle(clock.nowMs()); // peak 200 → 140
    clock.advance(CUBIC.minCutIntervalMs);
    rate.recordThrottle(clock.nowMs()); // 140 < 200: peak becomes 140 × 0.85 = 119, rate 98
    expect(rate.ratePerSecond).toBeCloseTo(98, 6);
    const k = Math.cbrt((119 - 98) / CUBIC.scale);
    rate.recordSuccess();
    expect(rate.ratePerSecond).toBeCloseTo(98, 6); // the climb starts where the cut left the rate
    clock.advance((k / 2) * 1000);
    rate.recordSuccess();
    // Half-way the curve is C·(K/2)³ = (119 − 98)/8 short of the lowered peak (above the linear climb there).
    expect(rate.ratePerSecond).toBeCloseTo(119 - (119 - 98) / 8, 6);
  });

  it("climbs at least linearly after a cut: a caller cut low passes the flat top of its small cubic", () => {
    const clock = manualClock();
    const rate = new AdaptiveRate({ ceilingPerSecond: 200, nowMs: clock.nowMs });
    sendSteadily(rate, clock, 20, 2_000);
    rate.recordSend();
    rate.recordThrottle(clock.nowMs()); // W_max 20 → 14
    const start = clock.nowMs();
    const k = Math.cbrt((20 - 14) / CUBIC.scale); // ≈ 1.44 s: the cubic alone would sit at 20 here
    sendSteadily(rate, clock, 20, k * 1000);
    clock.advance(start + k * 1000 - clock.nowMs());
    rate.recordSuccess();
    expect(rate.ratePerSecond).toBeCloseTo(14 + CUBIC.additiveClimbPerSecond * k, 6);
    expect(rate.ratePerSecond).toBeGreaterThan(20 + 1);
  });

  it("evens out two callers cut at the same moments: the one cut low gains on the one cut high", () => {
    const clock = manualClock();
    const callers = [20, 100].map((perSecond) => {
      const rate = new AdaptiveRate({ ceilingPerSecond: 200, nowMs: clock.nowMs });
      sendSteadily(rate, clock, perSecond, 1_000);
      rate.recordThrottle(clock.nowMs());
      return { rate, owed: 0 };
    });
    const stepMs = 10;
    // Both are throttled together every 1.5 s (one overload of the shared app answers both), and send
    // as fast as their rate allows in between.
    for (let cycle = 0; cycle < 12; cycle += 1) {
      for (let elapsed = 0; elapsed < 1_500; elapsed += stepMs) {
        clock.advance(stepMs);
        for (const caller of callers) {
          caller.owed += (caller.rate.ratePerSecond * stepMs) / 1000;
          for (; caller.owed >= 1; caller.owed -= 1) {
            caller.rate.recordSend();
            caller.rate.recordSuccess(clock.nowMs());
          }
        }
      }
      for (const caller of callers) caller.rate.recordThrottle(clock.nowMs());
    }
    const [low, high] = callers.map((caller) => caller.rate.ratePerSecond) as [number, number];
    expect(high / low).toBeLessThan(1.5);
  });

  it("climbs back along C·(t − K)³ + W_max, K = ∛(W_max·(1 − β)/C): back at W_max after K seconds", () => {
    const clock = manualClock();
    const rate = new AdaptiveRate({ ceilingPerSecond: 200, nowMs: clock.nowMs });
    rate.recordThrottle(clock.nowMs()); // W_max = 200 (the ceiling, nothing measured)
    const k = Math.cbrt((200 * (1 - CUBIC.beta)) / CUBIC.scale);
    const at = (seconds: number): number => {
      clock.advance(seconds * 1000 - (clock.nowMs() - 0));
      rate.recordSuccess();
      return rate.ratePerSecond;
    };
    expect(at(0)).toBeCloseTo(140, 6);
    // Half-way the curve has made up 7/8 of the cut: 200 − C·(K/2)³ = 200 − C·K³/8 = 200 − 60/8.
    expect(at(k / 2)).toBeCloseTo(192.5, 6);
    expect(at(k)).toBeCloseTo(200, 6);
    // Past K the curve would go above W_max; the ceiling holds it.
    expect(at(k + 3)).toBe(200);
  });

  it("never climbs above twice the measured send rate (a quiet client does not earn a burst)", () => {
    const clock = manualClock();
    const rate = new AdaptiveRate({ ceilingPerSecond: 200, nowMs: clock.nowMs });
    sendSteadily(rate, clock, 100, 1_000);
    rate.recordSend();
    rate.recordThrottle(clock.nowMs()); // 70/s
    sendSteadily(rate, clock, 10, 3_000); // demand falls to 10/s
    rate.recordSend();
    clock.advance(30_000);
    rate.recordSuccess();
    expect(rate.measuredSendRate).toBeLessThan(15);
    expect(rate.ratePerSecond).toBeCloseTo(2 * (rate.measuredSendRate as number), 6);
  });

  it("never goes below 0.5 calls/s, however many throttles", () => {
    const clock = manualClock();
    const rate = new AdaptiveRate({ ceilingPerSecond: 200, nowMs: clock.nowMs });
    for (let index = 0; index < 100; index += 1) {
      clock.advance(CUBIC.minCutIntervalMs);
      rate.recordThrottle(clock.nowMs());
    }
    expect(rate.ratePerSecond).toBe(CUBIC.minRatePerSecond);
  });

  it("keeps a lowered ceiling; a higher one asked later is ignored", () => {
    const clock = manualClock();
    const rate = new AdaptiveRate({ ceilingPerSecond: 200, nowMs: clock.nowMs });
    rate.lowerCeiling(50);
    rate.lowerCeiling(300);
    expect(rate.ceilingPerSecond).toBe(50);
    expect(rate.ratePerSecond).toBe(50);
  });
});

describe("TokenBucket.retune", () => {
  it("credits elapsed time at the old rate, drops tokens above the new burst and never goes negative", () => {
    const clock = manualClock();
    const bucket = new TokenBucket({ ratePerSecond: 200, burst: 20, nowMs: clock.nowMs });
    while (bucket.tryTake()) {
      // spend the burst
    }
    clock.advance(10); // 2 tokens at 200/s
    bucket.retune(10, 1);
    expect(bucket.available()).toBe(1);
    expect(bucket.tryTake()).toBe(true);
    bucket.retune(0.5, 1);
    expect(bucket.available()).toBeGreaterThanOrEqual(0);
    // The next token is at most one token's time away at the new rate, never a debt to pay off first.
    expect(bucket.msUntilAvailable()).toBeLessThanOrEqual(2_000);
  });
});

describe("adaptive rate in the registry", () => {
  const key = { sdkAppId: 1400000000, command: "modify_official_account_base_info" };

  it("a throttle slows every waiter queued behind it, in arrival order, and the state outlives the operation", async () => {
    const time = fakeTime(0);
    const limiter = new RateLimiterRegistry(time);
    const grantedAt: number[] = [];
    const order: number[] = [];
    // 20 tokens of burst at 200/s (0.1 s), then 100 waiters.
    const sentAt = await Promise.all(
      Array.from({ length: 20 }, () => limiter.acquire(key, { ratePerSecond: 200, burstSeconds: 0.1 })),
    );
    limiter.recordOutcome(key, "throttled", sentAt[0] as number);
    expect(limiter.currentRate(key)).toBeCloseTo(140, 6);
    await Promise.all(
      Array.from({ length: 100 }, (_, index) =>
        limiter.acquire(key, { ratePerSecond: 200, burstSeconds: 0.1 }).then(() => {
          order.push(index);
          grantedAt.push(time.nowMs());
        }),
      ),
    );
    expect(order).toEqual(Array.from({ length: 100 }, (_, index) => index));
    // At 140/s, 100 tokens take at least 99 gaps of 1/140 s after the first.
    expect((grantedAt[99] as number) - (grantedAt[0] as number)).toBeGreaterThanOrEqual(Math.floor((99 * 1000) / 140));
    // A later call (another operation, another client on the same registry) still sees the cut rate.
    await limiter.acquire(key, { ratePerSecond: 200, burstSeconds: 0.1 });
    expect(limiter.currentRate(key)).toBeCloseTo(140, 6);
  });

  it("recovers to the ceiling with accepted answers while demand lasts, and never past it", async () => {
    const time = fakeTime(0);
    const limiter = new RateLimiterRegistry(time);
    const first = await limiter.acquire(key, { ratePerSecond: 200 });
    limiter.recordOutcome(key, "throttled", first);
    expect(limiter.currentRate(key)).toBeCloseTo(140, 6);
    let highest = 0;
    // A caller with calls always waiting: each is sent as soon as the bucket allows and accepted.
    while (time.nowMs() < 8_000) {
      const sent = await limiter.acquire(key, { ratePerSecond: 200 });
      limiter.recordOutcome(key, "accepted", sent);
      highest = Math.max(highest, limiter.currentRate(key) as number);
    }
    expect(highest).toBe(200);
    expect(limiter.currentRate(key)).toBe(200);
  });

  it("climbs no further than twice the measured send rate when the caller barely sends", async () => {
    const time = fakeTime(0);
    const limiter = new RateLimiterRegistry(time);
    const first = await limiter.acquire(key, { ratePerSecond: 200 });
    limiter.recordOutcome(key, "throttled", first);
    for (let second = 0; second < 20; second += 1) {
      time.advance(1_000);
      const sent = await limiter.acquire(key, { ratePerSecond: 200 });
      limiter.recordOutcome(key, "accepted", sent);
    }
    expect(limiter.currentRate(key)).toBeLessThanOrEqual(2);
  });

  it("keeps (app, command) pairs apart: a throttle on modify leaves get-info alone", async () => {
    const time = fakeTime(0);
    const limiter = new RateLimiterRegistry(time);
    const getInfo = { ...key, command: "get_official_account_info" };
    const sent = await limiter.acquire(key, { ratePerSecond: 200 });
    await limiter.acquire(getInfo, { ratePerSecond: 200 });
    limiter.recordOutcome(key, "throttled", sent);
    expect(limiter.currentRate(key)).toBeCloseTo(140, 6);
    expect(limiter.currentRate(getInfo)).toBe(200);
  });

  it("with adaptive: false keeps the fixed bucket of 0.1.0", async () => {
    const time = fakeTime(0);
    const limiter = new RateLimiterRegistry({ ...time, adaptive: false });
    const sent = await limiter.acquire(key, { ratePerSecond: 200 });
    limiter.recordOutcome(key, "throttled", sent);
    expect(limiter.currentRate(key)).toBe(200);
  });
});
