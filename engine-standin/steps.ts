import { randomBytes } from "node:crypto";
import type { DynamicProviderHost } from "./host";
import { diffInputs, diffUnknown, initErrorKey, remarkStepOutputs, replaceOnChangesKeys, type EngineDiff } from "./engine-diff";
import type { CapturedResource } from "./program-capture";
import { ProviderCallError, type CheckFailure } from "./provider-client";
import { processIgnoreChanges } from "./property-paths";
import { annotateSecrets, stripSecretsFromMap as strip, type KeyChange, type PropertyMap } from "./property-values";
import type { StepOp, StepResult } from "./results";
import type { ResourceState } from "./state-store";

/**
 * One resource's step, with the engine's semantics (pkg/resource/deploy/step.go, step_generator.go,
 * step_executor.go and provider_plugin.go; docs/engine-standin.md): every request has its secrets stripped (the host
 * answered acceptSecrets=false) and every response is re-marked with `annotateSecrets` from the request's inputs.
 */
export interface StepContext {
  host: DynamicProviderHost;
  preview: boolean;
  /** `<provider urn>::<id>`, recorded on new resources. */
  providerRef: string;
  /** The state being built; steps replace or remove their own URN. */
  current: Map<string, ResourceState>;
  /**
   * Old resources replaced create-before-delete, marked `delete`: the engine's `Delete` entries, deleted after
   * every other step of the run and kept (retried by the next run) when that delete fails.
   */
  pendingDeletes: ResourceState[];
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

/** provider_plugin.go re-marks the response from the request's inputs; step_executor.go then applies its rules. */
function finalOutputs(properties: PropertyMap, checked: PropertyMap, goal: CapturedResource): PropertyMap {
  return remarkStepOutputs(annotateSecrets(properties, checked), checked, goal.additionalSecretOutputs);
}

function goalExtras(goal: CapturedResource): Partial<ResourceState> {
  return {
    ...(goal.additionalSecretOutputs.length > 0 ? { additionalSecretOutputs: goal.additionalSecretOutputs } : {}),
    ...(goal.retainOnDelete ? { retainOnDelete: true } : {}),
    ...(goal.ignoreChanges.length > 0 ? { ignoreChanges: goal.ignoreChanges } : {}),
    ...(goal.protect ? { protect: true } : {}),
  };
}

/** The old state with the goal's resource options in place of the old ones (every step writes the new options). */
function withGoalOptions(old: ResourceState, goal: CapturedResource): ResourceState {
  const { additionalSecretOutputs: _secrets, retainOnDelete: _retain, ignoreChanges: _ignore, protect: _protect, ...rest } = old;
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

/**
 * Create, recording the new state (also a partial one on `ErrorResourceInitFailed`, as Update does). `replacing`
 * is the old state of a create-before-delete replacement: CreateStep.Apply marks it `Delete` once the Create has
 * returned (success or partial failure), and the deletion runs at the end of the deployment. Returns an error message.
 */
async function createResource(
  context: StepContext,
  goal: CapturedResource,
  checked: PropertyMap,
  calls: string[],
  replacing?: ResourceState,
): Promise<string | undefined> {
  const ref = { urn: goal.urn, name: goal.name, type: goal.type };
  const condemn = () => {
    if (!replacing) return;
    const { pendingReplacement: _pending, ...old } = replacing;
    context.pendingDeletes.push({ ...old, delete: true });
  };
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
    condemn();
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
      condemn();
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

  // step_generator.go resets the ignored paths to their old values before Check ("Set inputs back to their old
  // values (if any) for any ignored properties").
  const news = old ? processIgnoreChanges(goal.inputs, old.inputs, goal.ignoreChanges) : goal.inputs;
  calls.push("check");
  let checked: PropertyMap;
  try {
    const result = await provider.check({
      ...ref,
      olds: strip(old?.inputs ?? {}),
      news: strip(news),
      randomSeed: randomBytes(32),
    });
    if (result.failures.length > 0) {
      return makeStep(ref, calls, old ? "update" : "create", "failed", {
        checkFailures: result.failures,
        error: describeCheckFailures(result.failures),
      });
    }
    checked = annotateSecrets(result.inputs, news);
  } catch (error) {
    return makeStep(ref, calls, old ? "update" : "create", "failed", { error: errorMessage(error) });
  }

  if (!old) {
    if (context.preview) return makeStep(ref, calls, "create", "planned");
    const error = await createResource(context, goal, checked, calls);
    return makeStep(ref, calls, "create", error === undefined ? "done" : "failed", error === undefined ? {} : { error });
  }

  calls.push("diff");
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
    return makeStep(ref, calls, "update", "failed", { changes: diffInputs(old.inputs, checked).changedKeys, error: errorMessage(error) });
  }

  // step_generator.go diffResource: DIFF_UNKNOWN becomes the engine's own comparison of old and new inputs.
  let engineDiff: EngineDiff | undefined;
  let changed: boolean;
  if (diff.changes === "DIFF_UNKNOWN") {
    engineDiff = diffUnknown(old.inputs, checked, goal.ignoreChanges);
    changed = engineDiff.changedKeys.length > 0;
  } else {
    changed = diff.changes === "DIFF_SOME";
  }
  const changes = engineDiff?.changedKeys ?? diffInputs(old.inputs, checked).changedKeys;
  const hasInitErrors = (old.initErrors?.length ?? 0) > 0;
  // applyReplaceOnChanges: only the engine's own diff has changed keys and paths (the Node host sends none with
  // DIFF_SOME), and init errors force a replacement when a path contains `#initerror`.
  const forced = changed || hasInitErrors ? replaceOnChangesKeys(changed ? engineDiff : undefined, goal.replaceOnChanges, hasInitErrors) : [];
  if (forced.includes(initErrorKey)) changed = true;
  const replaceKeys = [...new Set([...(changed ? diff.replaces : []), ...forced])];
  // continueStepsFromDiff: a resource pending replacement is always replaced, whatever Diff says.
  const replace = old.pendingReplacement === true || (changed && replaceKeys.length > 0);

  if (!replace && !changed && !hasInitErrors) {
    // SameStep: the new inputs are recorded with the old outputs, and no provider call is made.
    if (!context.preview) {
      const same = withGoalOptions(old, goal);
      context.current.set(goal.urn, {
        ...same,
        inputs: checked,
        outputs: remarkStepOutputs(old.outputs, checked, goal.additionalSecretOutputs),
      });
    }
    return makeStep(ref, calls, "same", doneStatus);
  }

  if (!replace) {
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
        ignoreChanges: goal.ignoreChanges,
      });
      const { initErrors: _cleared, ...previous } = withGoalOptions(old, goal);
      context.current.set(goal.urn, {
        ...previous,
        inputs: checked,
        outputs: finalOutputs(response.properties, checked, goal),
      });
      return makeStep(ref, calls, "update", "done", { changes: updateChanges });
    } catch (error) {
      // A partial failure (ErrorResourceInitFailed): the engine records the OLD inputs with the outputs the
      // provider sent, and the reasons as initErrors (pkg/engine/update.go OnResourceStepPost: "should be old
      // inputs and new outputs"), so a refresh or the next up sees the difference.
      if (error instanceof ProviderCallError && error.initFailure) {
        context.current.set(goal.urn, {
          ...withGoalOptions(old, goal),
          inputs: old.inputs,
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

  // continueStepsFromDiff: a replacement entails a delete, so it is refused while the resource is protected (in
  // the state and in the program).
  if (goal.protect && old.protect) {
    return makeStep(ref, calls, "replace", "failed", {
      ...replaceExtras,
      error:
        `unable to replace resource "${goal.urn}"\nas it is currently marked for protection. To unprotect the resource, ` +
        "remove the `protect` flag from the resource in your Pulumi program and run `pulumi up`",
    });
  }

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
  // Create-before-delete: the old resource stays in state marked `delete`, and its deletion is a separate step at
  // the end of the deployment (step_generator.go GenerateDeletes → NewDeleteReplacementStep), retried by every
  // later run until it succeeds.
  const createError = await createResource(context, goal, replacementInputs, calls, old);
  return makeStep(ref, calls, "replace", createError === undefined ? "done" : "failed", {
    ...replaceExtras,
    ...(createError === undefined ? {} : { error: createError }),
  });
}

export interface RefreshOutcome {
  step: StepResult;
  /** The state to keep: the refreshed one, the old one (failure, pending replacement), or none (deleted). */
  state: ResourceState | undefined;
}

/**
 * Refresh (RefreshStep.Apply): Read with the stored outputs and inputs; a blank ID means the resource is gone and
 * it leaves the state; otherwise the outputs (and the inputs, when Read returns them) are replaced, initErrors are
 * replaced by Read's (so a clean read clears them), and the engine's inverted diff runs: Diff(olds = refreshed
 * outputs, news = stored inputs, ignoreChanges = the stored option). A resource pending replacement is not read.
 */
export async function refreshStep(context: StepContext, resource: ResourceState): Promise<RefreshOutcome> {
  const provider = context.host.provider;
  const ref = { urn: resource.urn, name: nameFromUrn(resource.urn), type: resource.type };
  if (resource.pendingReplacement) {
    // "pending-replace resources never change with a refresh".
    return { step: makeStep(ref, [], "same", "done"), state: resource };
  }
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
    // The Node host answers a failed read with a plain error (never ErrorResourceInitFailed): the step fails.
    return { step: makeStep(ref, calls, "update", "failed", { error: errorMessage(error) }), state: resource };
  }
  if (!read.id) {
    // "If the ID is blank treat this as a delete".
    return { step: makeStep(ref, calls, "delete", "done"), state: undefined };
  }
  // annotateSecrets(newState, req.state) and (newInputs, req.inputs) in provider_plugin.go Read.
  const inputs = read.inputs ? annotateSecrets(read.inputs, resource.inputs) : resource.inputs;
  const outputs = remarkStepOutputs(annotateSecrets(read.properties, resource.outputs), inputs, resource.additionalSecretOutputs ?? []);
  const { initErrors: _cleared, ...rest } = resource;
  const refreshed: ResourceState = { ...rest, id: read.id, inputs, outputs };

  calls.push("diff");
  const ignoreChanges = resource.ignoreChanges ?? [];
  try {
    const diff = await provider.diff({
      ...ref,
      id: read.id,
      olds: strip(outputs),
      news: strip(resource.inputs),
      oldInputs: strip(inputs),
      ignoreChanges,
    });
    // DIFF_UNKNOWN: the engine compares the refreshed inputs with the stored ones, and nothing else.
    const drift =
      diff.changes === "DIFF_SOME" || (diff.changes === "DIFF_UNKNOWN" && diffUnknown(inputs, resource.inputs, ignoreChanges).changedKeys.length > 0);
    // Shown as stored → refreshed (the inverted diff); outputs only when the provider saw a change the inputs do not show.
    const inputChanges = diffInputs(resource.inputs, inputs).changedKeys;
    const changes = !drift ? [] : inputChanges.length > 0 || diff.changes === "DIFF_UNKNOWN" ? inputChanges : diffInputs(resource.outputs, outputs).changedKeys;
    const step = makeStep(ref, calls, drift ? "update" : "same", "done", {
      changes,
      ...(diff.replaces.length > 0 ? { replaceKeys: diff.replaces } : {}),
    });
    return { step, state: refreshed };
  } catch (error) {
    return { step: makeStep(ref, calls, "update", "failed", { error: errorMessage(error) }), state: resource };
  }
}

/**
 * Delete with the stored outputs, so the `__provider` recorded in state runs (docs/engine-standin.md). `forget`
 * removes the entry from the state being built once the delete succeeded (or needed no provider call).
 */
export async function deleteStep(context: StepContext, resource: ResourceState, forget: () => void): Promise<StepResult> {
  const ref = { urn: resource.urn, name: nameFromUrn(resource.urn), type: resource.type };
  const calls: string[] = [];
  // DeleteStep.Apply refuses a protected resource (in preview too) unless it is the old side of a replacement.
  if (resource.protect && !resource.delete) {
    return makeStep(ref, calls, "delete", "failed", {
      error:
        `resource "${resource.urn}" cannot be deleted\nbecause it is protected. To unprotect the resource, either remove ` +
        "the `protect` flag from the resource in your Pulumi program and run `pulumi up`, or use the command:\n" +
        `\`pulumi state unprotect '${resource.urn}'\``,
    });
  }
  if (context.preview) return makeStep(ref, calls, "delete", "planned");
  // Already deleted by a delete-before-replace whose create failed: RemovePendingReplaceStep, no provider call.
  if (resource.retainOnDelete || resource.pendingReplacement) {
    forget();
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
    forget();
    return makeStep(ref, calls, "delete", "done");
  } catch (error) {
    return makeStep(ref, calls, "delete", "failed", { error: errorMessage(error) });
  }
}
