import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resetConfiguration } from "../../provider/configuration";
import { SettingsError } from "../../provider/errors";
import * as lifecycle from "../../provider/lifecycle";
import { INPUT_KEYS } from "../../provider/profile";
import { resolveTarget } from "../../provider/settings";
import { hostConfig, isolateEnv } from "./support";

/**
 * `check` failures quote sizes and rules, never the value: the host strips secret markings before `check`
 * (a secret input arrives as plain text), so anything echoed would reach Pulumi's output. The same holds for
 * the settings `check` fills in from stack config and the environment.
 */

const SECRET = "sk_live_9f8e7d6c5b4a39281706f5e4d3c2b1a0";
const ID = "@TOA#_support";

/** The secret and every 8-character piece of it: a truncated echo is still an echo. */
function expectNoTraceOfSecret(text: string): void {
  expect(text).not.toContain(SECRET);
  for (let start = 0; start + 8 <= SECRET.length; start += 1) expect(text, `piece at ${start}`).not.toContain(SECRET.slice(start, start + 8));
}

/** A wrong value built around the secret for every input key (each one refused). */
const BAD_INPUTS: Record<string, unknown> = {
  officialAccount: SECRET,
  name: `${SECRET}${"x".repeat(200)}`,
  introduction: `${SECRET}${"中".repeat(200)}`,
  faceUrl: SECRET,
  organization: `${SECRET}\ud800`,
  customString: `${SECRET}${"y".repeat(3000)}`,
  maxSubscriberNum: SECRET,
  deletePolicy: SECRET,
  sdkAppId: SECRET,
  region: SECRET,
  endpoint: `http://${SECRET}.example.com`,
};

let restoreEnv: () => void = () => undefined;
beforeEach(() => {
  restoreEnv = isolateEnv();
  resetConfiguration();
});
afterEach(() => {
  restoreEnv();
  resetConfiguration();
});

describe("check never echoes a value", () => {
  it("covers every input key", () => {
    expect(Object.keys(BAD_INPUTS).sort()).toEqual([...INPUT_KEYS].sort());
  });

  it("refuses a secret-looking value in every input, naming the property and the rule but not the value", async () => {
    await lifecycle.configure({ config: hostConfig({ "tencentcloud-chat:sdkAppId": "1400000000" }) });
    const result = await lifecycle.check({}, BAD_INPUTS);
    const failures = result.failures ?? [];
    expect(failures.map((failure) => failure.property).sort()).toEqual([...INPUT_KEYS].sort());
    for (const failure of failures) expectNoTraceOfSecret(failure.reason);
    // The rules and sizes are there instead.
    const reason = (property: string) => failures.find((failure) => failure.property === property)?.reason ?? "";
    expect(reason("name")).toMatch(/name is \d+ bytes in UTF-8; the limit is 150 bytes/);
    expect(reason("deletePolicy")).toContain(`got a string of ${SECRET.length} bytes`);
    expect(reason("endpoint")).toContain("plain http to a host that is not loopback");
  });

  it("refuses a secret-looking unknown key without quoting its value", async () => {
    const result = await lifecycle.check({}, { officialAccount: ID, sdkAppId: 1400000000, colour: SECRET });
    expect(result.failures?.map((failure) => failure.property)).toEqual(["colour"]);
    expectNoTraceOfSecret(JSON.stringify(result.failures));
  });

  it("refuses secret-looking settings from the environment without quoting them", async () => {
    process.env["TENCENTCLOUD_CHAT_SDKAPPID"] = SECRET;
    process.env["TENCENTCLOUD_CHAT_REGION"] = SECRET;
    process.env["TENCENTCLOUD_CHAT_ENDPOINT"] = `https://${SECRET}@proxy.example.com`;
    const result = await lifecycle.check({}, { officialAccount: ID });
    expect(result.failures?.map((failure) => failure.property)).toContain("sdkAppId");
    expectNoTraceOfSecret(JSON.stringify(result.failures));
    // Region and endpoint are read from the environment by the same parsers wherever they are resolved.
    for (const name of ["TENCENTCLOUD_CHAT_REGION", "TENCENTCLOUD_CHAT_ENDPOINT"]) {
      const error = (() => {
        try {
          resolveTarget({ sdkAppId: 1400000000 }, undefined, { [name]: process.env[name] });
        } catch (caught) {
          return caught;
        }
      })();
      expect(error, name).toBeInstanceOf(SettingsError);
      expect((error as SettingsError).message).toContain(name);
      expectNoTraceOfSecret((error as SettingsError).message);
    }
  });

  it.each(["sdkAppId", "region", "endpoint", "maxAttempts", "operationDeadlineMs", "maxRequestsPerSecond", "secretKeys"])(
    "refuses a secret-looking stack config %s without quoting it",
    async (key) => {
      const configuring = lifecycle.configure({ config: hostConfig({ [`tencentcloud-chat:${key}`]: SECRET }) });
      const error = await configuring.then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toContain(`tencentcloud-chat:${key}`);
      expectNoTraceOfSecret((error as Error).message);
      await expect(lifecycle.check({}, { officialAccount: ID })).rejects.toThrow(`tencentcloud-chat:${key}`);
    },
  );
});
