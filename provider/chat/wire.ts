import type { CreateAccountInput, LiveProfile, ProfileFields } from "./types";

/**
 * The only place that knows Tencent's field names (tencentcloud.com/document/product/1047/60813, field
 * table; request shapes of 1047/60755–60758). Everything outside speaks camelCase.
 */

const WRITABLE_FIELDS = {
  name: "Name",
  introduction: "Introduction",
  faceUrl: "FaceUrl",
  organization: "Organization",
  customString: "CustomString",
  maxSubscriberNum: "MaxSubscriberNum",
} as const satisfies Record<keyof ProfileFields, string>;

const STRING_FIELDS = ["name", "introduction", "faceUrl", "organization", "customString"] as const;

type WireBody = Record<string, unknown>;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text as UTF-8 can carry it: an unpaired UTF-16 surrogate becomes U+FFFD, as `Buffer.byteLength` and every
 * UTF-8 encoder count it (3 bytes). Without this, JSON.stringify would send it as a 6-byte `\udXXX` escape
 * that the server decodes to something that is not text, so the byte limits checked here would not be
 * the bytes the server measures. (`String.prototype.toWellFormed` is ES2024; the project targets ES2022.)
 */
export function wellFormedText(text: string): string {
  return text.replace(LONE_SURROGATE, "\uFFFD");
}

/** Only fields that are given are sent; `undefined` never reaches the wire. */
function writableFieldsToWire(fields: ProfileFields): WireBody {
  const body: WireBody = {};
  for (const key of Object.keys(WRITABLE_FIELDS) as (keyof ProfileFields)[]) {
    const value = fields[key];
    if (value !== undefined) body[WRITABLE_FIELDS[key]] = typeof value === "string" ? wellFormedText(value) : value;
  }
  return body;
}

export function hasWritableFields(fields: ProfileFields): boolean {
  return Object.keys(writableFieldsToWire(fields)).length > 0;
}

export function modifyRequestBody(officialAccount: string, changes: ProfileFields): WireBody {
  return { Official_Account: officialAccount, ...writableFieldsToWire(changes) };
}

export function destroyRequestBody(officialAccount: string): WireBody {
  return { Official_Account: officialAccount };
}

/** create_official_account takes the custom ID as `OfficialAccountUserID`, the owner as `Owner_Account`. */
export function createRequestBody(input: CreateAccountInput): WireBody {
  const body: WireBody = { Owner_Account: input.ownerAccount };
  if (input.officialAccount !== undefined) body.OfficialAccountUserID = input.officialAccount;
  return { ...body, ...writableFieldsToWire(input) };
}

/** The ID the server returns from create (`OfficialAccountUserID`), if present. */
export function createdAccountId(body: Readonly<WireBody>): string | undefined {
  const id = body.OfficialAccountUserID;
  return typeof id === "string" && id.length > 0 ? id : undefined;
}

/**
 * Every documented filter value (1047/60758). `MaxSubscriberNum` is not among them, so it is not asked for;
 * it is mapped when the server sends it anyway.
 */
export const INFO_RESPONSE_FILTER = [
  "CreateTime",
  "Name",
  "Owner_Account",
  "LastMsgTime",
  "SubscriberNum",
  "Introduction",
  "FaceUrl",
  "Organization",
  "CustomString",
] as const;

export function getInfoRequestBody(officialAccounts: readonly string[]): WireBody {
  return {
    OfficialAccountIdList: officialAccounts.map((officialAccount) => ({ Official_Account: officialAccount })),
    ResponseFilter: { OfficialAccountBaseInfoFilter: [...INFO_RESPONSE_FILTER] },
  };
}

export type InfoItem =
  | { officialAccount: string; found: true; profile: LiveProfile }
  | { officialAccount: string; found: false; errorCode: number; errorInfo: string };

export type InfoListParse = { items: InfoItem[] } | { problem: string };

/**
 * Reads `OfficialAccountInfoList` (shape UNCONFIRMED: docs/emulator.md, A-INFO-ITEM). Tolerated: unknown fields; items that
 * echo `Official_Account` or not (then matched to the request by position, which needs equal counts);
 * per-item errors as `ErrorCode`/`ErrorInfo` (doocs) or `ResultCode`/`ResultInfo` (client-SDK naming).
 * Requested IDs missing from the list are left for the caller to decide.
 */
export function parseInfoList(body: Readonly<WireBody>, requested: readonly string[]): InfoListParse {
  const list = body.OfficialAccountInfoList;
  if (!Array.isArray(list)) return { problem: "OfficialAccountInfoList is missing or not an array" };
  const requestedSet = new Set(requested);
  const items: InfoItem[] = [];
  for (const [index, raw] of list.entries()) {
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
      return { problem: `OfficialAccountInfoList[${index}] is not an object` };
    }
    const item = raw as WireBody;
    const echoed = item.Official_Account;
    let officialAccount: string | undefined;
    if (typeof echoed === "string") {
      officialAccount = echoed;
    } else if (list.length === requested.length) {
      officialAccount = requested[index];
    }
    if (officialAccount === undefined) {
      return {
        problem: `OfficialAccountInfoList[${index}] has no Official_Account and the list has ${list.length} items for ${requested.length} requested`,
      };
    }
    if (!requestedSet.has(officialAccount)) continue;
    const errorCode = readInteger(item.ErrorCode) ?? readInteger(item.ResultCode) ?? 0;
    if (errorCode !== 0) {
      const errorInfo = readString(item.ErrorInfo) ?? readString(item.ResultInfo) ?? "";
      items.push({ officialAccount, found: false, errorCode, errorInfo });
    } else {
      items.push({ officialAccount, found: true, profile: profileFromWire(item, officialAccount) });
    }
  }
  return { items };
}

function profileFromWire(item: Readonly<WireBody>, officialAccount: string): LiveProfile {
  const profile: LiveProfile = { officialAccount };
  for (const key of STRING_FIELDS) {
    const value = readString(item[WRITABLE_FIELDS[key]]);
    if (value !== undefined) profile[key] = value;
  }
  const ownerAccount = readString(item.Owner_Account);
  if (ownerAccount !== undefined) profile.ownerAccount = ownerAccount;
  const maxSubscriberNum = readInteger(item.MaxSubscriberNum);
  if (maxSubscriberNum !== undefined) profile.maxSubscriberNum = maxSubscriberNum;
  const subscriberNum = readInteger(item.SubscriberNum);
  if (subscriberNum !== undefined) profile.subscriberNum = subscriberNum;
  const createTime = readInteger(item.CreateTime);
  if (createTime !== undefined) profile.createTime = createTime;
  const lastMsgTime = readInteger(item.LastMsgTime);
  if (lastMsgTime !== undefined) profile.lastMsgTime = lastMsgTime;
  return profile;
}

function readString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function readInteger(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isSafeInteger(value)) return value;
  if (typeof value === "string" && /^-?\d{1,15}$/.test(value)) return Number(value);
  return undefined;
}
