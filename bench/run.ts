/**
 * `npm run bench`: converge, refresh, state size, client cost and host memory for this package and a naive
 * baseline, side by side. Prints the table and writes BENCHMARKS.md. See docs/benchmarks.md.
 */
import { writeFile } from "node:fs/promises";
import { BenchArgsError, parseBenchArgs, USAGE } from "./args";
import { runBench } from "./bench";
import { renderMarkdown, renderTable } from "./report";

async function main(): Promise<number> {
  let options;
  try {
    options = parseBenchArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof BenchArgsError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
  if (!options) {
    console.log(USAGE);
    return 0;
  }
  const results = await runBench(options, (line) => console.error(line));
  const table = renderTable(results);
  await writeFile(options.out, renderMarkdown(results, table));
  if (options.json) await writeFile(options.json, `${JSON.stringify(results, null, 2)}\n`);
  console.log(table);
  console.error(`\nwrote ${options.out}${options.json ? ` and ${options.json}` : ""}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
