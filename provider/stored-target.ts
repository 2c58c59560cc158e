import type { StoredState } from "./outputs";
import { parseResourceId } from "./resource-id";
import { resolveTarget, type Env, type StackConfig, type Target } from "./settings";

/**
 * The account and app a stored resource names, for `read` and `delete` (which get no inputs to check): its
 * state first, then its ID, then the stack settings. Shared by both resources. The route is resolved as check
 * and create resolve it: the region/endpoint the outputs record (what the resource declares) first, then stack
 * config, then the environment, when the step runs. So a new TENCENTCLOUD_CHAT_ENDPOINT (the standby domain
 * during an outage) moves refresh and destroy at once, without an `up` (docs/semantics.md).
 */
export function storedTarget(
  id: string,
  stored: StoredState,
  stack: StackConfig | undefined,
  env: Env,
): { officialAccount: string; target: Target } {
  const fromId = parseResourceId(id);
  const sdkAppId = stored.target.sdkAppId ?? fromId.sdkAppId;
  return {
    officialAccount: stored.officialAccount ?? fromId.officialAccount,
    target: resolveTarget({ ...stored.target, ...(sdkAppId !== undefined ? { sdkAppId } : {}) }, stack, env),
  };
}
