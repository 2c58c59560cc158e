/**
 * "Maximum call frequency: 200 times/second" per command per app (1047/60757), with an injected clock:
 * time only moves when the test moves it.
 */
import { afterEach, describe, expect, it } from "vitest";
import { expectFailure, OTHER_APP_ID, startHarness, type Harness } from "./support";

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
