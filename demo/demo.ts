/**
 * The demo, step by step: preview → up (adopt) → console edit → refresh (drift) → up (correct) → destroy
 * (restore and retain), each step checked against the emulator's store and request log. `run.ts` is the
 * command line around it; the test imports `runDemo` directly.
 */
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { startEmulator, type Emulator, type RequestLogEntry, type StoredAccount } from "../emulator";
import { findLeaks } from "../engine-standin/leak-scan";
import { preparePackedStack, type PackedStack } from "../engine-standin/packed-package";
import { captureProgram, type CapturedResource } from "../engine-standin/program-capture";
import { secretConfig } from "../engine-standin/stack-config";
import { decodeUserSig } from "../provider/chat/usersig";
import {
  checkAdoption,
  checkConsoleEdit,
  checkCorrection,
  checkDestroy,
  checkNoLeaks,
  checkPreview,
  checkRefresh,
  type CheckResult,
  type StepObservation,
} from "./checks";
import { accountsAfterDestroy, requestLines } from "./display";
import type { DeclaredProfile, DemoRunner, OperationReport, Print } from "./model";
import { createPulumiCliRunner, findPulumiCli } from "./runners/pulumi-cli";
import { createStandinRunner } from "./runners/standin";
import {
  CONSOLE_EDIT,
  consoleAccountFor,
  declaredProfiles,
  DEMO_PROJECT,
  DEMO_SDK_APP_ID,
  DEMO_STACK,
  PROGRAM_PATH,
} from "./scenario";

export type DemoStepName = "preview" | "up" | "console-edit" | "refresh" | "correct" | "destroy" | "secrets";

/** Heading in the output, and the short label of the summary table. */
export const STEP_TITLES: Record<DemoStepName, { title: string; label: string }> = {
  preview: { title: "preview shows the field-by-field plan", label: "preview" },
  up: { title: "up adopts the accounts and applies the declaration", label: "up: adopt" },
  "console-edit": { title: "someone edits the introduction in the console", label: "console edit" },
  refresh: { title: "refresh reports the drift", label: "refresh: drift" },
  correct: { title: "up puts the declared value back", label: "up: correct" },
  destroy: { title: "destroy restores one account and retains the other", label: "destroy" },
  secrets: { title: "no credential in state or output", label: "secrets" },
};

export interface StepOutcome {
  number: number;
  name: DemoStepName;
  title: string;
  label: string;
  /** False when the step was not reached because an earlier one failed. */
  ran: boolean;
  ok: boolean;
  facts: string[];
  failures: string[];
}

export type RunnerChoice = "auto" | "standin" | "cli";

export interface DemoOptions {
  /** Where the operation output goes (default: stdout). */
  print?: Print;
  /** `auto` (default): the Pulumi CLI when `pulumi` is on PATH, else the engine stand-in. */
  runner?: RunnerChoice;
  /** Called before each step with the running emulator; tests use it to break a step on purpose. */
  beforeStep?: (step: DemoStepName, emulator: Emulator) => void | Promise<void>;
}

export interface DemoResult {
  runner: DemoRunner["kind"];
  /** One line saying what drove the program. */
  runnerNote: string;
  ok: boolean;
  outcomes: StepOutcome[];
  declared: DeclaredProfile[];
  /** Every request the emulator received, in order. */
  requestLog: RequestLogEntry[];
  /** The accounts at the end, by resource name. */
  finalStore: Record<string, StoredAccount | undefined>;
  durationMs: number;
}

function snapshot(emulator: Emulator, declared: readonly DeclaredProfile[]): Map<string, StoredAccount | undefined> {
  return new Map(declared.map((profile) => [profile.resourceName, emulator.store.get(DEMO_SDK_APP_ID, profile.officialAccount)]));
}

async function chooseRunner(
  choice: RunnerChoice,
  stack: PackedStack,
  emulator: Emulator,
  secretKey: string,
  print: Print,
  registrations: Promise<CapturedResource[]>,
): Promise<{ runner: DemoRunner; note: string }> {
  const cli = choice === "standin" ? undefined : findPulumiCli();
  if (choice === "cli" && !cli) throw new Error("--cli: no `pulumi` on PATH");
  if (cli) {
    const runner = await createPulumiCliRunner({
      pulumi: cli,
      stack,
      stackName: DEMO_STACK,
      print,
      config: [
        { key: "tencentcloud-chat:sdkAppId", value: String(DEMO_SDK_APP_ID) },
        { key: "tencentcloud-chat:secretKey", value: secretKey, secret: true },
        { key: "tencentcloud-chat:endpoint", value: emulator.url },
      ],
    });
    return { runner, note: `Runner: the Pulumi CLI (${cli}), local file backend in a temporary directory.` };
  }
  const runner = await createStandinRunner({
    stack,
    stackName: DEMO_STACK,
    print,
    registrations,
    config: {
      "tencentcloud-chat:sdkAppId": String(DEMO_SDK_APP_ID),
      "tencentcloud-chat:secretKey": secretConfig(secretKey),
      "tencentcloud-chat:endpoint": emulator.url,
    },
  });
  const reason = choice === "standin" ? "as asked" : "no `pulumi` on PATH";
  return {
    runner,
    note: `Runner: the engine stand-in (${reason}): the same program, through @pulumi/pulumi's own dynamic-provider host over gRPC.`,
  };
}

export async function runDemo(options: DemoOptions = {}): Promise<DemoResult> {
  const started = Date.now();
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const secretKey = randomBytes(32).toString("hex");
  const outcomes: StepOutcome[] = [];
  let stack: PackedStack | undefined;
  let emulator: Emulator | undefined;
  let runner: DemoRunner | undefined;
  try {
    // The package as users get it: `npm pack`, extracted as a real directory into a scratch project.
    stack = await preparePackedStack({
      name: "demo",
      projectName: DEMO_PROJECT,
      programSource: await readFile(PROGRAM_PATH, "utf8"),
      requiredFiles: ["dist/provider/lifecycle.js"],
    });
    emulator = await startEmulator({ apps: [{ sdkAppId: DEMO_SDK_APP_ID, secretKey }] });
    // The program runs through the real SDK once (stand-in path: replayed by each operation); the declaration
    // the checks hold the emulator to is read from its registrations, not copied from the program.
    const registrations = captureProgram({
      stackDir: stack.stackDir,
      programPath: "index.ts",
      project: DEMO_PROJECT,
      stack: DEMO_STACK,
      config: {},
      env: stack.programEnv,
    }).then((program) => program.resources);
    registrations.catch(() => undefined);
    const chosen = await chooseRunner(options.runner ?? "auto", stack, emulator, secretKey, print, registrations);
    runner = chosen.runner;
    const declared = declaredProfiles(await registrations);
    // The accounts already exist, as they would in real life: made in the console before any stack.
    for (const profile of declared) {
      emulator.store.create(DEMO_SDK_APP_ID, { officialAccount: profile.officialAccount, ...consoleAccountFor(profile.resourceName) });
    }
    const edited = declared.find((profile) => profile.resourceName === CONSOLE_EDIT.resourceName);
    if (!edited) throw new Error(`the demo program declares no resource "${CONSOLE_EDIT.resourceName}"`);

    print(chosen.note);
    print(`Emulator: ${emulator.url}, app ${DEMO_SDK_APP_ID}, accounts ${declared.map((profile) => profile.officialAccount).join(", ")} (created in its store).`);

    const live = emulator;
    const active = runner;
    const steps: Array<{ name: DemoStepName; act: () => Promise<OperationReport>; check: (observation: StepObservation) => CheckResult }> = [
      { name: "preview", act: () => active.preview(), check: (o) => checkPreview(o, declared) },
      { name: "up", act: () => active.up(), check: (o) => checkAdoption(o, declared, consoleAccountFor) },
      {
        name: "console-edit",
        act: async () => {
          live.store.patch(DEMO_SDK_APP_ID, edited.officialAccount, CONSOLE_EDIT.fields);
          print(`store.patch(${DEMO_SDK_APP_ID}, "${edited.officialAccount}", ${JSON.stringify(CONSOLE_EDIT.fields)})`);
          return { ok: true, steps: [] };
        },
        check: (o) => checkConsoleEdit(o, edited, CONSOLE_EDIT.fields),
      },
      { name: "refresh", act: () => active.refresh(), check: (o) => checkRefresh(o, declared, edited, CONSOLE_EDIT.fields) },
      { name: "correct", act: () => active.up(), check: (o) => checkCorrection(o, declared, edited, CONSOLE_EDIT.fields) },
      { name: "destroy", act: () => active.destroy(), check: (o) => checkDestroy(o, declared, consoleAccountFor) },
    ];

    let failed = false;
    for (const [index, step] of steps.entries()) {
      const outcome: StepOutcome = { number: index + 1, name: step.name, ...STEP_TITLES[step.name], ran: false, ok: false, facts: [], failures: [] };
      outcomes.push(outcome);
      if (failed) continue;
      print("");
      print(`=== ${outcome.number}. ${outcome.title} ===`);
      await options.beforeStep?.(step.name, live);
      const storeBefore = snapshot(live, declared);
      const lastSeq = live.requestLog.at(-1)?.seq ?? 0;
      const report = await step.act();
      const requests = live.requestLog.filter((entry) => entry.seq > lastSeq);
      const observation: StepObservation = {
        report,
        requests,
        storeBefore,
        storeAfter: snapshot(live, declared),
        stateAfter: await active.state(),
      };
      for (const line of requestLines(requests)) print(line);
      const verdict = step.check(observation);
      Object.assign(outcome, { ran: true, ok: verdict.failures.length === 0, facts: verdict.facts, failures: verdict.failures });
      if (step.name === "destroy") {
        print("");
        print("Emulator after destroy:");
        for (const line of accountsAfterDestroy(declared, consoleAccountFor, observation.storeAfter)) print(line);
      }
      if (!outcome.ok) failed = true;
    }

    const secrets: StepOutcome = { number: steps.length + 1, name: "secrets", ...STEP_TITLES.secrets, ran: true, ok: false, facts: [], failures: [] };
    const texts = await active.exposedTexts();
    const leaks = texts.flatMap((text) => findLeaks(text, { secrets: [secretKey], isUserSig: (candidate) => decodeUserSig(candidate) !== undefined }));
    const verdict = checkNoLeaks(leaks, texts.length);
    Object.assign(secrets, { ok: verdict.failures.length === 0, facts: verdict.facts, failures: verdict.failures });
    outcomes.push(secrets);

    return {
      runner: active.kind,
      runnerNote: chosen.note,
      ok: outcomes.every((outcome) => outcome.ran && outcome.ok),
      outcomes,
      declared,
      requestLog: [...live.requestLog],
      finalStore: Object.fromEntries(snapshot(live, declared)),
      durationMs: Date.now() - started,
    };
  } finally {
    await runner?.close().catch(() => undefined);
    await emulator?.close().catch(() => undefined);
    await stack?.cleanup().catch(() => undefined);
  }
}
