import * as lifecycle from "../lifecycle";
import { DEFAULT_DELETE_POLICY, DELETE_POLICIES, OFFICIAL_ACCOUNT_MAX_BYTES, OFFICIAL_ACCOUNT_PREFIX, PROFILE_FIELDS } from "../profile";
import { resourceToken } from "./package-info";
import { lifecycleOf, type ResourceType } from "./resource-type";
import { FACT_PROPERTIES, FIELD_PROPERTIES, TARGET_PROPERTIES } from "./field-properties";
import type { ObjectTypeSpec, PropertySpec, ResourceSpec } from "./schema-types";

/**
 * OfficialAccountProfile served by the plugin: the dynamic resource's lifecycle (provider/lifecycle.ts), called
 * as it is, plus what only the plugin needs: its schema and the state to read an account with when only its
 * ID is known (`pulumi import`). See docs/plugin.md.
 */

const ADOPTED_VALUES_TYPE = resourceToken("ProfileValues");

const INPUT_PROPERTIES: Record<string, PropertySpec> = {
  officialAccount: {
    type: "string",
    replaceOnChanges: true,
    description:
      `The ID of an existing official account, e.g. \`${OFFICIAL_ACCOUNT_PREFIX}support\`: starts with \`${OFFICIAL_ACCOUNT_PREFIX}\`, printable ` +
      `ASCII, at most ${OFFICIAL_ACCOUNT_MAX_BYTES} bytes. Changing it replaces the resource.`,
  },
  ...FIELD_PROPERTIES,
  deletePolicy: {
    type: "string",
    default: DEFAULT_DELETE_POLICY,
    description:
      `What removing the resource does: one of ${DELETE_POLICIES.map((policy) => `\`${policy}\``).join(", ")}. \`retain\` (default) leaves ` +
      "the account as it is; `restore` puts back the values the managed fields had when the stack adopted the account.",
  },
  ...TARGET_PROPERTIES,
};

const OUTPUT_PROPERTIES: Record<string, PropertySpec> = {
  ...INPUT_PROPERTIES,
  ownerAccount: { type: "string", description: "The account's owner, as last read from the server (read-only)." },
  ...FACT_PROPERTIES,
  adoptedValues: {
    $ref: `#/types/${ADOPTED_VALUES_TYPE}`,
    description: "The writable fields as the account had them when the resource adopted it: what `deletePolicy: restore` puts back.",
  },
};

export const PROFILE_VALUES_TYPE: ObjectTypeSpec = {
  type: "object",
  description: "Values of an official account's writable profile fields.",
  properties: FIELD_PROPERTIES,
};

const SPEC: ResourceSpec = {
  description:
    "Manages the profile of an existing Tencent Cloud Chat official account. Creating the resource adopts the account (official " +
    "accounts are created in the console or with `create_official_account`); deleting it leaves the account in place, or restores " +
    "the adopted values with `deletePolicy: restore`. Import with `pulumi import tencentcloud-chat:index:OfficialAccountProfile <name> " +
    "<sdkAppId>/<officialAccount>`.",
  inputProperties: INPUT_PROPERTIES,
  requiredInputs: ["officialAccount"],
  properties: OUTPUT_PROPERTIES,
  required: ["officialAccount", "deletePolicy", "sdkAppId", "managedFields", "adoptedValues"],
};

export const officialAccountProfile: ResourceType = {
  name: "OfficialAccountProfile",
  token: resourceToken("OfficialAccountProfile"),
  spec: SPEC,
  types: { [ADOPTED_VALUES_TYPE]: PROFILE_VALUES_TYPE },
  lifecycle: lifecycleOf(lifecycle),
  // `adoptedValues` holds the fields as found at adoption: a field declared secret is secret there too.
  outputsHoldingCopies: (secretKeys) => (PROFILE_FIELDS.some((field) => secretKeys.has(field)) ? ["adoptedValues"] : []),
  // An import knows only the ID: manage every writable field, so the inputs it returns describe the account whole.
  importState: () => ({ managedFields: [...PROFILE_FIELDS] }),
};
