/** Server-assigned IDs: `@TOA#_@TOA#d` + 3 of A–Z0–9, unique per app, repeatable from the seed. */
import { afterEach, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../emulator";
import { APP_ID, APP_KEY, OTHER_APP_ID, OTHER_APP_KEY } from "./support";

const running: Emulator[] = [];
async function emulator(seed?: number): Promise<Emulator> {
  const e = await startEmulator({
    apps: [
      { sdkAppId: APP_ID, secretKey: APP_KEY },
      { sdkAppId: OTHER_APP_ID, secretKey: OTHER_APP_KEY },
    ],
    ...(seed !== undefined ? { seed } : {}),
  });
  running.push(e);
  return e;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.close()));
});

function assign(e: Emulator, sdkAppId: number, n: number): string[] {
  return Array.from({ length: n }, (_, i) => e.store.create(sdkAppId, { ownerAccount: "o", name: `n${i}` }));
}

describe("assigned IDs", () => {
  it("match the documented examples' shape and are unique within an app", async () => {
    const e = await emulator();
    const ids = assign(e, APP_ID, 500);
    for (const id of ids) expect(id).toMatch(/^@TOA#_@TOA#d[A-Z0-9]{3}$/);
    expect(new Set(ids).size).toBe(500);
  });

  it("repeat for the same seed, differ for another seed", async () => {
    const a = assign(await emulator(5), APP_ID, 10);
    const b = assign(await emulator(5), APP_ID, 10);
    const c = assign(await emulator(6), APP_ID, 10);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it("one app's creations do not shift another app's IDs", async () => {
    const quiet = await emulator(5);
    const busy = await emulator(5);
    assign(busy, OTHER_APP_ID, 7);
    expect(assign(busy, APP_ID, 5)).toEqual(assign(quiet, APP_ID, 5));
  });

  it("reset() forgets every account and restarts the ID stream (reuse after destruction is covered in persistence.test.ts)", async () => {
    const e = await emulator(5);
    const first = assign(e, APP_ID, 3);
    e.reset();
    expect(e.store.list(APP_ID)).toEqual([]);
    expect(assign(e, APP_ID, 3)).toEqual(first);
  });
});
