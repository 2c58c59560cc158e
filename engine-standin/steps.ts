import { randomBytes } from "node:crypto";
import type { DynamicProviderHost } from "./host";
import type { CapturedResource } from "./program-capture";
import { ProviderCallError, type CheckFailure } from "./provider-client";
import {
  annotateSecrets,
  diffKeys,
  markSecretKeys,
  stripSecretsFromMap as strip,
  type KeyChange,
  type PropertyMap,
} from "./property-values";
import type { StepOp, StepResult } from "./results";
import type { ResourceState } from "./state-store";

/**
 * One resource's step, with the engine's semantics (pkg/resource/deploy/step.go, step_generator.go and
 * provider_plugin.go, as summarised in shared/reference/pulumi-dynamic-provider-internals.md §2.2, §3.3, §6):
 * every request has its secrets stripped (the host answered acceptSecrets=false) and every response is re-marked
 * with `annotateSecrets` from the request's inputs.
 */
export interface StepContext {
  host: DynamicProviderHost;
  preview: boolean;
  /** `<provider urn>::<id>`, recorded on new resources. */
  providerRef: string;
  /** The state being built; steps replace or remove their own URN. */
  current: Map<string, ResourceState>;
}

interface Ref {
  urn: string;
  name: string;
  type: string;
}

function nameFromUrn(urn: string): string {
  return urn.split("::").slice(3).join("::");
}

function errorMessage(error: unknown): string {
  return error instanceof ProviderCallError ? error.message : error instanceof Error ? error.message : String(error);
}

function describeCheckFailures(failures: CheckFailure[]): string {
  return failures.map((f) => (f.property ? `property ${f.property}: ${f.reason}` : f.reason)).join("; ");
}

function makeStep(ref: Ref, calls: string[], op: StepOp, status: StepResult["status"], extra: Partial<StepResult> = {}) {
  return { op, ...ref, status, changes: [] as KeyChange[], calls, ...extra } satisfies StepResult;
}

function finalOutputs(properties: PropertyMap, checked: PropertyMap, goal: CapturedResource): PropertyMap {
  return markSecretKeys(annotateSecrets(properties, checked), goal.additionalSecretOutputs);
}

function goalExtras(goal: CapturedResource): Partial<ResourceState> {
  return {
    ...(goal.additionalSecretOutputs.length > 0 ? { additionalSecretOutputs: goal.additionalSecretOutputs } : {}),
    ...(goal.retainOnDelete ? { retainOnDelete: true } : {}),
  };
}

/** The old state with the goal's resource options in place of the old ones (every step writes the new options). */
function withGoalOptions(old: ResourceState, goal: CapturedResource): ResourceState {
  const { additionalSecretOutputs: _secrets, retainOnDelete: _retain, ...rest } = old;
  return { ...rest, ...goalExtras(goal) };
}

/**
 * Delete for a replacement (DeleteStep.Apply): no provider call when the old state has retainOnDelete, as for a
 * plain delete. Returns an error message.
 */
async function deleteReplaced(context: StepContext, ref: Ref, old: ResourceState, calls: string[]): Promise<string | undefined> {
  if (old.retainOnDelete) return undefined;
  calls.push("delete");
  try {
    await context.host.provider.delete({ ...ref, id: old.id, properties: strip(old.outputs), oldInputs: strip(old.inputs) });
    return undefined;
  } catch (error) {
    return errorMessage(error);
  }
}

/** Create, recording the new state (also a partial one on `ErrorResourceInitFailed`, as Update does). Returns an error message. */
async function createResource(
  context: StepContext,
  goal: CapturedResource,
  checked: PropertyMap,
  calls: string[],
): Promise<string | undefined> {
  const ref = { urn: goal.urn, name: goal.name, type: goal.type };
  calls.push("create");
  try {
    const response = await context.host.provider.create({ ...ref, properties: strip(checked) });
    if (!response.id) return "the provider returned an empty ID from Create";
    context.current.set(goal.urn, {
      urn: goal.urn,
      type: goal.type,
      custom: true,
      id: response.id,
      provider: context.providerRef,
      inputs: checked,
      outputs: finalOutputs(response.properties, checked, goal),
      ...goalExtras(goal),
    });
    return undefined;
  } catch (error) {
    if (error instanceof ProviderCallError && error.initFailure) {
      context.current.set(goal.urn, {
        urn: goal.urn,
        type: goal.type,
        custom: true,
        id: error.initFailure.id,
        provider: context.providerRef,
        inputs: checked,
        outputs: finalOutputs(error.initFailure.properties, checked, goal),
        initErrors: error.initFailure.reasons,
        ...goalExtras(goal),
      });
    }
    return errorMessage(error);
  }
}

/** preview / up for one registered resource: Check, then Create, or Diff → same / Update / replace. */
export async function goalStep(
  context: StepContext,
  goal: CapturedResource,
  old: ResourceState | undefined,
): Promise<StepResult> {
  const provider = context.host.provider;
  const ref = { urn: goal.urn, name: goal.name, type: goal.type };
  const calls: string[] = [];
  const doneStatus = context.preview ? "planned" : "done";

  calls.push("check");
  let checked: PropertyMap;
  try {
    const result = await provider.check({
      ...ref,
      olds: strip(old?.inputs ?? {}),
      news: strip(goal.inputs),
      randomSeed: randomBytes(32),
    });
    if (result.failures.length > 0) {
      return makeStep(ref, calls, old ? "update" : "create", "failed", {
        checkFailures: result.failures,
        error: describeCheckFailures(result.failures),
      });
    }
    checked = annotateSecrets(result.inputs, goal.inputs);
  } catch (error) {
    return makeStep(ref, calls, old ? "update" : "create", "failed", { error: errorMessage(error) });
  }

  if (!old) {
    if (context.preview) return makeStep(ref, calls, "create", "planned");
    const error = await createResource(context, goal, checked, calls);
    return makeStep(ref, calls, "create", error === undefined ? "done" : "failed", error === undefined ? {} : { error });
  }

  calls.push("diff");
  const changes = diffKeys(old.inputs, checked);
  let diff;
  try {
    diff = await provider.diff({
      ...ref,
      id: old.id,
      olds: strip(old.outputs),
      news: strip(checked),
      oldInputs: strip(old.inputs),
      ignoreChanges: goal.ignoreChanges,
    });
  } catch (error) {
    return makeStep(ref, calls, "update", "failed", { changes, error: errorMessage(error) });
  }

  let replaceKeys = diff.replaces;
  let changed: boolean;
  if (diff.changes === "DIFF_NONE") {
    changed = false;
  } else if (diff.changes === "DIFF_SOME") {
    changed = true;
  } else {
    // DIFF_UNKNOWN: the engine compares old and new inputs itself; only then can replaceOnChanges apply
    // (reference §6.3).
    changed = changes.length > 0;
    const forced = changes.map((change) => change.key).filter((key) => goal.replaceOnChanges.includes(key));
    replaceKeys = [...new Set([...replaceKeys, ...forced])];
  }

  if (!changed && !(old.initErrors && old.initErrors.length > 0)) {
    // SameStep: the new inputs are recorded with the old outputs, and no provider call is made.
    if (!context.preview) context.current.set(goal.urn, { ...withGoalOptions(old, goal), inputs: checked });
    return makeStep(ref, calls, "same", doneStatus);
  }

  if (!changed || replaceKeys.length === 0) {
    // An unchanged resource with initErrors still gets an (empty) UpdateStep "to continue awaiting initialization"
    // (step_generator.go, hasInitErrors); a successful Update clears them.
    const updateChanges = changed ? changes : [];
    if (context.preview) return makeStep(ref, calls, "update", "planned", { changes: updateChanges });
    calls.push("update");
    try {
      const response = await provider.update({
        ...ref,
        id: old.id,
        olds: strip(old.outputs),
        news: strip(checked),
        oldInputs: strip(old.inputs),
        ignoreChanges: changed ? goal.ignoreChanges : [],
      });
      const { initErrors: _cleared, ...previous } = withGoalOptions(old, goal);
      context.current.set(goal.urn, {
        ...previous,
        inputs: checked,
        outputs: finalOutputs(response.properties, checked, goal),
      });
      return makeStep(ref, calls, "update", "done", { changes: updateChanges });
    } catch (error) {
      // A partial failure (ErrorResourceInitFailed): the engine records the new inputs with the outputs the
      // provider sent, and the reasons as initErrors (UpdateStep.Apply with resource.StatusPartialFailure).
      if (error instanceof ProviderCallError && error.initFailure) {
        context.current.set(goal.urn, {
          ...withGoalOptions(old, goal),
          inputs: checked,
          outputs: finalOutputs(error.initFailure.properties, checked, goal),
          initErrors: error.initFailure.reasons,
        });
      }
      return makeStep(ref, calls, "update", "failed", { changes: updateChanges, error: errorMessage(error) });
    }
  }

  // The resource option overrides the provider in both directions (step_generator.go: goal.DeleteBeforeReplace).
  const deleteBeforeReplace = goal.deleteBeforeReplace ?? diff.deleteBeforeReplace;
  const replaceExtras = { changes, replaceKeys, deleteBeforeReplace };

  // A replacement recomputes the inputs from scratch: Check(olds = none, news = the program's inputs), and the
  // new resource is created with those (step_generator.go, "we need to recompute the default values").
  calls.push("check");
  let replacementInputs: PropertyMap;
  try {
    const result = await provider.check({ ...ref, olds: {}, news: strip(goal.inputs), randomSeed: randomBytes(32) });
    if (result.failures.length > 0) {
      return makeStep(ref, calls, "replace", "failed", {
        ...replaceExtras,
        checkFailures: result.failures,
        error: describeCheckFailures(result.failures),
      });
    }
    replacementInputs = annotateSecrets(result.inputs, goal.inputs);
  } catch (error) {
    return makeStep(ref, calls, "replace", "failed", { ...replaceExtras, error: errorMessage(error) });
  }

  if (context.preview) return makeStep(ref, calls, "replace", "planned", replaceExtras);
  if (deleteBeforeReplace) {
    // The old resource stays in state, marked pendingReplacement, until its replacement is created; a later up
    // does not delete it again (step_generator.go: `if !old.PendingReplacement`).
    if (!old.pendingReplacement) {
      const deleteError = await deleteReplaced(context, ref, old, calls);
      if (deleteError !== undefined) {
        return makeStep(ref, calls, "replace", "failed", { ...replaceExtras, error: deleteError });
      }
      context.current.set(goal.urn, { ...old, pendingReplacement: true });
    }
    const error = await createResource(context, goal, replacementInputs, calls);
    return makeStep(ref, calls, "replace", error === undefined ? "done" : "failed", {
      ...replaceExtras,
      ...(error === undefined ? {} : { error }),
    });
  }
  // Create-before-delete. The engine defers deleting the replaced resource to the end of the deployment; the
  // stand-in deletes it right after the replacement is created.
  const createError = await createResource(context, goal, replacementInputs, calls);
  if (createError !== undefined) return makeStep(ref, calls, "replace", "failed", { ...replaceExtras, error: createError });
  const deleteError = await deleteReplaced(context, ref, old, calls);
  return makeStep(ref, calls, "replace", deleteError === undefined ? "done" : "failed", {
    ...replaceExtras,
    ...(deleteError === undefined ? {} : { error: deleteError }),
  });
}

/**
 * Refresh (RefreshStep.Apply): Read with the stored outputs (and inputs), replace the outputs, replace the inputs
 * when Read returns them, then the engine's inverted diff: Diff(olds = refreshed outputs, news = stored inputs).
 */
export async function refreshStep(context: StepContext, resource: ResourceState): Promise<StepResult> {
  const provider = context.host.provider;
  const ref = { urn: resource.urn, name: nameFromUrn(resource.urn), type: resource.type };
  const calls = ["read"];
  let read;
  try {
    read = await provider.read({
      ...ref,
      id: resource.id,
      properties: strip(resource.outputs),
      inputs: strip(resource.inputs),
    });
  } catch (error) {
    return makeStep(ref, calls, "update", "failed", { error: errorMessage(error) });
  }
  // RefreshStep.Apply (pkg/resource/deploy/step.go): "If the ID is blank treat this as a delete": the resource
  // leaves the state, whatever properties came back.
  if (!read.id) {
    context.current.delete(resource.urn);
    return makeStep(ref, calls, "delete", "done");
  }
  // annotateSecrets(newState, req.state) and (newInputs, req.inputs) in provider_plugin.go Read.
  const outputs = annotateSecrets(read.properties, resource.outputs);
  const inputs = read.inputs ? annotateSecrets(read.inputs, resource.inputs) : resource.inputs;
  const id = read.id;
  context.current.set(resource.urn, { ...resource, id, inputs, outputs });

  calls.push("diff");
  const inputChanges = diffKeys(resource.inputs, inputs);
  const outputChanges = diffKeys(resource.outputs, outputs);
  const changes = inputChanges.length > 0 ? inputChanges : outputChanges;
  try {
    const diff = await provider.diff({
      ...ref,
      id,
      olds: strip(outputs),
      news: strip(resource.inputs),
      oldInputs: strip(inputs),
      ignoreChanges: [],
    });
    const drift = diff.changes === "DIFF_SOME" || (diff.changes === "DIFF_UNKNOWN" && changes.length > 0);
    return makeStep(ref, calls, drift ? "update" : "same", "done", {
      changes: drift ? changes : [],
      ...(diff.replaces.length > 0 ? { replaceKeys: diff.replaces } : {}),
    });
  } catch (error) {
    return makeStep(ref, calls, "update", "failed", { changes, error: errorMessage(error) });
  }
}

/** Delete with the stored outputs, so the `__provider` recorded in state runs (reference §3.5). */
export async function deleteStep(context: StepContext, resource: ResourceState, urn: string): Promise<StepResult> {
  const ref = { urn, name: nameFromUrn(urn), type: resource.type };
  const calls: string[] = [];
  if (context.preview) return makeStep(ref, calls, "delete", "planned");
  // Already deleted by a delete-before-replace whose create failed: RemovePendingReplaceStep, no provider call.
  if (resource.retainOnDelete || resource.pendingReplacement) {
    context.current.delete(urn);
    return makeStep(ref, calls, "delete", "done");
  }
  calls.push("delete");
  try {
    await context.host.provider.delete({
      ...ref,
      id: resource.id,
      properties: strip(resource.outputs),
      oldInputs: strip(resource.inputs),
    });
    context.current.delete(urn);
    return makeStep(ref, calls, "delete", "done");
  } catch (error) {
    return makeStep(ref, calls, "delete", "failed", { error: errorMessage(error) });
  }
}
