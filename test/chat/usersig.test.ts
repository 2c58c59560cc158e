import { describe, expect, it } from "vitest";
import { inflateSync } from "node:zlib";
import { computeTlsSig, decodeUserSig, signUserSig, verifyUserSig } from "../../provider/chat/usersig";

// Derived vector: Tencent publishes no fixed one. Computed with the npm package tls-sig-api-v2@1.0.2 with
// Date.now pinned, and the HMAC cross-checked with an independent implementation.
const key = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e";
const claims = { sdkAppId: 1400000000, identifier: "xiaojun", issuedAtSeconds: 1700000000, ttlSeconds: 15552000 };

describe("UserSig (TLSSigAPIv2)", () => {
  it("computes the reference TLS.sig", () => {
    expect(computeTlsSig(claims, key)).toBe("LvA7d/Iw7gSsnskvVzBDPOCCDbuNCw4GHwTC0bip+B4=");
    expect(
      computeTlsSig({ sdkAppId: 1400000000, identifier: "administrator", issuedAtSeconds: 1700000000, ttlSeconds: 86400 }, key),
    ).toBe("yLAe+w7WUeUuqbV9h/TX78u21oTGi+i9Zp1u3PpnY60=");
  });

  it("produces the same UserSig as the Node reference library (same JSON order, zlib default level)", () => {
    expect(signUserSig({ ...claims, secretKey: key })).toBe(
      "eJyrVgrxCdYrSy1SslIy0jNQ0gHzM1NS80oy0zLBwhWZiflZpXlQqeKU7MSCgswUJStDEwMogMiUZOamKlkZmqOKplYUZBaBxE1NTY3gosWZ6UpWSj5ljuYp*p7l5unBxXnF2WVhVU4uAf7Ozi5JpX7O5SbuHuUhzgZJmQXaTia2SrUAohcx8g__",
    );
  });

  it("uses only the URL-safe alphabet and a zlib stream", () => {
    const sig = signUserSig({ ...claims, secretKey: key });
    expect(sig).toMatch(/^[A-Za-z0-9*_-]+$/);
    const raw = Buffer.from(sig.replace(/\*/g, "+").replace(/-/g, "/").replace(/_/g, "="), "base64");
    expect(JSON.parse(inflateSync(raw).toString("utf8"))["TLS.ver"]).toBe("2.0");
  });

  it("decodes what it signs", () => {
    const decoded = decodeUserSig(signUserSig({ ...claims, secretKey: key }));
    expect(decoded).toMatchObject({ ...claims, version: "2.0" });
  });

  it("refuses non-integer claims rather than signing one value and declaring another", () => {
    expect(() => signUserSig({ ...claims, ttlSeconds: 86400.5, secretKey: key })).toThrow(/ttlSeconds/);
  });

  describe("verify", () => {
    const sig = signUserSig({ ...claims, secretKey: key });
    const base = { userSig: sig, sdkAppId: claims.sdkAppId, identifier: claims.identifier, secretKey: key };

    it("accepts a valid sig up to and including its last second", () => {
      expect(verifyUserSig({ ...base, nowSeconds: claims.issuedAtSeconds }).ok).toBe(true);
      expect(verifyUserSig({ ...base, nowSeconds: claims.issuedAtSeconds + claims.ttlSeconds }).ok).toBe(true);
    });

    it.each([
      ["undecodable", { userSig: "not a sig!" }],
      ["undecodable", { userSig: "eJyrVgrxCdYrSy1S" }],
      ["app-mismatch", { sdkAppId: 1400000001 }],
      ["identifier-mismatch", { identifier: "administrator" }],
      ["expired", { nowSeconds: claims.issuedAtSeconds + claims.ttlSeconds + 1 }],
      ["bad-signature", { secretKey: "another-key" }],
    ] as const)("rejects %s", (reason, override) => {
      const verdict = verifyUserSig({ ...base, nowSeconds: claims.issuedAtSeconds, ...override });
      expect(verdict).toEqual({ ok: false, reason });
    });
  });
});
