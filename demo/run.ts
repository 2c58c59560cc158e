/**
 * `npm run demo`: the example program through preview, up, a console edit, refresh, up and destroy against the
 * local emulator, each step checked; exits non-zero if any step did not do what it claims.
 *
 *   npx tsx demo/run.ts [--quiet] [--standin | --cli]
 *
 * --quiet   print only the summary table
 * --standin use the engine stand-in even when `pulumi` is on PATH
 * --cli     require the Pulumi CLI
 */
import { runDemo, type RunnerChoice } from "./demo";
import { summaryLines } from "./summary";

const USAGE = "usage: tsx demo/run.ts [--quiet] [--standin | --cli]";

function parseArgs(argv: readonly string[]): { quiet: boolean; runner: RunnerChoice } {
  let quiet = false;
  let runner: RunnerChoice = "auto";
  for (const arg of argv) {
    if (arg === "--quiet") quiet = true;
    else if (arg === "--standin") runner = "standin";
    else if (arg === "--cli") runner = "cli";
    else throw new Error(`unknown argument ${JSON.stringify(arg)}\n${USAGE}`);
  }
  return { quiet, runner };
}

async function main(): Promise<number> {
  const { quiet, runner } = parseArgs(process.argv.slice(2));
  const result = await runDemo({ runner, ...(quiet ? { print: () => undefined } : {}) });
  process.stdout.write(`${quiet ? "" : "\n"}${summaryLines(result).join("\n")}\n`);
  return result.ok ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
