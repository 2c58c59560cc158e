/** The live probe's fixed numbers, units in the names. */
export const PROBE_DEFAULTS = {
  /** Lifetime of the UserSigs the raw caller signs. */
  userSigTtlSeconds: 600,
  /** Per raw request; the probe sends one at a time. */
  requestTimeoutMs: 15_000,
  /** A UserSig this far in the past (with a 60 s lifetime) is expired by any clock skew. */
  expiredUserSigAgeSeconds: 3_600,
  expiredUserSigTtlSeconds: 60,
  /** A UserSig issued this far in the future (A-USERSIG-SKEW: accepted by the Go verifier). */
  futureUserSigSeconds: 300,
  /** CreateTime must be within this of the probe's clock to count as Unix seconds. */
  createTimeToleranceSeconds: 86_400,
  /** Body size above the emulator's 1 MiB limit (A-BODY). */
  oversizedBodyBytes: 1_048_576 + 64,
} as const;
