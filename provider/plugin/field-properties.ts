import { REGION_NAMES } from "../chat/endpoints";
import { MAX_SUBSCRIBER_NUM_LIMIT, PROFILE_FIELDS, TEXT_LIMITS_BYTES } from "../profile";
import type { PropertySpec } from "./schema-types";

/**
 * Schema properties both resources share (one field schema, docs/resources.md): the writable profile fields with
 * their UTF-8 byte limits, the app, where it is reached, and the facts the server reports.
 */

const byteLimit = (field: keyof typeof TEXT_LIMITS_BYTES) => `at most ${TEXT_LIMITS_BYTES[field]} bytes in UTF-8`;

/** The writable profile fields: inputs, outputs, and the shape of `adoptedValues`. */
export const FIELD_PROPERTIES: Record<(typeof PROFILE_FIELDS)[number], PropertySpec> = {
  name: { type: "string", description: `Display name, ${byteLimit("name")}; cannot be "". Left out: not managed.` },
  introduction: { type: "string", description: `Introduction, ${byteLimit("introduction")}; "" clears it. Left out: not managed.` },
  faceUrl: {
    type: "string",
    description: `Avatar: an absolute http(s) URL, ${byteLimit("faceUrl")}; "" clears it. Left out: not managed.`,
  },
  organization: { type: "string", description: `Organization, ${byteLimit("organization")}; "" clears it. Left out: not managed.` },
  customString: {
    type: "string",
    description: `Free-form data for the app (often JSON), ${byteLimit("customString")}; "" clears it. Left out: not managed.`,
  },
  maxSubscriberNum: {
    type: "integer",
    description:
      `Maximum number of subscribers, an integer from 1 to ${MAX_SUBSCRIBER_NUM_LIMIT} (server default 100000). The read API may not ` +
      "return it, so drift in it may go unnoticed.",
  },
};

export const TARGET_PROPERTIES: Record<"sdkAppId" | "region" | "endpoint", PropertySpec> = {
  sdkAppId: {
    type: "integer",
    replaceOnChanges: true,
    description: "The app the account belongs to; default: the provider's `sdkAppId`. Changing it replaces the resource.",
  },
  region: {
    type: "string",
    description:
      `The app's data-centre region, one of ${REGION_NAMES.map((name) => `\`${name}\``).join(", ")}; default: the provider's \`region\`. ` +
      "Where the app is reached, not which account: changing it never replaces.",
  },
  endpoint: {
    type: "string",
    description:
      "A full http(s) base URL of the REST API (emulator, proxy); default: the provider's `endpoint`. Stored normalized; changing it " +
      "never replaces.",
  },
};

export const FACT_PROPERTIES: Record<string, PropertySpec> = {
  subscriberNum: { type: "integer", description: "Number of subscribers, as last read from the server (read-only)." },
  createTime: { type: "integer", description: "When the account was created, in Unix seconds (read-only)." },
  lastMsgTime: { type: "integer", description: "When the account last sent a message, in Unix seconds (read-only)." },
  managedFields: {
    type: "array",
    items: { type: "string", description: "A profile field name." },
    description: "The profile fields this resource manages (the ones its inputs declare).",
  },
};
