import type { ProfileOutputs } from "./outputs";

/**
 * `create` read and adopted the account, then the change failed. Thrown with `id`, `properties` and
 * `reasons`, which the dynamic-provider host turns into ErrorResourceInitFailed (cmd/dynamic-provider
 * `grpcResponseFromError`): the engine keeps the resource in state with these outputs, and the next `up`
 * updates it instead of adopting again (which would record the half-changed values as the adopted ones).
 */
export class ProfileChangeFailedError extends Error {
  readonly code = "TCHAT_ADOPTED_CHANGE_FAILED";
  readonly id: string;
  /** The outputs to keep. The host does not add `__provider` to these, so it is copied from the inputs. */
  readonly properties: Record<string, unknown>;
  readonly reasons: string[];

  constructor(cause: unknown, id: string, outputs: ProfileOutputs, inputs: Record<string, unknown>) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      `Adopted official account ${outputs.officialAccount} (SDKAppID ${outputs.sdkAppId}), but changing its profile failed: ${reason.replace(/\.+$/, "")}. ` +
        "The resource is kept in state with the values it had; the next `pulumi up` retries the change.",
      { cause },
    );
    this.name = "ProfileChangeFailedError";
    this.id = id;
    const provider = inputs["__provider"];
    this.properties = { ...outputs, ...(typeof provider === "string" ? { __provider: provider } : {}) };
    this.reasons = [reason];
  }
}
