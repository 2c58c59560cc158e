import { copyFile } from "node:fs/promises";
import { createEngine, type EngineOptions } from "../../engine-standin/engine";
import type { KeyChange } from "../../engine-standin/property-values";

/**
 * The nightly drift check, `pulumi preview --refresh --expect-no-changes`, through the engine stand-in: a refresh
 * (which reads every account back) and then a preview, both on a copy of the state file, because a preview
 * persists nothing, its refresh included. Fails (`ok: false`) when either shows any step other than "same", as the
 * CLI's expect-no-changes does (pkg/engine/update.go HasChanges counts every op but same and reads).
 */
export interface DriftReport {
  ok: boolean;
  /** Per resource name, the keys that differ. */
  drifted: Record<string, string[]>;
}

export async function driftCheck(options: EngineOptions & { statePath: string }, scratchStatePath: string): Promise<DriftReport> {
  await copyFile(options.statePath, scratchStatePath);
  const engine = createEngine({ ...options, statePath: scratchStatePath });
  try {
    const refresh = await engine.refresh();
    const preview = await engine.preview();
    const drifted: Record<string, string[]> = {};
    let ok = refresh.ok && preview.ok;
    for (const step of [...refresh.steps, ...preview.steps]) {
      if (step.op === "same" && step.status !== "failed") continue;
      ok = false;
      const keys = new Set([...(drifted[step.name] ?? []), ...step.changes.map((change: KeyChange) => change.key)]);
      drifted[step.name] = [...keys].sort();
    }
    return { ok, drifted };
  } finally {
    await engine.close();
  }
}
