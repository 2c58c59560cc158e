import { USER_ID_MAX_BYTES, RESOURCE_NAME_KEY } from "../account/inputs";
import * as lifecycle from "../account/lifecycle";
import { OFFICIAL_ACCOUNT_MAX_BYTES, OFFICIAL_ACCOUNT_PREFIX, PROFILE_FIELDS } from "../profile";
import { FACT_PROPERTIES, FIELD_PROPERTIES, TARGET_PROPERTIES } from "./field-properties";
import { resourceToken } from "./package-info";
import { lifecycleOf, type ResourceType } from "./resource-type";
import type { PropertySpec, ResourceSpec } from "./schema-types";

/**
 * OfficialAccount served by the plugin: the dynamic resource's lifecycle (provider/account/lifecycle.ts), called
 * as it is. The dynamic host gives `check` no URN, so the Node class passes the resource name as an input for
 * autonaming; the plugin has the name from the request and passes it the same way (docs/plugin.md).
 */

const INPUT_PROPERTIES: Record<string, PropertySpec> = {
  officialAccount: {
    type: "string",
    replaceOnChanges: true,
    description:
      `A custom ID (\`${OFFICIAL_ACCOUNT_PREFIX}…\`, printable ASCII, at most ${OFFICIAL_ACCOUNT_MAX_BYTES} bytes, not \`${OFFICIAL_ACCOUNT_PREFIX}@TOA#…\`). ` +
      `Left out, one is derived from the resource name plus a random suffix (\`${OFFICIAL_ACCOUNT_PREFIX}support-3f9c2a1\`) and kept for the ` +
      "resource's life. Changing it replaces the account (destroying it first).",
  },
  ownerAccount: {
    type: "string",
    replaceOnChanges: true,
    description:
      `The owner: a Chat user of the app (an imported account), at most ${USER_ID_MAX_BYTES} bytes of printable ASCII. No API changes an ` +
      "owner: changing it replaces the account (destroying it first).",
  },
  ...FIELD_PROPERTIES,
  ...TARGET_PROPERTIES,
};

const SPEC: ResourceSpec = {
  description:
    "A Tencent Cloud Chat official account, create to destroy: creating the resource creates the account " +
    "(`create_official_account`), deleting it destroys the account (`destroy_official_account`). Never created twice: " +
    "the ID is known before the create (given, or derived from the resource name), so a lost reply is settled by looking it up.",
  inputProperties: INPUT_PROPERTIES,
  requiredInputs: ["ownerAccount", "name"],
  properties: {
    ...INPUT_PROPERTIES,
    ...FACT_PROPERTIES,
    createUnconfirmed: {
      type: "boolean",
      description: "Set when create could not tell whether the account was made; the next update looks it up before anything else.",
    },
  },
  required: ["officialAccount", "ownerAccount", "sdkAppId", "managedFields"],
};

export const officialAccount: ResourceType = {
  name: "OfficialAccount",
  token: resourceToken("OfficialAccount"),
  spec: SPEC,
  types: {},
  lifecycle: lifecycleOf(lifecycle, (news, name) => (news[RESOURCE_NAME_KEY] === undefined ? { ...news, [RESOURCE_NAME_KEY]: name } : news)),
  // An import knows only the ID: manage every writable field, so the inputs describe the account whole.
  importState: () => ({ managedFields: [...PROFILE_FIELDS] }),
  outputsHoldingCopies: () => [],
};
