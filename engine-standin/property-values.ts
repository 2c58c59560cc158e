/**
 * Property bags as they travel on the wire (`google.protobuf.Struct` → `toJavaScript()`), with the engine's special
 * encodings: secrets are `{ [sigKey]: secretSig, value }`, unknowns are a sentinel string
 * (@pulumi/pulumi runtime/rpc.js; docs/engine-standin.md).
 */
export const sigKey = "4dabf18193072939515e22adb298388d";
export const secretSig = "1b47061264138c4ac30d75fd1eb44270";
export const unknownValue = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
export const providerKey = "__provider";

export type PropertyValue = null | boolean | number | string | PropertyValue[] | PropertyMap;
export interface PropertyMap {
  [key: string]: PropertyValue;
}

export interface SecretWrapper {
  [sigKey]: typeof secretSig;
  value: PropertyValue;
}

export function isObject(value: unknown): value is PropertyMap {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function isSecret(value: unknown): value is SecretWrapper {
  return isObject(value) && value[sigKey] === secretSig && "value" in value;
}

export function makeSecret(value: PropertyValue): PropertyValue {
  return isSecret(value) ? value : ({ [sigKey]: secretSig, value } as unknown as PropertyMap);
}

/** The engine's `KeepSecrets: false` marshalling: every secret wrapper replaced by its plaintext, at any depth. */
export function stripSecrets(value: PropertyValue): PropertyValue {
  if (isSecret(value)) return stripSecrets(value.value);
  if (Array.isArray(value)) return value.map(stripSecrets);
  if (isObject(value)) {
    const result: PropertyMap = {};
    for (const [key, item] of Object.entries(value)) result[key] = stripSecrets(item);
    return result;
  }
  return value;
}

export function stripSecretsFromMap(map: PropertyMap): PropertyMap {
  return stripSecrets(map) as PropertyMap;
}

/** properties.go `ContainsSecrets`: a secret anywhere inside the value. */
export function containsSecrets(value: PropertyValue | undefined): boolean {
  if (isSecret(value)) return true;
  if (Array.isArray(value)) return value.some(containsSecrets);
  if (isObject(value)) return Object.values(value).some(containsSecrets);
  return false;
}

/**
 * Go `annotateSecrets(outs, ins)` (sdk/go/common/resource/plugin/provider_plugin.go): "copies the secretness from
 * the ins to the outs" for keys present in both; recurses when both sides are objects, and otherwise marks the
 * whole output secret when the input holds a secret anywhere inside (`ContainsSecrets`).
 */
export function annotateSecrets(outs: PropertyMap, ins: PropertyMap): PropertyMap {
  const result: PropertyMap = { ...outs };
  for (const [key, inValue] of Object.entries(ins)) {
    if (!(key in result)) continue;
    const outValue = result[key] as PropertyValue;
    if (isObject(outValue) && !isSecret(outValue) && isObject(inValue) && !isSecret(inValue)) {
      result[key] = annotateSecrets(outValue, inValue);
    } else if (!isSecret(outValue) && containsSecrets(inValue)) {
      result[key] = makeSecret(outValue);
    }
  }
  return result;
}

/** Marks the named top-level outputs secret (the `additionalSecretOutputs` resource option). */
export function markSecretKeys(outs: PropertyMap, keys: readonly string[]): PropertyMap {
  const result: PropertyMap = { ...outs };
  for (const key of keys) {
    const value = result[key];
    if (value !== undefined) result[key] = makeSecret(value);
  }
  return result;
}

export function containsUnknowns(value: PropertyValue): boolean {
  if (value === unknownValue) return true;
  if (Array.isArray(value)) return value.some(containsUnknowns);
  if (isObject(value)) return Object.values(value).some(containsUnknowns);
  return false;
}

/** Deep equality on wire values; secretness counts (as in the engine's `DeepEquals`). */
export function deepEqual(a: PropertyValue | undefined, b: PropertyValue | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => deepEqual(item, b[index]));
  }
  if (isObject(a) && isObject(b)) {
    const keysA = Object.keys(a);
    const keysB = Object.keys(b);
    return keysA.length === keysB.length && keysA.every((key) => key in b && deepEqual(a[key], b[key]));
  }
  return false;
}

export interface KeyChange {
  key: string;
  kind: "add" | "update" | "delete";
}

/**
 * Top-level keys that differ, the way the CLI renders `[diff: +a ~b -c]` when the provider gives no detailed diff
 * (for display; the engine's own comparison is engine-diff.ts `diffInputs`, docs/engine-standin.md). Secretness alone is not a change for display.
 */
export function diffKeys(olds: PropertyMap, news: PropertyMap): KeyChange[] {
  const changes: KeyChange[] = [];
  const keys = new Set([...Object.keys(olds), ...Object.keys(news)]);
  for (const key of [...keys].sort()) {
    const inOld = key in olds;
    const inNew = key in news;
    if (inOld && !inNew) changes.push({ key, kind: "delete" });
    else if (!inOld && inNew) changes.push({ key, kind: "add" });
    else if (!deepEqual(stripSecrets(olds[key] as PropertyValue), stripSecrets(news[key] as PropertyValue))) {
      changes.push({ key, kind: "update" });
    }
  }
  return changes;
}

/** Paths (`a.b[0]`) of every secret wrapper in a bag: what a state file must hold encrypted. */
export function secretPaths(value: PropertyValue, prefix = ""): string[] {
  if (isSecret(value)) return [prefix];
  if (Array.isArray(value)) return value.flatMap((item, index) => secretPaths(item, `${prefix}[${index}]`));
  if (isObject(value)) {
    return Object.entries(value).flatMap(([key, item]) => secretPaths(item, prefix ? `${prefix}.${key}` : key));
  }
  return [];
}
