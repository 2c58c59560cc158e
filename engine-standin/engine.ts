import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { startHost, type DynamicProviderHost, type HostOutput } from "./host";
import { createParallelRunner } from "./parallel";
import { captureProgram, type CapturedProgram, type CapturedResource } from "./program-capture";
import { makeSecret, stripSecrets, type PropertyMap } from "./property-values";
import { summarize, type OperationKind, type OperationResult, type StepResult } from "./results";
import { isSecretConfig, normalizeConfig, type StackConfig } from "./stack-config";
import { createStateStore, type ResourceState, type StackState, type StateStore } from "./state-store";
import { deleteStep, goalStep, refreshStep, type StepContext } from "./steps";

/**
 * The part of the Pulumi engine that a Node dynamic provider meets, driving @pulumi/pulumi's real
 * dynamic-provider host over gRPC: Configure with the whole stack config, then Check/Diff/Create/Update/Read/Delete
 * with secrets stripped and outputs re-marked, a state file with encrypted secrets, and per-step results.
 * `preview` and `up` configure the host from the current stack config (and `up` saves it as the default provider's
 * inputs); `refresh` and `destroy` configure it from the inputs saved in state, as the engine's EnsureProvider does.
 * Semantics and the remaining differences from the engine: docs/engine-standin.md.
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

/**
 * The stack config as the engine gives it to a dynamic provider: all keys, namespaced, secrets wrapped (target.go
 * `GetPackageConfig`: "For dynamic providers, we always pass the full configuration"). These are also the default
 * provider's inputs in state.
 */
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
  /** The provider inputs the running host was configured with (JSON), so a different set starts a new host. */
  let runningArgsKey: string | undefined;
  const finishedOutputs: HostOutput[] = [];

  /** provider_plugin.go Configure: `variables` from the inputs, secrets removed, non-strings as JSON. */
  function configureVariables(args: PropertyMap): Record<string, string> {
    const variables: Record<string, string> = {};
    for (const [key, value] of Object.entries(args)) {
      if (key === "version") continue;
      const plain = stripSecrets(value);
      variables[`pulumi-nodejs:config:${key}`] = typeof plain === "string" ? plain : JSON.stringify(plain);
    }
    return variables;
  }

  async function startConfiguredHost(args: PropertyMap): Promise<DynamicProviderHost> {
    const host = await startHost({ stackDir, project, stack, ...(options.hostEnv ? { env: options.hostEnv } : {}) });
    try {
      // The engine's plugin start-up: GetPluginInfo, Handshake (UNIMPLEMENTED: fall back to Configure),
      // CheckConfig (UNIMPLEMENTED: inputs as-is), then Configure with args + variables (docs/engine-standin.md).
      await host.provider.getPluginInfo();
      await host.provider.handshake().catch(() => undefined);
      const ref = { urn: providerUrn, name: "default", type: defaultProviderType };
      await host.provider.checkConfig({ ...ref, olds: {}, news: args }).catch(() => undefined);
      const variables = configureVariables(args);
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

  function ensureHost(args: PropertyMap): Promise<DynamicProviderHost> {
    if (!running) {
      runningArgsKey = JSON.stringify(args);
      const starting = startConfiguredHost(args);
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

  /**
   * The host for the next operation, configured with `args`: a fresh one unless the running one has served none
   * yet (started by host()) and was configured with the same inputs.
   */
  async function acquireHost(args: PropertyMap): Promise<DynamicProviderHost> {
    const sameArgs = runningArgsKey === JSON.stringify(args);
    if (((options.freshHostPerOperation ?? true) && servedOperation) || !sameArgs) await shutdownHost();
    servedOperation = true;
    return ensureHost(args);
  }

  async function withHost<T>(work: (host: DynamicProviderHost) => Promise<T>, ready: Promise<DynamicProviderHost>): Promise<T> {
    return work(await ready);
  }

  /**
   * refresh and destroy (without running the program) configure the provider from its inputs saved in state
   * (deployment.go EnsureProvider → providers/registry.go Same), not from the current config. With no saved
   * provider there is nothing to act on, and the current config is used.
   */
  function savedProviderArgs(state: StackState): PropertyMap {
    const saved = state.resources.find((resource) => resource.urn === providerUrn && !resource.delete);
    return saved ? saved.inputs : configAsProviderInputs(config);
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

  /**
   * Writes resources in a stable order: the provider, then `order`, then anything else still present; each old
   * resource waiting for its delete (`delete: true`) right after the entry of its URN.
   */
  function orderedState(current: Map<string, ResourceState>, order: string[], pendingDeletes: ResourceState[] = []): StackState {
    const resources: ResourceState[] = [];
    const seen = new Set<string>();
    const condemned = (urn: string) => pendingDeletes.filter((resource) => resource.urn === urn);
    for (const urn of [providerUrn, ...order, ...current.keys(), ...pendingDeletes.map((resource) => resource.urn)]) {
      if (seen.has(urn)) continue;
      seen.add(urn);
      const resource = current.get(urn);
      if (resource) resources.push(resource);
      resources.push(...condemned(urn));
    }
    const onlyProvider = resources.length === 1 && resources[0]?.urn === providerUrn;
    return { project, stack, resources: onlyProvider ? [] : resources };
  }

  async function deploy(kind: "preview" | "up", operationOptions: OperationOptions = {}): Promise<OperationResult> {
    const started = Date.now();
    // The host starts while the program runs, as the CLI loads plugins while the language host runs the program.
    // preview and up configure it from the current config (the program registers the default provider with it).
    const hostReady = acquireHost(configAsProviderInputs(config));
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
      // deployment.go buildResourceMaps: entries marked `delete` are not the URN's old state.
      const live = state.resources.filter((resource) => !resource.delete);
      const current = new Map(live.map((resource) => [resource.urn, resource]));
      const provider = providerState(current.get(providerUrn));
      // The default provider's Update records the current config as its inputs.
      if (kind === "up") current.set(providerUrn, provider);
      const context: StepContext = {
        host,
        preview: kind === "preview",
        providerRef: `${providerUrn}::${provider.id}`,
        current,
        pendingDeletes: state.resources.filter((resource) => resource.delete),
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
      const removed = live.filter((resource) => resource.urn !== providerUrn && !goalUrns.has(resource.urn)).reverse();
      const deletions: StepResult[] = [];
      const stopOnFailure = async (pending: Promise<StepResult>) => {
        const step = await pending;
        if (step.status === "failed") runner.stop();
        return step;
      };
      if (!runner.stopped) {
        // GenerateDeletes: the old resources of create-before-delete replacements (this run's and earlier runs'),
        // then the resources the program no longer registers.
        const condemned = [...context.pendingDeletes];
        const results = await Promise.all([
          ...condemned.map((resource) =>
            runner.run(() =>
              stopOnFailure(
                deleteStep(context, resource, () => {
                  context.pendingDeletes = context.pendingDeletes.filter((entry) => entry !== resource);
                }),
              ),
            ),
          ),
          ...removed.map((resource) =>
            runner.run(() => stopOnFailure(deleteStep(context, resource, () => current.delete(resource.urn)))),
          ),
        ]);
        for (const result of results) if (result) deletions.push(result);
      }
      if (kind === "up") await store.save(orderedState(current, goals.map((goal) => goal.urn), context.pendingDeletes));
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
        const context: StepContext = { host, preview: false, providerRef: "", current: new Map(), pendingDeletes: [] };
        const runner = createParallelRunner(operationOptions.parallel ?? options.parallel);
        const outcomes = await Promise.all(
          state.resources.map((resource) =>
            resource.type === defaultProviderType
              ? undefined
              : runner.run(async () => {
                  const outcome = await refreshStep(context, resource);
                  // The step executor starts no new step after a failure (no --continue-on-error).
                  if (outcome.step.status === "failed") runner.stop();
                  return outcome;
                }),
          ),
        );
        // Refresh keeps every entry in place (the provider, entries marked `delete`), drops the deleted ones.
        const resources = state.resources.flatMap((resource, index) => {
          const outcome = outcomes[index];
          if (!outcome) return [resource];
          return outcome.state ? [outcome.state] : [];
        });
        const onlyProvider = resources.every((resource) => resource.type === defaultProviderType);
        await store.save({ project, stack, resources: onlyProvider ? [] : resources });
        return finish(
          "refresh",
          started,
          outcomes.flatMap((outcome) => (outcome ? [outcome.step] : [])),
        );
      }, acquireHost(savedProviderArgs(state)));
    },
    async destroy(operationOptions = {}) {
      const started = Date.now();
      const state = await store.load();
      return withHost(async (host) => {
        let remaining = [...state.resources];
        const context: StepContext = { host, preview: false, providerRef: "", current: new Map(), pendingDeletes: [] };
        const runner = createParallelRunner(operationOptions.parallel ?? options.parallel);
        const targets = state.resources.filter((resource) => resource.type !== defaultProviderType).reverse();
        const steps = await Promise.all(
          targets.map((resource) =>
            runner.run(async () => {
              const step = await deleteStep(context, resource, () => {
                remaining = remaining.filter((entry) => entry !== resource);
              });
              if (step.status === "failed") runner.stop();
              return step;
            }),
          ),
        );
        const onlyProvider = remaining.every((resource) => resource.type === defaultProviderType);
        await store.save({ project, stack, resources: onlyProvider ? [] : remaining });
        return finish(
          "destroy",
          started,
          steps.filter((step): step is StepResult => step !== undefined).reverse(),
        );
      }, acquireHost(savedProviderArgs(state)));
    },
    runProgram: (programOptions) => runProgram(programOptions),
    setConfig(next) {
      config = normalizeConfig(next, project);
      void shutdownHost();
    },
    readState: () => store.load(),
    host: () => ensureHost(configAsProviderInputs(config)),
    async restartHost() {
      await shutdownHost();
      await ensureHost(configAsProviderInputs(config));
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
