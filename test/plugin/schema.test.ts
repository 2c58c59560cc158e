import { readFileSync } from "node:fs";
import path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import { describe, expect, it } from "vitest";
import { OFFICIAL_ACCOUNT_MAX_BYTES, PROFILE_FIELDS, TEXT_LIMITS_BYTES } from "../../provider/profile";
import { SETTINGS } from "../../provider/settings";
import { packageSchema } from "../../provider/plugin/schema";
import type { PropertySpec } from "../../provider/plugin/schema-types";

/** The schema GetSchema returns, against Pulumi's package metaschema (vendor/pulumi-package-metaschema). */
const metaschema = JSON.parse(readFileSync(path.join(__dirname, "../../vendor/pulumi-package-metaschema/pulumi.json"), "utf8")) as object;

function validator() {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  return ajv.compile(metaschema);
}

const schema = packageSchema("1.2.3");
const profile = schema.resources["tencentcloud-chat:index:OfficialAccountProfile"]!;
const account = schema.resources["tencentcloud-chat:index:OfficialAccount"]!;

describe("package schema", () => {
  it("validates against Pulumi's metaschema", () => {
    const validate = validator();
    const valid = validate(JSON.parse(JSON.stringify(schema)));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it("the metaschema check can fail: a bad package name and a property of unknown type are refused", () => {
    const validate = validator();
    expect(validate({ ...schema, name: "9 bad name" })).toBe(false);
    const broken = JSON.parse(JSON.stringify(schema)) as { resources: Record<string, { inputProperties: Record<string, unknown> }> };
    broken.resources["tencentcloud-chat:index:OfficialAccountProfile"]!.inputProperties["name"] = { type: "text", description: "x" };
    expect(validate(broken)).toBe(false);
  });

  it("names the package, the publisher, keywords, the repository and the package of every language", () => {
    expect(schema).toMatchObject({ name: "tencentcloud-chat", displayName: "Tencent Cloud Chat", version: "1.2.3" });
    expect(schema.publisher).not.toBe("");
    expect(schema.keywords).toContain("pulumi");
    expect(schema.repository).toMatch(/^https:\/\//);
    expect(Object.keys(schema.language).sort()).toEqual(["csharp", "go", "nodejs", "python"]);
    expect(schema.language["nodejs"]?.["packageName"]).toBeTruthy();
    expect(schema.language["python"]?.["packageName"]).toBe("pulumi_tencentcloud_chat");
    expect(schema.language["go"]?.["importBasePath"]).toMatch(/tencentcloudchat$/);
    expect(schema.language["csharp"]?.["rootNamespace"]).toBeTruthy();
  });

  it("config: every tencentcloud-chat setting, its environment fallback, the keys secret", () => {
    const variables = schema.config.variables;
    expect(Object.keys(variables).sort()).toEqual(Object.keys(SETTINGS).sort());
    for (const [name, spec] of Object.entries(variables)) {
      expect(spec.description, name).not.toBe("");
      const envVar = SETTINGS[name as keyof typeof SETTINGS].envVar;
      if (!envVar.includes("<")) expect(spec.defaultInfo?.environment, name).toEqual([envVar]);
    }
    // `config.defaults` is the engine's list of required variables (ConfigSpec.Required): none is required.
    expect(schema.config).not.toHaveProperty("defaults");
    expect(schema.provider).not.toHaveProperty("requiredInputs");
    expect(variables["secretKey"]?.secret).toBe(true);
    expect(variables["secretKeys"]?.secret).toBe(true);
    expect(variables["sdkAppId"]?.secret).toBeUndefined();
    expect(schema.provider.inputProperties).toEqual(variables);
  });

  it("every input and output has a description; the limits are stated in them", () => {
    const all: Array<[string, PropertySpec]> = [...Object.entries(profile.inputProperties), ...Object.entries(profile.properties)];
    for (const [name, spec] of all) expect(spec.description, name).toMatch(/\w/);
    for (const field of PROFILE_FIELDS) {
      if (field === "maxSubscriberNum") continue;
      expect(profile.inputProperties[field]?.description).toContain(`${TEXT_LIMITS_BYTES[field]} bytes`);
    }
    expect(profile.inputProperties["maxSubscriberNum"]?.description).toContain("4294967295");
    expect(profile.inputProperties["officialAccount"]?.description).toContain(`${OFFICIAL_ACCOUNT_MAX_BYTES} bytes`);
    expect(profile.requiredInputs).toEqual(["officialAccount"]);
    for (const key of profile.required) expect(profile.properties[key], key).toBeDefined();
  });

  it("OfficialAccount: every property described, owner and name required, the ID optional (autonamed)", () => {
    for (const [name, spec] of [...Object.entries(account.inputProperties), ...Object.entries(account.properties)]) {
      expect(spec.description, name).toMatch(/\w/);
    }
    expect(account.requiredInputs.sort()).toEqual(["name", "ownerAccount"]);
    expect(account.inputProperties["ownerAccount"]?.description).toContain("32 bytes");
    expect(account.inputProperties["deletePolicy"]).toBeUndefined();
    for (const key of account.required) expect(account.properties[key], key).toBeDefined();
  });
});
