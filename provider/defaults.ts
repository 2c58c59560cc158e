/**
 * Every tunable in one place, units in the names. Callers override a subset; tests inject smaller values.
 */
export const DEFAULTS = {
  /** App admin account used when none is configured. */
  identifier: "administrator",
  region: "china",

  /**
   * UserSig validity. The admin UserSig opens the app's whole REST API to whoever holds it, and signing is a
   * local HMAC, cached per client: an hour covers any operation with room to spare, and a leaked one is
   * short-lived (docs/installation-configuration.md). Tencent's 24 h advice (269/32688) is for end-user logins.
   */
  userSigTtlSeconds: 60 * 60,
  /** Renew the cached UserSig this long before it expires, so none is sent close to its end (or to clock skew). */
  userSigRenewBeforeExpirySeconds: 10 * 60,

  connectTimeoutMs: 10_000,
  headersTimeoutMs: 15_000,
  bodyTimeoutMs: 15_000,
  /** One operation, every attempt and backoff included. */
  operationDeadlineMs: 60_000,
  /** Connections per origin in the shared undici pool. */
  poolConnections: 16,
  keepAliveTimeoutMs: 30_000,

  maxAttempts: 5,
  transientBaseDelayMs: 200,
  throttledBaseDelayMs: 1_000,
  maxDelayMs: 20_000,

  /** "Maximum call frequency: 200 times/second" on every official-account API page (1047/60757). */
  maxRequestsPerSecond: 200,
  /**
   * Client burst, in seconds of the rate. Smaller than the server's (a full second, as far as the emulator
   * models it) so that requests bunched up by the network still fit under the server's bucket.
   */
  rateLimitBurstSeconds: 0.1,

  /** get_official_account_info takes at most 50 IDs (1047/60758). */
  getInfoBatchSize: 50,
  /** A partial read batch is sent once no read has arrived for this long… */
  readCoalesceIdleMs: 100,
  /** …or this long after its first read. */
  readCoalesceMaxWaitMs: 1_000,
} as const;

export type Defaults = typeof DEFAULTS;
