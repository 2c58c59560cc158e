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

// The provider's module state holds the stack config, secret included (as configure() leaves it): it must
// not reach __provider. It points at the test's emulator, where the account exists.
const lifecycle = require("pulumi-tencentcloud-chat/lifecycle");
lifecycle.configure({ config: { get: (key) => ({
  "tencentcloud-chat:sdkAppId": process.env.APP_FOR_TEST,
  "tencentcloud-chat:secretKey": process.env.SECRET_FOR_TEST,
  "tencentcloud-chat:endpoint": process.env.ENDPOINT_FOR_TEST,
})[key] } });

const registrations = [];
let created;
pulumi.runtime.setMocks({
  // The engine's part played by the product itself: its own check and create, against the emulator. So the
  // state below is what the provider returns, not something this mock made up.
  async newResource(args) {
    registrations.push({ type: args.type, name: args.name, inputs: args.inputs });
    const checked = await lifecycle.check({}, args.inputs);
    if (checked.failures && checked.failures.length > 0) throw new Error("check failed: " + JSON.stringify(checked.failures));
    created = await lifecycle.create(checked.inputs);
    return { id: created.id, state: created.outs };
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
  profile.id.apply((id) => {
    // Every key of the provider's outputs, read back through the resource object the program sees.
    const keys = Object.keys(created.outs).filter((key) => !key.startsWith("__"));
    const missing = keys.filter((key) => !pulumi.Output.isInstance(profile[key]));
    const exposed = keys.filter((key) => pulumi.Output.isInstance(profile[key]));
    pulumi.all(Object.fromEntries(exposed.map((key) => [key, profile[key]]))).apply((outputs) => {
      console.log(JSON.stringify({
        registrations, id, created, missing, outputs,
        direct: { text: direct.text, containsSecrets: direct.containsSecrets },
      }));
    });
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
  id: string;
  /** What the provider's create returned inside the mock. */
  created: { id: string; outs: Record<string, unknown> };
  /** Output keys of the provider that the resource object does not expose. */
  missing: string[];
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
  emulator.store.create(APP, { officialAccount: ID, ownerAccount: "owner_1", name: "Old", organization: "Org before" });
  emulator.store.addSubscribers(APP, ID, ["user_1", "user_2", "user_3"]);
  programStack = await preparePackedStack({ name: "provider-program", programFile: "index.js", programSource: PROGRAM });
  otherStack = await preparePackedStack({ name: "provider-loader", programFile: "loader.js", programSource: LOADER });
  // In a real project @pulumi/pulumi sits next to this package, so the serializer can read this package's
  // `exports` map and write the public subpath. Here @pulumi/pulumi comes from the repository's node_modules,
  // where it cannot see the scratch stack; NODE_PATH lets its require.resolve find the package as it would.
  const { stdout } = await execFileAsync("node", ["index.js"], {
    cwd: programStack.stackDir,
    env: {
      ...process.env,
      NODE_PATH: path.join(programStack.stackDir, "node_modules"),
      APP_FOR_TEST: String(APP),
      SECRET_FOR_TEST: KEY,
      ENDPOINT_FOR_TEST: emulator.url,
    },
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

  it("exposes every output the provider returns, with the provider's values, read-only facts included", () => {
    const live = emulator.store.get(APP, ID);
    expect(live).toBeDefined();
    // The provider's create ran against the emulator: the account holds the declared values now.
    expect(live).toMatchObject({ name: "Support", maxSubscriberNum: 500 });
    expect(report.id).toBe(report.created.id);
    expect(report.id).toBe(`${APP}/${ID}`);
    // Every output key of the provider is an Output of the resource class, resolving to the provider's value.
    expect(report.missing).toEqual([]);
    const outs = JSON.parse(JSON.stringify(report.created.outs)) as Record<string, unknown>;
    delete outs["__provider"];
    expect(report.outputs).toEqual(outs);
    // The facts are the server's, read by the provider, not values any test code wrote into state.
    expect(report.outputs).toMatchObject({
      officialAccount: ID,
      ownerAccount: live?.ownerAccount,
      subscriberNum: live?.subscriberNum,
      createTime: live?.createTime,
      lastMsgTime: live?.lastMsgTime,
      sdkAppId: APP,
      managedFields: ["name", "maxSubscriberNum"],
      adoptedValues: expect.objectContaining({ name: "Old", organization: "Org before" }),
    });
    expect(live?.subscriberNum).toBe(3);
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
    emulator.reset();
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
