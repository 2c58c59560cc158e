/**
 * Child-process entry (run by program-capture.ts with cwd = stack directory, under the tsx loader): runs a Pulumi
 * program through the real SDK with `setMocks` as the transport only, and records the exact RegisterResource
 * request of every resource: `req.getObject().toJavaScript()` is the struct the engine would receive, with
 * `__provider` and secret wrappers (docs/engine-standin.md).
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import type { CaptureRequest, CaptureResult, CapturedResource } from "./program-capture";

const request = JSON.parse(process.env["STANDIN_CAPTURE_REQUEST"] ?? "{}") as CaptureRequest;
const resources: CapturedResource[] = [];
let finished = false;

function describe(reason: unknown): string {
  return reason instanceof Error ? (reason.stack ?? reason.message) : String(reason);
}

function finish(result: CaptureResult): void {
  if (finished) return;
  finished = true;
  writeFileSync(request.resultPath, JSON.stringify(result));
  process.exit(result.error === undefined ? 0 : 1);
}

// A serialization failure surfaces only as an unhandled rejection while the URN never resolves: without this the
// program would hang (docs/engine-standin.md).
process.on("unhandledRejection", (reason) => finish({ resources, error: `unhandled rejection: ${describe(reason)}` }));
process.on("uncaughtException", (error) => finish({ resources, error: `uncaught exception: ${describe(error)}` }));

interface RegisterResourceRequest {
  getType(): string;
  getName(): string;
  getCustom(): boolean;
  getParent(): string;
  getObject(): { toJavaScript(): unknown } | undefined;
  getDependenciesList(): string[];
  getDeletebeforereplace(): boolean;
  getDeletebeforereplacedefined(): boolean;
  getIgnorechangesList(): string[];
  getAdditionalsecretoutputsList(): string[];
  getReplaceonchangesList(): string[];
  getProtect(): boolean;
  getRetainondelete(): boolean;
}

async function main(): Promise<void> {
  const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [process.cwd()] }));
  const pulumi = require(pulumiDir) as typeof import("@pulumi/pulumi");
  const mocks = require(path.join(pulumiDir, "runtime", "mocks")) as {
    MockMonitor: { prototype: { registerResource(req: RegisterResourceRequest, callback: Function): unknown } };
  };
  const settings = require(path.join(pulumiDir, "runtime", "settings")) as { waitForRPCs(): Promise<void> };

  const original = mocks.MockMonitor.prototype.registerResource;
  mocks.MockMonitor.prototype.registerResource = function (req: RegisterResourceRequest, callback: Function) {
    const entry: CapturedResource = {
      urn: "",
      type: req.getType(),
      name: req.getName(),
      custom: req.getCustom(),
      parent: req.getParent(),
      inputs: (req.getObject()?.toJavaScript() ?? {}) as CapturedResource["inputs"],
      dependencies: req.getDependenciesList(),
      ...(req.getDeletebeforereplacedefined() ? { deleteBeforeReplace: req.getDeletebeforereplace() } : {}),
      ignoreChanges: req.getIgnorechangesList(),
      additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
      replaceOnChanges: req.getReplaceonchangesList(),
      protect: req.getProtect(),
      retainOnDelete: req.getRetainondelete(),
    };
    resources.push(entry);
    return original.call(this, req, (error: unknown, response: { getUrn(): string } | undefined) => {
      if (response) entry.urn = response.getUrn();
      callback(error, response);
    });
  };

  const existing = new Set(request.existingUrns);
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        const urn = `urn:pulumi:${request.stack}::${request.project}::${args.type}::${args.name}`;
        // In preview a resource about to be created has unknown outputs; otherwise echo the inputs (the stand-in
        // runs the program before the deployment, so provider-computed outputs are not available to it).
        if (request.preview && !existing.has(urn)) return { id: undefined as unknown as string, state: {} };
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call() {
        return {};
      },
    },
    request.project,
    request.stack,
    request.preview,
  );

  const exported = require(request.programPath) as unknown;
  const entry =
    typeof exported === "function"
      ? exported
      : typeof (exported as { default?: unknown } | null)?.default === "function"
        ? (exported as { default: Function }).default
        : undefined;
  if (entry) await entry();
  // waitForRPCs also settles when a registration failed (its keep-alive is released in a catch that rethrows);
  // the rethrown error only surfaces as an unhandledRejection a turn later, so give it that turn before reporting.
  await settings.waitForRPCs();
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setTimeout(resolve, 0));
  finish({ resources });
}

main().catch((error: unknown) => finish({ resources, error: describe(error) }));
