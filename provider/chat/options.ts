import type { Dispatcher } from "undici";
import { DEFAULTS } from "../defaults";
import { ChatConfigError } from "./errors";
import type { RateLimiterRegistry } from "./limiter";
import type { NowMs, RandomSource, Sleep } from "./timing";

// Every DEFAULTS entry but the two connection strings is a client tunable.
const { identifier: _identifier, region: _region, ...NUMERIC_DEFAULTS } = DEFAULTS;

/** The numeric DEFAULTS a client uses, widened from their literal types so callers can override them. */
export type ClientTunables = { -readonly [K in keyof typeof NUMERIC_DEFAULTS]: number };

/**
 * Options of a client: any tunable (docs/client.md, Tunables) plus test hooks. Checked when the client
 * is built; an unusable one is a `TCHAT_CONFIG` error naming it.
 */
export interface OfficialAccountClientOptions extends Partial<ClientTunables> {
  /** undici dispatcher for every request (MockAgent, an Agent, a proxy). Default: the shared per-origin pool. */
  dispatcher?: Dispatcher;
  /** Clock in milliseconds. Default `Date.now`. */
  nowMs?: NowMs;
  /** Default: a timer that honours the AbortSignal. */
  sleep?: Sleep;
  /** Uniform [0, 1): backoff jitter and the URL `random` parameter. Default: node:crypto. */
  random?: RandomSource;
  /** Rate-limit registry. Default: the process-wide one (limiter.ts), shared by every client. */
  rateLimiter?: RateLimiterRegistry;
}

/**
 * The longest timer Node can set: setTimeout turns anything above 2^31−1 ms (about 24.8 days) into 1 ms, so a
 * larger deadline would expire at once (nodejs.org/api/timers.html#settimeoutcallback-delay-args).
 */
export const MAX_TIMER_MS = 2_147_483_647;

/** Counts and whole seconds: a fraction here has no meaning (an attempt, a connection, an ID, a JWT-style expiry). */
const INTEGER_TUNABLES: ReadonlySet<keyof ClientTunables> = new Set([
  "maxAttempts",
  "getInfoBatchSize",
  "poolConnections",
  "userSigTtlSeconds",
  "userSigRenewBeforeExpirySeconds",
]);

/** Lower bounds above 0; every other tunable may be 0. */
const MINIMUMS: Partial<Record<keyof ClientTunables, { min: number; inclusive: boolean }>> = {
  maxAttempts: { min: 1, inclusive: true },
  getInfoBatchSize: { min: 1, inclusive: true },
  poolConnections: { min: 1, inclusive: true },
  userSigTtlSeconds: { min: 1, inclusive: true },
  operationDeadlineMs: { min: 1, inclusive: true },
  maxRequestsPerSecond: { min: 0, inclusive: false },
  rateLimitBurstSeconds: { min: 0, inclusive: false },
  // The read batcher naps in idle-sized steps while a batch is out: 0 would spin.
  readCoalesceIdleMs: { min: 1, inclusive: true },
};

/** "get_official_account_info … with a maximum of 50 official accounts per pull" (1047/60758). */
export const GET_INFO_MAX_IDS = 50;

export function resolveTunables(overrides: Partial<ClientTunables>): ClientTunables {
  const tunables: ClientTunables = { ...NUMERIC_DEFAULTS };
  for (const key of Object.keys(tunables) as (keyof ClientTunables)[]) {
    const value = overrides[key];
    if (value === undefined) continue;
    assertTunable(key, value);
    tunables[key] = value;
  }
  if (tunables.userSigRenewBeforeExpirySeconds >= tunables.userSigTtlSeconds) {
    throw new ChatConfigError({
      setting: "userSigRenewBeforeExpirySeconds",
      detail: `must be shorter than userSigTtlSeconds (${tunables.userSigTtlSeconds}), got ${tunables.userSigRenewBeforeExpirySeconds}`,
      hint: "Renew the UserSig some minutes before it expires: set userSigRenewBeforeExpirySeconds below userSigTtlSeconds.",
    });
  }
  return tunables;
}

function assertTunable(key: keyof ClientTunables, value: unknown): asserts value is number {
  const refuse = (detail: string, hint: string): never => {
    throw new ChatConfigError({ setting: key, detail, hint });
  };
  const anyNumberHint = `Pass a number for ${key} (units are in its name), or leave it out for the default.`;
  if (typeof value !== "number" || !Number.isFinite(value)) refuse(`must be a finite number, got ${String(value)}`, anyNumberHint);
  const number = value as number;
  const minimum = MINIMUMS[key] ?? { min: 0, inclusive: true };
  if (minimum.inclusive ? number < minimum.min : number <= minimum.min) {
    refuse(`must be ${minimum.inclusive ? "at least" : "more than"} ${minimum.min}, got ${number}`, `Set ${key} ${minimum.inclusive ? "to" : "above"} ${minimum.min}${minimum.inclusive ? " or more" : ""}.`);
  }
  if (INTEGER_TUNABLES.has(key) && !Number.isInteger(number)) refuse(`must be a whole number, got ${number}`, `Set ${key} to a whole number.`);
  if (key === "getInfoBatchSize" && number > GET_INFO_MAX_IDS) {
    refuse(`must be at most ${GET_INFO_MAX_IDS} (the API's limit per get_official_account_info call), got ${number}`, `Set getInfoBatchSize between 1 and ${GET_INFO_MAX_IDS}.`);
  }
  if (key.endsWith("Ms") && number > MAX_TIMER_MS) {
    refuse(`must be at most ${MAX_TIMER_MS} ms (the longest timer Node can set), got ${number}`, `Set ${key} to ${MAX_TIMER_MS} or less.`);
  }
}

/**
 * A per-call `CallOptions.deadlineMs`: the same rules as operationDeadlineMs (a finite number of ms, at least 1,
 * at most MAX_TIMER_MS), checked before any request is sent.
 */
export function assertDeadlineMs(value: unknown, setting: string): asserts value is number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 1 || value > MAX_TIMER_MS) {
    throw new ChatConfigError({
      setting,
      detail: `must be a finite number of milliseconds from 1 to ${MAX_TIMER_MS}, got ${String(value)}`,
      hint: `Pass ${setting} between 1 and ${MAX_TIMER_MS} ms (about 24.8 days), or leave it out for operationDeadlineMs.`,
    });
  }
}
