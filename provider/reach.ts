import type { RegionName } from "./chat/types";
import { SettingsError } from "./errors";
import { defaultEndpoint, defaultRegion, type Env, type StackConfig } from "./settings";

/**
 * Where the app is reached: `region` and `endpoint`. They are the route, never identity (docs/semantics.md). The
 * outputs keep only what the resource itself declares; every step resolves the rest from stack config, then the
 * environment, when it runs. So pointing TENCENTCLOUD_CHAT_ENDPOINT at the standby domain moves refresh and
 * destroy at once, and shows no change in preview.
 */

export const REACH_KEYS = ["region", "endpoint"] as const;
export type ReachKey = (typeof REACH_KEYS)[number];

/** The region/endpoint a resource declares (its inputs), or that its outputs record. */
export interface DeclaredReach {
  region?: RegionName;
  endpoint?: string;
}

/** Where the app is reached when a resource declares nothing: stack config, else environment, else `china`. */
export interface StackReach {
  region: RegionName;
  endpoint?: string;
}

/** The region/endpoint present in a bag (checked inputs, or outputs already read defensively). */
export function declaredReachOf(bag: { region?: unknown; endpoint?: unknown }): DeclaredReach {
  return {
    ...(typeof bag.region === "string" ? { region: bag.region as RegionName } : {}),
    ...(typeof bag.endpoint === "string" ? { endpoint: bag.endpoint } : {}),
  };
}

/** The stack's route now; `undefined` when a setting cannot be read (check reports it; diff then leaves the route alone). */
export function stackReach(stack: StackConfig | undefined, env: Env): StackReach | undefined {
  try {
    const endpoint = defaultEndpoint(stack, env);
    return { region: defaultRegion(stack, env), ...(endpoint !== undefined ? { endpoint } : {}) };
  } catch (error) {
    if (error instanceof SettingsError) return undefined;
    throw error;
  }
}
