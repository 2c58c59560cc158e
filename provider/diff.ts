import { parseBaseUrl } from "./chat/endpoints";
import { readStoredState } from "./outputs";
import { DEFAULT_DELETE_POLICY, declaredFields, isUnknown, PROFILE_FIELDS } from "./profile";

/**
 * The diff, pure: `olds` are the previous OUTPUTS, `news` the checked inputs (target keys filled in). It
 * also serves the engine's refresh diff (olds = refreshed outputs, news = old inputs) and previews with
 * unknown values, so it must not call anything (reference §6.3; DESIGN §4.5).
 */

export interface ProfileDiff {
  changes: boolean;
  /** Properties whose change replaces the resource. */
  replaces: string[];
  deleteBeforeReplace: boolean;
}

function differs(wanted: unknown, current: unknown): boolean {
  return isUnknown(wanted) || wanted !== current;
}

/**
 * An endpoint as the client would use it (chat/endpoints.ts `parseBaseUrl`), so a trailing slash or an
 * upper-case host in older state is no change. Anything else (unknown, unparsable, absent) compares as it is.
 */
function comparableEndpoint(endpoint: unknown): unknown {
  if (typeof endpoint !== "string" || isUnknown(endpoint)) return endpoint;
  const parsed = parseBaseUrl(endpoint, "endpoint");
  return "baseUrl" in parsed ? parsed.baseUrl : endpoint;
}

/**
 * Keys that identify the account: its ID and where it lives. A change means another account, so the
 * resource is replaced (delete first: both would manage one account otherwise). Region only counts when
 * no endpoint is set on either side, because an endpoint wins over the region.
 */
function replacementKeys(olds: Record<string, unknown>, news: Record<string, unknown>): string[] {
  const stored = readStoredState(olds);
  const keys: string[] = [];
  if (stored.officialAccount !== undefined && differs(news["officialAccount"], stored.officialAccount)) keys.push("officialAccount");
  if (stored.target.sdkAppId !== undefined && news["sdkAppId"] !== undefined && differs(news["sdkAppId"], stored.target.sdkAppId)) {
    keys.push("sdkAppId");
  }
  const newEndpoint = news["endpoint"];
  if (newEndpoint !== undefined || stored.target.endpoint !== undefined) {
    if (differs(comparableEndpoint(newEndpoint), comparableEndpoint(stored.target.endpoint))) keys.push("endpoint");
  } else if (stored.target.region !== undefined && news["region"] !== undefined && differs(news["region"], stored.target.region)) {
    keys.push("region");
  }
  // A dynamic provider cannot drop a vanished account from state (reference §6.1): replacing it makes
  // `up` run create, which says clearly that the account is missing.
  if (stored.gone) keys.push("gone");
  return keys;
}

/** Managed profile fields whose wanted value differs from the applied one, plus settings kept in state. */
export function updateKeys(olds: Record<string, unknown>, news: Record<string, unknown>): string[] {
  const stored = readStoredState(olds);
  const wanted = declaredFields(news);
  const keys: string[] = wanted.filter((field) => differs(news[field], stored.applied[field]));
  // A field leaving management changes no value, but the state must learn it (restore acts on managed fields).
  for (const field of PROFILE_FIELDS) {
    if (stored.managedFields.includes(field) && !wanted.includes(field)) keys.push(field);
  }
  if (differs(news["deletePolicy"] ?? DEFAULT_DELETE_POLICY, stored.deletePolicy)) keys.push("deletePolicy");
  return keys;
}

/**
 * The identity keys whose wanted value differs from the stored one. Each is a replacement, deleting first: the
 * old and the new resource would otherwise name one account (docs/semantics.md). A key either side lacks (left
 * out of older state, or not resolvable in a lenient diff) is not compared.
 */
export function identityChanges(olds: Record<string, unknown>, news: Record<string, unknown>, keys: readonly string[]): string[] {
  return keys.filter((key) => olds[key] !== undefined && news[key] !== undefined && differs(news[key], olds[key]));
}

export function diffProfile(olds: Record<string, unknown>, news: Record<string, unknown>): ProfileDiff {
  const replaces = replacementKeys(olds, news);
  const changes = replaces.length > 0 || updateKeys(olds, news).length > 0;
  return { changes, replaces, deleteBeforeReplace: replaces.length > 0 };
}
