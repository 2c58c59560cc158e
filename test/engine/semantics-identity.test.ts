import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../emulator";
import type { StandinEngine } from "../../engine-standin/engine";
import { ProgramError } from "../../engine-standin/program-capture";
import { preparePackedStack, type PackedStack } from "../support/packed-package";
import { APP, GET_INFO, KEY, MODIFY, PROCESS_TESTS, requestsDuring, scenarioEngine, stackConfig, type AccountDeclaration } from "./support";

/**
 * Identity, vanished accounts and one owner per account (docs/semantics.md) through the real
 * dynamic-provider host driven as the engine drives it. Each of these failed before: region/endpoint replaced
 * the resource, refresh kept a vanished account with a `gone` marker, a duplicate declaration was accepted, and
 * a rename without an alias rolled the account back under its new owner.
 */
let emulator: Emulator;
let stack: PackedStack;
const engines: StandinEngine[] = [];

/** The emulator listens on every loopback address, so 127.0.0.1 and 127.0.0.2 are two endpoints of one app. */
function endpointVia(host: string): string {
  return `http://${host}:${new URL(emulator.url).port}`;
}

beforeAll(async () => {
  emulator = await startEmulator({ apps: [{ sdkAppId: APP, secretKey: KEY }], host: "0.0.0.0" });
  stack = await preparePackedStack({ name: "semantics-identity", requiredFiles: ["dist/provider/lifecycle.js"] });
});

afterAll(async () => {
  await Promise.all(engines.map((engine) => engine.close()));
  await emulator?.close();
  await stack?.cleanup();
});

async function newScenario(name: string, accounts: AccountDeclaration[]) {
  const scenario = await scenarioEngine(stack, emulator, name, accounts);
  engines.push(scenario.engine);
  scenario.engine.setConfig({ ...stackConfig(emulator), "tencentcloud-chat:endpoint": endpointVia("127.0.0.1") });
  return scenario;
}

describe("identity is (sdkAppId, officialAccount): region and endpoint never replace", PROCESS_TESTS, () => {
  const account = "@TOA#_reach";
  const declared = { officialAccount: account, name: "Managed", introduction: "Managed intro", deletePolicy: "restore" };

  it("a new endpoint or region from stack config is no change; an endpoint on the resource is recorded without API call; never a replacement", async () => {
    emulator.store.create(APP, { officialAccount: account, ownerAccount: "owner_reach", name: "Original", introduction: "Original intro" });
    const scenario = await newScenario("reach", [{ resourceName: "reach", args: declared }]);
    expect((await scenario.engine.up()).ok).toBe(true);
    const [created] = (await scenario.engine.readState()).resources.filter((r) => r.urn.endsWith("::reach"));
    expect(created?.outputs).not.toHaveProperty("endpoint");
    expect(created?.outputs).not.toHaveProperty("region");

    // The stack moves to another route to the same app (a proxy, the standby domain): not recorded, no change.
    scenario.engine.setConfig({ ...stackConfig(emulator), "tencentcloud-chat:endpoint": endpointVia("127.0.0.2"), "tencentcloud-chat:region": "singapore" });
    const preview = await requestsDuring(emulator, () => scenario.engine.preview());
    expect(preview.result.steps).toMatchObject([{ op: "same", status: "planned", name: "reach" }]);
    expect(preview.requests).toEqual([]);
    const up = await requestsDuring(emulator, () => scenario.engine.up());
    expect(up.result.steps).toMatchObject([{ op: "same", status: "done", calls: ["check", "diff"] }]);
    expect(up.requests).toEqual([]);

    // The route declared on the resource itself: an update that makes no call and records it.
    await scenario.setProgram([{ resourceName: "reach", args: { ...declared, endpoint: `${endpointVia("127.0.0.2")}/` } }]);
    const declaredHere = await requestsDuring(emulator, () => scenario.engine.up());
    expect(declaredHere.result.steps).toMatchObject([{ op: "update", status: "done", calls: ["check", "diff", "update"] }]);
    expect(declaredHere.result.steps[0]?.replaceKeys ?? []).toEqual([]);
    expect(declaredHere.requests).toEqual([]);
    const [state] = (await scenario.engine.readState()).resources.filter((r) => r.urn.endsWith("::reach"));
    expect(state?.outputs).toMatchObject({ endpoint: endpointVia("127.0.0.2"), name: "Managed" });
    expect(state?.outputs).not.toHaveProperty("region");
    expect(state?.inputs).toMatchObject({ endpoint: endpointVia("127.0.0.2") });
    expect(emulator.store.get(APP, account)).toMatchObject({ name: "Managed", introduction: "Managed intro" });

    // Nothing left to do: the next preview is a no-op. Refresh and destroy use the declared route.
    expect((await scenario.engine.preview()).steps).toMatchObject([{ op: "same" }]);
    expect((await scenario.engine.refresh()).steps).toMatchObject([{ op: "same", status: "done" }]);
    expect((await scenario.engine.destroy()).ok).toBe(true);
    expect(emulator.store.get(APP, account)).toMatchObject({ name: "Original", introduction: "Original intro" });
  });
});

describe("a vanished account", PROCESS_TESTS, () => {
  it("refresh drops it from state (blank ID); the next up reports it missing; once it is back, up adopts it", async () => {
    const account = "@TOA#_vanished";
    emulator.store.create(APP, { officialAccount: account, ownerAccount: "owner_vanished", name: "Soon gone" });
    const scenario = await newScenario("vanished", [{ resourceName: "vanished", args: { officialAccount: account, name: "Managed" } }]);
    expect((await scenario.engine.up()).ok).toBe(true);

    emulator.store.destroy(APP, account);
    const refresh = await requestsDuring(emulator, () => scenario.engine.refresh());
    expect(refresh.result.steps).toMatchObject([{ op: "delete", status: "done", calls: ["read"] }]);
    expect(refresh.requests.map((r) => r.command)).toEqual([GET_INFO]);
    expect((await scenario.engine.readState()).resources).toEqual([]);

    const up = await scenario.engine.up();
    expect(up.steps).toMatchObject([{ op: "create", status: "failed" }]);
    expect(up.steps[0]?.error).toContain(account);
    expect(up.steps[0]?.error).toMatch(/does not exist/);

    emulator.store.create(APP, { officialAccount: account, ownerAccount: "owner_vanished", name: "Back" });
    const again = await requestsDuring(emulator, () => scenario.engine.up());
    expect(again.result.steps).toMatchObject([{ op: "create", status: "done" }]);
    expect(again.requests.map((r) => r.command)).toEqual([GET_INFO, MODIFY]);
    expect(emulator.store.get(APP, account)?.name).toBe("Managed");
  });
});

describe("one owner per account", PROCESS_TESTS, () => {
  it("the same (app, account) declared twice in one stack is refused, naming the account and both resources", async () => {
    const account = "@TOA#_twice";
    emulator.store.create(APP, { officialAccount: account, ownerAccount: "owner_twice", name: "Original" });
    const scenario = await newScenario("twice", [
      { resourceName: "first", args: { officialAccount: account, name: "One" } },
      // The app given on the resource is the stack's own: still the same account.
      { resourceName: "second", args: { officialAccount: account, name: "Two", sdkAppId: APP } },
    ]);
    const attempt = await requestsDuring(emulator, () => scenario.engine.up().then(
      () => undefined,
      (error: unknown) => error,
    ));
    expect(attempt.result).toBeInstanceOf(ProgramError);
    const message = (attempt.result as Error).message;
    expect(message).toContain(account);
    expect(message).toContain('"first"');
    expect(message).toContain('"second"');
    expect(message).toContain("aliases");
    expect(attempt.requests).toEqual([]);
    expect(emulator.store.get(APP, account)?.name).toBe("Original");

    // Two accounts, or one account ID in two apps, are fine.
    await scenario.setProgram([
      { resourceName: "first", args: { officialAccount: account, name: "One" } },
      { resourceName: "second", args: { officialAccount: "@TOA#_twice_other", sdkAppId: APP + 1 } },
    ]);
    const captured = await scenario.engine.runProgram();
    expect(captured.resources.filter((r) => r.custom)).toHaveLength(2);
  });

  it("a rename without an alias (deletePolicy restore): the old resource's restore steps aside, so the account keeps what state says", async () => {
    const account = "@TOA#_renamed";
    emulator.store.create(APP, { officialAccount: account, ownerAccount: "owner_renamed", name: "Original", introduction: "Original intro" });
    const declared = { officialAccount: account, name: "Managed", introduction: "Managed intro", deletePolicy: "restore" };
    const scenario = await newScenario("renamed", [{ resourceName: "old-name", args: declared }]);
    expect((await scenario.engine.up()).ok).toBe(true);

    await scenario.setProgram([{ resourceName: "new-name", args: declared }]);
    const rename = await requestsDuring(emulator, () => scenario.engine.up());
    // The engine creates the new resource, then deletes the removed one, in one provider process.
    expect(rename.result.steps).toMatchObject([
      { op: "create", status: "done", name: "new-name" },
      { op: "delete", status: "done", name: "old-name", calls: ["delete"] },
    ]);
    // The new resource adopts (one read; the values already match); the old one restores nothing.
    expect(rename.requests.map((r) => r.command)).toEqual([GET_INFO]);
    const live = emulator.store.get(APP, account);
    const [state] = (await scenario.engine.readState()).resources.filter((r) => r.urn.endsWith("::new-name"));
    expect(live).toMatchObject({ name: "Managed", introduction: "Managed intro" });
    expect(state?.outputs).toMatchObject({ name: live?.name, introduction: live?.introduction });

    // A later run starts a fresh host: the new resource's own restore works as usual.
    expect((await scenario.engine.refresh()).steps).toMatchObject([{ op: "same" }]);
  });

  it("a rename whose run fails after the create: the next up's delete of the old resource still steps aside", async () => {
    const account = "@TOA#_renamed_later";
    emulator.store.create(APP, { officialAccount: account, ownerAccount: "owner_renamed", name: "Original", introduction: "Original intro" });
    const declared = { officialAccount: account, name: "Managed", introduction: "Managed intro", deletePolicy: "restore" };
    const scenario = await newScenario("renamed-later", [{ resourceName: "old-name", args: declared }]);
    expect((await scenario.engine.up()).ok).toBe(true);

    // A third resource fails (its account does not exist): the run stops before the removed resource's delete.
    await scenario.setProgram([
      { resourceName: "new-name", args: declared },
      { resourceName: "broken", args: { officialAccount: "@TOA#_no_such_account", name: "Broken" } },
    ]);
    const failed = await scenario.engine.up();
    expect(failed.ok).toBe(false);
    expect(failed.steps.filter((step) => step.op === "delete")).toEqual([]);

    // The next up (a new host): the new resource is unchanged, and the old one's delete must not restore.
    await scenario.setProgram([{ resourceName: "new-name", args: declared }]);
    const next = await requestsDuring(emulator, () => scenario.engine.up());
    expect(next.result.steps).toMatchObject([
      { op: "same", name: "new-name" },
      { op: "delete", status: "done", name: "old-name" },
    ]);
    expect(next.requests.map((r) => r.command)).not.toContain(MODIFY);
    const live = emulator.store.get(APP, account);
    const [state] = (await scenario.engine.readState()).resources.filter((r) => r.urn.endsWith("::new-name"));
    expect(live).toMatchObject({ name: "Managed", introduction: "Managed intro" });
    expect(state?.outputs).toMatchObject({ name: live?.name, introduction: live?.introduction });
  });
});
