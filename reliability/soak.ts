/**
 * The soak: 10,000 operations with 10% of requests faulted (seeded), then the final state compared with
 * the declared one. Prints the figures as a markdown table.
 *   npx tsx reliability/soak.ts [--operations N] [--seed N] [--worlds N] [--fault-rate F]
 * Exit code 1 when an update was lost or corrupted, or the final state differs from the declared one.
 */
import { renderSoakReport, runSoak, soakViolations } from "./soak-run";

function flag(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  if (index < 0) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isFinite(value)) throw new Error(`--${name} takes a number`);
  return value;
}

async function main(): Promise<void> {
  const operations = flag("operations", 10_000);
  const seed = flag("seed", 1);
  const report = await runSoak({
    operations,
    seed,
    worlds: flag("worlds", 8),
    faultRate: flag("fault-rate", 0.1),
    progressEvery: 1000,
    onProgress: (done) => process.stderr.write(`  ${done} / ${operations} operations\n`),
  });
  console.log(renderSoakReport(report));
  console.log(`\n(seed ${seed})`);
  const violations = soakViolations(report);
  if (violations.length > 0) {
    console.log(`\n${violations.length} violation(s):\n- ${violations.slice(0, 50).join("\n- ")}`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
