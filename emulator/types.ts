/**
 * The emulator's public vocabulary, camelCase only. Wire names (`Official_Account`, `FaceUrl`, …) stay in
 * the request handling (wire.ts and commands/).
 */
import type { CreateAccountInput, ProfileFields } from "../provider/chat/types";

export type { CreateAccountInput, ProfileFields };

/** One Chat application the emulator answers for. */
export interface EmulatorAppConfig {
  sdkAppId: number;
  secretKey: string;
  /** App admin accounts allowed as `identifier`. Default `["administrator"]`. */
  admins?: string[];
  /** Whether the official-account service is enabled (otherwise every command answers 131000). Default true. */
  officialAccountService?: boolean;
}

/** How per-item results of get_official_account_info carry their code (UNCONFIRMED: docs/emulator.md, A-INFO-ITEM). */
export type ItemErrorStyle = "ErrorCode" | "ResultCode";

/** Options of {@link startEmulator}. Only `apps` is required. */
export interface EmulatorOptions {
  apps: EmulatorAppConfig[];
  /** Default `127.0.0.1`. */
  host?: string;
  /** Default 0 (any free port). */
  port?: number;
  /** Drives server-assigned IDs and fault decisions. Default 1. */
  seed?: number;
  faults?: FaultConfig;
  /** Per command per app. Default 200 ("200 times/second" on every official-account API page). */
  maxRequestsPerSecond?: number;
  /** Clock for UserSig expiry, CreateTime, the rate limit and the request log. Default `Date.now`. */
  nowMs?: () => number;
  /** JSON file holding the account store; loaded at start, rewritten after every change. */
  statePath?: string;
  /** Whether get_official_account_info returns MaxSubscriberNum (in every found item, whatever the filter). Default false (assumptions.ts, A-INFO-MAXSUB). */
  returnsMaxSubscriberNum?: boolean;
  /** Whether get_official_account_info leaves out text fields whose value is "" (A-INFO-EMPTY-TEXT). Default false. */
  omitsEmptyFields?: boolean;
  /**
   * The UserIDs imported into every app. Set, create with any other Owner_Account answers 70107; unset, any
   * valid UserID counts as imported (A-OWNER-IMPORTED). Default unset.
   */
  importedAccounts?: string[];
  /** Per-item code keys of get_official_account_info. Default "ErrorCode". */
  itemErrorStyle?: ItemErrorStyle;
  /** Waits for injected latency. Default a real timer; tests inject one that records the delay. */
  sleep?: (ms: number) => Promise<void>;
  /** Called once per official-account request, after its reply (or fault) went out. */
  onRequest?: (entry: RequestLogEntry) => void;
  /** Oldest entries are dropped beyond this. Default 10 000. */
  requestLogLimit?: number;
}

/** An account as the store holds it. Never-set text fields are "". */
export interface StoredAccount {
  officialAccount: string;
  ownerAccount: string;
  name: string;
  introduction: string;
  faceUrl: string;
  organization: string;
  customString: string;
  maxSubscriberNum: number;
  subscriberNum: number;
  /** Unix seconds. */
  createTime: number;
  /** Unix seconds; 0 until a message is sent (messages are not emulated). */
  lastMsgTime: number;
}

/**
 * Injectable faults. `network` kinds lose the reply; `error*` and `throttle` answer a documented code.
 * - error10004 / error20005: HTTP 200 with ErrorCode 10004 / 20005 ("internal server error, retry").
 * - throttle: HTTP 200 with ErrorCode 60007.
 * - http502: HTTP 502 with an HTML gateway page.
 * - reset: the TCP connection is reset (RST), no response.
 * - hang: no response ever (ended only by the client or by `close()`).
 * - malformed: HTTP 200 with a truncated, unparseable JSON body.
 */
export type FaultKind = "error10004" | "error20005" | "throttle" | "http502" | "reset" | "hang" | "malformed";

/** One fault rule: which kind, how often, for how many requests and which commands (docs/emulator.md, Faults). */
export interface FaultRule {
  kind: FaultKind;
  /** Chance per matching request, 0..1. Default 1 (every matching request, until `count` is spent). */
  rate?: number;
  /** Only this many matching requests get the fault; then the rule is spent. Default unlimited. */
  count?: number;
  /** Commands the rule applies to. Default: `FaultConfig.commands`, else every command. */
  commands?: string[];
  /**
   * "Apply then fail": run the command (the change is made), then answer with the fault instead of
   * the real reply, so the caller cannot know whether it took effect.
   */
  afterApply?: boolean;
}

/** The faults the emulator injects: latency, then the first rule that fires decides (docs/emulator.md, Faults). */
export interface FaultConfig {
  /** Seed of the fault decisions. Default: the emulator seed. Decisions restart whenever faults are set. */
  seed?: number;
  /** Added before every matching request is processed. */
  latencyMs?: number;
  /** Plus a uniform 0..jitterMs (drawn from the seed). */
  jitterMs?: number;
  /** Default scope of latency and of rules without their own `commands`. Default every command. */
  commands?: string[];
  /** Checked in order; the first rule that fires decides the request. */
  rules?: FaultRule[];
}

/** One request as the emulator saw it, usersig masked. */
export interface RequestLogEntry {
  /** 1, 2, 3… in arrival order (restarts at reset). */
  seq: number;
  /** From the emulator clock, at arrival. */
  timeMs: number;
  method: string;
  path: string;
  /** The command from the path, when the path has the official-account shape. */
  command?: string;
  /** From the query, when it parses as a number. */
  sdkAppId?: number;
  /** Query parameters, `usersig` masked. */
  query: Record<string, string>;
  /** Parsed JSON, or the raw text when it does not parse. */
  body: unknown;
  /** ErrorCode of the reply the client received; undefined when no JSON reply went out. */
  resultCode?: number;
  /** ErrorCode the command produced, also when a fault replaced the reply (afterApply). */
  appliedCode?: number;
  /** HTTP status sent; undefined for reset and hang. */
  httpStatus?: number;
  /** The injected fault, if any. */
  fault?: FaultKind;
  faultAfterApply?: boolean;
  /** Injected latency. */
  delayMs: number;
}

/** The out-of-band view of the accounts (fixtures, console-style edits). See store.ts. */
export interface EmulatorStore {
  /** Creates an account directly; without `officialAccount` an ID is assigned as the server would. */
  create(sdkAppId: number, input: CreateAccountInput): string;
  /** The account, or undefined when it does not exist (or was destroyed). */
  get(sdkAppId: number, officialAccount: string): StoredAccount | undefined;
  /** Every live account of the app. */
  list(sdkAppId: number): StoredAccount[];
  /** A console-style edit: present fields are set ("" clears text), the rest stay. Throws if missing. */
  patch(sdkAppId: number, officialAccount: string, fields: ProfileFields): StoredAccount;
  /** Returns false when there was no such account. */
  destroy(sdkAppId: number, officialAccount: string): boolean;
  /** Subscribers of an account, in subscription order. */
  subscribers(sdkAppId: number, officialAccount: string): string[] | undefined;
  /** Subscribes users to an account, as add_subscriber does; one result per user. */
  addSubscribers(sdkAppId: number, officialAccount: string, userIds: string[]): Array<"added" | "already" | "full">;
}

/** A running emulator: its address, its account store, its request log and its faults (docs/emulator.md). */
export interface Emulator {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  readonly url: string;
  readonly port: number;
  readonly store: EmulatorStore;
  /** Every request received since start or reset (admin endpoints excluded), oldest first. */
  readonly requestLog: readonly RequestLogEntry[];
  /** TCP connections accepted since start or reset. */
  readonly connectionCount: number;
  /** The most TCP connections open at the same time since start, reset or `resetOpenConnectionPeak()`. */
  readonly openConnectionPeak: number;
  /** Starts a new peak from the connections open now. */
  resetOpenConnectionPeak(): void;
  /** The request log, optionally only one command's entries. */
  requests(command?: string): RequestLogEntry[];
  /** Replaces the faults; fault decisions start again from their seed. */
  setFaults(faults: FaultConfig): void;
  /** Removes every fault. */
  clearFaults(): void;
  /** Clears accounts (and the state file), the request log, faults, rate limits and the connection count. */
  reset(): void;
  /** Turns an app's official-account service on or off (off answers 131000). */
  setOfficialAccountService(sdkAppId: number, enabled: boolean): void;
  /** Stops listening and ends every connection, hung requests included. */
  close(): Promise<void>;
}
