/**
 * README.md stays true to the code: the settings, the tunables, every error code and its hint, the emulator's
 * assumptions table, faults, commands, flags and control routes, the scripts it tells people to run, and the
 * files its layout names.
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
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

describe("README.md", () => {
  it("starts with the two commands a newcomer needs", () => {
    const quickstart = readme.slice(readme.indexOf("## Quickstart"), readme.indexOf("## The demo"));
    expect(quickstart).toContain("npm run demo");
    expect(quickstart).toContain("npm test");
    expect(readme.indexOf("## Quickstart")).toBeLessThan(2000);
  });

  it("names every script it tells people to run, and they exist", () => {
    const scripts = (JSON.parse(readFileSync(resolve(root, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
    const named = new Set([...readme.matchAll(/npm run ([a-z]+(?::[a-z]+)?)/g)].map((match) => match[1] as string));
    expect([...named].sort()).toEqual(expect.arrayContaining(["build", "demo", "demo:install", "emulator", "typecheck"]));
    for (const script of named) expect(scripts, `npm run ${script}`).toHaveProperty(script);
    expect(readFileSync(resolve(root, ".ci/run"), "utf8")).toMatch(/npm ci\nnpm test\n/);
  });

  it("documents every stack setting with its environment variable, every input and the limits", () => {
    expect(providerCodesComplete && clientCodesComplete).toBe(true);
    for (const { configKey, envVar } of Object.values(SETTINGS)) {
      expect(readme).toMatch(new RegExp(`\\| \`${configKey}\`(?: \\(secret\\))? \\| \`${envVar.replace(/[<>]/g, "\\$&")}\` \\|`));
    }
    const defaults = resolveTunables({}) as unknown as Record<string, number>;
    for (const [name, { configKey }] of Object.entries(SETTINGS)) {
      if (!(name in defaults)) continue;
      const row = readme.split("\n").find((line) => line.startsWith(`| \`${configKey}\``));
      expect(row?.split("|")[3]?.trim(), configKey).toBe(`\`${defaults[name]}\``);
    }
    for (const key of INPUT_KEYS) expect(readme).toMatch(new RegExp(`^\\| \`${key}\``, "m"));
    for (const [field, bytes] of Object.entries(TEXT_LIMITS_BYTES)) {
      expect(readme).toMatch(new RegExp(`\\| \`${field}\` \\| string \\| (?:an absolute \`http\\(s\\)\` URL of )?at most ${bytes} bytes`));
    }
    for (const region of REGION_NAMES) expect(readme).toContain(`\`${region}\``);
  });

  it("lists every client tunable with its default", () => {
    const defaults = resolveTunables({});
    const section = readme.slice(readme.indexOf("**Client tunables.**"), readme.indexOf("## Inputs and outputs"));
    for (const [key, value] of Object.entries(defaults)) {
      const row = section.split("\n").find((line) => line.includes(`\`${key}\``));
      expect(row, key).toBeDefined();
      const names = [...row!.matchAll(/`(\w+)`/g)].map((match) => match[1]);
      const values = row!.split("|")[2]!.split("/").map((text) => Number(text.replace(/\s/g, "")));
      expect(values[names.indexOf(key)], key).toBe(value);
    }
  });

  it("lists every error code: the resource's, the client's, and every Tencent code with its hint", () => {
    for (const code of [...PROVIDER_CODES, ...CLIENT_CODES]) expect(readme).toContain(`| \`${code}\` |`);
    for (const [code, entry] of Object.entries(ERROR_CODE_TABLE)) {
      const row = readme.split("\n").find((line) => line.startsWith("| ") && line.split("|")[1]!.split(",").map((c) => c.trim()).includes(code));
      expect(row, `ErrorCode ${code}`).toBeDefined();
      expect(row).toContain(entry.hint);
      expect(row!.split("|")[2]!.trim()).toBe(entry.kind === "final" ? "no" : `yes (${entry.kind})`);
    }
  });

  it("contains the emulator's assumptions table exactly, and every fault, command, CLI flag and control route", () => {
    expect(readme).toContain(renderAssumptionsTable());
    for (const kind of FAULT_KINDS) expect(readme).toContain(`\`${kind}\``);
    for (const command of COMMAND_NAMES) expect(readme).toContain(`\`${command}\``);
    for (const flag of new Set(EMULATOR_USAGE.match(/--[a-z-]+/g) ?? [])) {
      if (flag === "--help" || flag === "--after-apply") continue;
      expect(readme).toContain(flag);
    }
    for (const route of ADMIN_ROUTES) expect(readme).toContain(route.split(/\s+/)[1] as string);
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

  it("names only files and directories that exist in its layout and links", () => {
    const layout = readme.slice(readme.indexOf("## Repository layout"));
    const paths = [...layout.matchAll(/^(\S+\/?)\s{2,}/gm)].map((match) => match[1] as string).filter((path) => path !== "```");
    expect(paths.length).toBeGreaterThan(8);
    for (const path of paths) expect(existsSync(resolve(root, path)), path).toBe(true);
    for (const [, target] of readme.matchAll(/\]\(((?:examples|docs|provider|emulator|demo)[^)#]*)\)/g)) {
      expect(existsSync(resolve(root, target as string)), target).toBe(true);
    }
  });
});
