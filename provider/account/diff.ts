import { identityChanges, updateKeys } from "../diff";
import type { ProfileDiff } from "../diff";
import { isUnknown } from "../profile";

/**
 * The diff of `OfficialAccount`, pure, over the shared diff (diff.ts): the managed fields change in place, as
 * for the profile; the account's identity replaces it, deleting first because the ID is unique in the app. The
 * owner is identity too: no API changes it (docs/resources.md). Region and endpoint say how the app is reached,
 * not which account: never a replacement (docs/semantics.md).
 */
export const ACCOUNT_IDENTITY_KEYS = ["sdkAppId", "officialAccount", "ownerAccount"] as const;

/**
 * The resource's own region/endpoint, kept in state so refresh and destroy reach the app the same way: a change
 * (declared, changed or removed) is an update that makes no API call and records it. Set in stack config
 * instead, they are not stored and every run uses the stack's current value.
 */
const ROUTE_KEYS = ["region", "endpoint"] as const;

function routeChanges(olds: Record<string, unknown>, news: Record<string, unknown>): string[] {
  return ROUTE_KEYS.filter((key) => isUnknown(news[key]) || news[key] !== olds[key]);
}

export function diffAccount(olds: Record<string, unknown>, news: Record<string, unknown>): ProfileDiff {
  const replaces = identityChanges(olds, news, ACCOUNT_IDENTITY_KEYS);
  const changes = replaces.length > 0 || updateKeys(olds, news).length > 0 || routeChanges(olds, news).length > 0;
  return { changes, replaces, deleteBeforeReplace: replaces.length > 0 };
}
