/** The optional JSON state file: read once at start, rewritten (atomically) after every change. */
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import type { StoreSnapshot } from "./store";

export function loadState(path: string): StoreSnapshot | undefined {
  if (!existsSync(path)) return undefined;
  const text = readFileSync(path, "utf8");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`emulator state file ${path} is not valid JSON; delete it or fix it`);
  }
  const snapshot = parsed as Partial<StoreSnapshot>;
  if (snapshot?.version !== 1 || typeof snapshot.apps !== "object" || snapshot.apps === null) {
    throw new Error(`emulator state file ${path} has an unknown format (expected {"version":1,"apps":{…}})`);
  }
  return snapshot as StoreSnapshot;
}

export function saveState(path: string, snapshot: StoreSnapshot): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(snapshot, null, 2)}\n`, "utf8");
  renameSync(temporary, path);
}
