import { afterEach, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../emulator";
import { NOT_CHECKABLE, PROBE_ENV, readProbeEnvironment, runProbeCommand, type ProbeCommandIo } from "../../probe";

/** `pulumi-tencentcloud-chat probe`: settings from the environment only, a clear skip for `npm run test:live`. */

const APP = 1400000001;
const KEY = "probe-cli-secret-key-0123456789abcdef";

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

function io(env: Record<string, string | undefined>): ProbeCommandIo & { out: string; err: string } {
  const captured = {
    env,
    out: "",
    err: "",
    stdout: (text: string) => void (captured.out += text),
    stderr: (text: string) => void (captured.err += text),
  };
  return captured;
}

describe("probe command", () => {
  it("without the environment, --skip-unless-configured says it skipped and which variables are missing", async () => {
    const run = io({});
    expect(await runProbeCommand(["--skip-unless-configured"], run)).toBe(0);
    expect(run.out).toBe(
      "SKIPPED: live probe not run: set TENCENTCLOUD_CHAT_SDKAPPID, TENCENTCLOUD_CHAT_SECRET_KEY, TENCENTCLOUD_CHAT_REGION or TENCENTCLOUD_CHAT_ENDPOINT, TENCENTCLOUD_CHAT_PROBE_OWNER\n",
    );
  });

  it("without the environment and without the flag, fails with exit code 2 and sends nothing", async () => {
    const run = io({ [PROBE_ENV.sdkAppId]: String(APP), [PROBE_ENV.secretKey]: KEY, [PROBE_ENV.region]: "singapore" });
    expect(await runProbeCommand([], run)).toBe(2);
    expect(run.err).toBe("error: live probe not run: set TENCENTCLOUD_CHAT_PROBE_OWNER\n");
    expect(run.out).toBe("");
  });

  it("--help says the rate limit is not checked because it would throttle the real app's other callers", async () => {
    const run = io({});
    expect(await runProbeCommand(["--help"], run)).toBe(0);
    expect(run.out).toContain("The rate limit (A-RATE-SCOPE) is one, on\npurpose: the limit is per app and command (200 requests a second), so provoking 60007 would throttle the real app's other callers");
    expect(NOT_CHECKABLE["A-RATE-SCOPE"]).toMatch(/would throttle the real app's other callers/);
  });

  it("refuses unusable settings without quoting them", async () => {
    const run = io({ [PROBE_ENV.sdkAppId]: "14x-secretish", [PROBE_ENV.secretKey]: KEY, [PROBE_ENV.region]: "mars", [PROBE_ENV.owner]: "u1" });
    expect(await runProbeCommand([], run)).toBe(2);
    expect(run.err).toBe(
      "error: TENCENTCLOUD_CHAT_SDKAPPID must be a positive integer; TENCENTCLOUD_CHAT_REGION must be a region name (china, singapore, …)\n",
    );
  });

  it("reads a region, an endpoint taking precedence, and the identifier", () => {
    const base = { [PROBE_ENV.sdkAppId]: String(APP), [PROBE_ENV.secretKey]: KEY, [PROBE_ENV.owner]: "u1" };
    expect(readProbeEnvironment({ ...base, [PROBE_ENV.region]: "tokyo" })).toEqual({ kind: "ready", owner: "u1", connection: { sdkAppId: APP, secretKey: KEY, region: "tokyo" } });
    expect(readProbeEnvironment({ ...base, [PROBE_ENV.region]: "tokyo", [PROBE_ENV.endpoint]: "http://127.0.0.1:1", [PROBE_ENV.identifier]: "admin2" })).toEqual({
      kind: "ready",
      owner: "u1",
      connection: { sdkAppId: APP, secretKey: KEY, endpoint: "http://127.0.0.1:1", identifier: "admin2" },
    });
  });

  it("with the environment set, prints the report and exits 0 when nothing is refuted", async () => {
    emulator = await startEmulator({ apps: [{ sdkAppId: APP, secretKey: KEY }] });
    const run = io({ [PROBE_ENV.sdkAppId]: String(APP), [PROBE_ENV.secretKey]: KEY, [PROBE_ENV.endpoint]: emulator.url, [PROBE_ENV.owner]: "owner_1" });
    expect(await runProbeCommand(["--skip-unless-configured"], run)).toBe(0);
    expect(run.out).toMatch(/^Live probe: SDKAppID 1400000001 at http:\/\/127\.0\.0\.1:\d+ \(endpoint\), identifier administrator\n/);
    expect(run.out).toContain("28 confirmed, 0 refuted, 8 not checkable.");
    expect(run.out).not.toContain(KEY);
    expect(emulator.store.list(APP)).toEqual([]);
  });

  it("exits 1 when an assumption is refuted", async () => {
    emulator = await startEmulator({ apps: [{ sdkAppId: APP, secretKey: KEY }], returnsMaxSubscriberNum: true });
    const run = io({ [PROBE_ENV.sdkAppId]: String(APP), [PROBE_ENV.secretKey]: KEY, [PROBE_ENV.endpoint]: emulator.url, [PROBE_ENV.owner]: "owner_1" });
    expect(await runProbeCommand([], run)).toBe(1);
    expect(run.out).toMatch(/^refuted +A-INFO-MAXSUB +MaxSubscriberNum returned: 100000$/m);
  });
});
