/**
 * The engine's secret values. The plugin answers `acceptSecrets: true`, so the engine sends a secret input as
 * `{ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value }` and, from then on, no
 * longer copies secretness onto outputs itself: the plugin unwraps the inputs for the shared lifecycle and wraps
 * again every output (and read input) whose input was secret (docs/plugin.md, "Secrets").
 */
export const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

type Bag = Record<string, unknown>;

export function isSecretValue(value: unknown): value is { value: unknown } {
  return typeof value === "object" && value !== null && (value as Bag)[SECRET_SIG_KEY] === SECRET_SIG && "value" in value;
}

export function secretValue(value: unknown): Bag {
  return isSecretValue(value) ? (value as Bag) : { [SECRET_SIG_KEY]: SECRET_SIG, value };
}

function containsSecret(value: unknown): boolean {
  if (isSecretValue(value)) return true;
  if (Array.isArray(value)) return value.some(containsSecret);
  if (typeof value === "object" && value !== null) return Object.values(value).some(containsSecret);
  return false;
}

/** The value with every secret wrapper replaced by what it holds, at any depth. */
export function revealed(value: unknown): unknown {
  if (isSecretValue(value)) return revealed(value.value);
  if (Array.isArray(value)) return value.map(revealed);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, revealed(item)]));
  }
  return value;
}

export interface Unwrapped {
  plain: Bag;
  /** Top-level keys that held a secret anywhere inside. */
  secretKeys: Set<string>;
}

/** Unwraps one or more bags; a key secret in any of them counts as secret. */
export function unwrapSecrets(bag: Bag | undefined, ...more: Array<Bag | undefined>): Unwrapped {
  const secretKeys = new Set<string>();
  for (const source of [bag, ...more]) {
    for (const [key, value] of Object.entries(source ?? {})) if (containsSecret(value)) secretKeys.add(key);
  }
  return { plain: revealed(bag ?? {}) as Bag, secretKeys };
}

/** Wraps the named top-level keys that the bag holds. */
export function wrapSecrets(bag: Bag, secretKeys: ReadonlySet<string>): Bag {
  const result: Bag = { ...bag };
  for (const key of secretKeys) {
    if (result[key] !== undefined) result[key] = secretValue(result[key]);
  }
  return result;
}
