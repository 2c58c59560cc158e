import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { startHost, type DynamicProviderHost, type HostOutput } from "./host";
import { createParallelRunner } from "./parallel";
import { captureProgram, type CapturedProgram, type CapturedResource } from "./program-capture";
import { makeSecret, type PropertyMap } from "./property-values";
import { summarize, type OperationKind, type OperationResult, type StepResult } from "./results";
import { configPlainValue, isSecretConfig, normalizeConfig, type StackConfig } from "./stack-config";
import { createStateStore, type ResourceState, type StackState, type StateStore } from "./state-store";
import { deleteStep, goalStep, refreshStep, type StepContext } from "./steps";

/**
 * The part of the Pulumi engine that a Node dynamic provider meets, driving @pulumi/pulumi's real
 * dynamic-provider host over gRPC: Configure with the whole stack config, then Check/Diff/Create/Update/Read/Delete
 * with secrets stripped and outputs re-marked, a state file with encrypted secrets, and per-step results.
 * Semantics: shared/reference/pulumi-dynamic-provider-internals.md §2–3 and §6; README.md.
 */
export interface EngineOptions {
  /** The stack (project) directory: program and host cwd. From `preparePackedStack()`. */
  stackDir: string;
  /** Default: `name:` in `<stackDir>/Pulumi.yaml`. */
  project?: string;
  /** Default `dev`. */
  stack?: string;
  config?: StackConfig;
  /** Program file, relative to `stackDir` (default `index.ts`). */
  programPath?: string;
  /** Default `<stackDir>/.pulumi-standin/<stack>.json`. */
  statePath?: string;
  /** Encrypts secrets in the state file (default `standin`). */
  passphrase?: string;
  /** Resource operations in flight at once, like `pulumi up --parallel` (default unbounded, as the CLI). */
  parallel?: number;
  /** Extra environment for the host process. */
  hostEnv?: Record<string, string | undefined>;
  /** Extra environment for the program process (pass `PackedStack.programEnv`). */
  programEnv?: Record<string, string | undefined>;
  /**
   * Start a new host for every operation, as each CLI command does, so no module-level state of the provider
   * survives from one preview/up/refresh/destroy to the next (default true). `false` keeps one host (restarted on
   * config change), e.g. for benchmarks that should not pay the host start-up per operation.
   */
  freshHostPerOperation?: boolean;
  programTimeoutMs?: number;
}

export interface OperationOptions {
  /** Registrations to use instead of running the program (e.g. from an earlier `runProgram()`). */
  resources?: CapturedResource[];
  parallel?: number;
}

export interface StandinEngine {
  readonly stackDir: string;
  readonly project: string;
  readonly stack: string;
  readonly statePath: string;
  preview(options?: OperationOptions): Promise<OperationResult>;
  up(options?: OperationOptions): Promise<OperationResult>;
  refresh(options?: Omit<OperationOptions, "resources">): Promise<OperationResult>;
  destroy(options?: Omit<OperationOptions, "resources">): Promise<OperationResult>;
  /** Runs the program and returns its RegisterResource requests without deploying anything. */
  runProgram(options?: { preview?: boolean }): Promise<CapturedProgram>;
  /** Replaces the stack config; the next operation starts a new host so Configure sees it. */
  setConfig(config: StackConfig): void;
  /** The state with secrets decrypted (as wire wrappers). */
  readState(): Promise<StackState>;
  /** A started and configured host (started on demand). */
  host(): Promise<DynamicProviderHost>;
  restartHost(): Promise<void>;
  /** stdout/stderr of every host this engine started, the running one included. */
  hostOutput(): HostOutput;
  close(): Promise<void>;
}

export const defaultProviderType = "pulumi:providers:pulumi-nodejs";

export class UnsupportedResourceError extends Error {
  readonly code = "unsupported-resource";
  constructor(message: string) {
    super(message);
    this.name = "UnsupportedResourceError";
  }
}

export class ConfigureError extends Error {
  readonly code = "configure-failed";
  constructor(message: string) {
    super(message);
    this.name = "ConfigureError";
  }
}

function projectFromPulumiYaml(stackDir: string): string {
  try {
    const match = /^name:\s*(\S+)\s*$/m.exec(readFileSync(path.join(stackDir, "Pulumi.yaml"), "utf8"));
    if (match?.[1]) return match[1];
  } catch {
    // No Pulumi.yaml: fall through.
  }
  return "standin";
}

/** The stack config as the engine gives it to a dynamic provider: all keys, namespaced, secrets wrapped. */
function configAsProviderInputs(config: StackConfig): PropertyMap {
  const inputs: PropertyMap = {};
  for (const [key, value] of Object.entries(config)) {
    inputs[key] = isSecretConfig(value) ? makeSecret(value.secret) : value;
  }
  return inputs;
}

export function createEngine(options: EngineOptions): StandinEngine {
  const stackDir = path.resolve(options.stackDir);
  const project = options.project ?? projectFromPulumiYaml(stackDir);
  const stack = options.stack ?? "dev";
  const statePath = options.statePath ?? path.join(stackDir, ".pulumi-standin", `${stack}.json`);
  const store: StateStore = createStateStore({ path: statePath, passphrase: options.passphrase ?? "standin", project, stack });
  const providerUrn = `urn:pulumi:${stack}::${project}::${defaultProviderType}::default`;
  let config = normalizeConfig(options.config ?? {}, project);
  let running: Promise<DynamicProviderHost> | undefined;
  let liveHost: DynamicProviderHost | undefined;
  /** Whether the running host has served an operation (then the next operation starts a fresh one). */
  let servedOperation = false;
  const finishedOutputs: HostOutput[] = [];

  async function startConfiguredHost(): Promise<DynamicProviderHost> {
    const host = await startHost({ stackDir, project, stack, ...(options.hostEnv ? { env: options.hostEnv } : {}) });
    try {
      // The engine's plugin start-up: GetPluginInfo, Handshake (UNIMPLEMENTED: fall back to Configure),
      // CheckConfig (UNIMPLEMENTED: inputs as-is), then Configure with args + variables (reference §2.1, §3.1).
      await host.provider.getPluginInfo();
      await host.provider.handshake().catch(() => undefined);
      const ref = { urn: providerUrn, name: "default", type: defaultProviderType };
      const args = configAsProviderInputs(config);
      await host.provider.checkConfig({ ...ref, olds: {}, news: args }).catch(() => undefined);
      const variables: Record<string, string> = {};
      for (const [key, value] of Object.entries(config)) variables[`pulumi-nodejs:config:${key}`] = configPlainValue(value);
      const response = await host.provider.configure({ ...ref, args, variables, acceptSecrets: true, acceptResources: true });
      if (response.acceptSecrets) {
        // The 3.248 host answers false; if a newer host accepts secrets the stripping below would be wrong.
        throw new ConfigureError("the host accepts secrets: the stand-in only models acceptSecrets=false");
      }
      return host;
    } catch (error) {
      await stopHost(host);
      throw error instanceof ConfigureError ? error : new ConfigureError(`Configure failed: ${(error as Error).message}`);
    }
  }

  async function stopHost(host: DynamicProviderHost): Promise<void> {
    await host.stop();
    if (liveHost === host) liveHost = undefined;
    finishedOutputs.push(host.output());
  }

  function ensureHost(): Promise<DynamicProviderHost> {
    if (!running) {
      const starting = startConfiguredHost();
      running = starting;
      starting.then(
        (host) => (liveHost = host),
        () => {
          if (running === starting) running = undefined;
        },
      );
    }
    return running;
  }

  async function shutdownHost(): Promise<void> {
    const current = running;
    running = undefined;
    servedOperation = false;
    const host = await current?.catch(() => undefined);
    if (host) await stopHost(host);
  }

  /** The host for the next operation: a fresh one unless the running one has served none yet (started by host()). */
  async function acquireHost(): Promise<DynamicProviderHost> {
    if ((options.freshHostPerOperation ?? true) && servedOperation) await shutdownHost();
    servedOperation = true;
    return ensureHost();
  }

  async function withHost<T>(work: (host: DynamicProviderHost) => Promise<T>, ready = acquireHost()): Promise<T> {
    return work(await ready);
  }

  function providerState(existing: ResourceState | undefined): ResourceState {
    const inputs = configAsProviderInputs(config);
    return {
      urn: providerUrn,
      type: defaultProviderType,
      custom: true,
      id: existing?.id ?? randomUUID(),
      inputs,
      outputs: inputs,
    };
  }

  function runProgram(programOptions: { preview?: boolean; existingUrns?: string[] } = {}): Promise<CapturedProgram> {
    return captureProgram({
      stackDir,
      programPath: options.programPath ?? "index.ts",
      project,
      stack,
      config,
      preview: programOptions.preview ?? false,
      existingUrns: programOptions.existingUrns ?? [],
      ...(options.programEnv ? { env: options.programEnv } : {}),
      ...(options.programTimeoutMs ? { timeoutMs: options.programTimeoutMs } : {}),
    });
  }

  function finish(operation: OperationKind, started: number, steps: StepResult[]): OperationResult {
    return {
      operation,
      ok: steps.every((step) => step.status !== "failed"),
      steps,
      summary: summarize(steps),
      failed: steps.filter((step) => step.status === "failed").length,
      durationMs: Date.now() - started,
    };
  }

  /** Writes resources in a stable order: the provider, then `order`, then anything else still present. */
  function orderedState(current: Map<string, ResourceState>, order: string[]): StackState {
    const resources: ResourceState[] = [];
    const seen = new Set<string>();
    for (const urn of [providerUrn, ...order, ...current.keys()]) {
      const resource = current.get(urn);
      if (resource && !seen.has(urn)) {
        seen.add(urn);
        resources.push(resource);
      }
    }
    const onlyProvider = resources.length === 1 && resources[0]?.urn === providerUrn;
    return { project, stack, resources: onlyProvider ? [] : resources };
  }

  async function deploy(kind: "preview" | "up", operationOptions: OperationOptions = {}): Promise<OperationResult> {
    const started = Date.now();
    // The host starts while the program runs, as the CLI loads plugins while the language host runs the program.
    const hostReady = acquireHost();
    hostReady.catch(() => undefined);
    const state = await store.load();
    const resources =
      operationOptions.resources ??
      (await runProgram({ preview: kind === "preview", existingUrns: state.resources.map((r) => r.urn) })).resources;
    const goals = resources.filter((resource) => resource.custom);
    for (const goal of goals) {
      if (!goal.type.startsWith("pulumi-nodejs:dynamic")) {
        throw new UnsupportedResourceError(`${goal.urn}: the stand-in drives only dynamic resources, not ${goal.type}`);
      }
    }
    return withHost(async (host) => {
      const current = new Map(state.resources.map((resource) => [resource.urn, resource]));
      const provider = providerState(current.get(providerUrn));
      if (kind === "up") current.set(providerUrn, provider);
      const context: StepContext = {
        host,
        preview: kind === "preview",
        providerRef: `${providerUrn}::${provider.id}`,
        current,
      };
      const runner = createParallelRunner(operationOptions.parallel ?? options.parallel);
      const steps: Array<StepResult | undefined> = new Array(goals.length);
      await Promise.all(
        goals.map((goal, index) =>
          runner.run(async () => {
            const step = await goalStep(context, goal, current.get(goal.urn));
            steps[index] = step;
            if (step.status === "failed") runner.stop();
          }),
        ),
      );
      const goalUrns = new Set(goals.map((goal) => goal.urn));
      const removed = state.resources
        .filter((resource) => resource.urn !== providerUrn && !goalUrns.has(resource.urn))
        .reverse();
      const deletions: StepResult[] = [];
      if (!runner.stopped) {
        const results = await Promise.all(
          removed.map((resource) => runner.run(() => deleteStep(context, resource, resource.urn))),
        );
        for (const result of results) if (result) deletions.push(result);
      }
      if (kind === "up") await store.save(orderedState(current, goals.map((goal) => goal.urn)));
      return finish(kind, started, [...steps.filter((step): step is StepResult => step !== undefined), ...deletions]);
    }, hostReady);
  }

  return {
    stackDir,
    project,
    stack,
    statePath,
    preview: (operationOptions) => deploy("preview", operationOptions),
    up: (operationOptions) => deploy("up", operationOptions),
    async refresh(operationOptions = {}) {
      const started = Date.now();
      const state = await store.load();
      return withHost(async (host) => {
        const current = new Map(state.resources.map((resource) => [resource.urn, resource]));
        const context: StepContext = { host, preview: false, providerRef: "", current };
        const runner = createParallelRunner(operationOptions.parallel ?? options.parallel);
        const targets = state.resources.filter((resource) => resource.type !== defaultProviderType);
        const steps = await Promise.all(targets.map((resource) => runner.run(() => refreshStep(context, resource))));
        await store.save(orderedState(current, state.resources.map((resource) => resource.urn)));
        return finish("refresh", started, steps.filter((step): step is StepResult => step !== undefined));
      });
    },
    async destroy(operationOptions = {}) {
      const started = Date.now();
      const state = await store.load();
      return withHost(async (host) => {
        const current = new Map(state.resources.map((resource) => [resource.urn, resource]));
        const context: StepContext = { host, preview: false, providerRef: "", current };
        const runner = createParallelRunner(operationOptions.parallel ?? options.parallel);
        const targets = state.resources.filter((resource) => resource.type !== defaultProviderType).reverse();
        const steps = await Promise.all(targets.map((resource) => runner.run(() => deleteStep(context, resource, resource.urn))));
        const remaining = [...current.values()].filter((resource) => resource.type !== defaultProviderType);
        await store.save(remaining.length === 0 ? { project, stack, resources: [] } : orderedState(current, []));
        return finish(
          "destroy",
          started,
          steps.filter((step): step is StepResult => step !== undefined).reverse(),
        );
      });
    },
    runProgram: (programOptions) => runProgram(programOptions),
    setConfig(next) {
      config = normalizeConfig(next, project);
      void shutdownHost();
    },
    readState: () => store.load(),
    host: () => ensureHost(),
    async restartHost() {
      await shutdownHost();
      await ensureHost();
    },
    hostOutput() {
      const outputs = liveHost ? [...finishedOutputs, liveHost.output()] : [...finishedOutputs];
      return {
        stdout: outputs.flatMap((output) => output.stdout),
        stderr: outputs.flatMap((output) => output.stderr),
      };
    },
    close: () => shutdownHost(),
  };
}
