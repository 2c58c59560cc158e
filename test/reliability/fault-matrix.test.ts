import { beforeAll, describe, expect, it } from "vitest";
import { FAULT_KINDS } from "../../emulator";
import { FAULT_COLUMNS } from "../../reliability/fault-catalogue";
import { cellViolations, isKnownGap, renderMatrix, runFaultMatrix, summarizeMatrix, type MatrixCell } from "../../reliability/matrix";
import { OPERATIONS } from "../../reliability/scenarios";

/**
 * Every injectable fault against create, update, read and delete of the resource, in-process against the
 * emulator (reliability/matrix.ts; the same code prints the table in docs/reliability.md via
 * `npx tsx reliability/fault-matrix.ts`). Each cell converges, or fails with a typed error carrying a hint;
 * the state then claims nothing the account lacks, and the next run with faults cleared converges.
 */

let cells: MatrixCell[];

beforeAll(async () => {
  cells = await runFaultMatrix({ seed: 1 });
  console.log(`\nFault matrix (operation × fault), seed 1:\n\n${renderMatrix(cells)}\n\n${summarizeMatrix(cells)}\n`);
});

describe("fault matrix", () => {
  it("covers every fault kind the emulator can inject, latency, and apply-then-lose-the-reply, against every operation", () => {
    const kinds = new Set(FAULT_COLUMNS.flatMap((column) => (column.faults.rules ?? []).map((rule) => rule.kind)));
    expect([...kinds].sort()).toEqual([...FAULT_KINDS].sort());
    expect(FAULT_COLUMNS.some((column) => (column.faults.latencyMs ?? 0) > 0)).toBe(true);
    const appliedKinds = new Set(FAULT_COLUMNS.flatMap((column) => (column.faults.rules ?? []).filter((rule) => rule.afterApply).map((rule) => rule.kind)));
    expect([...appliedKinds].sort()).toEqual(["hang", "http502", "malformed", "reset"]);
    expect(cells).toHaveLength(FAULT_COLUMNS.length * OPERATIONS.length);
    // Only write-only faults against the one operation that does not write are left out.
    expect(cells.filter((cell) => !cell.applicable).every((cell) => cell.operation === "read" && cell.column.writeOnly)).toBe(true);
  });

  it("every applicable cell met its fault, as the emulator's request log records it, and the client went past it", () => {
    for (const cell of cells.filter((candidate) => candidate.applicable)) {
      const where = `${cell.column.label} × ${cell.operation}`;
      const log = cell.loggedRequests;
      expect(log.length, where).toBe(cell.requests);
      const { rules = [], latencyMs = 0, jitterMs = 0 } = cell.column.faults;
      if (rules.length === 0) {
        // Latency only: the log records the delay the emulator waited before answering each request.
        expect(latencyMs, where).toBeGreaterThan(0);
        expect(log.some((entry) => entry.fault !== undefined), where).toBe(false);
        expect(cell.injectedDelaysMs, where).toHaveLength(log.length);
        for (const delayMs of cell.injectedDelaysMs) {
          expect(delayMs, where).toBeGreaterThanOrEqual(latencyMs);
          expect(delayMs, where).toBeLessThanOrEqual(latencyMs + jitterMs);
        }
        continue;
      }
      expect(log.some((entry) => entry.fault !== undefined), `${where}: no request met a fault`).toBe(true);
      for (const rule of rules) {
        // Rules are tried in order and these have rate 1: the first `count` requests in a rule's scope meet it.
        const scope = log.filter((entry) => rule.commands === undefined || rule.commands.includes(entry.command));
        const expectedFaults = Math.min(rule.count ?? Number.POSITIVE_INFINITY, scope.length);
        const met = scope.map((entry) => entry.fault === rule.kind && entry.faultAfterApply === (rule.afterApply ?? false));
        expect(met, `${where}: ${rule.kind} on ${rule.commands?.join(", ") ?? "every command"}`).toEqual(scope.map((_, index) => index < expectedFaults));
      }
      if (cell.outcome === "converged") {
        // The operation did not take a faulted reply for an answer: a request followed the last fault.
        const lastFault = log.map((entry) => entry.fault !== undefined).lastIndexOf(true);
        expect(lastFault, `${where}: converged on a faulted reply`).toBeLessThan(log.length - 1);
      } else {
        expect(cell.failure?.code, where).toMatch(/^TCHAT_[A-Z_]+$/);
      }
    }
  });

  it("breaks no promise: converge or a typed error with a hint, true state, next run converges, no credential anywhere", () => {
    expect(cells.flatMap(cellViolations)).toEqual([]);
  });

  it("transient faults shorter than the attempt budget converge, in every operation", () => {
    const converging = cells.filter((cell) => cell.applicable && cell.column.expect === "converge");
    expect(converging.length).toBeGreaterThan(40);
    expect(converging.filter((cell) => cell.outcome !== "converged").map((cell) => `${cell.column.id} × ${cell.operation}`)).toEqual([]);
  });

  it("persistent faults surface the documented codes: Tencent's code, the deadline, the network error", () => {
    const failed = cells.filter((cell) => cell.outcome === "failed");
    const codes = new Set(failed.map((cell) => cell.failure?.code));
    expect(codes).toEqual(new Set(["TCHAT_API_ERROR", "TCHAT_ADOPTED_CHANGE_FAILED", "TCHAT_UPDATE_OUTCOME_UNKNOWN", "TCHAT_DEADLINE", "TCHAT_NETWORK"]));
    const hung = failed.filter((cell) => cell.column.id === "hang-always");
    expect(hung).toHaveLength(OPERATIONS.length);
    for (const cell of hung) expect(cell.failure?.message).toContain("300 ms deadline");
  });

  it("a malformed 200 body is retried for the idempotent read and write, and does not fail the operation", () => {
    for (const cell of cells.filter((candidate) => candidate.column.id.startsWith("malformed"))) {
      if (cell.applicable) expect(cell.outcome, `${cell.column.id} × ${cell.operation}`).toBe("converged");
    }
  });

  it("the state lags the account only where every reply, the check-read's included, was lost after the write applied", () => {
    const gaps = cells.filter(isKnownGap);
    for (const cell of gaps) {
      expect(cell.column.id).toBe("reset-applied-always");
      expect(cell.failure?.delivery).toBe("unknown");
    }
    // An update whose every reply was lost is a partial failure: the engine records outputs without the fields
    // in doubt, so the state claims nothing stale and the next run resends them.
    const updateLost = cells.find((cell) => cell.column.id === "reset-applied-always" && cell.operation === "update");
    expect(updateLost?.outcome).toBe("failed");
    expect(updateLost?.failure).toMatchObject({ code: "TCHAT_UPDATE_OUTCOME_UNKNOWN", causeCode: "TCHAT_NETWORK", delivery: "unknown" });
    expect(updateLost?.staleClaims).toEqual([]);
    expect(updateLost?.convergenceProblems).toEqual([]);
    expect(gaps.map((cell) => cell.operation)).not.toContain("update");
    // Where only the write's replies are lost, a read settles it and the operation converges.
    const writeLost = cells.filter((cell) => cell.column.id === "reset-applied-always-write" && cell.applicable);
    expect(writeLost.every((cell) => cell.outcome === "converged" && cell.staleClaims.length === 0)).toBe(true);
  });
});
