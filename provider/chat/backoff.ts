import type { RetryKind } from "./error-codes";
import type { RandomSource } from "./timing";

/**
 * Full-jitter exponential backoff, as in the AWS SDK standard retry mode
 * (smithy DefaultRetryBackoffStrategy; "Exponential Backoff And Jitter", aws.amazon.com/blogs/architecture):
 * t_i = b × min(x × r^i, cap), with b uniform in [0, 1), r = 2, x the base for the failure's kind.
 */

export interface BackoffTunables {
  transientBaseDelayMs: number;
  throttledBaseDelayMs: number;
  maxDelayMs: number;
}

/** What the wait before one retry depends on. */
export interface BackoffInput {
  /** 0 for the wait after the first failed attempt, 1 after the second, … */
  retryIndex: number;
  kind: Exclude<RetryKind, "final">;
  random: RandomSource;
  tunables: BackoffTunables;
}

/** Milliseconds to wait before the next attempt (may be fractional). */
export function backoffDelayMs(input: BackoffInput): number {
  // Named after the spec's variables for cross-checking.
  const b = input.random();
  const r = 2;
  const x = input.kind === "throttled" ? input.tunables.throttledBaseDelayMs : input.tunables.transientBaseDelayMs;
  const i = input.retryIndex;
  return b * Math.min(x * r ** i, input.tunables.maxDelayMs);
}
