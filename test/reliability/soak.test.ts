import { beforeAll, describe, expect, it } from "vitest";
import { FAULT_KINDS } from "../../emulator";
import { renderSoakReport, runSoak, soakViolations, type SoakReport } from "../../reliability/soak-run";

/**
 * The soak in CI size: 300 operations (updates, refreshes, removals with restore, no-op ups) on 24 accounts
 * while 10% of requests meet a seeded fault, then one refresh-and-up per account with faults cleared.
 * `npm run soak` (reliability/soak.ts) runs the full 10,000.
 */

let report: SoakReport;

beforeAll(async () => {
  report = await runSoak({ operations: 300, seed: 7, worlds: 6, accountsPerWorld: 4 });
  console.log(`\nSoak, 300 operations, seed 7:\n\n${renderSoakReport(report)}\n`);
});

describe("soak (CI size)", () => {
  it("ran every operation and met faults on about a tenth of the requests", () => {
    expect(report.operations).toBe(300);
    expect(report.requests).toBeGreaterThanOrEqual(300);
    expect(report.faultsInjected / report.requests).toBeGreaterThan(0.05);
    expect(report.faultsInjected / report.requests).toBeLessThan(0.15);
    expect(report.retries).toBeGreaterThan(0);
  });

  it("loses and corrupts no update; the final state of every account equals the declared state", () => {
    expect(soakViolations(report)).toEqual([]);
    expect(report.finalMismatches).toEqual([]);
    expect(report.lostUpdates).toEqual([]);
    expect(report.corruptions).toEqual([]);
  });

  it("met every fault kind on the wire, as the emulator logged it, and never took a faulted reply for an answer", () => {
    // Counted from the emulator's request log (onRequest), not from the fault configuration.
    const met = new Set(Object.keys(report.faultsByKind));
    for (const kind of FAULT_KINDS) expect(met, kind).toContain(kind);
    // Apply-then-lose happened on writes, so "loses no update" was tested against lost replies of applied writes.
    expect([...met].filter((kind) => kind.endsWith("+applied")).length).toBeGreaterThan(0);
    expect(report.faultedRepliesAccepted).toEqual([]);
  });
});
