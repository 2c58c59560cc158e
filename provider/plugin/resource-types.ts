import { officialAccount } from "./official-account";
import { officialAccountProfile } from "./official-account-profile";
import type { ResourceType } from "./resource-type";

/** Every resource the plugin serves, by token: adding a resource is adding its entry here. */
export const RESOURCE_TYPES: readonly ResourceType[] = [officialAccountProfile, officialAccount];

export function resourceTypeOf(token: string): ResourceType | undefined {
  return RESOURCE_TYPES.find((entry) => entry.token === token);
}
