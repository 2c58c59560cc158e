import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { PropertyMap } from "./property-values";
import { programConfigEnv, type StackConfig } from "./stack-config";

/** One RegisterResource request as the engine would receive it. */
export interface CapturedResource {
  urn: string;
  type: string;
  name: string;
  custom: boolean;
  parent: string;
  /** The serialized inputs: `__provider` included, secrets as wire wrappers, unknowns as the sentinel. */
  inputs: PropertyMap;
  dependencies: string[];
  deleteBeforeReplace?: boolean;
  ignoreChanges: string[];
  additionalSecretOutputs: string[];
  replaceOnChanges: string[];
  protect: boolean;
  retainOnDelete: boolean;
}

/** @internal Passed to capture-runner.ts through the environment. */
export interface CaptureRequest {
  programPath: string;
  project: string;
  stack: string;
  preview: boolean;
  existingUrns: string[];
  resultPath: string;
}

/** @internal */
export interface CaptureResult {
  resources: CapturedResource[];
  error?: string;
}

export interface CaptureProgramOptions {
  stackDir: string;
  /** Absolute, or relative to `stackDir`. JS or TS (TS runs under tsx). */
  programPath: string;
  project: string;
  stack: string;
  config: StackConfig;
  /** Runs the program as `pulumi preview` does (`isDryRun()`), so outputs of resources to be created are unknown. */
  preview?: boolean;
  /** URNs already in the state (their outputs are known during preview). */
  existingUrns?: string[];
  env?: Record<string, string | undefined>;
  /** Default 60 s: a program that never finishes registering fails instead of hanging the caller. */
  timeoutMs?: number;
}

export interface CapturedProgram {
  resources: CapturedResource[];
  stdout: string;
  stderr: string;
}

export class ProgramError extends Error {
  readonly code = "program-failed";
  readonly stdout: string;
  readonly stderr: string;
  constructor(message: string, stdout: string, stderr: string) {
    super(message);
    this.name = "ProgramError";
    this.stdout = stdout;
    this.stderr = stderr;
  }
}

function tsxLoaderUrl(): string {
  return pathToFileURL(require.resolve("tsx", { paths: [path.resolve(__dirname, "..")] })).href;
}

/** Runs the program in a child process (cwd = stack directory) and returns its RegisterResource requests. */
export async function captureProgram(options: CaptureProgramOptions): Promise<CapturedProgram> {
  const programPath = path.resolve(options.stackDir, options.programPath);
  const resultPath = path.join(tmpdir(), `standin-capture-${process.pid}-${randomBytes(6).toString("hex")}.json`);
  const request: CaptureRequest = {
    programPath,
    project: options.project,
    stack: options.stack,
    preview: options.preview ?? false,
    existingUrns: options.existingUrns ?? [],
    resultPath,
  };
  const child = spawn(process.execPath, ["--import", tsxLoaderUrl(), path.join(__dirname, "capture-runner.ts")], {
    cwd: options.stackDir,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      ...programConfigEnv(options.config, options.project),
      PULUMI_NODEJS_PROJECT: options.project,
      PULUMI_NODEJS_STACK: options.stack,
      STANDIN_CAPTURE_REQUEST: JSON.stringify(request),
      ...options.env,
    },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const timeoutMs = options.timeoutMs ?? 60_000;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill("SIGKILL");
  }, timeoutMs);
  timer.unref();
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => resolve(code));
  });
  clearTimeout(timer);
  let result: CaptureResult | undefined;
  try {
    result = JSON.parse(await readFile(resultPath, "utf8")) as CaptureResult;
  } catch {
    result = undefined;
  } finally {
    await rm(resultPath, { force: true });
  }
  if (timedOut) {
    throw new ProgramError(`the program did not finish within ${timeoutMs} ms`, stdout, stderr);
  }
  if (!result) {
    throw new ProgramError(`the program exited with code ${exitCode} and reported nothing\n${stderr}`, stdout, stderr);
  }
  if (result.error !== undefined) {
    throw new ProgramError(`the program failed: ${result.error}`, stdout, stderr);
  }
  return { resources: result.resources, stdout, stderr };
}
