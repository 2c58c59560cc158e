import { execFile } from "node:child_process";
import { performance } from "node:perf_hooks";
import { promisify } from "node:util";
import { repoRoot } from "../engine-standin";
import { DEFAULTS } from "../provider/defaults";
import type { BenchOptions } from "./args";
import { clientAtLimit, clientCpuCost, type ClientLimitFigures, type CpuCostFigures } from "./client-scenarios";
import { IMPLEMENTATIONS, type ImplementationKey } from "./implementations";
import { loadAverage1m, machineInfo, type MachineInfo } from "./machine";
import { prepareStack, rerunProgram, runScenario, type PreparedStack, type RunFigures } from "./scenario";
import { pluginStartupRun, type PluginStartupFigures } from "./plugin-startup";
import { SHARED_QUOTA_KINDS, sharedQuotaRun, type SharedQuotaFigures } from "./shared-quota";

const execFileAsync = promisify(execFile);

/** Everything one implementation produced in one run. */
export interface ImplementationRun {
  /** Undefined with --skip-engine. */
  engine: RunFigures | undefined;
  clientLimit: ClientLimitFigures;
  cpu: CpuCostFigures;
  /** Program run (N registrations serialized) in this run; undefined with --skip-engine. */
  programMs: number | undefined;
}

export type RunResult = Record<ImplementationKey, ImplementationRun>;

export interface BenchResults {
  options: BenchOptions;
  machine: MachineInfo;
  /** DEFAULTS.poolConnections: the connection target. */
  poolConnections: number;
  /** Program run (N registrations serialized), once per implementation. */
  programMs: Partial<Record<ImplementationKey, number>>;
  runs: RunResult[];
  /** Per run: every (process count, implementation) of the shared-quota section. */
  sharedQuota: SharedQuotaFigures[][];
  /** The provider plugin's start-up beside the dynamic host's; undefined with --skip-engine. */
  pluginStartup: PluginStartupFigures | undefined;
  durationMs: number;
}

export type Log = (line: string) => void;

/** Rounds of the plugin start-up section (each starts both front ends once; a few seconds each). */
const PLUGIN_STARTUP_ROUNDS = 5;

/** In-flight calls for the CPU-per-call timing (enough to exercise the client's queues, not the network). */
const CPU_CONCURRENCY = 16;

async function buildDist(log: Log): Promise<void> {
  log("building dist/ (tsc -p tsconfig.build.json) …");
  await execFileAsync(process.execPath, [require.resolve("typescript/bin/tsc", { paths: [repoRoot] }), "-p", "tsconfig.build.json"], {
    cwd: repoRoot,
    maxBuffer: 16 * 1024 * 1024,
  });
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

export async function runBench(options: BenchOptions, log: Log = () => undefined): Promise<BenchResults> {
  const started = performance.now();
  const loadAtStart = loadAverage1m();
  if (options.build) await buildDist(log);
  const prepared = new Map<ImplementationKey, PreparedStack>();
  const programMs: BenchResults["programMs"] = {};
  const runs: RunResult[] = [];
  const sharedQuota: SharedQuotaFigures[][] = [];
  let pluginStartup: PluginStartupFigures | undefined;
  try {
    if (!options.skipEngine) {
      for (const implementation of IMPLEMENTATIONS) {
        log(`${implementation.label}: packing, installing and running the program (${options.resources} resources) …`);
        const stack = await prepareStack(implementation, { resources: options.resources });
        prepared.set(implementation.key, stack);
        programMs[implementation.key] = stack.programMs;
        log(`  program ran in ${seconds(stack.programMs)}`);
      }
    }
    for (let run = 1; run <= options.runs; run += 1) {
      // Alternate who goes first, so neither always runs on a warmer machine.
      const order = run % 2 === 1 ? [...IMPLEMENTATIONS] : [...IMPLEMENTATIONS].reverse();
      const result: Partial<RunResult> = {};
      for (const implementation of order) {
        const key = implementation.key;
        let engine: RunFigures | undefined;
        let runProgramMs: number | undefined;
        const stack = prepared.get(key);
        if (stack) {
          log(`run ${run}/${options.runs} ${implementation.label}: program (${options.resources} registrations) …`);
          runProgramMs = await rerunProgram(stack);
          log(`  program ran in ${seconds(runProgramMs)}`);
          log(`run ${run}/${options.runs} ${implementation.label}: converge, state, refresh …`);
          engine = await runScenario(
            stack,
            {
              resources: options.resources,
              parallel: options.parallel,
              latencyMs: options.latencyMs,
              ratePerSecond: options.ratePerSecond,
              maxUpRounds: options.maxUpRounds,
            },
            run,
          );
          log(
            `  up ${seconds(engine.converge.wallMs)} in ${engine.converge.rounds} round(s), ` +
              `${engine.converge.errors.throttle} throttle errors; refresh ${seconds(engine.refresh.wallMs)}, ` +
              `${engine.refresh.getInfoCalls} get-info calls`,
          );
        }
        log(`run ${run}/${options.runs} ${implementation.label}: client at the limit, CPU per call …`);
        const clientLimit = await clientAtLimit(key, {
          calls: options.resources,
          concurrency: options.parallel,
          latencyMs: options.latencyMs,
          ratePerSecond: options.ratePerSecond,
        });
        const cpu = await clientCpuCost(key, options.cpuCalls, CPU_CONCURRENCY);
        log(
          `  ${clientLimit.modify.accepted}/${options.resources} accepted in ${seconds(clientLimit.wallMs)}, ` +
            `${clientLimit.throttleErrors} throttle errors; ${cpu.cpuMicrosPerCall.toFixed(0)} µs CPU per call`,
        );
        result[key] = { engine, clientLimit, cpu, programMs: runProgramMs };
      }
      runs.push(result as RunResult);
      sharedQuota.push(await sharedQuotaRound(options, run, log));
    }
    if (!options.skipEngine) {
      log(`plugin start-up beside the dynamic host, ${PLUGIN_STARTUP_ROUNDS} rounds …`);
      pluginStartup = await pluginStartupRun(PLUGIN_STARTUP_ROUNDS, log);
    }
  } finally {
    if (!options.keepScratch) {
      for (const stack of prepared.values()) await stack.stack.cleanup();
    }
  }
  return {
    options,
    machine: machineInfo(loadAtStart),
    poolConnections: DEFAULTS.poolConnections,
    programMs,
    runs,
    sharedQuota,
    pluginStartup,
    durationMs: performance.now() - started,
  };
}

/** Calls per process in the shared-quota section: `resources` each, half from 8 processes up (the issue's sizes). */
export function sharedQuotaCalls(resources: number, processes: number): number {
  return processes >= 8 ? Math.max(1, Math.floor(resources / 2)) : resources;
}

async function sharedQuotaRound(options: BenchOptions, run: number, log: Log): Promise<SharedQuotaFigures[]> {
  const figures: SharedQuotaFigures[] = [];
  for (const processes of options.sharedQuotaProcesses) {
    for (const kind of SHARED_QUOTA_KINDS) {
      log(`run ${run}/${options.runs} shared quota: ${processes} process(es), ${kind} …`);
      const result = await sharedQuotaRun(kind, {
        processes,
        callsPerProcess: sharedQuotaCalls(options.resources, processes),
        concurrency: options.parallel,
        latencyMs: options.latencyMs,
        ratePerSecond: options.ratePerSecond,
      });
      log(
        `  ${result.ok}/${result.calls} ok, ${result.throttleErrors} failed with 60007, ${result.rejectedRequests} rejected, ` +
          `goodput ${result.goodputShare === undefined ? "—" : `${(result.goodputShare * 100).toFixed(1)} %`}`,
      );
      figures.push(result);
    }
  }
  return figures;
}
