import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator";
import { preparePackedStack, repoRoot, type PackedStack } from "../support/packed-package";
import { APP, KEY, startTestEmulator } from "./support";

/**
 * The package as users get it: `npm pack`ed and installed as a real directory in a scratch stack, a program
 * registering the resource through the real SDK under `setMocks`, and the serialized `__provider` loaded
 * the way the dynamic-provider host loads it (require-from-string, cwd = another stack directory).
 * Needs `npm run build` first (`npm test` does it).
 */

const execFileAsync = promisify(execFile);
const ID = "@TOA#_support";
const PROVIDER_REQUIRE = 'require("pulumi-tencentcloud-chat/lifecycle")';

const PROGRAM = String.raw`
const pulumi = require("@pulumi/pulumi");
process.on("unhandledRejection", (error) => { console.error("UNHANDLED", error); process.exit(2); });

// A secret in the provider's module state (as configure() would leave it): it must not reach __provider.
const lifecycle = require("pulumi-tencentcloud-chat/lifecycle");
lifecycle.configure({ config: { get: (key) => ({ "tencentcloud-chat:secretKey": process.env.SECRET_FOR_TEST })[key] } });

const registrations = [];
pulumi.runtime.setMocks({
  newResource(args) {
    registrations.push({ type: args.type, name: args.name, inputs: args.inputs });
    return {
      id: "1400000000/" + args.inputs.officialAccount,
      state: { ...args.inputs, sdkAppId: 1400000000, region: "china", deletePolicy: "retain", managedFields: ["name", "maxSubscriberNum"],
               adoptedValues: { name: "Old" }, ownerAccount: "owner_1", subscriberNum: 3 },
    };
  },
  call: () => ({}),
}, "project", "stack", false);

const { OfficialAccountProfile } = require("pulumi-tencentcloud-chat");
const profile = new OfficialAccountProfile("support", {
  officialAccount: "@TOA#_support",
  name: "Support",
  maxSubscriberNum: pulumi.output(500),
});

(async () => {
  const provider = require("pulumi-tencentcloud-chat/lifecycle");
  const direct = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
  pulumi.all({
    urn: profile.urn, id: profile.id, name: profile.name, maxSubscriberNum: profile.maxSubscriberNum,
    sdkAppId: profile.sdkAppId, ownerAccount: profile.ownerAccount, subscriberNum: profile.subscriberNum,
    managedFields: profile.managedFields, adoptedValues: profile.adoptedValues, createTime: profile.createTime,
  }).apply((outputs) => {
    console.log(JSON.stringify({ registrations, outputs, direct: { text: direct.text, containsSecrets: direct.containsSecrets } }));
  });
})();
`;

const LOADER = String.raw`
const fs = require("node:fs");
const requireFromString = require("require-from-string");
const text = fs.readFileSync("provider.txt", "utf8");
const provider = requireFromString(text).handler();   // what cmd/dynamic-provider does (getProvider)
const values = JSON.parse(process.env.STACK_CONFIG);
(async () => {
  await provider.configure({ config: { get: (key) => values[key], require: (key) => values[key] } });
  const checked = await provider.check({}, { officialAccount: "@TOA#_support", name: "Loaded elsewhere", __provider: text });
  const created = await provider.create({ ...checked.inputs, __provider: text });
  const loadedFrom = Object.keys(require.cache).filter((file) => file.endsWith(require("node:path").join("dist", "provider", "lifecycle.js")));
  console.log(JSON.stringify({ methods: Object.keys(provider).sort(), checked, created, loadedFrom }));
})().catch((error) => { console.error(error); process.exit(1); });
`;

interface ProgramReport {
  registrations: Array<{ type: string; name: string; inputs: Record<string, unknown> }>;
  outputs: Record<string, unknown>;
  direct: { text: string; containsSecrets: boolean };
}

let programStack: PackedStack;
let otherStack: PackedStack;
let report: ProgramReport;
let emulator: Emulator;

beforeAll(async () => {
  if (!existsSync(path.join(repoRoot, "dist", "provider", "lifecycle.js"))) {
    throw new Error("dist/provider/lifecycle.js is missing: run `npm run build` first (`npm test` does).");
  }
  emulator = await startTestEmulator();
  programStack = await preparePackedStack({ name: "provider-program", programFile: "index.js", programSource: PROGRAM });
  otherStack = await preparePackedStack({ name: "provider-loader", programFile: "loader.js", programSource: LOADER });
  // In a real project @pulumi/pulumi sits next to this package, so the serializer can read this package's
  // `exports` map and write the public subpath. Here @pulumi/pulumi comes from the repository's node_modules,
  // where it cannot see the scratch stack; NODE_PATH lets its require.resolve find the package as it would.
  const { stdout } = await execFileAsync("node", ["index.js"], {
    cwd: programStack.stackDir,
    env: { ...process.env, NODE_PATH: path.join(programStack.stackDir, "node_modules"), SECRET_FOR_TEST: KEY },
    timeout: 60_000,
  });
  report = JSON.parse(stdout.trim().split("\n").at(-1) as string) as ProgramReport;
});

afterAll(async () => {
  await programStack?.cleanup();
  await otherStack?.cleanup();
  await emulator?.close();
});

describe("the program (setMocks)", () => {
  it("registers the type token with the program's inputs and __provider", () => {
    expect(report.registrations).toHaveLength(1);
    const [registration] = report.registrations;
    expect(registration?.type).toBe("pulumi-nodejs:dynamic/tencentcloud-chat:OfficialAccountProfile");
    expect(registration?.name).toBe("support");
    // Seeded output keys are undefined, so only the inputs given travel to the engine.
    expect(Object.keys(registration?.inputs ?? {}).sort()).toEqual(["__provider", "maxSubscriberNum", "name", "officialAccount"]);
    expect(registration?.inputs).toMatchObject({ officialAccount: ID, name: "Support", maxSubscriberNum: 500 });
    expect(typeof registration?.inputs["__provider"]).toBe("string"); // a plain string: not marked secret
  });

  it("exposes every output, read-only facts included", () => {
    expect(report.outputs).toEqual({
      urn: "urn:pulumi:stack::project::pulumi-nodejs:dynamic/tencentcloud-chat:OfficialAccountProfile::support",
      id: `1400000000/${ID}`,
      name: "Support",
      maxSubscriberNum: 500,
      sdkAppId: 1400000000,
      ownerAccount: "owner_1",
      subscriberNum: 3,
      managedFields: ["name", "maxSubscriberNum"],
      adoptedValues: { name: "Old" },
      // createTime: declared, absent from the mock's state, so undefined (dropped by JSON)
    });
  });
});

describe("__provider", () => {
  it("is one require of the public lifecycle subpath, under 1 KB, with no secret", () => {
    const text = report.registrations[0]?.inputs["__provider"] as string;
    expect(text).toBe(report.direct.text);
    expect(report.direct.containsSecrets).toBe(false);
    expect(Buffer.byteLength(text, "utf8")).toBeLessThan(1024);
    expect(text.match(/require\(/g)).toHaveLength(1);
    expect(text).toContain(PROVIDER_REQUIRE);
    expect(text).not.toContain(KEY);
  });

  it("loads and runs when required from another directory, as the host does", async () => {
    const text = report.registrations[0]?.inputs["__provider"] as string;
    await writeFile(path.join(otherStack.stackDir, "provider.txt"), text);
    emulator.store.create(APP, { officialAccount: ID, ownerAccount: "owner_1", name: "Old" });
    const { stdout } = await execFileAsync("node", ["loader.js"], {
      cwd: otherStack.stackDir,
      env: {
        ...process.env,
        STACK_CONFIG: JSON.stringify({
          "tencentcloud-chat:sdkAppId": String(APP),
          "tencentcloud-chat:secretKey": KEY,
          "tencentcloud-chat:endpoint": emulator.url,
        }),
      },
      timeout: 60_000,
    });
    const loaded = JSON.parse(stdout.trim().split("\n").at(-1) as string) as {
      methods: string[];
      checked: { inputs: Record<string, unknown>; failures: unknown[] };
      created: { id: string; outs: Record<string, unknown> };
      loadedFrom: string[];
    };
    expect(loaded.methods).toEqual(["check", "configure", "create", "delete", "diff", "read", "update"]);
    expect(loaded.checked.failures).toEqual([]);
    expect(loaded.created.id).toBe(`${APP}/${ID}`);
    expect(loaded.created.outs).toMatchObject({ name: "Loaded elsewhere", adoptedValues: { name: "Old" } });
    expect(emulator.store.get(APP, ID)?.name).toBe("Loaded elsewhere");
    expect(loaded.loadedFrom).toEqual([path.join(otherStack.packageDir, "dist", "provider", "lifecycle.js")]);
  });
});
