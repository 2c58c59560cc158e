/**
 * The probe's settings, from the environment only (the provider's variable names, docs/installation-configuration.md,
 * plus TENCENTCLOUD_CHAT_PROBE_OWNER). Nothing runs unless every required one is set.
 */
import { isRegionName } from "../provider/chat/endpoints";
import type { ChatConnection } from "../provider/chat/types";

export const PROBE_ENV = {
  sdkAppId: "TENCENTCLOUD_CHAT_SDKAPPID",
  secretKey: "TENCENTCLOUD_CHAT_SECRET_KEY",
  region: "TENCENTCLOUD_CHAT_REGION",
  endpoint: "TENCENTCLOUD_CHAT_ENDPOINT",
  identifier: "TENCENTCLOUD_CHAT_IDENTIFIER",
  owner: "TENCENTCLOUD_CHAT_PROBE_OWNER",
} as const;

export type ProbeEnvironment =
  | { kind: "ready"; connection: ChatConnection; owner: string }
  /** Some required variable is unset: the probe does not run. */
  | { kind: "missing"; names: string[] }
  /** Set but unusable; `problems` never quote a value. */
  | { kind: "invalid"; problems: string[] };

export function readProbeEnvironment(env: Readonly<Record<string, string | undefined>>): ProbeEnvironment {
  const value = (name: string): string | undefined => {
    const text = env[name]?.trim();
    return text === undefined || text === "" ? undefined : text;
  };
  const missing: string[] = [];
  const sdkAppIdText = value(PROBE_ENV.sdkAppId);
  const secretKey = value(PROBE_ENV.secretKey);
  const region = value(PROBE_ENV.region);
  const endpoint = value(PROBE_ENV.endpoint);
  const owner = value(PROBE_ENV.owner);
  const identifier = value(PROBE_ENV.identifier);
  if (sdkAppIdText === undefined) missing.push(PROBE_ENV.sdkAppId);
  if (secretKey === undefined) missing.push(PROBE_ENV.secretKey);
  if (region === undefined && endpoint === undefined) missing.push(`${PROBE_ENV.region} or ${PROBE_ENV.endpoint}`);
  if (owner === undefined) missing.push(PROBE_ENV.owner);
  if (missing.length > 0 || sdkAppIdText === undefined || secretKey === undefined || owner === undefined) return { kind: "missing", names: missing };

  const problems: string[] = [];
  const sdkAppId = Number(sdkAppIdText);
  if (!/^\d{1,10}$/.test(sdkAppIdText) || !Number.isSafeInteger(sdkAppId) || sdkAppId <= 0) problems.push(`${PROBE_ENV.sdkAppId} must be a positive integer`);
  if (region !== undefined && endpoint === undefined && !isRegionName(region)) problems.push(`${PROBE_ENV.region} must be a region name (china, singapore, …)`);
  if (problems.length > 0) return { kind: "invalid", problems };
  const connection: ChatConnection = {
    sdkAppId,
    secretKey,
    ...(identifier !== undefined ? { identifier } : {}),
    ...(endpoint !== undefined ? { endpoint } : region !== undefined && isRegionName(region) ? { region } : {}),
  };
  return { kind: "ready", connection, owner };
}
