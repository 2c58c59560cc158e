import { REGION_NAMES } from "../chat/endpoints";
import { DEFAULTS } from "../defaults";
import { SETTINGS } from "../settings";
import type { PropertySpec } from "./schema-types";

/**
 * The `tencentcloud-chat:*` settings as schema properties: the package's config variables and the inputs of an
 * explicit provider. Each names its environment fallback (`defaultInfo.environment`), as provider/settings.ts
 * reads it; the secret key and the per-app keys are `secret: true` (docs/installation-configuration.md).
 */
function setting(name: keyof typeof SETTINGS, spec: Omit<PropertySpec, "defaultInfo">): PropertySpec {
  const envVar = SETTINGS[name].envVar;
  // The per-app variables are a family (`…_SECRET_KEY_<SDKAPPID>`), not one name a tool could probe.
  return envVar.includes("<") ? spec : { ...spec, defaultInfo: { environment: [envVar] } };
}

export const CONFIG_PROPERTIES: Record<string, PropertySpec> = {
  sdkAppId: setting("sdkAppId", {
    type: "integer",
    description:
      "The application (SDKAppID from the Chat console), a positive integer such as 1400000000. Resources may name their own app " +
      "with their `sdkAppId` input.",
  }),
  secretKey: setting("secretKey", {
    type: "string",
    secret: true,
    description: "The app's secret key, which signs the UserSig. Kept secret: it never reaches state, logs or error messages.",
  }),
  identifier: setting("identifier", {
    type: "string",
    default: DEFAULTS.identifier,
    description: `The app administrator account the requests are made as; default \`${DEFAULTS.identifier}\`.`,
  }),
  region: setting("region", {
    type: "string",
    default: DEFAULTS.region,
    description: `The app's data-centre region: one of ${REGION_NAMES.map((name) => `\`${name}\``).join(", ")}; default \`${DEFAULTS.region}\`.`,
  }),
  endpoint: setting("endpoint", {
    type: "string",
    description:
      "A full http(s) base URL for the REST API (the emulator, a proxy, a standby domain), without user, password, query or " +
      "fragment. Wins over the region. Switching it never replaces a resource.",
  }),
  secretKeys: setting("secretKeys", {
    type: "object",
    additionalProperties: { type: "string", description: "The secret key of the app named by the key." },
    secret: true,
    description:
      "Secret keys of other apps, keyed by SDKAppID (decimal text), for resources that name their own `sdkAppId`. Each can also come " +
      "from the environment variable `TENCENTCLOUD_CHAT_SECRET_KEY_<SDKAPPID>`.",
  }),
  operationDeadlineMs: setting("operationDeadlineMs", {
    type: "integer",
    description: `Time limit of one operation, every attempt and backoff included, in milliseconds (a positive integer; default ${DEFAULTS.operationDeadlineMs}).`,
  }),
  maxAttempts: setting("maxAttempts", {
    type: "integer",
    description: `Attempts per operation for transient and throttled failures (a positive integer; default ${DEFAULTS.maxAttempts}).`,
  }),
  maxRequestsPerSecond: setting("maxRequestsPerSecond", {
    type: "integer",
    description:
      `Client-side rate ceiling per API and app, in requests per second (a positive integer; default ${DEFAULTS.maxRequestsPerSecond}, ` +
      "Tencent's documented limit).",
  }),
};
