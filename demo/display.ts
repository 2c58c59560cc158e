/**
 * Text output in the manner of the Pulumi CLI's non-interactive display (`+  <type> <name> create`,
 * `[diff: ~introduction]`, `Resources:`), plus the demo's own lines: the emulator's request log per step,
 * the accounts after destroy, and the summary table.
 */
import type { RequestLogEntry, StoredAccount } from "../emulator";
import type { ProfileFields } from "../provider/chat/types";
import { PROFILE_FIELDS } from "../provider/profile";
import type { ConsoleAccount, DeclaredProfile, StepReport } from "./model";

/** The type as shown: the CLI prints the full token `pulumi-nodejs:dynamic/tencentcloud-chat:OfficialAccountProfile`. */
export function displayType(type: string): string {
  return type.replace(/^pulumi-nodejs:dynamic\//, "");
}

export type OperationName = "preview" | "up" | "refresh" | "destroy";

const HEADINGS: Record<OperationName, string> = {
  preview: "Previewing update",
  up: "Updating",
  refresh: "Refreshing",
  destroy: "Destroying",
};

const SYMBOLS: Record<StepReport["op"], string> = { create: "+", update: "~", replace: "+-", delete: "-", same: " " };
const PLANNED: Record<StepReport["op"], string> = { create: "create", update: "update", replace: "replace", delete: "delete", same: "same" };
const DONE: Record<StepReport["op"], string> = { create: "created", update: "updated", replace: "replaced", delete: "deleted", same: "unchanged" };
const COUNTED: Record<StepReport["op"], [string, string]> = {
  create: ["to create", "created"],
  update: ["to update", "updated"],
  replace: ["to replace", "replaced"],
  delete: ["to delete", "deleted"],
  same: ["unchanged", "unchanged"],
};

export function heading(operation: OperationName, stack: string): string {
  return `${HEADINGS[operation]} (${stack}):`;
}

function quote(value: unknown): string {
  return JSON.stringify(value);
}

/** ` +  tencentcloud-chat:OfficialAccountProfile support create`, with `[diff: …]` and failure marks. */
export function stepLine(operation: OperationName, type: string, step: StepReport): string {
  const verb = operation === "preview" ? PLANNED[step.op] : DONE[step.op];
  const diff = step.changedKeys.length > 0 ? ` [diff: ${step.changedKeys.map((key) => `~${key}`).join(" ")}]` : "";
  return ` ${SYMBOLS[step.op].padEnd(2)} ${displayType(type)} ${step.name} ${verb}${diff}${step.error ? " **failed**" : ""}`;
}

/** `pulumi preview --diff`-style property lines: `+ name: "Support"` or `~ introduction: "a" => "b"`. */
export function propertyLines(entries: ReadonlyArray<{ key: string; before?: unknown; after?: unknown; kind: "+" | "~" | "-" }>): string[] {
  const width = Math.max(0, ...entries.map((entry) => entry.key.length));
  return entries.map(({ key, before, after, kind }) => {
    const label = `${kind} ${key.padEnd(width)}: `;
    if (kind === "+") return `        ${label}${quote(after)}`;
    if (kind === "-") return `        ${label}${quote(before)}`;
    return `        ${label}${quote(before)} => ${quote(after)}`;
  });
}

export function resourcesSummary(operation: OperationName, steps: readonly StepReport[], failed: number): string[] {
  const lines = ["Resources:"];
  for (const op of ["create", "update", "replace", "delete"] as const) {
    const count = steps.filter((step) => step.op === op && !step.error).length;
    if (count > 0) lines.push(`    ${SYMBOLS[op]} ${count} ${COUNTED[op][operation === "preview" ? 0 : 1]}`);
  }
  const same = steps.filter((step) => step.op === "same").length;
  if (same > 0) lines.push(`    ${same} unchanged`);
  if (failed > 0) lines.push(`    ${failed} failed`);
  return lines;
}

function shortBody(entry: RequestLogEntry): string {
  const body = (entry.body ?? {}) as Record<string, unknown>;
  if (entry.command === "get_official_account_info") {
    const ids = ((body["OfficialAccountIdList"] as Array<Record<string, unknown>> | undefined) ?? []).map((item) => item["Official_Account"]);
    return ids.join(", ");
  }
  const { Official_Account: account, ...fields } = body;
  return `${String(account)} ${JSON.stringify(fields)}`;
}

/** The emulator's log for one step: `#3 modify_official_account_base_info @TOA#_support {"Introduction":"…"} → 0`. */
export function requestLines(requests: readonly RequestLogEntry[]): string[] {
  if (requests.length === 0) return ["  emulator: no API calls"];
  return [
    `  emulator: ${requests.length} API call(s)`,
    ...requests.map((entry) => `    #${entry.seq} ${entry.command ?? entry.path} ${shortBody(entry)} → ErrorCode ${entry.resultCode ?? "-"}`),
  ];
}

/** Field by field: the console (adopted) values, the declaration, and the emulator after destroy. */
export function accountsAfterDestroy(
  declared: readonly DeclaredProfile[],
  consoleAccounts: (resourceName: string) => ConsoleAccount,
  after: ReadonlyMap<string, StoredAccount | undefined>,
): string[] {
  const rows: string[][] = [["account", "field", "before adoption", "declared", "after destroy"]];
  for (const profile of declared) {
    const console = consoleAccounts(profile.resourceName) as ProfileFields;
    const account = after.get(profile.resourceName);
    let first = true;
    for (const field of PROFILE_FIELDS) {
      if (field === "maxSubscriberNum") continue;
      const managed = field in profile.fields;
      rows.push([
        first ? `${profile.officialAccount} (${profile.deletePolicy})` : "",
        field,
        quote(console[field]),
        managed ? quote(profile.fields[field]) : "(not managed)",
        account ? quote(account[field]) : "(missing)",
      ]);
      first = false;
    }
  }
  return table(rows).map((line) => `  ${line}`);
}

/** Left-aligned columns, a rule under the header. */
export function table(rows: readonly string[][]): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length)));
  const render = (row: readonly string[]) => row.map((cell, column) => cell.padEnd(widths[column]!)).join("  ").trimEnd();
  return [render(rows[0]!), widths.map((width) => "-".repeat(width)).join("  "), ...rows.slice(1).map(render)];
}
