/**
 * Wire names ↔ camelCase for official-account fields (overview tencentcloud.com/document/product/1047/60813).
 * The only place in emulator/ besides commands/ that spells `Official_Account`, `FaceUrl`, ….
 */
import type { ProfileFields, StoredAccount } from "./types";
import { CODES } from "./codes";
import { LIMITS, optionalPositiveInteger, optionalString, WireFailure, type WireBody } from "./validation";

/** The writable text fields with their wire names and UTF-8 byte limits. */
const TEXT_FIELDS = [
  { wire: "Name", key: "name", maxBytes: LIMITS.nameBytes },
  { wire: "Introduction", key: "introduction", maxBytes: LIMITS.introductionBytes },
  { wire: "FaceUrl", key: "faceUrl", maxBytes: LIMITS.faceUrlBytes },
  { wire: "Organization", key: "organization", maxBytes: LIMITS.organizationBytes },
  { wire: "CustomString", key: "customString", maxBytes: LIMITS.customStringBytes },
] as const;

/** Reads the writable fields present in a body; a wrong type or an over-long value answers 6017. */
export function readProfileFields(body: WireBody): ProfileFields {
  const fields: ProfileFields = {};
  for (const { wire, key, maxBytes } of TEXT_FIELDS) {
    const value = optionalString(body, wire, maxBytes);
    if (value !== undefined) fields[key] = value;
  }
  // An empty Name is refused rather than cleared: an account without a name is not creatable (A-EMPTY-NAME).
  if (fields.name === "") throw new WireFailure(CODES.invalidParameter, "Name must not be empty.");
  const max = optionalPositiveInteger(body, "MaxSubscriberNum", LIMITS.maxSubscriberNum);
  if (max !== undefined) fields.maxSubscriberNum = max;
  return fields;
}

/** get_official_account_info fields, wire name → value. The filter names are the documented ones (1047/60758). */
const INFO_FIELDS: ReadonlyArray<readonly [string, (a: StoredAccount) => string | number]> = [
  ["Owner_Account", (a) => a.ownerAccount],
  ["Name", (a) => a.name],
  ["Introduction", (a) => a.introduction],
  ["FaceUrl", (a) => a.faceUrl],
  ["Organization", (a) => a.organization],
  ["CustomString", (a) => a.customString],
  ["CreateTime", (a) => a.createTime],
  ["LastMsgTime", (a) => a.lastMsgTime],
  ["SubscriberNum", (a) => a.subscriberNum],
];

const MAX_SUBSCRIBER_NUM_FIELD = ["MaxSubscriberNum", (a: StoredAccount) => a.maxSubscriberNum] as const;

export const DOCUMENTED_FILTER_NAMES: readonly string[] = INFO_FIELDS.map(([name]) => name);

/**
 * The fields of one account as get info returns them. `filter` undefined or empty → every field
 * (A-FILTER-EMPTY); unknown names are ignored (A-FILTER-UNKNOWN). MaxSubscriberNum is not a documented
 * filter value, so when it is returned at all it is returned whatever the filter says (A-INFO-MAXSUB).
 * With `omitsEmptyFields`, a text field holding "" is left out even when the filter asks for it
 * (A-INFO-EMPTY-TEXT).
 */
export function accountInfoFields(
  account: StoredAccount,
  filter: readonly string[] | undefined,
  shape: { returnsMaxSubscriberNum: boolean; omitsEmptyFields: boolean },
): Record<string, string | number> {
  const wanted = filter && filter.length > 0 ? new Set(filter) : undefined;
  const out: Record<string, string | number> = {};
  for (const [name, read] of INFO_FIELDS) {
    if (wanted && !wanted.has(name)) continue;
    const value = read(account);
    if (shape.omitsEmptyFields && value === "") continue;
    out[name] = value;
  }
  if (shape.returnsMaxSubscriberNum) out[MAX_SUBSCRIBER_NUM_FIELD[0]] = MAX_SUBSCRIBER_NUM_FIELD[1](account);
  return out;
}
