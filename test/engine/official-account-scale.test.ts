import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../emulator";
import { createEngine, type StandinEngine } from "../../engine-standin/engine";
import { startHost } from "../../engine-standin/host";
import { makeSecret, stripSecretsFromMap } from "../../engine-standin/property-values";
import { preparePackedStack, type PackedStack } from "../support/packed-package";
import { APP, GET_INFO, KEY, loopProgram, MODIFY, PROCESS_TESTS, requestsDuring, stackConfig } from "./support";

/**
 * Many resources at once through the real host: 200 profiles brought up in parallel, and the first calls of a
 * fresh host arriving together while the provider's configure() is still settling.
 */
let emulator: Emulator;
let stack: PackedStack;
const engines: StandinEngine[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ apps: [{ sdkAppId: APP, secretKey: KEY }] });
  stack = await preparePackedStack({ name: "official-account-scale", requiredFiles: ["dist/provider/lifecycle.js"] });
});

afterAll(async () => {
  await Promise.all(engines.map((engine) => engine.close()));
  await emulator?.close();
  await stack?.cleanup();
});

async function engineFor(name: string, program: string): Promise<StandinEngine> {
  await writeFile(path.join(stack.stackDir, `${name}.ts`), program);
  const engine = createEngine({
    stackDir: stack.stackDir,
    stack: name,
    programPath: `${name}.ts`,
    programEnv: stack.programEnv,
    config: stackConfig(emulator),
  });
  engines.push(engine);
  return engine;
}

describe("200 profiles in one stack", PROCESS_TESTS, () => {
  const count = 200;
  let engine: StandinEngine;

  beforeAll(async () => {
    for (let i = 0; i < count; i++) {
      emulator.store.create(APP, { officialAccount: `@TOA#_bulk_${i}`, ownerAccount: `owner_${i}`, name: `Old ${i}` });
    }
    engine = await engineFor("bulk", loopProgram(count, "bulk", "Bulk introduction"));
  });

  it("up (unbounded parallelism, as the CLI's default) converges all of them with one modify each", async () => {
    const { result, requests } = await requestsDuring(emulator, () => engine.up());
    expect(result.ok).toBe(true);
    expect(result.summary.create).toBe(count);
    for (let i = 0; i < count; i++) {
      expect(emulator.store.get(APP, `@TOA#_bulk_${i}`)).toMatchObject({ name: `bulk ${i}`, introduction: "Bulk introduction" });
    }
    const modifies = requests.filter((r) => r.command === MODIFY);
    const reads = requests.filter((r) => r.command === GET_INFO);
    expect(modifies).toHaveLength(count);
    expect(requests.every((r) => r.resultCode === 0)).toBe(true);
    // Reads are batched: each call carries at most 50 IDs, and every account was read at least once.
    const idsPerRead = reads.map((r) => (r.body as { OfficialAccountIdList: unknown[] }).OfficialAccountIdList.length);
    expect(Math.max(...idsPerRead)).toBeLessThanOrEqual(50);
    expect(idsPerRead.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(count);
    expect(reads.length).toBeLessThanOrEqual(count);
    console.info(`[engine] 200 profiles: ${modifies.length} modify calls, ${reads.length} get_official_account_info calls (IDs per call: ${idsPerRead.join(",")})`);
    expect((await engine.readState()).resources).toHaveLength(count + 1); // + the default provider
  });

  it("a second up makes zero API calls; destroy (retain) makes zero API calls and empties the state", async () => {
    const again = await requestsDuring(emulator, () => engine.up());
    expect(again.result.summary.same).toBe(count);
    expect(again.requests).toEqual([]);
    const destroy = await requestsDuring(emulator, () => engine.destroy());
    expect(destroy.result.summary.delete).toBe(count);
    expect(destroy.requests).toEqual([]);
    expect((await engine.readState()).resources).toEqual([]);
  });
});

describe("first calls while configure() is still settling", PROCESS_TESTS, () => {
  it("20 Checks and 20 Creates sent together right after Configure all see the configuration", async () => {
    const count = 20;
    for (let i = 0; i < count; i++) {
      emulator.store.create(APP, { officialAccount: `@TOA#_race_${i}`, ownerAccount: `racer_${i}`, name: `Before ${i}` });
    }
    const engine = await engineFor("race", loopProgram(count, "race", "Raced"));
    const { resources } = await engine.runProgram();
    const host = await startHost({ stackDir: stack.stackDir, project: engine.project, stack: "race" });
    try {
      const config = stackConfig(emulator);
      const args = Object.fromEntries(
        Object.entries(config).map(([key, value]) => [key, typeof value === "string" ? value : makeSecret(value.secret)]),
      );
      await host.provider.configure({ args, variables: {}, acceptSecrets: true, acceptResources: true });
      // No await between Configure and these 40 calls: the host runs the provider's configure() on the first one.
      const calls = resources.flatMap((goal) => {
        const ref = { urn: goal.urn, name: goal.name, type: goal.type };
        const news = stripSecretsFromMap(goal.inputs);
        return [
          host.provider.check({ ...ref, olds: {}, news }).then((r) => ({ kind: "check" as const, r })),
          host.provider.create({ ...ref, properties: news }).then((r) => ({ kind: "create" as const, r })),
        ];
      });
      const settled = await Promise.all(calls);
      for (const call of settled) {
        if (call.kind === "check") {
          expect(call.r.failures).toEqual([]);
          // check completes the app from the stack config: proof that it ran configured.
          expect(call.r.inputs["sdkAppId"]).toBe(APP);
        } else {
          expect(call.r.id).toMatch(new RegExp(`^${APP}/@TOA#_race_\\d+$`));
        }
      }
      for (let i = 0; i < count; i++) {
        expect(emulator.store.get(APP, `@TOA#_race_${i}`)).toMatchObject({ name: `race ${i}`, introduction: "Raced" });
      }
    } finally {
      await host.stop();
    }
  });
});
