import { afterAll, afterEach, beforeAll, beforeEach, expect } from "vitest";
import { startEmulator, type Emulator, type EmulatorOptions } from "../../emulator";
import { closeSharedPools, resetOfficialAccountClients } from "../../provider/chat";
import { resetAdoptions } from "../../provider/adoptions";
import { resetConfiguration } from "../../provider/configuration";
import { SettingsError } from "../../provider/errors";
import * as lifecycle from "../../provider/lifecycle";

/** Shared fixtures of the provider tests: two apps, each with its own key, and host-style config. */

export const APP = 1400000000;
export const OTHER_APP = 1400000001;
export const KEY = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e";
export const OTHER_KEY = "b1f0c5d4e3a29687b1f0c5d4e3a29687b1f0c5d4e3a29687b1f0c5d4e3a29687";

export const MODIFY = "modify_official_account_base_info";
export const GET_INFO = "get_official_account_info";

export function startTestEmulator(options: Partial<EmulatorOptions> = {}): Promise<Emulator> {
  return startEmulator({
    apps: [
      { sdkAppId: APP, secretKey: KEY },
      { sdkAppId: OTHER_APP, secretKey: OTHER_KEY },
    ],
    ...options,
  });
}

/** What the dynamic-provider host hands to `configure`: namespaced keys, string values. */
export function hostConfig(values: Record<string, string>) {
  return {
    get: (key: string) => values[key],
    require: (key: string) => {
      const value = values[key];
      if (value === undefined) throw new Error(`missing required configuration variable '${key}'`);
      return value;
    },
  };
}

export function stackValues(emulator: Emulator, extra: Record<string, string> = {}): Record<string, string> {
  return {
    "tencentcloud-chat:sdkAppId": String(APP),
    "tencentcloud-chat:secretKey": KEY,
    "tencentcloud-chat:endpoint": emulator.url,
    ...extra,
  };
}

const ENV_PREFIX = "TENCENTCLOUD_CHAT_";

/** Removes every TENCENTCLOUD_CHAT_* variable; returns a function that puts them back. */
export function isolateEnv(): () => void {
  const saved = Object.entries(process.env).filter(([name]) => name.startsWith(ENV_PREFIX));
  for (const [name] of saved) delete process.env[name];
  return () => {
    for (const name of Object.keys(process.env)) if (name.startsWith(ENV_PREFIX)) delete process.env[name];
    for (const [name, value] of saved) process.env[name] = value;
  };
}

/** Plain JSON data only: what `Struct.fromJavaScript` in the host can encode without loss. */
export function expectJsonClean(value: unknown, path = "$"): void {
  if (typeof value === "string" || typeof value === "boolean") return;
  if (typeof value === "number") {
    expect(Number.isFinite(value), `${path} is a finite number`).toBe(true);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => expectJsonClean(item, `${path}[${index}]`));
    return;
  }
  expect(value !== null && typeof value === "object", `${path} is plain data (got ${String(value)})`).toBe(true);
  expect(Object.getPrototypeOf(value), `${path} is a plain object`).toBe(Object.prototype);
  for (const [key, item] of Object.entries(value as object)) {
    expect(item, `${path}.${key} is not undefined`).not.toBeUndefined();
    expectJsonClean(item, `${path}.${key}`);
  }
}

/** The bodies of the modify calls the emulator received. */
export function modifyBodies(emulator: Emulator): unknown[] {
  return emulator.requests(MODIFY).map((entry) => entry.body);
}

export interface LifecycleSetup {
  /** The emulator of this test file (started once, reset before every test). */
  readonly emulator: Emulator;
}

/**
 * The hooks every lifecycle test file needs: one emulator for the file, and before each test a reset
 * emulator, no TENCENTCLOUD_CHAT_* variables, a fresh configuration and fresh clients, as in a new host
 * process. `configured` (default true) also runs `configure` with the stack config pointing at the emulator.
 */
export function useLifecycleEmulator(options: { configured?: boolean } = {}): LifecycleSetup {
  let emulator: Emulator | undefined;
  let restoreEnv: () => void = () => undefined;
  beforeAll(async () => {
    emulator = await startTestEmulator();
  });
  afterAll(async () => {
    await emulator?.close();
    await closeSharedPools();
  });
  beforeEach(async () => {
    restoreEnv = isolateEnv();
    setup.emulator.reset();
    resetConfiguration();
    resetAdoptions();
    resetOfficialAccountClients();
    if (options.configured !== false) await lifecycle.configure({ config: hostConfig(stackValues(setup.emulator)) });
  });
  afterEach(() => restoreEnv());
  const setup: LifecycleSetup = {
    get emulator(): Emulator {
      if (emulator === undefined) throw new Error("the emulator starts in beforeAll");
      return emulator;
    },
  };
  return setup;
}

/** The SettingsError an action throws; anything else thrown, or nothing, fails the test. */
export function settingsErrorFrom(action: () => unknown): SettingsError {
  try {
    action();
  } catch (error) {
    if (error instanceof SettingsError) return error;
    throw error;
  }
  throw new Error("expected a SettingsError");
}
