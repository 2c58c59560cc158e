/**
 * Field checks of the official-account commands. Limits are UTF-8 bytes, as the docs say ("using UTF-8
 * encoding, with 1 Chinese character occupying 3 bytes", tencentcloud.com/document/product/1047/60757).
 * Kept separate from the client's own limits on purpose: the emulator must catch a client's mistakes,
 * not share them.
 */
import { CODES } from "./codes";

/** The limits the emulator checks (UTF-8 bytes, list lengths, the MaxSubscriberNum range). */
export const LIMITS = {
  nameBytes: 150,
  introductionBytes: 400,
  faceUrlBytes: 500,
  organizationBytes: 500,
  customStringBytes: 3000,
  /** Custom ID: printable ASCII, ≤48 bytes, prefix `@TOA#_`, not `@TOA#_@TOA#…` (overview 1047/60813). */
  officialAccountIdBytes: 48,
  /** UserID rule (trtc.io/document/34348): printable ASCII, ≤32 bytes. */
  userIdBytes: 32,
  /** MaxSubscriberNum upper bound is UNCONFIRMED; uint32 is assumed (A-MAXSUB-RANGE). */
  maxSubscriberNum: 4_294_967_295,
  getInfoMaxIds: 50,
  subscribersPerCall: 100,
} as const;

export const ID_PREFIX = "@TOA#_";
export const SERVER_ID_PREFIX = "@TOA#_@TOA#";

/** A check that failed, with the code to answer. Thrown inside command handling, caught by the router. */
export class WireFailure extends Error {
  readonly code: number;
  readonly detail: string;
  constructor(code: number, detail: string) {
    super(`${code}: ${detail}`);
    this.name = "WireFailure";
    this.code = code;
    this.detail = detail;
  }
}

export type WireBody = Record<string, unknown>;

export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

export function isPrintableAscii(text: string): boolean {
  return PRINTABLE_ASCII.test(text);
}

/** Why a custom ID breaks the rules, or undefined when it is acceptable for creation. */
export function customIdProblem(id: string): string | undefined {
  if (!id.startsWith(ID_PREFIX)) return `must start with ${ID_PREFIX}`;
  if (id.startsWith(SERVER_ID_PREFIX)) return `must not start with ${SERVER_ID_PREFIX} (reserved for assigned IDs)`;
  if (!isPrintableAscii(id)) return "must be printable ASCII (0x20-0x7e)";
  if (utf8Bytes(id) > LIMITS.officialAccountIdBytes) return `must be at most ${LIMITS.officialAccountIdBytes} bytes`;
  return undefined;
}

/** Whether a string could name any account (custom or assigned). Used by commands that look an ID up. */
export function isWellFormedAccountId(id: string): boolean {
  return id.startsWith(ID_PREFIX) && isPrintableAscii(id) && utf8Bytes(id) <= LIMITS.officialAccountIdBytes;
}

export function isValidUserId(id: string): boolean {
  return id.length > 0 && isPrintableAscii(id) && utf8Bytes(id) <= LIMITS.userIdBytes;
}

function invalid(detail: string): WireFailure {
  return new WireFailure(CODES.invalidParameter, detail);
}

export function requireString(body: WireBody, key: string): string {
  const value = body[key];
  if (value === undefined) throw invalid(`${key} is required.`);
  if (typeof value !== "string") throw invalid(`${key} must be a string.`);
  return value;
}

export function optionalString(body: WireBody, key: string, maxBytes: number): string | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw invalid(`${key} must be a string.`);
  if (utf8Bytes(value) > maxBytes) throw invalid(`${key} exceeds ${maxBytes} bytes.`);
  return value;
}

export function optionalPositiveInteger(body: WireBody, key: string, max: number): number | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > max) {
    throw invalid(`${key} must be an integer from 1 to ${max}.`);
  }
  return value;
}

export function requireArray(body: WireBody, key: string, maxItems: number): unknown[] {
  const value = body[key];
  if (value === undefined) throw invalid(`${key} is required.`);
  if (!Array.isArray(value)) throw invalid(`${key} must be an array.`);
  if (value.length === 0) throw invalid(`${key} must not be empty.`);
  if (value.length > maxItems) throw invalid(`${key} takes at most ${maxItems} items.`);
  return value;
}

export function isObject(value: unknown): value is WireBody {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * `Official_Account` of a command that acts on an existing account: a string is required (6017);
 * one that could never name an account answers 130007 (A-LOOKUP-MALFORMED).
 */
export function requireAccountRef(body: WireBody, key = "Official_Account"): string {
  const id = requireString(body, key);
  if (id === "") throw invalid(`${key} must not be empty.`);
  if (!isWellFormedAccountId(id)) throw new WireFailure(CODES.invalidAccountId, `${key} is not an official account ID.`);
  return id;
}
