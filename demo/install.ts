/**
 * `npm run demo:install`: installs this package into the repository's own `node_modules` as a real directory
 * (from `npm pack`), so that `pulumi up` in the repository root (Pulumi.yaml → examples/demo) runs it the way
 * users get it. A symlink or a path inside the repository would make Pulumi inline the provider's code into
 * state instead of writing `require("pulumi-tencentcloud-chat/lifecycle")`
 * (docs/architecture.md, How it is packaged). Run it again after changing the source.
 */
import { rm } from "node:fs/promises";
import path from "node:path";
import { installTarball, packPackage, repoRoot } from "../engine-standin/packed-package";

async function main(): Promise<void> {
  const tarball = await packPackage(repoRoot, ["dist/provider/lifecycle.js"]);
  const target = path.join(repoRoot, "node_modules", ...tarball.packageName.split("/"));
  await rm(target, { recursive: true, force: true });
  const installed = await installTarball(repoRoot, tarball);
  process.stdout.write(
    `Installed ${tarball.packageName} from ${path.basename(tarball.tarballPath)} as a real directory: ${path.relative(repoRoot, installed)}\n` +
      "Now `pulumi stack init dev` and `pulumi up` in the repository root run examples/demo against it (see docs/demo.md, \"Run the demo with the Pulumi CLI\").\n",
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`demo:install failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
