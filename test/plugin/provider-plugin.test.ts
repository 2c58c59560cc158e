import { afterEach, describe, expect, it } from "vitest";
import { resetConfiguration } from "../../provider/configuration";
import { PluginError } from "../../provider/plugin/errors";
import { createProviderPlugin } from "../../provider/plugin/provider-plugin";
import { isSecretValue, secretValue } from "../../provider/plugin/secrets";
import { UNKNOWN_SENTINEL } from "../../provider/profile";

/** The plugin's answers in-process, for what needs no account: previews, config diffs, unknown types. */
const TOKEN = "tencentcloud-chat:index:OfficialAccountProfile";
const plugin = createProviderPlugin({});

afterEach(() => resetConfiguration());

describe("provider plugin answers", () => {
  it("a resource type it does not serve is a typed error naming the types it does", async () => {
    const error = await plugin.check("tencentcloud-chat:index:Nope", {}, {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PluginError);
    expect(error).toMatchObject({ code: "TCHAT_PLUGIN_UNKNOWN_RESOURCE_TYPE", subject: "tencentcloud-chat:index:Nope" });
    expect((error as Error).message).toContain(TOKEN);
  });

  it("Create in preview makes no call: inputs as they are, every other output unknown", async () => {
    const inputs = { officialAccount: "@TOA#_a", name: "A", customString: secretValue("s"), sdkAppId: 1400000000, region: "china", deletePolicy: "retain" };
    const { id, outputs } = await plugin.create(TOKEN, inputs, true);
    expect(id).toBe("");
    expect(outputs["name"]).toBe("A");
    expect(isSecretValue(outputs["customString"])).toBe(true);
    for (const key of ["ownerAccount", "subscriberNum", "managedFields", "adoptedValues", "introduction"]) expect(outputs[key], key).toBe(UNKNOWN_SENTINEL);
  });

  it("Update in preview makes no call: the old outputs with the new inputs over them", async () => {
    const { outputs } = await plugin.update(TOKEN, "1/@TOA#_a", { name: "Old", subscriberNum: 3 }, { name: "New" }, true);
    expect(outputs).toEqual({ name: "New", subscriberNum: 3 });
  });

  it("a settings change updates the provider and never replaces it", () => {
    expect(plugin.diffConfig({ region: "china", secretKey: secretValue("a") }, { region: "singapore", secretKey: secretValue("a") })).toEqual({
      changes: true,
      diffs: ["region"],
    });
    expect(plugin.diffConfig({ region: "china" }, { region: "china" })).toEqual({ changes: false, diffs: [] });
  });

  it("CheckConfig wraps the settings the schema calls secret, set with --secret or not", () => {
    const { inputs, failures } = plugin.checkConfig({ sdkAppId: "1400000000", secretKey: "plain-key", secretKeys: '{"1400000001":"k"}' });
    expect(failures).toEqual([]);
    expect(isSecretValue(inputs["secretKey"])).toBe(true);
    expect(isSecretValue(inputs["secretKeys"])).toBe(true);
    expect(inputs["sdkAppId"]).toBe("1400000000");
  });
});
