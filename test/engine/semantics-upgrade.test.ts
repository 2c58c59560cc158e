import { readFile, writeFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../emulator";
import type { StandinEngine } from "../../engine-standin/engine";
import type { StepResult } from "../../engine-standin/results";
import { preparePackedStack, type PackedStack } from "../support/packed-package";
import { APP, GET_INFO, KEY, MODIFY, PROCESS_TESTS, requestsDuring, scenarioEngine, stackConfig, type AccountDeclaration } from "./support";

/**
 * Upgrade from 0.1.0: its `check` wrote the resolved region and endpoint into the inputs, and its `read` kept a
 * vanished account in state with `gone: true`. State of that shape, run through preview, up and refresh with
 * this code: no replacement, and no API call that is not needed (docs/semantics.md).
 */
let emulator: Emulator;
let stack: PackedStack;
let engine: StandinEngine;

const accounts = {
  plain: "@TOA#_up_plain",
  restoring: "@TOA#_up_restore",
  returned: "@TOA#_up_returned",
  missing: "@TOA#_up_missing",
};

const program: AccountDeclaration[] = [
  { resourceName: "plain", args: { officialAccount: accounts.plain, name: "Plain" } },
  { resourceName: "restoring", args: { officialAccount: accounts.restoring, name: "Restoring", deletePolicy: "restore" } },
  { resourceName: "returned", args: { officialAccount: accounts.returned, name: "Returned", introduction: "Managed" } },
  { resourceName: "missing", args: { officialAccount: accounts.missing, name: "Missing" } },
];

/** Steps by resource name: registrations, hence steps, come in the order their inputs resolve. */
function byName(steps: StepResult[]): Record<string, StepResult> {
  return Object.fromEntries(steps.map((step) => [step.name, step]));
}

/** The emulator listens on every loopback address, so 127.0.0.1 and 127.0.0.2 are two endpoints of one app. */
function endpointVia(host: string): string {
  return `http://${host}:${new URL(emulator.url).port}`;
}

/**
 * Rewrites the stand-in's state file the way 0.1.0 left it (non-secret values are plain JSON there): it recorded
 * the route it resolved (region always, endpoint when set; here the stack config's) in outputs and inputs.
 */
async function rewriteAs010(statePath: string, goneResources: readonly string[]): Promise<void> {
  const file = JSON.parse(await readFile(statePath, "utf8")) as { resources: Array<{ urn: string; inputs: Record<string, unknown>; outputs: Record<string, unknown> }> };
  for (const resource of file.resources) {
    if (!resource.urn.includes("OfficialAccountProfile")) continue;
    // 0.1.0's check filled region and endpoint into the inputs; its outputs held them too.
    expect(resource.outputs).not.toHaveProperty("endpoint"); // this code records only a declared route
    resource.outputs["region"] = resource.inputs["region"] = "china";
    resource.outputs["endpoint"] = resource.inputs["endpoint"] = endpointVia("127.0.0.1");
    if (goneResources.some((name) => resource.urn.endsWith(`::${name}`))) resource.outputs["gone"] = true;
  }
  await writeFile(statePath, JSON.stringify(file, null, 2));
}

beforeAll(async () => {
  emulator = await startEmulator({ apps: [{ sdkAppId: APP, secretKey: KEY }], host: "0.0.0.0" });
  stack = await preparePackedStack({ name: "semantics-upgrade", requiredFiles: ["dist/provider/lifecycle.js"] });
  for (const officialAccount of Object.values(accounts)) {
    emulator.store.create(APP, { officialAccount, ownerAccount: "owner_upgrade", name: "Original", introduction: "Original intro" });
  }
  ({ engine } = await scenarioEngine(stack, emulator, "upgrade", program));
  engine.setConfig({ ...stackConfig(emulator), "tencentcloud-chat:endpoint": endpointVia("127.0.0.1") });
  expect((await engine.up()).ok).toBe(true);
  // Out of band, before the upgrade: both accounts were destroyed and 0.1.0's refresh marked them gone;
  // then one was created again (with other values).
  emulator.store.destroy(APP, accounts.returned);
  emulator.store.destroy(APP, accounts.missing);
  emulator.store.create(APP, { officialAccount: accounts.returned, ownerAccount: "owner_upgrade", name: "Recreated", introduction: "" });
  await rewriteAs010(engine.statePath, ["returned", "missing"]);
});

afterAll(async () => {
  await engine?.close();
  await emulator?.close();
  await stack?.cleanup();
});

describe("state written by 0.1.0", PROCESS_TESTS, () => {
  it("preview: the recorded region/endpoint, still the stack's, are no change; gone resources are updates, never replacements; no API call", async () => {
    const { result, requests } = await requestsDuring(emulator, () => engine.preview());
    expect(result.ok).toBe(true);
    expect(byName(result.steps)).toMatchObject({
      plain: { op: "same", status: "planned" },
      restoring: { op: "same", status: "planned" },
      returned: { op: "update", status: "planned" },
      missing: { op: "update", status: "planned" },
    });
    expect(result.steps.every((step) => (step.replaceKeys ?? []).length === 0)).toBe(true);
    expect(requests).toEqual([]);
  });

  it("up: unchanged resources make no call; the returned account is read and converged; the missing one asks for a refresh", async () => {
    const { result, requests } = await requestsDuring(emulator, () => engine.up());
    const steps = byName(result.steps);
    expect(steps).toMatchObject({
      plain: { op: "same", status: "done", calls: ["check", "diff"] },
      restoring: { op: "same", status: "done", calls: ["check", "diff"] },
      returned: { op: "update", status: "done", calls: ["check", "diff", "update"] },
      missing: { op: "update", status: "failed", calls: ["check", "diff", "update"] },
    });
    expect(steps["missing"]?.error).toContain(accounts.missing);
    expect(steps["missing"]?.error).toContain("pulumi refresh");
    // Only the two marked accounts are read (one batched get info, or one each), and only the returned one changed.
    const reads = requests.filter((r) => r.command === GET_INFO);
    expect(reads.length).toBeGreaterThanOrEqual(1);
    expect(reads.length).toBeLessThanOrEqual(2);
    expect(JSON.stringify(reads.map((r) => r.body))).not.toContain(accounts.plain);
    expect(requests.filter((r) => r.command === MODIFY).map((r) => r.body)).toEqual([
      { Official_Account: accounts.returned, Name: "Returned", Introduction: "Managed" },
    ]);
    expect(requests).toHaveLength(reads.length + 1);

    const state = await engine.readState();
    const returned = state.resources.find((r) => r.urn.endsWith("::returned"));
    expect(returned?.outputs).not.toHaveProperty("gone");
    expect(returned?.outputs).toMatchObject({ name: "Returned", introduction: "Managed" });
    // Its update wrote the outputs in the new shape: no route recorded, since the resource declares none.
    expect(returned?.outputs).not.toHaveProperty("region");
    expect(returned?.outputs).not.toHaveProperty("endpoint");
    // The unchanged ones keep 0.1.0's record (no step ran on them).
    expect(state.resources.find((r) => r.urn.endsWith("::plain"))?.outputs).toMatchObject({ region: "china", endpoint: endpointVia("127.0.0.1") });
    expect(emulator.store.get(APP, accounts.returned)).toMatchObject({ name: "Returned", introduction: "Managed" });
    // The failed update left the missing one as it was; the engine keeps its old state.
    expect(state.resources.find((r) => r.urn.endsWith("::missing"))?.outputs).toMatchObject({ gone: true });
  });

  it("refresh drops the still missing account; the next up of the unchanged resources makes no call", async () => {
    const refresh = await engine.refresh();
    expect(refresh.steps.find((step) => step.name === "missing")).toMatchObject({ op: "delete", status: "done" });
    expect((await engine.readState()).resources.some((r) => r.urn.endsWith("::missing"))).toBe(false);

    await writeFile(`${engine.stackDir}/upgrade.ts`, (await readFile(`${engine.stackDir}/upgrade.ts`, "utf8")).replace(/^.*"missing".*$/m, ""));
    const { result, requests } = await requestsDuring(emulator, () => engine.up());
    expect(result.steps).toHaveLength(3);
    expect(byName(result.steps)).toMatchObject({
      plain: { op: "same", status: "done" },
      restoring: { op: "same", status: "done" },
      returned: { op: "same", status: "done" },
    });
    expect(requests).toEqual([]);

    // The stack moves to another route: the resources still recording 0.1.0's route show an update that makes
    // no call and drops the record; the one already in the new shape shows no change.
    engine.setConfig({ ...stackConfig(emulator), "tencentcloud-chat:endpoint": endpointVia("127.0.0.2") });
    const moved = await requestsDuring(emulator, () => engine.preview());
    expect(byName(moved.result.steps)).toMatchObject({
      plain: { op: "update", status: "planned" },
      restoring: { op: "update", status: "planned" },
      returned: { op: "same", status: "planned" },
    });
    expect(moved.result.steps.every((step) => (step.replaceKeys ?? []).length === 0)).toBe(true);
    const movedUp = await requestsDuring(emulator, () => engine.up());
    expect(byName(movedUp.result.steps)).toMatchObject({
      plain: { op: "update", status: "done", calls: ["check", "diff", "update"] },
      restoring: { op: "update", status: "done", calls: ["check", "diff", "update"] },
      returned: { op: "same", status: "done" },
    });
    expect(movedUp.requests).toEqual([]);
    for (const resource of (await engine.readState()).resources.filter((r) => r.urn.includes("OfficialAccountProfile"))) {
      expect(resource.outputs).not.toHaveProperty("endpoint");
      expect(resource.outputs).not.toHaveProperty("region");
    }

    // deletePolicy restore still works on upgraded state (over the route saved by the last up).
    const destroy = await requestsDuring(emulator, () => engine.destroy());
    expect(destroy.result.ok).toBe(true);
    expect(destroy.requests.filter((r) => r.command === MODIFY).map((r) => r.body)).toEqual([{ Official_Account: accounts.restoring, Name: "Original" }]);
    expect(emulator.store.get(APP, accounts.restoring)).toMatchObject({ name: "Original" });
  });
});
