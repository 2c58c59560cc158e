/**
 * Stack configuration as `Pulumi.<stack>.yaml` holds it: namespaced keys (`tencentcloud-chat:sdkAppId`), string
 * values, some marked secret. Plain keys without a namespace belong to the project, as in the CLI.
 */
export type StackConfigValue = string | { secret: string };
export type StackConfig = Record<string, StackConfigValue>;

/** Marks a config value secret (`pulumi config set --secret`). */
export function secretConfig(value: string): { secret: string } {
  return { secret: value };
}

export function isSecretConfig(value: StackConfigValue): value is { secret: string } {
  return typeof value === "object";
}

export function configPlainValue(value: StackConfigValue): string {
  return isSecretConfig(value) ? value.secret : value;
}

/** `key` → `project:key` when it has no namespace (cmd/dynamic-provider/config.js does the same on `get`). */
export function namespacedKey(key: string, project: string): string {
  return key.includes(":") ? key : `${project}:${key}`;
}

export function normalizeConfig(config: StackConfig, project: string): StackConfig {
  const result: StackConfig = {};
  for (const [key, value] of Object.entries(config)) result[namespacedKey(key, project)] = value;
  return result;
}

/** The environment the CLI gives a Node program: `PULUMI_CONFIG` (JSON, plaintext) and `PULUMI_CONFIG_SECRET_KEYS`. */
export function programConfigEnv(config: StackConfig, project: string): Record<string, string> {
  const values: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const [key, value] of Object.entries(normalizeConfig(config, project))) {
    values[key] = configPlainValue(value);
    if (isSecretConfig(value)) secretKeys.push(key);
  }
  return { PULUMI_CONFIG: JSON.stringify(values), PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(secretKeys) };
}
