import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { resolveBaseUrl } from "../../provider/chat/endpoints";
import { readStackConfig, SETTINGS } from "../../provider/settings";
import { ERROR_CODE_TABLE, describeErrorCode } from "../../provider/chat/error-codes";
import {
  ChatAbortedError,
  ChatApiError,
  ChatConfigError,
  ChatDeadlineError,
  ChatError,
  ChatHttpStatusError,
  ChatNetworkError,
  ChatTimeoutError,
  isChatError,
  isDeadlineError,
  withErrorContext,
} from "../../provider/chat/errors";

describe("typed errors", () => {
  it("carries a stable code, structured fields and the hint from the table", () => {
    const error = new ChatApiError({
      command: "modify_official_account_base_info",
      officialAccount: "@TOA#_a",
      sdkAppId: 1400000000,
      errorCode: 131000,
      errorInfo: "service not enabled",
    });
    expect(error.code).toBe("TCHAT_API_ERROR");
    expect(error.name).toBe("ChatApiError");
    expect(error.hint).toBe(ERROR_CODE_TABLE[131000]!.hint);
    expect(error.hint).toMatch(/enable it in the Chat console/);
    expect(error.retryable).toBe("final");
    expect(error.message).toBe(
      "Tencent Chat error 131000 (modify_official_account_base_info, @TOA#_a): service not enabled",
    );
    expect(Object.keys(error)).not.toContain("url");
  });

  it("recognises errors from another copy of the package by their Symbol.for brand", () => {
    // What a second copy's ChatApiError looks like to this copy: another class, the same global symbols.
    class ForeignApiError extends Error {
      code = "TCHAT_API_ERROR";
    }
    const foreign = new ForeignApiError("from another copy");
    Object.defineProperty(foreign, Symbol.for("pulumi-tencentcloud-chat.error"), { value: true });
    Object.defineProperty(foreign, Symbol.for("pulumi-tencentcloud-chat.error.TCHAT_API_ERROR"), { value: true });
    expect(foreign).toBeInstanceOf(ChatError);
    expect(foreign).toBeInstanceOf(ChatApiError);
    expect(foreign).not.toBeInstanceOf(ChatHttpStatusError);
    expect(isChatError(foreign)).toBe(true);
    expect(new Error("plain")).not.toBeInstanceOf(ChatError);
    expect(null).not.toBeInstanceOf(ChatError);
  });

  it("distinguishes the subclasses", () => {
    const network = new ChatNetworkError({ detail: "ECONNRESET", delivery: "unknown" });
    expect(network).toBeInstanceOf(ChatError);
    expect(network).toBeInstanceOf(ChatNetworkError);
    expect(network).not.toBeInstanceOf(ChatTimeoutError);
    expect(new ChatTimeoutError({ phase: "connect" })).toMatchObject({ code: "TCHAT_TIMEOUT", delivery: "not-sent", retryable: "transient" });
    expect(new ChatTimeoutError({ phase: "headers" })).toMatchObject({ delivery: "unknown" });
    expect(new ChatDeadlineError({ deadlineMs: 500 })).toMatchObject({ code: "TCHAT_DEADLINE", retryable: "final" });
    expect(new ChatAbortedError()).toMatchObject({ code: "TCHAT_ABORTED", retryable: "final" });
    expect(new ChatConfigError({ setting: "region", detail: "x", hint: "y" })).toMatchObject({ code: "TCHAT_CONFIG", hint: "y" });
    expect(new ChatHttpStatusError({ httpStatus: 503 })).toMatchObject({ retryable: "transient" });
  });

  it("matches a subclass by the common brand and the code, as an error of another copy of the package carries them", () => {
    const foreign = Object.assign(new Error("from another copy"), { code: "TCHAT_DEADLINE" });
    Object.defineProperty(foreign, Symbol.for("pulumi-tencentcloud-chat.error"), { value: true });
    expect(foreign).toBeInstanceOf(ChatDeadlineError);
    expect(foreign).not.toBeInstanceOf(ChatAbortedError);
    expect(isDeadlineError(foreign)).toBe(true);
    // The code alone, without the brand, is not ours.
    expect(Object.assign(new Error("look-alike"), { code: "TCHAT_DEADLINE" })).not.toBeInstanceOf(ChatDeadlineError);
    expect(isDeadlineError({ code: "TCHAT_DEADLINE" })).toBe(false);
    expect(isDeadlineError(new ChatDeadlineError({ deadlineMs: 1 }))).toBe(true);
    expect(isDeadlineError(new ChatAbortedError())).toBe(false);
  });

  it("computes retryable from the fields as they are now", () => {
    const error = new ChatApiError({ errorCode: 10004, errorInfo: "internal" });
    expect(error.retryable).toBe("transient");
    error.errorCode = 130004;
    expect(error.retryable).toBe("final");
    expect(withErrorContext(new ChatHttpStatusError({ httpStatus: 502 }), { officialAccount: "@TOA#_a" }).retryable).toBe("transient");
  });

  it("copies an error with context for another caller without touching the original", () => {
    const original = new ChatApiError({ command: "get_official_account_info", errorCode: 10004, errorInfo: "x" });
    const copy = withErrorContext(original, { officialAccount: "@TOA#_b" });
    expect(copy).not.toBe(original);
    expect(copy).toBeInstanceOf(ChatApiError);
    expect(copy.officialAccount).toBe("@TOA#_b");
    expect(original.officialAccount).toBeUndefined();
    expect(copy.errorCode).toBe(10004);
  });
});

describe("error-code table", () => {
  const seedCodes = [6017, 10004, 20001, 20005, 130002, 130004, 130007, 130008, 131000];
  const commonCodes = [
    60002, 60003, 60004, 60005, 60006, 60007, 60008, 60009, 60010, 60011, 60012, 60013, 60014, 60015, 60016, 60017,
    60018, 60019, 60020, 60021, 70001, 70003, 70009, 70013, 70014, 70016, 70020, 70050, 70051, 70107,
  ];

  it("has a hint for every code on the seed page and in the common table", () => {
    for (const code of [...seedCodes, ...commonCodes]) {
      const entry = ERROR_CODE_TABLE[code];
      expect(entry, String(code)).toBeDefined();
      expect(entry!.hint.length, String(code)).toBeGreaterThan(20);
    }
  });

  it("gives the specific advice the design asks for", () => {
    for (const code of [70009, 70014, 70016, 70020]) {
      expect(describeErrorCode(code).hint).toMatch(/secret key or the data-centre region does not match the SDKAppID/);
    }
    expect(describeErrorCode(60010).hint).toMatch(/app admin/);
    expect(describeErrorCode(130004).hint).toMatch(/does not exist or has been destroyed/);
    expect(describeErrorCode(131000).hint).toMatch(/enable/);
    for (const code of [60007, 60011, 60018, 60019]) expect(describeErrorCode(code).hint).toMatch(/lower the rate/);
  });

  it("falls back to a generic final entry for unknown codes", () => {
    expect(describeErrorCode(99999)).toMatchObject({ kind: "final" });
  });
});

describe("hints name settings that exist", () => {
  const configKeys = new Set(Object.values(SETTINGS).map((setting) => setting.configKey));
  const envVars = new Set(Object.values(SETTINGS).map((setting) => setting.envVar));

  function namedSettings(text: string): { configKeys: string[]; envVars: string[] } {
    return {
      // A resource token (`tencentcloud-chat:index:OfficialAccount`, the plugin's) names no setting.
      configKeys: [...text.matchAll(/tencentcloud-chat:[A-Za-z]+\b(?!:)/g)].map((match) => match[0]),
      // A per-app key variable names its app by number: `…_SECRET_KEY_1400000001` is `…_SECRET_KEY_<SDKAPPID>`.
      envVars: [...text.matchAll(/TENCENTCLOUD_CHAT_[A-Z0-9_]*[A-Z0-9](?:_<SDKAPPID>)?/g)].map((match) => match[0].replace(/_\d+$/, "_<SDKAPPID>")),
    };
  }

  const standbyHints = [
    ["HTTP 5xx", new ChatHttpStatusError({ httpStatus: 502 }).hint],
    ["network", new ChatNetworkError({ detail: "getaddrinfo ENOTFOUND" }).hint],
  ] as const;

  it.each(standbyHints)("the %s hint points Pulumi users at the endpoint setting, with a standby URL it accepts", (_label, hint) => {
    const named = namedSettings(hint);
    expect(named.configKeys).toContain(SETTINGS.endpoint.configKey);
    expect(named.envVars).toContain(SETTINGS.endpoint.envVar);
    for (const key of named.configKeys) expect(configKeys, key).toContain(key);
    for (const name of named.envVars) expect(envVars, name).toContain(name);
    // The example URL is the region's standby domain as the client computes it, and the setting takes it.
    const example = /https:\/\/[a-z0-9.-]+my-imcloud\.com/.exec(hint)?.[0];
    expect(example).toBe(resolveBaseUrl({ region: "singapore", standbyDomain: true }));
    expect(readStackConfig({ get: (key) => (key === SETTINGS.endpoint.configKey ? example : undefined) }).endpoint).toBe(example);
    // standbyDomain is offered only as what it is: a connection option of the client on its own.
    expect(hint).not.toMatch(/\(standbyDomain: true\)/);
    expect(hint).toMatch(/standbyDomain: true in the connection when using the client on its own/);
  });

  it("every stack config key and environment variable the provider's source mentions is a real setting", () => {
    const root = path.resolve(__dirname, "../../provider");
    const files = readdirSync(root, { recursive: true, encoding: "utf8" }).filter((file) => file.endsWith(".ts"));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const named = namedSettings(readFileSync(path.join(root, file), "utf8"));
      for (const key of named.configKeys) expect(configKeys, `${file}: ${key}`).toContain(key);
      for (const name of named.envVars) expect(envVars, `${file}: ${name}`).toContain(name);
    }
  });
});
