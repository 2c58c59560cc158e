import type { FaultKind } from "../emulator";
import type { Leak } from "../engine-standin/leak-scan";
import { APP, CANARY_KEY } from "./constants";
import { introducedClaims, staleClaims, type StaleClaim } from "./claims";
import { errorText, failureFacts, credentialLeaks, type FailureFacts } from "./failures";
import { FAULT_COLUMNS, MATRIX_TUNABLES, type FaultColumn } from "./fault-catalogue";
import { configureProvider, releaseProvider, startWorld } from "./harness";
import { mapWithLimit } from "./pool";
import { ACCOUNT, OPERATIONS, SCENARIOS, type OperationName } from "./scenarios";

/**
 * The fault matrix: every fault column against every operation of the resource, in-process against the
 * emulator. Each cell: prepare with faults off, run the operation with the fault on, record what the engine
 * would keep, compare it with the account, then run the next `up` with faults cleared.
 */

export interface MatrixCell {
  operation: OperationName;
  column: FaultColumn;
  /** False when the column targets the write and the operation makes none. */
  applicable: boolean;
  outcome?: "converged" | "failed";
  /** HTTP requests the operation sent (its read and its write, retries and check-reads included). */
  requests: number;
  failure?: FailureFacts;
  /**
   * What the state claimed about the account right after the operation that the account did not hold, and
   * that was not already stale before it (a refresh that fails leaves an out-of-band edit unseen; that is not
   * the failure's doing).
   */
  staleClaims: StaleClaim[];
  /** Why the operation, or the next one after a failure, did not converge ([] when it did). */
  convergenceProblems: string[];
  /** Credentials found in the surfaced error, the state and the emulator's request log. */
  leaks: Leak[];
  /** Wall time of the faulted operation (reported, never asserted). */
  elapsedMs: number;
  /** Latency the emulator injected into each request of the faulted operation (its request log's `delayMs`). */
  injectedDelaysMs: number[];
  /** Each request of the faulted operation as the emulator's request log has it, in order: the fault it met, if any. */
  loggedRequests: LoggedRequest[];
}

export interface LoggedRequest {
  command: string;
  fault?: FaultKind;
  faultAfterApply: boolean;
}

export interface MatrixOptions {
  seed: number;
  columns?: readonly FaultColumn[];
  operations?: readonly OperationName[];
  /** Cells run side by side, each against its own emulator. Default 12. */
  concurrency?: number;
  onCell?: (cell: MatrixCell) => void;
}

export async function runFaultMatrix(options: MatrixOptions): Promise<MatrixCell[]> {
  const plan = (options.columns ?? FAULT_COLUMNS).flatMap((column) =>
    (options.operations ?? OPERATIONS).map((operation) => ({ column, operation })),
  );
  await configureProvider();
  try {
    return await mapWithLimit(plan, options.concurrency ?? 12, async ({ column, operation }, index) => {
      const cell = await runCell(options.seed + index, column, operation);
      options.onCell?.(cell);
      return cell;
    });
  } finally {
    await releaseProvider();
  }
}

async function runCell(seed: number, column: FaultColumn, operation: OperationName): Promise<MatrixCell> {
  const scenario = SCENARIOS[operation];
  const base = { operation, column, requests: 0, staleClaims: [], convergenceProblems: [], leaks: [], elapsedMs: 0, injectedDelaysMs: [], loggedRequests: [] };
  if (column.writeOnly && !scenario.writes) return { ...base, applicable: false };

  const world = await startWorld({ seed, tunables: { ...MATRIX_TUNABLES, ...column.tunables }, emulator: { maxRequestsPerSecond: 100_000 } });
  try {
    const prepared = await scenario.prepare(world);
    const staleBefore = staleClaims(prepared.state, world.emulator.store.get(APP, ACCOUNT));
    const before = world.lastSeq();
    world.emulator.setFaults({ seed, ...column.faults });
    const started = performance.now();
    const first = await scenario.run(prepared);
    const elapsedMs = performance.now() - started;
    world.emulator.clearFaults();
    const faulted = world.requestsAfter(before);
    const requests = faulted.length;
    const account = world.emulator.store.get(APP, ACCOUNT);
    const cell: MatrixCell = {
      ...base,
      applicable: true,
      outcome: first.outcome.ok ? "converged" : "failed",
      requests,
      injectedDelaysMs: faulted.map((entry) => entry.delayMs),
      loggedRequests: faulted.map((entry) => ({
        command: entry.command ?? "",
        ...(entry.fault !== undefined ? { fault: entry.fault } : {}),
        faultAfterApply: entry.faultAfterApply === true,
      })),
      staleClaims: introducedClaims(staleClaims(first.state, account), staleBefore),
      elapsedMs,
    };
    const texts = [JSON.stringify(first.state ?? null)];
    if (first.outcome.ok) {
      cell.convergenceProblems = scenario.convergence(account, first.state);
    } else {
      cell.failure = failureFacts(first.outcome.error);
      texts.push(errorText(first.outcome.error));
      const next = await scenario.next(prepared, first.state);
      const accountAfter = world.emulator.store.get(APP, ACCOUNT);
      cell.convergenceProblems = [
        ...(next.outcome.ok ? [] : [`the next run failed too: ${failureFacts(next.outcome.error).message}`]),
        ...scenario.convergence(accountAfter, next.state),
        ...staleClaims(next.state, accountAfter).map((claim) => `after the next run the state claims ${claim.field}=${JSON.stringify(claim.claimed)}`),
      ];
      texts.push(JSON.stringify(next.state ?? null));
    }
    texts.push(JSON.stringify(world.emulator.requestLog));
    cell.leaks = texts.flatMap((text) => credentialLeaks(text, [CANARY_KEY]));
    return cell;
  } finally {
    await world.close();
  }
}

/** Broken promises of a cell: each one a sentence. A stale claim after an ambiguous failure is a gap, not listed here. */
export function cellViolations(cell: MatrixCell): string[] {
  if (!cell.applicable) return [];
  const where = `${cell.column.label} × ${cell.operation}`;
  const violations: string[] = [];
  if (cell.column.expect === "converge" && cell.outcome !== "converged") {
    violations.push(`${where}: expected to converge, failed with ${cell.failure?.code}: ${cell.failure?.message}`);
  }
  if (cell.column.expect === "fail" && cell.outcome === "converged") {
    violations.push(`${where}: a persistent fault did not surface as an error`);
  }
  violations.push(...cell.convergenceProblems.map((problem) => `${where}: ${problem}`));
  if (cell.failure) {
    const { code, hint, message } = cell.failure;
    if (!/^TCHAT_[A-Z_]+$/.test(code)) violations.push(`${where}: the error has no stable code (${code})`);
    if (cell.column.codes && !cell.column.codes.includes(code)) violations.push(`${where}: code ${code}, expected one of ${cell.column.codes.join(", ")}`);
    if (hint === undefined) violations.push(`${where}: the error carries no hint`);
    else if (!message.includes(hint)) violations.push(`${where}: the message users see lacks the hint`);
  }
  if (cell.staleClaims.length > 0 && !isKnownGap(cell)) {
    violations.push(`${where}: the state claims ${cell.staleClaims.map((claim) => `${claim.field}=${JSON.stringify(claim.claimed)}`).join(", ")}, which the account does not hold`);
  }
  violations.push(...cell.leaks.map((leak) => `${where}: credential leak: ${leak.description}`));
  return violations;
}

/**
 * The state may lag the account only when the client said it could not know whether the write landed
 * (`delivery: "unknown"`: every reply, the check-read's included, was lost) and the write did land.
 * The lifecycle keeps the old outputs then; `pulumi refresh` or the next `up` corrects it
 * (docs/reliability.md, "Known gap").
 */
export function isKnownGap(cell: MatrixCell): boolean {
  return cell.outcome === "failed" && cell.failure?.delivery === "unknown" && cell.staleClaims.length > 0;
}

export function describeCell(cell: MatrixCell): string {
  if (!cell.applicable) return "n/a (no write)";
  const attempts = `${cell.requests} ${cell.requests === 1 ? "attempt" : "attempts"}`;
  if (cell.outcome === "converged") return `converged in ${attempts}`;
  const failure = cell.failure;
  const code = failure?.causeCode ? `${failure.code} (${failure.causeCode})` : (failure?.code ?? "?");
  const errorCode = failure?.errorCode !== undefined ? ` ${failure.errorCode}` : "";
  const stale = cell.staleClaims.length > 0 ? " ⚠ stale state" : "";
  return `failed: ${code}${errorCode}, ${attempts}${stale}`;
}

/** The matrix as a markdown table: one row per fault, one column per operation. */
export function renderMatrix(cells: readonly MatrixCell[]): string {
  const operations = [...new Set(cells.map((cell) => cell.operation))];
  const columns = [...new Set(cells.map((cell) => cell.column))];
  const lines = [`| fault | ${operations.join(" | ")} |`, `| --- |${operations.map(() => " --- |").join("")}`];
  for (const column of columns) {
    const row = operations.map((operation) => {
      const cell = cells.find((candidate) => candidate.column === column && candidate.operation === operation);
      return cell ? describeCell(cell) : "";
    });
    lines.push(`| ${column.label} | ${row.join(" | ")} |`);
  }
  return lines.join("\n");
}

/** One paragraph under the table, computed from the cells. */
export function summarizeMatrix(cells: readonly MatrixCell[]): string {
  const applicable = cells.filter((cell) => cell.applicable);
  const failed = applicable.filter((cell) => cell.outcome === "failed");
  const violations = applicable.flatMap(cellViolations);
  const gaps = applicable.filter(isKnownGap);
  const nextUpConverged = failed.filter((cell) => cell.convergenceProblems.length === 0).length;
  return [
    `${applicable.length} cells: ${applicable.length - failed.length} converged, ${failed.length} failed with a typed error;`,
    `after every failure the next run with faults cleared converged in ${nextUpConverged} of ${failed.length}.`,
    gaps.length === 0
      ? "No state claimed a value the account did not hold."
      : `⚠ stale state in ${gaps.length} cell(s) (${gaps.map((cell) => `${cell.column.label} × ${cell.operation}`).join("; ")}): every reply was lost after the write applied, so the old outputs stay until the next refresh or up.`,
    violations.length === 0 ? "No violations." : `${violations.length} violation(s):\n- ${violations.join("\n- ")}`,
  ].join(" ");
}
