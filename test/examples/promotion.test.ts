import { copyFile, readFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator, type StoredAccount } from "../../emulator";
import { createEngine, type EngineOptions, type StandinEngine } from "../../engine-standin/engine";
import { secretConfig, type StackConfig } from "../../engine-standin/stack-config";
import { credentialLeaks, PROCESS_TESTS, requestsDuring } from "../engine/support";
import { preparePackedStack, repoRoot, type PackedStack } from "../support/packed-package";
import { driftCheck } from "./drift-check";

/**
 * examples/promotion, "from nothing to three environments", run as it is (its index.ts and its three
 * Pulumi.<stack>.yaml files) through the engine stand-in against one emulator that holds the three apps. Only
 * what a pipeline adds is added: the emulator's endpoint and each app's own secret key (docs/resources.md).
 */
const EXAMPLE = path.join(repoRoot, "examples", "promotion");
const STACKS = ["dev", "staging", "prod"] as const;
type StackName = (typeof STACKS)[number];
const KEYS: Record<StackName, string> = {
  dev: "d1".repeat(32),
  staging: "5a".repeat(32),
  prod: "9f".repeat(32),
};
const CREATE = "create_official_account";

interface Environment {
  name: StackName;
  sdkAppId: number;
  /** The example's own stack config (Pulumi.<stack>.yaml). */
  values: Record<string, string>;
  options: EngineOptions & { statePath: string };
  engine: StandinEngine;
}

let emulator: Emulator;
let stack: PackedStack;
const environments = {} as Record<StackName, Environment>;

async function exampleConfig(name: StackName): Promise<Record<string, string>> {
  const file = parse(await readFile(path.join(EXAMPLE, `Pulumi.${name}.yaml`), "utf8")) as { config: Record<string, string> };
  return file.config;
}

beforeAll(async () => {
  const values = Object.fromEntries(await Promise.all(STACKS.map(async (name) => [name, await exampleConfig(name)] as const))) as Record<
    StackName,
    Record<string, string>
  >;
  emulator = await startEmulator({
    apps: STACKS.map((name) => ({ sdkAppId: Number(values[name]["tencentcloud-chat:sdkAppId"]), secretKey: KEYS[name] })),
    // The owners must be imported users (create answers 70107 otherwise), as on the real service.
    importedAccounts: STACKS.map((name) => values[name]["accounts:owner"]!),
  });
  stack = await preparePackedStack({ name: "promotion", requiredFiles: ["dist/provider/account/lifecycle.js"] });
  for (const file of ["index.ts", "Pulumi.yaml"]) await copyFile(path.join(EXAMPLE, file), path.join(stack.stackDir, file));
  for (const name of STACKS) {
    const config: StackConfig = { ...values[name], "tencentcloud-chat:endpoint": emulator.url, "tencentcloud-chat:secretKey": secretConfig(KEYS[name]) };
    const options = {
      stackDir: stack.stackDir,
      stack: name,
      programEnv: stack.programEnv,
      config,
      statePath: path.join(stack.stackDir, ".pulumi-standin", `${name}.json`),
    };
    environments[name] = { name, sdkAppId: Number(values[name]["tencentcloud-chat:sdkAppId"]), values: values[name], options, engine: createEngine(options) };
  }
});

afterAll(async () => {
  await Promise.all(Object.values(environments).map((environment) => environment.engine.close()));
  await emulator?.close();
  await stack?.cleanup();
});

function accounts(environment: Environment): StoredAccount[] {
  return emulator.store.list(environment.sdkAppId);
}

function drift(environment: Environment) {
  return driftCheck(environment.options, path.join(stack.stackDir, ".pulumi-standin", `${environment.name}.drift.json`));
}

describe("examples/promotion: from nothing to three environments", PROCESS_TESTS, () => {
  it("the emulator starts with three empty apps", () => {
    expect(new Set(STACKS.map((name) => environments[name].sdkAppId)).size).toBe(3);
    for (const name of STACKS) expect(accounts(environments[name])).toEqual([]);
  });

  it("up dev, then staging, then prod: every account exists with its declared values; each app's calls went to that app only", async () => {
    for (const name of STACKS) {
      const environment = environments[name];
      const { result, requests } = await requestsDuring(emulator, () => environment.engine.up());
      expect(result.ok, `${name}: ${result.steps.map((step) => step.error ?? "").join(" ")}`).toBe(true);
      expect(result.summary.create).toBe(2);
      expect(requests.map((request) => request.command)).toEqual([CREATE, CREATE]);
      expect(new Set(requests.map((request) => request.sdkAppId))).toEqual(new Set([environment.sdkAppId]));
      const brand = environment.values["accounts:brand"];
      const owner = environment.values["accounts:owner"];
      const maxSubscriberNum = Number(environment.values["accounts:maxSubscriberNum"]);
      expect(accounts(environment)).toEqual([
        expect.objectContaining({
          officialAccount: "@TOA#_support",
          ownerAccount: owner,
          name: `${brand} Support`,
          faceUrl: `https://cdn.example.com/${name}/support.png`,
          customString: JSON.stringify({ environment: name }),
          maxSubscriberNum,
        }),
        expect.objectContaining({ officialAccount: "@TOA#_news", ownerAccount: owner, name: `${brand} News`, maxSubscriberNum }),
      ]);
    }
  });

  it("a second up everywhere makes 0 calls", async () => {
    for (const name of STACKS) {
      const { result, requests } = await requestsDuring(emulator, () => environments[name].engine.up());
      expect(result.summary).toMatchObject({ same: 2, create: 0, update: 0, replace: 0, delete: 0 });
      expect(requests, name).toEqual([]);
    }
  });

  it("the nightly drift check (preview --refresh --expect-no-changes) passes on all three and reads each app only", async () => {
    for (const name of STACKS) {
      const { result, requests } = await requestsDuring(emulator, () => drift(environments[name]));
      expect(result, name).toEqual({ ok: true, drifted: {} });
      expect(requests.length).toBeGreaterThan(0);
      expect(requests.every((request) => request.command === "get_official_account_info" && request.sdkAppId === environments[name].sdkAppId)).toBe(true);
    }
  });

  it("a console edit in staging fails only staging's drift check, naming the field", async () => {
    emulator.store.patch(environments.staging.sdkAppId, "@TOA#_support", { introduction: "Edited in the console" });
    const reports = Object.fromEntries(await Promise.all(STACKS.map(async (name) => [name, await drift(environments[name])] as const)));
    expect(reports["dev"]).toEqual({ ok: true, drifted: {} });
    expect(reports["prod"]).toEqual({ ok: true, drifted: {} });
    expect(reports["staging"]).toEqual({ ok: false, drifted: { support: ["introduction"] } });
    // The check changed nothing: the edit is still there, and staging's own state still holds the declaration.
    expect(emulator.store.get(environments.staging.sdkAppId, "@TOA#_support")?.introduction).toBe("Edited in the console");
  });

  it("destroy dev removes dev's accounts and touches nothing else", async () => {
    const before = { staging: accounts(environments.staging), prod: accounts(environments.prod) };
    const { result, requests } = await requestsDuring(emulator, () => environments.dev.engine.destroy());
    expect(result.ok).toBe(true);
    expect(requests.map((request) => [request.command, request.sdkAppId])).toEqual([
      ["destroy_official_account", environments.dev.sdkAppId],
      ["destroy_official_account", environments.dev.sdkAppId],
    ]);
    expect(accounts(environments.dev)).toEqual([]);
    expect(accounts(environments.staging)).toEqual(before.staging);
    expect(accounts(environments.prod)).toEqual(before.prod);
  });

  it("no app key and no UserSig in any state file or host output", async () => {
    for (const name of STACKS) {
      expect(await credentialLeaks(environments[name].engine, [], Object.values(KEYS))).toEqual([]);
    }
  });
});
