import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../emulator";
import { findLeaks } from "../../engine-standin/leak-scan";
import { startPlugin, type PluginHost } from "../../engine-standin/plugin-host";
import { isSecret, makeSecret, stripSecretsFromMap, type PropertyMap } from "../../engine-standin/property-values";
import type { ProviderClient } from "../../engine-standin/provider-client";
import { decodeUserSig } from "../../provider/chat/usersig";
import { preparePackedStack, type PackedStack } from "../support/packed-package";
import { APP, GET_INFO, KEY, MODIFY, PROCESS_TESTS, requestsDuring } from "../engine/support";
import { ACCOUNT_TOKEN, linkPackageBins, PLUGIN_NAME, PROFILE_TOKEN, profileUrn, PROVIDER_TYPE, providerUrn } from "./support";

/**
 * The plugin as the engine meets it: the packed package installed in a scratch project, its
 * `pulumi-resource-tencentcloud-chat` started with an engine address, the port read from stdout, and the RPCs
 * sent in the engine's order with the engine's encodings (provider_plugin.go: CheckConfig with secrets
 * revealed, Configure with them wrapped, Check/Diff/Create/Update/Read/Delete with secrets kept; ImportStep:
 * Read with the ID alone, then Check of the inputs it returned). "State" is what the engine would record.
 */
let emulator: Emulator;
let stack: PackedStack;
let plugin: PluginHost;
let provider: ProviderClient;

const ACCOUNT = "@TOA#_support";
const ID = `${APP}/${ACCOUNT}`;
const urn = profileUrn("support");
const ref = { urn, name: "support", type: PROFILE_TOKEN };
/** Outputs and inputs of the resource as the engine's state holds them, after each step. */
const state: { id: string; inputs: PropertyMap; outputs: PropertyMap } = { id: "", inputs: {}, outputs: {} };
/** Every response the plugin gave, to scan for the key. */
const responses: unknown[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ apps: [{ sdkAppId: APP, secretKey: KEY }] });
  emulator.store.create(APP, { officialAccount: ACCOUNT, ownerAccount: "owner_support", name: "Before", introduction: "Old intro" });
  stack = await preparePackedStack({ name: "plugin-engine", projectName: "plugin-project", requiredFiles: ["dist/provider/plugin/main.js"] });
  const pluginDir = await linkPackageBins(stack);
  plugin = await startPlugin({
    pluginDir,
    name: PLUGIN_NAME,
    cwd: stack.stackDir,
    // The plugin must take its settings from config here, not from a developer's environment.
    env: { TENCENTCLOUD_CHAT_SECRET_KEY: "", TENCENTCLOUD_CHAT_SDKAPPID: "", TENCENTCLOUD_CHAT_ENDPOINT: "", TENCENTCLOUD_CHAT_REGION: "" },
  });
  provider = plugin.provider;
}, 120_000);

afterAll(async () => {
  await plugin?.stop();
  await emulator?.close();
  await stack?.cleanup();
});

describe("the plugin, started as the CLI starts it", PROCESS_TESTS, () => {
  it("printed its port; GetPluginInfo gives the package version; Handshake answers", async () => {
    expect(plugin.port).toBeGreaterThan(0);
    const info = await provider.getPluginInfo();
    const manifest = JSON.parse(readFileSync(path.join(stack.packageDir, "package.json"), "utf8")) as { version: string };
    expect(info.version).toBe(manifest.version);
    await provider.handshake();
  });

  it("GetSchema returns the package schema: name, the resource token, the secret key config marked secret", async () => {
    const schema = JSON.parse(await provider.getSchema()) as {
      name: string;
      resources: Record<string, unknown>;
      config: { variables: Record<string, { secret?: boolean }> };
    };
    expect(schema.name).toBe("tencentcloud-chat");
    expect(Object.keys(schema.resources)).toEqual([PROFILE_TOKEN, ACCOUNT_TOKEN]);
    expect(schema.config.variables["secretKey"]?.secret).toBe(true);
  });

  it("CheckConfig reports each bad or missing setting on its own key, without the values", async () => {
    const bad = await provider.checkConfig({
      urn: providerUrn(),
      name: "default",
      type: PROVIDER_TYPE,
      olds: {},
      news: { sdkAppId: "14000x", region: "mars", endpoint: "ftp://nowhere", sdkAppID: "1400000001", version: "0.1.0" },
    });
    expect(bad.failures.map((failure) => failure.property).sort()).toEqual(["endpoint", "region", "sdkAppID", "sdkAppId", "secretKey"]);
    for (const value of ["14000x", "mars", "ftp://nowhere"]) expect(bad.failures.map((failure) => failure.reason).join("\n")).not.toContain(value);
    const good = await provider.checkConfig({
      urn: providerUrn(),
      name: "default",
      type: PROVIDER_TYPE,
      olds: {},
      news: { sdkAppId: String(APP), secretKey: KEY, endpoint: emulator.url, version: "0.1.0" },
    });
    expect(good.failures).toEqual([]);
    // The schema calls the key secret: it comes back wrapped, whether or not it was set with --secret.
    expect(good.inputs["secretKey"]).toEqual(makeSecret(KEY));
    responses.push(bad, good);
  });

  it("Configure takes the config with the secret key as a secret", async () => {
    const answer = await provider.configure({
      // One attempt per call: the partial-failure case below fails at once instead of backing off.
      args: { sdkAppId: String(APP), secretKey: makeSecret(KEY), endpoint: emulator.url, maxAttempts: "1", version: "0.1.0" },
      variables: {
        "tencentcloud-chat:config:sdkAppId": String(APP),
        "tencentcloud-chat:config:secretKey": KEY,
        "tencentcloud-chat:config:endpoint": emulator.url,
      },
      acceptSecrets: true,
      acceptResources: true,
      urn: providerUrn(),
      name: "default",
      type: PROVIDER_TYPE,
      id: "provider-id",
    });
    expect(answer.acceptSecrets).toBe(true);
    expect(answer.supportsPreview).toBe(true);
  });

  it("Check reports one failure per bad field, and makes no call", async () => {
    const { result, requests } = await requestsDuring(emulator, () =>
      provider.check({ ...ref, olds: {}, news: { officialAccount: "support", name: "n".repeat(151), maxSubscriberNum: 0, colour: "red" } }),
    );
    expect(result.failures.map((failure) => failure.property).sort()).toEqual(["colour", "maxSubscriberNum", "name", "officialAccount"]);
    expect(requests).toEqual([]);
  });

  it("Check and Create: a preview makes no call; the create adopts with one read and one modify of the declared fields", async () => {
    const news = {
      officialAccount: ACCOUNT,
      name: "Support",
      introduction: "We answer within a day.",
      customString: makeSecret('{"tier":"gold"}'),
    };
    const checked = await provider.check({ ...ref, olds: {}, news });
    expect(checked.failures).toEqual([]);
    expect(isSecret(checked.inputs["customString"])).toBe(true);
    // The app is filled in (identity); where it is reached (endpoint) is not an input: it comes from config.
    expect(checked.inputs).toMatchObject({ sdkAppId: APP, deletePolicy: "retain" });
    expect(checked.inputs["endpoint"]).toBeUndefined();

    const preview = await requestsDuring(emulator, () => provider.create({ ...ref, properties: checked.inputs, preview: true }));
    expect(preview.requests).toEqual([]);
    expect(preview.result.id).toBe("");

    const { result, requests } = await requestsDuring(emulator, () => provider.create({ ...ref, properties: checked.inputs }));
    expect(requests.map((request) => request.command)).toEqual([GET_INFO, MODIFY]);
    expect(requests[1]?.body).toEqual({
      Official_Account: ACCOUNT,
      Name: "Support",
      Introduction: "We answer within a day.",
      CustomString: '{"tier":"gold"}',
    });
    expect(result.id).toBe(ID);
    expect(isSecret(result.properties["customString"])).toBe(true);
    // The values found at adoption include the secret field's: the whole bag is secret.
    expect(isSecret(result.properties["adoptedValues"])).toBe(true);
    expect(result.properties).toMatchObject({ name: "Support", ownerAccount: "owner_support" });
    expect(stripSecretsFromMap(result.properties)["adoptedValues"]).toMatchObject({ name: "Before", introduction: "Old intro" });
    Object.assign(state, { id: result.id, inputs: checked.inputs, outputs: result.properties });
    responses.push(checked, result);
  });

  it("a create that adopts but fails to change answers ErrorResourceInitFailed: ID, kept outputs (secrets wrapped), reasons", async () => {
    emulator.store.create(APP, { officialAccount: "@TOA#_partial", ownerAccount: "owner_partial", name: "Partial" });
    const partialRef = { urn: profileUrn("partial"), name: "partial", type: PROFILE_TOKEN };
    const checked = await provider.check({
      ...partialRef,
      olds: {},
      news: { officialAccount: "@TOA#_partial", name: "Changed", customString: makeSecret("hidden") },
    });
    emulator.setFaults({ rules: [{ kind: "error10004", commands: [MODIFY], count: 1 }] });
    try {
      const failure = await provider.create({ ...partialRef, properties: checked.inputs }).then(
        () => undefined,
        (error: { initFailure?: { id: string; properties: PropertyMap; reasons: string[] } }) => error.initFailure,
      );
      expect(failure?.id).toBe(`${APP}/@TOA#_partial`);
      expect(failure?.properties).toMatchObject({ officialAccount: "@TOA#_partial", name: "Partial" });
      expect(isSecret(failure?.properties["adoptedValues"])).toBe(true);
      // What state keeps for the secret field (the value it had when adopted) stays secret.
      expect(isSecret(failure?.properties["customString"])).toBe(true);
      expect(failure?.reasons).toHaveLength(1);
    } finally {
      emulator.clearFaults();
    }
    expect(emulator.store.get(APP, "@TOA#_partial")?.name).toBe("Partial");
  });

  it("Diff returns a detailed diff per property, with the kinds of change and what replaces", async () => {
    const news = { officialAccount: ACCOUNT, name: "Support team", customString: makeSecret('{"tier":"gold"}') };
    const checked = await provider.check({ ...ref, olds: state.inputs, news });
    const { result, requests } = await requestsDuring(emulator, () =>
      provider.diff({ ...ref, id: state.id, olds: state.outputs, news: checked.inputs, oldInputs: state.inputs }),
    );
    expect(requests).toEqual([]);
    // deleteBeforeReplace is on every answer (provider/diff.ts ALWAYS_DELETE_BEFORE_REPLACE); it matters only with replaces.
    expect(result).toMatchObject({ changes: "DIFF_SOME", replaces: [], deleteBeforeReplace: true, hasDetailedDiff: true });
    expect(result.detailedDiff).toEqual({
      name: { kind: "UPDATE", inputDiff: true },
      introduction: { kind: "DELETE", inputDiff: true },
    });

    const moved = await provider.check({ ...ref, olds: state.inputs, news: { ...news, officialAccount: "@TOA#_other" } });
    const replace = await provider.diff({ ...ref, id: state.id, olds: state.outputs, news: moved.inputs, oldInputs: state.inputs });
    expect(replace).toMatchObject({ changes: "DIFF_SOME", replaces: ["officialAccount"], deleteBeforeReplace: true });
    expect(replace.detailedDiff?.["officialAccount"]).toEqual({ kind: "UPDATE_REPLACE", inputDiff: true });

    const same = await provider.diff({ ...ref, id: state.id, olds: state.outputs, news: state.inputs, oldInputs: state.inputs });
    expect(same.changes).toBe("DIFF_NONE");
    expect(same.detailedDiff).toEqual({});
  });

  it("Update sends one modify with the changed field only; the secret input stays secret", async () => {
    const news = { officialAccount: ACCOUNT, name: "Support team", customString: makeSecret('{"tier":"gold"}') };
    const checked = await provider.check({ ...ref, olds: state.inputs, news });
    const { result, requests } = await requestsDuring(emulator, () =>
      provider.update({ ...ref, id: state.id, olds: state.outputs, news: checked.inputs, oldInputs: state.inputs }),
    );
    expect(requests.map((request) => [request.command, request.body])).toEqual([[MODIFY, { Official_Account: ACCOUNT, Name: "Support team" }]]);
    expect(result.properties).toMatchObject({ name: "Support team", managedFields: ["name", "customString"] });
    expect(result.properties["introduction"]).toBeUndefined();
    expect(isSecret(result.properties["customString"])).toBe(true);
    expect(emulator.store.get(APP, ACCOUNT)).toMatchObject({ name: "Support team", introduction: "We answer within a day." });
    Object.assign(state, { inputs: checked.inputs, outputs: result.properties });
    responses.push(result);
  });

  it("Read with the state keeps secrets secret (refresh)", async () => {
    const { result, requests } = await requestsDuring(emulator, () =>
      provider.read({ ...ref, id: state.id, properties: state.outputs, inputs: state.inputs }),
    );
    expect(requests.map((request) => request.command)).toEqual([GET_INFO]);
    expect(result.id).toBe(ID);
    expect(isSecret(result.properties["customString"])).toBe(true);
    expect(isSecret(result.inputs?.["customString"])).toBe(true);
    responses.push(result);
  });

  it("Read with the ID alone (pulumi import) returns the account's outputs and inputs; Check accepts those inputs", async () => {
    const importUrn = profileUrn("imported");
    const importRef = { urn: importUrn, name: "imported", type: PROFILE_TOKEN };
    const { result, requests } = await requestsDuring(emulator, () => provider.read({ ...importRef, id: ID, properties: {} }));
    expect(requests.map((request) => [request.command, (request.body as { OfficialAccountIdList: unknown }).OfficialAccountIdList])).toEqual([
      [GET_INFO, [{ Official_Account: ACCOUNT }]],
    ]);
    expect(result.id).toBe(ID);
    expect(result.inputs).toEqual({
      officialAccount: ACCOUNT,
      name: "Support team",
      introduction: "We answer within a day.",
      faceUrl: "",
      organization: "",
      customString: '{"tier":"gold"}',
      deletePolicy: "retain",
      sdkAppId: APP,
    });
    expect(result.properties).toMatchObject({ officialAccount: ACCOUNT, ownerAccount: "owner_support", sdkAppId: APP });
    const checked = await provider.check({ ...importRef, olds: result.inputs ?? {}, news: result.inputs ?? {} });
    expect(checked.failures).toEqual([]);

    const missing = await provider.read({ ...importRef, id: `${APP}/@TOA#_nobody`, properties: {} });
    expect(missing.id).toBe("");
    expect(missing.properties).toEqual({});
    responses.push(result);
  });

  it("Delete with deletePolicy retain makes no call and leaves the account as it is", async () => {
    const { requests } = await requestsDuring(emulator, () =>
      provider.delete({ ...ref, id: state.id, properties: state.outputs, oldInputs: state.inputs }),
    );
    expect(requests).toEqual([]);
    expect(emulator.store.get(APP, ACCOUNT)?.name).toBe("Support team");
  });

  it("OfficialAccount, one more entry of the same table: autonamed from the URN's name, created once, destroyed on delete", async () => {
    const accountRef = { urn: `urn:pulumi:dev::plugin-project::${ACCOUNT_TOKEN}::news`, name: "news", type: ACCOUNT_TOKEN };
    const checked = await provider.check({ ...accountRef, olds: {}, news: { ownerAccount: "owner_news", name: "News" } });
    expect(checked.failures).toEqual([]);
    const id = checked.inputs["officialAccount"] as string;
    expect(id).toMatch(/^@TOA#_news-[0-9a-f]{7}$/);
    expect(checked.inputs["resourceName"]).toBeUndefined();
    // A second Check with the old inputs keeps the ID (the engine sends them as olds).
    const again = await provider.check({ ...accountRef, olds: checked.inputs, news: { ownerAccount: "owner_news", name: "News" } });
    expect(again.inputs["officialAccount"]).toBe(id);

    const created = await requestsDuring(emulator, () => provider.create({ ...accountRef, properties: checked.inputs }));
    expect(created.requests.map((request) => request.command)).toEqual(["create_official_account"]);
    expect(created.result.id).toBe(`${APP}/${id}`);
    expect(emulator.store.get(APP, id)).toMatchObject({ name: "News", ownerAccount: "owner_news" });

    const renamed = await provider.check({ ...accountRef, olds: checked.inputs, news: { ownerAccount: "owner_news", name: "News desk" } });
    const diff = await provider.diff({ ...accountRef, id: created.result.id, olds: created.result.properties, news: renamed.inputs, oldInputs: checked.inputs });
    expect(diff.detailedDiff).toEqual({ name: { kind: "UPDATE", inputDiff: true } });
    const newOwner = await provider.check({ ...accountRef, olds: checked.inputs, news: { ownerAccount: "owner_other", name: "News" } });
    const replace = await provider.diff({ ...accountRef, id: created.result.id, olds: created.result.properties, news: newOwner.inputs, oldInputs: checked.inputs });
    expect(replace).toMatchObject({ replaces: ["ownerAccount"], deleteBeforeReplace: true });
    expect(replace.detailedDiff?.["ownerAccount"]).toEqual({ kind: "UPDATE_REPLACE", inputDiff: true });

    const deleted = await requestsDuring(emulator, () =>
      provider.delete({ ...accountRef, id: created.result.id, properties: created.result.properties, oldInputs: checked.inputs }),
    );
    expect(deleted.requests.map((request) => [request.command, request.body])).toEqual([["destroy_official_account", { Official_Account: id }]]);
    expect(emulator.store.get(APP, id)).toBeUndefined();
  });

  it("no secret key or UserSig in the state, the responses or the plugin's output, except inside secret values", () => {
    const output = plugin.output();
    // The engine encrypts secret values in state; outside them nothing may hold the key.
    const sealed = (value: unknown) => JSON.stringify(value, (_key, item: unknown) => (isSecret(item) ? "[secret]" : item));
    const texts = [sealed(state), sealed(responses), output.stdout.join("\n"), output.stderr.join("\n")];
    const leaks = texts.flatMap((text) => findLeaks(text, { secrets: [KEY], isUserSig: (candidate) => decodeUserSig(candidate) !== undefined }));
    expect(leaks).toEqual([]);
  });
});
