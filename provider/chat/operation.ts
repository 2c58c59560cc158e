import type { Dispatcher } from "undici";
import { classifyError, classifyIdempotent } from "./classify";
import { buildRequestUrl, randomUint32 } from "./endpoints";
import { parseEnvelope, type ResponseBody } from "./envelope";
import { ChatAbortedError, ChatDeadlineError, isChatError } from "./errors";
import type { RateLimiterRegistry } from "./limiter";
import { assertDeadlineMs, type ClientTunables } from "./options";
import { redactUserSig, type Redactor } from "./redact";
import { runWithRetry, type Attempt } from "./retry";
import type { NowMs, RandomSource, Sleep } from "./timing";
import { postJson } from "./transport";
import type { CallOptions } from "./types";
import type { UserSigCache } from "./usersig-cache";

/**
 * How one call travels: limiter → UserSig (cached) → transport → envelope, inside an operation that owns
 * the deadline (every attempt, backoff and rate-limit wait), the caller's AbortSignal, the retry loop and
 * the redaction of whatever error leaves it.
 */

export interface CallerConfig {
  sdkAppId: number;
  identifier: string;
  baseUrl: string;
  tunables: ClientTunables;
  dispatcher?: Dispatcher;
  nowMs: NowMs;
  sleep: Sleep;
  random: RandomSource;
  rateLimiter: RateLimiterRegistry;
  userSigs: UserSigCache;
  redactor: Redactor;
}

export interface OperationLabel {
  command: string;
  officialAccount?: string;
}

export interface OperationScope {
  /** Aborts on the caller's signal or at the deadline; its reason is a ChatAbortedError or ChatDeadlineError. */
  readonly signal: AbortSignal;
  readonly deadlineAtMs: number;
  /** One attempt of one command. */
  send(command: string, body: object, officialAccount?: string): Promise<ResponseBody>;
  /**
   * One command, retried per classify.ts. `idempotent`: the command is safe to resend after any failure
   * (modify, get-info), so an unreadable reply is retried too (classifyIdempotent).
   */
  request(command: string, body: object, officialAccount?: string, retryAs?: RetryAs): Promise<ResponseBody>;
  /** A custom attempt function under the same retry loop, deadline and signal. */
  retry<T>(attempt: Attempt<T>, retryAs?: RetryAs): Promise<T>;
}

/** How the retry loop classifies failures of one request: `idempotent` also retries unreadable replies. */
export type RetryAs = "default" | "idempotent";

export class ChatCaller {
  private readonly config: CallerConfig;

  constructor(config: CallerConfig) {
    this.config = config;
  }

  async operation<T>(options: CallOptions | undefined, label: OperationLabel, body: (scope: OperationScope) => Promise<T>): Promise<T> {
    const config = this.config;
    const deadlineMs = options?.deadlineMs ?? config.tunables.operationDeadlineMs;
    // Above 2^31−1 ms (or NaN) setTimeout fires at once: refuse it before anything is sent.
    if (options?.deadlineMs !== undefined) {
      try {
        assertDeadlineMs(options.deadlineMs, "deadlineMs");
      } catch (error) {
        throw this.redact(error);
      }
    }
    const deadlineAtMs = config.nowMs() + deadlineMs;
    const context = { ...label, sdkAppId: config.sdkAppId };
    const deadlineError = (): ChatDeadlineError => new ChatDeadlineError({ ...context, deadlineMs });
    const controller = new AbortController();
    const callerSignal = options?.signal;
    const onCallerAbort = (): void => controller.abort(new ChatAbortedError({ ...context, cause: callerSignal?.reason }));
    if (callerSignal?.aborted) onCallerAbort();
    else callerSignal?.addEventListener("abort", onCallerAbort, { once: true });
    // A real timer: it bounds attempts in flight, which no injected clock can interrupt.
    const timer = setTimeout(() => controller.abort(deadlineError()), deadlineMs);
    timer.unref();

    const signal = controller.signal;
    const send = (command: string, requestBody: object, officialAccount?: string): Promise<ResponseBody> =>
      this.send(command, requestBody, officialAccount, signal, deadlineAtMs, deadlineError);
    const retry = <R>(attempt: Attempt<R>, retryAs: RetryAs = "default"): Promise<R> =>
      runWithRetry(attempt, config.tunables, {
        nowMs: config.nowMs,
        sleep: config.sleep,
        random: config.random,
        deadlineAtMs,
        signal,
        ...(retryAs === "idempotent" ? { classify: classifyIdempotent } : {}),
      });
    const scope: OperationScope = {
      signal,
      deadlineAtMs,
      send,
      request: (command, requestBody, officialAccount, retryAs) => retry(() => send(command, requestBody, officialAccount), retryAs),
      retry,
    };
    try {
      return await body(scope);
    } catch (error) {
      throw this.redact(error);
    } finally {
      clearTimeout(timer);
      callerSignal?.removeEventListener("abort", onCallerAbort);
      // Parallel sub-requests (get-info chunks, the halving lookup) may still be retrying after the first
      // failure settled the operation: stop them, so they spend no rate-limit tokens for a caller who has
      // its answer. A no-op when the deadline or the caller already aborted.
      controller.abort(new ChatAbortedError({ ...context, hint: "The operation had already finished (its result or error was returned); this request was no longer needed." }));
    }
  }

  /** Removes the secret key and UserSigs from an error about to be shown (in place; returns it). */
  redact<E>(error: E): E {
    if (!(error instanceof Error)) return error;
    if (isChatError(error) && error.sdkAppId === undefined) error.sdkAppId = this.config.sdkAppId;
    return this.config.redactor.with([this.config.userSigs.lastIssued()]).error(error);
  }

  private async send(
    command: string,
    body: object,
    officialAccount: string | undefined,
    signal: AbortSignal,
    deadlineAtMs: number,
    deadlineError: () => Error,
  ): Promise<ResponseBody> {
    const config = this.config;
    const rateKey = { sdkAppId: config.sdkAppId, command };
    const sentAtMs = await config.rateLimiter.acquire(rateKey, {
      ratePerSecond: config.tunables.maxRequestsPerSecond,
      burstSeconds: config.tunables.rateLimitBurstSeconds,
      signal,
      deadlineAtMs,
      deadlineError,
    });
    const url = buildRequestUrl({
      baseUrl: config.baseUrl,
      command,
      sdkAppId: config.sdkAppId,
      identifier: config.identifier,
      userSig: config.userSigs.current(),
      random: randomUint32(config.random),
    });
    const errorContext = { command, sdkAppId: config.sdkAppId, url: redactUserSig(url), ...(officialAccount !== undefined ? { officialAccount } : {}) };
    const response = await postJson({
      url,
      body: JSON.stringify(body),
      tunables: config.tunables,
      signal,
      errorContext,
      ...(config.dispatcher !== undefined ? { dispatcher: config.dispatcher } : {}),
    });
    let parsed: ResponseBody;
    try {
      parsed = parseEnvelope(response.status, response.bodyText, errorContext);
    } catch (error) {
      // Tencent answered: a throttle code cuts this (app, command)'s rate, any other answer lets it climb.
      if (isChatError(error) && error.code === "TCHAT_API_ERROR") {
        config.rateLimiter.recordOutcome(rateKey, classifyError(error) === "throttled" ? "throttled" : "accepted", sentAtMs);
      } else if (isChatError(error) && error.code === "TCHAT_HTTP_STATUS" && classifyError(error) === "throttled") {
        config.rateLimiter.recordOutcome(rateKey, "throttled", sentAtMs);
      }
      throw error;
    }
    config.rateLimiter.recordOutcome(rateKey, "accepted", sentAtMs);
    return parsed;
  }
}
