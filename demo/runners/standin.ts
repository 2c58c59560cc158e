/**
 * Drives the demo program through the engine stand-in: the real SDK runs the program, the real
 * dynamic-provider host from @pulumi/pulumi serves the provider over gRPC, and the stand-in plays the engine
 * (docs: engine-standin/index.ts). Prints Pulumi-style output for each operation.
 */
import { readFile } from "node:fs/promises";
import { createEngine, type StandinEngine } from "../../engine-standin/engine";
import type { PackedStack } from "../../engine-standin/packed-package";
import type { CapturedResource } from "../../engine-standin/program-capture";
import { providerKey, type PropertyMap } from "../../engine-standin/property-values";
import type { OperationResult } from "../../engine-standin/results";
import type { StackConfig } from "../../engine-standin/stack-config";
import type { StackState } from "../../engine-standin/state-store";
import { heading, propertyLines, resourcesSummary, stepLine, type OperationName } from "../display";
import type { DemoRunner, OperationReport, Print, StateResource, StepReport } from "../model";
import { RESOURCE_TYPE } from "../scenario";

export interface StandinRunnerOptions {
  stack: PackedStack;
  stackName: string;
  config: StackConfig;
  print: Print;
  /**
   * The program's RegisterResource requests, captured once and replayed by preview and every up: the demo
   * program's inputs do not depend on any output, so each run would register exactly the same.
   */
  registrations: Promise<CapturedResource[]>;
}

function nameOf(urn: string): string {
  return urn.split("::").slice(3).join("::");
}

function withoutProvider(bag: PropertyMap | undefined): Record<string, unknown> {
  const { [providerKey]: _provider, ...rest } = bag ?? {};
  return rest;
}

function toStateResources(state: StackState): StateResource[] {
  return state.resources
    .filter((resource) => resource.type === RESOURCE_TYPE)
    .map((resource) => ({ name: nameOf(resource.urn), id: resource.id, inputs: withoutProvider(resource.inputs), outputs: withoutProvider(resource.outputs) }));
}

function toReport(result: OperationResult): OperationReport {
  const steps: StepReport[] = result.steps.map((step) => ({
    name: step.name,
    op: step.op,
    changedKeys: step.changes.map((change) => change.key).sort(),
    ...(step.error !== undefined ? { error: step.error } : {}),
  }));
  return { ok: result.ok, steps };
}

export async function createStandinRunner(options: StandinRunnerOptions): Promise<DemoRunner> {
  const { stack, print } = options;
  const engine: StandinEngine = createEngine({
    stackDir: stack.stackDir,
    stack: options.stackName,
    programPath: "index.ts",
    programEnv: stack.programEnv,
    config: options.config,
  });
  const exposed: string[] = [];
  // Start the host while the program is captured; a failed start is retried (and reported) by the first operation.
  engine.host().catch(() => undefined);

  async function remember(): Promise<void> {
    exposed.push(await readFile(engine.statePath, "utf8").catch(() => ""));
  }

  /** Field-level detail under a step line, from the declaration and the state before and after. */
  function details(
    operation: OperationName,
    step: StepReport,
    declared: CapturedResource | undefined,
    before: StateResource | undefined,
    after: StateResource | undefined,
  ): string[] {
    if (step.op === "create" && operation === "preview") {
      const inputs = withoutProvider(declared?.inputs);
      return propertyLines(Object.entries(inputs).map(([key, value]) => ({ key, after: value, kind: "+" as const })));
    }
    if (step.op !== "update") return [];
    const newInputs = operation === "refresh" ? (after?.inputs ?? {}) : withoutProvider(declared?.inputs);
    return propertyLines(step.changedKeys.map((key) => ({ key, before: before?.inputs[key], after: newInputs[key], kind: "~" as const })));
  }

  async function operate(operation: OperationName, work: (resources?: CapturedResource[]) => Promise<OperationResult>): Promise<OperationReport> {
    print(heading(operation, options.stackName));
    const before = toStateResources(await engine.readState());
    let captured: CapturedResource[] | undefined;
    let result: OperationResult;
    try {
      if (operation === "preview" || operation === "up") captured = await options.registrations;
      result = await work(captured);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      exposed.push(message);
      print(`    error: ${message}`);
      return { ok: false, steps: [], error: message };
    }
    const after = toStateResources(await engine.readState());
    await remember();
    const report = toReport(result);
    for (const [index, step] of report.steps.entries()) {
      const type = result.steps[index]?.type ?? RESOURCE_TYPE;
      if (step.op === "same" && !step.error) continue;
      print(stepLine(operation, type, step));
      const declared = captured?.find((resource) => resource.name === step.name);
      for (const line of details(operation, step, declared, before.find((r) => r.name === step.name), after.find((r) => r.name === step.name))) {
        print(line);
      }
      if (step.error) {
        exposed.push(step.error);
        print(`      error: ${step.error}`);
      }
    }
    print("");
    for (const line of resourcesSummary(operation, report.steps, result.failed)) print(line);
    if (operation !== "preview") print(`\nDuration: ${(result.durationMs / 1000).toFixed(1)}s`);
    if (operation === "destroy" && result.ok) {
      print("\nThe resources in the stack have been deleted, but the history and configuration associated with the stack are still maintained.");
    }
    return report;
  }

  return {
    kind: "engine-standin",
    preview: () => operate("preview", (resources) => engine.preview(resources ? { resources } : {})),
    up: () => operate("up", (resources) => engine.up(resources ? { resources } : {})),
    refresh: () => operate("refresh", () => engine.refresh()),
    destroy: () => operate("destroy", () => engine.destroy()),
    state: async () => toStateResources(await engine.readState()),
    async exposedTexts() {
      const output = engine.hostOutput();
      return [...exposed, output.stdout.join("\n"), output.stderr.join("\n")];
    },
    close: () => engine.close(),
  };
}
