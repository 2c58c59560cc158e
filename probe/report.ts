/** The probe's printed report: one line per assumption, in the table's order, then the cleanup. */
import type { Verdict } from "./types";

export interface ReportInput {
  header: string[];
  verdicts: readonly Verdict[];
  created: readonly string[];
  leftBehind: readonly string[];
}

const STATUS_WIDTH = "not checkable".length;

export function renderReport(input: ReportInput): string {
  const idWidth = Math.max(...input.verdicts.map((verdict) => verdict.id.length), 2);
  const lines = [...input.header, ""];
  for (const verdict of input.verdicts) {
    lines.push(`${verdict.status.padEnd(STATUS_WIDTH)}  ${verdict.id.padEnd(idWidth)}  ${verdict.detail}`);
  }
  const count = (status: Verdict["status"]): number => input.verdicts.filter((verdict) => verdict.status === status).length;
  lines.push("");
  lines.push(`${count("confirmed")} confirmed, ${count("refuted")} refuted, ${count("not checkable")} not checkable.`);
  lines.push(`Cleanup: ${input.created.length} accounts created, ${input.created.length - input.leftBehind.length} destroyed.`);
  for (const left of input.leftBehind) lines.push(`LEFT BEHIND: ${left} (remove it in the Chat console)`);
  return `${lines.join("\n")}\n`;
}
