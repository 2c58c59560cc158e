import { SettingsError } from "../errors";
import { isUnknown } from "../profile";
import {
  CONFIG_NAMESPACE,
  defaultEndpoint,
  defaultRegion,
  defaultSdkAppId,
  readStackConfig,
  resolveClientTunables,
  SETTINGS,
  type ConfigReader,
  type Env,
} from "../settings";
import { revealed } from "./secrets";

/**
 * The provider's configuration as the engine sends it: the `tencentcloud-chat:*` stack config (or an explicit
 * provider's inputs) as a bag keyed by the bare setting name (`sdkAppId`, `secretKey`, …). The same parsing as
 * the dynamic resources (provider/settings.ts) reads it, so the keys, the environment fallbacks and the error
 * messages are the same (docs/installation-configuration.md).
 */

type Bag = Record<string, unknown>;
type SettingName = keyof typeof SETTINGS;

/** Keys the engine itself may add to a provider's inputs. */
const ENGINE_KEYS = new Set(["version", "pluginDownloadURL"]);

/** A config value as text: strings as they are, anything else as JSON (as the engine's `variables` do). */
function configText(value: unknown): string | undefined {
  const plain = revealed(value);
  if (plain === undefined || plain === null) return undefined;
  return typeof plain === "string" ? plain : JSON.stringify(plain);
}

/** A `ConfigReader` over the bag, for `readStackConfig` (it asks for `tencentcloud-chat:<name>`). */
export function configReaderOf(bag: Bag): ConfigReader {
  const prefix = `${CONFIG_NAMESPACE}:`;
  return {
    get: (key: string) => (key.startsWith(prefix) ? configText(bag[key.slice(prefix.length)]) : undefined),
  };
}

export interface ConfigFailure {
  property: string;
  reason: string;
}

/** The failure `check` throws, on the property it names (its setting without the namespace, else `property`). */
function settingFailure(property: string, check: () => unknown): ConfigFailure | undefined {
  try {
    check();
    return undefined;
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    const named = error.setting.startsWith(`${CONFIG_NAMESPACE}:`) ? error.setting.slice(CONFIG_NAMESPACE.length + 1) : property;
    return { property: named, reason: error.message };
  }
}

/** Is some secret key available: plain or per app, in config or in the environment? */
function anySecretKey(news: Bag, env: Env): boolean {
  if (configText(news["secretKey"]) || configText(news["secretKeys"])) return true;
  const prefix = `${SETTINGS.secretKey.envVar}_`;
  return Object.entries(env).some(([name, value]) => (name === SETTINGS.secretKey.envVar || name.startsWith(prefix)) && !!value);
}

/**
 * One failure per bad or missing setting, at preview. A value set in config is parsed alone, so each bad key is
 * reported on its own; a setting left to the environment is checked there. A missing SDKAppID is not a failure
 * here (resources may name their own app; each resource's Check reports it), a missing secret key is: no
 * resource can work without one.
 */
export function checkConfig(news: Bag, env: Env): ConfigFailure[] {
  const failures: ConfigFailure[] = [];
  const settingNames = Object.keys(SETTINGS) as SettingName[];
  for (const [key, value] of Object.entries(news)) {
    if (ENGINE_KEYS.has(key) || value === undefined || value === null) continue;
    if (!(settingNames as string[]).includes(key)) {
      failures.push({
        property: key,
        reason: `${CONFIG_NAMESPACE}:${key} is not a setting of ${CONFIG_NAMESPACE} (settings: ${settingNames.join(", ")})`,
      });
      continue;
    }
    if (isUnknown(revealed(value))) continue;
    const text = configText(value);
    const failure = settingFailure(key, () => readStackConfig({ get: (name) => (name === SETTINGS[key as SettingName].configKey ? text : undefined) }));
    if (failure) failures.push(failure);
  }
  const fromEnv: Array<[SettingName, () => unknown]> = [
    ["sdkAppId", () => defaultSdkAppId(undefined, env)],
    ["region", () => defaultRegion(undefined, env)],
    ["endpoint", () => defaultEndpoint(undefined, env)],
  ];
  for (const [name, check] of fromEnv) {
    if (news[name] !== undefined && news[name] !== null) continue;
    const failure = settingFailure(name, check);
    if (failure) failures.push(failure);
  }
  const tunablesFailure = settingFailure("operationDeadlineMs", () => resolveClientTunables(undefined, env));
  if (tunablesFailure) failures.push(tunablesFailure);
  if (!failures.some((failure) => failure.property === "secretKey" || failure.property === "secretKeys") && !anySecretKey(news, env)) {
    failures.push({
      property: "secretKey",
      reason:
        `No secret key: set it with pulumi config set --secret ${SETTINGS.secretKey.configKey} <key> or the environment variable ` +
        `${SETTINGS.secretKey.envVar} (the key is on the app's page in the Chat console).`,
    });
  }
  return failures;
}
