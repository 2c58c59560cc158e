import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../emulator";
import type { StandinEngine } from "../../engine-standin/engine";
import { preparePackedStack, type PackedStack } from "../support/packed-package";
import { accountScenario, CREATE, DESTROY, type OfficialAccountDeclaration } from "./account-support";
import { APP, KEY, MODIFY, PROCESS_TESTS, requestsDuring } from "./support";

/**
 * A delete-before-replace whose create failed leaves the old resource pending replacement. The engine replaces it
 * at the next `up` even when Diff finds no change, taking deleteBeforeReplace from that Diff
 * (pulumi/pulumi pkg/resource/deploy/step_generator.go continueStepsFromDiff, `old.PendingReplacement`). Both
 * resources answer true on every diff, so the account is created (or adopted) once and never deleted again
 * (provider/diff.ts ALWAYS_DELETE_BEFORE_REPLACE).
 */
let emulator: Emulator;
let stack: PackedStack;
let engine: StandinEngine;

const created = "@TOA#_pending_created";
const adopted = "@TOA#_pending_adopted";
const declared = (owner: string, profileAccount: string): OfficialAccountDeclaration[] => [
  { resourceName: "created", args: { officialAccount: created, ownerAccount: owner, name: "Created" } },
  { resource: "OfficialAccountProfile", resourceName: "adopted", args: { officialAccount: profileAccount, name: "Managed", deletePolicy: "restore" } },
];

beforeAll(async () => {
  emulator = await startEmulator({ apps: [{ sdkAppId: APP, secretKey: KEY }], importedAccounts: ["owner_a"] });
  stack = await preparePackedStack({ name: "semantics-pending", requiredFiles: ["dist/provider/lifecycle.js", "dist/provider/account/lifecycle.js"] });
});

afterAll(async () => {
  await engine?.close();
  await emulator?.close();
  await stack?.cleanup();
});

describe("a resource pending replacement, its Diff finding no change", PROCESS_TESTS, () => {
  it("is replaced deleting first: created or adopted once, never deleted again", async () => {
    emulator.store.create(APP, { officialAccount: adopted, ownerAccount: "owner_a", name: "Original" });
    const scenario = await accountScenario(stack, emulator, "pending", declared("owner_a", adopted));
    engine = scenario.engine;
    expect((await engine.up()).ok).toBe(true);

    // New identities whose create fails after the old resource was deleted: an owner that is not imported
    // (70107), an account that does not exist. Both stay in state pending replacement.
    await scenario.setProgram(declared("owner_not_imported", "@TOA#_pending_missing"));
    const failed = await engine.up();
    expect(Object.fromEntries(failed.steps.map((step) => [step.name, [step.op, step.status]]))).toEqual({
      created: ["replace", "failed"],
      adopted: ["replace", "failed"],
    });
    expect(emulator.store.get(APP, created)).toBeUndefined();
    expect(emulator.store.get(APP, adopted)).toMatchObject({ name: "Original" }); // restored by the delete
    const pending = (await engine.readState()).resources.filter((r) => r.urn.includes("tencentcloud-chat:"));
    expect(pending.map((r) => r.pendingReplacement)).toEqual([true, true]);

    // Back to the old program: Diff sees no change, the engine replaces anyway, with Diff's deleteBeforeReplace.
    await scenario.setProgram(declared("owner_a", adopted));
    const back = await requestsDuring(emulator, () => engine.up());
    expect(back.result.ok).toBe(true);
    for (const step of back.result.steps) {
      expect(step).toMatchObject({ op: "replace", status: "done", deleteBeforeReplace: true, calls: ["check", "diff", "check", "create"] });
    }
    expect(back.requests.filter((r) => r.command === CREATE)).toHaveLength(1);
    expect(back.requests.filter((r) => r.command === DESTROY)).toEqual([]);
    expect(back.requests.filter((r) => r.command === MODIFY).map((r) => r.body)).toEqual([{ Official_Account: adopted, Name: "Managed" }]);
    expect(emulator.store.get(APP, created)).toMatchObject({ ownerAccount: "owner_a", name: "Created" });
    expect(emulator.store.get(APP, adopted)).toMatchObject({ name: "Managed" });
    expect((await engine.readState()).resources.some((r) => r.pendingReplacement)).toBe(false);
  });
});
