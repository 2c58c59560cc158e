import { describeErrorCode, type RetryKind } from "./error-codes";

/**
 * Pure classification of a failure for the retry loop (style: smithy `isTransientError` /
 * `isThrottlingError`). Reads the stable fields of ChatError and of raw Node/undici errors; it does not
 * depend on class identity, so it also works on errors from another copy of the package.
 *
 * transient: Tencent 10004/20005, HTTP 5xx, connection resets and other socket errors, timeouts.
 * throttled: Tencent 60007/60011/60018/60019 (and HTTP 429, never seen from Tencent but unambiguous).
 * final: everything else.
 */

/** Socket-level errno and undici codes worth another attempt (undici RetryHandler's list, plus timeouts). */
const TRANSIENT_SOCKET_CODES: ReadonlySet<string> = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ENETDOWN",
  "ENETUNREACH",
  "EHOSTDOWN",
  "EHOSTUNREACH",
  "EPIPE",
  "ETIMEDOUT",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);

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
  if (typeof facts.code === "string" && TRANSIENT_SOCKET_CODES.has(facts.code)) return "transient";
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
