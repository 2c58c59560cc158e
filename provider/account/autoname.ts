import { randomBytes } from "node:crypto";
import { OFFICIAL_ACCOUNT_MAX_BYTES, OFFICIAL_ACCOUNT_PREFIX } from "../profile";

/**
 * Account IDs for an `OfficialAccount` declared without one, Pulumi autonaming style: the resource name plus a
 * random suffix, `@TOA#_support-3f9c2a1`. A known ID is what makes create safe to retry: after a lost reply
 * the client looks the ID up instead of creating a second account (docs/resources.md). `check` fixes the ID
 * through `olds`, so it is drawn once per resource, not once per preview or up.
 */

/** `-` and 7 hex digits, as Pulumi's own autonames. */
export const AUTONAME_SUFFIX_HEX_DIGITS = 7;
const SUFFIX_BYTES = 1 + AUTONAME_SUFFIX_HEX_DIGITS;
const NAME_BUDGET_BYTES = OFFICIAL_ACCOUNT_MAX_BYTES - OFFICIAL_ACCOUNT_PREFIX.length - SUFFIX_BYTES;

/**
 * The resource name as an ID part: letters, digits, `_`, `-` and `.` kept, anything else `_` (so the ID is
 * printable ASCII and can never read `@TOA#_@TOA#…`, which is reserved for server-assigned IDs), cut to fit
 * the 48-byte limit.
 */
export function autonameBase(resourceName: string): string {
  const safe = [...resourceName].map((char) => (/^[A-Za-z0-9_.-]$/.test(char) ? char : "_")).join("");
  return (safe === "" ? "account" : safe).slice(0, NAME_BUDGET_BYTES);
}

export type RandomHex = (digits: number) => string;

const cryptoHex: RandomHex = (digits) => randomBytes(Math.ceil(digits / 2)).toString("hex").slice(0, digits);

export function autonamedAccountId(resourceName: string, randomHex: RandomHex = cryptoHex): string {
  return `${OFFICIAL_ACCOUNT_PREFIX}${autonameBase(resourceName)}-${randomHex(AUTONAME_SUFFIX_HEX_DIGITS)}`;
}
