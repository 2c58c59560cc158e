import { classifyError } from "./classify";
import { describeErrorCode, type RetryKind } from "./error-codes";

/**
 * Typed errors in the undici style (lib/core/errors.js): a stable `code` string, structured fields, and an
 * `instanceof` that works across duplicate copies of the package (it checks a `Symbol.for` brand, not the
 * prototype chain). Every error leaving the client has been through redact.ts.
 */

export type ChatErrorCode =
  | "TCHAT_API_ERROR"
  | "TCHAT_HTTP_STATUS"
  | "TCHAT_NETWORK"
  | "TCHAT_TIMEOUT"
  | "TCHAT_DEADLINE"
  | "TCHAT_ABORTED"
  | "TCHAT_BAD_RESPONSE"
  | "TCHAT_CONFIG"
  | "TCHAT_OUTCOME_UNKNOWN";

/**
 * Did the request reach Tencent? `answered`: a reply was read. `not-sent`: it never left (rate-limit wait,
 * connect failure, abort before sending). `unknown`: it may have been processed (timeout after sending,
 * reset, 5xx, unreadable body); non-idempotent commands must not be blindly resent.
 */
export type Delivery = "answered" | "not-sent" | "unknown";

/** Why the retry loop stopped (smithy's "refusal reasons as data"). */
export type RetryStop = "final" | "attempts" | "deadline" | "aborted";

export interface ChatErrorFields {
  /** The REST command, e.g. `modify_official_account_base_info`. */
  command?: string;
  officialAccount?: string;
  sdkAppId?: number;
  /** Request URL with `usersig` redacted. */
  url?: string;
  httpStatus?: number;
  errorCode?: number;
  errorInfo?: string;
  delivery?: Delivery;
  hint?: string;
  cause?: unknown;
}

const kChatError = Symbol.for("pulumi-tencentcloud-chat.error");

function brandCheck(brand: symbol) {
  return (instance: unknown): boolean =>
    typeof instance === "object" && instance !== null && (instance as Record<symbol, unknown>)[brand] === true;
}

const isAnyChatError = brandCheck(kChatError);

export class ChatError extends Error {
  readonly code: ChatErrorCode;
  // `declare`: optional fields exist on the object only when set (no own `undefined` properties).
  declare command?: string;
  declare officialAccount?: string;
  declare sdkAppId?: number;
  declare url?: string;
  declare httpStatus?: number;
  /** Tencent `ErrorCode`, when the server answered with one. */
  declare errorCode?: number;
  /** Tencent `ErrorInfo`, verbatim (redacted). */
  declare errorInfo?: string;
  delivery: Delivery;
  /** How the retry loop treats this failure. */
  retryable: RetryKind;
  /** A sentence on what to do about it. */
  hint: string;
  /** Attempts made by the operation that failed (set by the retry loop). */
  declare attempts?: number;
  declare retryStop?: RetryStop;

  constructor(code: ChatErrorCode, message: string, fields: ChatErrorFields, defaultHint: string) {
    super(message, fields.cause === undefined ? undefined : { cause: fields.cause });
    this.name = "ChatError";
    this.code = code;
    Object.defineProperty(this, kChatError, { value: true });
    if (fields.command !== undefined) this.command = fields.command;
    if (fields.officialAccount !== undefined) this.officialAccount = fields.officialAccount;
    if (fields.sdkAppId !== undefined) this.sdkAppId = fields.sdkAppId;
    if (fields.url !== undefined) this.url = fields.url;
    if (fields.httpStatus !== undefined) this.httpStatus = fields.httpStatus;
    if (fields.errorCode !== undefined) this.errorCode = fields.errorCode;
    if (fields.errorInfo !== undefined) this.errorInfo = fields.errorInfo;
    this.delivery = fields.delivery ?? "not-sent";
    this.hint = fields.hint ?? defaultHint;
    this.retryable = classifyError(this);
  }

  static [Symbol.hasInstance](instance: unknown): boolean {
    return isAnyChatError(instance);
  }
}

function where(fields: ChatErrorFields): string {
  const parts = [fields.command, fields.officialAccount].filter((part) => part !== undefined);
  return parts.length > 0 ? ` (${parts.join(", ")})` : "";
}

const kApiError = Symbol.for("pulumi-tencentcloud-chat.error.TCHAT_API_ERROR");
const isApiError = brandCheck(kApiError);

/** Tencent answered `ActionStatus: "FAIL"` (HTTP 200) with an `ErrorCode`. */
export class ChatApiError extends ChatError {
  declare errorCode: number;
  declare errorInfo: string;

  constructor(fields: ChatErrorFields & { errorCode: number; errorInfo: string }) {
    super(
      "TCHAT_API_ERROR",
      `Tencent Chat error ${fields.errorCode}${where(fields)}: ${fields.errorInfo || "(no ErrorInfo)"}`,
      { delivery: "answered", ...fields },
      describeErrorCode(fields.errorCode).hint,
    );
    this.name = "ChatApiError";
    Object.defineProperty(this, kApiError, { value: true });
  }

  static [Symbol.hasInstance](instance: unknown): boolean {
    return isApiError(instance);
  }
}

const kHttpStatusError = Symbol.for("pulumi-tencentcloud-chat.error.TCHAT_HTTP_STATUS");
const isHttpStatusError = brandCheck(kHttpStatusError);

/** A status other than 200. The REST API answers 200 to everything it processes (reference §0). */
export class ChatHttpStatusError extends ChatError {
  declare httpStatus: number;

  constructor(fields: ChatErrorFields & { httpStatus: number }) {
    const serverSide = fields.httpStatus >= 500;
    super(
      "TCHAT_HTTP_STATUS",
      `Tencent Chat answered HTTP ${fields.httpStatus}${where(fields)}`,
      { delivery: serverSide ? "unknown" : "answered", ...fields },
      serverSide
        ? "A gateway or the service failed (HTTP 5xx); the client retries it. If it persists, try the region's standby domain (standbyDomain: true) or check any proxy in between."
        : "The endpoint did not behave like the Chat REST API (which answers HTTP 200): check the region or endpoint URL and any proxy in between.",
    );
    this.name = "ChatHttpStatusError";
    Object.defineProperty(this, kHttpStatusError, { value: true });
  }

  static [Symbol.hasInstance](instance: unknown): boolean {
    return isHttpStatusError(instance);
  }
}

const kNetworkError = Symbol.for("pulumi-tencentcloud-chat.error.TCHAT_NETWORK");
const isNetworkError = brandCheck(kNetworkError);

/** The connection failed or broke (DNS, refused, reset). `cause` holds the socket error. */
export class ChatNetworkError extends ChatError {
  constructor(fields: ChatErrorFields & { detail: string }) {
    super(
      "TCHAT_NETWORK",
      `Network error talking to Tencent Chat${where(fields)}: ${fields.detail}`,
      fields,
      "Check connectivity to the Chat domain (DNS, firewall, proxy); if DNS is hijacked, use the standby domain (standbyDomain: true). The client retries network errors.",
    );
    this.name = "ChatNetworkError";
    Object.defineProperty(this, kNetworkError, { value: true });
  }

  static [Symbol.hasInstance](instance: unknown): boolean {
    return isNetworkError(instance);
  }
}

const kTimeoutError = Symbol.for("pulumi-tencentcloud-chat.error.TCHAT_TIMEOUT");
const isTimeoutError = brandCheck(kTimeoutError);

/** One attempt timed out (connect, response headers or body). */
export class ChatTimeoutError extends ChatError {
  readonly phase: "connect" | "headers" | "body";

  constructor(fields: ChatErrorFields & { phase: "connect" | "headers" | "body" }) {
    super(
      "TCHAT_TIMEOUT",
      `Tencent Chat did not answer in time (${fields.phase} timeout)${where(fields)}`,
      { delivery: fields.phase === "connect" ? "not-sent" : "unknown", ...fields },
      "The service or the network is slow; the client retries timeouts. Raise connectTimeoutMs/headersTimeoutMs/bodyTimeoutMs if this is expected.",
    );
    this.name = "ChatTimeoutError";
    this.phase = fields.phase;
    Object.defineProperty(this, kTimeoutError, { value: true });
  }

  static [Symbol.hasInstance](instance: unknown): boolean {
    return isTimeoutError(instance);
  }
}

const kDeadlineError = Symbol.for("pulumi-tencentcloud-chat.error.TCHAT_DEADLINE");
const isDeadlineError = brandCheck(kDeadlineError);

/** The per-operation deadline (all attempts, backoff and rate-limit waits) ran out. */
export class ChatDeadlineError extends ChatError {
  readonly deadlineMs: number;

  constructor(fields: ChatErrorFields & { deadlineMs: number }) {
    super(
      "TCHAT_DEADLINE",
      `Tencent Chat operation did not finish within its ${fields.deadlineMs} ms deadline${where(fields)}`,
      fields,
      "The service is slow or throttling: retry later, lower the request rate, or raise operationDeadlineMs.",
    );
    this.name = "ChatDeadlineError";
    this.deadlineMs = fields.deadlineMs;
    Object.defineProperty(this, kDeadlineError, { value: true });
  }

  static [Symbol.hasInstance](instance: unknown): boolean {
    return isDeadlineError(instance);
  }
}

const kAbortedError = Symbol.for("pulumi-tencentcloud-chat.error.TCHAT_ABORTED");
const isAbortedError = brandCheck(kAbortedError);

/** The caller's AbortSignal fired. */
export class ChatAbortedError extends ChatError {
  constructor(fields: ChatErrorFields = {}) {
    super(
      "TCHAT_ABORTED",
      `Tencent Chat operation was aborted${where(fields)}`,
      fields,
      "The caller cancelled the operation; if it was a write, read the account back to see whether it took effect.",
    );
    this.name = "ChatAbortedError";
    Object.defineProperty(this, kAbortedError, { value: true });
  }

  static [Symbol.hasInstance](instance: unknown): boolean {
    return isAbortedError(instance);
  }
}

const kBadResponseError = Symbol.for("pulumi-tencentcloud-chat.error.TCHAT_BAD_RESPONSE");
const isBadResponseError = brandCheck(kBadResponseError);

/** HTTP 200 but the body is not a Chat envelope (not JSON, or fields missing). */
export class ChatBadResponseError extends ChatError {
  constructor(fields: ChatErrorFields & { detail: string }) {
    super(
      "TCHAT_BAD_RESPONSE",
      `Tencent Chat sent an unreadable response${where(fields)}: ${fields.detail}`,
      { delivery: "unknown", ...fields },
      "Something between the client and Tencent (a proxy, a wrong endpoint) changed the response: check the endpoint URL; if it is right, report the response shape.",
    );
    this.name = "ChatBadResponseError";
    Object.defineProperty(this, kBadResponseError, { value: true });
  }

  static [Symbol.hasInstance](instance: unknown): boolean {
    return isBadResponseError(instance);
  }
}

const kConfigError = Symbol.for("pulumi-tencentcloud-chat.error.TCHAT_CONFIG");
const isConfigError = brandCheck(kConfigError);

/** The connection settings are unusable (unknown region, bad endpoint URL, missing key). */
export class ChatConfigError extends ChatError {
  readonly setting: string;

  constructor(fields: ChatErrorFields & { setting: string; detail: string; hint: string }) {
    super("TCHAT_CONFIG", `Invalid Chat client setting '${fields.setting}': ${fields.detail}`, fields, fields.hint);
    this.name = "ChatConfigError";
    this.setting = fields.setting;
    Object.defineProperty(this, kConfigError, { value: true });
  }

  static [Symbol.hasInstance](instance: unknown): boolean {
    return isConfigError(instance);
  }
}

const kOutcomeUnknownError = Symbol.for("pulumi-tencentcloud-chat.error.TCHAT_OUTCOME_UNKNOWN");
const isOutcomeUnknownError = brandCheck(kOutcomeUnknownError);

/** A non-idempotent call failed ambiguously and its outcome could not be established. `cause` says why. */
export class ChatOutcomeUnknownError extends ChatError {
  constructor(fields: ChatErrorFields & { detail: string; hint: string }) {
    super("TCHAT_OUTCOME_UNKNOWN", `Outcome unknown${where(fields)}: ${fields.detail}`, fields, fields.hint);
    this.name = "ChatOutcomeUnknownError";
    Object.defineProperty(this, kOutcomeUnknownError, { value: true });
  }

  static [Symbol.hasInstance](instance: unknown): boolean {
    return isOutcomeUnknownError(instance);
  }
}

export function isChatError(value: unknown): value is ChatError {
  return isAnyChatError(value);
}

/**
 * A copy of `error` (same class, brand and stack) with some context fields replaced. Used to give each
 * caller of a coalesced read its own error object.
 */
export function withErrorContext<E extends ChatError>(error: E, fields: Pick<ChatErrorFields, "officialAccount" | "delivery">): E {
  const copy = Object.create(Object.getPrototypeOf(error) as object) as E;
  for (const key of Reflect.ownKeys(error)) {
    const descriptor = Object.getOwnPropertyDescriptor(error, key);
    if (descriptor) Object.defineProperty(copy, key, descriptor);
  }
  if (fields.officialAccount !== undefined && copy.officialAccount === undefined) {
    copy.officialAccount = fields.officialAccount;
    copy.message = `${copy.message} [${fields.officialAccount}]`;
  }
  if (fields.delivery !== undefined) copy.delivery = fields.delivery;
  return copy;
}
