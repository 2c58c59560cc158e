import { chmod, mkdir, readFile, symlink } from "node:fs/promises";
import path from "node:path";
import type { PackedStack } from "../support/packed-package";

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

/**
 * Links the installed package's `bin` entries into `<stack>/node_modules/.bin` with the executable bit set, as
 * `npm install` does (the packed-package helper only extracts the tarball). Returns the `.bin` directory: the
 * plugin directory a Pulumi.yaml `plugins.providers[].path` would name.
 */
export async function linkPackageBins(stack: PackedStack): Promise<string> {
  const manifest = JSON.parse(await readFile(path.join(stack.packageDir, "package.json"), "utf8")) as { bin: Record<string, string> };
  const binDir = path.join(stack.stackDir, "node_modules", ".bin");
  await mkdir(binDir, { recursive: true });
  for (const [name, target] of Object.entries(manifest.bin)) {
    const absolute = path.join(stack.packageDir, target);
    await chmod(absolute, 0o755);
    await symlink(path.relative(binDir, absolute), path.join(binDir, name));
  }
  return binDir;
}
