import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { loadPulumiGrpc, type PulumiGrpcModules } from "./grpc-modules";
import { createProviderClient, type ProviderClient } from "./provider-client";

/**
 * The dynamic-provider host (`@pulumi/pulumi/cmd/dynamic-provider`) started the way the CLI starts the
 * `pulumi-nodejs` plugin: `pulumi-resource-pulumi-nodejs <engineAddr>` with cwd = project directory and
 * `PULUMI_NODEJS_PROJECT`/`PULUMI_PROJECT` set; it prints its port on the first stdout line
 * (docs/engine-standin.md). The shim is `sh` running `node`, so the host runs
 * in its own process group and the whole group is killed on stop.
 */
export interface StartHostOptions {
  /** The stack directory: the host's cwd, from which `require("<package>/…")` in `__provider` resolves. */
  stackDir: string;
  project: string;
  stack?: string;
  /** Extra environment for the host process (e.g. `TENCENTCLOUD_CHAT_ENDPOINT`). */
  env?: Record<string, string | undefined>;
  /** How long to wait for the port line (default 30 s). */
  startTimeoutMs?: number;
  /**
   * A provider plugin executable (`pulumi-resource-<name>`) to start instead of the SDK's dynamic-provider shim,
   * as the CLI starts any resource plugin: the file itself, with the engine address as its argument
   * (engine-standin/plugin-host.ts).
   */
  executable?: string;
}

export interface HostOutput {
  /** stdout lines after the port line (provider `console.log`, `pulumi.log.info`). */
  stdout: string[];
  stderr: string[];
}

export interface EngineCall {
  method: string;
  request: unknown;
}

export interface DynamicProviderHost {
  pid: number;
  port: number;
  /** The address passed as `<engineAddr>`: a stub Engine service that records calls (the 3.248 host makes none). */
  engineAddress: string;
  engineCalls: EngineCall[];
  provider: ProviderClient;
  output(): HostOutput;
  /** Resolves when the host process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
}

export class HostStartError extends Error {
  readonly code = "host-start-failed";
  readonly stderr: string;
  constructor(message: string, stderr: string) {
    super(`${message}${stderr ? `\nhost stderr:\n${stderr}` : ""}`);
    this.name = "HostStartError";
    this.stderr = stderr;
  }
}

async function startEngineStub(modules: PulumiGrpcModules, calls: EngineCall[]) {
  const { grpc, emptyPb } = modules;
  const engineGrpc = require(path.join(modules.pulumiDir, "proto", "engine_grpc_pb")) as {
    EngineService: Record<string, unknown>;
  };
  const server = new grpc.Server();
  const implementation: Record<string, (call: { request: unknown }, callback: (...args: unknown[]) => void) => void> =
    {};
  for (const method of Object.keys(engineGrpc.EngineService)) {
    implementation[method] = (call, callback) => {
      calls.push({ method, request: (call.request as { toObject?: () => unknown }).toObject?.() ?? call.request });
      if (method === "log") callback(null, new emptyPb.Empty());
      else callback({ code: grpc.status.UNIMPLEMENTED, details: `${method} is not part of the engine stand-in` });
    };
  }
  server.addService(engineGrpc.EngineService as never, implementation as never);
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, boundPort) =>
      error ? reject(error) : resolve(boundPort),
    );
  });
  return { address: `127.0.0.1:${port}`, stop: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())) };
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

/**
 * Process groups of hosts still running. A test runner or demo that exits (or is interrupted) without calling
 * `stop()` would otherwise leave detached hosts behind, since they are not in the parent's process group.
 */
const liveHostGroups = new Set<number>();
let exitHooksInstalled = false;

function killLiveHostGroups(): void {
  for (const pgid of liveHostGroups) {
    try {
      process.kill(-pgid, "SIGKILL");
    } catch {
      // The group is already gone.
    }
  }
  liveHostGroups.clear();
}

function installExitHooks(): void {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  process.once("exit", killLiveHostGroups);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      killLiveHostGroups();
      // A listener replaces Node's default "exit on signal"; re-raise it unless someone else handles the signal.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  }
}

/** Process-group ids of hosts started by this process and not yet exited (for tests). */
export function liveHostProcessGroups(): number[] {
  return [...liveHostGroups];
}

/**
 * Living (non-zombie) processes of a process group, from /proc; empty where there is no /proc. Zombies do not
 * count: in some containers PID 1 reaps orphans late, so a killed host's `node` can linger as one.
 */
function livingGroupMembers(pgid: number): number[] {
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return [];
  }
  const living: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) === pgid && fields[0] !== "Z") living.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return living;
}

/** After SIGKILL the group dies asynchronously: wait (bounded) until no member runs, so stop() means stopped. */
async function waitForGroupGone(pgid: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (livingGroupMembers(pgid).length > 0 && Date.now() < deadline) {
    await new Promise<void>((resolve) => setTimeout(resolve, 10).unref());
  }
}

export async function startHost(options: StartHostOptions): Promise<DynamicProviderHost> {
  const modules = loadPulumiGrpc(options.stackDir);
  const engineCalls: EngineCall[] = [];
  const engine = await startEngineStub(modules, engineCalls);
  try {
    return await spawnHost(options, modules, engine, engineCalls);
  } catch (error) {
    await engine.stop();
    throw error;
  }
}

async function spawnHost(
  options: StartHostOptions,
  modules: PulumiGrpcModules,
  engine: { address: string; stop(): Promise<void> },
  engineCalls: EngineCall[],
): Promise<DynamicProviderHost> {
  installExitHooks();
  const shim = path.join(modules.pulumiDir, "pulumi-resource-pulumi-nodejs");
  const [file, args] = options.executable ? [options.executable, [engine.address]] : ["sh", [shim, engine.address]];
  const child = spawn(file, args, {
    cwd: options.stackDir,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      PULUMI_NODEJS_PROJECT: options.project,
      PULUMI_PROJECT: options.project,
      ...(options.stack ? { PULUMI_NODEJS_STACK: options.stack, PULUMI_STACK: options.stack } : {}),
      ...options.env,
    },
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  const pgid = child.pid;
  if (pgid !== undefined) liveHostGroups.add(pgid);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );

  const port = await new Promise<number>((resolve, reject) => {
    let pending = "";
    let portSeen = false;
    const timer = setTimeout(() => fail(`host printed no port within ${options.startTimeoutMs ?? 30_000} ms`), options.startTimeoutMs ?? 30_000);
    timer.unref();
    function fail(message: string) {
      clearTimeout(timer);
      killGroup(child, "SIGKILL");
      if (pgid !== undefined) liveHostGroups.delete(pgid);
      reject(new HostStartError(message, stderr.join("\n")));
    }
    child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
      pending += chunk;
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) {
        if (!portSeen) {
          portSeen = true;
          const parsed = Number(line.trim());
          if (Number.isInteger(parsed) && parsed > 0) {
            clearTimeout(timer);
            resolve(parsed);
          } else {
            fail(`host printed ${JSON.stringify(line)} instead of a port`);
          }
        } else {
          stdout.push(line);
        }
      }
    });
    let pendingErr = "";
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
      pendingErr += chunk;
      const lines = pendingErr.split("\n");
      pendingErr = lines.pop() ?? "";
      stderr.push(...lines);
    });
    child.once("error", (error) => fail(`could not start the host: ${error.message}`));
    void exited.then(({ code, signal }) => {
      if (!portSeen) fail(`host exited (code ${code}, signal ${signal}) before printing its port`);
    });
  });

  const provider = createProviderClient(modules, `127.0.0.1:${port}`);
  let stopping: Promise<void> | undefined;
  return {
    pid: child.pid!,
    port,
    engineAddress: engine.address,
    engineCalls,
    provider,
    output: () => ({ stdout: [...stdout], stderr: [...stderr] }),
    exited,
    stop() {
      stopping ??= (async () => {
        provider.close();
        killGroup(child, "SIGTERM");
        const timer = setTimeout(() => killGroup(child, "SIGKILL"), 5_000);
        timer.unref();
        await exited;
        clearTimeout(timer);
        // The shim's exit does not prove its node child is gone: kill what is left of the group.
        killGroup(child, "SIGKILL");
        if (pgid !== undefined) {
          await waitForGroupGone(pgid, 5_000);
          liveHostGroups.delete(pgid);
        }
        await engine.stop();
      })();
      return stopping;
    },
  };
}
