/**
 * The API reference (`npm run docs:api`, TypeDoc) covers exactly the package's entry points, fails on any
 * warning (an exported symbol without documentation among them), runs in `npm test`, and is written to a
 * folder that is neither committed nor published.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(__dirname, "../..");
const typedoc = JSON.parse(readFileSync(resolve(root, "typedoc.json"), "utf8")) as {
  entryPoints: string[];
  out: string;
  treatWarningsAsErrors?: boolean;
  validation?: Record<string, boolean>;
  requiredToBeDocumented?: string[];
};
const manifest = JSON.parse(readFileSync(resolve(root, "package.json"), "utf8")) as {
  exports: Record<string, string | { types: string }>;
  files: string[];
  scripts: Record<string, string>;
};

describe("the API reference", () => {
  it("documents the source of every public entry point (., ./chat, ./emulator) and nothing else", () => {
    const sources = [".", "./chat", "./emulator"].map((subpath) => {
      const target = manifest.exports[subpath];
      expect(target, subpath).toBeDefined();
      const types = typeof target === "string" ? target : target!.types;
      return types.replace(/^\.\/dist\//, "").replace(/\.d\.ts$/, ".ts");
    });
    expect([...typedoc.entryPoints].sort()).toEqual(sources.sort());
  });

  it("fails the build on a warning, and an undocumented exported symbol is one", () => {
    expect(typedoc.treatWarningsAsErrors).toBe(true);
    expect(typedoc.validation).toMatchObject({ notDocumented: true, notExported: true, invalidLink: true });
    expect(typedoc.requiredToBeDocumented).toEqual(expect.arrayContaining(["Class", "Function", "Interface", "TypeAlias", "Variable"]));
  });

  it("is built by npm test, into a folder that is git-ignored and not published", () => {
    expect(manifest.scripts["docs:api"]).toBe("typedoc");
    expect(manifest.scripts.test).toContain("npm run docs:api");
    const out = typedoc.out.replace(/^\.\//, "").replace(/\/$/, "");
    expect(readFileSync(resolve(root, ".gitignore"), "utf8").split("\n")).toContain(`${out}/`);
    for (const pattern of manifest.files) expect(pattern.startsWith(out), pattern).toBe(false);
  });
});
