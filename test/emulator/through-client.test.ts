/**
 * The emulator through the real client (provider/chat): what a user's CI would do. Clock and sleep are
 * shared fakes, so retries and backoff take no real time.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isChatError, OfficialAccountClient, RateLimiterRegistry, type OfficialAccountClientOptions } from "../../provider/chat";
import { startEmulator, type Emulator, type EmulatorOptions } from "../../emulator";
import { APP_ID, APP_KEY, manualClock } from "./support";

let emulator: Emulator;
let clock: ReturnType<typeof manualClock>;

async function setUp(options: Partial<EmulatorOptions> = {}): Promise<void> {
  clock = manualClock();
  emulator = await startEmulator({ apps: [{ sdkAppId: APP_ID, secretKey: APP_KEY }], nowMs: clock.nowMs, seed: 21, ...options });
}

function client(overrides: { secretKey?: string; options?: OfficialAccountClientOptions } = {}): OfficialAccountClient {
  const sleep = async (ms: number): Promise<void> => clock.advance(ms);
  return new OfficialAccountClient(
    { sdkAppId: APP_ID, secretKey: overrides.secretKey ?? APP_KEY, identifier: "administrator", endpoint: emulator.url },
    { nowMs: clock.nowMs, sleep, random: () => 0.5, rateLimiter: new RateLimiterRegistry({ nowMs: clock.nowMs, sleep }), ...overrides.options },
  );
}

async function errorCodeOf(promise: Promise<unknown>): Promise<number | string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return isChatError(error) ? (error.errorCode ?? error.code) : "not a ChatError";
  }
}

describe("through OfficialAccountClient", () => {
  beforeEach(async () => {
    await setUp();
  });
  afterEach(async () => {
    await emulator.close();
  });

  it("create → read → modify → read → destroy → read", async () => {
    const chat = client();
    const id = await chat.createAccount({ officialAccount: "@TOA#_ci", ownerAccount: "owner_1", name: "CI", introduction: "hello" });
    expect(id).toBe("@TOA#_ci");
    expect(await chat.readProfile(id)).toMatchObject({ officialAccount: id, name: "CI", introduction: "hello", ownerAccount: "owner_1", subscriberNum: 0 });
    await chat.modifyBaseInfo(id, { name: "CI 2", introduction: "" });
    expect(await chat.readProfile(id)).toMatchObject({ name: "CI 2", introduction: "" });
    await chat.destroyAccount(id);
    expect(await chat.readProfile(id)).toBeUndefined();
    expect(emulator.requests().map((e) => [e.command, e.resultCode])).toEqual([
      ["create_official_account", 0],
      ["get_official_account_info", 0],
      ["modify_official_account_base_info", 0],
      ["get_official_account_info", 0],
      ["destroy_official_account", 0],
      ["get_official_account_info", 0],
    ]);
  });

  it("a server-assigned ID comes back from create", async () => {
    expect(await client().createAccount({ ownerAccount: "owner_1", name: "Assigned" })).toMatch(/^@TOA#_@TOA#d[A-Z0-9]{3}$/);
  });

  it("reads of more than 50 IDs are split into calls of at most 50", async () => {
    const ids = Array.from({ length: 60 }, (_, i) => emulator.store.create(APP_ID, { officialAccount: `@TOA#_n${i}`, ownerAccount: "o", name: `N${i}` }));
    const found = await client().getInfo(ids);
    expect([...found.values()].every((lookup) => lookup.found)).toBe(true);
    const sizes = emulator.requests("get_official_account_info").map((e) => (e.body as { OfficialAccountIdList: unknown[] }).OfficialAccountIdList.length);
    expect(sizes.sort((a, b) => a - b)).toEqual([10, 50]);
  });

  it("final errors carry the emulator's codes: wrong key 70009, missing account 130004, service off 131000", async () => {
    expect(await errorCodeOf(client({ secretKey: "wrong-key" }).readProfile("@TOA#_x"))).toBe(70009);
    expect(await errorCodeOf(client().modifyBaseInfo("@TOA#_missing", { name: "x" }))).toBe(130004);
    emulator.setOfficialAccountService(APP_ID, false);
    expect(await errorCodeOf(client().readProfile("@TOA#_x"))).toBe(131000);
  });

  it("transient faults (10004, 20005, 502, throttling) are retried to success", async () => {
    emulator.store.create(APP_ID, { officialAccount: "@TOA#_r", ownerAccount: "o", name: "R" });
    emulator.setFaults({
      rules: [
        { kind: "error10004", count: 1 },
        { kind: "error20005", count: 1 },
        { kind: "http502", count: 1 },
        { kind: "throttle", count: 1 },
      ],
    });
    await client().modifyBaseInfo("@TOA#_r", { name: "Retried" });
    expect(emulator.store.get(APP_ID, "@TOA#_r")?.name).toBe("Retried");
    expect(emulator.requests().map((e) => e.fault ?? e.resultCode)).toEqual(["error10004", "error20005", "http502", "throttle", 0]);
  });

  it("create with a custom ID whose reply is lost after it was applied resolves by reading back, without a second account", async () => {
    emulator.setFaults({ rules: [{ kind: "reset", count: 1, afterApply: true, commands: ["create_official_account"] }] });
    const id = await client().createAccount({ officialAccount: "@TOA#_once", ownerAccount: "owner_1", name: "Once" });
    expect(id).toBe("@TOA#_once");
    expect(emulator.store.list(APP_ID).map((a) => a.officialAccount)).toEqual(["@TOA#_once"]);
    expect(emulator.requests("create_official_account")).toHaveLength(1);
  });

  it("destroy whose reply is lost after it was applied still succeeds (the retry's 130004 means it was done)", async () => {
    emulator.store.create(APP_ID, { officialAccount: "@TOA#_d", ownerAccount: "o", name: "D" });
    emulator.setFaults({ rules: [{ kind: "http502", count: 1, afterApply: true, commands: ["destroy_official_account"] }] });
    await client().destroyAccount("@TOA#_d");
    expect(emulator.store.get(APP_ID, "@TOA#_d")).toBeUndefined();
    expect(emulator.requests("destroy_official_account").map((e) => e.resultCode ?? e.httpStatus)).toEqual([502, 130004]);
  });
});

describe("through OfficialAccountClient, against the switchable response shapes", () => {
  afterEach(async () => {
    await emulator.close();
  });

  it("per-item ResultCode/ResultInfo: found and missing accounts are told apart", async () => {
    await setUp({ itemErrorStyle: "ResultCode" });
    emulator.store.create(APP_ID, { officialAccount: "@TOA#_a", ownerAccount: "o", name: "A" });
    const chat = client();
    expect(await chat.readProfile("@TOA#_a")).toMatchObject({ name: "A" });
    expect(await chat.readProfile("@TOA#_gone")).toBeUndefined();
  });

  it("MaxSubscriberNum is read when the server returns it, and absent when it does not", async () => {
    await setUp({ returnsMaxSubscriberNum: true });
    emulator.store.create(APP_ID, { officialAccount: "@TOA#_m", ownerAccount: "o", name: "M", maxSubscriberNum: 1234 });
    expect((await client().readProfile("@TOA#_m"))?.maxSubscriberNum).toBe(1234);
    await emulator.close();
    await setUp();
    emulator.store.create(APP_ID, { officialAccount: "@TOA#_m", ownerAccount: "o", name: "M", maxSubscriberNum: 1234 });
    expect((await client().readProfile("@TOA#_m"))?.maxSubscriberNum).toBeUndefined();
  });
});
