import { createHmac, timingSafeEqual } from "node:crypto";
import { deflateSync, inflateSync } from "node:zlib";

/**
 * TLSSigAPIv2 UserSig, as the official libraries compute it
 * (github.com/tencentyun/tls-sig-api-v2-node TLSSigAPIv2.js; cloud.tencent.com/document/product/269/1664). Written here rather than
 * depending on `tls-sig-api-v2` because that package reads `Date.now()` itself and has no verifier.
 */
/** What a UserSig says: the app, the identifier it was signed for, and when it is valid. */
export interface UserSigClaims {
  sdkAppId: number;
  identifier: string;
  /** Unix seconds at signing (`TLS.time`). */
  issuedAtSeconds: number;
  /** Validity in seconds, counted from `issuedAtSeconds` (`TLS.expire`). */
  ttlSeconds: number;
}

/** What a UserSig is signed with: the claims and the app's secret key. */
export interface SignUserSigInput extends UserSigClaims {
  secretKey: string;
}

/** The HMAC content: each line ends in "\n", the last one too. */
function contentToSign(claims: UserSigClaims): string {
  return (
    `TLS.identifier:${claims.identifier}\n` +
    `TLS.sdkappid:${claims.sdkAppId}\n` +
    `TLS.time:${claims.issuedAtSeconds}\n` +
    `TLS.expire:${claims.ttlSeconds}\n`
  );
}

/** `TLS.sig`: standard base64 of HMAC-SHA256(secretKey, content). Portable across languages. */
export function computeTlsSig(claims: UserSigClaims, secretKey: string): string {
  return createHmac("sha256", secretKey).update(contentToSign(claims), "utf8").digest("base64");
}

function assertIntegers(claims: UserSigClaims): void {
  // The HMAC signs the decimal text and the JSON carries numbers: a non-integer would sign one value
  // and declare another (tls-sig-api-v2 1.0.2 does, given a string such as "86400.0").
  for (const [field, value] of [
    ["sdkAppId", claims.sdkAppId],
    ["issuedAtSeconds", claims.issuedAtSeconds],
    ["ttlSeconds", claims.ttlSeconds],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(`UserSig ${field} must be a non-negative integer, got ${String(value)}`);
    }
  }
}

/** Standard base64 with `+`→`*`, `/`→`-`, `=`→`_` (padding kept), as Tencent's libraries do. */
function toUserSigBase64(bytes: Buffer): string {
  return bytes.toString("base64").replace(/\+/g, "*").replace(/\//g, "-").replace(/=/g, "_");
}

function fromUserSigBase64(text: string): Buffer {
  return Buffer.from(text.replace(/\*/g, "+").replace(/-/g, "/").replace(/_/g, "="), "base64");
}

/** A TLSSigAPIv2 UserSig for `identifier` in `sdkAppId`, valid for `ttlSeconds` from `issuedAtSeconds`. */
export function signUserSig(input: SignUserSigInput): string {
  assertIntegers(input);
  const document = {
    "TLS.ver": "2.0",
    "TLS.identifier": input.identifier,
    "TLS.sdkappid": input.sdkAppId,
    "TLS.time": input.issuedAtSeconds,
    "TLS.expire": input.ttlSeconds,
    "TLS.sig": computeTlsSig(input, input.secretKey),
  };
  return toUserSigBase64(deflateSync(Buffer.from(JSON.stringify(document), "utf8")));
}

/** A UserSig's decoded document: its claims, the version and the signature. */
export interface DecodedUserSig extends UserSigClaims {
  version: string;
  tlsSig: string;
}

/** Decodes without checking the signature. Returns undefined when the text is not a UserSig. */
export function decodeUserSig(userSig: string): DecodedUserSig | undefined {
  if (!/^[A-Za-z0-9*_-]+$/.test(userSig)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(inflateSync(fromUserSigBase64(userSig)).toString("utf8"));
  } catch {
    return undefined;
  }
  if (typeof parsed !== "object" || parsed === null) return undefined;
  const doc = parsed as Record<string, unknown>;
  const sdkAppId = doc["TLS.sdkappid"];
  const identifier = doc["TLS.identifier"];
  const issuedAtSeconds = doc["TLS.time"];
  const ttlSeconds = doc["TLS.expire"];
  const tlsSig = doc["TLS.sig"];
  const version = doc["TLS.ver"];
  if (
    typeof sdkAppId !== "number" ||
    typeof identifier !== "string" ||
    typeof issuedAtSeconds !== "number" ||
    typeof ttlSeconds !== "number" ||
    typeof tlsSig !== "string" ||
    typeof version !== "string"
  ) {
    return undefined;
  }
  return { sdkAppId, identifier, issuedAtSeconds, ttlSeconds, tlsSig, version };
}

/**
 * Why a UserSig was refused, named after the server's codes (the official Go/PHP verifiers; docs/errors.md):
 * 70003 undecodable, 70014 app mismatch, 70013 identifier mismatch, 70001 expired, 70009 bad signature.
 */
export type UserSigRejection = "undecodable" | "app-mismatch" | "identifier-mismatch" | "expired" | "bad-signature";

/** The result of {@link verifyUserSig}: the claims, or why the UserSig was refused. */
export type UserSigVerdict = { ok: true; claims: DecodedUserSig } | { ok: false; reason: UserSigRejection };

/** What a UserSig is checked against, as the server checks it. */
export interface VerifyUserSigInput {
  userSig: string;
  sdkAppId: number;
  identifier: string;
  secretKey: string;
  nowSeconds: number;
}

/** Checks in the order of the official Go/PHP verifiers: decode, app, identifier, expiry, signature. */
export function verifyUserSig(input: VerifyUserSigInput): UserSigVerdict {
  const claims = decodeUserSig(input.userSig);
  if (!claims) return { ok: false, reason: "undecodable" };
  if (claims.sdkAppId !== input.sdkAppId) return { ok: false, reason: "app-mismatch" };
  if (claims.identifier !== input.identifier) return { ok: false, reason: "identifier-mismatch" };
  if (input.nowSeconds > claims.issuedAtSeconds + claims.ttlSeconds) return { ok: false, reason: "expired" };
  const expected = Buffer.from(computeTlsSig(claims, input.secretKey), "base64");
  const actual = Buffer.from(claims.tlsSig, "base64");
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
    return { ok: false, reason: "bad-signature" };
  }
  return { ok: true, claims };
}
