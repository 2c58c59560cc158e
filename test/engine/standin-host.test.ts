import { readdirSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEngine, type StandinEngine } from "../../engine-standin/engine";
import type { CapturedResource } from "../../engine-standin/program-capture";
import { liveHostProcessGroups, startHost } from "../../engine-standin/host";
import { findLeaks } from "../../engine-standin/leak-scan";
import { isSecret, providerKey, stripSecrets, unknownValue, type PropertyMap } from "../../engine-standin/property-values";
import { secretConfig } from "../../engine-standin/stack-config";
import { createStateStore } from "../../engine-standin/state-store";
import { startFixtureCloud, type FixtureCloud } from "../fixtures/fixture-cloud";
import { preparePackedStack, type PackedStack } from "../support/packed-package";
import { PROCESS_TESTS } from "./support";
import path from "node:path";
import { writeFile } from "node:fs/promises";

/**
 * The stand-in itself, driven against a tiny fixture dynamic provider (test/fixtures/standin-fixture-provider,
 * packed and installed like the real package) through @pulumi/pulumi's real dynamic-provider host.
 * One stack, one host and one fixture cloud for the file; the steps build on each other in order.
 */
const token = "fixture-token-6f1d0c";
const apiKey = "hunter2-fixture-api-key";
const fixtureSource = path.resolve(__dirname, "../fixtures/standin-fixture-provider");

const program = `
import * as pulumi from "@pulumi/pulumi";
import { Thing } from "standin-fixture-provider";

const config = new pulumi.Config();
const count = config.getNumber("count") ?? 2;
for (let i = 0; i < count; i++) {
  new Thing(\`t\${i}\`, {
    name: \`thing-\${i}\`,
    size: config.get("badSize") ?? (config.getNumber("size") ?? 1),
    label: config.get("label") ?? "first",
    ...(i === 0 ? { apiKey: config.requireSecret("apiKey") } : {}),
  });
}
`;

let cloud: FixtureCloud;
let stack: PackedStack;
let engine: StandinEngine;
/** The program's registrations, captured once; later steps edit copies instead of re-running the program. */
let baseline: CapturedResource[];

/** The registrations with some inputs changed, as an edited program would register them. */
function edited(change: PropertyMap, resources: CapturedResource[] = baseline): CapturedResource[] {
  return resources.map((resource) => ({ ...resource, inputs: { ...resource.inputs, ...change } }));
}

/**
 * Processes of a process group that are still running. Zombies do not count: in this container PID 1 does not
 * reap orphans promptly, so the killed host's `node` lingers as a zombie after its `sh` parent exits.
 */
function livingGroupMembers(pgid: number): number[] {
  const living: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) === pgid && fields[0] !== "Z") living.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return living;
}

function thingState(resources: Array<{ urn: string; inputs: PropertyMap; outputs: PropertyMap }>, name: string) {
  const found = resources.find((resource) => resource.urn.endsWith(`::${name}`));
  if (!found) throw new Error(`no ${name} in state`);
  return found;
}

beforeAll(async () => {
  cloud = await startFixtureCloud(token);
  stack = await preparePackedStack({ name: "standin-host", packageSource: fixtureSource, programSource: program });
  engine = createEngine({
    stackDir: stack.stackDir,
    programEnv: stack.programEnv,
    config: { "fixture:endpoint": cloud.url, "fixture:apiToken": secretConfig(token), apiKey: secretConfig(apiKey) },
  });
});

afterAll(async () => {
  await engine?.close();
  await cloud?.close();
  await stack?.cleanup();
});

describe("engine stand-in against the fixture provider", PROCESS_TESTS, () => {
  it("captures the exact RegisterResource inputs: __provider is a require() shim, secrets are wrappers", async () => {
    baseline = (await engine.runProgram()).resources;
    expect(baseline.map((r) => r.name).sort()).toEqual(["t0", "t1"]);
    const first = baseline.find((r) => r.name === "t0")!;
    expect(first.type).toBe("pulumi-nodejs:dynamic/fixture:Thing");
    expect(first.urn).toBe("urn:pulumi:dev::standin::pulumi-nodejs:dynamic/fixture:Thing::t0");
    expect(first.inputs[providerKey]).toContain('require("standin-fixture-provider/lifecycle")');
    expect(isSecret(first.inputs["apiKey"])).toBe(true);
    expect(stripSecrets(first.inputs["apiKey"]!)).toBe(apiKey);
    expect(first.inputs["label"]).toBe("first");
  });

  it("preview runs Check (and no Create) and plans two creates", async () => {
    const result = await engine.preview();
    expect(result.ok).toBe(true);
    expect(result.steps.map((s) => [s.name, s.op, s.status, s.calls]).sort()).toEqual([
      ["t0", "create", "planned", ["check"]],
      ["t1", "create", "planned", ["check"]],
    ]);
    expect(cloud.requests).toHaveLength(0);
  });

  it("up creates; Configure delivered the secret config decrypted; secrets are stripped and re-marked", async () => {
    const result = await engine.up({ resources: baseline });
    expect(result.ok).toBe(true);
    expect(result.summary.create).toBe(2);
    expect(cloud.requests.every((r) => r.authorization === `Bearer ${token}`)).toBe(true);
    expect(cloud.things.get("thing-0")).toEqual({ label: "first", size: 1 });

    const state = await engine.readState();
    const t0 = thingState(state.resources, "t0");
    // The provider received plaintext (it fingerprinted it) and the engine re-marked only the matching key.
    expect(isSecret(t0.outputs["apiKey"])).toBe(true);
    expect(t0.outputs["apiKeyFingerprint"]).toMatch(/^[0-9a-f]{8}$/);
    expect(isSecret(t0.outputs["apiKeyFingerprint"])).toBe(false);
    expect(t0.outputs[providerKey]).toBe(t0.inputs[providerKey]);

    const file = await readFile(engine.statePath, "utf8");
    expect(findLeaks(file, { secrets: [apiKey, token] })).toEqual([]);
    expect(file).toContain('"ciphertext": "v1:');
    // The default provider holds the whole stack config, the token as a secret.
    expect(state.resources[0]?.type).toBe("pulumi:providers:pulumi-nodejs");
    expect(isSecret(state.resources[0]?.inputs["fixture:apiToken"])).toBe(true);
  });

  it("a second up with nothing changed is Check + Diff only, with zero calls to the cloud", async () => {
    const before = cloud.requests.length;
    const result = await engine.up({ resources: baseline });
    expect(result.steps.map((s) => [s.op, s.calls])).toEqual([
      ["same", ["check", "diff"]],
      ["same", ["check", "diff"]],
    ]);
    expect(cloud.requests.length).toBe(before);
  });

  it("a changed field previews as ~update [diff: ~label] and up sends exactly that field", async () => {
    const secondLabel = edited({ label: "second" });
    const preview = await engine.preview({ resources: secondLabel });
    expect(preview.steps.map((s) => [s.op, s.status, s.changes])).toEqual([
      ["update", "planned", [{ key: "label", kind: "update" }]],
      ["update", "planned", [{ key: "label", kind: "update" }]],
    ]);
    const before = cloud.requests.length;
    const result = await engine.up({ resources: secondLabel });
    expect(result.summary.update).toBe(2);
    const writes = cloud.requests.slice(before).filter((r) => r.method !== "GET");
    expect(writes.map((r) => [r.method, r.body])).toEqual([
      ["PATCH", { label: "second" }],
      ["PATCH", { label: "second" }],
    ]);
  });

  it("refresh reads with the stored outputs, replaces inputs from read, and reports drift; up corrects it", async () => {
    cloud.things.get("thing-1")!.size = 9;
    const refresh = await engine.refresh();
    const drifted = refresh.steps.find((s) => s.name === "t1")!;
    expect(drifted).toMatchObject({ op: "update", status: "done", calls: ["read", "diff"] });
    expect(drifted.changes).toEqual([{ key: "size", kind: "update" }]);
    expect(refresh.steps.find((s) => s.name === "t0")!.op).toBe("same");
    const state = await engine.readState();
    expect(thingState(state.resources, "t1").inputs["size"]).toBe(9);
    // Secretness survives the refresh (annotateSecrets from the stored outputs and inputs).
    expect(isSecret(thingState(state.resources, "t0").outputs["apiKey"])).toBe(true);
    expect(isSecret(thingState(state.resources, "t0").inputs["apiKey"])).toBe(true);

    const before = cloud.requests.length;
    const up = await engine.up({ resources: edited({ label: "second" }) });
    expect(up.steps.find((s) => s.name === "t1")).toMatchObject({ op: "update", changes: [{ key: "size", kind: "update" }] });
    expect(cloud.requests.slice(before).filter((r) => r.method === "PATCH").map((r) => r.body)).toEqual([{ size: 1 }]);
    expect(cloud.things.get("thing-1")?.size).toBe(1);
  });

  it("a resource deleted out of band leaves the state on refresh (blank ID from Read) and up creates it again", async () => {
    cloud.things.delete("thing-1");
    const refresh = await engine.refresh();
    // step.go RefreshStep.Apply: "If the ID is blank treat this as a delete".
    expect(refresh.steps.find((s) => s.name === "t1")).toMatchObject({ op: "delete", status: "done", calls: ["read"] });
    expect((await engine.readState()).resources.some((r) => r.urn.endsWith("::t1"))).toBe(false);
    const up = await engine.up({ resources: edited({ label: "second" }) });
    expect(up.steps.find((s) => s.name === "t1")).toMatchObject({ op: "create", status: "done", calls: ["check", "create"] });
    expect(cloud.things.get("thing-1")).toEqual({ label: "second", size: 1 });
  });

  it("the deleteBeforeReplace option overrides the provider's choice; replacement deletes honour retainOnDelete", async () => {
    const withT0 = (change: Partial<CapturedResource>, inputs: PropertyMap = {}) =>
      edited({ label: "second" }).map((r) => (r.name === "t0" ? { ...r, ...change, inputs: { ...r.inputs, ...inputs } } : r));
    const retained = await engine.up({ resources: withT0({ retainOnDelete: true }) });
    expect(retained.steps.find((s) => s.name === "t0")).toMatchObject({ op: "same" });
    expect(thingState((await engine.readState()).resources, "t0")).toMatchObject({ retainOnDelete: true });

    // The provider asks for delete-before-replace on a rename; the option says create first. The old thing is
    // retained, so the replacement deletes nothing.
    const renamed = await engine.up({ resources: withT0({ retainOnDelete: true, deleteBeforeReplace: false }, { name: "thing-0b" }) });
    expect(renamed.steps.find((s) => s.name === "t0")).toMatchObject({
      op: "replace",
      status: "done",
      deleteBeforeReplace: false,
      calls: ["check", "diff", "check", "create"],
    });
    expect(cloud.things.has("thing-0")).toBe(true);
    expect(cloud.things.has("thing-0b")).toBe(true);

    // Back, with no option: the provider's delete-before-replace applies, and the retained old thing stays.
    const back = await engine.up({ resources: edited({ label: "second" }) });
    expect(back.steps.find((s) => s.name === "t0")).toMatchObject({
      op: "replace",
      status: "done",
      deleteBeforeReplace: true,
      calls: ["check", "diff", "check", "create"],
    });
    expect(cloud.things.has("thing-0b")).toBe(true);
    cloud.things.delete("thing-0b");
    expect(thingState((await engine.readState()).resources, "t0")).not.toHaveProperty("retainOnDelete");
  });

  it("an unchanged resource with initErrors gets an empty Update, which clears them", async () => {
    const store = createStateStore({ path: engine.statePath, passphrase: "standin", project: engine.project, stack: engine.stack });
    const state = await store.load();
    await store.save({
      ...state,
      resources: state.resources.map((r) => (r.urn.endsWith("::t1") ? { ...r, initErrors: ["not ready yet"] } : r)),
    });
    const preview = await engine.preview({ resources: edited({ label: "second" }) });
    expect(preview.steps.find((s) => s.name === "t1")).toMatchObject({ op: "update", status: "planned", changes: [] });
    expect(preview.steps.find((s) => s.name === "t0")).toMatchObject({ op: "same" });
    const up = await engine.up({ resources: edited({ label: "second" }) });
    expect(up.steps.find((s) => s.name === "t1")).toMatchObject({
      op: "update",
      status: "done",
      changes: [],
      calls: ["check", "diff", "update"],
    });
    expect(thingState((await engine.readState()).resources, "t1")).not.toHaveProperty("initErrors");
  });

  it("starts a new host for every operation, as each CLI command does", async () => {
    const first = await engine.host();
    await engine.preview({ resources: edited({ label: "second" }) });
    const second = await engine.host();
    expect(second.pid).not.toBe(first.pid);
    expect(liveHostProcessGroups()).not.toContain(first.pid);
    expect(liveHostProcessGroups()).toContain(second.pid);
  });

  it("Check failures and provider errors are reported per resource with the host's message; nothing is created", async () => {
    const failed = await engine.up({ resources: edited({ label: "second", size: "big" }) });
    expect(failed.ok).toBe(false);
    expect(failed.steps.find((s) => s.status === "failed")).toMatchObject({
      status: "failed",
      checkFailures: [{ property: "size", reason: "size must be a number" }],
      error: "property size: size must be a number",
    });
    cloud.things.set("thing-2", { locked: true });
    const second = edited({ label: "second" });
    const t1 = second.find((r) => r.name === "t1")!;
    const third = { ...t1, name: "t2", urn: t1.urn.replace(/::t1$/, "::t2"), inputs: { ...t1.inputs, name: "thing-2" } };
    const locked = await engine.up({ resources: [...second, third] });
    const step = locked.steps.find((s) => s.name === "t2")!;
    expect(step).toMatchObject({ op: "create", status: "failed", error: "thing thing-2 is locked" });
    expect((await engine.readState()).resources.some((r) => r.urn.endsWith("::t2"))).toBe(false);
  });

  it("destroy deletes with the stored outputs (the stored __provider) and empties the state", async () => {
    const result = await engine.destroy();
    expect(result.ok).toBe(true);
    expect(result.steps.map((s) => [s.op, s.calls])).toEqual([
      ["delete", ["delete"]],
      ["delete", ["delete"]],
    ]);
    expect([...cloud.things.keys()]).toEqual(["thing-2"]);
    expect((await engine.readState()).resources).toEqual([]);
  });

  it("the host never calls the engine and is stopped with its whole process group", async () => {
    const host = await engine.host();
    expect(host.engineCalls).toEqual([]);
    const pid = host.pid;
    expect(livingGroupMembers(pid).length).toBeGreaterThanOrEqual(2); // sh and node
    await engine.close();
    expect(livingGroupMembers(pid)).toEqual([]);
    expect(liveHostProcessGroups()).not.toContain(pid);
  });
});

describe("preview with unknowns", PROCESS_TESTS, () => {
  it("an input computed from a resource still to be created reaches Check as the unknown sentinel; nothing is created", async () => {
    await writeFile(
      path.join(stack.stackDir, "dependent.ts"),
      [
        `import { Thing } from "standin-fixture-provider";`,
        `const first = new Thing("dep-a", { name: "dep-a", size: 1 });`,
        `new Thing("dep-b", { name: "dep-b", size: 1, label: first.apiKeyFingerprint.apply((f) => \`after \${f}\`) });`,
        ``,
      ].join("\n"),
    );
    const dependent = createEngine({
      stackDir: stack.stackDir,
      stack: "dependent",
      programPath: "dependent.ts",
      programEnv: stack.programEnv,
      config: { "fixture:endpoint": cloud.url, "fixture:apiToken": secretConfig(token) },
    });
    try {
      const { resources } = await dependent.runProgram({ preview: true });
      expect(resources.find((r) => r.name === "dep-b")?.inputs["label"]).toBe(unknownValue);
      const before = cloud.requests.length;
      const preview = await dependent.preview({ resources });
      expect(preview.ok).toBe(true);
      expect(preview.steps.map((s) => [s.name, s.op, s.status, s.calls]).sort()).toEqual([
        ["dep-a", "create", "planned", ["check"]],
        ["dep-b", "create", "planned", ["check"]],
      ]);
      expect(cloud.requests.length).toBe(before);
    } finally {
      await dependent.close();
    }
  });
});

describe("configure race in the fixture provider", PROCESS_TESTS, () => {
  it("20 Creates sent together right after Configure all see the configuration", async () => {
    const host = await startHost({ stackDir: stack.stackDir, project: "standin" });
    try {
      await host.provider.configure({
        args: {
          "fixture:endpoint": cloud.url,
          "fixture:apiToken": { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: token },
          // Widens the window in which the host has cached the provider but configure() has not finished.
          "fixture:configureDelayMs": "200",
        },
        variables: {},
        acceptSecrets: true,
        acceptResources: true,
      });
      const goal = baseline.find((r) => r.name === "t1")!;
      const created = await Promise.all(
        Array.from({ length: 20 }, (_, index) =>
          host.provider.create({ urn: `${goal.urn}${index}`, name: `${goal.name}${index}`, type: goal.type, properties: stripSecrets({ ...goal.inputs, name: `race-${index}` }) as PropertyMap }),
        ),
      );
      expect(created.map((c) => c.id).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `race-${i}`).sort());
      expect(cloud.requests.filter((r) => r.name.startsWith("race-")).every((r) => r.authorization === `Bearer ${token}`)).toBe(true);
    } finally {
      await host.stop();
    }
  });
});
