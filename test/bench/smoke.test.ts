import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_OPTIONS } from "../../bench/args";
import { runBench, type BenchResults } from "../../bench/bench";
import { ROWS, renderMarkdown, renderTable } from "../../bench/report";
import { repoRoot } from "../../engine-standin";

/**
 * The bench machinery at a tiny size: 10 calls, 1 run, client figures only (the engine scenarios start a host
 * per operation and run the program, too slow for the test suite; `npm run bench` covers them). Checks that
 * the table has every row and that engine rows say they were not measured. Needs dist/ (`npm test` builds it).
 */

let results: BenchResults;
let dir: string;

beforeAll(async () => {
  if (!existsSync(path.join(repoRoot, "dist", "provider", "chat", "index.js"))) {
    throw new Error("dist/provider/chat/index.js is missing: run `npm run build` first (`npm test` does).");
  }
  dir = await mkdtemp(path.join(tmpdir(), "bench-smoke-"));
  results = await runBench({
    ...DEFAULT_OPTIONS,
    resources: 10,
    runs: 1,
    cpuCalls: 50,
    build: false,
    skipEngine: true,
    sharedQuotaProcesses: [2],
    out: path.join(dir, "BENCHMARKS.md"),
  });
}, 120_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("bench smoke run (client figures only)", () => {
  it("ran both clients against the emulator: every call succeeded well under the limit", () => {
    expect(results.runs).toHaveLength(1);
    const [run] = results.runs;
    for (const key of ["ours", "baseline"] as const) {
      expect(run?.[key].engine).toBeUndefined();
      expect(run?.[key].clientLimit.modify.accepted).toBe(10);
      expect(run?.[key].clientLimit.throttleErrors).toBe(0);
      expect(run?.[key].cpu.calls).toBe(50);
      expect(run?.[key].cpu.cpuMicrosPerCall).toBeGreaterThan(0);
    }
    // Ours goes through its pool; ten calls never need more connections than the pool holds.
    expect(run?.ours.clientLimit.connectionsOpened).toBeLessThanOrEqual(results.poolConnections);
  });

  it("leaves the plugin start-up section out with the engine scenarios, and renders it when measured", () => {
    expect(results.pluginStartup).toBeUndefined();
    expect(renderTable(results)).not.toContain("**Plugin start-up**");
    const sample = (portMs: number, peakRssMiB: number) => ({ portMs, configuredMs: portMs + 10, firstCheckMs: portMs + 20, peakRssMiB });
    const table = renderTable({ ...results, pluginStartup: { rounds: 1, node: "v20", plugin: [sample(300, 80)], dynamic: [sample(900, 120)] } });
    expect(table).toContain("**Plugin start-up**");
    expect(table).toContain("| provider plugin (pulumi-resource-tencentcloud-chat) | 300 (300–300) | 310 (310–310) | 320 (320–320) | 80.0 (80.0–80.0) |");
    expect(table).toContain("| dynamic-provider host (pulumi-resource-pulumi-nodejs) | 900 (900–900) |");
  });

  it("renders every row, with engine rows marked as not measured", () => {
    const table = renderTable(results);
    for (const row of ROWS) expect(table).toContain(`| ${row.label(results)} |`);
    const stateRow = table.split("\n").find((line) => line.startsWith("| `__provider` bytes"));
    expect(stateRow).toContain("| — | — |");
    expect(stateRow).toContain("not measured");
    const clientThrottleRow = table.split("\n").find((line) => line.startsWith("| Throttle errors surfaced (60007) |"));
    expect(clientThrottleRow).toContain("**met**");
  });

  it("ran the shared-quota section for each implementation in child processes and renders its table", () => {
    const [round] = results.sharedQuota;
    expect(round?.map((figures) => figures.kind)).toEqual(["ours", "ours-fixed", "baseline"]);
    for (const figures of round ?? []) {
      expect(figures.processes).toBe(2);
      expect(figures.calls).toBe(20);
      // Twenty calls fit in the emulator's first burst: nothing is throttled, whoever sends them.
      expect(figures.ok).toBe(20);
      expect(figures.rejectedRequests).toBe(0);
    }
    const table = renderTable(results);
    expect(table).toContain("**Shared quota**");
    expect(table.split("\n").find((line) => line.startsWith("| 2 | 20 |"))).toContain("0 failed with 60007: **met** (1/1 runs)");
  });

  it("writes the machine and the date next to the figures", async () => {
    const markdown = renderMarkdown(results);
    expect(markdown).toContain(results.machine.node);
    expect(markdown).toContain(results.machine.date.slice(0, 10));
    expect(markdown).toContain(`${results.machine.cores} cores`);
    // runBench itself does not write files; run.ts does.
    expect(existsSync(results.options.out)).toBe(false);
    expect(await readFile(path.join(repoRoot, "bench", "naive-provider", "package.json"), "utf8")).toContain("naive-chat-profile-provider");
  });
});
