import { describe, expect, it } from "vitest";
import { checkConfig, configReaderOf } from "../../provider/plugin/config";
import { secretValue } from "../../provider/plugin/secrets";
import { readStackConfig } from "../../provider/settings";

const KEY = "k".repeat(32);

describe("CheckConfig", () => {
  it("accepts a complete config, numbers or text", () => {
    expect(checkConfig({ sdkAppId: "1400000000", secretKey: KEY, region: "singapore", version: "0.1.0" }, {})).toEqual([]);
    expect(checkConfig({ sdkAppId: 1400000000, secretKeys: { "1400000001": KEY }, maxAttempts: 3 }, {})).toEqual([]);
  });

  it("one failure per bad key, named by its bare setting, never holding the value", () => {
    const failures = checkConfig({ sdkAppId: "abc-secret-looking", secretKey: KEY, region: "mars", maxAttempts: "0", regoin: "china" }, {});
    expect(failures.map((failure) => failure.property).sort()).toEqual(["maxAttempts", "region", "regoin", "sdkAppId"]);
    expect(failures.find((failure) => failure.property === "regoin")?.reason).toContain("not a setting");
    const secretKeys = checkConfig({ secretKeys: "{not json" }, {});
    expect(secretKeys).toHaveLength(1);
    expect(secretKeys[0]?.property).toBe("secretKeys");
    expect(secretKeys[0]?.reason).not.toContain("{not json");
  });

  it("a missing secret key is reported unless the environment has one (plain or per app)", () => {
    expect(checkConfig({ sdkAppId: "1400000000" }, {}).map((failure) => failure.property)).toEqual(["secretKey"]);
    expect(checkConfig({ sdkAppId: "1400000000" }, { TENCENTCLOUD_CHAT_SECRET_KEY: KEY })).toEqual([]);
    expect(checkConfig({}, { TENCENTCLOUD_CHAT_SECRET_KEY_1400000001: KEY })).toEqual([]);
  });

  it("a setting left to the environment is checked there, on its own key", () => {
    const failures = checkConfig({ secretKey: KEY }, { TENCENTCLOUD_CHAT_REGION: "mars", TENCENTCLOUD_CHAT_SDKAPPID: "x" });
    expect(failures.map((failure) => failure.property).sort()).toEqual(["region", "sdkAppId"]);
    expect(failures[0]?.reason).toContain("environment variable");
  });

  it("unknown values (preview) are not judged", () => {
    expect(checkConfig({ secretKey: KEY, sdkAppId: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" }, {})).toEqual([]);
  });
});

describe("Configure's config reader", () => {
  it("reveals secrets and gives non-text values as JSON, as the engine's variables do", () => {
    const config = readStackConfig(
      configReaderOf({ sdkAppId: 1400000000, secretKey: secretValue(KEY), secretKeys: secretValue({ "1400000001": "other" }) }),
    );
    expect(config).toMatchObject({ sdkAppId: 1400000000, secretKey: KEY, secretKeys: { "1400000001": "other" } });
  });
});
