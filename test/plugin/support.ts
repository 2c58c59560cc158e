/** Shared pieces of the plugin tests. */
export const PLUGIN_NAME = "tencentcloud-chat";
export const PROFILE_TOKEN = "tencentcloud-chat:index:OfficialAccountProfile";
export const ACCOUNT_TOKEN = "tencentcloud-chat:index:OfficialAccount";
export const PROVIDER_TYPE = `pulumi:providers:${PLUGIN_NAME}`;

export function profileUrn(name: string, stack = "dev", project = "plugin-project"): string {
  return `urn:pulumi:${stack}::${project}::${PROFILE_TOKEN}::${name}`;
}

export function providerUrn(stack = "dev", project = "plugin-project"): string {
  return `urn:pulumi:${stack}::${project}::${PROVIDER_TYPE}::default`;
}

/** The implementation lives in engine-standin/ so the benchmark (bench/plugin-startup.ts) uses it without test code. */
export { linkPackageBins } from "../../engine-standin/package-bins";
