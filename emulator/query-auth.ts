/**
 * The query string and the UserSig, checked as the REST gateway does (docs/emulator.md, Checks):
 * `?sdkappid=…&identifier=…&usersig=…&random=…&contenttype=json`, names and values case-sensitive.
 * Codes for incomplete queries are UNCONFIRMED (assumptions.ts, A-QUERY-SDKAPPID, A-QUERY-ACCOUNT, A-QUERY-FORMAT).
 */
import { verifyUserSig, type UserSigRejection } from "../provider/chat/usersig";
import type { AppRegistry, AppRuntime } from "./apps";
import { CODES } from "./codes";
import { WireFailure } from "./validation";

const UINT32_MAX = 4_294_967_295;

export interface ParsedQuery {
  sdkAppId: number;
  identifier: string;
  userSig: string;
  random: number;
}

function present(query: URLSearchParams, name: string): string | undefined {
  const value = query.get(name);
  return value === null || value === "" ? undefined : value;
}

/** Checks completeness and format; nothing here needs the app's key. */
export function parseQuery(query: URLSearchParams): ParsedQuery {
  const sdkAppIdText = present(query, "sdkappid");
  if (sdkAppIdText === undefined) throw new WireFailure(CODES.sdkAppIdRequired, "sdkappid is missing.");
  const sdkAppId = Number(sdkAppIdText);
  if (!/^\d{1,15}$/.test(sdkAppIdText) || !Number.isSafeInteger(sdkAppId)) {
    throw new WireFailure(CODES.sdkAppIdRequired, "sdkappid must be a decimal integer.");
  }
  const identifier = present(query, "identifier");
  if (identifier === undefined) throw new WireFailure(CODES.accountOrSignatureError, "identifier is missing.");
  const userSig = present(query, "usersig");
  if (userSig === undefined) throw new WireFailure(CODES.accountOrSignatureError, "usersig is missing.");
  const randomText = present(query, "random");
  if (randomText === undefined) throw new WireFailure(CODES.httpParseError, "random is missing.");
  const random = Number(randomText);
  if (!/^\d{1,10}$/.test(randomText) || random > UINT32_MAX) {
    throw new WireFailure(CODES.httpParseError, "random must be an unsigned 32-bit integer (0 to 4294967295).");
  }
  if (query.get("contenttype") !== "json") throw new WireFailure(CODES.httpParseError, "contenttype must be json.");
  return { sdkAppId, identifier, userSig, random };
}

const REJECTION_CODES: Record<UserSigRejection, number> = {
  undecodable: CODES.userSigUndecodable,
  "app-mismatch": CODES.userSigAppMismatch,
  "identifier-mismatch": CODES.userSigIdentifierMismatch,
  expired: CODES.userSigExpired,
  "bad-signature": CODES.userSigBadSignature,
};

/** The app, the signature and admin rights, in that order. Returns the app the caller may act on. */
export function authenticate(parsed: ParsedQuery, apps: AppRegistry, nowMs: number): AppRuntime {
  const app = apps.get(parsed.sdkAppId);
  // 70020 "SDKAppID 不存在,UserSig 验证失败" rather than 60006 "SDKAppID 失效" (A-UNKNOWN-APP).
  if (!app) throw new WireFailure(CODES.sdkAppIdUnknown, "");
  const verdict = verifyUserSig({
    userSig: parsed.userSig,
    sdkAppId: parsed.sdkAppId,
    identifier: parsed.identifier,
    secretKey: app.secretKey,
    nowSeconds: Math.floor(nowMs / 1000),
  });
  if (!verdict.ok) throw new WireFailure(REJECTION_CODES[verdict.reason], "");
  if (!app.admins.has(parsed.identifier)) throw new WireFailure(CODES.adminRequired, "");
  return app;
}
