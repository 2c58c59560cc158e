import { stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { performance } from "node:perf_hooks";
import type { Emulator } from "../emulator";
import {
  createEngine,
  preparePackedStack,
  type CapturedResource,
  type OperationResult,
  type PackedStack,
  type StandinEngine,
  type StepResult,
} from "../engine-standin";
import { cpuTimeMs, nodeProcessOf, peakRssBytes } from "./host-process";
import type { Implementation } from "./implementations";
import { benchProfiles, seedAccounts, startBenchEmulator } from "./profiles";
import { arrivalTimeline, commandThroughput, summarizeWindow, TrafficRecorder, type CommandThroughput } from "./traffic";

/**
 * One implementation, one run: a fresh emulator (rate limit, added latency, N accounts seeded), the stand-in
 * engine on the implementation's packed stack, then converge (`up`, re-run while steps fail, as a user would),
 * state size, and `refresh`. Every figure is read from the outside: the emulator's request stream and TCP
 * connection count, the state file, the host's /proc status.
 */

const PROGRAM_FILE = "index.js";

export const MODIFY_COMMAND = "modify_official_account_base_info";
export const GET_INFO_COMMAND = "get_official_account_info";

export interface ScenarioOptions {
  resources: number;
  /** Steps in flight, like `pulumi up --parallel`. */
  parallel: number;
  latencyMs: number;
  ratePerSecond: number;
  /** Stop re-running `up` after this many rounds. */
  maxUpRounds: number;
}

/** A packed stack with the program already run: the registrations are the same for every run. */
export interface PreparedStack {
  implementation: Implementation;
  stack: PackedStack;
  resources: CapturedResource[];
  /** Time to run the program and serialize N registrations (the SDK side of `pulumi up`). */
  programMs: number;
}

export interface ErrorTally {
  /** Failed steps whose error carries 60007 ("too many requests"). */
  throttle: number;
  other: number;
  /** One message of each kind, for the report. */
  samples: string[];
}

export interface ConvergeFigures {
  /** Sum of the `up` rounds' durations: Check/Diff/Create RPCs with the host already started; no program run. */
  wallMs: number;
  rounds: number;
  converged: boolean;
  /** Resources not in state after the last round. */
  missing: number;
  errors: ErrorTally;
  modify: CommandThroughput;
  getInfoCalls: number;
  requests: number;
  throttledAnswers: number;
  /** Retryable answers the client absorbed: retryable answers minus retryable errors surfaced. */
  retries: number;
  connectionsOpened: number;
  /** The most TCP connections open at the same time at the emulator. */
  peakOpenConnections: number;
  hostPeakRssBytes: number | undefined;
  /** Start-up (spawn, port, Configure) of each round's host, not included in wallMs. */
  hostStartMs: number[];
  /** modify requests arriving per 500 ms, from the first. */
  modifyTimeline: number[];
  cpu: CpuFigures;
}

export interface RefreshFigures {
  wallMs: number;
  getInfoCalls: number;
  requests: number;
  throttledAnswers: number;
  errors: ErrorTally;
  connectionsOpened: number;
  hostPeakRssBytes: number | undefined;
  hostStartMs: number;
  cpu: CpuFigures;
}

export interface StateFigures {
  fileBytes: number;
  bytesPerResource: number;
  /** UTF-8 bytes of one resource's `__provider` text (stored twice per resource: inputs and outputs). */
  providerBytes: number | undefined;
  /** `require("…")` targets in `__provider`. */
  providerRequires: string[];
}

export interface RunFigures {
  implementation: Implementation["key"];
  converge: ConvergeFigures;
  state: StateFigures;
  /** `refresh` with the converge parallelism (`--parallel`). */
  refresh: RefreshFigures;
  /** `refresh` with no parallelism bound, the CLI's default. */
  refreshUnbounded: RefreshFigures;
}

export async function prepareStack(implementation: Implementation, options: Pick<ScenarioOptions, "resources">): Promise<PreparedStack> {
  const stack = await preparePackedStack({
    name: `bench-${implementation.key}`,
    programFile: PROGRAM_FILE,
    programSource: implementation.programSource,
    packageSource: implementation.packageSource,
    requiredFiles: implementation.requiredFiles,
    projectName: "bench",
  });
  try {
    await writeFile(path.join(stack.stackDir, "profiles.json"), JSON.stringify(benchProfiles(options.resources)));
    const engine = createEngine({
      stackDir: stack.stackDir,
      config: implementation.stackConfig("http://127.0.0.1:9"),
      programPath: PROGRAM_FILE,
      programEnv: stack.programEnv,
      programTimeoutMs: 600_000,
    });
    const started = performance.now();
    const program = await engine.runProgram();
    const programMs = performance.now() - started;
    await engine.close();
    const resources = program.resources.filter((resource) => resource.custom);
    if (resources.length !== options.resources) {
      throw new Error(`${implementation.label}: the program registered ${resources.length} resources, expected ${options.resources}`);
    }
    return { implementation, stack, resources, programMs };
  } catch (error) {
    await stack.cleanup();
    throw error;
  }
}

/** Runs the prepared stack's program again (same registrations) and returns how long it took. */
export async function rerunProgram(prepared: PreparedStack): Promise<number> {
  const engine = createEngine({
    stackDir: prepared.stack.stackDir,
    config: prepared.implementation.stackConfig("http://127.0.0.1:9"),
    programPath: PROGRAM_FILE,
    programEnv: prepared.stack.programEnv,
    programTimeoutMs: 600_000,
  });
  try {
    const started = performance.now();
    const program = await engine.runProgram();
    const elapsed = performance.now() - started;
    if (program.resources.filter((resource) => resource.custom).length !== prepared.resources.length) {
      throw new Error(`${prepared.implementation.label}: the program registered a different number of resources on a second run`);
    }
    return elapsed;
  } finally {
    await engine.close();
  }
}

function tallyErrors(steps: readonly StepResult[], into: ErrorTally): void {
  for (const step of steps) {
    if (step.status !== "failed") continue;
    const message = step.error ?? "";
    const kind = /\b60007\b/.test(message) ? "throttle" : "other";
    into[kind] += 1;
    const prefix = kind === "throttle" ? "throttle: " : "other: ";
    if (!into.samples.some((sample) => sample.startsWith(prefix))) into.samples.push(`${prefix}${message.slice(0, 300)}`);
  }
}

/** Peak RSS of the host the last operation ran on (it stays up until the next operation starts a fresh one). */
async function hostPeak(engine: StandinEngine): Promise<number | undefined> {
  const host = await engine.host();
  const pid = nodeProcessOf(host.pid);
  return pid === undefined ? undefined : peakRssBytes(pid);
}

/**
 * Starts (and configures) a new host before an operation, as each CLI command does, and returns how long that
 * took. Start-up costs the same for every provider (it loads @pulumi/pulumi), so operations are timed without it.
 */
async function freshHost(engine: StandinEngine): Promise<number> {
  const started = performance.now();
  await engine.restartHost();
  return performance.now() - started;
}

interface CpuMark {
  hostPid: number | undefined;
  host: number | undefined;
  bench: NodeJS.CpuUsage;
}

export interface CpuFigures {
  /** CPU of the dynamic-provider host (the provider's own process), in ms. */
  hostMs: number | undefined;
  /** CPU of this process: the engine stand-in, its gRPC client and the emulator, in ms. */
  benchMs: number;
}

async function cpuMark(engine: StandinEngine): Promise<CpuMark> {
  const hostPid = nodeProcessOf((await engine.host()).pid);
  return { hostPid, host: hostPid === undefined ? undefined : cpuTimeMs(hostPid), bench: process.cpuUsage() };
}

function cpuSince(mark: CpuMark): CpuFigures {
  const hostNow = mark.hostPid === undefined ? undefined : cpuTimeMs(mark.hostPid);
  const bench = process.cpuUsage(mark.bench);
  return {
    hostMs: hostNow === undefined || mark.host === undefined ? undefined : hostNow - mark.host,
    benchMs: (bench.user + bench.system) / 1000,
  };
}

function addCpu(a: CpuFigures, b: CpuFigures): CpuFigures {
  return {
    hostMs: a.hostMs === undefined || b.hostMs === undefined ? undefined : a.hostMs + b.hostMs,
    benchMs: a.benchMs + b.benchMs,
  };
}

function maxDefined(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.max(a, b);
}

async function converge(
  engine: StandinEngine,
  prepared: PreparedStack,
  emulator: Emulator,
  traffic: TrafficRecorder,
  options: ScenarioOptions,
): Promise<ConvergeFigures> {
  const mark = traffic.mark();
  const connectionsBefore = emulator.connectionCount;
  emulator.resetOpenConnectionPeak();
  const errors: ErrorTally = { throttle: 0, other: 0, samples: [] };
  let wallMs = 0;
  let rounds = 0;
  let peak: number | undefined;
  let last: OperationResult | undefined;
  const hostStartMs: number[] = [];
  let cpu: CpuFigures = { hostMs: 0, benchMs: 0 };
  do {
    // Each round is a new `pulumi up`, with a new host; its start-up is timed apart (hostStartMs).
    hostStartMs.push(await freshHost(engine));
    const before = await cpuMark(engine);
    last = await engine.up({ resources: prepared.resources });
    cpu = addCpu(cpu, cpuSince(before));
    rounds += 1;
    wallMs += last.durationMs;
    tallyErrors(last.steps, errors);
    peak = maxDefined(peak, await hostPeak(engine));
  } while (!last.ok && rounds < options.maxUpRounds);
  const state = await engine.readState();
  const inState = new Set(state.resources.map((resource) => resource.urn));
  const missing = prepared.resources.filter((resource) => !inState.has(resource.urn)).length;
  const records = traffic.since(mark);
  const window = summarizeWindow(records);
  return {
    wallMs,
    rounds,
    converged: last.ok && missing === 0,
    missing,
    errors,
    modify: commandThroughput(records, MODIFY_COMMAND, { ratePerSecond: options.ratePerSecond, burst: options.ratePerSecond }),
    getInfoCalls: window.byCommand[GET_INFO_COMMAND] ?? 0,
    requests: window.requests,
    throttledAnswers: window.throttled,
    retries: Math.max(0, window.retryableAnswers - errors.throttle),
    connectionsOpened: emulator.connectionCount - connectionsBefore,
    peakOpenConnections: emulator.openConnectionPeak,
    hostPeakRssBytes: peak,
    hostStartMs,
    modifyTimeline: arrivalTimeline(records, MODIFY_COMMAND, 500),
    cpu,
  };
}

async function measureState(engine: StandinEngine, resources: number): Promise<StateFigures> {
  const fileBytes = (await stat(engine.statePath)).size;
  const state = await engine.readState();
  const dynamic = state.resources.find((resource) => resource.type.startsWith("pulumi-nodejs:dynamic"));
  const text = dynamic?.inputs["__provider"];
  const providerText = typeof text === "string" ? text : undefined;
  const providerRequires = providerText ? [...new Set([...providerText.matchAll(/(?<![.\w])require\("([^"]+)"\)/g)].map((m) => m[1] as string))] : [];
  return {
    fileBytes,
    bytesPerResource: fileBytes / resources,
    providerBytes: providerText === undefined ? undefined : Buffer.byteLength(providerText, "utf8"),
    providerRequires,
  };
}

async function refresh(
  engine: StandinEngine,
  emulator: Emulator,
  traffic: TrafficRecorder,
  parallel?: number,
): Promise<RefreshFigures> {
  const hostStartMs = await freshHost(engine);
  const mark = traffic.mark();
  const connectionsBefore = emulator.connectionCount;
  const before = await cpuMark(engine);
  const result = await engine.refresh(parallel === undefined ? {} : { parallel });
  const cpu = cpuSince(before);
  const errors: ErrorTally = { throttle: 0, other: 0, samples: [] };
  tallyErrors(result.steps, errors);
  const window = summarizeWindow(traffic.since(mark));
  return {
    wallMs: result.durationMs,
    getInfoCalls: window.byCommand[GET_INFO_COMMAND] ?? 0,
    requests: window.requests,
    throttledAnswers: window.throttled,
    errors,
    connectionsOpened: emulator.connectionCount - connectionsBefore,
    hostPeakRssBytes: await hostPeak(engine),
    hostStartMs,
    cpu,
  };
}

export async function runScenario(prepared: PreparedStack, options: ScenarioOptions, runIndex: number): Promise<RunFigures> {
  const traffic = new TrafficRecorder();
  const emulator = await startBenchEmulator(options, traffic);
  const implementation = prepared.implementation;
  const engine = createEngine({
    stackDir: prepared.stack.stackDir,
    config: implementation.stackConfig(emulator.url),
    statePath: path.join(prepared.stack.stackDir, ".pulumi-standin", `run-${runIndex}.json`),
    parallel: options.parallel,
    hostEnv: implementation.hostEnv(emulator.url),
    programPath: PROGRAM_FILE,
    programEnv: prepared.stack.programEnv,
  });
  try {
    seedAccounts(emulator, options.resources);
    const convergeFigures = await converge(engine, prepared, emulator, traffic, options);
    const state = await measureState(engine, options.resources);
    const refreshFigures = await refresh(engine, emulator, traffic);
    const refreshUnbounded = await refresh(engine, emulator, traffic, Number.POSITIVE_INFINITY);
    return { implementation: implementation.key, converge: convergeFigures, state, refresh: refreshFigures, refreshUnbounded };
  } finally {
    await engine.close();
    await emulator.close();
  }
}
