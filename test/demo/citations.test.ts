/**
 * Comments and docs cite the repository's own pages (docs/<page>.md, README.md), never notes that readers of
 * the repository do not have: a design page, a research "reference" file, anything under a shared folder
 * outside the repository, or their numbered sections. Every docs/ page cited anywhere must exist.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(__dirname, "../..");
const SKIPPED_DIRS = new Set(["node_modules", "dist", ".git", ".scratch", "api-reference", "coverage"]);
const CHECKED = /\.(ts|mts|js|cjs|mjs|md|yaml|yml|json)$/;
const SELF = relative(root, __filename);

/** Built from parts so that this file does not match itself. */
const OUTSIDE_CITATIONS: readonly RegExp[] = [
  new RegExp(["DES", "IGN"].join("")),
  new RegExp(["refer", "ence \\u00a7"].join(""), "i"),
  new RegExp(["sha", "red/"].join("")),
  // A numbered section of an unnamed document; a public standard's section (RFC 8312 \u00a74.6) is fine.
  /(?<!RFC \d+ )\u00a7/,
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : sourceFiles(resolve(dir, entry.name));
    if (entry.name === "package-lock.json") return [];
    return CHECKED.test(entry.name) ? [resolve(dir, entry.name)] : [];
  });
}

const files = sourceFiles(root).filter((file) => relative(root, file) !== SELF);

describe("citations", () => {
  it("walks the whole repository", () => {
    const names = files.map((file) => relative(root, file));
    expect(names).toEqual(expect.arrayContaining(["README.md", "provider/resource.ts", "emulator/assumptions.ts", "docs/architecture.md"]));
    expect(names.some((name) => name.startsWith("node_modules"))).toBe(false);
  });

  it("no file cites a document outside the repository", () => {
    const hits: string[] = [];
    for (const file of files) {
      readFileSync(file, "utf8").split("\n").forEach((line, index) => {
        if (OUTSIDE_CITATIONS.some((pattern) => pattern.test(line))) hits.push(`${relative(root, file)}:${index + 1}: ${line.trim()}`);
      });
    }
    expect(hits).toEqual([]);
  });

  it("every docs/ page cited in code, comments or docs exists", () => {
    const missing: string[] = [];
    for (const file of files) {
      for (const [page] of readFileSync(file, "utf8").matchAll(/\bdocs\/[a-z_-]+\.md\b/g)) {
        if (!existsSync(resolve(root, page))) missing.push(`${relative(root, file)} cites ${page}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
