import { officialAccountProfile } from "./official-account-profile";
import type { ResourceType } from "./resource-type";

/**
 * Every resource the plugin serves, by token. OfficialAccount (`tencentcloud-chat:index:OfficialAccount`) joins
 * as one more entry once the resource exists.
 */
export const RESOURCE_TYPES: readonly ResourceType[] = [officialAccountProfile];

export function resourceTypeOf(token: string): ResourceType | undefined {
  return RESOURCE_TYPES.find((entry) => entry.token === token);
}
