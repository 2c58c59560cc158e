import { parseBaseUrl } from "./chat/endpoints";
import { readStoredState } from "./outputs";
import { DEFAULT_DELETE_POLICY, declaredFields, isUnknown, PROFILE_FIELDS } from "./profile";

/**
 * The diff, pure: `olds` are the previous OUTPUTS, `news` the checked inputs (app filled in). It also serves
 * the engine's refresh diff (olds = refreshed outputs, news = old inputs) and previews with unknown values,
 * so it must not call anything (docs/semantics.md).
 */

export interface ProfileDiff {
  changes: boolean;
  /** Properties whose change replaces the resource. */
  replaces: string[];
  deleteBeforeReplace: boolean;
}

/** Where the app is reached now (resource input, else stack config, else environment), as diff was told. */
export interface Reach {
  region: unknown;
  endpoint: unknown;
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
 * Identity is (sdkAppId, officialAccount) and nothing else: a change of either means another account, so the
 * resource is replaced (delete first: both would manage one account otherwise). Region and endpoint only say
 * how the app is reached; state written by 0.1.0 keeps them in its inputs, and they never replace.
 */
function replacementKeys(olds: Record<string, unknown>, news: Record<string, unknown>): string[] {
  const stored = readStoredState(olds);
  const keys: string[] = [];
  if (stored.officialAccount !== undefined && differs(news["officialAccount"], stored.officialAccount)) keys.push("officialAccount");
  if (stored.target.sdkAppId !== undefined && news["sdkAppId"] !== undefined && differs(news["sdkAppId"], stored.target.sdkAppId)) {
    keys.push("sdkAppId");
  }
  return keys;
}

/**
 * Region or endpoint recorded in state that differ from where the app is reached now: an update that makes no
 * API call (update sends only changed profile fields) and records the new place, so refresh and destroy,
 * which see only the state, use it.
 */
function reachKeys(olds: Record<string, unknown>, reach: Reach | undefined): string[] {
  if (reach === undefined) return [];
  const stored = readStoredState(olds);
  const keys: string[] = [];
  if (stored.target.region !== undefined && differs(reach.region, stored.target.region)) keys.push("region");
  if (differs(comparableEndpoint(reach.endpoint), comparableEndpoint(stored.target.endpoint))) keys.push("endpoint");
  return keys;
}

/** Managed profile fields whose wanted value differs from the applied one, plus settings kept in state. */
export function updateKeys(olds: Record<string, unknown>, news: Record<string, unknown>, reach?: Reach): string[] {
  const stored = readStoredState(olds);
  const wanted = declaredFields(news);
  const keys: string[] = wanted.filter((field) => differs(news[field], stored.applied[field]));
  // A field leaving management changes no value, but the state must learn it (restore acts on managed fields).
  for (const field of PROFILE_FIELDS) {
    if (stored.managedFields.includes(field) && !wanted.includes(field)) keys.push(field);
  }
  if (differs(news["deletePolicy"] ?? DEFAULT_DELETE_POLICY, stored.deletePolicy)) keys.push("deletePolicy");
  keys.push(...reachKeys(olds, reach));
  // State from 0.1.0 may carry `gone: true` (its refresh kept vanished accounts): update checks the account
  // and writes state without the mark.
  if (stored.legacyGone) keys.push("gone");
  return keys;
}

export function diffProfile(olds: Record<string, unknown>, news: Record<string, unknown>, reach?: Reach): ProfileDiff {
  const replaces = replacementKeys(olds, news);
  const changes = replaces.length > 0 || updateKeys(olds, news, reach).length > 0;
  return { changes, replaces, deleteBeforeReplace: replaces.length > 0 };
}
