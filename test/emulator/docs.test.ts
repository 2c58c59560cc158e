/** docs/emulator.md stays true to the code: the assumptions table, every fault, code, flag and route. */
import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ADMIN_ROUTES, ASSUMPTIONS, CODES, COMMAND_NAMES, FAULT_KINDS, renderAssumptionsTable } from "../../emulator";
import { EMULATOR_USAGE } from "../../emulator/cli-args";

const page = readFileSync(resolve(__dirname, "../../docs/emulator.md"), "utf8");

describe("docs/emulator.md", () => {
  it("contains the assumptions table exactly as emulator/assumptions.ts renders it", () => {
    expect(page).toContain(renderAssumptionsTable());
    expect(new Set(ASSUMPTIONS.map((a) => a.id)).size).toBe(ASSUMPTIONS.length);
  });

  it("names every fault kind, every answered code, every command, every CLI flag and every control route", () => {
    for (const kind of FAULT_KINDS) expect(page).toContain(`\`${kind}\``);
    for (const code of Object.values(CODES).filter((c) => c !== 0)) expect(page).toMatch(new RegExp(`\\b${code}\\b`));
    for (const command of COMMAND_NAMES) expect(page).toContain(`\`${command}\``);
    for (const flag of cliFlags()) expect(page).toContain(flag);
    for (const route of ADMIN_ROUTES) {
      const path = route.split(/\s+/)[1] as string;
      expect(page).toContain(path);
    }
  });

  it("the Command line flag table has a row for every flag of the CLI's usage text", () => {
    const section = page.slice(page.indexOf("## Command line"), page.indexOf("## Library (tests, your own CI)"));
    const tableRows = section.split("\n").filter((line) => line.startsWith("| `--"));
    const documented = new Set(tableRows.flatMap((row) => [...(row.split("|")[1] ?? "").matchAll(/`(--[a-z-]+)/g)].map((match) => match[1])));
    expect([...cliFlags()].filter((flag) => !documented.has(flag))).toEqual([]);
  });

  it("every assumption ID cited in emulator/ exists in the table", () => {
    const dir = resolve(__dirname, "../../emulator");
    const files = (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith(".ts") && f !== "assumptions.ts");
    expect(files.length).toBeGreaterThan(10);
    const ids = new Set(ASSUMPTIONS.map((a) => a.id));
    for (const file of files) {
      for (const cited of readFileSync(resolve(dir, file), "utf8").match(/A-[A-Z][A-Z0-9-]*[A-Z0-9]/g) ?? []) {
        expect(ids, `${file} cites ${cited}`).toContain(cited);
      }
    }
  });
});

/** Flags of the emulator's usage text, aside from `--help`, the `-after-apply` suffix and the `--fault-*` wildcard. */
function cliFlags(): Set<string> {
  const named = EMULATOR_USAGE.match(/--[a-z-]+/g) ?? [];
  return new Set(named.filter((flag) => flag !== "--help" && flag !== "--after-apply" && !flag.endsWith("-")));
}
