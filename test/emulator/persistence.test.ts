/** The optional JSON state file: a demo can stop and start again and find its accounts. */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startEmulator } from "../../emulator";
import { APP_ID, APP_KEY, SAMPLE_CREATE, startHarness } from "./support";

let dir: string;
let statePath: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "emulator-state-"));
  statePath = join(dir, "state.json");
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("persistence", () => {
  it("accounts, edits, subscribers and destroyed IDs survive a restart", async () => {
    const first = await startHarness({ statePath, seed: 11 });
    const { OfficialAccountUserID: _custom, ...assignedBody } = SAMPLE_CREATE;
    const assigned = (await first.call("create_official_account", assignedBody)).json["OfficialAccountUserID"] as string;
    const gone = (await first.call("create_official_account", assignedBody)).json["OfficialAccountUserID"] as string;
    await first.call("create_official_account", SAMPLE_CREATE);
    await first.call("modify_official_account_base_info", { Official_Account: "@TOA#_test_id", Name: "renamed", Introduction: "" });
    await first.call("add_subscriber", { Official_Account: assigned, SubscriberList: [{ Subscriber_Account: "u1" }] });
    await first.call("destroy_official_account", { Official_Account: gone });
    const before = first.emulator.store.list(APP_ID);
    await first.emulator.close();
    expect(existsSync(statePath)).toBe(true);

    const second = await startHarness({ statePath, seed: 11 });
    try {
      expect(second.emulator.store.list(APP_ID)).toEqual(before);
      expect(second.emulator.store.get(APP_ID, "@TOA#_test_id")).toMatchObject({ name: "renamed", introduction: "" });
      expect(second.emulator.store.get(APP_ID, assigned)?.subscriberNum).toBe(1);
      const info = await second.call("get_official_account_info", { OfficialAccountIdList: [{ Official_Account: gone }] });
      expect((info.json["OfficialAccountInfoList"] as Array<Record<string, unknown>>)[0]?.["ErrorCode"]).toBe(130004);
      // Same seed, so the ID stream starts over: IDs already used (destroyed ones too) are skipped.
      const fresh = (await second.call("create_official_account", assignedBody)).json["OfficialAccountUserID"] as string;
      expect([assigned, gone]).not.toContain(fresh);
      expect(fresh).toMatch(/^@TOA#_@TOA#d[A-Z0-9]{3}$/);
    } finally {
      await second.emulator.close();
    }
  });

  it("the file is JSON with version 1 and camelCase accounts, and reset() empties it", async () => {
    const h = await startHarness({ statePath });
    try {
      await h.call("create_official_account", SAMPLE_CREATE);
      const saved = JSON.parse(readFileSync(statePath, "utf8")) as { version: number; apps: Record<string, { accounts: Array<Record<string, unknown>> }> };
      expect(saved.version).toBe(1);
      expect(saved.apps[String(APP_ID)]?.accounts[0]).toMatchObject({ officialAccount: "@TOA#_test_id", faceUrl: "http://this.is.face.url" });
      h.emulator.reset();
      expect(JSON.parse(readFileSync(statePath, "utf8"))).toEqual({ version: 1, apps: {} });
    } finally {
      await h.emulator.close();
    }
  });

  it("a corrupt state file stops the start with a message naming the file", async () => {
    writeFileSync(statePath, "{not json");
    await expect(startEmulator({ apps: [{ sdkAppId: APP_ID, secretKey: APP_KEY }], statePath })).rejects.toThrow(statePath);
    writeFileSync(statePath, JSON.stringify({ version: 2 }));
    await expect(startEmulator({ apps: [{ sdkAppId: APP_ID, secretKey: APP_KEY }], statePath })).rejects.toThrow(/unknown format/);
  });

  it("without statePath nothing is written", async () => {
    const h = await startHarness();
    await h.call("create_official_account", SAMPLE_CREATE);
    await h.emulator.close();
    expect(existsSync(statePath)).toBe(false);
  });
});
