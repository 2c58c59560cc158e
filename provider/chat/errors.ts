import { classifyError } from "./classify";
import { describeErrorCode, type RetryKind } from "./error-codes";

/**
 * Typed errors in the undici style (lib/core/errors.js): a stable `code` string, structured fields, and an
 * `instanceof` that works across duplicate copies of the package: it checks one `Symbol.for` brand and the
 * `code`, not the prototype chain. Every error leaving the client has been through redact.ts.
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

/** What a {@link ChatError} knows about the failed call. None of it holds the secret key or a UserSig. */
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

function isAnyChatError(instance: unknown): boolean {
  return typeof instance === "object" && instance !== null && (instance as Record<symbol, unknown>)[kChatError] === true;
}

/** `instanceof Subclass`: the brand plus the subclass's code, so an error from another copy of the package matches too. */
function matchInstancesByCode(subclass: abstract new (...args: never[]) => ChatError, code: ChatErrorCode): void {
  Object.defineProperty(subclass, Symbol.hasInstance, {
    value: (instance: unknown): boolean => isAnyChatError(instance) && (instance as { code?: unknown }).code === code,
  });
}

/**
 * Base class of the client's errors, with a stable `code`, Tencent's `errorCode`/`errorInfo` when it answered,
 * `delivery`, `retryable` and a `hint` saying what to do (docs/errors.md).
 */
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
  }

  /** How the retry loop treats this failure (classify.ts), from the fields as they are now. */
  get retryable(): RetryKind {
    return classifyError(this);
  }

  /**
   * True for any error with this package's client-error brand (a subclass also checks its `code`), whichever
   * copy of the package made it.
   */
  static [Symbol.hasInstance](instance: unknown): boolean {
    return isAnyChatError(instance);
  }
}

/**
 * How to reach the region's standby domain, in the words of each way in: the stack's `endpoint` setting for
 * Pulumi users, the `standbyDomain` connection option for the client on its own (docs/installation-configuration.md).
 */
const STANDBY_ADVICE =
  "switch to the region's standby domain: set the stack config tencentcloud-chat:endpoint (or TENCENTCLOUD_CHAT_ENDPOINT) " +
  "to it, e.g. https://adminapisgp.my-imcloud.com for singapore (docs/installation-configuration.md), or pass standbyDomain: true " +
  "in the connection when using the client on its own";

function where(fields: ChatErrorFields): string {
  const parts = [fields.command, fields.officialAccount].filter((part) => part !== undefined);
  return parts.length > 0 ? ` (${parts.join(", ")})` : "";
}

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
  }
}
matchInstancesByCode(ChatApiError, "TCHAT_API_ERROR");

/** A status other than 200. The REST API answers 200 to everything it processes (docs/errors.md). */
export class ChatHttpStatusError extends ChatError {
  declare httpStatus: number;

  constructor(fields: ChatErrorFields & { httpStatus: number }) {
    const serverSide = fields.httpStatus >= 500;
    super(
      "TCHAT_HTTP_STATUS",
      `Tencent Chat answered HTTP ${fields.httpStatus}${where(fields)}`,
      { delivery: serverSide ? "unknown" : "answered", ...fields },
      serverSide
        ? `A gateway or the service failed (HTTP 5xx); the client retries it. If it persists, ${STANDBY_ADVICE}, or check any proxy in between.`
        : "The endpoint did not behave like the Chat REST API (which answers HTTP 200): check the region or endpoint URL and any proxy in between.",
    );
    this.name = "ChatHttpStatusError";
  }
}
matchInstancesByCode(ChatHttpStatusError, "TCHAT_HTTP_STATUS");

/** The connection failed or broke (DNS, refused, reset). `cause` holds the socket error. */
export class ChatNetworkError extends ChatError {
  constructor(fields: ChatErrorFields & { detail: string }) {
    super(
      "TCHAT_NETWORK",
      `Network error talking to Tencent Chat${where(fields)}: ${fields.detail}`,
      fields,
      `Check connectivity to the Chat domain (DNS, firewall, proxy); if DNS is hijacked, ${STANDBY_ADVICE}. The client retries network errors.`,
    );
    this.name = "ChatNetworkError";
  }
}
matchInstancesByCode(ChatNetworkError, "TCHAT_NETWORK");

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
  }
}
matchInstancesByCode(ChatTimeoutError, "TCHAT_TIMEOUT");

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
  }
}
matchInstancesByCode(ChatDeadlineError, "TCHAT_DEADLINE");

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
  }
}
matchInstancesByCode(ChatAbortedError, "TCHAT_ABORTED");

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
  }
}
matchInstancesByCode(ChatBadResponseError, "TCHAT_BAD_RESPONSE");

/** The connection settings are unusable (unknown region, bad endpoint URL, missing key). */
export class ChatConfigError extends ChatError {
  readonly setting: string;

  constructor(fields: ChatErrorFields & { setting: string; detail: string; hint: string }) {
    super("TCHAT_CONFIG", `Invalid Chat client setting '${fields.setting}': ${fields.detail}`, fields, fields.hint);
    this.name = "ChatConfigError";
    this.setting = fields.setting;
  }
}
matchInstancesByCode(ChatConfigError, "TCHAT_CONFIG");

/** A non-idempotent call failed ambiguously and its outcome could not be established. `cause` says why. */
export class ChatOutcomeUnknownError extends ChatError {
  constructor(fields: ChatErrorFields & { detail: string; hint: string }) {
    super("TCHAT_OUTCOME_UNKNOWN", `Outcome unknown${where(fields)}: ${fields.detail}`, fields, fields.hint);
    this.name = "ChatOutcomeUnknownError";
  }
}
matchInstancesByCode(ChatOutcomeUnknownError, "TCHAT_OUTCOME_UNKNOWN");

/** True when `value` is a {@link ChatError} from any copy of this package. */
export function isChatError(value: unknown): value is ChatError {
  return isAnyChatError(value);
}

/** The per-operation deadline ran out (also when the error comes from another copy of the package). */
export function isDeadlineError(value: unknown): value is ChatDeadlineError {
  return value instanceof ChatDeadlineError;
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
