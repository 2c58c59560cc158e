/**
 * README.md and the docs/ pages stay true to the code: the settings (README and
 * docs/installation-configuration.md), the inputs and limits (docs/semantics.md), the tunables
 * (docs/client.md), every error code and its hint (docs/errors.md), the emulator's assumptions table, faults,
 * commands, flags and control routes (docs/emulator.md), the scripts they tell people to run, and the files
 * that docs/development.md's layout and every link name.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ADMIN_ROUTES, COMMAND_NAMES, FAULT_KINDS, renderAssumptionsTable } from "../../emulator";
import { EMULATOR_USAGE } from "../../emulator/cli-args";
import { ERROR_CODE_TABLE } from "../../provider/chat/error-codes";
import type { ChatErrorCode } from "../../provider/chat/errors";
import { resolveTunables } from "../../provider/chat/options";
import type { ProviderErrorCode } from "../../provider/errors";
import { INPUT_KEYS, REGION_NAMES, TEXT_LIMITS_BYTES } from "../../provider/profile";
import { SETTINGS } from "../../provider/settings";

const root = resolve(__dirname, "../..");
const readme = readFileSync(resolve(root, "README.md"), "utf8");
const doc = (page: string): string => readFileSync(resolve(root, "docs", page), "utf8");
const DOC_PAGES = readdirSync(resolve(root, "docs")).filter((name) => name.endsWith(".md"));
const configuration = doc("installation-configuration.md");
const semantics = doc("semantics.md");
const client = doc("client.md");
const errors = doc("errors.md");
const emulatorPage = doc("emulator.md");

/** Every value of a string union, listed once here; `satisfies` fails to compile if the union grows. */
const PROVIDER_CODES = [
  "TCHAT_SETTINGS_MISSING",
  "TCHAT_SETTINGS_INVALID",
  "TCHAT_INPUTS_INVALID",
  "TCHAT_ACCOUNT_NOT_FOUND",
  "TCHAT_ACCOUNT_DECLARED_TWICE",
  "TCHAT_ADOPTED_CHANGE_FAILED",
  "TCHAT_UPDATE_OUTCOME_UNKNOWN",
  "TCHAT_ACCOUNT_ID_TAKEN",
  "TCHAT_OWNER_NOT_IMPORTED",
  "TCHAT_CREATE_UNCONFIRMED",
] as const satisfies readonly ProviderErrorCode[];
const CLIENT_CODES = [
  "TCHAT_API_ERROR",
  "TCHAT_HTTP_STATUS",
  "TCHAT_NETWORK",
  "TCHAT_TIMEOUT",
  "TCHAT_DEADLINE",
  "TCHAT_ABORTED",
  "TCHAT_BAD_RESPONSE",
  "TCHAT_CONFIG",
  "TCHAT_OUTCOME_UNKNOWN",
] as const satisfies readonly ChatErrorCode[];
type Missing<All, Listed> = Exclude<All, Listed> extends never ? true : never;
const providerCodesComplete: Missing<ProviderErrorCode, (typeof PROVIDER_CODES)[number]> = true;
const clientCodesComplete: Missing<ChatErrorCode, (typeof CLIENT_CODES)[number]> = true;

describe("README.md and docs/", () => {
  it("README starts with the two commands a newcomer needs, and stays short", () => {
    const start = readme.indexOf("## Quickstart");
    const quickstart = readme.slice(start, readme.indexOf("\n## ", start + 1));
    expect(quickstart).toContain("npm run demo");
    expect(quickstart).toContain("npm test");
    expect(start).toBeLessThan(2000);
    expect(readme.split("\n").length).toBeLessThanOrEqual(250);
  });

  it("names every script it tells people to run, and they exist", () => {
    const scripts = (JSON.parse(readFileSync(resolve(root, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
    const texts = [readme, ...DOC_PAGES.map(doc)].join("\n");
    const named = new Set([...texts.matchAll(/npm run ([a-z]+(?::[a-z]+)?)/g)].map((match) => match[1] as string));
    expect([...named].sort()).toEqual(expect.arrayContaining(["build", "demo", "demo:install", "docs:api", "emulator", "typecheck"]));
    for (const script of named) expect(scripts, `npm run ${script}`).toHaveProperty(script);
    expect(readFileSync(resolve(root, ".ci/run"), "utf8")).toMatch(/npm ci\nnpm test\n/);
    expect(scripts.test, "npm test builds the API reference").toContain("npm run docs:api");
  });

  it("documents every stack setting with its environment variable and default, in README and the configuration page", () => {
    expect(providerCodesComplete && clientCodesComplete).toBe(true);
    const defaults = resolveTunables({}) as unknown as Record<string, number>;
    for (const [page, text] of [["README.md", readme], ["docs/installation-configuration.md", configuration]] as const) {
      for (const { configKey, envVar } of Object.values(SETTINGS)) {
        expect(text, `${page}: ${configKey}`).toMatch(new RegExp(`\\| \`${configKey}\`(?: \\(secret\\))? \\| \`${envVar.replace(/[<>]/g, "\\$&")}\` \\|`));
      }
      for (const [name, { configKey }] of Object.entries(SETTINGS)) {
        if (!(name in defaults)) continue;
        const row = text.split("\n").find((line) => line.startsWith(`| \`${configKey}\``));
        expect(row?.split("|")[3]?.trim(), `${page}: ${configKey}`).toBe(`\`${defaults[name]}\``);
      }
      for (const region of REGION_NAMES) expect(text, page).toContain(`\`${region}\``);
    }
    // The key-rotation rule sits next to the secret key in the README.
    const rotation = readme.indexOf("**Rotating the secret key.**");
    expect(rotation).toBeGreaterThan(readme.indexOf("| `tencentcloud-chat:secretKey` (secret)"));
    expect(readme.slice(rotation, readme.indexOf("\n\n", rotation))).toContain("pulumi up");
  });

  it("docs/semantics.md documents every input and the limits", () => {
    for (const key of INPUT_KEYS) expect(semantics).toMatch(new RegExp(`^\\| \`${key}\``, "m"));
    for (const [field, bytes] of Object.entries(TEXT_LIMITS_BYTES)) {
      expect(semantics).toMatch(new RegExp(`\\| \`${field}\` \\| string \\| (?:an absolute \`http\\(s\\)\` URL of )?at most ${bytes} bytes`));
      expect(readme).toContain(`\`${field}\` ${bytes}`);
    }
  });

  it("docs/client.md lists every client tunable with its default", () => {
    const defaults = resolveTunables({});
    const section = client.slice(client.indexOf("## Tunables"));
    for (const [key, value] of Object.entries(defaults)) {
      const row = section.split("\n").find((line) => line.includes(`\`${key}\``));
      expect(row, key).toBeDefined();
      const names = [...row!.matchAll(/`(\w+)`/g)].map((match) => match[1]);
      const values = row!.split("|")[2]!.split("/").map((text) => Number(text.replace(/\s/g, "")));
      expect(values[names.indexOf(key)], key).toBe(value);
    }
  });

  it("docs/errors.md lists every error code: the resource's, the client's, and every Tencent code with its hint", () => {
    for (const code of [...PROVIDER_CODES, ...CLIENT_CODES]) expect(errors).toContain(`| \`${code}\` |`);
    for (const [code, entry] of Object.entries(ERROR_CODE_TABLE)) {
      const row = errors.split("\n").find((line) => line.startsWith("| ") && line.split("|")[1]!.split(",").map((c) => c.trim()).includes(code));
      expect(row, `ErrorCode ${code}`).toBeDefined();
      expect(row).toContain(entry.hint);
      expect(row!.split("|")[2]!.trim()).toBe(entry.kind === "final" ? "no" : `yes (${entry.kind})`);
    }
  });

  it("docs/emulator.md contains the assumptions table exactly, and every fault, command, CLI flag and control route", () => {
    expect(emulatorPage).toContain(renderAssumptionsTable());
    for (const kind of FAULT_KINDS) expect(emulatorPage).toContain(`\`${kind}\``);
    for (const command of COMMAND_NAMES) expect(emulatorPage).toContain(`\`${command}\``);
    for (const flag of new Set(EMULATOR_USAGE.match(/--[a-z-]+/g) ?? [])) {
      if (flag === "--help" || flag === "--after-apply") continue;
      expect(emulatorPage).toContain(flag);
    }
    for (const route of ADMIN_ROUTES) expect(emulatorPage).toContain(route.split(/\s+/)[1] as string);
  });

  it("points the top-level Pulumi.yaml at the demo program, in a package scope of its own", () => {
    const project = readFileSync(resolve(root, "Pulumi.yaml"), "utf8");
    const main = /^main:\s*(\S+)\s*$/m.exec(project)?.[1];
    expect(main).toBe("examples/demo/");
    const programPackage = JSON.parse(readFileSync(resolve(root, main!, "package.json"), "utf8")) as { name: string; main: string };
    expect(existsSync(resolve(root, main!, programPackage.main))).toBe(true);
    // Same name as the repository's package would make Node resolve the import to the source tree (self-reference).
    const rootPackage = JSON.parse(readFileSync(resolve(root, "package.json"), "utf8")) as { name: string };
    expect(programPackage.name).not.toBe(rootPackage.name);
    expect(readFileSync(resolve(root, main!, programPackage.main), "utf8")).toContain(`from "${rootPackage.name}"`);
  });

  it("names only files and directories that exist, in docs/development.md's layout and in every relative link (README, docs/, examples/)", () => {
    const development = doc("development.md");
    const layout = development.slice(development.indexOf("## Repository layout"));
    const paths = [...layout.matchAll(/^(\S+\/?)\s{2,}/gm)].map((match) => match[1] as string).filter((path) => path !== "```");
    expect(paths.length).toBeGreaterThan(8);
    for (const path of paths) expect(existsSync(resolve(root, path)), path).toBe(true);
    const exampleReadmes = readdirSync(resolve(root, "examples"))
      .map((name) => `examples/${name}/README.md`)
      .filter((file) => existsSync(resolve(root, file)));
    const files = [
      ["README.md", readme],
      ...DOC_PAGES.map((page) => [`docs/${page}`, doc(page)]),
      ...exampleReadmes.map((file) => [file, readFileSync(resolve(root, file), "utf8")]),
    ] as const;
    let links = 0;
    for (const [file, text] of files) {
      for (const [, target, fragment] of text.matchAll(/\]\((?!https?:|mailto:)([^)#\s]*)(?:#([^)\s]*))?\)/g)) {
        links += 1;
        const path = resolve(root, dirname(file), target || file.replace(/^.*\//, ""));
        expect(existsSync(path), `${file} links ${target}`).toBe(true);
        if (fragment) expect(headingSlugs(readFileSync(path, "utf8")), `${file} links ${target}#${fragment}`).toContain(fragment);
      }
    }
    expect(links).toBeGreaterThan(30);
  });

  it("docs/ has the Pulumi Registry layout: every page with front matter, _index and installation-configuration as package pages", () => {
    expect(DOC_PAGES).toEqual(expect.arrayContaining(["_index.md", "installation-configuration.md", "architecture.md"]));
    for (const page of DOC_PAGES) {
      const front = /^---\n([\s\S]*?)\n---\n/.exec(doc(page))?.[1];
      expect(front, page).toBeDefined();
      expect(front, page).toMatch(/^title: \S/m);
      expect(front, page).toMatch(/^meta_desc: \S/m);
    }
    for (const page of ["_index.md", "installation-configuration.md"]) expect(doc(page)).toMatch(/^---\n[\s\S]*?^layout: package$/m);
    expect(doc("_index.md")).toContain('from "pulumi-tencentcloud-chat"');
  });
});

/** GitHub's anchors of a markdown text's headings (outside code fences). */
function headingSlugs(markdown: string): string[] {
  let fenced = false;
  const slugs: string[] = [];
  for (const line of markdown.split("\n")) {
    if (line.startsWith("```")) fenced = !fenced;
    const heading = fenced ? null : /^#{1,6} (.*)$/.exec(line);
    if (heading) slugs.push((heading[1] as string).trim().toLowerCase().replace(/[^\w\- ]/g, "").replace(/ /g, "-"));
  }
  return slugs;
}
