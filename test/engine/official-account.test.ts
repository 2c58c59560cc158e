import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../emulator";
import type { StandinEngine } from "../../engine-standin/engine";
import { isSecret, providerKey, stripSecrets } from "../../engine-standin/property-values";
import type { OperationResult } from "../../engine-standin/results";
import { preparePackedStack, type PackedStack } from "../support/packed-package";
import {
  APP,
  credentialLeaks,
  GET_INFO,
  KEY,
  MODIFY,
  PROCESS_TESTS,
  requestsDuring,
  scenarioEngine,
  stackConfig,
  type AccountDeclaration,
} from "./support";

/**
 * OfficialAccountProfile through the real dynamic-provider host, as `pulumi preview/up/refresh/destroy` would
 * drive it, against the emulator. The package is installed from `npm pack` as a real directory. One emulator and
 * one stack directory for the file; each describe has its own program file, state file and host.
 */
let emulator: Emulator;
let stack: PackedStack;
const engines: StandinEngine[] = [];
const results: Array<{ engine: StandinEngine; result: OperationResult }> = [];

function record(engine: StandinEngine, result: OperationResult): OperationResult {
  results.push({ engine, result });
  return result;
}

beforeAll(async () => {
  emulator = await startEmulator({ apps: [{ sdkAppId: APP, secretKey: KEY }] });
  stack = await preparePackedStack({ name: "official-account", requiredFiles: ["dist/provider/lifecycle.js"] });
});

afterAll(async () => {
  await Promise.all(engines.map((engine) => engine.close()));
  await emulator?.close();
  await stack?.cleanup();
});

async function newScenario(name: string, accounts: AccountDeclaration[]) {
  const scenario = await scenarioEngine(stack, emulator, name, accounts);
  engines.push(scenario.engine);
  return scenario;
}

describe("adopt, converge, change one field, no-op, drift", PROCESS_TESTS, () => {
  const account = "@TOA#_adopt";
  const declared = {
    officialAccount: account,
    name: "Support",
    introduction: "We answer within a day.",
    faceUrl: "https://cdn.example.com/support.png",
  };
  let scenario: Awaited<ReturnType<typeof newScenario>>;

  beforeAll(async () => {
    emulator.store.create(APP, {
      officialAccount: account,
      ownerAccount: "owner_adopt",
      name: "Console name",
      introduction: "Console introduction",
      organization: "Console Org",
    });
    scenario = await newScenario("adopt", [{ resourceName: "support", args: declared }]);
  });

  it("preview plans a create and makes no API call", async () => {
    const { result, requests } = await requestsDuring(emulator, () => scenario.engine.preview());
    expect(result.steps).toMatchObject([{ op: "create", status: "planned", name: "support" }]);
    expect(requests).toEqual([]);
  });

  it("up adopts the existing account: one read, one modify with exactly the declared fields", async () => {
    const { result, requests } = await requestsDuring(emulator, () => scenario.engine.up());
    record(scenario.engine, result);
    expect(result.ok).toBe(true);
    expect(result.steps).toMatchObject([{ op: "create", status: "done", calls: ["check", "create"] }]);
    expect(requests.map((r) => r.command)).toEqual([GET_INFO, MODIFY]);
    expect(requests[1]?.body).toEqual({
      Official_Account: account,
      Name: "Support",
      Introduction: "We answer within a day.",
      FaceUrl: "https://cdn.example.com/support.png",
    });
    expect(emulator.store.get(APP, account)).toMatchObject({
      name: "Support",
      introduction: "We answer within a day.",
      faceUrl: "https://cdn.example.com/support.png",
      organization: "Console Org", // not declared: not managed, not touched
    });
    const state = await scenario.engine.readState();
    const resource = state.resources.find((r) => r.urn.endsWith("::support"))!;
    expect(resource.id).toBe(`${APP}/${account}`);
    expect(resource.outputs).toMatchObject({ officialAccount: account, introduction: "We answer within a day." });
    expect(resource.outputs[providerKey]).toBe(resource.inputs[providerKey]);
  });

  it("up with nothing changed makes zero API calls", async () => {
    const { result, requests } = await requestsDuring(emulator, () => scenario.engine.up());
    record(scenario.engine, result);
    expect(result.steps).toMatchObject([{ op: "same", calls: ["check", "diff"] }]);
    expect(requests).toEqual([]);
  });

  it("changing one field previews as [diff: ~introduction] and up sends exactly one modify carrying exactly it", async () => {
    await scenario.setProgram([{ resourceName: "support", args: { ...declared, introduction: "Replies within 4 hours." } }]);
    const preview = await requestsDuring(emulator, () => scenario.engine.preview());
    expect(preview.result.steps).toMatchObject([
      { op: "update", status: "planned", changes: [{ key: "introduction", kind: "update" }] },
    ]);
    expect(preview.requests).toEqual([]);

    const { result, requests } = await requestsDuring(emulator, () => scenario.engine.up());
    record(scenario.engine, result);
    expect(result.steps).toMatchObject([{ op: "update", status: "done", changes: [{ key: "introduction", kind: "update" }] }]);
    expect(requests.map((r) => r.command)).toEqual([MODIFY]);
    expect(requests[0]?.body).toEqual({ Official_Account: account, Introduction: "Replies within 4 hours." });
    expect(emulator.store.get(APP, account)?.introduction).toBe("Replies within 4 hours.");
  });

  it("refresh finds an out-of-band edit (drift) and the next up corrects exactly that field", async () => {
    emulator.store.patch(APP, account, { introduction: "Edited in the console", organization: "Other Org" });
    const refresh = await requestsDuring(emulator, () => scenario.engine.refresh());
    record(scenario.engine, refresh.result);
    expect(refresh.requests.map((r) => r.command)).toEqual([GET_INFO]);
    expect(refresh.result.steps).toMatchObject([
      { op: "update", status: "done", calls: ["read", "diff"], changes: [{ key: "introduction", kind: "update" }] },
    ]);
    const refreshed = (await scenario.engine.readState()).resources.find((r) => r.urn.endsWith("::support"))!;
    expect(refreshed.inputs["introduction"]).toBe("Edited in the console");
    expect(refreshed.outputs["introduction"]).toBe("Edited in the console");

    const { result, requests } = await requestsDuring(emulator, () => scenario.engine.up());
    record(scenario.engine, result);
    expect(result.steps).toMatchObject([{ op: "update", changes: [{ key: "introduction", kind: "update" }] }]);
    expect(requests.map((r) => r.command)).toEqual([MODIFY]);
    expect(requests[0]?.body).toEqual({ Official_Account: account, Introduction: "Replies within 4 hours." });
    expect(emulator.store.get(APP, account)).toMatchObject({ introduction: "Replies within 4 hours.", organization: "Other Org" });
  });

  it("destroy with the default policy (retain) leaves the account as it is, with zero calls", async () => {
    const { result, requests } = await requestsDuring(emulator, () => scenario.engine.destroy());
    record(scenario.engine, result);
    expect(result.steps).toMatchObject([{ op: "delete", status: "done", calls: ["delete"] }]);
    expect(requests).toEqual([]);
    expect(emulator.store.get(APP, account)?.introduction).toBe("Replies within 4 hours.");
    expect((await scenario.engine.readState()).resources).toEqual([]);
  });
});

describe("deletePolicy restore", PROCESS_TESTS, () => {
  const account = "@TOA#_restore";
  let scenario: Awaited<ReturnType<typeof newScenario>>;

  beforeAll(async () => {
    emulator.store.create(APP, {
      officialAccount: account,
      ownerAccount: "owner_restore",
      name: "Original",
      introduction: "Original intro",
      customString: "{\"tier\":\"silver\"}",
    });
    scenario = await newScenario("restore", [
      {
        resourceName: "restore",
        args: { officialAccount: account, name: "Managed", introduction: "Managed intro", deletePolicy: "restore" },
      },
    ]);
  });

  it("destroy puts back the adopted values of the managed fields in one modify call", async () => {
    const up = await scenario.engine.up();
    record(scenario.engine, up);
    expect(emulator.store.get(APP, account)).toMatchObject({ name: "Managed", introduction: "Managed intro" });

    const { result, requests } = await requestsDuring(emulator, () => scenario.engine.destroy());
    record(scenario.engine, result);
    expect(result.ok).toBe(true);
    expect(requests.map((r) => r.command)).toEqual([MODIFY]);
    expect(requests[0]?.body).toEqual({ Official_Account: account, Name: "Original", Introduction: "Original intro" });
    expect(emulator.store.get(APP, account)).toMatchObject({
      name: "Original",
      introduction: "Original intro",
      customString: "{\"tier\":\"silver\"}",
    });
  });
});

describe("an update whose every reply is lost after it applied", PROCESS_TESTS, () => {
  const account = "@TOA#_lostreply";
  const declared = { officialAccount: account, name: "Lost reply", introduction: "First" };
  let scenario: Awaited<ReturnType<typeof newScenario>>;

  beforeAll(async () => {
    emulator.store.create(APP, { officialAccount: account, ownerAccount: "owner_lost", name: "Before" });
    scenario = await newScenario("lost-reply", [{ resourceName: "lost", args: declared }]);
    const up = await scenario.engine.up();
    expect(up.ok).toBe(true);
  });

  it("fails as a partial failure: the state drops the field in doubt instead of keeping the stale value; the next up resends it", async () => {
    await scenario.setProgram([{ resourceName: "lost", args: { ...declared, introduction: "Second" } }]);
    // Every request is applied and its reply lost: the modify and the client's check-read alike.
    emulator.setFaults({ rules: [{ kind: "reset", afterApply: true }] });
    let failed: OperationResult;
    try {
      failed = record(scenario.engine, await scenario.engine.up());
    } finally {
      emulator.clearFaults();
    }
    expect(failed.ok).toBe(false);
    expect(failed.steps).toMatchObject([{ op: "update", status: "failed", calls: ["check", "diff", "update"] }]);
    expect(failed.steps[0]?.error).toContain("may or may not have applied");
    expect(failed.steps[0]?.error).toContain("introduction");
    expect(emulator.store.get(APP, account)?.introduction).toBe("Second"); // it did land

    const recorded = (await scenario.engine.readState()).resources.find((r) => r.urn.endsWith("::lost"))!;
    expect(recorded.outputs).not.toHaveProperty("introduction"); // neither the stale "First" nor an unconfirmed "Second"
    expect(recorded.outputs).toMatchObject({ name: "Lost reply", managedFields: ["name", "introduction"] });
    expect(recorded.outputs[providerKey]).toBe(recorded.inputs[providerKey]);
    // update.go OnResourceStepPost: a partially failed Update is saved with the old inputs and the new outputs.
    expect(recorded.inputs["introduction"]).toBe("First");
    expect(recorded.initErrors).toHaveLength(1);

    const { result, requests } = await requestsDuring(emulator, () => scenario.engine.up());
    record(scenario.engine, result);
    expect(result.steps).toMatchObject([{ op: "update", status: "done" }]);
    expect(requests.map((r) => r.command)).toEqual([MODIFY]);
    expect(requests[0]?.body).toEqual({ Official_Account: account, Introduction: "Second" });
    const settled = (await scenario.engine.readState()).resources.find((r) => r.urn.endsWith("::lost"))!;
    expect(settled.outputs["introduction"]).toBe("Second");
    expect(settled.initErrors).toBeUndefined();
  });
});

describe("credentials in state and host output", PROCESS_TESTS, () => {
  it("the key is stored only encrypted; a wrong key reaches refresh only after an up saved it, and fails with 70009 and its hint; nothing anywhere holds a key or a UserSig", async () => {
    const scenario = await newScenario("wrong-key", [
      { resourceName: "wrong", args: { officialAccount: "@TOA#_wrongkey", name: "Wrong key" } },
    ]);
    emulator.store.create(APP, { officialAccount: "@TOA#_wrongkey", ownerAccount: "owner_wrong", name: "Before" });
    record(scenario.engine, await scenario.engine.up());
    // The stack config is stored as the default provider's inputs, the key as a secret (encrypted in the file).
    const defaultProvider = (await scenario.engine.readState()).resources.find((r) => r.type === "pulumi:providers:pulumi-nodejs");
    expect(isSecret(defaultProvider?.inputs["tencentcloud-chat:secretKey"])).toBe(true);
    expect(stripSecrets(defaultProvider!.inputs["tencentcloud-chat:secretKey"]!)).toBe(KEY);
    const wrongKey = "0000000000000000000000000000000000000000000000000000000000000000";
    scenario.engine.setConfig({ ...stackConfig(emulator, wrongKey) });
    // refresh configures the provider from its inputs saved in state, so the new key is not used yet.
    const before = record(scenario.engine, await scenario.engine.refresh());
    expect(before.ok).toBe(true);
    // up saves the current config as the provider's inputs (the resource is unchanged: no API call)...
    const saved = await requestsDuring(emulator, () => scenario.engine.up());
    record(scenario.engine, saved.result);
    expect(saved.result.steps).toMatchObject([{ op: "same" }]);
    expect(saved.requests).toEqual([]);
    // ...and from then on refresh signs with the wrong key: Tencent's 70009 and what to do about it.
    const refresh = await scenario.engine.refresh();
    record(scenario.engine, refresh);
    expect(refresh.ok).toBe(false);
    expect(refresh.steps[0]?.error).toContain("70009");
    expect(refresh.steps[0]?.error).toContain(
      "The secret key or the data-centre region does not match the SDKAppID: copy the key of this SDKAppID from the Chat console",
    );
    // The host logs failed reads to stderr: there is output to scan.
    expect(scenario.engine.hostOutput().stderr.join("\n")).toContain(refresh.steps[0]?.error ?? "<none>");

    for (const engine of engines) {
      const mine = results.filter((entry) => entry.engine === engine).map((entry) => entry.result);
      expect(await credentialLeaks(engine, mine, [KEY, wrongKey])).toEqual([]);
    }
  });
});
