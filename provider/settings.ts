import { parseBaseUrl } from "./chat/endpoints";
import type { ClientTunables } from "./chat/options";
import type { ChatConnection, RegionName } from "./chat/types";
import { DEFAULTS } from "./defaults";
import { SettingsError } from "./errors";
import { REGION_NAMES } from "./profile";

/**
 * Stack config and environment → the app a resource talks to and the connection for it (docs/installation-configuration.md).
 * Config wins over the environment, setting by setting. Secrets never enter an error message.
 */

export const CONFIG_NAMESPACE = "tencentcloud-chat";

/**
 * Every setting the provider reads: its stack config key and its environment variable (docs/installation-configuration.md).
 */
export const SETTINGS = {
  sdkAppId: { configKey: `${CONFIG_NAMESPACE}:sdkAppId`, envVar: "TENCENTCLOUD_CHAT_SDKAPPID" },
  secretKey: { configKey: `${CONFIG_NAMESPACE}:secretKey`, envVar: "TENCENTCLOUD_CHAT_SECRET_KEY" },
  identifier: { configKey: `${CONFIG_NAMESPACE}:identifier`, envVar: "TENCENTCLOUD_CHAT_IDENTIFIER" },
  region: { configKey: `${CONFIG_NAMESPACE}:region`, envVar: "TENCENTCLOUD_CHAT_REGION" },
  endpoint: { configKey: `${CONFIG_NAMESPACE}:endpoint`, envVar: "TENCENTCLOUD_CHAT_ENDPOINT" },
  /** Keys of other apps, for resources that override `sdkAppId`: a JSON object keyed by SDKAppID. */
  secretKeys: { configKey: `${CONFIG_NAMESPACE}:secretKeys`, envVar: "TENCENTCLOUD_CHAT_SECRET_KEY_<SDKAPPID>" },
  /** Client tunables (docs/reliability.md): CI wants short deadlines, small apps a lower rate. */
  operationDeadlineMs: { configKey: `${CONFIG_NAMESPACE}:operationDeadlineMs`, envVar: "TENCENTCLOUD_CHAT_OPERATION_DEADLINE_MS" },
  maxAttempts: { configKey: `${CONFIG_NAMESPACE}:maxAttempts`, envVar: "TENCENTCLOUD_CHAT_MAX_ATTEMPTS" },
  maxRequestsPerSecond: { configKey: `${CONFIG_NAMESPACE}:maxRequestsPerSecond`, envVar: "TENCENTCLOUD_CHAT_MAX_REQUESTS_PER_SECOND" },
} as const;

/** The settings that tune the Chat client, each a positive integer. */
export const TUNABLE_SETTINGS = ["operationDeadlineMs", "maxAttempts", "maxRequestsPerSecond"] as const;
export type TunableSetting = (typeof TUNABLE_SETTINGS)[number];
export type TunableOverrides = Partial<Pick<ClientTunables, TunableSetting>>;

/** Per-app key in the environment: `TENCENTCLOUD_CHAT_SECRET_KEY_1400000001`. */
function appSecretKeyEnvVar(sdkAppId: number): string {
  return `${SETTINGS.secretKey.envVar}_${sdkAppId}`;
}

/** The part of `dynamic.Config` used here; keys arrive namespaced (`tencentcloud-chat:sdkAppId`). */
export interface ConfigReader {
  get(key: string): string | undefined;
}

export type Env = Readonly<Record<string, string | undefined>>;

/** The stack config values this package reads, captured and validated once by `configure`. */
export interface StackConfig {
  sdkAppId?: number;
  secretKey?: string;
  identifier?: string;
  region?: RegionName;
  endpoint?: string;
  /** SDKAppID (decimal text) → secret key. */
  secretKeys: Readonly<Record<string, string>>;
  /** Client tunables set in stack config; the environment fills the others at run time. */
  tunables?: TunableOverrides;
}

/**
 * The app a resource targets and how it is reached. `sdkAppId` identifies the account together with its ID;
 * `region` and `endpoint` are only the route, never identity (docs/semantics.md).
 */
export interface Target {
  sdkAppId: number;
  region: RegionName;
  /** Overrides the region's domain when set. */
  endpoint?: string;
}

export type TargetOverrides = Partial<Target>;

type SettingName = keyof typeof SETTINGS;

function source(name: SettingName, fromConfig: boolean): string {
  return fromConfig ? `stack config ${SETTINGS[name].configKey}` : `environment variable ${SETTINGS[name].envVar}`;
}

function invalid(name: SettingName, message: string): SettingsError {
  return new SettingsError("TCHAT_SETTINGS_INVALID", { setting: SETTINGS[name].configKey, envVar: SETTINGS[name].envVar, message });
}

/**
 * What a bad setting looked like, never what it was: config and environment values reach Pulumi's output
 * through these messages, and a secret pasted into the wrong key must not (docs/installation-configuration.md).
 */
function describeText(text: string): string {
  return `text of ${Buffer.byteLength(text, "utf8")} bytes (value not shown)`;
}

function parseSdkAppId(text: string, fromConfig: boolean): number {
  const value = Number(text.trim());
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < 1) {
    throw invalid("sdkAppId", `${source("sdkAppId", fromConfig)} must be the SDKAppID from the Chat console, a positive integer such as 1400000000; got ${describeText(text)}`);
  }
  return value;
}

function parseRegion(text: string, fromConfig: boolean): RegionName {
  if (!(REGION_NAMES as readonly string[]).includes(text)) {
    throw invalid("region", `${source("region", fromConfig)} must be one of ${REGION_NAMES.join(", ")}; got ${describeText(text)}`);
  }
  return text as RegionName;
}

/** The normalized base URL; the error names the setting and the reason, never the value (it may be secret). */
function parseEndpoint(text: string, fromConfig: boolean): string {
  const parsed = parseBaseUrl(text, source("endpoint", fromConfig));
  if ("problem" in parsed) throw invalid("endpoint", parsed.problem);
  return parsed.baseUrl;
}

/** Structured config arrives as JSON text (cmd/dynamic-provider/config.js). The text is secret: never echo it. */
function parseSecretKeys(text: string): Record<string, string> {
  const mistake = invalid(
    "secretKeys",
    `stack config ${SETTINGS.secretKeys.configKey} must be a JSON object mapping SDKAppID to secret key, ` +
      `e.g. pulumi config set --secret ${SETTINGS.secretKeys.configKey} '{"1400000001":"<key>"}' (value not shown: it is secret)`,
  );
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw mistake;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw mistake;
  const keys: Record<string, string> = {};
  for (const [appId, key] of Object.entries(parsed)) {
    if (!/^\d+$/.test(appId) || typeof key !== "string" || key === "") throw mistake;
    keys[String(Number(appId))] = key;
  }
  return keys;
}

const TUNABLE_EXAMPLES: Readonly<Record<TunableSetting, string>> = {
  operationDeadlineMs: "30000",
  maxAttempts: "3",
  maxRequestsPerSecond: "50",
};

function parseTunable(name: TunableSetting, text: string, fromConfig: boolean): number {
  const trimmed = text.trim();
  const value = Number(trimmed);
  if (!/^\d+$/.test(trimmed) || !Number.isSafeInteger(value) || value < 1) {
    const { configKey, envVar } = SETTINGS[name];
    throw invalid(
      name,
      `${source(name, fromConfig)} must be a positive integer such as ${TUNABLE_EXAMPLES[name]}; got ${describeText(text)} ` +
        `(set it with the stack config ${configKey} or the environment variable ${envVar}, or leave it unset for the default)`,
    );
  }
  return value;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}

/** Reads and validates this package's keys from the config the host hands to `configure`. */
export function readStackConfig(config: ConfigReader): StackConfig {
  const get = (name: SettingName) => nonEmpty(config.get(SETTINGS[name].configKey));
  const sdkAppId = get("sdkAppId");
  const secretKey = get("secretKey");
  const identifier = get("identifier");
  const region = get("region");
  const endpoint = get("endpoint");
  const secretKeys = get("secretKeys");
  const tunables: TunableOverrides = {};
  for (const name of TUNABLE_SETTINGS) {
    const text = get(name);
    if (text !== undefined) tunables[name] = parseTunable(name, text, true);
  }
  return {
    ...(sdkAppId !== undefined ? { sdkAppId: parseSdkAppId(sdkAppId, true) } : {}),
    ...(secretKey !== undefined ? { secretKey } : {}),
    ...(identifier !== undefined ? { identifier } : {}),
    ...(region !== undefined ? { region: parseRegion(region, true) } : {}),
    ...(endpoint !== undefined ? { endpoint: parseEndpoint(endpoint, true) } : {}),
    secretKeys: secretKeys !== undefined ? parseSecretKeys(secretKeys) : {},
    ...(Object.keys(tunables).length > 0 ? { tunables } : {}),
  };
}

/** Client tunables: stack config, then the environment, setting by setting; unset ones keep the client defaults. */
export function resolveClientTunables(stack: StackConfig | undefined, env: Env): TunableOverrides {
  const tunables: TunableOverrides = {};
  for (const name of TUNABLE_SETTINGS) {
    const fromConfig = stack?.tunables?.[name];
    if (fromConfig !== undefined) {
      tunables[name] = fromConfig;
      continue;
    }
    const fromEnv = nonEmpty(env[SETTINGS[name].envVar]);
    if (fromEnv !== undefined) tunables[name] = parseTunable(name, fromEnv, false);
  }
  return tunables;
}

const NO_CONFIG: StackConfig = { secretKeys: {} };

/** The stack's default app (config, then environment), if any. */
export function defaultSdkAppId(stack: StackConfig | undefined, env: Env): number | undefined {
  if (stack?.sdkAppId !== undefined) return stack.sdkAppId;
  const fromEnv = nonEmpty(env[SETTINGS.sdkAppId.envVar]);
  return fromEnv === undefined ? undefined : parseSdkAppId(fromEnv, false);
}

export function missingSdkAppIdError(): SettingsError {
  return new SettingsError("TCHAT_SETTINGS_MISSING", {
    setting: SETTINGS.sdkAppId.configKey,
    envVar: SETTINGS.sdkAppId.envVar,
    message:
      `No SDKAppID: set the stack config ${SETTINGS.sdkAppId.configKey} (pulumi config set ${SETTINGS.sdkAppId.configKey} 1400000000) ` +
      `or the environment variable ${SETTINGS.sdkAppId.envVar}, or give the resource an sdkAppId.`,
  });
}

/** The stack's region (config, then environment, then `china`). */
export function defaultRegion(stack: StackConfig | undefined, env: Env): RegionName {
  if (stack?.region !== undefined) return stack.region;
  const fromEnv = nonEmpty(env[SETTINGS.region.envVar]);
  return fromEnv !== undefined ? parseRegion(fromEnv, false) : (DEFAULTS.region as RegionName);
}

/** The stack's endpoint override (config, then environment), if any. */
export function defaultEndpoint(stack: StackConfig | undefined, env: Env): string | undefined {
  if (stack?.endpoint !== undefined) return stack.endpoint;
  const fromEnv = nonEmpty(env[SETTINGS.endpoint.envVar]);
  return fromEnv !== undefined ? parseEndpoint(fromEnv, false) : undefined;
}

/**
 * Resolves the app, region and endpoint of one resource, key by key: its own override, then stack config,
 * then the environment, then defaults. An endpoint, from wherever it comes, wins over the region when the
 * client picks the URL. Throws when no SDKAppID can be found.
 */
export function resolveTarget(overrides: TargetOverrides, stack: StackConfig | undefined, env: Env): Target {
  const sdkAppId = overrides.sdkAppId ?? defaultSdkAppId(stack, env);
  if (sdkAppId === undefined) throw missingSdkAppIdError();
  const region = overrides.region ?? defaultRegion(stack, env);
  const endpoint = overrides.endpoint ?? defaultEndpoint(stack, env);
  return { sdkAppId, region, ...(endpoint !== undefined ? { endpoint } : {}) };
}

/**
 * The secret key of one app. Per-app entries first (`secretKeys` config, then `…_SECRET_KEY_<id>`); the
 * plain `secretKey` belongs to the stack's default app, or to any app when the stack names none.
 */
function resolveSecretKey(sdkAppId: number, stack: StackConfig, env: Env): string {
  const perApp = stack.secretKeys[String(sdkAppId)] ?? nonEmpty(env[appSecretKeyEnvVar(sdkAppId)]);
  if (perApp !== undefined) return perApp;
  const stackApp = defaultSdkAppId(stack, env);
  if (stackApp === undefined || stackApp === sdkAppId) {
    const plain = stack.secretKey ?? nonEmpty(env[SETTINGS.secretKey.envVar]);
    if (plain !== undefined) return plain;
    throw new SettingsError("TCHAT_SETTINGS_MISSING", {
      setting: SETTINGS.secretKey.configKey,
      envVar: SETTINGS.secretKey.envVar,
      message:
        `No secret key for SDKAppID ${sdkAppId}: set it with pulumi config set --secret ${SETTINGS.secretKey.configKey} <key> ` +
        `or the environment variable ${SETTINGS.secretKey.envVar} (the key is on the app's page in the Chat console).`,
    });
  }
  throw new SettingsError("TCHAT_SETTINGS_MISSING", {
    setting: SETTINGS.secretKeys.configKey,
    envVar: appSecretKeyEnvVar(sdkAppId),
    message:
      `No secret key for SDKAppID ${sdkAppId} (a resource's own sdkAppId; the stack's app is ${stackApp}): add it to the stack config ` +
      `${SETTINGS.secretKeys.configKey}, a JSON object keyed by SDKAppID ` +
      `(pulumi config set --secret ${SETTINGS.secretKeys.configKey} '{"${sdkAppId}":"<key>"}'), ` +
      `or set the environment variable ${appSecretKeyEnvVar(sdkAppId)}.`,
  });
}

/** Everything the Chat client needs to reach the target's app. */
export function resolveConnection(target: Target, stack: StackConfig | undefined, env: Env): ChatConnection {
  const config = stack ?? NO_CONFIG;
  const secretKey = resolveSecretKey(target.sdkAppId, config, env);
  const identifier = config.identifier ?? nonEmpty(env[SETTINGS.identifier.envVar]) ?? DEFAULTS.identifier;
  return {
    sdkAppId: target.sdkAppId,
    secretKey,
    identifier,
    region: target.region,
    ...(target.endpoint !== undefined ? { endpoint: target.endpoint } : {}),
  };
}
