/**
 * Official accounts per app, in memory, optionally mirrored to a JSON file so a demo survives a restart.
 * camelCase only; the wire mapping lives in wire.ts.
 */
import type { CreateAccountInput, ProfileFields, StoredAccount } from "./types";
import { AccountIdGenerator } from "./ids";
import { ID_PREFIX, isWellFormedAccountId } from "./validation";

/** Codes of {@link EmulatorStoreError}. */
export type StoreErrorCode = "ACCOUNT_EXISTS" | "ACCOUNT_MISSING" | "INVALID_ACCOUNT_ID";

/** Thrown by the out-of-band store methods (fixtures and console-style edits), never sent on the wire. */
export class EmulatorStoreError extends Error {
  readonly code: StoreErrorCode;
  readonly sdkAppId: number;
  readonly officialAccount: string | undefined;
  constructor(code: StoreErrorCode, sdkAppId: number, officialAccount: string | undefined, message: string) {
    super(message);
    this.name = "EmulatorStoreError";
    this.code = code;
    this.sdkAppId = sdkAppId;
    this.officialAccount = officialAccount;
  }
}

/** Default MaxSubscriberNum ("缺省时的默认值为100000", cloud.tencent.com/document/product/269/102302). */
export const DEFAULT_MAX_SUBSCRIBER_NUM = 100_000;

interface Subscriber {
  subscribeTime: number;
}

interface AccountRecord extends Omit<StoredAccount, "subscriberNum"> {
  subscribers: Map<string, Subscriber>;
}

interface AppAccounts {
  accounts: Map<string, AccountRecord>;
  /** Every ID ever assigned or used here, destroyed ones too: assigned IDs are never handed out twice. */
  usedIds: Set<string>;
  ids: AccountIdGenerator;
}

export type SubscribeResult = "added" | "already" | "full";
export type UnsubscribeResult = "removed" | "absent";

export interface AccountStoreOptions {
  seed: number;
  nowMs: () => number;
  /** Called after every change (persistence hooks in here). */
  onChange?: () => void;
}

export class AccountStore {
  private readonly apps = new Map<number, AppAccounts>();
  private readonly seed: number;
  private readonly nowMs: () => number;
  private readonly onChange: () => void;

  constructor(options: AccountStoreOptions) {
    this.seed = options.seed;
    this.nowMs = options.nowMs;
    this.onChange = options.onChange ?? (() => undefined);
  }

  /**
   * Creates an account directly (a fixture, or what create_official_account does after its wire checks).
   * Without `officialAccount` an ID is assigned as the server would. A given ID must start with `@TOA#_`
   * and be printable ASCII ≤48 bytes; unlike the wire command, assigned-style `@TOA#_@TOA#…` IDs are
   * allowed so fixtures can look like server-made accounts. Returns the ID.
   */
  create(sdkAppId: number, input: CreateAccountInput): string {
    const app = this.app(sdkAppId);
    let id = input.officialAccount;
    if (id === undefined) {
      id = app.ids.next((candidate) => app.usedIds.has(candidate));
    } else if (!isWellFormedAccountId(id)) {
      throw new EmulatorStoreError("INVALID_ACCOUNT_ID", sdkAppId, id, `not an official account ID (prefix ${ID_PREFIX}, printable ASCII, ≤48 bytes)`);
    } else if (app.accounts.has(id)) {
      throw new EmulatorStoreError("ACCOUNT_EXISTS", sdkAppId, id, `official account ${id} already exists in app ${sdkAppId}`);
    }
    app.usedIds.add(id);
    app.accounts.set(id, {
      officialAccount: id,
      ownerAccount: input.ownerAccount,
      name: input.name,
      introduction: input.introduction ?? "",
      faceUrl: input.faceUrl ?? "",
      organization: input.organization ?? "",
      customString: input.customString ?? "",
      maxSubscriberNum: input.maxSubscriberNum ?? DEFAULT_MAX_SUBSCRIBER_NUM,
      createTime: Math.floor(this.nowMs() / 1000),
      lastMsgTime: 0,
      subscribers: new Map(),
    });
    this.onChange();
    return id;
  }

  get(sdkAppId: number, officialAccount: string): StoredAccount | undefined {
    const record = this.apps.get(sdkAppId)?.accounts.get(officialAccount);
    return record ? toStored(record) : undefined;
  }

  has(sdkAppId: number, officialAccount: string): boolean {
    return this.apps.get(sdkAppId)?.accounts.has(officialAccount) ?? false;
  }

  /** Live accounts of one app, in creation order. */
  list(sdkAppId: number): StoredAccount[] {
    return [...(this.apps.get(sdkAppId)?.accounts.values() ?? [])].map(toStored);
  }

  /** A console-style edit: fields present are set ("" clears a text field), the rest stay. */
  patch(sdkAppId: number, officialAccount: string, fields: ProfileFields): StoredAccount {
    const record = this.require(sdkAppId, officialAccount);
    if (fields.name !== undefined) record.name = fields.name;
    if (fields.introduction !== undefined) record.introduction = fields.introduction;
    if (fields.faceUrl !== undefined) record.faceUrl = fields.faceUrl;
    if (fields.organization !== undefined) record.organization = fields.organization;
    if (fields.customString !== undefined) record.customString = fields.customString;
    if (fields.maxSubscriberNum !== undefined) record.maxSubscriberNum = fields.maxSubscriberNum;
    this.onChange();
    return toStored(record);
  }

  /** Destroys an account; later lookups answer 130004. Returns false when it did not exist. */
  destroy(sdkAppId: number, officialAccount: string): boolean {
    const removed = this.apps.get(sdkAppId)?.accounts.delete(officialAccount) ?? false;
    if (removed) this.onChange();
    return removed;
  }

  subscribers(sdkAppId: number, officialAccount: string): string[] | undefined {
    const record = this.apps.get(sdkAppId)?.accounts.get(officialAccount);
    return record ? [...record.subscribers.keys()] : undefined;
  }

  addSubscribers(sdkAppId: number, officialAccount: string, userIds: string[]): SubscribeResult[] {
    const record = this.require(sdkAppId, officialAccount);
    const now = Math.floor(this.nowMs() / 1000);
    const results = userIds.map((userId): SubscribeResult => {
      if (record.subscribers.has(userId)) return "already";
      if (record.subscribers.size >= record.maxSubscriberNum) return "full";
      record.subscribers.set(userId, { subscribeTime: now });
      return "added";
    });
    this.onChange();
    return results;
  }

  removeSubscribers(sdkAppId: number, officialAccount: string, userIds: string[]): UnsubscribeResult[] {
    const record = this.require(sdkAppId, officialAccount);
    const results = userIds.map((userId): UnsubscribeResult => (record.subscribers.delete(userId) ? "removed" : "absent"));
    this.onChange();
    return results;
  }

  /** Forgets every account and restarts ID assignment. */
  clear(): void {
    this.apps.clear();
    this.onChange();
  }

  /** JSON-clean copy of everything, for persistence and the admin endpoint. */
  snapshot(): StoreSnapshot {
    const apps: StoreSnapshot["apps"] = {};
    for (const [sdkAppId, app] of this.apps) {
      apps[String(sdkAppId)] = {
        accounts: [...app.accounts.values()].map((record) => ({
          ...toStored(record),
          subscribers: [...record.subscribers].map(([userId, s]) => ({ userId, subscribeTime: s.subscribeTime })),
        })),
        usedIds: [...app.usedIds],
      };
    }
    return { version: 1, apps };
  }

  /** Replaces the contents with a snapshot (used when loading the state file). */
  restore(snapshot: StoreSnapshot): void {
    this.apps.clear();
    for (const [key, saved] of Object.entries(snapshot.apps)) {
      const app = this.app(Number(key));
      for (const id of saved.usedIds) app.usedIds.add(id);
      for (const { subscribers, subscriberNum: _count, ...account } of saved.accounts) {
        app.usedIds.add(account.officialAccount);
        app.accounts.set(account.officialAccount, {
          ...account,
          subscribers: new Map(subscribers.map((s) => [s.userId, { subscribeTime: s.subscribeTime }])),
        });
      }
    }
  }

  private app(sdkAppId: number): AppAccounts {
    let app = this.apps.get(sdkAppId);
    if (!app) {
      app = { accounts: new Map(), usedIds: new Set(), ids: new AccountIdGenerator(this.seed, sdkAppId) };
      this.apps.set(sdkAppId, app);
    }
    return app;
  }

  private require(sdkAppId: number, officialAccount: string): AccountRecord {
    const record = this.apps.get(sdkAppId)?.accounts.get(officialAccount);
    if (!record) {
      throw new EmulatorStoreError("ACCOUNT_MISSING", sdkAppId, officialAccount, `official account ${officialAccount} does not exist in app ${sdkAppId}`);
    }
    return record;
  }
}

export interface StoreSnapshot {
  version: 1;
  apps: Record<
    string,
    {
      accounts: Array<StoredAccount & { subscribers: Array<{ userId: string; subscribeTime: number }> }>;
      usedIds: string[];
    }
  >;
}

function toStored(record: AccountRecord): StoredAccount {
  const { subscribers, ...fields } = record;
  return { ...fields, subscriberNum: subscribers.size };
}
