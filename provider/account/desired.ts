import type { ProfileFields } from "../chat/types";
import { InputsError, SettingsError } from "../errors";
import { declaredFields, isUnknown, pickFields, validateInputs, type InputProblem, type ProfileFieldName } from "../profile";
import { declaredReachOf, type DeclaredReach } from "../reach";
import { defaultSdkAppId, missingSdkAppIdError, resolveTarget, type Env, type StackConfig, type Target } from "../settings";
import { autonamedAccountId, type RandomHex } from "./autoname";
import { ACCOUNT_INPUT_SPEC, RESOURCE_NAME_KEY } from "./inputs";

/**
 * From raw inputs to what `OfficialAccount` wants: `check`'s normalization (validation, the account ID fixed,
 * the app filled in because it is part of the identity) and the typed form create/update work with. Region and
 * endpoint are left as declared: they are resolved at each run, never stored from the stack (docs/semantics.md).
 */

export interface CheckedAccountInputs {
  inputs: Record<string, unknown>;
  failures: InputProblem[];
}

/**
 * `olds` are the previous checked inputs (empty for a new resource, and on the engine's second check before a
 * replacement, which is how a replaced autonamed account gets a new ID). An ID once given or generated stays
 * with the resource when the program stops naming one: leaving the line out never destroys an account.
 */
export function checkAccountInputs(
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
  stack: StackConfig | undefined,
  env: Env,
  randomHex?: RandomHex,
): CheckedAccountInputs {
  const { inputs, failures } = validateInputs(news, ACCOUNT_INPUT_SPEC);
  const resourceName = inputs[RESOURCE_NAME_KEY];
  delete inputs[RESOURCE_NAME_KEY];
  if (inputs["officialAccount"] === undefined && !failures.some((failure) => failure.property === "officialAccount")) {
    const previous = olds["officialAccount"];
    if (typeof previous === "string" && !isUnknown(previous) && validateInputs({ officialAccount: previous }, ACCOUNT_INPUT_SPEC).inputs["officialAccount"]) {
      inputs["officialAccount"] = previous;
    } else if (typeof resourceName === "string") {
      inputs["officialAccount"] = autonamedAccountId(resourceName, randomHex);
    } else {
      failures.push({ property: "officialAccount", reason: "officialAccount is required when no resource name is given to derive one from" });
    }
  }
  if (inputs["sdkAppId"] === undefined) {
    try {
      const sdkAppId = defaultSdkAppId(stack, env);
      if (sdkAppId === undefined) throw missingSdkAppIdError();
      inputs["sdkAppId"] = sdkAppId;
    } catch (error) {
      if (!(error instanceof SettingsError)) throw error;
      failures.push({ property: "sdkAppId", reason: error.message });
    }
  }
  return { inputs, failures };
}

/** What create/update act on: every value known and valid. */
export interface DesiredAccount {
  officialAccount: string;
  ownerAccount: string;
  managedFields: ProfileFieldName[];
  fields: ProfileFields & { name: string };
  /** The resource's own region/endpoint, as declared: all the outputs record of the route (../reach.ts). */
  declared: DeclaredReach;
  target: Target;
}

/** Validates and completes inputs for create/update (in-process callers get `check`'s guarantees). */
export function desiredAccount(raw: Record<string, unknown>, stack: StackConfig | undefined, env: Env): DesiredAccount {
  const { inputs, failures } = checkAccountInputs(raw, raw, stack, env);
  for (const [key, value] of Object.entries(inputs)) {
    if (isUnknown(value)) failures.push({ property: key, reason: `${key} is not known yet (a preview value reached create/update)` });
  }
  if (failures.length > 0) throw new InputsError(failures, "OfficialAccount");
  const managedFields = declaredFields(inputs);
  const declared = declaredReachOf(inputs);
  return {
    officialAccount: inputs["officialAccount"] as string,
    ownerAccount: inputs["ownerAccount"] as string,
    managedFields,
    fields: pickFields(inputs as ProfileFields, managedFields) as ProfileFields & { name: string },
    declared,
    target: resolveTarget({ sdkAppId: inputs["sdkAppId"] as number, ...declared }, stack, env),
  };
}
