import { ACCOUNT_NOT_FOUND, ChatApiError, getOfficialAccountClient, isChatError } from "./chat";
import type { CreateAccountInput, LiveProfile, ProfileFields } from "./chat/types";
import { resolveClientTunables, resolveConnection, type Env, type StackConfig, type Target } from "./settings";

/**
 * The calls the two resources make (the profile reads and modifies; the account also creates and destroys),
 * on the process-wide client of the target's app (docs/architecture.md, decision 8), with
 * the client's hint (what to do) appended to the error message: the host shows users only the message.
 */
export interface AccountClient {
  readProfile(officialAccount: string): Promise<LiveProfile | undefined>;
  modifyBaseInfo(officialAccount: string, changes: ProfileFields): Promise<void>;
  /** create_official_account, never duplicated: after a lost reply the client looks the custom ID up first. */
  createAccount(input: CreateAccountInput): Promise<string>;
  destroyAccount(officialAccount: string): Promise<void>;
}

function withHint(error: unknown): unknown {
  if (isChatError(error) && error.hint && !error.message.includes(error.hint)) {
    error.message = `${error.message.replace(/\.+$/, "")}. ${error.hint}`;
  }
  return error;
}

/**
 * The tunables (operationDeadlineMs, maxAttempts, maxRequestsPerSecond) apply when the process-wide client of
 * the app is created, i.e. at the first operation of a host process; the host is configured once per process.
 */
export function accountClient(target: Target, stack: StackConfig | undefined, env: Env): AccountClient {
  const client = getOfficialAccountClient(resolveConnection(target, stack, env), resolveClientTunables(stack, env));
  const hinted = (error: unknown) => Promise.reject(withHint(error));
  return {
    readProfile: (officialAccount) => client.readProfile(officialAccount).catch(hinted),
    modifyBaseInfo: (officialAccount, changes) => client.modifyBaseInfo(officialAccount, changes).catch(hinted),
    createAccount: (input) => client.createAccount(input).catch(hinted),
    destroyAccount: (officialAccount) => client.destroyAccount(officialAccount).catch(hinted),
  };
}

/** Tencent 130004: "the official account does not exist, or existed and has been destroyed" (docs/errors.md). */
export function isAccountMissing(error: unknown): boolean {
  return error instanceof ChatApiError && error.errorCode === ACCOUNT_NOT_FOUND;
}
