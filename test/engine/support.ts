import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Emulator, RequestLogEntry } from "../../emulator";
import { createEngine, type StandinEngine } from "../../engine-standin/engine";
import { findLeaks, type Leak } from "../../engine-standin/leak-scan";
import type { OperationResult } from "../../engine-standin/results";
import { secretConfig, type StackConfig } from "../../engine-standin/stack-config";
import { decodeUserSig } from "../../provider/chat/usersig";
import type { PackedStack } from "../support/packed-package";

/** Shared pieces of the engine-level scenarios against OfficialAccountProfile and the emulator. */
export const APP = 1400000001;
export const KEY = "9c1e5a7f3b2d4e6f8a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f";
export const MODIFY = "modify_official_account_base_info";
export const GET_INFO = "get_official_account_info";
/**
 * Steps that start Node processes (program runs, hosts) take seconds, more when the machine is busy with other
 * test files: a generous per-test limit, so load cannot fail them (no test asserts on time).
 */
export const PROCESS_TESTS = { timeout: 180_000 };
export const RESOURCE_TYPE = "pulumi-nodejs:dynamic/tencentcloud-chat:OfficialAccountProfile";

export interface AccountDeclaration {
  resourceName: string;
  args: Record<string, unknown>;
}

/** A Pulumi program (TypeScript) declaring the given profiles; it uses the package as a user would. */
export function profileProgram(accounts: AccountDeclaration[]): string {
  const lines = accounts.map(
    ({ resourceName, args }) => `new OfficialAccountProfile(${JSON.stringify(resourceName)}, ${JSON.stringify(args)});`,
  );
  return `import { OfficialAccountProfile } from "pulumi-tencentcloud-chat";\n\n${lines.join("\n")}\n`;
}

/** A program that builds `count` profiles in a loop (the 200-resource scenario). */
export function loopProgram(count: number, prefix: string, introduction: string): string {
  return [
    `import { OfficialAccountProfile } from "pulumi-tencentcloud-chat";`,
    `for (let i = 0; i < ${count}; i++) {`,
    `  new OfficialAccountProfile(\`${prefix}-\${i}\`, {`,
    `    officialAccount: \`@TOA#_${prefix}_\${i}\`,`,
    `    name: \`${prefix} \${i}\`,`,
    `    introduction: ${JSON.stringify(introduction)},`,
    `  });`,
    `}`,
    ``,
  ].join("\n");
}

export function stackConfig(emulator: Emulator, secretKey: string = KEY): StackConfig {
  return {
    "tencentcloud-chat:sdkAppId": String(APP),
    "tencentcloud-chat:secretKey": secretConfig(secretKey),
    "tencentcloud-chat:endpoint": emulator.url,
  };
}

/** An engine for one scenario: its own program file and state file in the shared stack directory. */
export async function scenarioEngine(
  stack: PackedStack,
  emulator: Emulator,
  scenario: string,
  accounts: AccountDeclaration[],
  options: { parallel?: number } = {},
): Promise<{ engine: StandinEngine; setProgram(accounts: AccountDeclaration[]): Promise<void> }> {
  const programPath = `${scenario}.ts`;
  const setProgram = (next: AccountDeclaration[]) => writeFile(path.join(stack.stackDir, programPath), profileProgram(next));
  await setProgram(accounts);
  const engine = createEngine({
    stackDir: stack.stackDir,
    stack: scenario,
    programPath,
    programEnv: stack.programEnv,
    config: stackConfig(emulator),
    ...(options.parallel ? { parallel: options.parallel } : {}),
  });
  return { engine, setProgram };
}

/** Emulator requests made while `work` ran. */
export async function requestsDuring<T>(emulator: Emulator, work: () => Promise<T>): Promise<{ result: T; requests: RequestLogEntry[] }> {
  const before = emulator.requestLog.at(-1)?.seq ?? 0;
  const result = await work();
  return { result, requests: emulator.requestLog.filter((entry) => entry.seq > before) };
}

/** Credentials in the state file, the host's stdout/stderr and the step errors users see. */
export async function credentialLeaks(engine: StandinEngine, results: OperationResult[], secrets: string[] = [KEY]): Promise<Leak[]> {
  const output = engine.hostOutput();
  const texts = [
    await readFile(engine.statePath, "utf8"),
    output.stdout.join("\n"),
    output.stderr.join("\n"),
    results.flatMap((result) => result.steps.map((step) => step.error ?? "")).join("\n"),
  ];
  return texts.flatMap((text) =>
    findLeaks(text, { secrets, isUserSig: (candidate) => decodeUserSig(candidate) !== undefined }),
  );
}
