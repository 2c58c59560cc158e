import { z } from "zod";
import { parseBaseUrl, REGION_NAMES } from "./chat/endpoints";
import type { ProfileFields, RegionName } from "./chat/types";

/**
 * The profile vocabulary of the resource: which fields it manages, their documented limits, the account
 * ID rules and the per-field zod schemas that `check` runs. Limits are UTF-8 bytes
 * (tencentcloud.com/document/product/1047/60813 and 60757; docs/semantics.md, Inputs and outputs).
 */

/** The writable base-info fields, in the order they are shown and sent. */
export const PROFILE_FIELDS = ["name", "introduction", "faceUrl", "organization", "customString", "maxSubscriberNum"] as const;
/** One of {@link PROFILE_FIELDS}. */
export type ProfileFieldName = (typeof PROFILE_FIELDS)[number];
/**
 * The profile fields that hold text (every field but `maxSubscriberNum`); their limits are in {@link TEXT_LIMITS_BYTES}.
 */
export type TextFieldName = Exclude<ProfileFieldName, "maxSubscriberNum">;

/** "Maximum length of 150 bytes" etc. (overview 1047/60813). */
export const TEXT_LIMITS_BYTES: Readonly<Record<TextFieldName, number>> = {
  name: 150,
  introduction: 400,
  faceUrl: 500,
  organization: 500,
  customString: 3000,
};

/** Every official-account ID starts with this prefix, e.g. `@TOA#_support`. */
export const OFFICIAL_ACCOUNT_PREFIX = "@TOA#_";
/** Longest official-account ID, in bytes (IDs are printable ASCII). */
export const OFFICIAL_ACCOUNT_MAX_BYTES = 48;

/** What removing a resource may do: `retain` leaves the account as it is, `restore` puts back the adopted values. */
export const DELETE_POLICIES = ["retain", "restore"] as const;
/** One of {@link DELETE_POLICIES}; the default is `"retain"`. See docs/semantics.md. */
export type DeletePolicy = (typeof DELETE_POLICIES)[number];
export const DEFAULT_DELETE_POLICY: DeletePolicy = "retain";

export { REGION_NAMES };

/**
 * Settings a resource may override for itself (docs/installation-configuration.md). Only `sdkAppId` is identity
 * (changing it replaces); `region` and `endpoint` only say how the app is reached (docs/semantics.md).
 */
export const TARGET_KEYS = ["sdkAppId", "region", "endpoint"] as const;
type FieldKey = "officialAccount" | ProfileFieldName | (typeof TARGET_KEYS)[number];

/** Every input key the resource accepts. */
export const INPUT_KEYS = ["officialAccount", ...PROFILE_FIELDS, "deletePolicy", ...TARGET_KEYS] as const;
export type InputKey = (typeof INPUT_KEYS)[number];

/**
 * The engine's placeholder for a value not known yet (preview). It replaces the whole value, but an
 * interpolation can embed it, so any string that contains it counts (@pulumi/pulumi runtime/rpc.js).
 */
export const UNKNOWN_SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function isUnknown(value: unknown): boolean {
  if (typeof value === "string") return value.includes(UNKNOWN_SENTINEL);
  if (Array.isArray(value)) return value.some(isUnknown);
  if (typeof value === "object" && value !== null) return Object.values(value).some(isUnknown);
  return false;
}

export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

/**
 * What a bad input looked like: its type and size, never its content. The host strips secret markings before
 * `check`, so a secret input's failure text would otherwise reach Pulumi's output (docs/errors.md).
 */
function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return `an array of ${value.length} items`;
  if (typeof value === "string") return `a string of ${utf8Bytes(value)} bytes`;
  if (typeof value === "object") return "an object";
  return `a ${typeof value}`;
}

/** The rule a number broke, for the integer inputs; anything else is described by its type. */
function describeNumber(value: unknown): string {
  if (typeof value !== "number") return describe(value);
  if (!Number.isFinite(value)) return "a number that is not finite";
  return Number.isInteger(value) ? "an integer outside that range" : "a number with a fraction";
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

export function officialAccountProblem(id: string): string | undefined {
  if (!id.startsWith(OFFICIAL_ACCOUNT_PREFIX)) {
    return `officialAccount must start with "${OFFICIAL_ACCOUNT_PREFIX}"`;
  }
  if (id.length === OFFICIAL_ACCOUNT_PREFIX.length) {
    return `officialAccount needs characters after "${OFFICIAL_ACCOUNT_PREFIX}"`;
  }
  if (!PRINTABLE_ASCII.test(id)) {
    const index = [...id].findIndex((char) => !PRINTABLE_ASCII.test(char));
    return `officialAccount may contain only printable ASCII (0x20-0x7e); character ${index + 1} is not`;
  }
  const bytes = utf8Bytes(id);
  if (bytes > OFFICIAL_ACCOUNT_MAX_BYTES) {
    return `officialAccount is ${bytes} bytes; the limit is ${OFFICIAL_ACCOUNT_MAX_BYTES} bytes`;
  }
  return undefined;
}

/** An avatar link: any absolute http(s) URL (query and fragment allowed; it is not a base URL). */
function faceUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "faceUrl must be an absolute http(s) URL";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return "faceUrl must be an http or https URL";
  }
  return undefined;
}

/**
 * Index of the first UTF-16 surrogate without its partner, or -1. Tencent stores UTF-8, which cannot hold
 * one: the client would send U+FFFD (chat/wire.ts), the field would read back different and show drift forever.
 */
export function unpairedSurrogateIndex(text: string): number {
  for (let index = 0; index < text.length; index += 1) {
    const unit = text.charCodeAt(index);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        index += 1;
        continue;
      }
      return index;
    }
    if (unit >= 0xdc00 && unit <= 0xdfff) return index;
  }
  return -1;
}

function mustBeString(field: string) {
  return z.string({ error: (issue) => `${field} must be a string, got ${describe(issue.input)}` });
}

function limitedText(field: TextFieldName) {
  const limit = TEXT_LIMITS_BYTES[field];
  return mustBeString(field).superRefine((value, ctx) => {
    const surrogate = unpairedSurrogateIndex(value);
    if (surrogate >= 0) {
      ctx.addIssue({ code: "custom", message: `${field} contains an unpaired UTF-16 surrogate at index ${surrogate}; Tencent stores UTF-8 text` });
      return;
    }
    const bytes = utf8Bytes(value);
    if (bytes > limit) {
      ctx.addIssue({ code: "custom", message: `${field} is ${bytes} bytes in UTF-8; the limit is ${limit} bytes` });
    }
  });
}

/**
 * MaxSubscriberNum is an Integer on the wire (1047/60757); taken to be unsigned 32-bit, the emulator's
 * A-MAXSUB-RANGE (UNCONFIRMED): above it the server would answer 6017 at `up`, not at `preview`.
 */
export const MAX_SUBSCRIBER_NUM_LIMIT = 4_294_967_295;

function positiveInteger(field: string, max: number) {
  return z.unknown().transform((value, ctx) => {
    // sdkAppId may come from config-like sources as a numeric string; the schema normalizes it to a number.
    const number = field === "sdkAppId" && typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
    if (typeof number !== "number" || !Number.isSafeInteger(number) || number < 1 || number > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `a positive safe integer (1 to ${max})` : `an integer from 1 to ${max}`;
      ctx.addIssue({ code: "custom", message: `${field} must be ${range}, got ${describeNumber(number)}` });
      return z.NEVER;
    }
    return number;
  });
}

function oneOf<const T extends readonly string[]>(field: string, allowed: T) {
  return z.unknown().transform((value, ctx) => {
    if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
      ctx.addIssue({
        code: "custom",
        message: `${field} must be one of ${allowed.map((item) => `"${item}"`).join(", ")}, got ${describe(value)}`,
      });
      return z.NEVER;
    }
    return value as T[number];
  });
}

/**
 * The shared field schema: one zod schema per key that both resources accept (the account ID, the profile
 * fields, the target settings). `check` runs each on its own so that every property gets at most one failure.
 */
export const FIELD_SCHEMAS: Readonly<Record<FieldKey, FieldSchema>> = {
  officialAccount: mustBeString("officialAccount").superRefine((value, ctx) => {
    const problem = officialAccountProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  }),
  name: limitedText("name").superRefine((value, ctx) => {
    // create_official_account requires Name (1047/60755); clearing it cannot be what anyone wants.
    if (value === "") ctx.addIssue({ code: "custom", message: 'name cannot be "" (every account has a name); leave name out to leave it unmanaged' });
  }),
  introduction: limitedText("introduction"),
  faceUrl: limitedText("faceUrl").superRefine((value, ctx) => {
    const problem = value === "" ? undefined : faceUrlProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: `${problem}, or "" to clear it` });
  }),
  organization: limitedText("organization"),
  customString: limitedText("customString"),
  maxSubscriberNum: positiveInteger("maxSubscriberNum", MAX_SUBSCRIBER_NUM_LIMIT),
  sdkAppId: positiveInteger("sdkAppId", Number.MAX_SAFE_INTEGER),
  region: oneOf("region", REGION_NAMES),
  // Stored normalized, so `http://h:1/` and `http://h:1` are one endpoint to diff.
  endpoint: mustBeString("endpoint").transform((value, ctx) => {
    const parsed = parseBaseUrl(value, "endpoint");
    if ("problem" in parsed) {
      ctx.addIssue({ code: "custom", message: parsed.problem });
      return z.NEVER;
    }
    return parsed.baseUrl;
  }),
} satisfies Record<FieldKey, z.ZodType>;

/**
 * A key's schema as validateInputs uses it (zod's `safeParse`). Typed here, not as zod's own type, so that no zod
 * type reaches the package's declaration files: programs compile with older TypeScript than zod's types need.
 */
export interface FieldSchema {
  safeParse(value: unknown): { success: true; data: unknown } | { success: false; error: { issues: ReadonlyArray<{ message: string }> } };
}

/**
 * A required-looking string input with its own rule (e.g. OfficialAccount's owner): a string, then `problem`,
 * which returns why the value breaks the rule (never the value itself), or undefined.
 */
export function stringField(field: string, problem: (value: string) => string | undefined): FieldSchema {
  return mustBeString(field).superRefine((value, ctx) => {
    const reason = problem(value);
    if (reason !== undefined) ctx.addIssue({ code: "custom", message: reason });
  });
}

/** What one resource accepts: its keys, their schemas (mostly FIELD_SCHEMAS) and what it requires. */
export interface InputSpec {
  /** The resource's class name, for messages. */
  resource: string;
  keys: readonly string[];
  schemas: Readonly<Record<string, FieldSchema>>;
  /** Required key → the message when it is left out. */
  required: Readonly<Record<string, string>>;
}

/** OfficialAccountProfile's inputs: the shared schema plus `deletePolicy`; the account ID is required. */
export const PROFILE_INPUT_SPEC: InputSpec = {
  resource: "OfficialAccountProfile",
  keys: INPUT_KEYS,
  schemas: { ...FIELD_SCHEMAS, deletePolicy: oneOf("deletePolicy", DELETE_POLICIES) } satisfies Record<InputKey, FieldSchema>,
  required: { officialAccount: "officialAccount is required: the ID of an existing official account, e.g. @TOA#_support" },
};

export interface InputProblem {
  property: string;
  reason: string;
}

export interface ValidatedInputs {
  /** Known values normalized, unknown ones passed through as they came; no `undefined` or `null` keys. */
  inputs: Record<string, unknown>;
  failures: InputProblem[];
}

/**
 * Validates a raw input bag without touching the network. `undefined` and `null` mean "left out". Values
 * holding the preview sentinel pass untouched. `__provider` is not ours: the host puts it back.
 */
export function validateInputs(raw: Record<string, unknown>, spec: InputSpec = PROFILE_INPUT_SPEC): ValidatedInputs {
  const inputs: Record<string, unknown> = {};
  const failures: InputProblem[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (key === "__provider" || value === undefined || value === null) continue;
    const schema = spec.keys.includes(key) ? spec.schemas[key] : undefined;
    if (schema === undefined) {
      failures.push({ property: key, reason: `${key} is not an input of ${spec.resource} (inputs: ${spec.keys.join(", ")})` });
      continue;
    }
    if (isUnknown(value)) {
      inputs[key] = value;
      continue;
    }
    const result = schema.safeParse(value);
    if (result.success) {
      inputs[key] = result.data;
    } else {
      failures.push({ property: key, reason: result.error.issues[0]?.message ?? `${key} is invalid` });
    }
  }
  for (const [key, reason] of Object.entries(spec.required)) {
    if (raw[key] === undefined || raw[key] === null) failures.push({ property: key, reason });
  }
  return { inputs, failures };
}

/** The profile fields a bag declares, in PROFILE_FIELDS order. */
export function declaredFields(bag: Record<string, unknown>): ProfileFieldName[] {
  return PROFILE_FIELDS.filter((field) => bag[field] !== undefined && bag[field] !== null);
}

/** Copies the given profile fields that are present in `source`. */
export function pickFields(source: ProfileFields, fields: readonly ProfileFieldName[]): ProfileFields {
  const picked: Record<string, unknown> = {};
  for (const field of fields) {
    if (source[field] !== undefined) picked[field] = source[field];
  }
  return picked as ProfileFields;
}

/** The declared fields whose wanted value differs from `current` (a field `current` lacks counts as different). */
export function changedFields(wanted: ProfileFields, current: ProfileFields, fields: readonly ProfileFieldName[]): ProfileFields {
  const changes: Record<string, unknown> = {};
  for (const field of fields) {
    if (wanted[field] === undefined) continue;
    if (wanted[field] !== current[field]) changes[field] = wanted[field];
  }
  return changes as ProfileFields;
}
