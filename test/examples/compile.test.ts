import { execFile } from "node:child_process";
import { copyFile, readdir, readFile } from "node:fs/promises";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { preparePackedStack, repoRoot, type PackedStack } from "../support/packed-package";

/**
 * Every example is a Pulumi TypeScript project as `pulumi new typescript` makes one: its own tsconfig.json, and
 * `typescript` and `@types/node` in devDependencies. Without them the Pulumi CLI falls back to its vendored
 * TypeScript 3.8, which cannot read this package's declaration files. Each example is compiled here with its
 * own tsconfig and the oldest TypeScript its package.json allows (the `typescript-oldest` alias in this
 * repository's devDependencies), against the declaration files of this package as `npm pack` ships them.
 * Needs `npm run build` first (`npm test` does it).
 */

const execFileAsync = promisify(execFile);
const examplesDir = path.join(repoRoot, "examples");
/** A Pulumi YAML example (examples/yaml) has a package.json only to install the provider plugin: nothing to compile. */
function isYamlProject(name: string): boolean {
  const project = path.join(examplesDir, name, "Pulumi.yaml");
  return existsSync(project) && /^runtime:\s*yaml\s*$/m.test(readFileSync(project, "utf8"));
}
const EXAMPLES = readdirSync(examplesDir).filter((name) => existsSync(path.join(examplesDir, name, "package.json")) && !isYamlProject(name));

interface ExamplePackage {
  main?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

async function examplePackage(name: string): Promise<ExamplePackage> {
  return JSON.parse(await readFile(path.join(examplesDir, name, "package.json"), "utf8")) as ExamplePackage;
}

/** The lowest version a caret, tilde or `>=` range admits; other range forms are refused, not guessed. */
function oldestAllowed(range: string): string {
  const match = /^(?:\^|~|>=\s*)?(\d+)\.(\d+)\.(\d+)$/.exec(range.trim());
  if (!match) throw new Error(`cannot tell the oldest version of range ${JSON.stringify(range)}: use ^X.Y.Z, ~X.Y.Z or >=X.Y.Z`);
  return `${match[1]}.${match[2]}.${match[3]}`;
}

const stacks: PackedStack[] = [];
afterAll(async () => {
  await Promise.all(stacks.map((stack) => stack.cleanup()));
});

describe("examples", () => {
  it("are found: basic, promotion and demo at least", () => {
    expect(EXAMPLES).toEqual(expect.arrayContaining(["basic", "demo", "promotion"]));
  });

  it.each(EXAMPLES)("%s has what Pulumi's TypeScript template has: tsconfig.json, typescript and @types/node", async (name) => {
    const pkg = await examplePackage(name);
    expect(existsSync(path.join(examplesDir, name, "tsconfig.json"))).toBe(true);
    expect(Object.keys(pkg.devDependencies ?? {})).toEqual(expect.arrayContaining(["typescript", "@types/node"]));
    expect(existsSync(path.join(examplesDir, name, pkg.main ?? "index.ts"))).toBe(true);
  });

  it.each(EXAMPLES)(
    "%s compiles with its own tsconfig and the oldest TypeScript it allows, against the packed declarations",
    async (name) => {
      const pkg = await examplePackage(name);
      const oldest = oldestAllowed(pkg.devDependencies?.["typescript"] ?? "");
      const tscPackage = JSON.parse(await readFile(require.resolve("typescript-oldest/package.json"), "utf8")) as { version: string };
      expect(tscPackage.version, "the typescript-oldest alias must be the oldest version the example allows").toBe(oldest);

      // A scratch project: this package installed from `npm pack` as a real directory, @pulumi/pulumi and
      // @types/node from the repository's node_modules (Node and TypeScript both walk up to them).
      const stack = await preparePackedStack({ name: `example-${name}`, requiredFiles: ["dist/provider/index.d.ts"] });
      stacks.push(stack);
      const files = (await readdir(path.join(examplesDir, name))).filter((file) => /^(?:[^.].*\.ts|tsconfig\.json|package\.json)$/.test(file));
      for (const file of files) await copyFile(path.join(examplesDir, name, file), path.join(stack.stackDir, file));

      const tsc = path.join(path.dirname(require.resolve("typescript-oldest/package.json")), "bin", "tsc");
      const result = await execFileAsync(process.execPath, [tsc, "-p", path.join(stack.stackDir, "tsconfig.json"), "--noEmit", "--pretty", "false"], {
        cwd: stack.stackDir,
        timeout: 120_000,
      }).then(
        ({ stdout }) => ({ code: 0, output: stdout }),
        (error: { code?: number; stdout?: string; stderr?: string }) => ({ code: error.code ?? 1, output: `${error.stdout ?? ""}${error.stderr ?? ""}` }),
      );
      expect(result.output).toBe("");
      expect(result.code).toBe(0);
    },
    180_000,
  );
});
