import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEngine, type StandinEngine } from "../../engine-standin/engine";
import type { CapturedResource } from "../../engine-standin/program-capture";
import { isSecret, stripSecrets, type PropertyMap } from "../../engine-standin/property-values";
import { secretConfig } from "../../engine-standin/stack-config";
import type { ResourceState } from "../../engine-standin/state-store";
import { startFixtureCloud, type FixtureCloud } from "../fixtures/fixture-cloud";
import { preparePackedStack, type PackedStack } from "../support/packed-package";
import { PROCESS_TESTS } from "./support";

/**
 * The engine rules that issue 16 found the stand-in did not follow, each checked through @pulumi/pulumi's real
 * dynamic-provider host against the fixture provider (test/fixtures/standin-fixture-provider). Each describe has
 * its own stack (state file) and its own things in the one fixture cloud. The engine function each test follows
 * is named in its title or first comment (pulumi/pulumi at SDK 3.260).
 */
const token = "fixture-token-rules-1";
const rotatedToken = "fixture-token-rules-2";
const fixtureSource = path.resolve(__dirname, "../fixtures/standin-fixture-provider");

const program = `
import * as pulumi from "@pulumi/pulumi";
import { Thing } from "standin-fixture-provider";

const config = new pulumi.Config();
new Thing("t0", { name: \`\${config.require("prefix")}-0\`, label: "first", size: 1 });
`;

let cloud: FixtureCloud;
let stack: PackedStack;
const engines: StandinEngine[] = [];

beforeAll(async () => {
  cloud = await startFixtureCloud(token);
  stack = await preparePackedStack({ name: "standin-rules", packageSource: fixtureSource, programSource: program });
});

afterAll(async () => {
  await Promise.all(engines.map((engine) => engine.close()));
  await cloud?.close();
  await stack?.cleanup();
});

function configFor(prefix: string, apiToken: string) {
  return { "fixture:endpoint": cloud.url, "fixture:apiToken": secretConfig(apiToken), prefix };
}

/** An engine on its own stack, and the program's registration of t0 (captured once, edited by the tests). */
async function scenario(prefix: string): Promise<{ engine: StandinEngine; t0: CapturedResource }> {
  const engine = createEngine({ stackDir: stack.stackDir, stack: prefix, programEnv: stack.programEnv, config: configFor(prefix, token) });
  engines.push(engine);
  const [t0] = (await engine.runProgram()).resources.filter((resource) => resource.custom);
  if (!t0) throw new Error("the program registered no resource");
  return { engine, t0 };
}

function withInputs(resource: CapturedResource, change: PropertyMap, options: Partial<CapturedResource> = {}): CapturedResource[] {
  return [{ ...resource, ...options, inputs: { ...resource.inputs, ...change } }];
}

function entries(resources: ResourceState[], name: string): ResourceState[] {
  return resources.filter((resource) => resource.urn.endsWith(`::${name}`));
}

/** Authorization headers the fixture cloud saw while `work` ran. */
async function tokensDuring<T>(work: () => Promise<T>): Promise<{ result: T; tokens: string[] }> {
  const before = cloud.requests.length;
  const result = await work();
  return { result, tokens: [...new Set(cloud.requests.slice(before).map((request) => request.authorization ?? ""))] };
}

describe("key rotation: refresh and destroy use the provider inputs saved in state", PROCESS_TESTS, () => {
  it("until an up saves the new config, refresh and destroy configure the host with the old key (deployment.go EnsureProvider → registry.go Same)", async () => {
    const { engine, t0 } = await scenario("rotate");
    expect((await engine.up({ resources: [t0] })).ok).toBe(true);

    // The key in config changes; nothing has run `up` yet.
    engine.setConfig(configFor("rotate", rotatedToken));
    const refresh = await tokensDuring(() => engine.refresh());
    expect(refresh.result.ok).toBe(true);
    expect(refresh.tokens).toEqual([`Bearer ${token}`]);

    // up configures from the current config and saves it as the default provider's inputs (no cloud call: same).
    const up = await engine.up({ resources: [t0] });
    expect(up.steps).toMatchObject([{ op: "same" }]);
    const provider = (await engine.readState()).resources.find((resource) => resource.type === "pulumi:providers:pulumi-nodejs")!;
    expect(isSecret(provider.inputs["fixture:apiToken"])).toBe(true);
    expect(stripSecrets(provider.inputs["fixture:apiToken"]!)).toBe(rotatedToken);

    // Now refresh uses the rotated key, which this cloud does not accept.
    const afterUp = await tokensDuring(() => engine.refresh());
    expect(afterUp.tokens).toEqual([`Bearer ${rotatedToken}`]);
    expect(afterUp.result.ok).toBe(false);
    expect(afterUp.result.steps[0]?.error).toContain("HTTP 401");

    // Setting the good key back in config does not help destroy either: it, too, uses the saved inputs.
    engine.setConfig(configFor("rotate", token));
    const destroy = await tokensDuring(() => engine.destroy());
    expect(destroy.result.ok).toBe(false);
    expect(destroy.tokens).toEqual([`Bearer ${rotatedToken}`]);
    expect(cloud.things.has("rotate-0")).toBe(true);

    // An up saves the good key; destroy then works with it.
    expect((await engine.up({ resources: [t0] })).ok).toBe(true);
    const second = await tokensDuring(() => engine.destroy());
    expect(second.result.ok).toBe(true);
    expect(second.tokens).toEqual([`Bearer ${token}`]);
    expect(cloud.things.has("rotate-0")).toBe(false);
  });
});

describe("a partially failed update", PROCESS_TESTS, () => {
  it("is saved with the old inputs and the new outputs (update.go OnResourceStepPost); refresh reports the drift and clears initErrors (step.go RefreshStep.Apply)", async () => {
    const { engine, t0 } = await scenario("partial");
    expect((await engine.up({ resources: [t0] })).ok).toBe(true);

    const failed = await engine.up({ resources: withInputs(t0, { label: "partial" }) });
    expect(failed.steps).toMatchObject([{ op: "update", status: "failed" }]);
    expect(cloud.things.get("partial-0")?.label).toBe("partial"); // it applied
    const [saved] = entries((await engine.readState()).resources, "t0");
    expect(saved?.inputs["label"]).toBe("first");
    expect(saved?.outputs["label"]).toBe("partial");
    expect(saved?.initErrors).toEqual(["label in doubt"]);

    const refresh = await engine.refresh();
    expect(refresh.steps).toMatchObject([{ op: "update", status: "done", changes: [{ key: "label", kind: "update" }] }]);
    const [refreshed] = entries((await engine.readState()).resources, "t0");
    expect(refreshed?.inputs["label"]).toBe("partial");
    expect(refreshed).not.toHaveProperty("initErrors");
  });
});

describe("a resource with init errors", PROCESS_TESTS, () => {
  it("a clean refresh clears them, so the next up is a same and not an empty Update (step.go RefreshStep.Apply: s.new.InitErrors = initErrors)", async () => {
    const { engine, t0 } = await scenario("unready");
    const unready = withInputs(t0, { label: "unready" });
    const created = await engine.up({ resources: unready });
    expect(created.steps).toMatchObject([{ op: "create", status: "failed" }]);
    expect(entries((await engine.readState()).resources, "t0")).toMatchObject([{ initErrors: ["not ready yet"] }]);

    const refresh = await engine.refresh();
    expect(refresh.ok).toBe(true);
    expect(entries((await engine.readState()).resources, "t0")[0]).not.toHaveProperty("initErrors");

    const before = cloud.requests.length;
    const up = await engine.up({ resources: unready });
    expect(up.steps).toMatchObject([{ op: "same", calls: ["check", "diff"] }]);
    expect(cloud.requests.length).toBe(before);
  });
});

describe("a delete-before-replace whose create failed", PROCESS_TESTS, () => {
  it("stays pending replacement: refresh does not read it, and the next up replaces it even when Diff sees no change (step_generator.go continueStepsFromDiff)", async () => {
    const { engine, t0 } = await scenario("pending");
    expect((await engine.up({ resources: [t0] })).ok).toBe(true);
    cloud.things.set("pending-0b", { locked: true });

    const renamed = await engine.up({ resources: withInputs(t0, { name: "pending-0b" }) });
    expect(renamed.steps).toMatchObject([
      { op: "replace", status: "failed", deleteBeforeReplace: true, calls: ["check", "diff", "check", "delete", "create"] },
    ]);
    expect(cloud.things.has("pending-0")).toBe(false);
    expect(entries((await engine.readState()).resources, "t0")).toMatchObject([{ pendingReplacement: true }]);

    const before = cloud.requests.length;
    const refresh = await engine.refresh();
    expect(refresh.steps).toMatchObject([{ op: "same", status: "done", calls: [] }]);
    expect(cloud.requests.length).toBe(before);
    expect(entries((await engine.readState()).resources, "t0")).toMatchObject([{ pendingReplacement: true }]);

    // Back to the old name: the fixture's Diff sees no change, but the pending replacement is still replaced:
    // created, not deleted again (the fixture answers deleteBeforeReplace on every diff; see its comment).
    const back = await engine.up({ resources: [t0] });
    expect(back.steps).toMatchObject([
      { op: "replace", status: "done", deleteBeforeReplace: true, calls: ["check", "diff", "check", "create"] },
    ]);
    expect(cloud.things.get("pending-0")).toEqual({ label: "first", size: 1 });
    expect(entries((await engine.readState()).resources, "t0")[0]).not.toHaveProperty("pendingReplacement");
  });
});

describe("a create-before-delete replacement whose delete fails", PROCESS_TESTS, () => {
  it("keeps the old resource in state marked delete, and every later up retries the delete until it works (step.go CreateStep.Apply, step_generator.go GenerateDeletes)", async () => {
    const { engine, t0 } = await scenario("cbd");
    expect((await engine.up({ resources: [t0] })).ok).toBe(true);
    cloud.things.get("cbd-0")!.locked = true;

    const createFirst = withInputs(t0, { name: "cbd-0b" }, { deleteBeforeReplace: false });
    const replaced = await engine.up({ resources: createFirst });
    expect(replaced.ok).toBe(false);
    expect(replaced.steps).toMatchObject([
      { op: "replace", status: "done", deleteBeforeReplace: false, calls: ["check", "diff", "check", "create"] },
      { op: "delete", status: "failed", name: "t0", calls: ["delete"], error: expect.stringContaining("thing cbd-0 is locked") },
    ]);
    const state = entries((await engine.readState()).resources, "t0");
    expect(state.map((resource) => [resource.id, resource.delete ?? false])).toEqual([
      ["cbd-0b", false],
      ["cbd-0", true],
    ]);

    const retried = await engine.up({ resources: createFirst });
    expect(retried.steps).toMatchObject([
      { op: "same", status: "done" },
      { op: "delete", status: "failed", calls: ["delete"] },
    ]);

    cloud.things.get("cbd-0")!.locked = false;
    const settled = await engine.up({ resources: createFirst });
    expect(settled.ok).toBe(true);
    expect(settled.steps).toMatchObject([{ op: "same" }, { op: "delete", status: "done", calls: ["delete"] }]);
    expect(cloud.things.has("cbd-0")).toBe(false);
    expect(entries((await engine.readState()).resources, "t0").map((resource) => resource.id)).toEqual(["cbd-0b"]);
  });
});

describe("a resource that vanished, with a refresh between a failed up and the next one", PROCESS_TESTS, () => {
  it("the up fails, refresh drops it (blank ID from Read), and the next up creates it (step.go RefreshStep.Apply)", async () => {
    const { engine, t0 } = await scenario("vanish");
    expect((await engine.up({ resources: [t0] })).ok).toBe(true);
    cloud.things.delete("vanish-0");

    const failed = await engine.up({ resources: withInputs(t0, { label: "second" }) });
    expect(failed.steps).toMatchObject([{ op: "update", status: "failed", error: "thing vanish-0 does not exist any more" }]);
    expect(entries((await engine.readState()).resources, "t0")).toHaveLength(1);

    const refresh = await engine.refresh();
    expect(refresh.steps).toMatchObject([{ op: "delete", status: "done", calls: ["read"] }]);
    expect((await engine.readState()).resources).toEqual([]);

    const again = await engine.up({ resources: withInputs(t0, { label: "second" }) });
    expect(again.steps).toMatchObject([{ op: "create", status: "done", calls: ["check", "create"] }]);
    expect(cloud.things.get("vanish-0")).toEqual({ label: "second", size: 1 });
  });
});
