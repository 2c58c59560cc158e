import { performance } from "node:perf_hooks";
import { baselineModifyCaller, ourModifyCaller, runConcurrently, withGlobalFetchDispatcher, type ModifyCaller } from "./clients";
import type { ImplementationKey } from "./implementations";
import { MemoryDispatcher } from "./memory-dispatcher";
import { benchProfiles, seedAccounts, startBenchEmulator } from "./profiles";
import { MODIFY_COMMAND } from "./scenario";
import { commandThroughput, summarizeWindow, TrafficRecorder, type CommandThroughput } from "./traffic";

/**
 * Client-level measurements, without the engine: the same modify calls each provider's create makes, issued
 * straight from this process.
 * - at the limit: N calls, `concurrency` in flight, against the emulator at its rate limit with added latency,
 *   so the rate limit binds whatever the engine's own overhead is;
 * - CPU per call: the client's own work with the network replaced by an in-memory dispatcher.
 */

export interface ClientLimitOptions {
  calls: number;
  concurrency: number;
  latencyMs: number;
  ratePerSecond: number;
}

export interface ClientLimitFigures {
  wallMs: number;
  modify: CommandThroughput;
  requests: number;
  throttledAnswers: number;
  /** Calls that failed with 60007 in the message. */
  throttleErrors: number;
  otherErrors: number;
  errorSample: string | undefined;
  /** Retryable answers the client absorbed. */
  retries: number;
  connectionsOpened: number;
  /** The most TCP connections open at the same time at the emulator. */
  peakOpenConnections: number;
}

export async function clientAtLimit(kind: ImplementationKey, options: ClientLimitOptions): Promise<ClientLimitFigures> {
  const traffic = new TrafficRecorder();
  const emulator = await startBenchEmulator(options, traffic);
  seedAccounts(emulator, options.calls);
  const profiles = benchProfiles(options.calls);
  const caller: ModifyCaller = kind === "ours" ? ourModifyCaller({ endpoint: emulator.url }) : baselineModifyCaller({ endpoint: emulator.url });
  try {
    const started = performance.now();
    const settled = await runConcurrently(options.calls, options.concurrency, (index) => caller.modify((profiles[index] as (typeof profiles)[number]).args));
    const wallMs = performance.now() - started;
    const window = summarizeWindow(traffic.records);
    const throttleErrors = settled.errors.filter((message) => /\b60007\b/.test(message)).length;
    return {
      wallMs,
      modify: commandThroughput(traffic.records, MODIFY_COMMAND, { ratePerSecond: options.ratePerSecond, burst: options.ratePerSecond }),
      requests: window.requests,
      throttledAnswers: window.throttled,
      throttleErrors,
      otherErrors: settled.errors.length - throttleErrors,
      errorSample: settled.errors[0]?.slice(0, 300),
      retries: Math.max(0, window.retryableAnswers - throttleErrors),
      connectionsOpened: emulator.connectionCount,
      peakOpenConnections: emulator.openConnectionPeak,
    };
  } finally {
    await caller.close();
    await emulator.close();
  }
}

export interface CpuCostFigures {
  calls: number;
  /** User + system CPU of this process per call, in µs. */
  cpuMicrosPerCall: number;
}

const OK_ENVELOPE = { ActionStatus: "OK", ErrorCode: 0, ErrorInfo: "" };
/** Never contacted: every request is answered by the in-memory dispatcher. */
const UNUSED_ENDPOINT = "http://127.0.0.1:59999";

async function timeCalls(caller: ModifyCaller, calls: number, concurrency: number): Promise<number> {
  const profiles = benchProfiles(Math.min(calls, 1_000));
  const pick = (index: number) => (profiles[index % profiles.length] as (typeof profiles)[number]).args;
  // Warm-up: JIT, the UserSig cache, first-use allocations.
  const warm = await runConcurrently(Math.min(1_000, calls), concurrency, (index) => caller.modify(pick(index)));
  if (warm.errors.length > 0) throw new Error(`client CPU benchmark: warm-up call failed: ${warm.errors[0]}`);
  const before = process.cpuUsage();
  const settled = await runConcurrently(calls, concurrency, (index) => caller.modify(pick(index)));
  const used = process.cpuUsage(before);
  if (settled.errors.length > 0) throw new Error(`client CPU benchmark: call failed: ${settled.errors[0]}`);
  return (used.user + used.system) / calls;
}

export async function clientCpuCost(kind: ImplementationKey, calls: number, concurrency: number): Promise<CpuCostFigures> {
  const dispatcher = new MemoryDispatcher(OK_ENVELOPE);
  if (kind === "ours") {
    // The limiter still runs (its bookkeeping is part of the cost); its rate is raised so it never sleeps.
    const caller = ourModifyCaller({ endpoint: UNUSED_ENDPOINT, dispatcher, maxRequestsPerSecond: 1e9 });
    try {
      return { calls, cpuMicrosPerCall: await timeCalls(caller, calls, concurrency) };
    } finally {
      await caller.close();
    }
  }
  const caller = baselineModifyCaller({ endpoint: UNUSED_ENDPOINT });
  try {
    return await withGlobalFetchDispatcher(dispatcher, async () => ({ calls, cpuMicrosPerCall: await timeCalls(caller, calls, concurrency) }));
  } finally {
    await caller.close();
  }
}
