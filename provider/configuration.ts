import { readStackConfig, type ConfigReader, type StackConfig } from "./settings";

/**
 * The stack config captured by `configure`, kept as a promise. The host caches the provider before
 * `configure` settles and keeps serving calls after it throws (@pulumi/pulumi cmd/dynamic-provider; docs/architecture.md, decision 2), so the
 * promise is stored synchronously and every method awaits it: calls wait for configuration, and a failed
 * configuration fails every later call.
 *
 * Module state, not captured: this module is loaded by `require` in the host, never serialized.
 */
let pending: Promise<StackConfig> | undefined;

export function startConfigure(config: ConfigReader): Promise<StackConfig> {
  const started = (async () => readStackConfig(config))();
  pending = started;
  return started;
}

/** The configured stack config; `undefined` when `configure` was never called (in-process use: environment only). */
export async function configuredStack(): Promise<StackConfig | undefined> {
  return pending === undefined ? undefined : await pending;
}

/** Tests only: forget any configuration, as in a fresh host process. */
export function resetConfiguration(): void {
  pending = undefined;
}
