/** `pulumi-tencentcloud-chat emulator …`: flag parsing, and the real process end to end. */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { afterEach, describe, expect, it } from "vitest";
import { CliUsageError, parseEmulatorArgs, sampleSecretKey, SAMPLE_SDK_APP_ID } from "../../emulator/cli-args";
import { signUserSig } from "../../provider/chat/usersig";

describe("parseEmulatorArgs", () => {
  it("reads apps, admins, service switches and server settings", () => {
    const settings = parseEmulatorArgs([
      "--port", "0",
      "--app", "1400000001:key-one",
      "--app=1400000002:key-two:ops,robot",
      "--service-off", "1400000002",
      "--seed", "7",
      "--max-rps", "50",
      "--state-file", "/tmp/x.json",
      "--returns-max-subscriber-num",
      "--omits-empty-fields",
      "--item-error-style", "ResultCode",
      "--imported-accounts", "owner_1,owner_2",
    ]);
    expect(settings.options).toEqual({
      port: 0,
      apps: [
        { sdkAppId: 1400000001, secretKey: "key-one" },
        { sdkAppId: 1400000002, secretKey: "key-two", admins: ["ops", "robot"], officialAccountService: false },
      ],
      seed: 7,
      maxRequestsPerSecond: 50,
      statePath: "/tmp/x.json",
      returnsMaxSubscriberNum: true,
      omitsEmptyFields: true,
      itemErrorStyle: "ResultCode",
      importedAccounts: ["owner_1", "owner_2"],
    });
    expect(settings.sampleApp).toBeUndefined();
  });

  it("builds a FaultConfig from the fault flags, --faults-json first", () => {
    const settings = parseEmulatorArgs([
      "--latency-ms", "20",
      "--jitter-ms", "5",
      "--fault-rate", "error10004=0.1,reset-after-apply=0.05",
      "--fault-rate", "http502=0.02",
      "--fault-next", "throttle=3",
      "--fault-commands", "modify_official_account_base_info,get_official_account_info",
      "--faults-json", '{"seed":99,"rules":[{"kind":"hang","count":1}]}',
    ]);
    expect(settings.options.faults).toEqual({
      seed: 99,
      latencyMs: 20,
      jitterMs: 5,
      commands: ["modify_official_account_base_info", "get_official_account_info"],
      rules: [
        { kind: "hang", count: 1 },
        { kind: "error10004", rate: 0.1 },
        { kind: "reset", rate: 0.05, afterApply: true },
        { kind: "http502", rate: 0.02 },
        { kind: "throttle", count: 3 },
      ],
    });
  });

  it("without --app creates the sample app with a key repeatable from the seed", () => {
    const a = parseEmulatorArgs(["--seed", "4"]);
    const b = parseEmulatorArgs(["--seed", "4"]);
    expect(a.sampleApp).toEqual({ sdkAppId: SAMPLE_SDK_APP_ID, secretKey: sampleSecretKey(4) });
    expect(a.sampleApp?.secretKey).toMatch(/^[0-9a-f]{64}$/);
    expect(b.sampleApp).toEqual(a.sampleApp);
    expect(parseEmulatorArgs(["--seed", "5"]).sampleApp?.secretKey).not.toBe(a.sampleApp?.secretKey);
  });

  it.each([
    [["--port"], /needs a value/],
    [["--port", "x"], /--port/],
    [["--app", "1400000001"], /--app/],
    [["--fault-rate", "boom=0.1"], /unknown fault kind/],
    [["--fault-rate", "reset=2"], /fraction/],
    [["--fault-next", "reset=-1"], /integer/],
    [["--item-error-style", "Other"], /ErrorCode or ResultCode/],
    [["--service-off", "99"], /no such app/],
    [["--faults-json", "{"], /not valid JSON/],
    [["--faults-json", '{"latencyMs":-5}'], /latencyMs/],
    [["--nope"], /unknown flag/],
  ])("%j is refused", (argv, message) => {
    expect(() => parseEmulatorArgs(argv)).toThrow(CliUsageError);
    expect(() => parseEmulatorArgs(argv)).toThrow(message);
  });

  it("never echoes a key in a usage error", () => {
    expect(() => parseEmulatorArgs(["--app", "abc:super-secret"])).toThrow(/--app/);
    try {
      parseEmulatorArgs(["--app", "abc:super-secret"]);
    } catch (error) {
      expect((error as Error).message).not.toContain("super-secret");
    }
  });
});

describe("the emulator process", () => {
  const root = resolve(__dirname, "../..");
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
  });

  /** Starts `cli.ts emulator …` and resolves with the child and its first stdout lines. */
  function start(args: string[], lines = 1): Promise<{ child: ChildProcess; lines: string[] }> {
    const child = spawn(process.execPath, ["--import", "tsx", "cli.ts", "emulator", ...args], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    children.push(child);
    return new Promise((resolveStart, reject) => {
      const seen: string[] = [];
      const reader = createInterface({ input: child.stdout as NodeJS.ReadableStream });
      reader.on("line", (line) => {
        seen.push(line);
        if (seen.length === lines) resolveStart({ child, lines: seen });
      });
      child.on("exit", (code) => reject(new Error(`emulator exited early with ${code}: ${seen.join("\n")}`)));
    });
  }

  function stop(child: ChildProcess): Promise<number | null> {
    return new Promise((resolveStop) => {
      child.on("exit", (code) => resolveStop(code));
      child.kill("SIGTERM");
    });
  }

  async function create(url: string, sdkAppId: number, secretKey: string, body: unknown): Promise<Record<string, unknown>> {
    const usersig = signUserSig({ sdkAppId, identifier: "administrator", issuedAtSeconds: Math.floor(Date.now() / 1000), ttlSeconds: 3600, secretKey });
    const query = `sdkappid=${sdkAppId}&identifier=administrator&usersig=${usersig}&random=1&contenttype=json`;
    const reply = await fetch(`${url}/v4/official_account_open_http_svc/create_official_account?${query}`, { method: "POST", body: JSON.stringify(body) });
    return (await reply.json()) as Record<string, unknown>;
  }

  it("prints its base URL first, serves the configured app on 127.0.0.1 and stops on SIGTERM with 0", async () => {
    const { child, lines } = await start(["--port", "0", "--app", "1400000009:cli-test-key"], 2);
    const [url, appLine] = lines;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(appLine).toContain("1400000009");
    expect(lines.join("\n")).not.toContain("cli-test-key");
    const reply = await create(url as string, 1400000009, "cli-test-key", { Owner_Account: "o", Name: "From CLI", OfficialAccountUserID: "@TOA#_cli" });
    expect(reply).toEqual({ ActionStatus: "OK", ErrorInfo: "", ErrorCode: 0, OfficialAccountUserID: "@TOA#_cli" });
    expect(await stop(child)).toBe(0);
  });

  it("without --app prints a sample app and key that work; with --state-file a second run keeps the accounts", async () => {
    const dir = mkdtempSync(join(tmpdir(), "emulator-cli-"));
    try {
      const stateFile = join(dir, "state.json");
      const first = await start(["--state-file", stateFile, "--seed", "3"], 3);
      const sampleLine = first.lines.find((l) => l.startsWith("sample app:")) as string;
      const key = /secret key ([0-9a-f]{64})/.exec(sampleLine)?.[1] as string;
      expect(key).toBe(sampleSecretKey(3));
      const made = await create(first.lines[0] as string, SAMPLE_SDK_APP_ID, key, { Owner_Account: "o", Name: "Demo" });
      expect(made["ErrorCode"]).toBe(0);
      expect(await stop(first.child)).toBe(0);

      const second = await start(["--state-file", stateFile, "--seed", "3"], 1);
      const state = (await (await fetch(`${second.lines[0]}/__emulator/state`)).json()) as { store: { apps: Record<string, { accounts: Array<{ officialAccount: string }> }> } };
      expect(state.store.apps[String(SAMPLE_SDK_APP_ID)]?.accounts.map((a) => a.officialAccount)).toEqual([made["OfficialAccountUserID"]]);
      expect(await stop(second.child)).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
