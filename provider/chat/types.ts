/**
 * The Chat client's public vocabulary, camelCase only. Wire names (`Official_Account`, `FaceUrl`, …)
 * never leave provider/chat/.
 */

/** Readable region names; each maps to a documented REST domain (see endpoints.ts). */
export type RegionName =
  | "china"
  | "singapore"
  | "seoul"
  | "frankfurt"
  | "silicon-valley"
  | "jakarta"
  | "tokyo"
  | "mumbai";

/** The writable base-info fields of an official account. A field left out is not sent. */
export interface ProfileFields {
  name?: string;
  introduction?: string;
  faceUrl?: string;
  organization?: string;
  customString?: string;
  maxSubscriberNum?: number;
}

/** An account as get_official_account_info returns it. Read-only facts are present when the server sent them. */
export interface LiveProfile extends ProfileFields {
  officialAccount: string;
  ownerAccount?: string;
  subscriberNum?: number;
  createTime?: number;
  lastMsgTime?: number;
}

export interface CreateAccountInput extends ProfileFields {
  /** The owner, an imported user account (`Owner_Account`). */
  ownerAccount: string;
  /** A custom ID (`@TOA#_…`); left out, the server assigns one. */
  officialAccount?: string;
  name: string;
}

/** Options every client method takes. */
export interface CallOptions {
  /** Cancels the operation, including retries and the wait for a rate-limit token. */
  signal?: AbortSignal;
  /** Overrides the per-operation deadline (all attempts and backoff included). */
  deadlineMs?: number;
}

/** What the client needs to reach one app. */
export interface ChatConnection {
  sdkAppId: number;
  secretKey: string;
  /** App admin account that signs the UserSig. Default `administrator`. */
  identifier?: string;
  /** Default `china`. Ignored when `endpoint` is set. */
  region?: RegionName;
  /** Use the standby `*.my-imcloud.com` domain of the region. */
  standbyDomain?: boolean;
  /** Full base URL override, e.g. `http://127.0.0.1:40123` for the emulator. */
  endpoint?: string;
}
