import type { KeyChange } from "./property-values";
import type { OperationResult, StepOp, StepResult } from "./results";

/** Renders results the way the Pulumi CLI prints steps: `+ create`, `~ update [diff: ~introduction]`. */
const symbols: Record<StepOp, string> = { create: "+", update: "~", replace: "+-", delete: "-", same: " " };
const changeSymbols: Record<KeyChange["kind"], string> = { add: "+", update: "~", delete: "-" };

const headings: Record<OperationResult["operation"], string> = {
  preview: "Previewing update",
  up: "Updating",
  refresh: "Refreshing",
  destroy: "Destroying",
};

const pastTense: Record<StepOp, string> = {
  create: "created",
  update: "updated",
  replace: "replaced",
  delete: "deleted",
  same: "unchanged",
};

const futureTense: Record<StepOp, string> = {
  create: "to create",
  update: "to update",
  replace: "to replace",
  delete: "to delete",
  same: "unchanged",
};

export function renderChanges(changes: KeyChange[]): string {
  return changes.length === 0 ? "" : ` [diff: ${changes.map((c) => `${changeSymbols[c.kind]}${c.key}`).join(" ")}]`;
}

export function renderStep(step: StepResult): string[] {
  const lines = [
    `  ${symbols[step.op].padEnd(2)} ${step.op.padEnd(7)} ${step.type} ${step.name}${renderChanges(step.changes)}` +
      (step.op === "replace" && step.deleteBeforeReplace ? " (delete before replace)" : "") +
      (step.status === "failed" ? " **failed**" : ""),
  ];
  if (step.error !== undefined) lines.push(`      error: ${step.error}`);
  return lines;
}

export interface RenderOptions {
  stack?: string;
  /** Also list unchanged resources (the CLI hides them by default). */
  showSame?: boolean;
}

export function renderOperation(result: OperationResult, options: RenderOptions = {}): string[] {
  const lines = [`${headings[result.operation]}${options.stack ? ` (${options.stack})` : ""}:`];
  for (const step of result.steps) {
    if (step.op === "same" && step.status !== "failed" && !options.showSame) continue;
    lines.push(...renderStep(step));
  }
  lines.push("", "Resources:");
  const tense = result.operation === "preview" ? futureTense : pastTense;
  for (const op of ["create", "update", "replace", "delete"] as const) {
    const count = result.summary[op];
    if (count > 0) lines.push(`    ${symbols[op]} ${count} ${tense[op]}`);
  }
  if (result.summary.same > 0) lines.push(`    ${result.summary.same} unchanged`);
  if (result.failed > 0) lines.push(`    ${result.failed} failed`);
  return lines;
}
