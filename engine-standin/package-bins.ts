import { chmod, mkdir, readFile, symlink } from "node:fs/promises";
import path from "node:path";
import type { PackedStack } from "./packed-package";

/**
 * Links the installed package's `bin` entries into `<stack>/node_modules/.bin` with the executable bit set, as
 * `npm install` does (preparePackedStack only extracts the tarball). Returns the `.bin` directory: the plugin
 * directory a Pulumi.yaml `plugins.providers[].path` would name. Used by the plugin tests and the benchmark.
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
