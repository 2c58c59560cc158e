import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator";
import { isChatError, resetOfficialAccountClients, resetSharedRateLimiter } from "../../provider/chat";
import { SettingsError } from "../../provider/errors";
import * as lifecycle from "../../provider/lifecycle";
import { readStackConfig, resolveClientTunables, SETTINGS } from "../../provider/settings";
import { startEmulator } from "../../emulator";
import { APP, CANARY_KEY, CONFIG, GET_INFO, MODIFY } from "../../reliability/constants";
import { configureProvider, hostConfig, releaseProvider } from "../../reliability/harness";
import { ACCOUNT, DECLARED_V1, DECLARED_V2 } from "../../reliability/scenarios";
import { settingsErrorFrom } from "../provider/support";

/**
 * operationDeadlineMs, maxAttempts and maxRequestsPerSecond from stack config and environment: parsed,
 * validated with errors that name the key and the variable, and handed to the client the lifecycle uses.
 * The host runs in another process, so these settings are the only way to tune it (docs/reliability.md).
 */

const TUNABLE_ENV = [SETTINGS.operationDeadlineMs.envVar, SETTINGS.maxAttempts.envVar, SETTINGS.maxRequestsPerSecond.envVar];


describe("parsing", () => {
  it("reads the three keys from stack config as numbers", () => {
    const stack = readStackConfig(
      hostConfig({ [CONFIG.operationDeadlineMs]: "30000", [CONFIG.maxAttempts]: "3", [CONFIG.maxRequestsPerSecond]: "50" }),
    );
    expect(stack.tunables).toEqual({ operationDeadlineMs: 30_000, maxAttempts: 3, maxRequestsPerSecond: 50 });
    expect(resolveClientTunables(stack, {})).toEqual({ operationDeadlineMs: 30_000, maxAttempts: 3, maxRequestsPerSecond: 50 });
  });

  it("leaves them out when unset, so the client keeps its defaults", () => {
    expect(readStackConfig(hostConfig({}))).toEqual({ secretKeys: {} });
    expect(resolveClientTunables(undefined, {})).toEqual({});
    expect(resolveClientTunables(undefined, { TENCENTCLOUD_CHAT_MAX_ATTEMPTS: "" })).toEqual({});
  });

  it("config wins over the environment, setting by setting", () => {
    const stack = readStackConfig(hostConfig({ [CONFIG.maxAttempts]: "2" }));
    const env = { TENCENTCLOUD_CHAT_MAX_ATTEMPTS: "9", TENCENTCLOUD_CHAT_OPERATION_DEADLINE_MS: "1500", TENCENTCLOUD_CHAT_MAX_REQUESTS_PER_SECOND: " 20 " };
    expect(resolveClientTunables(stack, env)).toEqual({ maxAttempts: 2, operationDeadlineMs: 1500, maxRequestsPerSecond: 20 });
  });

  it.each([
    ["operationDeadlineMs", "0"],
    ["operationDeadlineMs", "1.5"],
    ["maxAttempts", "-1"],
    ["maxAttempts", "three"],
    ["maxRequestsPerSecond", "1e3"],
    ["maxRequestsPerSecond", "9007199254740993"],
  ] as const)("rejects %s = %j in stack config, naming the key and the variable", (name, text) => {
    const { configKey, envVar } = SETTINGS[name];
    const error = settingsErrorFrom(() => readStackConfig(hostConfig({ [configKey]: text })));
    expect(error).toMatchObject({ code: "TCHAT_SETTINGS_INVALID", setting: configKey, envVar });
    expect(error.message).toContain(`stack config ${configKey} must be a positive integer`);
    // Its size, never the value: a secret pasted into the wrong key must not reach the output.
    expect(error.message).toContain(`got text of ${Buffer.byteLength(text, "utf8")} bytes (value not shown)`);
    expect(error.message).not.toContain(`"${text}"`);
    expect(error.message).toContain(envVar);
  });

  it.each(TUNABLE_ENV)("rejects a bad %s from the environment, naming it and the config key", (envVar) => {
    const error = settingsErrorFrom(() => resolveClientTunables(undefined, { [envVar]: "soon" }));
    expect(error.code).toBe("TCHAT_SETTINGS_INVALID");
    expect(error.envVar).toBe(envVar);
    expect(error.message).toContain(`environment variable ${envVar} must be a positive integer`);
    expect(error.message).toContain(error.setting);
  });
});

describe("through the lifecycle, against the emulator", () => {
  let emulator: Emulator;
  const saved = new Map<string, string | undefined>();

  beforeAll(async () => {
    emulator = await startEmulator({ apps: [{ sdkAppId: APP, secretKey: CANARY_KEY }], maxRequestsPerSecond: 100_000 });
  });
  afterAll(async () => {
    await emulator.close();
    await releaseProvider();
  });
  beforeEach(() => {
    for (const name of TUNABLE_ENV) {
      saved.set(name, process.env[name]);
      delete process.env[name];
    }
    emulator.reset();
    resetOfficialAccountClients();
    resetSharedRateLimiter();
    emulator.store.create(APP, { officialAccount: ACCOUNT, ownerAccount: "owner_settings", name: "Before" });
  });
  afterEach(() => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  async function adoptedState(): Promise<{ id: string; outs: Record<string, unknown>; news: Record<string, unknown> }> {
    const inputs = (await lifecycle.check({}, { ...DECLARED_V1 })).inputs as Record<string, unknown>;
    const created = await lifecycle.create(inputs);
    const news = (await lifecycle.check({}, { ...DECLARED_V2 })).inputs as Record<string, unknown>;
    return { id: created.id, outs: { ...created.outs }, news };
  }

  async function rejection(promise: Promise<unknown>): Promise<unknown> {
    try {
      await promise;
    } catch (error) {
      return error;
    }
    throw new Error("expected a rejection");
  }

  it("operationDeadlineMs from stack config bounds an update against a hung server", async () => {
    await configureProvider({ [CONFIG.endpoint]: emulator.url, [CONFIG.operationDeadlineMs]: "250" });
    const { id, outs, news } = await adoptedState();
    emulator.setFaults({ rules: [{ kind: "hang", commands: [MODIFY] }] });
    const before = emulator.requestLog.length;
    const error = await rejection(lifecycle.update(id, outs, news));
    // The modify went out and never came back: a partial failure around the deadline error.
    expect(error).toMatchObject({ code: "TCHAT_UPDATE_OUTCOME_UNKNOWN" });
    const cause = (error as Error).cause;
    expect(isChatError(cause) && cause.code).toBe("TCHAT_DEADLINE");
    expect(cause).toMatchObject({ deadlineMs: 250, command: MODIFY });
    expect((error as Error).message).toContain("250 ms deadline");
    expect((error as Error).message).toContain("operationDeadlineMs");
    expect(emulator.requestLog.slice(before).map((entry) => entry.command)).toEqual([MODIFY]);
  });

  it("maxAttempts from the environment caps the attempts of an operation", async () => {
    process.env[SETTINGS.maxAttempts.envVar] = "2";
    await configureProvider({ [CONFIG.endpoint]: emulator.url });
    const { id, outs, news } = await adoptedState();
    emulator.setFaults({ rules: [{ kind: "error10004", commands: [MODIFY] }] });
    const before = emulator.requestLog.length;
    const error = await rejection(lifecycle.update(id, outs, news));
    expect(error).toMatchObject({ code: "TCHAT_API_ERROR", errorCode: 10004, attempts: 2, retryStop: "attempts" });
    expect(emulator.requestLog.slice(before).map((entry) => entry.command)).toEqual([MODIFY, MODIFY]);
  });

  it("maxRequestsPerSecond from stack config: at 1/s, a second write within the second cannot start before a 300 ms deadline", async () => {
    await configureProvider({ [CONFIG.endpoint]: emulator.url, [CONFIG.maxRequestsPerSecond]: "1", [CONFIG.operationDeadlineMs]: "300" });
    const { id, outs, news } = await adoptedState();
    // Adopting spent the modify bucket's one token; the next arrives a second later, past the deadline, so the
    // limiter refuses at once instead of waiting.
    const error = await rejection(lifecycle.update(id, outs, news));
    expect(error).toMatchObject({ code: "TCHAT_DEADLINE", deadlineMs: 300, delivery: "not-sent" });
    expect(emulator.requests(MODIFY)).toHaveLength(1);
    expect(emulator.requests(GET_INFO)).toHaveLength(1);
  });

  it("a bad value in the environment fails the operation with the settings error, before any request", async () => {
    process.env[SETTINGS.operationDeadlineMs.envVar] = "forever";
    await configureProvider({ [CONFIG.endpoint]: emulator.url });
    const inputs = (await lifecycle.check({}, { ...DECLARED_V1 })).inputs as Record<string, unknown>;
    const error = await rejection(lifecycle.create(inputs));
    expect(error).toBeInstanceOf(SettingsError);
    expect((error as SettingsError).message).toContain("TENCENTCLOUD_CHAT_OPERATION_DEADLINE_MS");
    expect(emulator.requestLog).toHaveLength(0);
  });
});
