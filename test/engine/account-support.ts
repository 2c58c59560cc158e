import { writeFile } from "node:fs/promises";
import path from "node:path";
import type { Emulator } from "../../emulator";
import { createEngine, type StandinEngine } from "../../engine-standin/engine";
import type { StackConfig } from "../../engine-standin/stack-config";
import type { PackedStack } from "../support/packed-package";
import { stackConfig, type AccountDeclaration } from "./support";

/** Pieces of the engine-level scenarios of OfficialAccount (the profile's are in support.ts). */
export const ACCOUNT_TYPE = "pulumi-nodejs:dynamic/tencentcloud-chat:OfficialAccount";
export const CREATE = "create_official_account";
export const DESTROY = "destroy_official_account";

export interface OfficialAccountDeclaration extends AccountDeclaration {
  /** Resource options, as a TypeScript object literal, e.g. `{ protect: true }`. */
  options?: string;
  /** Default OfficialAccount. */
  resource?: "OfficialAccount" | "OfficialAccountProfile";
}

/** A program (TypeScript) declaring the given accounts, as a user would write it. */
export function accountProgram(accounts: OfficialAccountDeclaration[]): string {
  const lines = accounts.map(
    ({ resourceName, args, options, resource }) =>
      `new ${resource ?? "OfficialAccount"}(${JSON.stringify(resourceName)}, ${JSON.stringify(args)}${options ? `, ${options}` : ""});`,
  );
  return `import { OfficialAccount, OfficialAccountProfile } from "pulumi-tencentcloud-chat";\n\n${lines.join("\n")}\n`;
}

/** An engine for one scenario over its own program and state file in the shared stack directory. */
export async function accountScenario(
  stack: PackedStack,
  emulator: Emulator,
  scenario: string,
  accounts: OfficialAccountDeclaration[],
  config: StackConfig = stackConfig(emulator),
): Promise<{ engine: StandinEngine; setProgram(accounts: OfficialAccountDeclaration[]): Promise<void> }> {
  const programPath = `${scenario}.ts`;
  const setProgram = (next: OfficialAccountDeclaration[]) => writeFile(path.join(stack.stackDir, programPath), accountProgram(next));
  await setProgram(accounts);
  const engine = createEngine({ stackDir: stack.stackDir, stack: scenario, programPath, programEnv: stack.programEnv, config });
  return { engine, setProgram };
}
