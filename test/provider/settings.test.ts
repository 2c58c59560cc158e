import { describe, expect, it } from "vitest";
import { readStackConfig, resolveConnection, resolveTarget, type StackConfig } from "../../provider/settings";
import { settingsErrorFrom } from "./support";

const SECRET = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
const OTHER_SECRET = "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";

/** A host-style config: keys arrive namespaced, values are strings. */
function config(values: Record<string, string>) {
  return { get: (key: string) => values[key] };
}


describe("readStackConfig", () => {
  it("reads the namespaced keys and parses them", () => {
    const stack = readStackConfig(
      config({
        "tencentcloud-chat:sdkAppId": "1400000000",
        "tencentcloud-chat:secretKey": SECRET,
        "tencentcloud-chat:identifier": "ops_admin",
        "tencentcloud-chat:region": "singapore",
        "tencentcloud-chat:endpoint": "http://127.0.0.1:40123",
        "tencentcloud-chat:secretKeys": JSON.stringify({ "1400000001": OTHER_SECRET }),
        "other-project:sdkAppId": "999",
      }),
    );
    expect(stack).toEqual({
      sdkAppId: 1400000000,
      secretKey: SECRET,
      identifier: "ops_admin",
      region: "singapore",
      endpoint: "http://127.0.0.1:40123",
      secretKeys: { "1400000001": OTHER_SECRET },
    });
  });

  it("empty config is fine (the environment may supply everything)", () => {
    expect(readStackConfig(config({}))).toEqual({ secretKeys: {} });
  });

  it.each([
    ["tencentcloud-chat:sdkAppId", "abc", "must be the SDKAppID from the Chat console"],
    ["tencentcloud-chat:region", "mars", "must be one of china, singapore"],
    ["tencentcloud-chat:endpoint", "not a url", "must be an https base URL"],
  ])("rejects %s = %j naming the key", (key, value, text) => {
    const error = settingsErrorFrom(() => readStackConfig(config({ [key]: value })));
    expect(error.code).toBe("TCHAT_SETTINGS_INVALID");
    expect(error.setting).toBe(key);
    expect(error.message).toContain(`stack config ${key}`);
    expect(error.message).toContain(text);
  });

  it("rejects malformed secretKeys without echoing the secret text", () => {
    for (const text of [`{"1400000001": ${JSON.stringify(OTHER_SECRET)}`, `[${JSON.stringify(OTHER_SECRET)}]`, `{"app": "${OTHER_SECRET}"}`]) {
      const error = settingsErrorFrom(() => readStackConfig(config({ "tencentcloud-chat:secretKeys": text })));
      expect(error.code).toBe("TCHAT_SETTINGS_INVALID");
      expect(error.message).toContain("must be a JSON object mapping SDKAppID to secret key");
      expect(error.message).not.toContain(OTHER_SECRET);
      expect(error.message).not.toContain(OTHER_SECRET.slice(0, 12));
    }
  });
});

describe("resolveTarget", () => {
  const stack: StackConfig = { sdkAppId: 1400000000, region: "seoul", secretKeys: {} };

  it("resource override, then config, then environment, then default", () => {
    expect(resolveTarget({}, stack, { TENCENTCLOUD_CHAT_SDKAPPID: "1", TENCENTCLOUD_CHAT_REGION: "tokyo" })).toEqual({ sdkAppId: 1400000000, region: "seoul" });
    expect(resolveTarget({ sdkAppId: 7, region: "jakarta" }, stack, {})).toEqual({ sdkAppId: 7, region: "jakarta" });
    expect(resolveTarget({}, undefined, { TENCENTCLOUD_CHAT_SDKAPPID: "1400000002", TENCENTCLOUD_CHAT_REGION: "tokyo" })).toEqual({
      sdkAppId: 1400000002,
      region: "tokyo",
    });
    expect(resolveTarget({}, undefined, { TENCENTCLOUD_CHAT_SDKAPPID: "5" })).toEqual({ sdkAppId: 5, region: "china" });
  });

  it("endpoint: override, config, environment; an empty variable counts as unset", () => {
    const env = { TENCENTCLOUD_CHAT_ENDPOINT: "http://127.0.0.1:1" };
    expect(resolveTarget({ endpoint: "http://127.0.0.1:3" }, { ...stack, endpoint: "http://127.0.0.1:2" }, env).endpoint).toBe("http://127.0.0.1:3");
    expect(resolveTarget({}, { ...stack, endpoint: "http://127.0.0.1:2" }, env).endpoint).toBe("http://127.0.0.1:2");
    expect(resolveTarget({}, stack, env).endpoint).toBe("http://127.0.0.1:1");
    expect(resolveTarget({}, stack, { TENCENTCLOUD_CHAT_ENDPOINT: "" })).not.toHaveProperty("endpoint");
  });

  it("endpoint from config or environment: normalized by the shared parser, and a bad one is never echoed", () => {
    expect(readStackConfig(config({ "tencentcloud-chat:endpoint": "HTTP://127.0.0.1:40123/" })).endpoint).toBe("http://127.0.0.1:40123");
    expect(resolveTarget({}, stack, { TENCENTCLOUD_CHAT_ENDPOINT: "https://Proxy.Example.com/chat/" }).endpoint).toBe("https://proxy.example.com/chat");
    const fromConfig = settingsErrorFrom(() => readStackConfig(config({ "tencentcloud-chat:endpoint": "https://ops:hunter2@proxy.example.com" })));
    expect(fromConfig.code).toBe("TCHAT_SETTINGS_INVALID");
    expect(fromConfig.message).toContain("stack config tencentcloud-chat:endpoint");
    expect(fromConfig.message).toContain("user name or password");
    expect(fromConfig.message).not.toContain("hunter2");
    const fromEnv = settingsErrorFrom(() => resolveTarget({}, { secretKeys: {}, sdkAppId: 1 }, { TENCENTCLOUD_CHAT_ENDPOINT: "https://proxy.example.com/?key=hunter2" }));
    expect(fromEnv.message).toContain("environment variable TENCENTCLOUD_CHAT_ENDPOINT");
    expect(fromEnv.message).toContain("query string");
    expect(fromEnv.message).not.toContain("hunter2");
  });

  it("plain http to a host that is not loopback is refused from config and environment; loopback is fine", () => {
    const fromConfig = settingsErrorFrom(() => readStackConfig(config({ "tencentcloud-chat:endpoint": "http://proxy.example.com:8080" })));
    expect(fromConfig).toMatchObject({ code: "TCHAT_SETTINGS_INVALID", setting: "tencentcloud-chat:endpoint" });
    expect(fromConfig.message).toContain("plain http to a host that is not loopback");
    const fromEnv = settingsErrorFrom(() => resolveTarget({}, stack, { TENCENTCLOUD_CHAT_ENDPOINT: "http://10.1.2.3:8080" }));
    expect(fromEnv).toMatchObject({ code: "TCHAT_SETTINGS_INVALID", envVar: "TENCENTCLOUD_CHAT_ENDPOINT" });
    expect(fromEnv.message).toContain("environment variable TENCENTCLOUD_CHAT_ENDPOINT");
    expect(readStackConfig(config({ "tencentcloud-chat:endpoint": "http://[::1]:8080" })).endpoint).toBe("http://[::1]:8080");
  });

  it("missing SDKAppID names the config key and the variable", () => {
    const error = settingsErrorFrom(() => resolveTarget({}, { secretKeys: {} }, {}));
    expect(error.code).toBe("TCHAT_SETTINGS_MISSING");
    expect(error.message).toContain("tencentcloud-chat:sdkAppId");
    expect(error.message).toContain("TENCENTCLOUD_CHAT_SDKAPPID");
  });

  it("invalid environment values name the variable", () => {
    const error = settingsErrorFrom(() => resolveTarget({}, undefined, { TENCENTCLOUD_CHAT_SDKAPPID: "14e8" }));
    expect(error.message).toContain("environment variable TENCENTCLOUD_CHAT_SDKAPPID");
    expect(settingsErrorFrom(() => resolveTarget({}, { sdkAppId: 1, secretKeys: {} }, { TENCENTCLOUD_CHAT_REGION: "moon" })).message).toContain("TENCENTCLOUD_CHAT_REGION");
  });
});

describe("resolveConnection", () => {
  it("uses the plain key for the stack's app; identifier defaults to administrator", () => {
    const stack: StackConfig = { sdkAppId: 1400000000, secretKey: SECRET, secretKeys: {} };
    expect(resolveConnection({ sdkAppId: 1400000000, region: "china" }, stack, {})).toEqual({
      sdkAppId: 1400000000,
      secretKey: SECRET,
      identifier: "administrator",
      region: "china",
    });
  });

  it("config wins over environment", () => {
    const stack: StackConfig = { sdkAppId: 1400000000, secretKey: SECRET, identifier: "cfg_admin", secretKeys: {} };
    const env = { TENCENTCLOUD_CHAT_SECRET_KEY: OTHER_SECRET, TENCENTCLOUD_CHAT_IDENTIFIER: "env_admin" };
    expect(resolveConnection({ sdkAppId: 1400000000, region: "china" }, stack, env)).toMatchObject({ secretKey: SECRET, identifier: "cfg_admin" });
    expect(resolveConnection({ sdkAppId: 1400000000, region: "china" }, { secretKeys: {} }, { ...env, TENCENTCLOUD_CHAT_SDKAPPID: "1400000000" })).toMatchObject({
      secretKey: OTHER_SECRET,
      identifier: "env_admin",
    });
  });

  it("another app's key comes from secretKeys or TENCENTCLOUD_CHAT_SECRET_KEY_<id>, never the stack app's key", () => {
    const stack: StackConfig = { sdkAppId: 1400000000, secretKey: SECRET, secretKeys: { "1400000001": OTHER_SECRET } };
    const target = { sdkAppId: 1400000001, region: "china" as const };
    expect(resolveConnection(target, stack, {}).secretKey).toBe(OTHER_SECRET);
    expect(resolveConnection(target, { ...stack, secretKeys: {} }, { TENCENTCLOUD_CHAT_SECRET_KEY_1400000001: "env-key" }).secretKey).toBe("env-key");

    const error = settingsErrorFrom(() => resolveConnection(target, { ...stack, secretKeys: {} }, { TENCENTCLOUD_CHAT_SECRET_KEY: "x" }));
    expect(error.code).toBe("TCHAT_SETTINGS_MISSING");
    expect(error.setting).toBe("tencentcloud-chat:secretKeys");
    expect(error.envVar).toBe("TENCENTCLOUD_CHAT_SECRET_KEY_1400000001");
    expect(error.message).toContain(`pulumi config set --secret tencentcloud-chat:secretKeys '{"1400000001":"<key>"}'`);
    expect(error.message).toContain("TENCENTCLOUD_CHAT_SECRET_KEY_1400000001");
    expect(error.message).not.toContain(SECRET);
  });

  it("with no stack app at all, the plain key serves whatever app the resource names", () => {
    expect(resolveConnection({ sdkAppId: 42, region: "china" }, undefined, { TENCENTCLOUD_CHAT_SECRET_KEY: SECRET }).secretKey).toBe(SECRET);
  });

  it("missing key: names the config key, `pulumi config set --secret` and the variable", () => {
    const error = settingsErrorFrom(() => resolveConnection({ sdkAppId: 1400000000, region: "china" }, { sdkAppId: 1400000000, secretKeys: {} }, {}));
    expect(error.code).toBe("TCHAT_SETTINGS_MISSING");
    expect(error.message).toContain("pulumi config set --secret tencentcloud-chat:secretKey <key>");
    expect(error.message).toContain("TENCENTCLOUD_CHAT_SECRET_KEY");
  });
});
