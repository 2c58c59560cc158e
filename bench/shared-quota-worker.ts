/**
 * One process of the shared-quota benchmark (bench/shared-quota.ts): its own client, `calls` modify calls with
 * `concurrency` in flight against one emulator, as one of several stacks or scripts driving the same app.
 * Protocol: prints "ready" once loaded, starts on a line from stdin (so every process starts together),
 * prints one JSON line of WorkerResult and exits. Kept free of the bench's heavier modules so it starts fast.
 */
import path from "node:path";
import { createInterface } from "node:readline";
import type * as ChatModule from "../provider/chat";

export type WorkerKind = "ours" | "ours-fixed" | "baseline";

export interface WorkerArgs {
  kind: WorkerKind;
  endpoint: string;
  sdkAppId: number;
  secretKey: string;
  /** The client's configured rate (the documented limit). */
  ratePerSecond: number;
  calls: number;
  concurrency: number;
  /** Accounts firstIndex … firstIndex + calls − 1 (bench/profiles.ts names). */
  firstIndex: number;
  /** "dist" (what the package ships; the bench) or "source" (tests, through tsx). */
  load: "dist" | "source";
  /** Our client's maxAttempts (default: the package default). The naive baseline has no retries to bound. */
  maxAttempts?: number;
}

export interface WorkerResult {
  ok: number;
  throttleErrors: number;
  otherErrors: number;
  errorSample: string | undefined;
  /** Date.now() when each successful call returned. */
  okAtMs: number[];
  startedAtMs: number;
  finishedAtMs: number;
}

interface ModifyArgs {
  officialAccount: string;
  name: string;
  introduction: string;
}

function modifyArgs(index: number): ModifyArgs {
  return { officialAccount: `@TOA#_bench_${index}`, name: `Shared quota ${index}`, introduction: `Process-shared quota run, account ${index}.` };
}

const repoRoot = path.resolve(__dirname, "..");

function ourModify(args: WorkerArgs): (call: ModifyArgs) => Promise<void> {
  const modulePath = args.load === "dist" ? path.join(repoRoot, "dist", "provider", "chat", "index.js") : path.join(repoRoot, "provider", "chat");
  const chat = require(modulePath) as typeof ChatModule;
  const rateLimiter = new chat.RateLimiterRegistry({ adaptive: args.kind === "ours" });
  const client = chat.createOfficialAccountClient(
    { sdkAppId: args.sdkAppId, secretKey: args.secretKey, endpoint: args.endpoint },
    { maxRequestsPerSecond: args.ratePerSecond, rateLimiter, ...(args.maxAttempts === undefined ? {} : { maxAttempts: args.maxAttempts }) },
  );
  return ({ officialAccount, ...fields }) => client.modifyBaseInfo(officialAccount, fields);
}

function baselineModify(args: WorkerArgs): (call: ModifyArgs) => Promise<void> {
  process.env["TENCENTCLOUD_CHAT_SDKAPPID"] = String(args.sdkAppId);
  process.env["TENCENTCLOUD_CHAT_SECRET_KEY"] = args.secretKey;
  process.env["TENCENTCLOUD_CHAT_ENDPOINT"] = args.endpoint;
  const naive = require(path.join(__dirname, "naive-provider", "index.js")) as {
    callChat(command: string, body: object): Promise<unknown>;
    toWire(inputs: object): object;
  };
  return async (call) => {
    await naive.callChat("modify_official_account_base_info", naive.toWire(call));
  };
}

async function run(args: WorkerArgs, modify: (call: ModifyArgs) => Promise<void>): Promise<WorkerResult> {
  const result: WorkerResult = { ok: 0, throttleErrors: 0, otherErrors: 0, errorSample: undefined, okAtMs: [], startedAtMs: Date.now(), finishedAtMs: 0 };
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < args.calls) {
      const index = args.firstIndex + next;
      next += 1;
      try {
        await modify(modifyArgs(index));
        result.ok += 1;
        result.okAtMs.push(Date.now());
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (/\b60007\b/.test(message)) result.throttleErrors += 1;
        else result.otherErrors += 1;
        result.errorSample ??= message.slice(0, 300);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(args.concurrency, args.calls) }, () => worker()));
  result.finishedAtMs = Date.now();
  return result;
}

async function main(): Promise<void> {
  const args = JSON.parse(process.argv[2] ?? "") as WorkerArgs;
  const modify = args.kind === "baseline" ? baselineModify(args) : ourModify(args);
  const lines = createInterface({ input: process.stdin });
  const go = new Promise<void>((resolve) => lines.once("line", () => resolve()));
  process.stdout.write("ready\n");
  await go;
  lines.close();
  const result = await run(args, modify);
  process.stdout.write(`${JSON.stringify(result)}\n`);
  if (args.kind !== "baseline") {
    const chat = require(args.load === "dist" ? path.join(repoRoot, "dist", "provider", "chat", "index.js") : path.join(repoRoot, "provider", "chat")) as typeof ChatModule;
    await chat.closeSharedPools();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
