/**
 * Injected faults behave as described and repeat from their seed.
 */
import { request as httpRequest } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import type { FaultConfig, FaultKind, RequestLogEntry } from "../../emulator";
import { APP_ID, expectFailure, SAMPLE_CREATE, startHarness, type Harness } from "./support";

const harnesses: Harness[] = [];
async function harness(options: Parameters<typeof startHarness>[0] = {}): Promise<Harness> {
  const h = await startHarness(options);
  harnesses.push(h);
  return h;
}
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.emulator.close()));
});

const GET_ONE = { OfficialAccountIdList: [{ Official_Account: "@TOA#_test_id" }] };

/** POST over a fresh connection with node:http, so connection-level failures show their errno. */
function rawPost(url: string, body: unknown, signal?: AbortSignal): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: "POST", agent: false, ...(signal ? { signal } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(JSON.stringify(body));
  });
}

function errorCode(error: unknown): string | undefined {
  return (error as { code?: string }).code;
}

describe("faults answered with a code (decided before the command runs)", () => {
  it.each([
    ["error10004", 10004],
    ["error20005", 20005],
    ["throttle", 60007],
  ] as const)("%s → HTTP 200 FAIL %i and the command is not applied", async (kind, code) => {
    const h = await harness({ faults: { rules: [{ kind, count: 1 }] } });
    expectFailure(await h.call("create_official_account", SAMPLE_CREATE), code);
    expect(h.emulator.store.list(APP_ID)).toEqual([]);
    expect((await h.call("create_official_account", SAMPLE_CREATE)).json["ErrorCode"]).toBe(0);
    expect(h.emulator.requestLog.map((e) => [e.fault, e.resultCode])).toEqual([
      [kind, code],
      [undefined, 0],
    ]);
  });
});

describe("transport faults", () => {
  it("http502 → HTTP 502 with an HTML gateway page, not applied", async () => {
    const h = await harness({ faults: { rules: [{ kind: "http502", count: 1 }] } });
    const reply = await h.call("create_official_account", SAMPLE_CREATE);
    expect(reply.status).toBe(502);
    expect(reply.contentType).toBe("text/html");
    expect(reply.text).toContain("502 Bad Gateway");
    expect(h.emulator.store.list(APP_ID)).toEqual([]);
    expect(h.emulator.requestLog[0]).toMatchObject({ httpStatus: 502, fault: "http502" });
  });

  it("reset → the connection is reset (ECONNRESET), no response, not applied", async () => {
    const h = await harness({ faults: { rules: [{ kind: "reset", count: 1 }] } });
    const error = await rawPost(h.url("create_official_account"), SAMPLE_CREATE).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(errorCode(error)).toBe("ECONNRESET");
    expect(h.emulator.store.list(APP_ID)).toEqual([]);
    expect(h.emulator.requestLog[0]).toMatchObject({ fault: "reset" });
    expect(h.emulator.requestLog[0]?.httpStatus).toBeUndefined();
    expect((await h.call("create_official_account", SAMPLE_CREATE)).json["ErrorCode"]).toBe(0);
  });

  it("malformed → HTTP 200 with a body that is not JSON", async () => {
    const h = await harness({ faults: { rules: [{ kind: "malformed", count: 1 }] } });
    const reply = await h.call("get_official_account_info", GET_ONE);
    expect(reply.status).toBe(200);
    expect(reply.contentType).toMatch(/^application\/json/);
    expect(() => JSON.parse(reply.text)).toThrow();
    expect(reply.text.startsWith('{"ActionStatus"')).toBe(true);
  });

  it("hang → no answer until the client gives up; the request is logged", async () => {
    let held!: (entry: RequestLogEntry) => void;
    const heldEntry = new Promise<RequestLogEntry>((resolve) => (held = resolve));
    const h = await harness({ faults: { rules: [{ kind: "hang", count: 1 }] }, onRequest: (entry) => held(entry) });
    const abort = new AbortController();
    const pending = h.call("get_official_account_info", GET_ONE, { signal: abort.signal });
    expect(await heldEntry).toMatchObject({ fault: "hang", command: "get_official_account_info" });
    abort.abort();
    await expect(pending).rejects.toThrow();
    expect((await h.call("get_official_account_info", GET_ONE)).status).toBe(200);
  });

  it("hang does not keep the server from closing: close() resolves and the hung request fails", async () => {
    let held!: () => void;
    const heldOnce = new Promise<void>((resolve) => (held = resolve));
    const h = await startHarness({ faults: { rules: [{ kind: "hang" }] }, onRequest: () => held() });
    const pending = rawPost(h.url("get_official_account_info"), GET_ONE).then(
      () => "answered",
      (e: unknown) => errorCode(e) ?? "failed",
    );
    await heldOnce;
    await h.emulator.close();
    expect(await pending).toBe("ECONNRESET");
  });
});

describe("apply then fail (ambiguity testing)", () => {
  it.each(["reset", "http502", "malformed", "error10004"] as const)("%s after apply: the change is made but the reply is lost", async (kind) => {
    const h = await harness({ faults: { rules: [{ kind, count: 1, afterApply: true, commands: ["create_official_account"] }] } });
    const outcome = await rawPost(h.url("create_official_account"), SAMPLE_CREATE).then(
      (r) => r,
      (e: unknown) => errorCode(e),
    );
    const lost = {
      reset: () => expect(outcome).toBe("ECONNRESET"),
      http502: () => expect(outcome).toMatchObject({ status: 502 }),
      malformed: () => expect(() => JSON.parse((outcome as { text: string }).text)).toThrow(),
      error10004: () => expect(JSON.parse((outcome as { text: string }).text)).toMatchObject({ ActionStatus: "FAIL", ErrorCode: 10004 }),
    };
    lost[kind]();
    expect(h.emulator.store.get(APP_ID, "@TOA#_test_id")?.name).toBe("test_official_account");
    expect(h.emulator.requestLog[0]).toMatchObject({ fault: kind, faultAfterApply: true, appliedCode: 0 });
    // The retry a client would make now sees the ID taken: exactly the ambiguity to test against.
    expectFailure(await h.call("create_official_account", SAMPLE_CREATE), 130008);
  });

  it("malformed after apply truncates the real reply", async () => {
    const h = await harness({ faults: { rules: [{ kind: "malformed", count: 1, afterApply: true }] } });
    const reply = await h.call("create_official_account", SAMPLE_CREATE);
    expect('{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0,"OfficialAccountUserID":"@TOA#_test_id"}'.startsWith(reply.text)).toBe(true);
    expect(reply.text.length).toBeGreaterThan(0);
  });

  it("hang after apply: the change is made and no reply ever comes", async () => {
    let held!: () => void;
    const heldOnce = new Promise<void>((resolve) => (held = resolve));
    const h = await harness({ faults: { rules: [{ kind: "hang", count: 1, afterApply: true }] }, onRequest: () => held() });
    const abort = new AbortController();
    const pending = h.call("modify_official_account_base_info", { Official_Account: "@TOA#_x", Name: "after" }, { signal: abort.signal });
    h.emulator.store.create(APP_ID, { officialAccount: "@TOA#_x", ownerAccount: "o", name: "before" });
    await heldOnce;
    expect(h.emulator.store.get(APP_ID, "@TOA#_x")?.name).toBe("after");
    abort.abort();
    await expect(pending).rejects.toThrow();
  });
});

describe("scope, counts and rates", () => {
  it("a rule scoped to a command leaves other commands alone; config-level commands scope every rule", async () => {
    const h = await harness({ faults: { rules: [{ kind: "error10004", commands: ["modify_official_account_base_info"] }] } });
    expect((await h.call("create_official_account", SAMPLE_CREATE)).json["ErrorCode"]).toBe(0);
    expectFailure(await h.call("modify_official_account_base_info", { Official_Account: "@TOA#_test_id" }), 10004);
    h.emulator.setFaults({ commands: ["destroy_official_account"], rules: [{ kind: "error20005" }] });
    expect((await h.call("get_official_account_info", GET_ONE)).json["ErrorCode"]).toBe(0);
    expectFailure(await h.call("destroy_official_account", { Official_Account: "@TOA#_test_id" }), 20005);
  });

  it("throttling burst: the next N requests answer 60007, then normal service", async () => {
    const h = await harness();
    h.emulator.setFaults({ rules: [{ kind: "throttle", count: 3 }] });
    const codes: number[] = [];
    for (let i = 0; i < 5; i += 1) codes.push((await h.call("get_official_account_info", GET_ONE)).json["ErrorCode"] as number);
    expect(codes).toEqual([60007, 60007, 60007, 0, 0]);
  });

  it("rules are checked in order; the first that fires decides", async () => {
    const h = await harness({ faults: { rules: [{ kind: "error10004", count: 1 }, { kind: "error20005", count: 2 }] } });
    const codes: number[] = [];
    for (let i = 0; i < 4; i += 1) codes.push((await h.call("get_official_account_info", GET_ONE)).json["ErrorCode"] as number);
    expect(codes).toEqual([10004, 20005, 20005, 0]);
  });

  async function faultSequence(faults: FaultConfig, n = 60): Promise<Array<FaultKind | undefined>> {
    const h = await harness({ faults });
    for (let i = 0; i < n; i += 1) await h.call("get_official_account_info", GET_ONE);
    return h.emulator.requestLog.map((e) => e.fault);
  }

  const mix: FaultConfig = { rules: [{ kind: "error10004", rate: 0.2 }, { kind: "throttle", rate: 0.2 }, { kind: "malformed", rate: 0.1 }] };

  it("a fraction of requests fail, reproducibly from the seed; another seed gives another sequence", async () => {
    const first = await faultSequence({ ...mix, seed: 42 });
    const again = await faultSequence({ ...mix, seed: 42 });
    const other = await faultSequence({ ...mix, seed: 43 });
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
    const failed = first.filter((k) => k !== undefined).length;
    expect(failed).toBeGreaterThan(5);
    expect(failed).toBeLessThan(50);
    expect(new Set(first.filter((k) => k !== undefined))).toEqual(new Set(["error10004", "throttle", "malformed"]));
  });

  it("the emulator seed drives fault decisions when the faults have none", async () => {
    const a = await harness({ seed: 9, faults: mix });
    const b = await harness({ seed: 9, faults: mix });
    for (let i = 0; i < 30; i += 1) {
      await a.call("get_official_account_info", GET_ONE);
      await b.call("get_official_account_info", GET_ONE);
    }
    expect(b.emulator.requestLog.map((e) => e.fault)).toEqual(a.emulator.requestLog.map((e) => e.fault));
  });

  it("setting faults restarts the decision sequence", async () => {
    const h = await harness();
    const run = async (): Promise<Array<FaultKind | undefined>> => {
      h.emulator.setFaults({ ...mix, seed: 5 });
      const start = h.emulator.requestLog.length;
      for (let i = 0; i < 30; i += 1) await h.call("get_official_account_info", GET_ONE);
      return h.emulator.requestLog.slice(start).map((e) => e.fault);
    };
    expect(await run()).toEqual(await run());
  });

  it("clearFaults stops every fault", async () => {
    const h = await harness({ faults: { rules: [{ kind: "error10004" }] } });
    expectFailure(await h.call("get_official_account_info", GET_ONE), 10004);
    h.emulator.clearFaults();
    expect((await h.call("get_official_account_info", GET_ONE)).json["ErrorCode"]).toBe(0);
  });

  it("invalid fault settings are refused", () => {
    return harness().then((h) => {
      expect(() => h.emulator.setFaults({ rules: [{ kind: "explode" as FaultKind }] })).toThrow(/kind/);
      expect(() => h.emulator.setFaults({ rules: [{ kind: "reset", rate: 2 }] })).toThrow(/rate/);
      expect(() => h.emulator.setFaults({ latencyMs: -1 })).toThrow(/latencyMs/);
    });
  });
});

describe("latency", () => {
  it("adds latencyMs plus a seeded jitter in 0..jitterMs before processing; repeatable; jitter does not move failures", async () => {
    const run = async (faults: FaultConfig): Promise<{ delays: number[]; faults: Array<FaultKind | undefined> }> => {
      const delays: number[] = [];
      const h = await harness({ faults, sleep: async (ms) => void delays.push(ms) });
      for (let i = 0; i < 20; i += 1) await h.call("get_official_account_info", GET_ONE);
      expect(h.emulator.requestLog.map((e) => e.delayMs).filter((d) => d > 0)).toEqual(delays);
      return { delays, faults: h.emulator.requestLog.map((e) => e.fault) };
    };
    const rules = [{ kind: "error20005" as const, rate: 0.3 }];
    const a = await run({ seed: 3, latencyMs: 20, jitterMs: 5, rules });
    const b = await run({ seed: 3, latencyMs: 20, jitterMs: 5, rules });
    const noJitter = await run({ seed: 3, rules });
    expect(a.delays).toHaveLength(20);
    for (const d of a.delays) expect(d >= 20 && d <= 25).toBe(true);
    expect(new Set(a.delays).size).toBeGreaterThan(1);
    expect(b).toEqual(a);
    expect(noJitter.delays).toEqual([]);
    expect(noJitter.faults).toEqual(a.faults);
  });

  it("latency scoped to commands applies only to them", async () => {
    const delays: number[] = [];
    const h = await harness({ faults: { latencyMs: 15, commands: ["modify_official_account_base_info"] }, sleep: async (ms) => void delays.push(ms) });
    await h.call("get_official_account_info", GET_ONE);
    await h.call("modify_official_account_base_info", { Official_Account: "@TOA#_x" });
    expect(delays).toEqual([15]);
  });
});

describe("admin endpoint", () => {
  it("POST /__emulator/faults sets faults, DELETE clears them, bad settings answer 400", async () => {
    const h = await harness();
    const set = await fetch(`${h.emulator.url}/__emulator/faults`, { method: "POST", body: JSON.stringify({ rules: [{ kind: "throttle", count: 2 }] }) });
    expect(set.status).toBe(200);
    expect(await set.json()).toMatchObject({ faults: { rules: [{ kind: "throttle", count: 2 }], remaining: [2] } });
    expectFailure(await h.call("get_official_account_info", GET_ONE), 60007);
    const state = (await (await fetch(`${h.emulator.url}/__emulator/state`)).json()) as { faults: { remaining: number[] } };
    expect(state.faults.remaining).toEqual([1]);
    expect((await fetch(`${h.emulator.url}/__emulator/faults`, { method: "DELETE" })).status).toBe(200);
    expect((await h.call("get_official_account_info", GET_ONE)).json["ErrorCode"]).toBe(0);
    const bad = await fetch(`${h.emulator.url}/__emulator/faults`, { method: "POST", body: JSON.stringify({ rules: [{ kind: "nope" }] }) });
    expect(bad.status).toBe(400);
  });
});
