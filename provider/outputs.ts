import type { LiveProfile, ProfileFields, RegionName } from "./chat/types";
import {
  DEFAULT_DELETE_POLICY,
  DELETE_POLICIES,
  PROFILE_FIELDS,
  REGION_NAMES,
  type DeletePolicy,
  type ProfileFieldName,
} from "./profile";
import { declaredReachOf, type DeclaredReach } from "./reach";

/**
 * The output bag: built field by field so that it is JSON-clean (no `undefined`, `Date`, `Buffer`, `NaN`):
 * the host encodes it with `Struct.fromJavaScript`, which throws on `undefined` (docs/architecture.md, decision 10), and the
 * host replaces the stored outputs with it, so every create/update/read returns all of it.
 */

export const FACT_KEYS = ["ownerAccount", "subscriberNum", "createTime", "lastMsgTime"] as const;

/** Read-only facts the server reports; present when it sent them. */
export interface LiveFacts {
  ownerAccount?: string;
  subscriberNum?: number;
  /** Unix seconds. */
  createTime?: number;
  /** Unix seconds. */
  lastMsgTime?: number;
}

export interface ProfileOutputs extends ProfileFields, LiveFacts {
  officialAccount: string;
  deletePolicy: DeletePolicy;
  sdkAppId: number;
  /**
   * As declared on this resource, absent otherwise: steps resolve an undeclared one from stack config, then
   * the environment, when they run (reach.ts). State from 0.1.0 may hold the resolved value (diff.ts).
   */
  region?: RegionName;
  /** As declared on this resource, absent otherwise (like `region`). */
  endpoint?: string;
  /** The profile fields the program declares, in PROFILE_FIELDS order. */
  managedFields: ProfileFieldName[];
  /** The writable fields as the account had them when this resource adopted it; `restore` puts them back. */
  adoptedValues: ProfileFields;
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

/** The writable fields present in a value (a live profile, stored adopted values), type-checked. */
export function profileValuesOf(source: unknown, fields: readonly ProfileFieldName[] = PROFILE_FIELDS): ProfileFields {
  const values: Record<string, unknown> = {};
  if (typeof source !== "object" || source === null) return values;
  const record = source as Record<string, unknown>;
  for (const field of fields) {
    const value = record[field];
    if (field === "maxSubscriberNum" ? isFiniteNumber(value) : typeof value === "string") values[field] = value;
  }
  return values as ProfileFields;
}

export function factsOf(source: LiveProfile | Record<string, unknown>): LiveFacts {
  const record = source as Record<string, unknown>;
  const facts: Record<string, unknown> = {};
  for (const key of FACT_KEYS) {
    const value = record[key];
    if (key === "ownerAccount" ? typeof value === "string" : isFiniteNumber(value)) facts[key] = value;
  }
  return facts as LiveFacts;
}

export interface OutputParts {
  officialAccount: string;
  sdkAppId: number;
  /** The resource's own region/endpoint (never the stack's): what read, update and delete take as declared. */
  declared: DeclaredReach;
  deletePolicy: DeletePolicy;
  managedFields: readonly ProfileFieldName[];
  /** Values of the managed fields as applied (or as read back, for `read`). */
  applied: ProfileFields;
  facts: LiveFacts;
  adoptedValues: ProfileFields;
}

export function composeOutputs(parts: OutputParts): ProfileOutputs {
  const managedFields = PROFILE_FIELDS.filter((field) => parts.managedFields.includes(field));
  return {
    officialAccount: parts.officialAccount,
    ...profileValuesOf(parts.applied, managedFields),
    deletePolicy: parts.deletePolicy,
    sdkAppId: parts.sdkAppId,
    ...(parts.declared.region !== undefined ? { region: parts.declared.region } : {}),
    ...(parts.declared.endpoint !== undefined ? { endpoint: parts.declared.endpoint } : {}),
    ...factsOf(parts.facts as Record<string, unknown>),
    managedFields,
    adoptedValues: profileValuesOf(parts.adoptedValues),
  };
}

/** What a stored output bag says, read defensively (older or hand-edited state, or `.get()` inputs). */
export interface StoredState {
  officialAccount?: string;
  /** The app, and the region/endpoint the outputs record (declared, or resolved by 0.1.0). */
  target: { sdkAppId?: number } & DeclaredReach;
  deletePolicy: DeletePolicy;
  managedFields: ProfileFieldName[];
  applied: ProfileFields;
  facts: LiveFacts;
  adoptedValues: ProfileFields;
  /**
   * `gone: true`, written by 0.1.0's `read` for a vanished account (it kept such accounts in state). Never
   * written now: `read` returns a blank ID instead and the engine drops the resource.
   */
  legacyGone: boolean;
}

export function readStoredState(props: Record<string, unknown> | undefined): StoredState {
  const bag = props ?? {};
  const listed = Array.isArray(bag["managedFields"])
    ? PROFILE_FIELDS.filter((field) => (bag["managedFields"] as unknown[]).includes(field))
    : PROFILE_FIELDS.filter((field) => bag[field] !== undefined && bag[field] !== null);
  const policy = bag["deletePolicy"];
  const region = bag["region"];
  return {
    ...(typeof bag["officialAccount"] === "string" ? { officialAccount: bag["officialAccount"] } : {}),
    target: {
      ...(isFiniteNumber(bag["sdkAppId"]) ? { sdkAppId: bag["sdkAppId"] } : {}),
      ...(typeof region === "string" && (REGION_NAMES as readonly string[]).includes(region) ? { region: region as RegionName } : {}),
      ...(typeof bag["endpoint"] === "string" ? { endpoint: bag["endpoint"] } : {}),
    },
    deletePolicy: (DELETE_POLICIES as readonly unknown[]).includes(policy) ? (policy as DeletePolicy) : DEFAULT_DELETE_POLICY,
    managedFields: listed,
    applied: profileValuesOf(bag, listed),
    facts: factsOf(bag),
    adoptedValues: profileValuesOf(bag["adoptedValues"]),
    legacyGone: bag["gone"] === true,
  };
}

/**
 * Every writable field of an account being adopted. Text fields are asked for by name, so one missing from
 * the answer is "" (A-INFO-EMPTY-TEXT, emulator/assumptions.ts), as in `liveValuesOf`: `restore` must put
 * an empty field back to empty. MaxSubscriberNum, when not reported, stays unknown.
 */
export function adoptedValuesOf(live: LiveProfile): ProfileFields {
  const values = profileValuesOf(live) as Record<string, unknown>;
  for (const field of PROFILE_FIELDS) {
    if (field !== "maxSubscriberNum" && values[field] === undefined) values[field] = "";
  }
  return values as ProfileFields;
}

/**
 * The managed fields as read. Text fields are asked for by name (chat/wire.ts INFO_RESPONSE_FILTER), so one
 * missing from the answer is empty: "". Only MaxSubscriberNum, outside the documented filter, may simply not
 * be reported (UNCONFIRMED: docs/emulator.md, A-INFO-MAXSUB): then the last applied value stays.
 */
export function liveValuesOf(live: LiveProfile, stored: StoredState): ProfileFields {
  const values = profileValuesOf(live, stored.managedFields) as Record<string, unknown>;
  for (const field of stored.managedFields) {
    if (values[field] !== undefined) continue;
    if (field !== "maxSubscriberNum") values[field] = "";
    else if (stored.applied.maxSubscriberNum !== undefined) values[field] = stored.applied.maxSubscriberNum;
  }
  return values as ProfileFields;
}

/**
 * The input bag `read` reports (SDK ≥3.216): shaped exactly like `check`'s result, with the managed fields
 * holding live values, so refresh shows drift and the next `up` corrects it (docs/semantics.md). Region and
 * endpoint as the outputs record them: what the resource declares, as `check` keeps them (or what 0.1.0
 * recorded, which its inputs held too).
 */
export function inputsFromOutputs(outputs: ProfileOutputs): Record<string, unknown> {
  return {
    officialAccount: outputs.officialAccount,
    ...profileValuesOf(outputs, outputs.managedFields),
    deletePolicy: outputs.deletePolicy,
    sdkAppId: outputs.sdkAppId,
    ...declaredReachOf(outputs),
  };
}
