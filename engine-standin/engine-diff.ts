import { formatPropertyPath, parsePropertyPath, pathContains, processIgnoreChanges, type PropertyPath } from "./property-paths";
import { isObject, isSecret, makeSecret, stripSecrets, type KeyChange, type PropertyMap, type PropertyValue } from "./property-values";

/**
 * The engine's own diffing, used when a provider answers DIFF_UNKNOWN (the Node dynamic host does whenever the
 * provider's `diff` returns no `changes`), and its `replaceOnChanges` rule. Ports of step_generator.go
 * `diffResource` and `applyReplaceOnChanges`, properties_diff.go `PropertyMap.Diff` and provider.go
 * `NewDetailedDiffFromObjectDiff`. See docs/engine-standin.md.
 */
export type DetailedDiffKind = "add" | "update" | "delete";

export interface EngineDiff {
  /** Top-level keys that changed (`ObjectDiff.ChangedKeys`). */
  changedKeys: KeyChange[];
  /** Leaf paths that changed (`NewDetailedDiffFromObjectDiff`), e.g. `tags.team`, `list[1]`. */
  detailed: Array<{ path: PropertyPath; kind: DetailedDiffKind }>;
}

/** properties_diff.go: a null value counts as absent, in the map and in nested objects. */
function hasValue(value: PropertyValue | undefined): boolean {
  return value !== undefined && value !== null;
}

function valueEquals(a: PropertyValue, b: PropertyValue): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => valueEquals(item, b[i] as PropertyValue));
  }
  if (isObject(a) || isObject(b)) return isObject(a) && isObject(b) && objectDiff(a, b, []).length === 0;
  return a === b;
}

function valueDiff(old: PropertyValue, neu: PropertyValue, prefix: PropertyPath): EngineDiff["detailed"] {
  if (Array.isArray(old) && Array.isArray(neu)) {
    const out: EngineDiff["detailed"] = [];
    for (let i = 0; i < Math.max(old.length, neu.length); i++) {
      if (i >= old.length) out.push({ path: [...prefix, i], kind: "add" });
      else if (i >= neu.length) out.push({ path: [...prefix, i], kind: "delete" });
      else out.push(...valueDiff(old[i] as PropertyValue, neu[i] as PropertyValue, [...prefix, i]));
    }
    return out;
  }
  if (isObject(old) && isObject(neu)) return objectDiff(old, neu, prefix);
  if (valueEquals(old, neu)) return [];
  const kind: DetailedDiffKind = old === null ? "add" : neu === null ? "delete" : "update";
  return [{ path: prefix, kind }];
}

function objectDiff(olds: PropertyMap, news: PropertyMap, prefix: PropertyPath): EngineDiff["detailed"] {
  const out: EngineDiff["detailed"] = [];
  for (const key of Object.keys(olds).sort()) {
    const old = olds[key] as PropertyValue;
    if (key in news) {
      const neu = news[key] as PropertyValue;
      const inner = valueDiff(old, neu, [...prefix, key]);
      if (inner.length === 0) continue;
      if (!hasValue(old)) out.push({ path: [...prefix, key], kind: "add" });
      else if (!hasValue(neu)) out.push({ path: [...prefix, key], kind: "delete" });
      else out.push(...inner);
    } else if (hasValue(old)) {
      out.push({ path: [...prefix, key], kind: "delete" });
    }
  }
  for (const key of Object.keys(news).sort()) {
    if (!(key in olds) && hasValue(news[key])) out.push({ path: [...prefix, key], kind: "add" });
  }
  return out;
}

/**
 * `unwrapResourceSecretsAndOutputs(olds).Diff(unwrap(news))`: secretness alone is no change, null is absent.
 */
export function diffInputs(olds: PropertyMap, news: PropertyMap): EngineDiff {
  const detailed = objectDiff(stripSecrets(olds) as PropertyMap, stripSecrets(news) as PropertyMap, []);
  const byKey = new Map<string, DetailedDiffKind>();
  for (const entry of detailed) {
    const key = String(entry.path[0]);
    byKey.set(key, entry.path.length === 1 ? entry.kind : "update");
  }
  const changedKeys = [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, kind]) => ({ key, kind }));
  return { changedKeys, detailed };
}

/**
 * step_generator.go `diffResource` for DIFF_UNKNOWN: the new inputs with `ignoreChanges` reset to the old values,
 * compared with the old inputs. Used by up (old → program inputs) and by refresh (refreshed → stored inputs,
 * with the resource's stored `ignoreChanges`).
 */
export function diffUnknown(oldInputs: PropertyMap, newInputs: PropertyMap, ignoreChanges: readonly string[]): EngineDiff {
  return diffInputs(oldInputs, processIgnoreChanges(newInputs, oldInputs, ignoreChanges));
}

/** The special key step_generator.go uses for "the old state has init errors" in `replaceOnChanges`. */
export const initErrorKey = "#initerror";

/**
 * step_generator.go `applyReplaceOnChanges`: a changed key, or a changed nested path, that a `replaceOnChanges`
 * path contains forces a replacement; so do init errors when a path contains `#initerror` (as `*` does).
 * `diff` is undefined for DIFF_SOME from a dynamic provider: the Node host sends no `diffs` and no detailed diff,
 * so only the init-error rule can apply. Returns the keys that force a replacement (empty: no replacement).
 */
export function replaceOnChangesKeys(
  diff: EngineDiff | undefined,
  replaceOnChanges: readonly string[],
  hasInitErrors: boolean,
): string[] {
  const paths = replaceOnChanges.map(parsePropertyPath);
  const keys = new Set<string>();
  for (const { key } of diff?.changedKeys ?? []) {
    if (paths.some((path) => pathContains(path, [key]))) keys.add(key);
  }
  for (const { path } of diff?.detailed ?? []) {
    if (paths.some((candidate) => pathContains(candidate, path))) keys.add(formatPropertyPath(path));
  }
  if (hasInitErrors && paths.some((path) => pathContains(path, [initErrorKey]))) keys.add(initErrorKey);
  return [...keys];
}

/**
 * step_executor.go, after every step that has a new state (Same and refresh included): the
 * `additionalSecretOutputs` and every top-level output whose input of the same name is a secret are marked secret.
 */
export function remarkStepOutputs(outputs: PropertyMap, inputs: PropertyMap, additionalSecretOutputs: readonly string[] = []): PropertyMap {
  const result: PropertyMap = { ...outputs };
  for (const key of additionalSecretOutputs) {
    const value = result[key];
    if (key !== "id" && value !== undefined) result[key] = makeSecret(value);
  }
  for (const [key, value] of Object.entries(result)) {
    if (isSecret(inputs[key])) result[key] = makeSecret(value as PropertyValue);
  }
  return result;
}

