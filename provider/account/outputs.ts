import type { ProfileFields, RegionName } from "../chat/types";
import { declaredReachOf, type DeclaredReach } from "../reach";
import { factsOf, profileValuesOf, type LiveFacts } from "../outputs";
import { PROFILE_FIELDS, type ProfileFieldName } from "../profile";

/**
 * The output bag of `OfficialAccount`, JSON-clean like the profile's (outputs.ts). It reuses the profile's
 * output keys (`officialAccount`, `sdkAppId`, `region`, `endpoint`, `managedFields`, the fields and facts), so
 * the shared readStoredState reads both resources' state. No `deletePolicy` and no `adoptedValues`: deleting an
 * OfficialAccount destroys the account.
 */
export interface AccountOutputs extends ProfileFields, LiveFacts {
  officialAccount: string;
  ownerAccount: string;
  sdkAppId: number;
  /** As declared on this resource, absent otherwise: steps then use stack config, else the environment, as they run. */
  region?: RegionName;
  /** As declared on this resource, absent otherwise (like `region`). */
  endpoint?: string;
  /** The profile fields the program declares (always `name`), in PROFILE_FIELDS order. */
  managedFields: ProfileFieldName[];
  /**
   * Set when create could not tell whether the account was made (errors.ts AccountCreateUnconfirmedError): no
   * field is recorded as applied, and the next update looks the account up before anything else.
   */
  createUnconfirmed?: true;
}

export interface AccountOutputParts {
  officialAccount: string;
  ownerAccount: string;
  sdkAppId: number;
  /** The resource's own region/endpoint (never the stack's). */
  declared: DeclaredReach;
  managedFields: readonly ProfileFieldName[];
  applied: ProfileFields;
  facts: LiveFacts;
  createUnconfirmed?: boolean;
}

export function composeAccountOutputs(parts: AccountOutputParts): AccountOutputs {
  const managedFields = PROFILE_FIELDS.filter((field) => parts.managedFields.includes(field));
  return {
    officialAccount: parts.officialAccount,
    ...profileValuesOf(parts.applied, managedFields),
    sdkAppId: parts.sdkAppId,
    ...(parts.declared.region !== undefined ? { region: parts.declared.region } : {}),
    ...(parts.declared.endpoint !== undefined ? { endpoint: parts.declared.endpoint } : {}),
    ...factsOf(parts.facts as Record<string, unknown>),
    ownerAccount: parts.ownerAccount,
    managedFields,
    ...(parts.createUnconfirmed ? { createUnconfirmed: true as const } : {}),
  };
}

/** The input bag `read` reports: shaped like `check`'s result, with live values, so refresh shows drift. */
export function accountInputsFromOutputs(outputs: AccountOutputs): Record<string, unknown> {
  return {
    officialAccount: outputs.officialAccount,
    ownerAccount: outputs.ownerAccount,
    ...profileValuesOf(outputs, outputs.managedFields),
    sdkAppId: outputs.sdkAppId,
    ...declaredReachOf(outputs),
  };
}
