#!/usr/bin/env node
/**
 * `pulumi-tencentcloud-chat <command>`: the package's command line. Subcommands are dispatched here and
 * implemented next to their code.
 */
import { runEmulatorCommand } from "./emulator/cli-run";
import { runProbeCommand } from "./probe/cli-run";

const USAGE = `Usage: pulumi-tencentcloud-chat <command> [flags]

Commands:
  emulator   run a local Tencent Cloud Chat official-account API (see: emulator --help)
  probe      check the emulator's assumptions against a real app (see: probe --help)
  help       this text
`;

const SUBCOMMANDS: Record<string, (argv: readonly string[]) => Promise<number>> = {
  emulator: runEmulatorCommand,
  probe: runProbeCommand,
};

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    process.stdout.write(USAGE);
    return name === undefined ? 2 : 0;
  }
  const run = SUBCOMMANDS[name];
  if (!run) {
    process.stderr.write(`error: unknown command ${JSON.stringify(name)}\n${USAGE}`);
    return 2;
  }
  return run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
