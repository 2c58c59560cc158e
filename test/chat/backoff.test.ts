import { describe, expect, it } from "vitest";
import { backoffDelayMs } from "../../provider/chat/backoff";
import { DEFAULTS } from "../../provider/defaults";

const tunables = {
  transientBaseDelayMs: DEFAULTS.transientBaseDelayMs,
  throttledBaseDelayMs: DEFAULTS.throttledBaseDelayMs,
  maxDelayMs: DEFAULTS.maxDelayMs,
};

describe("full-jitter backoff", () => {
  it("is random × base × 2^i for transient failures", () => {
    const delays = [0, 1, 2, 3, 4].map((retryIndex) => backoffDelayMs({ retryIndex, kind: "transient", random: () => 0.5, tunables }));
    // 0.5 × 200 × 2^i
    expect(delays).toEqual([100, 200, 400, 800, 1600]);
  });

  it("uses the throttling base and caps at maxDelayMs", () => {
    const delays = [0, 1, 2, 3, 4, 5, 6].map((retryIndex) => backoffDelayMs({ retryIndex, kind: "throttled", random: () => 0.5, tunables }));
    // 0.5 × min(1000 × 2^i, 20000)
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 10000, 10000]);
  });

  it("spans [0, cap) with the random draw", () => {
    expect(backoffDelayMs({ retryIndex: 3, kind: "transient", random: () => 0, tunables })).toBe(0);
    expect(backoffDelayMs({ retryIndex: 10, kind: "transient", random: () => 0.999, tunables })).toBeCloseTo(0.999 * 20_000, 9);
    expect(backoffDelayMs({ retryIndex: 2, kind: "throttled", random: () => 0.25, tunables: { ...tunables, throttledBaseDelayMs: 40 } })).toBe(40);
  });
});
