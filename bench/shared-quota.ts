import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { COMMANDS } from "../provider/chat/official-accounts";
import { BENCH_APP, seedAccounts, startBenchEmulator } from "./profiles";
import { arrivalTimeline, commandThroughput, summarizeWindow, THROTTLED_CODE, TrafficRecorder, type RequestRecord } from "./traffic";
import type { WorkerArgs, WorkerKind, WorkerResult } from "./shared-quota-worker";

/**
 * Several processes sharing one app's quota (docs/benchmarks.md, "Shared quota"): N real child processes,
 * each with its own client, each sending its own modify calls with `concurrency` in flight, against one
 * emulator limiting the app to `ratePerSecond`. Every figure comes from the emulator's request stream or the
 * processes' own results.
 */

export const SHARED_QUOTA_KINDS: readonly WorkerKind[] = ["ours", "ours-fixed", "baseline"];

export interface SharedQuotaOptions {
  processes: number;
  callsPerProcess: number;
  concurrency: number;
  latencyMs: number;
  ratePerSecond: number;
  load?: WorkerArgs["load"];
  maxAttempts?: WorkerArgs["maxAttempts"];
}

export interface SharedQuotaFigures {
  kind: WorkerKind;
  processes: number;
  calls: number;
  ok: number;
  /** Calls that failed with 60007, summed over the processes. */
  throttleErrors: number;
  otherErrors: number;
  errorSample: string | undefined;
  /** Requests the emulator answered 60007. */
  rejectedRequests: number;
  requests: number;
  /** Accepted modify calls per second at the emulator (first to last arrival) ÷ the limit. */
  goodputShare: number | undefined;
  /**
   * Each process's successful calls while all of them were running (from the start to the first process
   * done), divided by the fair share (that window's total ÷ N): the lowest and the highest.
   */
  fairShareMin: number | undefined;
  fairShareMax: number | undefined;
  wallMs: number;
  /** Modify requests per second at the emulator, from the first: accepted / answered 60007. */
  timeline: { accepted: number[]; rejected: number[] };
}

const MODIFY_COMMAND = COMMANDS.modify;
const WORKER = path.join(__dirname, "shared-quota-worker.ts");
const repoRoot = path.resolve(__dirname, "..");

interface Worker {
  child: ChildProcess;
  ready: Promise<void>;
  result: Promise<WorkerResult>;
}

function startWorker(args: WorkerArgs): Worker {
  const child = spawn(process.execPath, ["--import", "tsx", WORKER, JSON.stringify(args)], {
    cwd: repoRoot,
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  let onReady!: () => void;
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  const result = new Promise<WorkerResult>((resolve, reject) => {
    let resolved = false;
    lines.on("line", (line) => {
      if (line === "ready") onReady();
      else if (line.startsWith("{")) {
        resolved = true;
        resolve(JSON.parse(line) as WorkerResult);
      }
    });
    child.once("error", reject);
    child.once("exit", (code) => {
      if (!resolved) reject(new Error(`shared-quota worker exited with ${String(code)} before reporting`));
    });
  });
  // A worker that dies before "ready" must not hang the start.
  void result.catch(() => onReady());
  return { child, ready, result };
}

export async function sharedQuotaRun(kind: WorkerKind, options: SharedQuotaOptions): Promise<SharedQuotaFigures> {
  const traffic = new TrafficRecorder();
  const emulator = await startBenchEmulator(options, traffic);
  const workers: Worker[] = [];
  try {
    seedAccounts(emulator, options.processes * options.callsPerProcess);
    for (let index = 0; index < options.processes; index += 1) {
      workers.push(
        startWorker({
          kind,
          endpoint: emulator.url,
          sdkAppId: BENCH_APP.sdkAppId,
          secretKey: BENCH_APP.secretKey,
          ratePerSecond: options.ratePerSecond,
          calls: options.callsPerProcess,
          concurrency: options.concurrency,
          firstIndex: index * options.callsPerProcess,
          load: options.load ?? "dist",
          ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
        }),
      );
    }
    await Promise.all(workers.map((worker) => worker.ready));
    const goAtMs = Date.now();
    for (const worker of workers) worker.child.stdin?.end("go\n");
    const results = await Promise.all(workers.map((worker) => worker.result));
    const wallMs = Math.max(...results.map((result) => result.finishedAtMs)) - goAtMs;
    const window = summarizeWindow(traffic.records);
    const modify = commandThroughput(traffic.records, MODIFY_COMMAND, { ratePerSecond: options.ratePerSecond, burst: options.ratePerSecond });
    const shares = fairShares(results);
    const firstError = results.find((result) => result.errorSample !== undefined)?.errorSample;
    return {
      kind,
      processes: options.processes,
      calls: options.processes * options.callsPerProcess,
      ok: sum(results.map((result) => result.ok)),
      throttleErrors: sum(results.map((result) => result.throttleErrors)),
      otherErrors: sum(results.map((result) => result.otherErrors)),
      errorSample: firstError,
      rejectedRequests: window.throttled,
      requests: window.requests,
      goodputShare: modify.acceptedPerSecond === undefined ? undefined : modify.acceptedPerSecond / options.ratePerSecond,
      fairShareMin: shares?.min,
      fairShareMax: shares?.max,
      wallMs,
      timeline: {
        accepted: arrivalTimeline(traffic.records.filter((record) => record.resultCode === 0), MODIFY_COMMAND, 1_000),
        rejected: perSecondFrom(traffic.records, THROTTLED_CODE),
      },
    };
  } finally {
    for (const worker of workers) if (worker.child.exitCode === null) worker.child.kill();
    await emulator.close();
  }
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

/** Successful calls per process up to the first process's finish, over the fair share of that window. */
export function fairShares(results: readonly Pick<WorkerResult, "okAtMs" | "finishedAtMs">[]): { min: number; max: number } | undefined {
  if (results.length < 2) return undefined;
  const windowEnd = Math.min(...results.map((result) => result.finishedAtMs));
  const counts = results.map((result) => result.okAtMs.filter((at) => at <= windowEnd).length);
  const fair = sum(counts) / counts.length;
  if (fair === 0) return undefined;
  return { min: Math.min(...counts) / fair, max: Math.max(...counts) / fair };
}

/** Requests answered `code` per second, counted from the first modify arrival (so it lines up with the accepted timeline). */
function perSecondFrom(records: readonly RequestRecord[], code: number): number[] {
  const modify = records.filter((record) => record.command === MODIFY_COMMAND);
  if (modify.length === 0) return [];
  const first = Math.min(...modify.map((record) => record.arrivalMs));
  const last = Math.max(...modify.map((record) => record.arrivalMs));
  const buckets = Array.from({ length: Math.floor((last - first) / 1000) + 1 }, () => 0);
  for (const record of modify) {
    if (record.resultCode !== code) continue;
    const index = Math.floor((record.arrivalMs - first) / 1000);
    buckets[index] = (buckets[index] ?? 0) + 1;
  }
  return buckets;
}
