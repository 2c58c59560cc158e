import { describe, expect, it } from "vitest";
import { DEFAULTS } from "../../provider/defaults";
import { ChatConfigError } from "../../provider/chat/errors";
import { MAX_TIMER_MS, resolveTunables, type ClientTunables } from "../../provider/chat/options";

function refusal(overrides: Partial<ClientTunables>): ChatConfigError {
  try {
    resolveTunables(overrides);
  } catch (error) {
    expect(error).toBeInstanceOf(ChatConfigError);
    return error as ChatConfigError;
  }
  throw new Error(`expected ${JSON.stringify(overrides)} to be refused`);
}

describe("resolveTunables", () => {
  it("returns the defaults when nothing is overridden, and takes valid overrides", () => {
    const { identifier: _identifier, region: _region, ...numeric } = DEFAULTS;
    expect(resolveTunables({})).toEqual(numeric);
    expect(resolveTunables({ maxAttempts: 1, getInfoBatchSize: 50, maxRequestsPerSecond: 0.5, rateLimitBurstSeconds: 2, operationDeadlineMs: MAX_TIMER_MS })).toMatchObject({
      maxAttempts: 1,
      getInfoBatchSize: 50,
      maxRequestsPerSecond: 0.5,
      rateLimitBurstSeconds: 2,
      operationDeadlineMs: MAX_TIMER_MS,
    });
  });

  it.each([
    ["operationDeadlineMs", MAX_TIMER_MS + 1, /at most 2147483647/],
    ["operationDeadlineMs", Number.NaN, /finite/],
    ["operationDeadlineMs", 0, /at least 1/],
    ["connectTimeoutMs", 2 ** 32, /at most 2147483647/],
    ["maxAttempts", 2.5, /whole number/],
    ["maxAttempts", 0, /at least 1/],
    ["getInfoBatchSize", 51, /at most 50/],
    ["getInfoBatchSize", 10.5, /whole number/],
    ["poolConnections", 1.5, /whole number/],
    ["poolConnections", 0, /at least 1/],
    ["readCoalesceIdleMs", 0, /at least 1/],
    ["userSigTtlSeconds", 86_400.5, /whole number/],
    ["userSigRenewBeforeExpirySeconds", 0.5, /whole number/],
    ["maxRequestsPerSecond", 0, /more than 0/],
    ["rateLimitBurstSeconds", 0, /more than 0/],
    ["transientBaseDelayMs", -1, /at least 0/],
  ] as const)("refuses %s = %s with TCHAT_CONFIG naming the setting", (setting, value, detail) => {
    const error = refusal({ [setting]: value });
    expect(error).toMatchObject({ code: "TCHAT_CONFIG", setting });
    expect(error.message).toMatch(detail);
    expect(error.message).toContain(`'${setting}'`);
  });

  it("refuses a renewal margin as long as the UserSig's validity", () => {
    const error = refusal({ userSigTtlSeconds: 600, userSigRenewBeforeExpirySeconds: 600 });
    expect(error).toMatchObject({ code: "TCHAT_CONFIG", setting: "userSigRenewBeforeExpirySeconds" });
  });
});
