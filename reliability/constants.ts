/**
 * Fixed names of the reliability runs: one app, a canary secret key (a value that must never show up in
 * anything a user sees or that is stored), and the commands the resource makes.
 */
export const APP = 1400000077;
/** Looks like a real key (64 hex digits) so that a scan for it is meaningful; used nowhere else. */
export const CANARY_KEY = "c0ffee5ec7e7c0ffee5ec7e7c0ffee5ec7e7c0ffee5ec7e7c0ffee5ec7e70077";

export const MODIFY = "modify_official_account_base_info";
export const GET_INFO = "get_official_account_info";

export const CONFIG = {
  sdkAppId: "tencentcloud-chat:sdkAppId",
  secretKey: "tencentcloud-chat:secretKey",
  endpoint: "tencentcloud-chat:endpoint",
  operationDeadlineMs: "tencentcloud-chat:operationDeadlineMs",
  maxAttempts: "tencentcloud-chat:maxAttempts",
  maxRequestsPerSecond: "tencentcloud-chat:maxRequestsPerSecond",
} as const;
