/**
 * Test entry point for an installed copy of this package (a real directory from `npm pack`) inside a scratch
 * stack under `.scratch/`. The implementation lives in engine-standin/packed-package.ts so the demo and the
 * benchmarks (run with tsx, no vitest) use the same code.
 *
 *   const stack = await preparePackedStack({ name: "sizes", programSource });
 *   // stack.stackDir, stack.packageDir (…/node_modules/pulumi-tencentcloud-chat)
 *   await stack.cleanup();
 *
 * Run programs (anything that serializes the provider) with `stack.programEnv` in their environment
 * (`NODE_PATH=<stackDir>/node_modules`): the serializer looks up the package's `exports` map from
 * @pulumi/pulumi's own location, which here is the repo's node_modules, not the stack's; without it the lookup
 * fails and `__provider` gets the deep file path instead of `require("pulumi-tencentcloud-chat/lifecycle")`.
 * In-process (vitest) serialization cannot set NODE_PATH after start-up: use engine-standin's `captureProgram`.
 *
 * A second build with different implementation code (for "__provider identical across builds"):
 *   preparePackedStack({ variant: appendingVariant("v2", "dist/provider/lifecycle.js", "exports.__variant = 2;") })
 */
export {
  appendingVariant,
  installTarball,
  packPackage,
  preparePackedStack,
  PackedPackageError,
  repoRoot,
  scratchRoot,
} from "../../engine-standin/packed-package";
export type { PackageVariant, PackedStack, PreparePackedStackOptions } from "../../engine-standin/packed-package";
