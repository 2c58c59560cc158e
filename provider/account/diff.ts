import { identityChanges, updateKeys } from "../diff";
import type { ProfileDiff } from "../diff";

/**
 * The diff of `OfficialAccount`, pure, over the shared diff (diff.ts): the managed fields change in place, as
 * for the profile; the account's identity replaces it, deleting first because the ID is unique in the app. The
 * owner is identity too: no API changes it (docs/resources.md). Region and endpoint say how the app is reached,
 * not which account: never a replacement (docs/semantics.md).
 */
export const ACCOUNT_IDENTITY_KEYS = ["sdkAppId", "officialAccount", "ownerAccount"] as const;

export function diffAccount(olds: Record<string, unknown>, news: Record<string, unknown>): ProfileDiff {
  const replaces = identityChanges(olds, news, ACCOUNT_IDENTITY_KEYS);
  const changes = replaces.length > 0 || updateKeys(olds, news).length > 0;
  return { changes, replaces, deleteBeforeReplace: replaces.length > 0 };
}
