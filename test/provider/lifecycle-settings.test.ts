import { describe, expect, it } from "vitest";
import { resetAdoptions } from "../../provider/adoptions";
import { SettingsError } from "../../provider/errors";
import * as lifecycle from "../../provider/lifecycle";
import { APP, KEY, OTHER_APP, OTHER_KEY, hostConfig, modifyBodies, stackValues, startTestEmulator, useLifecycleEmulator } from "./support";

const ID = "@TOA#_support";
type Bag = Record<string, unknown>;

const setup = useLifecycleEmulator({ configured: false });

function seed(sdkAppId = APP): void {
  setup.emulator.store.create(sdkAppId, { officialAccount: ID, ownerAccount: "owner_1", name: `Old name in ${sdkAppId}` });
}

describe("configure", () => {
  it("methods called before configure settles see the config", async () => {
    seed();
    // The host caches the provider and serves other calls while configure is still pending.
    const configuring = lifecycle.configure({ config: hostConfig(stackValues(setup.emulator)) });
    const [checked] = await Promise.all([lifecycle.check({}, { officialAccount: ID, name: "Support" }), configuring]);
    expect(checked.failures).toEqual([]);
    expect(checked.inputs).toMatchObject({ sdkAppId: APP }); // from the stack config: no failure, no environment
  });

  it("a failed configure fails every later call, with the same clear error", async () => {
    seed();
    const config = hostConfig(stackValues(setup.emulator, { "tencentcloud-chat:sdkAppId": "my-app" }));
    const configuring = lifecycle.configure({ config });
    const early = lifecycle.check({}, { officialAccount: ID });
    await expect(configuring).rejects.toBeInstanceOf(SettingsError);
    await expect(early).rejects.toThrow(/tencentcloud-chat:sdkAppId must be the SDKAppID/);

    const props = { officialAccount: ID, sdkAppId: APP, region: "china", deletePolicy: "retain", managedFields: [], adoptedValues: {} };
    const calls: Array<Promise<unknown>> = [
      lifecycle.check({}, { officialAccount: ID }),
      lifecycle.diff(`${APP}/${ID}`, props, { officialAccount: ID }),
      lifecycle.create({ officialAccount: ID }),
      lifecycle.read(`${APP}/${ID}`, props),
      lifecycle.update(`${APP}/${ID}`, props, { officialAccount: ID }),
      lifecycle.delete(`${APP}/${ID}`, props),
    ];
    for (const call of calls) await expect(call).rejects.toThrow(/tencentcloud-chat:sdkAppId must be the SDKAppID/);
    expect(setup.emulator.requestLog).toHaveLength(0);
  });

  it("keys arrive namespaced; a key of another namespace is not ours", async () => {
    await lifecycle.configure({ config: hostConfig({ "other:sdkAppId": "7", "sdkAppId": "8" }) });
    const result = await lifecycle.check({}, { officialAccount: ID });
    expect(result.failures?.map((failure) => failure.property)).toEqual(["sdkAppId"]);
  });

  it("never configured (in-process use): the environment alone", async () => {
    seed();
    process.env["TENCENTCLOUD_CHAT_SDKAPPID"] = String(APP);
    process.env["TENCENTCLOUD_CHAT_SECRET_KEY"] = KEY;
    process.env["TENCENTCLOUD_CHAT_ENDPOINT"] = setup.emulator.url;
    const created = await lifecycle.create({ officialAccount: ID, name: "From env" });
    expect(created.outs).toMatchObject({ sdkAppId: APP, name: "From env" });
    // The route is the environment's, used now, not recorded: outputs hold only what the resource declares.
    expect(created.outs).not.toHaveProperty("endpoint");
    expect(created.outs).not.toHaveProperty("region");
    expect(setup.emulator.store.get(APP, ID)?.name).toBe("From env");
  });

  it("config wins over the environment", async () => {
    seed();
    process.env["TENCENTCLOUD_CHAT_SDKAPPID"] = String(OTHER_APP);
    process.env["TENCENTCLOUD_CHAT_ENDPOINT"] = "http://127.0.0.1:1";
    await lifecycle.configure({ config: hostConfig(stackValues(setup.emulator)) });
    const created = await lifecycle.create({ officialAccount: ID, name: "From config" });
    expect(created.outs).toMatchObject({ sdkAppId: APP });
    expect(created.outs).not.toHaveProperty("endpoint");
    expect(setup.emulator.store.get(APP, ID)?.name).toBe("From config");
  });

  it("the environment is read at call time, not at configure time", async () => {
    await lifecycle.configure({ config: hostConfig({}) });
    process.env["TENCENTCLOUD_CHAT_SDKAPPID"] = "1400000099";
    expect((await lifecycle.check({}, { officialAccount: ID })).inputs).toMatchObject({ sdkAppId: 1400000099 });
  });
});

describe("missing settings", () => {
  it("no secret key: create fails naming the config key, the command and the variable", async () => {
    seed();
    await lifecycle.configure({ config: hostConfig({ "tencentcloud-chat:sdkAppId": String(APP), "tencentcloud-chat:endpoint": setup.emulator.url }) });
    const error = await lifecycle.create({ officialAccount: ID }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SettingsError);
    expect((error as Error).message).toContain("pulumi config set --secret tencentcloud-chat:secretKey");
    expect((error as Error).message).toContain("TENCENTCLOUD_CHAT_SECRET_KEY");
    expect(setup.emulator.requestLog).toHaveLength(0);
  });

  it("no SDKAppID: check reports it on sdkAppId; create throws the same text", async () => {
    await lifecycle.configure({ config: hostConfig({ "tencentcloud-chat:secretKey": KEY }) });
    const result = await lifecycle.check({}, { officialAccount: ID });
    expect(result.failures).toEqual([
      { property: "sdkAppId", reason: expect.stringMatching(/tencentcloud-chat:sdkAppId.*TENCENTCLOUD_CHAT_SDKAPPID/) },
    ]);
    await expect(lifecycle.create({ officialAccount: ID })).rejects.toThrow(/No SDKAppID.*TENCENTCLOUD_CHAT_SDKAPPID/);
  });

  it("a wrong key surfaces Tencent's error with the hint, and never the key", async () => {
    seed();
    const wrongKey = "0".repeat(64);
    await lifecycle.configure({ config: hostConfig(stackValues(setup.emulator, { "tencentcloud-chat:secretKey": wrongKey })) });
    const error = (await lifecycle.create({ officialAccount: ID }).catch((caught: unknown) => caught)) as Error;
    expect(error.message).toMatch(/7000\d|700\d\d/);
    expect(error.message).toContain("secret key");
    expect(error.message).not.toContain("..");
    expect(error.message).not.toContain(wrongKey);
    expect(JSON.stringify(error)).not.toContain(wrongKey);
  });
});

describe("per-resource app override", () => {
  it("reaches the other app with that app's key from tencentcloud-chat:secretKeys", async () => {
    seed(APP);
    seed(OTHER_APP);
    await lifecycle.configure({
      config: hostConfig(stackValues(setup.emulator, { "tencentcloud-chat:secretKeys": JSON.stringify({ [OTHER_APP]: OTHER_KEY }) })),
    });
    const inputs = (await lifecycle.check({}, { officialAccount: ID, name: "Other app", sdkAppId: OTHER_APP })).inputs as Bag;
    expect(inputs).toMatchObject({ sdkAppId: OTHER_APP });
    const created = await lifecycle.create(inputs);

    expect(created.id).toBe(`${OTHER_APP}/${ID}`);
    expect(setup.emulator.requestLog.map((entry) => entry.sdkAppId)).toEqual([OTHER_APP, OTHER_APP]);
    expect(setup.emulator.requestLog.every((entry) => entry.resultCode === 0)).toBe(true);
    expect(setup.emulator.store.get(OTHER_APP, ID)?.name).toBe("Other app");
    expect(setup.emulator.store.get(APP, ID)?.name).toBe(`Old name in ${APP}`);
    expect(JSON.stringify(created.outs)).not.toContain(OTHER_KEY);

    // Resources of both apps side by side, each with its own client.
    const mine = await lifecycle.create((await lifecycle.check({}, { officialAccount: ID, name: "Stack app" })).inputs as Bag);
    expect(mine.id).toBe(`${APP}/${ID}`);
    expect(setup.emulator.store.get(APP, ID)?.name).toBe("Stack app");
    expect(modifyBodies(setup.emulator)).toHaveLength(2);
  });

  it("or from TENCENTCLOUD_CHAT_SECRET_KEY_<SDKAPPID>", async () => {
    seed(OTHER_APP);
    process.env[`TENCENTCLOUD_CHAT_SECRET_KEY_${OTHER_APP}`] = OTHER_KEY;
    await lifecycle.configure({ config: hostConfig(stackValues(setup.emulator)) });
    await lifecycle.create({ officialAccount: ID, name: "Via env", sdkAppId: OTHER_APP });
    expect(setup.emulator.store.get(OTHER_APP, ID)?.name).toBe("Via env");
  });

  it("without that key, fails before any call and never uses the stack app's key", async () => {
    seed(OTHER_APP);
    await lifecycle.configure({ config: hostConfig(stackValues(setup.emulator)) });
    const error = await lifecycle.create({ officialAccount: ID, sdkAppId: OTHER_APP }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SettingsError);
    expect((error as Error).message).toContain(`TENCENTCLOUD_CHAT_SECRET_KEY_${OTHER_APP}`);
    expect((error as Error).message).toContain("tencentcloud-chat:secretKeys");
    expect(setup.emulator.requestLog).toHaveLength(0);
  });

  it("pointing TENCENTCLOUD_CHAT_ENDPOINT at another route (the standby domain) is no change, and refresh and destroy follow it at once", async () => {
    // Two emulators sharing nothing: the first route, shut down once the stack has moved, and the standby.
    const first = await startTestEmulator();
    const standby = await startTestEmulator();
    try {
      first.store.create(APP, { officialAccount: ID, ownerAccount: "owner_1", name: "Original" });
      process.env["TENCENTCLOUD_CHAT_SDKAPPID"] = String(APP);
      process.env["TENCENTCLOUD_CHAT_SECRET_KEY"] = KEY;
      process.env["TENCENTCLOUD_CHAT_ENDPOINT"] = first.url;
      await lifecycle.configure({ config: hostConfig({}) });
      const inputs = (await lifecycle.check({}, { officialAccount: ID, name: "Support", deletePolicy: "restore" })).inputs as Bag;
      const created = await lifecycle.create(inputs);
      expect(created.outs).not.toHaveProperty("endpoint");
      expect(created.outs).not.toHaveProperty("region");

      standby.store.create(APP, { officialAccount: ID, ownerAccount: "owner_1", name: "Edited on the standby" });
      await first.close();
      const firstRequests = first.requestLog.length;
      process.env["TENCENTCLOUD_CHAT_ENDPOINT"] = standby.url;
      resetAdoptions(); // refresh and destroy run in later host processes

      const moved = await lifecycle.check(inputs, { officialAccount: ID, name: "Support", deletePolicy: "restore" });
      expect(moved.inputs).toEqual(inputs);
      const diff = await lifecycle.diff(created.id, created.outs as unknown as Bag, moved.inputs as Bag);
      expect(diff).toEqual({ changes: false, replaces: [], deleteBeforeReplace: true });

      const read = await lifecycle.read(created.id, created.outs as unknown as Bag);
      expect(read.props).toMatchObject({ name: "Edited on the standby" });
      expect(read.props).not.toHaveProperty("endpoint");
      resetAdoptions(); // destroy runs in its own host process, which checks nothing (provider/adoptions.ts)
      await lifecycle.delete(created.id, read.props as Bag);
      expect(modifyBodies(standby)).toEqual([{ Official_Account: ID, Name: "Original" }]);
      expect(standby.store.get(APP, ID)?.name).toBe("Original");
      expect(first.requestLog).toHaveLength(firstRequests);
    } finally {
      await first.close().catch(() => undefined);
      await standby.close();
    }
  });

  it("changing the app of a resource replaces it", async () => {
    seed(APP);
    await lifecycle.configure({
      config: hostConfig(stackValues(setup.emulator, { "tencentcloud-chat:secretKeys": JSON.stringify({ [OTHER_APP]: OTHER_KEY }) })),
    });
    const created = await lifecycle.create((await lifecycle.check({}, { officialAccount: ID })).inputs as Bag);
    const moved = (await lifecycle.check({}, { officialAccount: ID, sdkAppId: OTHER_APP })).inputs as Bag;
    expect(await lifecycle.diff(created.id, created.outs as unknown as Bag, moved)).toEqual({
      changes: true,
      replaces: ["sdkAppId"],
      deleteBeforeReplace: true,
    });
  });
});
