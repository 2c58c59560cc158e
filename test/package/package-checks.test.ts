import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { packPackage, repoRoot } from "../support/packed-package";

/**
 * The package as npm consumers resolve it: the `npm pack` tarball linted by publint (strict), checked by
 * Are the Types Wrong (every entry point under node10, node16 CJS/ESM and bundler resolution), and held to
 * an allow-list of paths. Needs `npm run build` first (`npm test` does it). `npm run check:package` runs
 * the two tools' own CLIs for a readable table.
 */

const execFileAsync = promisify(execFile);

/**
 * What users need, nothing else: compiled JavaScript and declarations of the three published folders, the
 * CLI, the manifest, README and LICENSE. No tests, no TypeScript sources, no source maps (they would point
 * at sources that are not shipped), no `.scratch/` leftovers.
 */
const ALLOWED = [
  /^package\.json$/,
  /^README\.md$/,
  /^LICENSE$/,
  /^dist\/cli\.(js|d\.ts)$/,
  /^dist\/(provider|emulator|probe)\/([a-z0-9-]+\/)*[a-z0-9-]+\.(js|d\.ts)$/,
];

/** Files the package cannot work without (every `exports` target, the `bin`, the license). */
const REQUIRED = [
  "package.json",
  "README.md",
  "LICENSE",
  "dist/cli.js",
  "dist/provider/index.js",
  "dist/provider/index.d.ts",
  "dist/provider/lifecycle.js",
  "dist/provider/lifecycle.d.ts",
  "dist/provider/account/lifecycle.js",
  "dist/provider/account/lifecycle.d.ts",
  "dist/provider/chat/index.js",
  "dist/provider/chat/index.d.ts",
  "dist/emulator/index.js",
  "dist/emulator/index.d.ts",
  "dist/probe/index.js",
  "dist/provider/plugin/main.js",
];

interface PublintMessage {
  type: "error" | "warning" | "suggestion";
  code: string;
}
interface PublintModule {
  publint(options: { pack: { tarball: ArrayBuffer }; strict: boolean; level: "suggestion" }): Promise<{ messages: PublintMessage[]; pkg: unknown }>;
}
interface PublintUtilsModule {
  formatMessage(message: PublintMessage, pkg: unknown): string | undefined;
}

let tarballPath = "";

beforeAll(async () => {
  ({ tarballPath } = await packPackage(repoRoot, ["dist/provider/lifecycle.js", "dist/cli.js"]));
}, 120_000);

async function tarballFiles(): Promise<string[]> {
  const { stdout } = await execFileAsync("tar", ["-tzf", tarballPath]);
  return stdout
    .split("\n")
    .filter((line) => line.length > 0 && !line.endsWith("/"))
    .map((line) => line.replace(/^package\//, ""));
}

describe("the packed package", () => {
  it("holds only allow-listed paths, and every file it needs", async () => {
    const files = await tarballFiles();
    expect(files.filter((file) => !ALLOWED.some((pattern) => pattern.test(file)))).toEqual([]);
    expect(REQUIRED.filter((file) => !files.includes(file))).toEqual([]);
  });

  it("passes publint in strict mode without a message", async () => {
    // publint ships ESM types only; the project resolves as node10, so the two functions are typed here.
    const { publint } = (await import("publint" as string)) as PublintModule;
    const { formatMessage } = (await import("publint/utils" as string)) as PublintUtilsModule;
    const bytes = await readFile(tarballPath);
    const tarball = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const { messages, pkg } = await publint({ pack: { tarball }, strict: true, level: "suggestion" });
    expect(messages.map((message) => `${message.type}: ${formatMessage(message, pkg) ?? message.code}`)).toEqual([]);
  });

  it("passes Are the Types Wrong for every entry point", async () => {
    const cli = path.join(repoRoot, "node_modules", "@arethetypeswrong", "cli", "dist", "index.js");
    // Exit code 1 when any problem is found; the JSON then says which.
    const run = await execFileAsync(process.execPath, [cli, tarballPath, "--format", "json"], { maxBuffer: 64 * 1024 * 1024 }).catch(
      (error: { stdout?: string }) => ({ stdout: error.stdout ?? "" }),
    );
    const report = JSON.parse(run.stdout) as { problems?: Record<string, unknown>; analysis: { entrypoints: Record<string, unknown> } };
    expect(report.problems ?? {}).toEqual({});
    expect(Object.keys(report.analysis.entrypoints).sort()).toEqual(
      [
        ".",
        "./account-lifecycle",
        "./chat",
        "./dist/provider/account/lifecycle.js",
        "./dist/provider/lifecycle.js",
        "./emulator",
        "./lifecycle",
        "./package.json",
      ].sort(),
    );
  });

  it("declares the license it ships", async () => {
    const manifest = JSON.parse(await readFile(path.join(repoRoot, "package.json"), "utf8")) as { license: string; files: string[] };
    const license = await readFile(path.join(repoRoot, "LICENSE"), "utf8");
    expect(manifest.license).toBe("Apache-2.0");
    expect(license).toContain("Apache License\n                           Version 2.0, January 2004");
    expect(license).toContain("END OF TERMS AND CONDITIONS");
    expect(manifest.files).toContain("LICENSE");
  });
});
