import path from "node:path";
import { repoRoot } from "../engine-standin";

/** `npm run bench -- --resources 100 --runs 1` and friends. Defaults are the published configuration. */
export interface BenchOptions {
  resources: number;
  runs: number;
  /** Steps in flight, like `pulumi up --parallel` (also used for refresh). */
  parallel: number;
  latencyMs: number;
  ratePerSecond: number;
  /** Calls timed per run for the CPU-per-call figure. */
  cpuCalls: number;
  maxUpRounds: number;
  /** Markdown output file. */
  out: string;
  /** Raw per-run figures as JSON, when set. */
  json: string | undefined;
  /** Compile dist/ first (the packed package is built from it). */
  build: boolean;
  /** Skip the engine scenarios (converge, refresh, state, host memory): client figures only. */
  skipEngine: boolean;
  /** Keep the scratch stacks under .scratch/ for inspection. */
  keepScratch: boolean;
  /** Process counts for the shared-quota section (empty: skip it). Each process sends `resources` calls (half from 8 up). */
  sharedQuotaProcesses: number[];
}

export const DEFAULT_OPTIONS: BenchOptions = {
  resources: 1_000,
  runs: 3,
  parallel: 64,
  latencyMs: 20,
  ratePerSecond: 200,
  cpuCalls: 4_000,
  maxUpRounds: 30,
  out: path.join(repoRoot, "BENCHMARKS.md"),
  json: undefined,
  build: true,
  skipEngine: false,
  keepScratch: false,
  sharedQuotaProcesses: [1, 2, 4, 8],
};

export const USAGE = `Usage: npm run bench -- [options]   (or: npx tsx bench/run.ts [options])

  --resources N      profiles to converge and refresh (default ${DEFAULT_OPTIONS.resources})
  --runs N           runs per implementation; figures are medians (default ${DEFAULT_OPTIONS.runs})
  --parallel N       steps in flight, like pulumi up --parallel (default ${DEFAULT_OPTIONS.parallel})
  --latency-ms N     latency the emulator adds to every call (default ${DEFAULT_OPTIONS.latencyMs})
  --rate N           the emulator's limit per API per app, calls/s (default ${DEFAULT_OPTIONS.ratePerSecond})
  --cpu-calls N      calls timed for CPU per call (default ${DEFAULT_OPTIONS.cpuCalls})
  --max-up-rounds N  give up re-running up after N rounds (default ${DEFAULT_OPTIONS.maxUpRounds})
  --out FILE         markdown output (default BENCHMARKS.md in the repository)
  --json FILE        also write the raw per-run figures
  --no-build         do not compile dist/ first
  --skip-engine      client figures only (no engine stand-in, no state or host figures)
  --keep-scratch     keep the scratch stacks under .scratch/
  --shared-quota L   process counts sharing one app, comma-separated (default ${DEFAULT_OPTIONS.sharedQuotaProcesses.join(",")})
  --skip-shared-quota  leave the shared-quota section out
  --help`;

export class BenchArgsError extends Error {
  readonly code = "bench-args";
}

function positiveInteger(flag: string, text: string | undefined): number {
  const value = Number(text);
  if (text === undefined || !/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < 1) {
    throw new BenchArgsError(`${flag} needs a positive integer, got ${text === undefined ? "nothing" : JSON.stringify(text)}`);
  }
  return value;
}

function nonNegativeInteger(flag: string, text: string | undefined): number {
  const value = Number(text);
  if (text === undefined || !/^\d+$/.test(text) || !Number.isSafeInteger(value)) {
    throw new BenchArgsError(`${flag} needs a non-negative integer, got ${text === undefined ? "nothing" : JSON.stringify(text)}`);
  }
  return value;
}

/** Returns undefined for --help. */
export function parseBenchArgs(argv: readonly string[], cwd: string = process.cwd()): BenchOptions | undefined {
  const options: BenchOptions = { ...DEFAULT_OPTIONS };
  for (let index = 0; index < argv.length; index += 1) {
    const flag = argv[index] as string;
    const value = (): string | undefined => {
      index += 1;
      return argv[index];
    };
    switch (flag) {
      case "--resources":
        options.resources = positiveInteger(flag, value());
        break;
      case "--runs":
        options.runs = positiveInteger(flag, value());
        break;
      case "--parallel":
        options.parallel = positiveInteger(flag, value());
        break;
      case "--latency-ms":
        options.latencyMs = nonNegativeInteger(flag, value());
        break;
      case "--rate":
        options.ratePerSecond = positiveInteger(flag, value());
        break;
      case "--cpu-calls":
        options.cpuCalls = positiveInteger(flag, value());
        break;
      case "--max-up-rounds":
        options.maxUpRounds = positiveInteger(flag, value());
        break;
      case "--out": {
        const file = value();
        if (!file) throw new BenchArgsError("--out needs a file name");
        options.out = path.resolve(cwd, file);
        break;
      }
      case "--json": {
        const file = value();
        if (!file) throw new BenchArgsError("--json needs a file name");
        options.json = path.resolve(cwd, file);
        break;
      }
      case "--no-build":
        options.build = false;
        break;
      case "--skip-engine":
        options.skipEngine = true;
        break;
      case "--keep-scratch":
        options.keepScratch = true;
        break;
      case "--shared-quota": {
        const list = value();
        options.sharedQuotaProcesses = (list ?? "").split(",").map((item) => positiveInteger(flag, item));
        break;
      }
      case "--skip-shared-quota":
        options.sharedQuotaProcesses = [];
        break;
      case "--help":
      case "-h":
        return undefined;
      default:
        throw new BenchArgsError(`unknown option ${JSON.stringify(flag)}\n\n${USAGE}`);
    }
  }
  return options;
}
