import { backoffDelayMs, type BackoffTunables } from "./backoff";
import { classifyError } from "./classify";
import type { RetryKind } from "./error-codes";
import { isDeadlineError, type RetryStop } from "./errors";
import type { NowMs, RandomSource, Sleep } from "./timing";

/**
 * The retry loop: attempt, classify the failure, wait a full-jitter backoff, try again. Stops on a final
 * failure, after `maxAttempts`, when the next wait would pass the deadline, or on abort. The error that
 * ends the loop carries `attempts` and `retryStop`.
 */

export interface RetryTunables extends BackoffTunables {
  maxAttempts: number;
}

export interface RetryEnvironment {
  nowMs: NowMs;
  sleep: Sleep;
  random: RandomSource;
  /** Clock time after which no new wait starts. */
  deadlineAtMs: number;
  signal?: AbortSignal;
  /** Defaults to classify.ts. */
  classify?: (error: unknown) => RetryKind;
}

/** `attemptNumber` counts from 1. */
export type Attempt<T> = (attemptNumber: number) => Promise<T>;

export async function runWithRetry<T>(attempt: Attempt<T>, tunables: RetryTunables, env: RetryEnvironment): Promise<T> {
  const classify = env.classify ?? classifyError;
  for (let attemptNumber = 1; ; attemptNumber += 1) {
    if (env.signal?.aborted) throw stopWith(env.signal.reason, attemptNumber - 1, "aborted");
    let failure: unknown;
    try {
      return await attempt(attemptNumber);
    } catch (error) {
      failure = error;
    }
    if (env.signal?.aborted) throw stopWith(failure, attemptNumber, isDeadlineError(failure) ? "deadline" : "aborted");
    // The deadline ran out inside the attempt before the timer fired (the rate limiter refused a wait that
    // would pass it): a deadline stop, not a final failure, whatever classify says about the error.
    if (isDeadlineError(failure)) throw stopWith(failure, attemptNumber, "deadline");
    const kind = classify(failure);
    if (kind === "final") throw stopWith(failure, attemptNumber, "final");
    if (attemptNumber >= tunables.maxAttempts) throw stopWith(failure, attemptNumber, "attempts");
    const delayMs = backoffDelayMs({ retryIndex: attemptNumber - 1, kind, random: env.random, tunables });
    if (env.nowMs() + delayMs >= env.deadlineAtMs) throw stopWith(failure, attemptNumber, "deadline");
    try {
      await env.sleep(delayMs, env.signal);
    } catch (abortReason) {
      throw stopWith(abortReason, attemptNumber, isDeadlineError(abortReason) ? "deadline" : "aborted");
    }
  }
}

function stopWith(error: unknown, attempts: number, reason: RetryStop): unknown {
  if (typeof error === "object" && error !== null && Object.isExtensible(error)) {
    const record = error as { attempts?: number; retryStop?: RetryStop };
    record.attempts = attempts;
    record.retryStop = reason;
  }
  return error;
}
