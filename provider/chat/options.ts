import type { Dispatcher } from "undici";
import { DEFAULTS } from "../defaults";
import { ChatConfigError } from "./errors";
import type { RateLimiterRegistry } from "./limiter";
import type { NowMs, RandomSource, Sleep } from "./timing";

// Every DEFAULTS entry but the two connection strings is a client tunable.
const { identifier: _identifier, region: _region, ...NUMERIC_DEFAULTS } = DEFAULTS;

/** The numeric DEFAULTS a client uses, widened from their literal types so callers can override them. */
export type ClientTunables = { -readonly [K in keyof typeof NUMERIC_DEFAULTS]: number };

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

export function resolveTunables(overrides: Partial<ClientTunables>): ClientTunables {
  const tunables: ClientTunables = { ...NUMERIC_DEFAULTS };
  for (const key of Object.keys(tunables) as (keyof ClientTunables)[]) {
    const value = overrides[key];
    if (value === undefined) continue;
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
      throw new ChatConfigError({
        setting: key,
        detail: `must be a non-negative finite number, got ${String(value)}`,
        hint: `Pass a number for ${key} (units are in its name), or leave it out for the default.`,
      });
    }
    tunables[key] = value;
  }
  for (const key of ["maxAttempts", "maxRequestsPerSecond", "getInfoBatchSize"] as const) {
    if (tunables[key] < 1) {
      throw new ChatConfigError({ setting: key, detail: "must be at least 1", hint: `Set ${key} to 1 or more.` });
    }
  }
  return tunables;
}
