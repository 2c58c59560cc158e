/**
 * Prints the fault matrix (operation × fault) as a markdown table, for docs/reliability.md.
 *   npx tsx reliability/fault-matrix.ts [--seed N]
 * Exit code 1 when any cell breaks a promise (see cellViolations).
 */
import { cellViolations, renderMatrix, runFaultMatrix, summarizeMatrix } from "./matrix";

async function main(): Promise<void> {
  const seedFlag = process.argv.indexOf("--seed");
  const seed = seedFlag >= 0 ? Number(process.argv[seedFlag + 1]) : 1;
  if (!Number.isInteger(seed)) throw new Error("--seed takes an integer");
  const started = performance.now();
  const cells = await runFaultMatrix({ seed });
  console.log(renderMatrix(cells));
  console.log("");
  console.log(summarizeMatrix(cells));
  console.log(`\n(seed ${seed}, ${((performance.now() - started) / 1000).toFixed(1)} s)`);
  if (cells.some((cell) => cellViolations(cell).length > 0)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
