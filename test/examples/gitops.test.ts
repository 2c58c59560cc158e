import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../support/packed-package";

/**
 * examples/gitops: the workflow file is checked by a real GitHub Actions validator from npm
 * (@action-validator/cli, the JSON schema of workflows plus job references), then its promotion path and its
 * per-stack secrets are checked as data.
 */
const WORKFLOW = path.join(repoRoot, "examples", "gitops", ".github", "workflows", "official-accounts.yml");
const VALIDATOR = path.join(repoRoot, "node_modules", "@action-validator", "cli", "cli.mjs");
const run = promisify(execFile);

interface Job {
  if?: string;
  needs?: string | string[];
  environment?: string | { name: string };
  strategy?: { matrix?: Record<string, unknown> };
  steps: Array<{ uses?: string; with?: Record<string, unknown>; env?: Record<string, string> }>;
}
interface Workflow {
  on: Record<string, unknown>;
  env?: Record<string, string>;
  jobs: Record<string, Job>;
}

async function validate(file: string): Promise<{ ok: boolean; output: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [VALIDATOR, file]);
    return { ok: true, output: stdout + stderr };
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${failed.stdout ?? ""}${failed.stderr ?? ""}` };
  }
}

let text: string;
let workflow: Workflow;
let scratch: string;

beforeAll(async () => {
  text = await readFile(WORKFLOW, "utf8");
  workflow = parse(text) as Workflow;
  scratch = await mkdtemp(path.join(tmpdir(), "gitops-"));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

function pulumiStep(job: Job) {
  const step = job.steps.find((candidate) => candidate.uses?.startsWith("pulumi/actions@"));
  expect(step, "a pulumi/actions step").toBeDefined();
  return step!;
}

function needs(job: Job): string[] {
  return job.needs === undefined ? [] : typeof job.needs === "string" ? [job.needs] : job.needs;
}

function environmentOf(job: Job): string | undefined {
  return typeof job.environment === "string" ? job.environment : job.environment?.name;
}

describe("examples/gitops workflow", () => {
  it("passes the GitHub Actions workflow validator", { timeout: 60_000 }, async () => {
    const result = await validate(WORKFLOW);
    expect(result.output).not.toContain('"errors"');
    expect(result.ok).toBe(true);
  });

  it("the validator is not a rubber stamp: a promotion step that needs a missing job is refused", { timeout: 60_000 }, async () => {
    const broken = path.join(scratch, "broken.yml");
    await writeFile(broken, text.replace("needs: apply-staging", "needs: apply-stagign"));
    const result = await validate(broken);
    expect(result.ok).toBe(false);
    expect(result.output).toContain("unresolved job apply-stagign");
  });

  it("promotes dev on merge, then staging, then prod, each behind its own environment", () => {
    const { jobs } = workflow;
    expect(Object.keys(workflow.on)).toEqual(expect.arrayContaining(["pull_request", "push", "schedule"]));
    expect(jobs["apply-dev"]?.if).toBe("github.event_name == 'push'");
    expect(needs(jobs["apply-staging"]!)).toEqual(["apply-dev"]);
    expect(needs(jobs["apply-prod"]!)).toEqual(["apply-staging"]);
    for (const [job, stack] of [
      ["apply-dev", "dev"],
      ["apply-staging", "staging"],
      ["apply-prod", "prod"],
    ] as const) {
      expect(environmentOf(jobs[job]!), job).toBe(stack);
      expect(pulumiStep(jobs[job]!).with).toMatchObject({ command: "up", "stack-name": stack });
    }
  });

  it("keeps secrets per stack: no workflow-wide secret; every job that reads one runs in the environment of its stack", () => {
    expect(JSON.stringify(workflow.env ?? {})).not.toContain("secrets.");
    for (const [name, job] of Object.entries(workflow.jobs)) {
      if (!JSON.stringify(job).includes("secrets.")) continue;
      const environment = environmentOf(job);
      const stack = String(pulumiStep(job).with?.["stack-name"]);
      expect(environment, name).toBeDefined();
      // drift-${{ matrix.stack }} with stack-name ${{ matrix.stack }}, or the stack's own environment.
      expect(environment!.endsWith(stack), `${name}: environment ${environment} for stack ${stack}`).toBe(true);
    }
  });

  it("checks drift nightly on every stack with preview --refresh --expect-no-changes", () => {
    const drift = workflow.jobs["drift"]!;
    expect(drift.strategy?.matrix?.["stack"]).toEqual(["dev", "staging", "prod"]);
    expect(pulumiStep(drift).with).toMatchObject({ command: "preview", refresh: true, "expect-no-changes": true });
    expect(workflow.on["schedule"]).toBeDefined();
  });
});
