/**
 * The one table of Tencent `ErrorCode` → how to treat it and what the user should do.
 * Sources: the official-account error table on every OA page (seed page, 1047/60756) and the REST common
 * codes (cloud.tencent.com/document/product/679/131708, cited by doocs ErrorCode.java for 269/1519).
 * The table users read: docs/errors.md.
 */

/** What a retry loop should do with a failure. */
export type RetryKind = "transient" | "throttled" | "final";

/** How the client treats one Tencent `ErrorCode`. */
export interface ErrorCodeEntry {
  kind: RetryKind;
  /** One sentence: what to do. */
  hint: string;
}

const MISMATCHED_KEY_OR_REGION =
  "The secret key or the data-centre region does not match the SDKAppID: copy the key of this SDKAppID from the Chat console and set the region (or endpoint) where the app was created.";
const SERVER_INTERNAL = "Tencent reported an internal error; the client retries it, and if it persists, try again later.";
const THROTTLED =
  "The request rate is over Tencent's limit: lower the rate (maxRequestsPerSecond) or spread the calls out; the client retries with backoff.";

/**
 * Tencent's "internal server error" codes (10004, 20005). The reply was read, but the server may have done the
 * work before it failed, so for a command that must not be repeated they are as ambiguous as a lost reply.
 */
export const SERVER_INTERNAL_CODES: ReadonlySet<number> = new Set([10004, 20005]);

/** Every Tencent `ErrorCode` the client knows: whether it is retried, and what the user should do (docs/errors.md). */
export const ERROR_CODE_TABLE: Readonly<Record<number, ErrorCodeEntry>> = {
  // Official-account API table (seed page).
  6017: { kind: "final", hint: "A request parameter is invalid: check the values against the documented limits (UTF-8 byte lengths, ID format) and retry." },
  10004: { kind: "transient", hint: SERVER_INTERNAL },
  20001: { kind: "final", hint: "Tencent rejected the request body as malformed: check the fields sent for this command." },
  20005: { kind: "transient", hint: SERVER_INTERNAL },
  130002: { kind: "final", hint: "Insufficient permission for this operation: check the request parameters named in ErrorInfo (admin identifier, account ID, owner)." },
  130004: { kind: "final", hint: "The official account does not exist or has been destroyed: check the ID (the OfficialAccountUserID returned at creation, e.g. @TOA#_…)." },
  130007: { kind: "final", hint: "The official account ID is invalid: custom IDs start with @TOA#_, are printable ASCII, at most 48 bytes, and cannot start with @TOA#_@TOA#." },
  130008: { kind: "final", hint: "The official account ID is already in use: choose another custom ID." },
  131000: { kind: "final", hint: "This SDKAppID has not enabled the official-account service: enable it in the Chat console (Enterprise/Ultimate edition, or the trial) and retry." },

  // REST common codes 60002–60021.
  60002: { kind: "final", hint: "Tencent could not parse the HTTP request: check the endpoint URL and its query string." },
  60003: { kind: "final", hint: "Tencent could not parse the JSON body: check the request body." },
  60004: { kind: "final", hint: "The account or signature in the URL or body is wrong: check the identifier and regenerate the UserSig with the app's secret key." },
  60005: { kind: "final", hint: "The account or signature in the URL or body is wrong: check the identifier and regenerate the UserSig with the app's secret key." },
  60006: { kind: "final", hint: "The SDKAppID is not valid: check the SDKAppID in the Chat console." },
  60007: { kind: "throttled", hint: THROTTLED },
  60008: { kind: "final", hint: "The service timed out or the HTTP request was malformed: check the request and retry later." },
  60009: { kind: "final", hint: "The requested resource is wrong: check the endpoint URL and command." },
  60010: { kind: "final", hint: "The identifier must be an app admin account: set identifier to an admin of this SDKAppID (default 'administrator')." },
  60011: { kind: "throttled", hint: THROTTLED },
  60012: { kind: "final", hint: "The request URL lacks the SDKAppID: set sdkAppId." },
  60013: { kind: "final", hint: "Tencent failed to parse an internal JSON response: retry later, and contact Tencent support if it persists." },
  60014: { kind: "final", hint: "Tencent timed out exchanging the account: retry later." },
  60015: { kind: "final", hint: "An account field in the body has the wrong type: account IDs must be JSON strings." },
  60016: { kind: "final", hint: "The SDKAppID is disabled: check its status in the Chat console." },
  60017: { kind: "final", hint: "The request is disabled for this app: check the app's status and features in the Chat console." },
  60018: { kind: "throttled", hint: THROTTLED },
  60019: { kind: "throttled", hint: THROTTLED },
  60020: { kind: "final", hint: "The app's Pro plan package has expired: renew it in the Chat console (it takes effect about 5 minutes after purchase)." },
  60021: { kind: "final", hint: "The calling IP address is not allowed: add it to the app's REST API IP allowlist in the Chat console." },

  // Account / UserSig codes.
  70001: { kind: "final", hint: "The UserSig has expired: check the machine clock; the client signs a fresh one (validity userSigTtlSeconds)." },
  70003: { kind: "final", hint: "The UserSig could not be parsed (truncated?): check that nothing rewrites the usersig query parameter." },
  70009: { kind: "final", hint: MISMATCHED_KEY_OR_REGION },
  70013: { kind: "final", hint: "The identifier in the request differs from the one the UserSig was signed for: use the same identifier for both." },
  70014: { kind: "final", hint: MISMATCHED_KEY_OR_REGION },
  70016: { kind: "final", hint: MISMATCHED_KEY_OR_REGION },
  70020: { kind: "final", hint: MISMATCHED_KEY_OR_REGION },
  70050: { kind: "final", hint: "UserSig verification failed too often and is now rate-limited: fix the secret key or region, then wait a minute before retrying." },
  70051: { kind: "final", hint: "The account is blocklisted: remove it from the blocklist first." },
  70107: { kind: "final", hint: "The user account was never imported into Chat: import it (account_import) before using it as an owner." },
};

const UNKNOWN_CODE: ErrorCodeEntry = {
  kind: "final",
  hint: "Look the ErrorCode up in Tencent Chat's error-code documentation (cloud.tencent.com/document/product/269/1671).",
};

/** The entry of `errorCode`; an unknown code is final, with a hint pointing to Tencent's error-code page. */
export function describeErrorCode(errorCode: number): ErrorCodeEntry {
  return ERROR_CODE_TABLE[errorCode] ?? UNKNOWN_CODE;
}

/** The API answers this when the official account is missing (seed page). */
export const ACCOUNT_NOT_FOUND = 130004;
