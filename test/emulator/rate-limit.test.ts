/**
 * "Maximum call frequency: 200 times/second" per command per app (1047/60757), with an injected clock:
 * time only moves when the test moves it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { RateLimiter, ServerBucket } from "../../emulator/rate-limit";
import { expectFailure, manualClock, OTHER_APP_ID, startHarness, type Harness } from "./support";

const GET_ONE = { OfficialAccountIdList: [{ Official_Account: "@TOA#_x" }] };
const harnesses: Harness[] = [];
async function harness(options: Parameters<typeof startHarness>[0] = {}): Promise<Harness> {
  const h = await startHarness(options);
  harnesses.push(h);
  return h;
}
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.emulator.close()));
});

async function codes(h: Harness, n: number, command = "get_official_account_info", options = {}): Promise<number[]> {
  const body = command === "get_official_account_info" ? GET_ONE : { Official_Account: "@TOA#_x" };
  const replies = await Promise.all(Array.from({ length: n }, () => h.call(command, body, options)));
  return replies.map((r) => r.json["ErrorCode"] as number);
}

function count(list: number[], code: number): number {
  return list.filter((c) => c === code).length;
}

describe("rate limit", () => {
  it("200 requests in the same instant pass, the 201st answers 60007 over HTTP 200", async () => {
    const h = await harness();
    const first = await codes(h, 200);
    expect(count(first, 0)).toBe(200);
    expectFailure(await h.call("get_official_account_info", GET_ONE), 60007);
  });

  it("tokens come back with the clock: one per 5 ms at 200/s, a full second's worth after a second", async () => {
    const h = await harness();
    await codes(h, 200);
    h.clock.advance(5);
    expect(await codes(h, 2)).toEqual(expect.arrayContaining([0, 60007]));
    h.clock.advance(1000);
    const refilled = await codes(h, 201);
    expect(count(refilled, 0)).toBe(200);
    expect(count(refilled, 60007)).toBe(1);
  });

  it("is counted per command and per app", async () => {
    const h = await harness({ maxRequestsPerSecond: 3 });
    expect(await codes(h, 4)).toEqual(expect.arrayContaining([0, 0, 0, 60007]));
    expect(count(await codes(h, 3, "modify_official_account_base_info"), 60007)).toBe(0);
    expect(count(await codes(h, 3, "get_official_account_info", { sdkAppId: OTHER_APP_ID }), 60007)).toBe(0);
  });

  it("is configurable (maxRequestsPerSecond)", async () => {
    const h = await harness({ maxRequestsPerSecond: 5 });
    const list = await codes(h, 8);
    expect(count(list, 0)).toBe(5);
    expect(count(list, 60007)).toBe(3);
  });

  it("requests refused before authentication do not use the app's budget (A-RATE-SCOPE)", async () => {
    const h = await harness({ maxRequestsPerSecond: 2 });
    const refused = await codes(h, 5, "get_official_account_info", { sig: { secretKey: "wrong" } });
    expect(refused).toEqual([70009, 70009, 70009, 70009, 70009]);
    expect(await codes(h, 2)).toEqual([0, 0]);
  });

  it("reset() refills every bucket", async () => {
    const h = await harness({ maxRequestsPerSecond: 1 });
    await codes(h, 1);
    expectFailure(await h.call("get_official_account_info", GET_ONE), 60007);
    h.emulator.reset();
    expect(await codes(h, 1)).toEqual([0]);
  });
});

/** How many of `n` takes in the same instant succeed. */
function takes(take: () => boolean, n: number): number {
  return Array.from({ length: n }, take).filter(Boolean).length;
}

describe("the emulator's own token bucket (no client code)", () => {
  it("does not reuse the client's limiter: the emulator must catch a client's mistakes, not share them", () => {
    const source = readFileSync(join(__dirname, "../../emulator/rate-limit.ts"), "utf8");
    expect(source).not.toMatch(/from\s+["'][^"']*provider\//);
  });

  it("starts full with one second's worth: 200 at 200/s, then refuses", () => {
    const clock = manualClock();
    const bucket = new ServerBucket(200, clock.nowMs);
    expect(takes(() => bucket.tryTake(), 200)).toBe(200);
    expect(bucket.tryTake()).toBe(false);
  });

  it("refills continuously at the rate: nothing after 4 ms, one token after 5 ms at 200/s", () => {
    const clock = manualClock();
    const bucket = new ServerBucket(200, clock.nowMs);
    takes(() => bucket.tryTake(), 200);
    clock.advance(4);
    expect(bucket.tryTake()).toBe(false);
    clock.advance(1);
    expect(bucket.tryTake()).toBe(true);
    expect(bucket.tryTake()).toBe(false);
    clock.advance(50);
    expect(takes(() => bucket.tryTake(), 20)).toBe(10);
  });

  it("never holds more than one second's worth, however long it sat idle", () => {
    const clock = manualClock();
    const bucket = new ServerBucket(3, clock.nowMs);
    clock.advance(60_000);
    expect(takes(() => bucket.tryTake(), 10)).toBe(3);
  });

  it("refills exactly at a rate that does not divide a second: 3/s gives one token per 333⅓ ms", () => {
    const clock = manualClock();
    const bucket = new ServerBucket(3, clock.nowMs);
    takes(() => bucket.tryTake(), 3);
    clock.advance(333);
    expect(bucket.tryTake()).toBe(false);
    clock.advance(1);
    expect(bucket.tryTake()).toBe(true);
    clock.advance(666);
    expect(takes(() => bucket.tryTake(), 3)).toBe(2);
  });

  it("a clock that goes backwards adds nothing and takes nothing back", () => {
    const clock = manualClock();
    const bucket = new ServerBucket(2, clock.nowMs);
    expect(takes(() => bucket.tryTake(), 1)).toBe(1);
    clock.advance(-10_000);
    expect(takes(() => bucket.tryTake(), 3)).toBe(1);
  });

  it("a rate below one per second still lets one request through, then one per 1/rate seconds", () => {
    const clock = manualClock();
    const bucket = new ServerBucket(0.5, clock.nowMs);
    expect(takes(() => bucket.tryTake(), 3)).toBe(1);
    clock.advance(1_999);
    expect(bucket.tryTake()).toBe(false);
    clock.advance(1);
    expect(bucket.tryTake()).toBe(true);
  });

  it("RateLimiter: one bucket per (app, command), refusing above the rate; reset() refills", () => {
    const clock = manualClock();
    const limiter = new RateLimiter(2, clock.nowMs);
    expect(takes(() => limiter.tryTake(1, "a"), 3)).toBe(2);
    expect(takes(() => limiter.tryTake(1, "b"), 3)).toBe(2);
    expect(takes(() => limiter.tryTake(2, "a"), 3)).toBe(2);
    limiter.reset();
    expect(takes(() => limiter.tryTake(1, "a"), 3)).toBe(2);
  });

  it("RateLimiter refuses a rate that is not a positive finite number", () => {
    for (const rate of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => new RateLimiter(rate, () => 0), String(rate)).toThrow(RangeError);
    }
  });
});
