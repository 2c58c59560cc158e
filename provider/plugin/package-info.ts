import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

/**
 * Who the plugin is: the Pulumi package name (the `tencentcloud-chat:` prefix of config keys and resource
 * tokens), its version (this npm package's), and the metadata the schema and `pulumi package add` show.
 * See docs/plugin.md.
 */
export const PLUGIN_PACKAGE = {
  name: "tencentcloud-chat",
  displayName: "Tencent Cloud Chat",
  publisher: "pulumi-tencentcloud-chat contributors",
  description: "Manage Tencent Cloud Chat (IM) official accounts as code, from any Pulumi language.",
  keywords: ["pulumi", "tencent-cloud", "tencent-chat", "im", "official-account", "category/cloud", "kind/native"],
  /** Placeholder until the project has a public home; one place to change it. */
  repository: "https://github.com/pulumi-tencentcloud-chat/pulumi-tencentcloud-chat",
  license: "Apache-2.0",
  /** The npm package that ships the plugin executable. */
  npmPackage: "pulumi-tencentcloud-chat",
  executable: "pulumi-resource-tencentcloud-chat",
} as const;

/** The token of a resource in module `index`: `tencentcloud-chat:index:<Name>`. */
export function resourceToken(name: string): string {
  return `${PLUGIN_PACKAGE.name}:index:${name}`;
}

let cachedVersion: string | undefined;

/**
 * This npm package's version, from its package.json: found by walking up from this file, so it holds both for
 * the compiled plugin (dist/provider/plugin) and for the sources run by tsx in tests (provider/plugin).
 */
export function pluginVersion(): string {
  if (cachedVersion !== undefined) return cachedVersion;
  let dir = __dirname;
  for (;;) {
    const candidate = path.join(dir, "package.json");
    if (existsSync(candidate)) {
      const manifest = JSON.parse(readFileSync(candidate, "utf8")) as { name?: string; version?: string };
      if (manifest.name === PLUGIN_PACKAGE.npmPackage && typeof manifest.version === "string") {
        cachedVersion = manifest.version;
        return cachedVersion;
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`package.json of ${PLUGIN_PACKAGE.npmPackage} not found above ${__dirname}`);
    dir = parent;
  }
}
