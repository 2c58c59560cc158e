import path from "node:path";
import { repoRoot } from "../engine-standin";
import type * as ChatModule from "../provider/chat";
import { BENCH_APP, type ProfileArgs } from "./profiles";

/**
 * The client half of each implementation, loaded in this process: one "modify this profile" call, the way
 * each provider's create makes it. Ours is the compiled client from dist/ (what the package ships); the
 * baseline is the naive provider's own `callChat`, which uses the global fetch.
 */
export interface ModifyCaller {
  modify(args: ProfileArgs): Promise<void>;
  close(): Promise<void>;
}

type NaiveModule = {
  callChat(command: string, body: object): Promise<unknown>;
  toWire(inputs: ProfileArgs): object;
};

export function loadOurChat(): typeof ChatModule {
  return require(path.join(repoRoot, "dist", "provider", "chat", "index.js")) as typeof ChatModule;
}

function loadNaive(): NaiveModule {
  return require(path.join(__dirname, "naive-provider", "index.js")) as NaiveModule;
}

function profileFields(args: ProfileArgs): ChatModule.ProfileFields {
  const { officialAccount: _officialAccount, ...fields } = args;
  return fields;
}

export interface OurCallerOptions {
  endpoint: string;
  /** undici dispatcher (the in-memory one for CPU timing); default the client's shared pool. */
  dispatcher?: ChatModule.OfficialAccountClientOptions["dispatcher"];
  maxRequestsPerSecond?: number;
}

export function ourModifyCaller(options: OurCallerOptions): ModifyCaller {
  const chat = loadOurChat();
  // A limiter of its own: a fresh process's state, not whatever an earlier run left in the shared one.
  const client = chat.createOfficialAccountClient(
    { sdkAppId: BENCH_APP.sdkAppId, secretKey: BENCH_APP.secretKey, endpoint: options.endpoint },
    {
      rateLimiter: new chat.RateLimiterRegistry(),
      ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
      ...(options.maxRequestsPerSecond ? { maxRequestsPerSecond: options.maxRequestsPerSecond } : {}),
    },
  );
  return {
    modify: (args) => client.modifyBaseInfo(args.officialAccount, profileFields(args)),
    close: () => chat.closeSharedPools(),
  };
}

const BASELINE_ENV_KEYS = ["TENCENTCLOUD_CHAT_SDKAPPID", "TENCENTCLOUD_CHAT_SECRET_KEY", "TENCENTCLOUD_CHAT_ENDPOINT"] as const;

/** The baseline reads its settings from the environment at call time: set them for the caller's lifetime. */
export function baselineModifyCaller(options: { endpoint: string }): ModifyCaller {
  const naive = loadNaive();
  const saved = BASELINE_ENV_KEYS.map((key) => [key, process.env[key]] as const);
  process.env["TENCENTCLOUD_CHAT_SDKAPPID"] = String(BENCH_APP.sdkAppId);
  process.env["TENCENTCLOUD_CHAT_SECRET_KEY"] = BENCH_APP.secretKey;
  process.env["TENCENTCLOUD_CHAT_ENDPOINT"] = options.endpoint;
  return {
    modify: async (args) => {
      await naive.callChat("modify_official_account_base_info", naive.toWire(args));
    },
    async close() {
      for (const [key, value] of saved) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    },
  };
}

/** Node's built-in fetch looks its dispatcher up under this symbol (undici's setGlobalDispatcher). */
const GLOBAL_DISPATCHER = Symbol.for("undici.globalDispatcher.1");

/** Runs `work` with Node's global fetch routed to `dispatcher`, then puts the previous one back. */
export async function withGlobalFetchDispatcher<T>(dispatcher: object, work: () => Promise<T>): Promise<T> {
  const holder = globalThis as unknown as Record<symbol, unknown>;
  const previous = holder[GLOBAL_DISPATCHER];
  holder[GLOBAL_DISPATCHER] = dispatcher;
  try {
    return await work();
  } finally {
    holder[GLOBAL_DISPATCHER] = previous;
  }
}

export interface SettledCalls {
  ok: number;
  errors: string[];
}

/** Calls `task(i)` for i in 0..count-1 with at most `concurrency` in flight; collects failures instead of throwing. */
export async function runConcurrently(count: number, concurrency: number, task: (index: number) => Promise<void>): Promise<SettledCalls> {
  let next = 0;
  let ok = 0;
  const errors: string[] = [];
  async function worker(): Promise<void> {
    while (next < count) {
      const index = next;
      next += 1;
      try {
        await task(index);
        ok += 1;
      } catch (error) {
        errors.push(error instanceof Error ? error.message : String(error));
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, () => worker()));
  return { ok, errors };
}
