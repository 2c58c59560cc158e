import { beforeAll, describe, expect, it } from "vitest";
import { renderSoakReport, runSoak, soakFaults, soakViolations, type SoakReport } from "../../reliability/soak-run";

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

  it("spreads the fault rate over every kind, with apply-then-lose only on writes", () => {
    const faults = soakFaults(1, 0.1);
    const kinds = new Set((faults.rules ?? []).map((rule) => rule.kind));
    expect(kinds).toEqual(new Set(["error10004", "error20005", "throttle", "http502", "reset", "malformed", "hang"]));
    for (const rule of faults.rules ?? []) {
      if (rule.afterApply) expect(rule.commands).toEqual(["modify_official_account_base_info"]);
    }
    // The per-rule rates compose to the requested share for each command.
    for (const command of ["get_official_account_info", "modify_official_account_base_info"]) {
      const rates = (faults.rules ?? []).filter((rule) => rule.commands?.includes(command)).map((rule) => rule.rate ?? 1);
      const none = rates.reduce((product, rate) => product * (1 - rate), 1);
      expect(1 - none).toBeCloseTo(0.1, 10);
    }
  });
});
