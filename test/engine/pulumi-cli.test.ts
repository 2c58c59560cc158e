import { execFile, spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { startEmulator } from "../../emulator";
import { findLeaks } from "../../engine-standin/leak-scan";
import { decodeUserSig } from "../../provider/chat/usersig";
import { preparePackedStack } from "../support/packed-package";
import { APP, KEY, MODIFY } from "./support";

/**
 * The same path with the real Pulumi CLI (local file backend in a temp directory, passphrase secrets provider).
 * Runs only where `pulumi` is on PATH; elsewhere vitest reports it as skipped, with the reason in its name.
 */
const pulumiOnPath = spawnSync("pulumi", ["version"], { stdio: "ignore" }).status === 0;
const run = promisify(execFile);

const program = `"use strict";
const { OfficialAccountProfile } = require("pulumi-tencentcloud-chat");
new OfficialAccountProfile("cli", {
  officialAccount: "@TOA#_cli",
  name: "From the CLI",
  introduction: "Managed by pulumi up",
});
`;

describe("real Pulumi CLI", () => {
  it.skipIf(!pulumiOnPath)(
    `pulumi up / up (no changes) / refresh / destroy against the emulator${pulumiOnPath ? "" : " (skipped: the pulumi CLI is not on PATH)"}`,
    async () => {
      const emulator = await startEmulator({ apps: [{ sdkAppId: APP, secretKey: KEY }] });
      const stack = await preparePackedStack({ name: "pulumi-cli", programFile: "index.js", programSource: program, projectName: "cli-e2e" });
      const home = await mkdtemp(path.join(tmpdir(), "pulumi-cli-e2e-"));
      const env = {
        ...process.env,
        ...stack.programEnv,
        PULUMI_BACKEND_URL: `file://${home}`,
        PULUMI_CONFIG_PASSPHRASE: "engine-test-passphrase",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      };
      const pulumi = (...args: string[]) =>
        run("pulumi", [...args, "--non-interactive"], { cwd: stack.stackDir, env, maxBuffer: 64 * 1024 * 1024 });
      try {
        emulator.store.create(APP, { officialAccount: "@TOA#_cli", ownerAccount: "owner_cli", name: "Before" });
        await pulumi("stack", "init", "dev");
        await pulumi("config", "set", "tencentcloud-chat:sdkAppId", String(APP));
        await pulumi("config", "set", "--secret", "tencentcloud-chat:secretKey", KEY);
        await pulumi("config", "set", "tencentcloud-chat:endpoint", emulator.url);

        const up = await pulumi("up", "--yes", "--skip-preview");
        expect(emulator.store.get(APP, "@TOA#_cli")).toMatchObject({ name: "From the CLI", introduction: "Managed by pulumi up" });
        expect(emulator.requests(MODIFY)).toHaveLength(1);

        const before = emulator.requestLog.length;
        await pulumi("up", "--yes", "--skip-preview", "--expect-no-changes");
        expect(emulator.requestLog.length).toBe(before);

        emulator.store.patch(APP, "@TOA#_cli", { introduction: "Edited in the console" });
        await pulumi("refresh", "--yes", "--skip-preview");
        await pulumi("up", "--yes", "--skip-preview");
        expect(emulator.store.get(APP, "@TOA#_cli")?.introduction).toBe("Managed by pulumi up");

        const exported = path.join(home, "state.json");
        await pulumi("stack", "export", "--file", exported);
        const texts = [await readFile(exported, "utf8"), up.stdout, up.stderr];
        const leaks = texts.flatMap((text) =>
          findLeaks(text, { secrets: [KEY], isUserSig: (candidate) => decodeUserSig(candidate) !== undefined }),
        );
        expect(leaks).toEqual([]);
        const state = JSON.parse(texts[0]!) as { deployment: { resources: Array<{ type: string; inputs?: Record<string, unknown> }> } };
        const profile = state.deployment.resources.find((r) => r.type.endsWith(":OfficialAccountProfile"));
        expect(String(profile?.inputs?.["__provider"])).toContain('require("pulumi-tencentcloud-chat/lifecycle")');

        await pulumi("destroy", "--yes", "--skip-preview");
        await pulumi("stack", "rm", "--yes");
      } finally {
        await emulator.close();
        await stack.cleanup();
        await rm(home, { recursive: true, force: true });
      }
    },
    300_000,
  );
});
