import { FIELD_SCHEMAS, PROFILE_FIELDS, stringField, TARGET_KEYS, utf8Bytes, type FieldSchema, type InputSpec } from "../profile";

/**
 * What `OfficialAccount` accepts: the shared field schema (profile.ts FIELD_SCHEMAS: the same ID rules and
 * UTF-8 byte limits as OfficialAccountProfile) plus the owner, with `name` and `ownerAccount` required because
 * create_official_account requires them (1047/60755). `officialAccount` is optional: `check` generates one.
 */

/** A Chat UserID: printable ASCII, 1 to 32 bytes (trtc.io/document/34348). */
export const USER_ID_MAX_BYTES = 32;

const ownerAccountSchema = stringField("ownerAccount", (value) => {
  if (value === "") return "ownerAccount cannot be empty: name the Chat user who owns the account";
  if (!/^[\x20-\x7e]*$/.test(value)) return "ownerAccount must be a Chat UserID: printable ASCII (0x20-0x7e) only";
  if (utf8Bytes(value) > USER_ID_MAX_BYTES) return `ownerAccount is ${utf8Bytes(value)} bytes; a Chat UserID is at most ${USER_ID_MAX_BYTES} bytes`;
  return undefined;
});


/**
 * The Pulumi resource name, filled in by the OfficialAccount class so that `check` (which gets no URN from the
 * dynamic-provider host) can derive an ID. Not stored: `check` drops it from the inputs it returns.
 */
export const RESOURCE_NAME_KEY = "resourceName";
const resourceNameSchema = stringField(RESOURCE_NAME_KEY, () => undefined);

export const ACCOUNT_INPUT_KEYS = ["officialAccount", "ownerAccount", ...PROFILE_FIELDS, ...TARGET_KEYS, RESOURCE_NAME_KEY] as const;

export const ACCOUNT_INPUT_SPEC: InputSpec = {
  resource: "OfficialAccount",
  keys: ACCOUNT_INPUT_KEYS,
  schemas: { ...FIELD_SCHEMAS, ownerAccount: ownerAccountSchema, [RESOURCE_NAME_KEY]: resourceNameSchema } satisfies Record<
    (typeof ACCOUNT_INPUT_KEYS)[number],
    FieldSchema
  >,
  required: {
    ownerAccount: "ownerAccount is required: the Chat user (an imported account) who owns the official account",
    name: "name is required: create_official_account needs the account's display name",
  },
};
