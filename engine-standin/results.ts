import type { CheckFailure } from "./provider-client";
import type { KeyChange } from "./property-values";

/** What happened to one resource, in the vocabulary of the CLI's display (`+ create`, `~ update`, `+- replace`). */
export type StepOp = "create" | "update" | "replace" | "delete" | "same";

export type OperationKind = "preview" | "up" | "refresh" | "destroy";

export interface StepResult {
  op: StepOp;
  urn: string;
  name: string;
  type: string;
  /** `planned` in preview; `failed` carries `error`. */
  status: "done" | "planned" | "failed";
  /**
   * Changed top-level keys, computed by comparing property bags as the engine does when the provider gives no
   * detailed diff: old → new inputs for up/preview, stored → refreshed for refresh.
   */
  changes: KeyChange[];
  /** Keys that forced a replacement (the provider's `replaces`). */
  replaceKeys?: string[];
  deleteBeforeReplace?: boolean;
  /** The host's error message (gRPC details), verbatim. */
  error?: string;
  checkFailures?: CheckFailure[];
  /** The provider RPCs made for this step, in order (`check`, `diff`, `update`, …). */
  calls: string[];
}

export interface OperationResult {
  operation: OperationKind;
  ok: boolean;
  /** In program order (state order for refresh and destroy); deletions of removed resources last. */
  steps: StepResult[];
  /** Steps per op that succeeded (or are planned, in preview). */
  summary: Record<StepOp, number>;
  /** Steps that failed. */
  failed: number;
  durationMs: number;
}

export function summarize(steps: StepResult[]): Record<StepOp, number> {
  const summary: Record<StepOp, number> = { create: 0, update: 0, replace: 0, delete: 0, same: 0 };
  for (const step of steps) if (step.status !== "failed") summary[step.op] += 1;
  return summary;
}
