import { describe, expect, it } from "vitest";
import { diffInputs, diffUnknown, replaceOnChangesKeys } from "../../engine-standin/engine-diff";
import type { DynamicProviderHost } from "../../engine-standin/host";
import type { CapturedResource } from "../../engine-standin/program-capture";
import type { DiffResponse, ProviderClient } from "../../engine-standin/provider-client";
import { parsePropertyPath, pathContains, processIgnoreChanges } from "../../engine-standin/property-paths";
import { annotateSecrets, isSecret, makeSecret, type PropertyMap } from "../../engine-standin/property-values";
import type { ResourceState } from "../../engine-standin/state-store";
import { deleteStep, goalStep, refreshStep, type StepContext } from "../../engine-standin/steps";

/**
 * Rows 6–9 of issue 16, unit by unit: the stand-in's steps against a scripted provider (no host process), and
 * the ports of the engine's diff helpers. Each test names the engine function it follows (pulumi/pulumi, SDK 3.260).
 */
const urn = "urn:pulumi:dev::p::pulumi-nodejs:dynamic:Resource::r";
const unknownDiff: DiffResponse = { changes: "DIFF_UNKNOWN", replaces: [], stables: [], deleteBeforeReplace: false, diffs: [], hasDetailedDiff: false };

interface Script {
  diff?: DiffResponse;
  read?: { id: string; properties: PropertyMap; inputs?: PropertyMap };
}

/** A provider that answers Check with its inputs, Diff and Read as scripted, Update with its news; records requests. */
function scriptedContext(script: Script, current = new Map<string, ResourceState>()) {
  const requests: Array<{ method: string; request: any }> = [];
  const provider: Partial<ProviderClient> = {
    async check(request) {
      requests.push({ method: "check", request });
      return { inputs: request.news, failures: [] };
    },
    async diff(request) {
      requests.push({ method: "diff", request });
      return script.diff ?? unknownDiff;
    },
    async read(request) {
      requests.push({ method: "read", request });
      return script.read ?? { id: request.id, properties: request.properties, ...(request.inputs ? { inputs: request.inputs } : {}) };
    },
    async update(request) {
      requests.push({ method: "update", request });
      return { properties: request.news };
    },
    async create(request) {
      requests.push({ method: "create", request });
      return { id: "new-id", properties: request.properties };
    },
    async delete(request) {
      requests.push({ method: "delete", request });
    },
  };
  const context: StepContext = {
    host: { provider } as unknown as DynamicProviderHost,
    preview: false,
    providerRef: "ref",
    current,
    pendingDeletes: [],
  };
  return { context, requests };
}

function goal(inputs: PropertyMap, options: Partial<CapturedResource> = {}): CapturedResource {
  return {
    urn,
    type: "pulumi-nodejs:dynamic:Resource",
    name: "r",
    custom: true,
    parent: "",
    inputs,
    dependencies: [],
    ignoreChanges: [],
    additionalSecretOutputs: [],
    replaceOnChanges: [],
    protect: false,
    retainOnDelete: false,
    ...options,
  };
}

function stored(inputs: PropertyMap, outputs: PropertyMap, extra: Partial<ResourceState> = {}): ResourceState {
  return { urn, type: "pulumi-nodejs:dynamic:Resource", custom: true, id: "id-1", provider: "ref", inputs, outputs, ...extra };
}

describe("row 6: DIFF_UNKNOWN in refresh compares inputs only (step_generator.go diffResource, called by step.go RefreshStep.Apply)", () => {
  it("outputs that changed while the inputs did not are no drift", async () => {
    const old = stored({ name: "a" }, { name: "a", etag: "1" });
    const { context } = scriptedContext({ read: { id: "id-1", properties: { name: "a", etag: "2" }, inputs: { name: "a" } } });
    const { step, state } = await refreshStep(context, old);
    expect(step).toMatchObject({ op: "same", changes: [] });
    expect(state?.outputs["etag"]).toBe("2");
  });

  it("changed inputs are drift, shown stored → refreshed", async () => {
    const old = stored({ name: "a", size: 1 }, { name: "a", size: 1 });
    const { context } = scriptedContext({ read: { id: "id-1", properties: { name: "a", size: 2 }, inputs: { name: "a", size: 2 } } });
    expect((await refreshStep(context, old)).step).toMatchObject({ op: "update", changes: [{ key: "size", kind: "update" }] });
  });
});

describe("row 7: replaceOnChanges matches property paths (step_generator.go applyReplaceOnChanges, properties_path.go Contains)", () => {
  const olds = { name: "a", tags: { team: "x", cost: "1" }, list: [1, 2] };

  it("parses the engine's path syntax", () => {
    expect(parsePropertyPath("tags.team")).toEqual(["tags", "team"]);
    expect(parsePropertyPath('tags["a.b"][0]')).toEqual(["tags", "a.b", 0]);
    expect(parsePropertyPath("list[*].x")).toEqual(["list", "*", "x"]);
    expect(pathContains(["*"], ["tags", "team"])).toBe(true);
    expect(pathContains(["tags", "team"], ["tags"])).toBe(false);
    expect(() => parsePropertyPath(".a")).toThrow();
  });

  it("a nested path, a parent key and `*` force a replacement; another nested path does not", () => {
    const diff = diffUnknown(olds, { ...olds, tags: { team: "y", cost: "1" } }, []);
    expect(diff.changedKeys).toEqual([{ key: "tags", kind: "update" }]);
    expect(replaceOnChangesKeys(diff, ["tags.team"], false)).toEqual(["tags.team"]);
    expect(replaceOnChangesKeys(diff, ["tags"], false)).toEqual(["tags", "tags.team"]);
    expect(replaceOnChangesKeys(diff, ["*"], false)).toEqual(["tags", "tags.team"]);
    expect(replaceOnChangesKeys(diff, ["tags.cost"], false)).toEqual([]);
    expect(replaceOnChangesKeys(diffUnknown(olds, { ...olds, list: [1, 3] }, []), ["list[1]"], false)).toEqual(["list[1]"]);
  });

  it("through goalStep: a nested replaceOnChanges path replaces; with DIFF_SOME (no diffs from the Node host) it cannot apply", async () => {
    const old = stored(olds, olds);
    const news = { ...olds, tags: { team: "y", cost: "1" } };
    const unknown = scriptedContext({});
    expect(await goalStep(unknown.context, goal(news, { replaceOnChanges: ["tags.team"] }), old)).toMatchObject({
      op: "replace",
      replaceKeys: ["tags.team"],
    });
    const some = scriptedContext({ diff: { ...unknownDiff, changes: "DIFF_SOME" } });
    expect(await goalStep(some.context, goal(news, { replaceOnChanges: ["tags.team"] }), old)).toMatchObject({ op: "update" });
  });

  it("init errors force a replacement when a path contains #initerror, even with no change", async () => {
    const old = stored(olds, olds, { initErrors: ["not ready"] });
    const { context } = scriptedContext({ diff: { ...unknownDiff, changes: "DIFF_NONE" } });
    expect(await goalStep(context, goal(olds, { replaceOnChanges: ["*"] }), old)).toMatchObject({ op: "replace", replaceKeys: ["#initerror"] });
  });
});

describe("row 8: outputs are re-marked secret on every step (step_executor.go; provider_plugin.go annotateSecrets)", () => {
  it("annotateSecrets marks an output whose input holds a secret anywhere inside (ContainsSecrets)", () => {
    const outs = annotateSecrets({ list: ["a", "b"], nested: { key: "k" } }, { list: ["a", makeSecret("b")], nested: { key: makeSecret("k") } });
    expect(isSecret(outs["list"])).toBe(true);
    expect(isSecret((outs["nested"] as PropertyMap)["key"])).toBe(true);
  });

  it("a Same step marks the old outputs from the new secret inputs and the additionalSecretOutputs", async () => {
    const old = stored({ token: "t", name: "a" }, { token: "t", name: "a", etag: "1" });
    const current = new Map<string, ResourceState>();
    const { context, requests } = scriptedContext({ diff: { ...unknownDiff, changes: "DIFF_NONE" } }, current);
    const step = await goalStep(context, goal({ token: makeSecret("t"), name: "a" }, { additionalSecretOutputs: ["etag"] }), old);
    expect(step.op).toBe("same");
    expect(requests.map((r) => r.method)).toEqual(["check", "diff"]);
    const saved = current.get(urn)!;
    expect(isSecret(saved.outputs["token"])).toBe(true);
    expect(isSecret(saved.outputs["etag"])).toBe(true);
    expect(saved.outputs["name"]).toBe("a");
  });

  it("a refresh marks the read outputs from the stored additionalSecretOutputs", async () => {
    const old = stored({ name: "a" }, { name: "a", etag: makeSecret("1") }, { additionalSecretOutputs: ["etag", "late"] });
    const { context } = scriptedContext({ read: { id: "id-1", properties: { name: "a", etag: "1", late: "x" }, inputs: { name: "a" } } });
    const { state } = await refreshStep(context, old);
    expect(isSecret(state?.outputs["late"])).toBe(true);
  });
});

describe("row 9: null is absent, and ignoreChanges applies in up and refresh (properties_diff.go; step_generator.go processIgnoreChanges)", () => {
  it("a null value and a missing key are the same, at any depth", () => {
    expect(diffInputs({ a: 1, b: null, c: { d: null } }, { a: 1, c: {} }).changedKeys).toEqual([]);
    expect(diffInputs({ a: null }, { a: 2 }).changedKeys).toEqual([{ key: "a", kind: "add" }]);
    expect(diffInputs({ a: makeSecret("s") }, { a: "s" }).changedKeys).toEqual([]);
  });

  it("processIgnoreChanges resets top-level, nested and wildcard paths to the old values", () => {
    const olds = { label: "old", tags: { team: "x", cost: "1" } };
    const news = { label: "new", tags: { team: "y", cost: "2", extra: "3" } };
    expect(processIgnoreChanges(news, olds, ["label"])).toEqual({ label: "old", tags: news.tags });
    expect(processIgnoreChanges(news, olds, ["tags.team"])).toEqual({ label: "new", tags: { team: "x", cost: "2", extra: "3" } });
    expect(processIgnoreChanges(news, olds, ["tags.*"])).toEqual({ label: "new", tags: { team: "x", cost: "1" } });
    expect(news.tags.team).toBe("y"); // the input is not mutated
  });

  it("up sends Check the ignored path at its old value, so the resource is a same", async () => {
    const old = stored({ name: "a", label: "old" }, { name: "a", label: "old" });
    const { context, requests } = scriptedContext({});
    const step = await goalStep(context, goal({ name: "a", label: "new" }, { ignoreChanges: ["label"] }), old);
    expect(step.op).toBe("same");
    expect(requests[0]?.request.news).toEqual({ name: "a", label: "old" });
  });

  it("refresh passes the stored ignoreChanges to Diff and leaves the ignored drift out of its own comparison", async () => {
    const old = stored({ name: "a", label: "old" }, { name: "a", label: "old" }, { ignoreChanges: ["label"] });
    const { context, requests } = scriptedContext({ read: { id: "id-1", properties: { name: "a", label: "console" }, inputs: { name: "a", label: "console" } } });
    const { step, state } = await refreshStep(context, old);
    expect(requests.find((r) => r.method === "diff")?.request.ignoreChanges).toEqual(["label"]);
    expect(step.op).toBe("same");
    expect(state?.inputs["label"]).toBe("console");
  });
});

describe("protect (found while checking the stand-in for places kinder than the engine)", () => {
  it("a protected resource is not replaced (step_generator.go continueStepsFromDiff) nor deleted (step.go DeleteStep.Apply)", async () => {
    const old = stored({ name: "a" }, { name: "a" }, { protect: true });
    const { context, requests } = scriptedContext({ diff: { ...unknownDiff, changes: "DIFF_SOME", replaces: ["name"] } });
    const replace = await goalStep(context, goal({ name: "b" }, { protect: true }), old);
    expect(replace).toMatchObject({ op: "replace", status: "failed", error: expect.stringContaining("marked for protection") });
    const removed = await deleteStep(context, old, () => undefined);
    expect(removed).toMatchObject({ op: "delete", status: "failed", error: expect.stringContaining("because it is protected") });
    expect(requests.map((r) => r.method)).toEqual(["check", "diff"]);
  });

  it("unprotecting and replacing in one run is allowed, as in the engine (only old.Protect && new.Protect blocks)", async () => {
    const old = stored({ name: "a" }, { name: "a" }, { protect: true });
    const { context } = scriptedContext({ diff: { ...unknownDiff, changes: "DIFF_SOME", replaces: ["name"] } });
    expect(await goalStep(context, goal({ name: "b" }), old)).toMatchObject({ op: "replace", status: "done" });
  });
});
