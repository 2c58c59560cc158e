/**
 * The Chat REST client for official accounts, usable without Pulumi:
 * `require("pulumi-tencentcloud-chat/chat")`.
 */
export type { CallOptions, ChatConnection, CreateAccountInput, LiveProfile, ProfileFields, RegionName } from "./types";

export { OfficialAccountClient, COMMANDS, type AccountLookup } from "./official-accounts";
export { createOfficialAccountClient, getOfficialAccountClient, resetOfficialAccountClients } from "./client-registry";
export type { ClientTunables, OfficialAccountClientOptions } from "./options";

export {
  ChatError,
  ChatApiError,
  ChatHttpStatusError,
  ChatNetworkError,
  ChatTimeoutError,
  ChatDeadlineError,
  ChatAbortedError,
  ChatBadResponseError,
  ChatConfigError,
  ChatOutcomeUnknownError,
  isChatError,
  type ChatErrorCode,
  type ChatErrorFields,
  type Delivery,
  type RetryStop,
} from "./errors";
export { ERROR_CODE_TABLE, ACCOUNT_NOT_FOUND, describeErrorCode, type ErrorCodeEntry, type RetryKind } from "./error-codes";
export { classifyError, isAmbiguousFailure } from "./classify";
export { backoffDelayMs, type BackoffInput, type BackoffTunables } from "./backoff";

export { REGION_NAMES, isRegionName, regionDomain, resolveBaseUrl, buildRequestUrl, type RequestUrlParts } from "./endpoints";
export {
  TokenBucket,
  RateLimiterRegistry,
  sharedRateLimiter,
  resetSharedRateLimiter,
  type TokenBucketOptions,
  type RateLimitKey,
  type RateLimiterRegistryOptions,
  type AcquireOptions,
  type RateOutcome,
} from "./limiter";
export { transportStats, closeSharedPools, type TransportStats } from "./transport";
export { Redactor, REDACTED, redactUserSig } from "./redact";
export {
  signUserSig,
  verifyUserSig,
  decodeUserSig,
  type DecodedUserSig,
  type UserSigVerdict,
  type SignUserSigInput,
  type VerifyUserSigInput,
  type UserSigRejection,
  type UserSigClaims,
} from "./usersig";
export type { NowMs, Sleep, RandomSource } from "./timing";
