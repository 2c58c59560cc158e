/** The table printed at the end of `npm run demo`: each step, its result, and what was verified. */
import type { DemoResult, StepOutcome } from "./demo";
import { table } from "./display";

const VERIFIED_WIDTH = 88;

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const part of text.split("; ")) {
    const next = line ? `${line}; ${part}` : part;
    if (line && next.length > width) {
      lines.push(`${line};`);
      line = part;
    } else {
      line = next;
    }
  }
  if (line) lines.push(line);
  return lines.length > 0 ? lines : [""];
}

function result(outcome: StepOutcome): string {
  if (!outcome.ran) return "not run";
  return outcome.ok ? "ok" : "FAILED";
}

export function summaryLines(demo: Pick<DemoResult, "outcomes" | "runnerNote" | "ok" | "durationMs">): string[] {
  const rows: string[][] = [["#", "step", "result", "verified against the emulator's store and request log"]];
  for (const outcome of demo.outcomes) {
    const text = outcome.ran ? [...outcome.failures.map((failure) => `FAILED: ${failure}`), ...outcome.facts].join("; ") : "an earlier step failed";
    const [first, ...rest] = wrap(text, VERIFIED_WIDTH);
    rows.push([String(outcome.number), outcome.label, result(outcome), first ?? ""]);
    for (const line of rest) rows.push(["", "", "", line]);
  }
  const failed = demo.outcomes.filter((outcome) => !outcome.ok).length;
  return [
    "Summary",
    demo.runnerNote,
    ...table(rows),
    "",
    demo.ok
      ? `Demo passed: every step did what it claims (${(demo.durationMs / 1000).toFixed(1)}s).`
      : `Demo FAILED: ${failed} step(s) did not do what they claim.`,
  ];
}
