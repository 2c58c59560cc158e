import { describeErrorCode, SERVER_INTERNAL_CODES, type RetryKind } from "./error-codes";

/**
 * Pure classification of a failure for the retry loop (style: smithy `isTransientError` /
 * `isThrottlingError`). Reads the stable fields of ChatError and of raw Node/undici errors; it does not
 * depend on class identity, so it also works on errors from another copy of the package.
 *
 * transient: Tencent 10004/20005, HTTP 5xx, connection resets and other socket errors, timeouts.
 * throttled: Tencent 60007/60011/60018/60019 (and HTTP 429, never seen from Tencent but unambiguous).
 * final: everything else.
 */

/**
 * Socket-level errno and undici codes worth another attempt (undici RetryHandler's list, plus timeouts), each
 * with whether the request can have left this machine: `not-sent` when the failure comes before the request
 * is written (no connection, no route, no name), `unknown` otherwise. transport.ts takes `delivery` from here.
 */
export const TRANSIENT_SOCKET_CODES: Readonly<Record<string, "not-sent" | "unknown">> = {
  ECONNREFUSED: "not-sent",
  ENOTFOUND: "not-sent",
  EAI_AGAIN: "not-sent",
  ENETDOWN: "not-sent",
  ENETUNREACH: "not-sent",
  EHOSTDOWN: "not-sent",
  EHOSTUNREACH: "not-sent",
  UND_ERR_CONNECT_TIMEOUT: "not-sent",
  ECONNRESET: "unknown",
  ECONNABORTED: "unknown",
  EPIPE: "unknown",
  ETIMEDOUT: "unknown",
  UND_ERR_SOCKET: "unknown",
  UND_ERR_CLOSED: "unknown",
  UND_ERR_HEADERS_TIMEOUT: "unknown",
  UND_ERR_BODY_TIMEOUT: "unknown",
};

const MAX_CAUSE_DEPTH = 10;

interface FailureFacts {
  code?: unknown;
  errorCode?: unknown;
  httpStatus?: unknown;
  cause?: unknown;
}

export function classifyHttpStatus(status: number): RetryKind {
  if (status >= 500 && status <= 599) return "transient";
  if (status === 429) return "throttled";
  return "final";
}

/**
 * Whether a failure is worth a retry: `transient` (10004, 20005, network, 5xx), `throttled` (60007 and its
 * siblings, 429) or `final`. Works on any thrown value, following `cause`.
 */
export function classifyError(error: unknown): RetryKind {
  return classifyAtDepth(error, 0);
}

function classifyAtDepth(error: unknown, depth: number): RetryKind {
  if (typeof error !== "object" || error === null || depth > MAX_CAUSE_DEPTH) return "final";
  const facts = error as FailureFacts;
  switch (facts.code) {
    case "TCHAT_API_ERROR":
      return typeof facts.errorCode === "number" ? describeErrorCode(facts.errorCode).kind : "final";
    case "TCHAT_HTTP_STATUS":
      return typeof facts.httpStatus === "number" ? classifyHttpStatus(facts.httpStatus) : "final";
    case "TCHAT_NETWORK":
    case "TCHAT_TIMEOUT":
      return "transient";
    default:
      break;
  }
  if (typeof facts.code === "string" && facts.code.startsWith("TCHAT_")) return "final";
  if (typeof facts.code === "string" && Object.hasOwn(TRANSIENT_SOCKET_CODES, facts.code)) return "transient";
  return classifyAtDepth(facts.cause, depth + 1);
}

/**
 * Whether the request may have reached Tencent without our seeing the answer (timeout after sending,
 * reset, 5xx from a gateway, unreadable body). Such a failure must not be blindly resent for a
 * non-idempotent command such as create_official_account.
 */
export function isAmbiguousFailure(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { delivery?: unknown }).delivery === "unknown";
}

/** Tencent answered with an internal error (SERVER_INTERNAL_CODES): it may have done the work before failing. */
export function isServerInternalFailure(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const facts = error as FailureFacts;
  return facts.code === "TCHAT_API_ERROR" && typeof facts.errorCode === "number" && SERVER_INTERNAL_CODES.has(facts.errorCode);
}

/**
 * For commands that are safe to resend whatever happened to the first request: modify (absolute values) and
 * get-info (a read). An unreadable HTTP 200 reply (a truncated or rewritten body, `delivery: "unknown"`) is
 * then worth another attempt too; for everything else this is `classifyError`. A reply that parsed but has
 * the wrong shape (`delivery: "answered"`) stays final: resending would get the same reply.
 */
export function classifyIdempotent(error: unknown): RetryKind {
  if (isUnreadableReply(error)) return "transient";
  return classifyError(error);
}

function isUnreadableReply(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const facts = error as { code?: unknown; delivery?: unknown };
  return facts.code === "TCHAT_BAD_RESPONSE" && facts.delivery === "unknown";
}
