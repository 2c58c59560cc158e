import { describe, expect, it } from "vitest";
import { sharedQuotaRun } from "../../bench/shared-quota";

/**
 * Two real processes, each with its own client, share one app's quota on one emulator: the adaptive rate
 * must absorb the throttling between them (docs/client.md, "Sharing one app's quota"). The full-size
 * figures are in the benchmark (bench/shared-quota.ts); this is its CI-sized run, with no assertion on time.
 */
describe("two processes sharing one app's quota", () => {
  it("surface no throttle error, and the server did throttle them", { timeout: 120_000 }, async () => {
    const figures = await sharedQuotaRun("ours", {
      processes: 2,
      callsPerProcess: 200,
      concurrency: 32,
      // Each client is configured at the app's limit, so together they ask twice what the server allows.
      ratePerSecond: 100,
      latencyMs: 5,
      load: "source",
    });
    expect(figures.errorSample).toBeUndefined();
    expect(figures.throttleErrors).toBe(0);
    expect(figures.otherErrors).toBe(0);
    expect(figures.ok).toBe(400);
    // The run exercised the adaptive path: some requests were answered 60007 and retried.
    expect(figures.rejectedRequests).toBeGreaterThan(0);
  });
});
