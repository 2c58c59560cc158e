import { describe, expect, it } from "vitest";
import { verifyUserSig, signUserSig, type SignUserSigInput } from "../../provider/chat/usersig";
import { UserSigCache } from "../../provider/chat/usersig-cache";
import { DEFAULTS } from "../../provider/defaults";
import { fakeTime } from "./support";

function countingCache(time = fakeTime()) {
  const signed: SignUserSigInput[] = [];
  const cache = new UserSigCache({
    sdkAppId: 1400000000,
    identifier: "administrator",
    secretKey: "0123456789abcdef",
    ttlSeconds: DEFAULTS.userSigTtlSeconds,
    renewBeforeExpirySeconds: DEFAULTS.userSigRenewBeforeExpirySeconds,
    nowMs: time.nowMs,
    sign: (input) => {
      signed.push(input);
      return signUserSig(input);
    },
  });
  return { cache, signed, time };
}

describe("UserSig cache", () => {
  it("signs once for many calls", () => {
    const { cache, signed, time } = countingCache();
    const first = cache.current();
    // 1000 calls spread over the part of the lifetime before renewal.
    const stepMs = Math.floor(((DEFAULTS.userSigTtlSeconds - DEFAULTS.userSigRenewBeforeExpirySeconds) * 1000) / 1001);
    for (let call = 0; call < 1000; call += 1) {
      time.advance(stepMs);
      expect(cache.current()).toBe(first);
    }
    expect(signed).toHaveLength(1);
    expect(signed[0]?.ttlSeconds).toBe(DEFAULTS.userSigTtlSeconds);
  });

  it("renews the configured time before expiry, not before", () => {
    const { cache, signed, time } = countingCache();
    const first = cache.current();
    const renewAfterMs = (DEFAULTS.userSigTtlSeconds - DEFAULTS.userSigRenewBeforeExpirySeconds) * 1000;
    time.advance(renewAfterMs - 1_000);
    expect(cache.current()).toBe(first);
    time.advance(1_000);
    const second = cache.current();
    expect(second).not.toBe(first);
    expect(signed).toHaveLength(2);
    expect(signed[1]!.issuedAtSeconds - signed[0]!.issuedAtSeconds).toBe(renewAfterMs / 1000);
    expect(cache.current()).toBe(second);
  });

  it("hands out a sig the server-side verifier accepts at that time", () => {
    const { cache, time } = countingCache();
    const verdict = verifyUserSig({
      userSig: cache.current(),
      sdkAppId: 1400000000,
      identifier: "administrator",
      secretKey: "0123456789abcdef",
      nowSeconds: Math.floor(time.nowMs() / 1000),
    });
    expect(verdict.ok).toBe(true);
  });
});
