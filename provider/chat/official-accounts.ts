import { DEFAULTS } from "../defaults";
import { isAmbiguousFailure, isServerInternalFailure } from "./classify";
import { assertConnection } from "./connection";
import { resolveBaseUrl } from "./endpoints";
import type { ResponseBody } from "./envelope";
import { ACCOUNT_NOT_FOUND } from "./error-codes";
import {
  ChatApiError,
  ChatBadResponseError,
  ChatOutcomeUnknownError,
  isChatError,
  withErrorContext,
  type ChatError,
} from "./errors";
import { sharedRateLimiter } from "./limiter";
import { ChatCaller, type OperationScope } from "./operation";
import { assertDeadlineMs, resolveTunables, type ClientTunables, type OfficialAccountClientOptions } from "./options";
import { ReadBatcher } from "./read-batcher";
import { Redactor } from "./redact";
import { cryptoRandom, systemNowMs, timerSleep } from "./timing";
import type { CallOptions, ChatConnection, CreateAccountInput, LiveProfile, ProfileFields } from "./types";
import { UserSigCache } from "./usersig-cache";
import {
  createdAccountId,
  createRequestBody,
  destroyRequestBody,
  getInfoRequestBody,
  hasWritableFields,
  modifyRequestBody,
  parseInfoList,
} from "./wire";

/** Official-account REST commands (tencentcloud.com/document/product/1047/60813). */
export const COMMANDS = {
  create: "create_official_account",
  destroy: "destroy_official_account",
  modify: "modify_official_account_base_info",
  getInfo: "get_official_account_info",
} as const;

/** What a lookup after an ambiguous create found: ours, nothing, or someone else's account. */
type CreateCheck = "created" | "absent" | "taken";

/** One entry of `getInfo`: the account's profile, or the per-item error (130004 when it does not exist). */
export type AccountLookup = { found: true; profile: LiveProfile } | { found: false; error: ChatApiError };

/**
 * The official-account API of one app. Every call: limiter → UserSig (cached) → transport → envelope →
 * typed result or typed error, retried per classify.ts under a per-operation deadline.
 * Use getOfficialAccountClient() to share one client per app in a process.
 */
export class OfficialAccountClient {
  readonly sdkAppId: number;
  readonly identifier: string;
  readonly baseUrl: string;
  private readonly tunables: ClientTunables;
  private readonly caller: ChatCaller;
  private readonly reads: ReadBatcher<AccountLookup>;

  constructor(connection: ChatConnection, options: OfficialAccountClientOptions = {}) {
    assertConnection(connection);
    this.sdkAppId = connection.sdkAppId;
    this.identifier = connection.identifier ?? DEFAULTS.identifier;
    this.baseUrl = resolveBaseUrl(connection);
    this.tunables = resolveTunables(options);
    const nowMs = options.nowMs ?? systemNowMs;
    const sleep = options.sleep ?? timerSleep;
    this.caller = new ChatCaller({
      sdkAppId: this.sdkAppId,
      identifier: this.identifier,
      baseUrl: this.baseUrl,
      tunables: this.tunables,
      nowMs,
      sleep,
      random: options.random ?? cryptoRandom,
      rateLimiter: options.rateLimiter ?? sharedRateLimiter(),
      userSigs: new UserSigCache({
        sdkAppId: this.sdkAppId,
        identifier: this.identifier,
        secretKey: connection.secretKey,
        ttlSeconds: this.tunables.userSigTtlSeconds,
        renewBeforeExpirySeconds: this.tunables.userSigRenewBeforeExpirySeconds,
        nowMs,
      }),
      redactor: new Redactor([connection.secretKey]),
      ...(options.dispatcher !== undefined ? { dispatcher: options.dispatcher } : {}),
    });
    this.reads = new ReadBatcher<AccountLookup>((ids, callOptions) => this.getInfo(ids, callOptions), {
      idleMs: this.tunables.readCoalesceIdleMs,
      maxWaitMs: this.tunables.readCoalesceMaxWaitMs,
      batchSize: this.tunables.getInfoBatchSize,
      sleep,
      nowMs,
      command: COMMANDS.getInfo,
    });
  }

  /** modify_official_account_base_info with only the fields given. Nothing given: no call. */
  async modifyBaseInfo(officialAccount: string, changes: ProfileFields, options?: CallOptions): Promise<void> {
    if (!hasWritableFields(changes)) return;
    // Absolute values: resending after an ambiguous failure gives the same result, so plain retry is safe,
    // an unreadable reply included.
    await this.caller.operation(options, { command: COMMANDS.modify, officialAccount }, async (scope) => {
      let someReplyLost = false;
      try {
        await scope.retry(async () => {
          try {
            await scope.send(COMMANDS.modify, modifyRequestBody(officialAccount, changes), officialAccount);
          } catch (error) {
            if (isAmbiguousFailure(error)) someReplyLost = true;
            throw error;
          }
        }, "idempotent");
      } catch (error) {
        // An attempt whose reply was lost may have made the change, even when a later attempt was refused.
        // One read, while the deadline allows, keeps a change that did land from being reported as failed;
        // otherwise the error says the outcome is unknown.
        if (!someReplyLost) throw error;
        if (!scope.signal.aborted && (await this.changesVisible(scope, officialAccount, changes))) return;
        throw isChatError(error) && error.delivery !== "unknown" ? withErrorContext(error, { delivery: "unknown" }) : error;
      }
    });
  }

  /**
   * get_official_account_info for any number of IDs, ≤ getInfoBatchSize per call. The map follows the order
   * of the (deduplicated) input. A whole-request 130004 for several IDs is narrowed down by halving, so one
   * missing account does not hide the others.
   */
  async getInfo(officialAccounts: readonly string[], options?: CallOptions): Promise<Map<string, AccountLookup>> {
    const unique = [...new Set(officialAccounts)];
    if (unique.length === 0) return new Map();
    const found = await this.caller.operation(options, { command: COMMANDS.getInfo }, async (scope) => {
      const results = new Map<string, AccountLookup>();
      const batchSize = this.tunables.getInfoBatchSize;
      const chunks: string[][] = [];
      for (let start = 0; start < unique.length; start += batchSize) chunks.push(unique.slice(start, start + batchSize));
      await Promise.all(chunks.map((chunk) => this.lookup(scope, chunk, results, "retry")));
      return results;
    });
    const ordered = new Map<string, AccountLookup>();
    for (const officialAccount of unique) {
      const lookup = found.get(officialAccount);
      if (lookup) ordered.set(officialAccount, lookup);
    }
    return ordered;
  }

  /** The live profile, or undefined when the account does not exist (130004). Concurrent reads are coalesced. */
  async readProfile(officialAccount: string, options?: CallOptions): Promise<LiveProfile | undefined> {
    // Checked here, not only in the batch's operation: one caller's unusable deadline must not fail the batch.
    if (options?.deadlineMs !== undefined) {
      try {
        assertDeadlineMs(options.deadlineMs, "deadlineMs");
      } catch (error) {
        throw this.caller.redact(error);
      }
    }
    const lookup = await this.reads.read(officialAccount, options);
    if (lookup.found) return lookup.profile;
    if (lookup.error.errorCode === ACCOUNT_NOT_FOUND) return undefined;
    throw withErrorContext(lookup.error, { officialAccount });
  }

  /**
   * create_official_account; returns the OfficialAccountUserID. Not idempotent: after an ambiguous failure
   * (timeout, reset, 5xx, unreadable body) or a Tencent internal error (10004, 20005: the server may have
   * created the account before failing) it is resent only after get_official_account_info shows the custom
   * ID absent. Without a custom ID it fails with TCHAT_OUTCOME_UNKNOWN instead of resending.
   */
  async createAccount(input: CreateAccountInput, options?: CallOptions): Promise<string> {
    const customId = input.officialAccount;
    return this.caller.operation(options, { command: COMMANDS.create, ...(customId !== undefined ? { officialAccount: customId } : {}) }, async (scope) => {
      let unresolved: ChatError | undefined;
      try {
        return await scope.retry(async () => {
          if (unresolved !== undefined && customId !== undefined) {
            const found = await this.findCreated(scope, customId, input.ownerAccount);
            unresolved = undefined;
            if (found === "created") return customId;
            if (found === "taken") throw this.takenError(customId);
          }
          try {
            const body = await scope.send(COMMANDS.create, createRequestBody(input), customId);
            const createdId = createdAccountId(body) ?? customId;
            if (createdId === undefined) {
              throw new ChatBadResponseError({
                command: COMMANDS.create,
                detail: "OK without OfficialAccountUserID: the account was created but its ID is unknown",
                delivery: "answered",
                hint: "Find the new account in the Chat console; pass a custom officialAccount ID to know it in advance.",
              });
            }
            return createdId;
          } catch (error) {
            if (!isAmbiguousFailure(error) && !isServerInternalFailure(error)) throw error;
            unresolved = error as ChatError;
            if (customId === undefined) throw createOutcomeUnknown(unresolved, undefined);
            throw error;
          }
        });
      } catch (error) {
        if (unresolved === undefined || customId === undefined) throw error;
        // The loop stopped with the last create unresolved: one more look settles it if time allows.
        if (!scope.signal.aborted) {
          let found: CreateCheck;
          try {
            found = await this.findCreated(scope, customId, input.ownerAccount);
          } catch (checkError) {
            throw createOutcomeUnknown(unresolved, customId, checkError);
          }
          if (found === "created") return customId;
          throw found === "taken" ? this.takenError(customId) : error;
        }
        throw createOutcomeUnknown(unresolved, customId, error);
      }
    });
  }

  /**
   * destroy_official_account. Retried like any call; a 130004 answer after an ambiguous earlier attempt (a
   * lost reply, or a Tencent internal error: the server may have destroyed the account before failing) means
   * that attempt destroyed the account, so it counts as success.
   */
  async destroyAccount(officialAccount: string, options?: CallOptions): Promise<void> {
    await this.caller.operation(options, { command: COMMANDS.destroy, officialAccount }, async (scope) => {
      let earlierAmbiguous = false;
      await scope.retry(async () => {
        try {
          await scope.send(COMMANDS.destroy, destroyRequestBody(officialAccount), officialAccount);
        } catch (error) {
          if (earlierAmbiguous && isChatError(error) && error.errorCode === ACCOUNT_NOT_FOUND) return;
          if (isAmbiguousFailure(error) || isServerInternalFailure(error)) earlierAmbiguous = true;
          throw error;
        }
      });
    });
  }

  /** After an ambiguous modify: does the account now hold every changed value? False when it cannot tell. */
  private async changesVisible(scope: OperationScope, officialAccount: string, changes: ProfileFields): Promise<boolean> {
    const results = new Map<string, AccountLookup>();
    try {
      await this.lookup(scope, [officialAccount], results, "once");
    } catch {
      return false;
    }
    const lookup = results.get(officialAccount);
    if (lookup === undefined || !lookup.found) return false;
    const live: ProfileFields = lookup.profile;
    // A field the read does not return (MaxSubscriberNum, docs/emulator.md A-INFO-MAXSUB) cannot be seen. Every attempt sent
    // the same body, and one modify request is taken to apply whole or not at all (UNCONFIRMED, the most
    // plausible for a single-record update), so the fields that can be seen decide; if none can, it is unknown.
    const changed = (Object.keys(changes) as (keyof ProfileFields)[]).filter((field) => changes[field] !== undefined);
    const visible = changed.filter((field) => live[field] !== undefined);
    return visible.length > 0 && visible.every((field) => live[field] === changes[field]);
  }

  /** After an ambiguous create: is the custom ID there now, and owned by the requested owner? */
  private async findCreated(scope: OperationScope, officialAccount: string, ownerAccount: string): Promise<CreateCheck> {
    const results = new Map<string, AccountLookup>();
    await this.lookup(scope, [officialAccount], results, "once");
    const lookup = results.get(officialAccount);
    if (lookup === undefined) return "absent";
    if (!lookup.found) {
      if (lookup.error.errorCode === ACCOUNT_NOT_FOUND) return "absent";
      throw lookup.error;
    }
    const owner = lookup.profile.ownerAccount;
    return owner === undefined || owner === ownerAccount ? "created" : "taken";
  }

  private takenError(officialAccount: string): ChatApiError {
    return this.caller.redact(
      new ChatApiError({
        command: COMMANDS.create,
        sdkAppId: this.sdkAppId,
        officialAccount,
        errorCode: 130008,
        errorInfo: `(client) after an ambiguous create, ${officialAccount} exists with another owner, so this call did not create it`,
      }),
    );
  }

  /** One get_official_account_info call for ≤ batch-size IDs, halving on a whole-request 130004. */
  private async lookup(scope: OperationScope, ids: string[], into: Map<string, AccountLookup>, mode: "retry" | "once"): Promise<void> {
    const body = getInfoRequestBody(ids);
    let response: ResponseBody;
    try {
      response = mode === "retry" ? await scope.request(COMMANDS.getInfo, body, undefined, "idempotent") : await scope.send(COMMANDS.getInfo, body);
    } catch (error) {
      if (!isChatError(error) || error.code !== "TCHAT_API_ERROR" || error.errorCode !== ACCOUNT_NOT_FOUND) throw error;
      const [only] = ids;
      if (ids.length === 1 && only !== undefined) {
        into.set(only, { found: false, error: this.caller.redact(withErrorContext(error as ChatApiError, { officialAccount: only })) });
        return;
      }
      const middle = Math.ceil(ids.length / 2);
      await Promise.all([this.lookup(scope, ids.slice(0, middle), into, mode), this.lookup(scope, ids.slice(middle), into, mode)]);
      return;
    }
    const parsed = parseInfoList(response, ids);
    if ("problem" in parsed) {
      throw new ChatBadResponseError({ command: COMMANDS.getInfo, detail: parsed.problem, delivery: "answered" });
    }
    for (const item of parsed.items) {
      if (item.found) {
        into.set(item.officialAccount, { found: true, profile: item.profile });
      } else {
        into.set(item.officialAccount, { found: false, error: this.itemError(item.officialAccount, item.errorCode, item.errorInfo) });
      }
    }
    for (const officialAccount of ids) {
      if (!into.has(officialAccount)) {
        // Assumption (UNCONFIRMED, docs/client.md): an ID left out of the list does not exist.
        into.set(officialAccount, {
          found: false,
          error: this.itemError(officialAccount, ACCOUNT_NOT_FOUND, "(client) not present in OfficialAccountInfoList"),
        });
      }
    }
  }

  private itemError(officialAccount: string, errorCode: number, errorInfo: string): ChatApiError {
    return this.caller.redact(
      new ChatApiError({ command: COMMANDS.getInfo, sdkAppId: this.sdkAppId, officialAccount, errorCode, errorInfo }),
    );
  }
}

function createOutcomeUnknown(ambiguous: ChatError, customId: string | undefined, last?: unknown): ChatOutcomeUnknownError {
  const error =
    customId === undefined
      ? new ChatOutcomeUnknownError({
          command: COMMANDS.create,
          detail: `create_official_account failed ambiguously (${failureName(ambiguous)}) and, without a custom ID, the client cannot check whether the account was created, so it did not resend`,
          hint: "Look for the new account in the Chat console before creating again; pass officialAccount (a custom @TOA#_ ID) to make create safe to retry.",
          cause: ambiguous,
        })
      : new ChatOutcomeUnknownError({
          command: COMMANDS.create,
          officialAccount: customId,
          detail: `create_official_account failed ambiguously (${failureName(ambiguous)}) and the client could not confirm whether ${customId} was created`,
          hint: `Read ${customId} back (readProfile / get_official_account_info) before creating it again.`,
          cause: last ?? ambiguous,
        });
  const attempts = isChatError(last) ? last.attempts : ambiguous.attempts;
  if (attempts !== undefined) error.attempts = attempts;
  return error;
}

/** `TCHAT_TIMEOUT`, or `TCHAT_API_ERROR 10004` for a Tencent error code. */
function failureName(error: ChatError): string {
  return error.errorCode !== undefined ? `${error.code} ${error.errorCode}` : error.code;
}
