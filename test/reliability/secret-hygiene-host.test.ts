import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../emulator";
import { createEngine, type StandinEngine } from "../../engine-standin/engine";
import { preparePackedStack, type PackedStack } from "../../engine-standin/packed-package";
import type { CapturedResource } from "../../engine-standin/program-capture";
import type { OperationResult } from "../../engine-standin/results";
import { secretConfig } from "../../engine-standin/stack-config";
import { signUserSig } from "../../provider/chat/usersig";
import { APP, CANARY_KEY, CONFIG, GET_INFO, MODIFY } from "../../reliability/constants";
import { credentialLeaks } from "../../reliability/failures";

/**
 * Secret hygiene through the real dynamic-provider host (engine-standin drives @pulumi/pulumi's host over gRPC,
 * the package installed from `npm pack` as a real directory), with a canary secret key: up, failing ups and a
 * failing refresh under injected faults, a recovering up, refresh and destroy. Then the state file, the
 * host's stdout/stderr, every step error and the emulator's request log are scanned for the key, for any
 * decodable UserSig and for unmasked `usersig=` values. The one place a UserSig belongs is the request URL;
 * the emulator masks it in its log. (test/engine/official-account.test.ts covers a wrong key; this adds the
 * canary, faults, and the request log.)
 *
 * The tunables travel as stack config to the host process: operationDeadlineMs 400 and maxAttempts 2 keep the
 * failing cases short, and the hang case shows the deadline setting arrived.
 */

const SUPPORT = "@TOA#_hygiene_support";
const SALES = "@TOA#_hygiene_sales";

let emulator: Emulator;
let stack: PackedStack;
let engine: StandinEngine;
const results: OperationResult[] = [];

function program(introduction: string): string {
  const support = { officialAccount: SUPPORT, name: "Support", introduction, deletePolicy: "restore" };
  const sales = { officialAccount: SALES, name: "Sales", customString: JSON.stringify({ tier: "gold" }) };
  return [
    `import { OfficialAccountProfile } from "pulumi-tencentcloud-chat";`,
    `new OfficialAccountProfile("support", ${JSON.stringify(support)});`,
    `new OfficialAccountProfile("sales", ${JSON.stringify(sales)});`,
    ``,
  ].join("\n");
}

async function run(operation: () => Promise<OperationResult>): Promise<OperationResult> {
  const result = await operation();
  results.push(result);
  return result;
}

/** The program's registrations, captured once per version (running a TypeScript program takes seconds). */
const captured = new Map<string, CapturedResource[]>();

async function upWith(introduction: string): Promise<OperationResult> {
  let resources = captured.get(introduction);
  if (!resources) {
    await writeFile(path.join(stack.stackDir, "index.ts"), program(introduction));
    resources = (await engine.runProgram()).resources;
    captured.set(introduction, resources);
  }
  const registered = resources;
  return run(() => engine.up({ resources: registered }));
}

beforeAll(async () => {
  emulator = await startEmulator({ apps: [{ sdkAppId: APP, secretKey: CANARY_KEY }], maxRequestsPerSecond: 100_000 });
  emulator.store.create(APP, { officialAccount: SUPPORT, ownerAccount: "owner_hygiene", name: "Console support", introduction: "Console" });
  emulator.store.create(APP, { officialAccount: SALES, ownerAccount: "owner_hygiene", name: "Console sales" });
  stack = await preparePackedStack({ name: "reliability-hygiene", requiredFiles: ["dist/provider/lifecycle.js"] });
  engine = createEngine({
    stackDir: stack.stackDir,
    programEnv: stack.programEnv,
    config: {
      [CONFIG.sdkAppId]: String(APP),
      [CONFIG.secretKey]: secretConfig(CANARY_KEY),
      [CONFIG.endpoint]: emulator.url,
      [CONFIG.operationDeadlineMs]: "400",
      [CONFIG.maxAttempts]: "2",
    },
  });
});

afterAll(async () => {
  await engine?.close();
  await emulator?.close();
  await stack?.cleanup();
});

describe("secret hygiene through the real host, with a canary key", () => {
  it("up adopts both accounts", async () => {
    const result = await upWith("We answer within a day.");
    expect(result.ok).toBe(true);
    expect(emulator.store.get(APP, SUPPORT)?.introduction).toBe("We answer within a day.");
  });

  it("a write refused on every attempt fails the up with Tencent's code and a hint; maxAttempts 2 came from stack config", async () => {
    emulator.setFaults({ rules: [{ kind: "error10004", commands: [MODIFY] }] });
    const before = emulator.requests(MODIFY).length;
    const result = await upWith("Replies within 4 hours.");
    emulator.clearFaults();
    expect(result.ok).toBe(false);
    const failed = result.steps.find((step) => step.status === "failed");
    expect(failed?.error).toContain("Tencent Chat error 10004");
    expect(failed?.error).toContain("the client retries it");
    expect(emulator.requests(MODIFY).length - before).toBe(2);
  });

  it("a hung server fails the up at the 400 ms deadline set in stack config", async () => {
    emulator.setFaults({ rules: [{ kind: "hang", commands: [MODIFY] }] });
    const result = await upWith("Replies within 4 hours.");
    emulator.clearFaults();
    expect(result.ok).toBe(false);
    expect(result.steps.find((step) => step.status === "failed")?.error).toContain("400 ms deadline");
  });

  it("unreadable replies fail a refresh with a typed error", async () => {
    emulator.setFaults({ rules: [{ kind: "malformed", commands: [GET_INFO] }] });
    const result = await run(() => engine.refresh());
    emulator.clearFaults();
    expect(result.ok).toBe(false);
    expect(result.steps.find((step) => step.status === "failed")?.error).toContain("unreadable response");
  });

  it("with faults cleared, up converges, refresh reads back, destroy restores", async () => {
    const up = await upWith("Replies within 4 hours.");
    expect(up.ok).toBe(true);
    expect(emulator.store.get(APP, SUPPORT)?.introduction).toBe("Replies within 4 hours.");
    expect((await run(() => engine.refresh())).ok).toBe(true);
    expect((await run(() => engine.destroy())).ok).toBe(true);
    expect(emulator.store.get(APP, SUPPORT)).toMatchObject({ name: "Console support", introduction: "Console" });
  });

  it("nothing holds the key or a UserSig: state file, host output, step errors, emulator request log", async () => {
    const output = engine.hostOutput();
    const texts: Record<string, string> = {
      "state file": await readFile(engine.statePath, "utf8"),
      "host stdout": output.stdout.join("\n"),
      "host stderr": output.stderr.join("\n"),
      "step errors": results.flatMap((result) => result.steps.map((step) => step.error ?? "")).join("\n"),
      "emulator request log": JSON.stringify(emulator.requestLog),
    };
    // Not vacuous: the host logged the failed refresh, the steps carry the errors, and every request carried
    // a UserSig (masked in the log).
    expect(texts["host stderr"]).toContain("unreadable response");
    expect(texts["step errors"]).toContain("Tencent Chat error 10004");
    expect(texts["step errors"]).toContain("400 ms deadline");
    expect(emulator.requestLog.length).toBeGreaterThan(8);
    expect(emulator.requestLog.every((entry) => entry.query["usersig"] === "***")).toBe(true);
    for (const [where, text] of Object.entries(texts)) {
      expect(credentialLeaks(text, [CANARY_KEY]), where).toEqual([]);
    }
  });

  it("the scan finds what it looks for (positive control)", () => {
    const userSig = signUserSig({ sdkAppId: APP, identifier: "administrator", secretKey: CANARY_KEY, ttlSeconds: 86_400, issuedAtSeconds: 1_700_000_000 });
    expect(credentialLeaks(`key ${CANARY_KEY} here`, [CANARY_KEY]).map((leak) => leak.kind)).toEqual(["secret"]);
    expect(credentialLeaks(`{"sig":"${userSig}"}`, [CANARY_KEY]).map((leak) => leak.kind)).toEqual(["usersig"]);
    expect(credentialLeaks(`GET /v4/x?usersig=${userSig}&random=1`, [CANARY_KEY]).map((leak) => leak.kind).sort()).toEqual(["usersig", "usersig-parameter"]);
    expect(credentialLeaks("GET /v4/x?usersig=***&random=1 and usersig=[REDACTED]", [CANARY_KEY])).toEqual([]);
  });
});
