import { ALWAYS_DELETE_BEFORE_REPLACE, identityChanges, updateKeys } from "../diff";
import type { ProfileDiff } from "../diff";
import type { StackReach } from "../reach";

/**
 * The diff of `OfficialAccount`, pure, over the shared diff (diff.ts): the managed fields change in place, as
 * for the profile; the account's identity replaces it, deleting first because the ID is unique in the app. The
 * owner is identity too: no API changes it (docs/resources.md). Region and endpoint say how the app is reached,
 * not which account: never a replacement, and only what the resource declares is recorded (docs/semantics.md).
 * `deleteBeforeReplace` on every answer, as for the profile (../diff.ts ALWAYS_DELETE_BEFORE_REPLACE).
 */
export const ACCOUNT_IDENTITY_KEYS = ["sdkAppId", "officialAccount", "ownerAccount"] as const;

/** `stack`: where the app is reached when the resource declares nothing (../reach.ts stackReach). */
export function diffAccount(olds: Record<string, unknown>, news: Record<string, unknown>, stack?: StackReach): ProfileDiff {
  const replaces = identityChanges(olds, news, ACCOUNT_IDENTITY_KEYS);
  const changes = replaces.length > 0 || updateKeys(olds, news, stack).length > 0;
  return { changes, replaces, deleteBeforeReplace: ALWAYS_DELETE_BEFORE_REPLACE };
}
