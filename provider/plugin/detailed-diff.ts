/**
 * The per-property diff the plugin reports (the dynamic host cannot: it drops `detailedDiff`). Which keys change
 * and which replace is decided by the shared diff (provider/diff.ts); this only names the kind of each change,
 * comparing the old inputs with the new ones, so preview shows `+ add`, `- delete`, `~ update` or `+-` replace per
 * property (docs/plugin.md, "Detailed diff").
 */
export type PropertyDiffKind = "add" | "addReplace" | "delete" | "deleteReplace" | "update" | "updateReplace";

export interface PropertyDiff {
  kind: PropertyDiffKind;
  /**
   * The change is between the old and the new inputs: the engine shows it against the inputs. False for a key
   * neither side's inputs hold (where the app is reached, taken from stack config; a mark in old state).
   */
  inputDiff: boolean;
}

export function detailedDiff(args: {
  oldInputs: Record<string, unknown>;
  news: Record<string, unknown>;
  changedKeys: readonly string[];
  replaceKeys: readonly string[];
}): Record<string, PropertyDiff> {
  const result: Record<string, PropertyDiff> = {};
  const present = (bag: Record<string, unknown>, key: string) => bag[key] !== undefined && bag[key] !== null;
  const kindOf = (key: string, replaces: boolean): PropertyDiffKind => {
    const base = !present(args.oldInputs, key) && present(args.news, key) ? "add" : present(args.oldInputs, key) && !present(args.news, key) ? "delete" : "update";
    return replaces ? (`${base}Replace` as PropertyDiffKind) : base;
  };
  const inputDiff = (key: string) => present(args.oldInputs, key) || present(args.news, key);
  for (const key of args.replaceKeys) result[key] = { kind: kindOf(key, true), inputDiff: inputDiff(key) };
  for (const key of args.changedKeys) {
    if (result[key] === undefined) result[key] = { kind: kindOf(key, false), inputDiff: inputDiff(key) };
  }
  return result;
}
