import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, rmSync } from "node:fs";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

/**
 * An installed copy of a package as a *real directory* inside a scratch stack under the repo's `.scratch/`.
 *
 * Why a real directory from `npm pack`: the closure serializer emits `require("<pkg>/<subpath>")` only for modules
 * whose realpath contains `node_modules`; a symlinked install (`file:`, workspaces, `npm link`) is inlined by value
 * (docs/engine-standin.md).
 * Why inside the repo: Node resolves `@pulumi/pulumi`, undici and zod from the repo's `node_modules` by walking up,
 * so no `npm install` is needed, and the host shim (`pulumi-resource-pulumi-nodejs`) finds `@pulumi/pulumi` from cwd.
 */
export interface PackedStack {
  /** The stack (project) directory: cwd for the program and for the dynamic-provider host. */
  stackDir: string;
  /** `<stackDir>/node_modules/<packageName>`, a real directory. */
  packageDir: string;
  packageName: string;
  /** Absolute path of the program file, when a program was written. */
  programPath?: string;
  /**
   * Environment for any process that runs the *program* (SDK serialization): `NODE_PATH=<stackDir>/node_modules`.
   * The serializer looks up the package's `exports` map with `require.resolve` from @pulumi/pulumi's own location
   * (runtime/closure/package.js `getPackageDefinition`). In a real project the package and @pulumi/pulumi are
   * siblings in one `node_modules`; here @pulumi/pulumi is borrowed from the repo's, so without this the lookup
   * fails and `__provider` gets the deep path `require("<pkg>/dist/provider/lifecycle.js")`, which the `exports`
   * map then refuses in the host. The host itself needs nothing: it resolves from its cwd.
   */
  programEnv: Record<string, string>;
  cleanup(): Promise<void>;
}

export interface PackageVariant {
  /** Shows in the scratch directory name; helps when a test fails. */
  name: string;
  /** Edits the extracted package in place (e.g. append code to an implementation file). */
  edit(packageDir: string): Promise<void> | void;
}

export interface PreparePackedStackOptions {
  /** Scratch directory name prefix. */
  name?: string;
  /** Program text written to `<stackDir>/<programFile>`. */
  programSource?: string;
  /** Default `index.ts`; use `index.js` for a plain JS program. */
  programFile?: string;
  /** Pulumi project name written to `Pulumi.yaml` (default `standin`). */
  projectName?: string;
  /** Directory of the package to pack (default: this repository). */
  packageSource?: string;
  /** Edits applied after extraction: a second build of the package with different implementation code. */
  variant?: PackageVariant;
  /** Files (relative to the package source) that must exist before packing, e.g. `dist/provider/lifecycle.js`. */
  requiredFiles?: string[];
}

/** The repository root: this file lives in `<root>/engine-standin/`. */
export const repoRoot = path.resolve(__dirname, "..");
export const scratchRoot = path.join(repoRoot, ".scratch");

export class PackedPackageError extends Error {
  readonly code: "dist-missing" | "required-file-missing" | "pack-failed";
  constructor(code: PackedPackageError["code"], message: string) {
    super(message);
    this.name = "PackedPackageError";
    this.code = code;
  }
}

interface PackedTarball {
  tarballPath: string;
  packageName: string;
}

/** One `npm pack` per package source per process. */
const tarballs = new Map<string, Promise<PackedTarball>>();
const packDirs: string[] = [];
process.once("exit", () => {
  for (const dir of packDirs) rmSync(dir, { recursive: true, force: true });
});

function assertBuilt(source: string, requiredFiles: string[]): void {
  if (source === repoRoot && !existsSync(path.join(source, "dist"))) {
    throw new PackedPackageError(
      "dist-missing",
      `${path.join(source, "dist")} does not exist: run \`npm run build\` first (\`npm test\` does it before vitest).`,
    );
  }
  for (const file of requiredFiles) {
    if (!existsSync(path.join(source, file))) {
      throw new PackedPackageError(
        "required-file-missing",
        `${path.join(source, file)} does not exist: run \`npm run build\` first (\`npm test\` does it before vitest).`,
      );
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Removes pack directories of processes that are gone. The exit hook does not run in every runner (vitest's
 * worker processes are ended without it), so each new pack sweeps what earlier ones left.
 */
async function sweepStalePackDirs(): Promise<void> {
  let names: string[];
  try {
    names = await readdir(scratchRoot);
  } catch {
    return;
  }
  await Promise.all(
    names.map(async (name) => {
      const pid = Number(/^pack-(\d+)-[0-9a-f]+$/.exec(name)?.[1]);
      if (Number.isInteger(pid) && pid !== process.pid && !isAlive(pid)) {
        await rm(path.join(scratchRoot, name), { recursive: true, force: true });
      }
    }),
  );
}

async function packOnce(source: string): Promise<PackedTarball> {
  await sweepStalePackDirs();
  const packDir = path.join(scratchRoot, `pack-${process.pid}-${randomBytes(4).toString("hex")}`);
  await mkdir(packDir, { recursive: true });
  packDirs.push(packDir);
  try {
    // --ignore-scripts: packing must not rebuild; the caller decides when dist/ is built.
    const { stdout } = await execFileAsync(
      "npm",
      ["pack", "--json", "--ignore-scripts", "--pack-destination", packDir],
      { cwd: source, maxBuffer: 64 * 1024 * 1024 },
    );
    const report = JSON.parse(stdout) as Array<{ filename: string; name: string }>;
    const entry = report[0];
    if (!entry) throw new Error("npm pack printed no package");
    return { tarballPath: path.join(packDir, entry.filename), packageName: entry.name };
  } catch (error) {
    throw new PackedPackageError("pack-failed", `npm pack of ${source} failed: ${(error as Error).message}`);
  }
}

/** Packs `source` (cached per process) and returns the tarball path and package name. */
export function packPackage(source: string = repoRoot, requiredFiles: string[] = []): Promise<PackedTarball> {
  const resolved = path.resolve(source);
  assertBuilt(resolved, requiredFiles);
  let pending = tarballs.get(resolved);
  if (!pending) {
    pending = packOnce(resolved);
    tarballs.set(resolved, pending);
    pending.catch(() => tarballs.delete(resolved));
  }
  return pending;
}

/** Extracts an `npm pack` tarball as a real directory at `<stackDir>/node_modules/<name>`. */
export async function installTarball(stackDir: string, tarball: PackedTarball): Promise<string> {
  const packageDir = path.join(stackDir, "node_modules", ...tarball.packageName.split("/"));
  await mkdir(packageDir, { recursive: true });
  await execFileAsync("tar", ["-xzf", tarball.tarballPath, "-C", packageDir, "--strip-components=1"]);
  return packageDir;
}

function uniqueName(prefix: string): string {
  return `${prefix.replace(/[^A-Za-z0-9_-]/g, "-")}-${process.pid}-${randomBytes(4).toString("hex")}`;
}

/**
 * A scratch stack with the package installed from `npm pack`: `<repo>/.scratch/<unique>/` holding
 * `Pulumi.yaml`, `package.json`, the optional program and `node_modules/<package>` (a real directory).
 */
export async function preparePackedStack(options: PreparePackedStackOptions = {}): Promise<PackedStack> {
  const tarball = await packPackage(options.packageSource ?? repoRoot, options.requiredFiles ?? []);
  const label = options.variant ? `${options.name ?? "stack"}-${options.variant.name}` : (options.name ?? "stack");
  const stackDir = path.join(scratchRoot, uniqueName(label));
  await mkdir(stackDir, { recursive: true });
  const projectName = options.projectName ?? "standin";
  await writeFile(path.join(stackDir, "Pulumi.yaml"), `name: ${projectName}\nruntime: nodejs\n`);
  await writeFile(
    path.join(stackDir, "package.json"),
    JSON.stringify({ name: projectName, private: true, main: options.programFile ?? "index.ts" }, null, 2) + "\n",
  );
  const packageDir = await installTarball(stackDir, tarball);
  if (options.variant) await options.variant.edit(packageDir);
  let programPath: string | undefined;
  if (options.programSource !== undefined) {
    programPath = path.join(stackDir, options.programFile ?? "index.ts");
    await writeFile(programPath, options.programSource);
  }
  return {
    stackDir,
    packageDir,
    packageName: tarball.packageName,
    ...(programPath ? { programPath } : {}),
    programEnv: {
      NODE_PATH: [path.join(stackDir, "node_modules"), process.env["NODE_PATH"]].filter(Boolean).join(path.delimiter),
    },
    cleanup: () => rm(stackDir, { recursive: true, force: true }),
  };
}

/** A variant that appends code to one file of the installed package (a different implementation build). */
export function appendingVariant(name: string, relativeFile: string, code: string): PackageVariant {
  return {
    name,
    async edit(packageDir: string) {
      const file = path.join(packageDir, relativeFile);
      const original = await readFile(file, "utf8");
      await writeFile(file, `${original}\n${code}\n`);
    },
  };
}
