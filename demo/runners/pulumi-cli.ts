/**
 * Drives the demo program with the real `pulumi` CLI: a local file backend in a temporary directory, a
 * passphrase secrets provider, the emulator's endpoint and key in stack config. The CLI prints its own output;
 * what each operation did is read back from `pulumi preview --json` and from `pulumi stack export` before and
 * after, so the demo's checks see the same shapes as with the stand-in.
 *
 * NOT RUN on the machine this was written on (no Pulumi CLI there); see docs/development.md, "What was tested here".
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { accessSync, constants } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { PackedStack } from "../../engine-standin/packed-package";
import { heading, propertyLines, resourcesSummary, stepLine } from "../display";
import type { DemoRunner, OperationReport, Print, StateResource, StepReport } from "../model";
import { RESOURCE_TYPE } from "../scenario";

export interface CliConfigValue {
  key: string;
  value: string;
  secret?: boolean;
}

export interface CliRunnerOptions {
  /** Absolute path of the `pulumi` executable. */
  pulumi: string;
  stack: PackedStack;
  stackName: string;
  config: CliConfigValue[];
  print: Print;
}

/** The `pulumi` executable on PATH, if any. */
export function findPulumiCli(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const names = process.platform === "win32" ? ["pulumi.exe", "pulumi.cmd"] : ["pulumi"];
  for (const dir of (env["PATH"] ?? "").split(path.delimiter)) {
    for (const name of names) {
      const candidate = path.join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

interface Completed {
  code: number | null;
  stdout: string;
  stderr: string;
}

function nameOf(urn: string): string {
  return urn.split("::").slice(3).join("::");
}

function typeOf(urn: string): string {
  return urn.split("::")[2] ?? "";
}

function withoutProvider(bag: unknown): Record<string, unknown> {
  const { __provider: _provider, ...rest } = (bag ?? {}) as Record<string, unknown>;
  return rest;
}

/** Top-level keys whose JSON differs: the shape of the CLI's `[diff: ~key]`. */
function changedKeys(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key])).sort();
}

/** What an operation did, from the stack's resources before and after it. */
export function stepsFromStates(before: readonly StateResource[], after: readonly StateResource[]): StepReport[] {
  const steps: StepReport[] = after.map((resource) => {
    const old = before.find((candidate) => candidate.name === resource.name);
    if (!old) return { name: resource.name, op: "create", changedKeys: [] };
    const keys = changedKeys(old.inputs, resource.inputs);
    return { name: resource.name, op: keys.length > 0 ? "update" : "same", changedKeys: keys };
  });
  for (const resource of before) {
    if (!after.some((candidate) => candidate.name === resource.name)) steps.push({ name: resource.name, op: "delete", changedKeys: [] });
  }
  return steps;
}

/** `pulumi stack export` → the profiles in it. */
export function stateFromExport(exported: string): StateResource[] {
  const deployment = (JSON.parse(exported) as { deployment?: { resources?: Array<Record<string, unknown>> } }).deployment;
  return (deployment?.resources ?? [])
    .filter((resource) => resource["type"] === RESOURCE_TYPE)
    .map((resource) => ({
      name: nameOf(String(resource["urn"])),
      id: String(resource["id"] ?? ""),
      inputs: withoutProvider(resource["inputs"]),
      outputs: withoutProvider(resource["outputs"]),
    }));
}

const PREVIEW_OPS: Record<string, StepReport["op"]> = {
  create: "create",
  update: "update",
  same: "same",
  delete: "delete",
  replace: "replace",
  "create-replacement": "replace",
  "delete-replaced": "replace",
};

/** `pulumi preview --json` → the profile steps and their declared inputs. */
export function previewFromJson(text: string): { steps: StepReport[]; inputs: Map<string, Record<string, unknown>> } {
  const digest = JSON.parse(text) as { steps?: Array<Record<string, unknown>> };
  const steps: StepReport[] = [];
  const inputs = new Map<string, Record<string, unknown>>();
  for (const step of digest.steps ?? []) {
    const urn = String(step["urn"] ?? "");
    if (typeOf(urn) !== RESOURCE_TYPE) continue;
    const op = PREVIEW_OPS[String(step["op"])] ?? "update";
    const name = nameOf(urn);
    if (steps.some((existing) => existing.name === name)) continue; // a replacement is two steps
    const reasons = Array.isArray(step["diffReasons"]) ? (step["diffReasons"] as string[]).filter((key) => key !== "__provider") : [];
    steps.push({ name, op, changedKeys: op === "update" ? [...reasons].sort() : [] });
    inputs.set(name, withoutProvider((step["newState"] as Record<string, unknown> | undefined)?.["inputs"]));
  }
  return { steps, inputs };
}

export async function createPulumiCliRunner(options: CliRunnerOptions): Promise<DemoRunner> {
  const { print, stack } = options;
  const backendDir = await mkdtemp(path.join(tmpdir(), "tencentcloud-chat-demo-backend-"));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...stack.programEnv,
    PULUMI_BACKEND_URL: `file://${backendDir}`,
    PULUMI_CONFIG_PASSPHRASE: randomBytes(16).toString("hex"),
    PULUMI_SKIP_UPDATE_CHECK: "true",
    // The demo program is type-checked by `npm run typecheck`; skip ts-node's check for speed.
    PULUMI_NODEJS_TRANSPILE_ONLY: "true",
  };
  const exposed: string[] = [];
  const displayFlags = ["--non-interactive", ...(process.stdout.isTTY ? [] : ["--color", "never"])];

  function run(args: string[], stream: boolean): Promise<Completed> {
    return new Promise((resolve, reject) => {
      const child = spawn(options.pulumi, args, { cwd: stack.stackDir, env, stdio: ["ignore", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      let pending = "";
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
        stdout += chunk;
        if (!stream) return;
        pending += chunk;
        const lines = pending.split("\n");
        pending = lines.pop() ?? "";
        for (const line of lines) print(line);
      });
      child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
      child.once("error", reject);
      child.once("close", (code) => {
        if (stream && pending) print(pending);
        exposed.push(stdout, stderr);
        resolve({ code, stdout, stderr });
      });
    });
  }

  async function must(args: string[]): Promise<Completed> {
    const done = await run(args, false);
    if (done.code !== 0) throw new Error(`pulumi ${args.filter((arg) => !arg.startsWith("--secret")).slice(0, 3).join(" ")} exited with ${done.code}: ${done.stderr.trim()}`);
    return done;
  }

  async function state(): Promise<StateResource[]> {
    const exported = await must(["stack", "export", "--stack", options.stackName]);
    return stateFromExport(exported.stdout);
  }

  await must(["stack", "init", options.stackName, "--secrets-provider", "passphrase", "--non-interactive"]);
  for (const { key, value, secret } of options.config) {
    // The value is the emulator's throwaway key for this run; a real key belongs in `pulumi config set --secret` typed by hand.
    await must(["config", "set", "--stack", options.stackName, ...(secret ? ["--secret"] : []), key, value]);
  }

  async function deploy(args: string[]): Promise<OperationReport> {
    const before = await state();
    const done = await run([...args, "--stack", options.stackName, "--yes", "--skip-preview", ...displayFlags], true);
    const after = await state();
    const steps = stepsFromStates(before, after);
    return done.code === 0 ? { ok: true, steps } : { ok: false, steps, error: `pulumi ${args[0]} exited with ${done.code}: ${done.stderr.trim()}` };
  }

  return {
    kind: "pulumi-cli",
    async preview() {
      // --json gives the plan as data; it is printed here in the CLI's own non-interactive shape.
      const done = await run(["preview", "--json", "--stack", options.stackName, "--non-interactive"], false);
      print(heading("preview", options.stackName));
      let parsed;
      try {
        parsed = previewFromJson(done.stdout);
      } catch {
        return { ok: false, steps: [], error: `pulumi preview exited with ${done.code}: ${done.stderr.trim() || done.stdout.trim()}` };
      }
      for (const step of parsed.steps) {
        print(stepLine("preview", RESOURCE_TYPE, step));
        if (step.op === "create") {
          for (const line of propertyLines(Object.entries(parsed.inputs.get(step.name) ?? {}).map(([key, value]) => ({ key, after: value, kind: "+" as const })))) print(line);
        }
      }
      print("");
      for (const line of resourcesSummary("preview", parsed.steps, 0)) print(line);
      return done.code === 0 ? { ok: true, steps: parsed.steps } : { ok: false, steps: parsed.steps, error: `pulumi preview exited with ${done.code}: ${done.stderr.trim()}` };
    },
    up: () => deploy(["up", "--diff"]),
    refresh: () => deploy(["refresh", "--diff"]),
    destroy: () => deploy(["destroy"]),
    state,
    async exposedTexts() {
      return [...exposed];
    },
    async close() {
      await run(["stack", "rm", options.stackName, "--yes", "--force", "--non-interactive"], false).catch(() => undefined);
      await rm(backendDir, { recursive: true, force: true });
    },
  };
}
