import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureProgram, type CapturedResource } from "../../engine-standin/program-capture";
import { startHost } from "../../engine-standin/host";
import { makeSecret, providerKey, stripSecretsFromMap } from "../../engine-standin/property-values";
import { appendingVariant, preparePackedStack, type PackedStack } from "../support/packed-package";
import { APP, KEY, PROCESS_TESTS, profileProgram, RESOURCE_TYPE } from "./support";

/**
 * docs/architecture.md, decision 1: the serialized provider is one `require("pulumi-tencentcloud-chat/lifecycle")`, so `__provider` is
 * small and the same for every build, and refresh/destroy of old state run the installed code. Measured with the
 * package installed from `npm pack` as a real directory (a symlinked install would be inlined by value).
 */
const program = profileProgram([
  { resourceName: "support", args: { officialAccount: "@TOA#_support", name: "Support", introduction: "Hello" } },
]);
const variantMarker = "pulumi-tencentcloud-chat variant build loaded";
let release: PackedStack;
let variant: PackedStack;

async function registrations(stack: PackedStack): Promise<CapturedResource[]> {
  const captured = await captureProgram({
    stackDir: stack.stackDir,
    programPath: "index.ts",
    project: "shim",
    stack: "dev",
    config: { "tencentcloud-chat:sdkAppId": String(APP) },
    env: stack.programEnv,
  });
  return captured.resources;
}

beforeAll(async () => {
  const requiredFiles = ["dist/provider/lifecycle.js", "dist/provider/diff.js"];
  release = await preparePackedStack({ name: "shim-release", programSource: program, requiredFiles });
  // Different implementation code behind the same entry point: an internal module of the provider changes.
  variant = await preparePackedStack({
    name: "shim",
    programSource: program,
    requiredFiles,
    variant: appendingVariant("variant", "dist/provider/diff.js", `process.stderr.write(${JSON.stringify(variantMarker + "\n")});`),
  });
});

afterAll(async () => {
  await release?.cleanup();
  await variant?.cleanup();
});

describe("__provider", PROCESS_TESTS, () => {
  let fromRelease: CapturedResource;

  it("is a single require of the lifecycle entry point, under 1 KB", async () => {
    const [first] = await registrations(release);
    expect(first?.type).toBe(RESOURCE_TYPE);
    fromRelease = first!;
    const text = fromRelease.inputs[providerKey];
    expect(typeof text).toBe("string");
    expect(Buffer.byteLength(text as string, "utf8")).toBeLessThan(1024);
    const requires = [...(text as string).matchAll(/(?<![.\w])require\("([^"]+)"\)/g)].map((m) => m[1]);
    // The serializer names the file by the LAST `exports` key that maps to it (runtime/closure/package.js
    // WildcardMap). A deep alias such as "./dist/provider/lifecycle.js" listed after "./lifecycle" pins the internal
    // layout into every stack's state; listed before it, it still serves layouts where the lookup fails.
    expect(requires, "exports map: put any deep alias of lifecycle.js before \"./lifecycle\"").toEqual([
      "pulumi-tencentcloud-chat/lifecycle",
    ]);
    console.info(`[engine] __provider is ${Buffer.byteLength(text as string, "utf8")} bytes`);
  });

  it("is identical for two builds with different implementation code", async () => {
    const releaseCode = await readFile(path.join(release.packageDir, "dist/provider/diff.js"), "utf8");
    const variantCode = await readFile(path.join(variant.packageDir, "dist/provider/diff.js"), "utf8");
    expect(variantCode).not.toBe(releaseCode);
    const [fromVariant] = await registrations(variant);
    expect(fromVariant?.inputs[providerKey]).toBe(fromRelease.inputs[providerKey]);
  });

  it("state written by one build runs the installed build's code in the host", async () => {
    const host = await startHost({ stackDir: variant.stackDir, project: "shim" });
    try {
      await host.provider.configure({
        args: { "tencentcloud-chat:sdkAppId": String(APP), "tencentcloud-chat:secretKey": makeSecret(KEY) },
        variables: {},
        acceptSecrets: true,
        acceptResources: true,
      });
      // The release build's registration (its __provider text) checked by the host of the variant's stack.
      const checked = await host.provider.check({
        urn: fromRelease.urn,
        name: fromRelease.name,
        type: fromRelease.type,
        olds: {},
        news: stripSecretsFromMap(fromRelease.inputs),
      });
      expect(checked.failures).toEqual([]);
      expect(host.output().stderr).toContain(variantMarker);
    } finally {
      await host.stop();
    }
  });
});
