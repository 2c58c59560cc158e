import { parseBaseUrl } from "./chat/endpoints";
import { readStoredState } from "./outputs";
import { DEFAULT_DELETE_POLICY, declaredFields, isUnknown, PROFILE_FIELDS } from "./profile";
import { REACH_KEYS, type StackReach } from "./reach";

/**
 * The diff, pure: `olds` are the previous OUTPUTS, `news` the checked inputs (app filled in). It also serves
 * the engine's refresh diff (olds = refreshed outputs, news = old inputs) and previews with unknown values,
 * so it must not call anything (docs/semantics.md).
 */

export interface ProfileDiff {
  changes: boolean;
  /** Properties whose change replaces the resource. */
  replaces: string[];
  /** Always true: see ALWAYS_DELETE_BEFORE_REPLACE. */
  deleteBeforeReplace: boolean;
}

/**
 * Answered on every diff, not only with `replaces`. The engine also replaces a resource that is pending
 * replacement (an earlier delete-before-replace whose create failed) when Diff finds no change, and then takes
 * `deleteBeforeReplace` from this very answer: pulumi/pulumi pkg/resource/deploy/step_generator.go
 * `continueStepsFromDiff`, `if diff.Changes == plugin.DiffSome || old.PendingReplacement { if diff.Replace() ||
 * triggerReplace || old.PendingReplacement {` … `deleteBeforeReplace := diff.DeleteBeforeReplace`. Answered
 * false, it would create first and then call Delete on the old resource again (DeleteStep.Apply in step.go does
 * not skip one pending replacement). That Delete names the same account: for OfficialAccount it destroys the
 * account just created; for the profile, `restore` would roll the new adoption back, were it not for the guard
 * of renames (adoptions.ts). Without a replacement the engine does not read the flag.
 */
export const ALWAYS_DELETE_BEFORE_REPLACE = true;

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
 * Region or endpoint whose record in the outputs must change: an update that makes no API call (update sends
 * only changed profile fields). The outputs record only what the resource declares, and every step resolves the
 * rest from the stack, so a change of stack config or environment alone is no change here (docs/semantics.md).
 * - Not recorded: a change only when the resource now declares it.
 * - Recorded: taken as declared, since state from 0.1.0 recorded the resolved place and its read and delete
 *   used it. A change only when it differs from the place used now (declared, else stack, else environment),
 *   so unchanged 0.1.0 state shows no change, and the update that follows a move rewrites it to the new shape.
 *   A recorded value equal to the stack's own therefore stays until the stack's setting changes.
 * `stack` is undefined when a stack setting cannot be read: then only declared values are compared.
 */
function reachKeys(olds: Record<string, unknown>, news: Record<string, unknown>, stack: StackReach | undefined): string[] {
  const recorded = readStoredState(olds).target;
  return REACH_KEYS.filter((key) => {
    const declared = news[key];
    if (recorded[key] === undefined) return declared !== undefined;
    const now = declared !== undefined ? declared : stack === undefined ? recorded[key] : stack[key];
    return key === "endpoint" ? differs(comparableEndpoint(now), comparableEndpoint(recorded[key])) : differs(now, recorded[key]);
  });
}

/** Managed profile fields whose wanted value differs from the applied one, plus settings kept in state. */
export function updateKeys(olds: Record<string, unknown>, news: Record<string, unknown>, stack?: StackReach): string[] {
  const stored = readStoredState(olds);
  const wanted = declaredFields(news);
  const keys: string[] = wanted.filter((field) => differs(news[field], stored.applied[field]));
  // A field leaving management changes no value, but the state must learn it (restore acts on managed fields).
  for (const field of PROFILE_FIELDS) {
    if (stored.managedFields.includes(field) && !wanted.includes(field)) keys.push(field);
  }
  if (differs(news["deletePolicy"] ?? DEFAULT_DELETE_POLICY, stored.deletePolicy)) keys.push("deletePolicy");
  keys.push(...reachKeys(olds, news, stack));
  // State from 0.1.0 may carry `gone: true` (its refresh kept vanished accounts): update checks the account
  // and writes state without the mark.
  if (stored.legacyGone) keys.push("gone");
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

/** `stack`: where the app is reached when the resource declares nothing (reach.ts stackReach). */
export function diffProfile(olds: Record<string, unknown>, news: Record<string, unknown>, stack?: StackReach): ProfileDiff {
  const replaces = replacementKeys(olds, news);
  const changes = replaces.length > 0 || updateKeys(olds, news, stack).length > 0;
  return { changes, replaces, deleteBeforeReplace: ALWAYS_DELETE_BEFORE_REPLACE };
}
