import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../emulator";
import type { StandinEngine } from "../../engine-standin/engine";
import { ProgramError } from "../../engine-standin/program-capture";
import { providerKey } from "../../engine-standin/property-values";
import type { OperationResult } from "../../engine-standin/results";
import { preparePackedStack, type PackedStack } from "../support/packed-package";
import { ACCOUNT_TYPE, accountScenario, CREATE, DESTROY, type OfficialAccountDeclaration } from "./account-support";
import { APP, credentialLeaks, GET_INFO, KEY, MODIFY, PROCESS_TESTS, requestsDuring, stackConfig } from "./support";

/**
 * OfficialAccount through the real dynamic-provider host, one describe per bullet of its contract
 * (docs/resources.md): create, no-op, update, drift, vanished, delete, autonaming, a lost create reply, a taken
 * ID, replacement and an owner that is not imported. One emulator (its app lists its imported users), one packed
 * stack directory; each describe has its own program, state file and hosts.
 */
const OWNERS = ["owner_a", "owner_b"];
let emulator: Emulator;
let stack: PackedStack;
const engines: StandinEngine[] = [];
const results: Array<{ engine: StandinEngine; result: OperationResult }> = [];

beforeAll(async () => {
  emulator = await startEmulator({ apps: [{ sdkAppId: APP, secretKey: KEY }], importedAccounts: OWNERS });
  stack = await preparePackedStack({ name: "account-lifecycle", requiredFiles: ["dist/provider/account/lifecycle.js"] });
});

afterAll(async () => {
  await Promise.all(engines.map((engine) => engine.close()));
  await emulator?.close();
  await stack?.cleanup();
});

async function scenario(name: string, accounts: OfficialAccountDeclaration[]) {
  const created = await accountScenario(stack, emulator, name, accounts);
  engines.push(created.engine);
  return created;
}

function record(engine: StandinEngine, result: OperationResult): OperationResult {
  results.push({ engine, result });
  return result;
}

async function stateOf(engine: StandinEngine, name: string) {
  return (await engine.readState()).resources.find((resource) => resource.urn.endsWith(`::${name}`));
}

function accountsOf(app: number) {
  return emulator.store.list(app).map((account) => account.officialAccount);
}

describe("create, no-op, update, drift, destroy", PROCESS_TESTS, () => {
  const id = "@TOA#_lifecycle";
  const declared = { officialAccount: id, ownerAccount: "owner_a", name: "Support", introduction: "We answer within a day." };
  let s: Awaited<ReturnType<typeof scenario>>;

  beforeAll(async () => {
    s = await scenario("lifecycle", [{ resourceName: "support", args: declared }]);
  });

  it("preview plans a create and calls nothing", async () => {
    const { result, requests } = await requestsDuring(emulator, () => s.engine.preview());
    expect(result.steps).toMatchObject([{ op: "create", status: "planned", type: ACCOUNT_TYPE }]);
    expect(requests).toEqual([]);
  });

  it("up sends one create_official_account with the owner, the ID, the name and exactly the declared fields", async () => {
    const { result, requests } = await requestsDuring(emulator, () => s.engine.up());
    record(s.engine, result);
    expect(result.steps).toMatchObject([{ op: "create", status: "done", calls: ["check", "create"] }]);
    expect(requests.map((r) => r.command)).toEqual([CREATE]);
    expect(requests[0]?.body).toEqual({
      Owner_Account: "owner_a",
      OfficialAccountUserID: id,
      Name: "Support",
      Introduction: "We answer within a day.",
    });
    expect(emulator.store.get(APP, id)).toMatchObject({ ownerAccount: "owner_a", name: "Support", organization: "", maxSubscriberNum: 100000 });
    const resource = await stateOf(s.engine, "support");
    expect(resource?.type).toBe(ACCOUNT_TYPE);
    expect(resource?.id).toBe(`${APP}/${id}`);
    expect(resource?.outputs).toMatchObject({ officialAccount: id, ownerAccount: "owner_a", name: "Support", sdkAppId: APP, subscriberNum: 0 });
    expect(resource?.inputs).not.toHaveProperty("resourceName");
    // The provider is one require of the account's lifecycle entry point, like the profile's.
    const serialized = resource?.inputs[providerKey] as string;
    expect([...serialized.matchAll(/(?<![.\w])require\("([^"]+)"\)/g)].map((match) => match[1])).toEqual(["pulumi-tencentcloud-chat/account-lifecycle"]);
    expect(Buffer.byteLength(serialized, "utf8")).toBeLessThan(1024);
  });

  it("a second up makes no call", async () => {
    const { result, requests } = await requestsDuring(emulator, () => s.engine.up());
    record(s.engine, result);
    expect(result.steps).toMatchObject([{ op: "same" }]);
    expect(requests).toEqual([]);
  });

  it("a changed field is one modify carrying only that field", async () => {
    await s.setProgram([{ resourceName: "support", args: { ...declared, introduction: "Within 4 hours." } }]);
    const { result, requests } = await requestsDuring(emulator, () => s.engine.up());
    record(s.engine, result);
    expect(result.steps).toMatchObject([{ op: "update", status: "done", changes: [{ key: "introduction" }] }]);
    expect(requests.map((r) => r.command)).toEqual([MODIFY]);
    expect(requests[0]?.body).toEqual({ Official_Account: id, Introduction: "Within 4 hours." });
  });

  it("refresh reads the account back and shows drift; the next up corrects that field only", async () => {
    emulator.store.patch(APP, id, { introduction: "Edited in the console", organization: "Not managed" });
    const refresh = await requestsDuring(emulator, () => s.engine.refresh());
    record(s.engine, refresh.result);
    expect(refresh.requests.map((r) => r.command)).toEqual([GET_INFO]);
    expect(refresh.result.steps).toMatchObject([{ op: "update", status: "done", changes: [{ key: "introduction" }] }]);
    const refreshed = await stateOf(s.engine, "support");
    expect(refreshed?.outputs).toMatchObject({ introduction: "Edited in the console", createTime: expect.any(Number) });

    const { requests } = await requestsDuring(emulator, () => s.engine.up());
    expect(requests.map((r) => r.command)).toEqual([MODIFY]);
    expect(requests[0]?.body).toEqual({ Official_Account: id, Introduction: "Within 4 hours." });
  });

  it("destroy sends destroy_official_account and the account is gone", async () => {
    const { result, requests } = await requestsDuring(emulator, () => s.engine.destroy());
    record(s.engine, result);
    expect(result.steps).toMatchObject([{ op: "delete", status: "done", calls: ["delete"] }]);
    expect(requests.map((r) => r.command)).toEqual([DESTROY]);
    expect(requests[0]?.body).toEqual({ Official_Account: id });
    expect(emulator.store.get(APP, id)).toBeUndefined();
    expect((await s.engine.readState()).resources).toEqual([]);
  });
});

describe("an account destroyed outside Pulumi", PROCESS_TESTS, () => {
  let s: Awaited<ReturnType<typeof scenario>>;

  beforeAll(async () => {
    s = await scenario("vanished", [
      { resourceName: "kept", args: { officialAccount: "@TOA#_kept", ownerAccount: "owner_a", name: "Kept" } },
      { resourceName: "gone", args: { officialAccount: "@TOA#_gone", ownerAccount: "owner_a", name: "Gone" } },
    ]);
    record(s.engine, await s.engine.up());
  });

  it("refresh drops it from state: read returns a blank ID, which the engine treats as deleted", async () => {
    expect(emulator.store.destroy(APP, "@TOA#_gone")).toBe(true);
    const refresh = record(s.engine, await s.engine.refresh());
    expect(refresh.ok).toBe(true);
    expect((await s.engine.readState()).resources.filter((r) => r.type === ACCOUNT_TYPE).map((r) => r.id)).toEqual([`${APP}/@TOA#_kept`]);
  });

  it("destroy of an account already missing (no refresh first) meets 130004 and counts it as done", async () => {
    expect(emulator.store.destroy(APP, "@TOA#_kept")).toBe(true);
    const { result, requests } = await requestsDuring(emulator, () => s.engine.destroy());
    record(s.engine, result);
    expect(result.ok).toBe(true);
    expect(requests.filter((r) => r.command === DESTROY).map((r) => [(r.body as Record<string, unknown>)["Official_Account"], r.resultCode])).toContainEqual([
      "@TOA#_kept",
      130004,
    ]);
    expect((await s.engine.readState()).resources).toEqual([]);
  });
});

describe("no ID given: an autonamed account", PROCESS_TESTS, () => {
  it("gets the resource name plus a random suffix, fixed across previews and ups, also after a refresh", async () => {
    const s = await scenario("autoname", [{ resourceName: "news", args: { ownerAccount: "owner_a", name: "News" } }]);
    record(s.engine, await s.engine.up());
    const created = await stateOf(s.engine, "news");
    const id = created?.outputs["officialAccount"] as string;
    expect(id).toMatch(/^@TOA#_news-[0-9a-f]{7}$/);
    expect(accountsOf(APP)).toContain(id);
    expect(created?.id).toBe(`${APP}/${id}`);

    const preview = await s.engine.preview();
    expect(preview.steps).toMatchObject([{ op: "same" }]);
    record(s.engine, await s.engine.refresh());
    const { result, requests } = await requestsDuring(emulator, () => s.engine.up());
    record(s.engine, result);
    expect(result.steps).toMatchObject([{ op: "same" }]);
    expect(requests).toEqual([]);
    expect((await stateOf(s.engine, "news"))?.outputs["officialAccount"]).toBe(id);
    record(s.engine, await s.engine.destroy());
    expect(accountsOf(APP)).not.toContain(id);
  });
});

describe("a lost create reply", PROCESS_TESTS, () => {
  it("ends with exactly one account and state naming it: the client looks the ID up instead of resending", async () => {
    const s = await scenario("lost-create", [{ resourceName: "lost", args: { ownerAccount: "owner_a", name: "Lost reply" } }]);
    emulator.setFaults({ rules: [{ kind: "reset", afterApply: true, count: 1, commands: [CREATE] }] });
    let up: OperationResult;
    try {
      up = record(s.engine, await requestsDuring(emulator, () => s.engine.up()).then(({ result, requests }) => {
        expect(requests.map((r) => [r.command, r.fault ?? null])).toEqual([
          [CREATE, "reset"],
          [GET_INFO, null],
        ]);
        return result;
      }));
    } finally {
      emulator.clearFaults();
    }
    expect(up.ok).toBe(true);
    const id = (await stateOf(s.engine, "lost"))?.outputs["officialAccount"] as string;
    expect(id).toMatch(/^@TOA#_lost-[0-9a-f]{7}$/);
    expect(accountsOf(APP).filter((account) => account.startsWith("@TOA#_lost-"))).toEqual([id]);
    expect(emulator.store.get(APP, id)).toMatchObject({ name: "Lost reply", ownerAccount: "owner_a" });
    record(s.engine, await s.engine.destroy());
  });
});

describe("a create whose outcome stays unknown (every reply and every look-up lost)", PROCESS_TESTS, () => {
  const config = () => ({ ...stackConfig(emulator), "tencentcloud-chat:maxAttempts": "2" });

  for (const applied of [true, false]) {
    it(`keeps the resource in state with its ID; the next up ${applied ? "finds the account and adopts it" : "finds none and creates it"}: one account`, async () => {
      const name = applied ? "unsure-made" : "unsure-lost";
      const s = await accountScenario(stack, emulator, name, [{ resourceName: name, args: { ownerAccount: "owner_a", name: "Unsure" } }], config());
      engines.push(s.engine);
      emulator.setFaults({ rules: [{ kind: "reset", afterApply: applied, commands: [CREATE, GET_INFO] }] });
      let failed: OperationResult;
      try {
        failed = record(s.engine, await s.engine.up());
      } finally {
        emulator.clearFaults();
      }
      expect(failed.ok).toBe(false);
      expect(failed.steps[0]?.error).toContain("is unknown");
      const kept = await stateOf(s.engine, name);
      const id = kept?.outputs["officialAccount"] as string;
      expect(id).toMatch(new RegExp(`^@TOA#_${name}-[0-9a-f]{7}$`));
      expect(kept).toMatchObject({ id: `${APP}/${id}`, outputs: { createUnconfirmed: true } });
      expect(kept?.initErrors).toHaveLength(1);
      expect(accountsOf(APP).filter((account) => account === id)).toEqual(applied ? [id] : []);

      const { result, requests } = await requestsDuring(emulator, () => s.engine.up());
      record(s.engine, result);
      expect(result.steps).toMatchObject([{ op: "update", status: "done" }]);
      expect(requests.map((r) => r.command)).toEqual(applied ? [GET_INFO] : [GET_INFO, CREATE]);
      expect(accountsOf(APP).filter((account) => account.startsWith(`@TOA#_${name}-`))).toEqual([id]);
      const settled = await stateOf(s.engine, name);
      expect(settled?.outputs).not.toHaveProperty("createUnconfirmed");
      expect(settled?.outputs).toMatchObject({ officialAccount: id, name: "Unsure" });
      expect(settled?.initErrors).toBeUndefined();
      record(s.engine, await s.engine.destroy());
    });
  }
});

describe("an unconfirmed create of an ID another owner holds", PROCESS_TESTS, () => {
  const config = () => ({ ...stackConfig(emulator), "tencentcloud-chat:maxAttempts": "2" });

  for (const next of ["destroy", "refresh then up"] as const) {
    it(`${next}: the other owner's account survives untouched`, async () => {
      const name = next === "destroy" ? "foreign-destroy" : "foreign-refresh";
      const id = `@TOA#_${name}`;
      emulator.store.create(APP, { officialAccount: id, ownerAccount: "owner_b", name: "Someone else's" });
      const s = await accountScenario(stack, emulator, name, [{ resourceName: name, args: { officialAccount: id, ownerAccount: "owner_a", name: "Mine" } }], config());
      engines.push(s.engine);
      emulator.setFaults({ rules: [{ kind: "reset", commands: [CREATE, GET_INFO] }] });
      try {
        expect(record(s.engine, await s.engine.up()).ok).toBe(false);
      } finally {
        emulator.clearFaults();
      }
      expect((await stateOf(s.engine, name))?.outputs).toMatchObject({ createUnconfirmed: true, ownerAccount: "owner_a" });

      if (next === "destroy") {
        const { result, requests } = await requestsDuring(emulator, () => s.engine.destroy());
        record(s.engine, result);
        expect(result.ok).toBe(true);
        expect(requests.map((r) => r.command)).toEqual([GET_INFO]);
      } else {
        record(s.engine, await s.engine.refresh());
        // Not ours: refresh drops it rather than recording owner_b (which the next up would replace, deleting first).
        expect(await stateOf(s.engine, name)).toBeUndefined();
        const { result, requests } = await requestsDuring(emulator, () => s.engine.up());
        record(s.engine, result);
        expect(result.ok).toBe(false);
        expect(requests.map((r) => [r.command, r.resultCode])).toEqual([[CREATE, 130008]]);
      }
      expect(emulator.store.get(APP, id)).toMatchObject({ ownerAccount: "owner_b", name: "Someone else's" });
    });
  }
});

describe("an ID already in use", PROCESS_TESTS, () => {
  it("fails with 130008 and says to pick another ID or adopt the account with OfficialAccountProfile; the account is untouched", async () => {
    emulator.store.create(APP, { officialAccount: "@TOA#_taken", ownerAccount: "owner_b", name: "Someone else's" });
    const s = await scenario("taken", [{ resourceName: "taken", args: { officialAccount: "@TOA#_taken", ownerAccount: "owner_a", name: "Mine" } }]);
    const { result, requests } = await requestsDuring(emulator, () => s.engine.up());
    record(s.engine, result);
    expect(result.ok).toBe(false);
    expect(requests.map((r) => [r.command, r.resultCode])).toEqual([[CREATE, 130008]]);
    const error = result.steps[0]?.error ?? "";
    expect(error).toContain("@TOA#_taken");
    expect(error).toContain("130008");
    expect(error).toMatch(/Pick another officialAccount ID/);
    expect(error).toContain("OfficialAccountProfile");
    expect(emulator.store.get(APP, "@TOA#_taken")).toMatchObject({ name: "Someone else's", ownerAccount: "owner_b" });
    expect(await stateOf(s.engine, "taken")).toBeUndefined();
  });
});

describe("an owner that is not imported", PROCESS_TESTS, () => {
  it("fails with an error that says so and names v4/im_open_login_svc/account_import", async () => {
    const s = await scenario("not-imported", [
      { resourceName: "stranger", args: { officialAccount: "@TOA#_stranger", ownerAccount: "stranger", name: "Stranger" } },
    ]);
    const { result, requests } = await requestsDuring(emulator, () => s.engine.up());
    record(s.engine, result);
    expect(result.ok).toBe(false);
    expect(requests.map((r) => [r.command, r.resultCode])).toEqual([[CREATE, 70107]]);
    expect(result.steps[0]?.error).toContain("is not an imported user");
    expect(result.steps[0]?.error).toContain("v4/im_open_login_svc/account_import");
    expect(emulator.store.get(APP, "@TOA#_stranger")).toBeUndefined();
  });
});

describe("identity changes replace, deleting first; region and endpoint never do", PROCESS_TESTS, () => {
  const declared = { officialAccount: "@TOA#_identity", ownerAccount: "owner_a", name: "Identity" };
  let s: Awaited<ReturnType<typeof scenario>>;

  beforeAll(async () => {
    s = await scenario("identity", [{ resourceName: "identity", args: declared }]);
    record(s.engine, await s.engine.up());
  });

  it("a new owner previews as a replacement and up destroys, then creates", async () => {
    await s.setProgram([{ resourceName: "identity", args: { ...declared, ownerAccount: "owner_b" } }]);
    const preview = await requestsDuring(emulator, () => s.engine.preview());
    expect(preview.result.steps).toMatchObject([{ op: "replace", status: "planned", replaceKeys: ["ownerAccount"], deleteBeforeReplace: true }]);
    expect(preview.requests).toEqual([]);
    const { result, requests } = await requestsDuring(emulator, () => s.engine.up());
    record(s.engine, result);
    expect(result.steps).toMatchObject([{ op: "replace", status: "done" }]);
    expect(requests.map((r) => r.command)).toEqual([DESTROY, CREATE]);
    expect(emulator.store.get(APP, "@TOA#_identity")).toMatchObject({ ownerAccount: "owner_b" });
  });

  it("a new ID previews as a replacement: the old account is destroyed before the new one is created", async () => {
    await s.setProgram([{ resourceName: "identity", args: { ...declared, ownerAccount: "owner_b", officialAccount: "@TOA#_identity2" } }]);
    const preview = await s.engine.preview();
    expect(preview.steps).toMatchObject([{ op: "replace", replaceKeys: ["officialAccount"], deleteBeforeReplace: true }]);
    const { result, requests } = await requestsDuring(emulator, () => s.engine.up());
    record(s.engine, result);
    expect(requests.map((r) => [r.command, (r.body as Record<string, unknown>)["Official_Account"] ?? (r.body as Record<string, unknown>)["OfficialAccountUserID"]])).toEqual([
      [DESTROY, "@TOA#_identity"],
      [CREATE, "@TOA#_identity2"],
    ]);
    expect((await stateOf(s.engine, "identity"))?.id).toBe(`${APP}/@TOA#_identity2`);
  });

  it("another sdkAppId on the resource previews as a replacement", async () => {
    await s.setProgram([{ resourceName: "identity", args: { ...declared, ownerAccount: "owner_b", officialAccount: "@TOA#_identity2", sdkAppId: APP + 1 } }]);
    const preview = await s.engine.preview();
    expect(preview.steps).toMatchObject([{ op: "replace", replaceKeys: ["sdkAppId"], deleteBeforeReplace: true }]);
  });

  it("an endpoint or region change (stack config or resource input) is no replacement and no call", async () => {
    const program = { ...declared, ownerAccount: "owner_b", officialAccount: "@TOA#_identity2" };
    await s.setProgram([{ resourceName: "identity", args: program }]);
    s.engine.setConfig({ ...stackConfig(emulator), "tencentcloud-chat:endpoint": emulator.url.replace("127.0.0.1", "localhost") });
    const byConfig = await requestsDuring(emulator, () => s.engine.up());
    record(s.engine, byConfig.result);
    expect(byConfig.result.steps).toMatchObject([{ op: "same" }]);
    expect(byConfig.requests).toEqual([]);
    // On the resource itself: an update with no API call that records where the app is reached.
    await s.setProgram([{ resourceName: "identity", args: { ...program, region: "singapore", endpoint: emulator.url } }]);
    const byInput = await requestsDuring(emulator, () => s.engine.up());
    record(s.engine, byInput.result);
    expect(byInput.result.steps).toMatchObject([{ op: "update", status: "done" }]);
    expect(byInput.requests).toEqual([]);
    expect((await stateOf(s.engine, "identity"))?.outputs).toMatchObject({ region: "singapore", endpoint: emulator.url });
    record(s.engine, await s.engine.destroy());
    expect(emulator.store.get(APP, "@TOA#_identity2")).toBeUndefined();
  });
});

describe("one owner per account", PROCESS_TESTS, () => {
  it("an OfficialAccount and an OfficialAccountProfile of one account in one stack are refused, naming both; nothing is called", async () => {
    const s = await scenario("owned-twice", [
      { resourceName: "created", args: { officialAccount: "@TOA#_twice", ownerAccount: "owner_a", name: "Created" } },
      { resourceName: "adopted", resource: "OfficialAccountProfile", args: { officialAccount: "@TOA#_twice", name: "Adopted" } },
    ]);
    const attempt = await requestsDuring(emulator, () => s.engine.up().then(() => undefined, (error: unknown) => error));
    expect(attempt.result).toBeInstanceOf(ProgramError);
    const message = (attempt.result as Error).message;
    expect(message).toContain("@TOA#_twice");
    expect(message).toContain('"created"');
    expect(message).toContain('"adopted"');
    expect(attempt.requests).toEqual([]);
    expect(emulator.store.get(APP, "@TOA#_twice")).toBeUndefined();
  });
});

describe("credentials", PROCESS_TESTS, () => {
  it("no key and no UserSig in any state file, host output or error of this file's scenarios", async () => {
    expect(results.length).toBeGreaterThan(0);
    // A program refused before any resource (one owner per account) leaves no state file to read.
    for (const engine of engines.filter((candidate) => existsSync(candidate.statePath))) {
      const mine = results.filter((entry) => entry.engine === engine).map((entry) => entry.result);
      expect(await credentialLeaks(engine, mine)).toEqual([]);
    }
  });
});
