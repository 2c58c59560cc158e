import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../emulator";
import { createEngine, type StandinEngine } from "../../engine-standin/engine";
import { secretConfig } from "../../engine-standin/stack-config";
import { preparePackedStack, type PackedStack } from "../support/packed-package";
import { accountProgram, DESTROY, type OfficialAccountDeclaration } from "./account-support";
import { APP, GET_INFO, KEY, MODIFY, PROCESS_TESTS, requestsDuring } from "./support";

/**
 * The route follows the settings at once (docs/semantics.md): during an outage the user points
 * TENCENTCLOUD_CHAT_ENDPOINT at the standby domain, and `preview` shows no change while `refresh` and `destroy`
 * go there without an `up` in between. Two emulators that share nothing stand for the dead domain (closed before
 * the move) and the standby one (holding the same accounts); each CLI command is an engine whose host gets its
 * own environment, over one state file.
 */
let primary: Emulator;
let standby: Emulator;
let stack: PackedStack;
const engines: StandinEngine[] = [];

const OWNER = "owner_route";
const adoptedAccount = "@TOA#_route_profile";
const createdAccount = "@TOA#_route_created";
const program: OfficialAccountDeclaration[] = [
  {
    resource: "OfficialAccountProfile",
    resourceName: "profile",
    args: { officialAccount: adoptedAccount, name: "Managed", introduction: "Managed intro", deletePolicy: "restore" },
  },
  { resourceName: "created", args: { officialAccount: createdAccount, ownerAccount: OWNER, name: "Created" } },
];

/** The stack config names the app and its key, not the route: that comes from the host's environment. */
function engineWithEndpoint(endpoint: string): StandinEngine {
  const engine = createEngine({
    stackDir: stack.stackDir,
    stack: "route",
    programPath: "route.ts",
    programEnv: stack.programEnv,
    config: { "tencentcloud-chat:sdkAppId": String(APP), "tencentcloud-chat:secretKey": secretConfig(KEY) },
    hostEnv: { TENCENTCLOUD_CHAT_ENDPOINT: endpoint },
  });
  engines.push(engine);
  return engine;
}

beforeAll(async () => {
  primary = await startEmulator({ apps: [{ sdkAppId: APP, secretKey: KEY }] });
  standby = await startEmulator({ apps: [{ sdkAppId: APP, secretKey: KEY }] });
  stack = await preparePackedStack({ name: "semantics-route", requiredFiles: ["dist/provider/lifecycle.js", "dist/provider/account/lifecycle.js"] });
  await writeFile(path.join(stack.stackDir, "route.ts"), accountProgram(program));
});

afterAll(async () => {
  await Promise.all(engines.map((engine) => engine.close()));
  await primary?.close().catch(() => undefined);
  await standby?.close();
  await stack?.cleanup();
});

describe("TENCENTCLOUD_CHAT_ENDPOINT moved to a standby route", PROCESS_TESTS, () => {
  it("preview shows no change; refresh and destroy (restore) go to the new route without an up", async () => {
    primary.store.create(APP, { officialAccount: adoptedAccount, ownerAccount: OWNER, name: "Original", introduction: "Original intro" });
    const before = engineWithEndpoint(primary.url);
    const up = await before.up();
    expect(up.ok).toBe(true);
    expect(primary.store.get(APP, createdAccount)).toMatchObject({ name: "Created", ownerAccount: OWNER });
    for (const resource of (await before.readState()).resources.filter((r) => r.urn.includes("tencentcloud-chat:"))) {
      expect(resource.outputs).not.toHaveProperty("endpoint");
      expect(resource.outputs).not.toHaveProperty("region");
    }
    await before.close();

    // The outage: the first route is gone; the standby serves the same accounts (one edited there meanwhile).
    standby.store.create(APP, { officialAccount: adoptedAccount, ownerAccount: OWNER, name: "Edited on the standby", introduction: "Managed intro" });
    standby.store.create(APP, { officialAccount: createdAccount, ownerAccount: OWNER, name: "Created" });
    await primary.close();
    const primaryRequests = primary.requestLog.length;
    const after = engineWithEndpoint(standby.url);

    const preview = await requestsDuring(standby, () => after.preview());
    expect(preview.result.ok).toBe(true);
    expect(preview.result.steps.map((step) => [step.name, step.op])).toEqual([
      ["profile", "same"],
      ["created", "same"],
    ]);
    expect(preview.requests).toEqual([]);

    const refresh = await requestsDuring(standby, () => after.refresh());
    expect(refresh.result.ok).toBe(true);
    expect(Object.fromEntries(refresh.result.steps.map((step) => [step.name, step.op]))).toEqual({ profile: "update", created: "same" });
    expect(refresh.requests.filter((r) => r.command === GET_INFO).length).toBeGreaterThanOrEqual(1);
    const refreshed = (await after.readState()).resources.find((r) => r.urn.endsWith("::profile"));
    expect(refreshed?.outputs).toMatchObject({ name: "Edited on the standby" });

    const destroy = await requestsDuring(standby, () => after.destroy());
    expect(destroy.result.ok).toBe(true);
    expect(destroy.requests.filter((r) => r.command === MODIFY).map((r) => r.body)).toEqual([{ Official_Account: adoptedAccount, Name: "Original", Introduction: "Original intro" }]);
    expect(destroy.requests.filter((r) => r.command === DESTROY).map((r) => r.body)).toEqual([{ Official_Account: createdAccount }]);
    expect(standby.store.get(APP, adoptedAccount)).toMatchObject({ name: "Original", introduction: "Original intro" });
    expect(standby.store.get(APP, createdAccount)).toBeUndefined();
    expect((await after.readState()).resources).toEqual([]);
    // Nothing after the move went to the first route.
    expect(primary.requestLog).toHaveLength(primaryRequests);
  });
});
