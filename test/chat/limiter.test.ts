import { describe, expect, it } from "vitest";
import { ChatAbortedError, ChatDeadlineError } from "../../provider/chat/errors";
import { RateLimiterRegistry, TokenBucket, resetSharedRateLimiter, sharedRateLimiter } from "../../provider/chat/limiter";
import { fakeTime } from "./support";

describe("TokenBucket", () => {
  it("allows a burst, then refills at the rate", () => {
    let now = 0;
    const bucket = new TokenBucket({ ratePerSecond: 10, burst: 3, nowMs: () => now });
    expect([bucket.tryTake(), bucket.tryTake(), bucket.tryTake(), bucket.tryTake()]).toEqual([true, true, true, false]);
    expect(bucket.msUntilAvailable()).toBe(100);
    now += 60;
    expect(bucket.tryTake()).toBe(false);
    expect(bucket.msUntilAvailable()).toBe(40);
    now += 40;
    expect(bucket.tryTake()).toBe(true);
    now += 10_000;
    expect([bucket.tryTake(), bucket.tryTake(), bucket.tryTake(), bucket.tryTake()]).toEqual([true, true, true, false]);
  });

  it("defaults the burst to one second's worth", () => {
    const bucket = new TokenBucket({ ratePerSecond: 200, nowMs: () => 0 });
    let taken = 0;
    while (bucket.tryTake()) taken += 1;
    expect(taken).toBe(200);
    expect(bucket.msUntilAvailable()).toBe(5);
  });

  it("rejects nonsense rates", () => {
    expect(() => new TokenBucket({ ratePerSecond: 0, nowMs: () => 0 })).toThrow(RangeError);
    expect(() => new TokenBucket({ ratePerSecond: 5, burst: 0.5, nowMs: () => 0 })).toThrow(RangeError);
  });
});

describe("rate-limiter registry", () => {
  const key = { sdkAppId: 1400000000, command: "modify_official_account_base_info" };

  it("lets 1,000 sequential acquisitions at 200/s through in 4 s of fake time (200 burst + 800 at 200/s)", async () => {
    const time = fakeTime();
    const limiter = new RateLimiterRegistry(time);
    const start = time.nowMs();
    for (let index = 0; index < 1000; index += 1) await limiter.acquire(key, { ratePerSecond: 200 });
    expect(time.nowMs() - start).toBe(4_000);
  });

  it("serves 1,000 concurrent callers in arrival order at the same rate", async () => {
    const time = fakeTime();
    const limiter = new RateLimiterRegistry(time);
    const start = time.nowMs();
    const order: number[] = [];
    const grantedAt: number[] = [];
    await Promise.all(
      Array.from({ length: 1000 }, (_, index) =>
        limiter.acquire(key, { ratePerSecond: 200 }).then(() => {
          order.push(index);
          grantedAt.push(time.nowMs() - start);
        }),
      ),
    );
    expect(order).toEqual(Array.from({ length: 1000 }, (_, index) => index));
    expect(grantedAt[199]).toBe(0);
    expect(grantedAt[200]).toBe(5);
    expect(grantedAt[999]).toBe(4_000);
    // No second-long window holds more than burst + rate grants.
    for (let index = 0; index + 400 < 1000; index += 1) expect(grantedAt[index + 400]! - grantedAt[index]!).toBeGreaterThanOrEqual(1_000);
  });

  it("shares a bucket per (app, command) and keeps other keys apart", async () => {
    const time = fakeTime();
    const limiter = new RateLimiterRegistry(time);
    for (let index = 0; index < 10; index += 1) await limiter.acquire(key, { ratePerSecond: 10 });
    const start = time.nowMs();
    await limiter.acquire({ ...key, command: "get_official_account_info" }, { ratePerSecond: 10 });
    await limiter.acquire({ ...key, sdkAppId: 1400000001 }, { ratePerSecond: 10 });
    expect(time.nowMs()).toBe(start);
    await limiter.acquire(key, { ratePerSecond: 10 });
    expect(time.nowMs() - start).toBe(100);
    expect(limiter.size).toBe(3);
  });

  it("keeps the lowest rate asked for a key", async () => {
    const time = fakeTime();
    const limiter = new RateLimiterRegistry(time);
    await limiter.acquire(key, { ratePerSecond: 200 });
    for (let index = 0; index < 5; index += 1) await limiter.acquire(key, { ratePerSecond: 5 });
    const start = time.nowMs();
    await limiter.acquire(key, { ratePerSecond: 200 });
    expect(time.nowMs() - start).toBe(200);
  });

  it("refuses to wait past the deadline", async () => {
    const time = fakeTime();
    const limiter = new RateLimiterRegistry(time);
    await limiter.acquire(key, { ratePerSecond: 1 });
    const deadlineError = () => new ChatDeadlineError({ deadlineMs: 500 });
    await expect(limiter.acquire(key, { ratePerSecond: 1, deadlineAtMs: time.nowMs() + 500, deadlineError })).rejects.toBeInstanceOf(
      ChatDeadlineError,
    );
    expect(time.sleeps).toEqual([]);
  });

  it("lets a queued waiter abort without blocking the ones behind it", async () => {
    const time = fakeTime();
    const limiter = new RateLimiterRegistry({ nowMs: time.nowMs, sleep: (ms) => new Promise((resolve) => setImmediate(() => time.sleep(ms).then(resolve))) });
    await limiter.acquire(key, { ratePerSecond: 1 });
    const controller = new AbortController();
    const first = limiter.acquire(key, { ratePerSecond: 1 });
    const aborted = limiter.acquire(key, { ratePerSecond: 1, signal: controller.signal });
    const third = limiter.acquire(key, { ratePerSecond: 1 });
    controller.abort(new ChatAbortedError());
    await expect(aborted).rejects.toBeInstanceOf(ChatAbortedError);
    await first;
    await third;
    expect(time.sleeps).toEqual([1000, 1000]);
  });

  it("has one lazily created process-wide registry", () => {
    resetSharedRateLimiter();
    const shared = sharedRateLimiter();
    expect(sharedRateLimiter()).toBe(shared);
    resetSharedRateLimiter();
    expect(sharedRateLimiter()).not.toBe(shared);
  });
});

describe("RateLimiterRegistry burst and rate changes", () => {
  it("keeps the client's burst below the server's: burstSeconds of the rate", async () => {
    const time = fakeTime();
    const registry = new RateLimiterRegistry(time);
    const start = time.nowMs();
    const key = { sdkAppId: 1, command: "modify" };
    for (let call = 0; call < 20; call += 1) await registry.acquire(key, { ratePerSecond: 200, burstSeconds: 0.1 });
    expect(time.nowMs() - start).toBe(0);
    await registry.acquire(key, { ratePerSecond: 200, burstSeconds: 0.1 });
    expect(time.nowMs() - start).toBe(5);
  });

  it("does not refill the bucket when a lower rate replaces it", async () => {
    const time = fakeTime();
    const registry = new RateLimiterRegistry(time);
    const start = time.nowMs();
    const key = { sdkAppId: 1, command: "modify" };
    for (let call = 0; call < 200; call += 1) await registry.acquire(key, { ratePerSecond: 200 });
    expect(time.nowMs() - start).toBe(0);
    await registry.acquire(key, { ratePerSecond: 100 });
    expect(time.nowMs() - start).toBe(10);
  });
});
