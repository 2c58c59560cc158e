import type { ProfileFields } from "./chat/types";
import { InputsError, SettingsError } from "./errors";
import {
  DEFAULT_DELETE_POLICY,
  declaredFields,
  isUnknown,
  pickFields,
  validateInputs,
  type DeletePolicy,
  type InputProblem,
  type ProfileFieldName,
} from "./profile";
import { declaredReachOf, type DeclaredReach } from "./reach";
import { defaultEndpoint, defaultRegion, defaultSdkAppId, missingSdkAppIdError, resolveTarget, type Env, type StackConfig, type Target } from "./settings";

/**
 * From raw inputs to what the program wants: `check`'s normalization (validation plus the app filled in
 * from stack config and environment, so the stored inputs name the app and a change of app shows as a
 * replacement), and the typed form create/update work with. Region and endpoint say how the app is reached,
 * not which account: they stay out of the stored inputs unless the resource declares them, and are resolved
 * when a step runs (docs/semantics.md).
 */

export interface CompletedInputs {
  inputs: Record<string, unknown>;
  failures: InputProblem[];
}

/**
 * Fills `deletePolicy` and `sdkAppId` when the inputs leave them out. Values already there (unknown ones
 * included) are kept. An app that cannot be resolved becomes a failure on `sdkAppId`, unless
 * `options.lenient` (diff), which leaves it out instead. A region or endpoint setting that cannot be parsed
 * fails here too (not in lenient mode), so `preview` reports it.
 */
export function completeInputs(
  validated: Record<string, unknown>,
  stack: StackConfig | undefined,
  env: Env,
  options: { lenient?: boolean } = {},
): CompletedInputs {
  const lenient = options.lenient === true;
  const inputs: Record<string, unknown> = { ...validated };
  const failures: InputProblem[] = [];
  const fill = (property: "sdkAppId", resolve: () => unknown) => {
    if (inputs[property] !== undefined) return;
    try {
      const value = resolve();
      if (value !== undefined) inputs[property] = value;
    } catch (error) {
      if (!(error instanceof SettingsError)) throw error;
      if (!lenient) failures.push({ property, reason: error.message });
    }
  };
  if (inputs["deletePolicy"] === undefined) inputs["deletePolicy"] = DEFAULT_DELETE_POLICY;
  fill("sdkAppId", () => {
    const sdkAppId = defaultSdkAppId(stack, env);
    if (sdkAppId === undefined) throw missingSdkAppIdError();
    return sdkAppId;
  });
  if (!lenient) failures.push(...reachProblems(inputs, stack, env));
  return { inputs, failures };
}

/** Region and endpoint settings (stack config, environment) that cannot be used, unless the resource overrides them. */
function reachProblems(inputs: Record<string, unknown>, stack: StackConfig | undefined, env: Env): InputProblem[] {
  const problems: InputProblem[] = [];
  const attempt = (property: "region" | "endpoint", resolve: () => unknown) => {
    if (inputs[property] !== undefined) return;
    try {
      resolve();
    } catch (error) {
      if (!(error instanceof SettingsError)) throw error;
      problems.push({ property, reason: error.message });
    }
  };
  attempt("region", () => defaultRegion(stack, env));
  attempt("endpoint", () => defaultEndpoint(stack, env));
  return problems;
}

/** What create/update act on: every value known and valid. */
export interface Desired {
  officialAccount: string;
  managedFields: ProfileFieldName[];
  fields: ProfileFields;
  deletePolicy: DeletePolicy;
  /** The resource's own region/endpoint, as declared: all the outputs record of the route (reach.ts). */
  declared: DeclaredReach;
  /** The app and where it is reached now: declared, else stack config, else environment. */
  target: Target;
}

/**
 * Validates and completes inputs for create/update. The engine runs `check` first; this repeats it so that
 * in-process callers get the same guarantees. Throws InputsError or SettingsError.
 */
export function desiredState(raw: Record<string, unknown>, stack: StackConfig | undefined, env: Env): Desired {
  const validated = validateInputs(raw);
  const completed = completeInputs(validated.inputs, stack, env);
  const failures = [...validated.failures, ...completed.failures];
  const inputs = completed.inputs;
  for (const [key, value] of Object.entries(inputs)) {
    if (isUnknown(value)) failures.push({ property: key, reason: `${key} is not known yet (a preview value reached create/update)` });
  }
  if (failures.length > 0) throw new InputsError(failures);
  const managedFields = declaredFields(inputs);
  const declared = declaredReachOf(inputs);
  return {
    officialAccount: inputs["officialAccount"] as string,
    managedFields,
    fields: pickFields(inputs as ProfileFields, managedFields),
    deletePolicy: inputs["deletePolicy"] as DeletePolicy,
    declared,
    target: resolveTarget({ sdkAppId: inputs["sdkAppId"] as number, ...declared }, stack, env),
  };
}
