import { execFile, spawnSync } from "node:child_process";
import { copyFile, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { startEmulator } from "../../emulator";
import { findLeaks } from "../../engine-standin/leak-scan";
import { decodeUserSig } from "../../provider/chat/usersig";
import { preparePackedStack, repoRoot } from "../support/packed-package";
import { APP, KEY, MODIFY } from "../engine/support";
import { linkPackageBins, PROFILE_TOKEN } from "./support";

/**
 * examples/yaml with the real Pulumi CLI (local file backend, passphrase secrets) against the emulator: `pulumi up`,
 * then `pulumi import` of a second account. Runs only where `pulumi` is on PATH; elsewhere vitest reports it as
 * skipped, with the reason in its name.
 */
const pulumiOnPath = spawnSync("pulumi", ["version"], { stdio: "ignore" }).status === 0;
const run = promisify(execFile);

describe("the plugin under the real Pulumi CLI", () => {
  it.skipIf(!pulumiOnPath)(
    `pulumi up of examples/yaml, then pulumi import${pulumiOnPath ? "" : " (skipped: the pulumi CLI is not on PATH)"}`,
    async () => {
      const emulator = await startEmulator({ apps: [{ sdkAppId: APP, secretKey: KEY }] });
      const stack = await preparePackedStack({ name: "plugin-cli", requiredFiles: ["dist/provider/plugin/main.js"] });
      await linkPackageBins(stack);
      await copyFile(path.join(repoRoot, "examples", "yaml", "Pulumi.yaml"), path.join(stack.stackDir, "Pulumi.yaml"));
      const home = await mkdtemp(path.join(tmpdir(), "pulumi-plugin-cli-"));
      const env = {
        ...process.env,
        PULUMI_BACKEND_URL: `file://${home}`,
        PULUMI_CONFIG_PASSPHRASE: "plugin-test-passphrase",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      };
      const pulumi = (...args: string[]) =>
        run("pulumi", [...args, "--non-interactive"], { cwd: stack.stackDir, env, maxBuffer: 64 * 1024 * 1024 });
      try {
        emulator.store.create(APP, { officialAccount: "@TOA#_support", ownerAccount: "owner_support", name: "Before" });
        emulator.store.create(APP, { officialAccount: "@TOA#_sales", ownerAccount: "owner_sales", name: "Sales", introduction: "Ask us" });
        await pulumi("stack", "init", "dev");
        await pulumi("config", "set", "tencentcloud-chat:sdkAppId", String(APP));
        await pulumi("config", "set", "--secret", "tencentcloud-chat:secretKey", KEY);
        await pulumi("config", "set", "tencentcloud-chat:endpoint", emulator.url);

        const up = await pulumi("up", "--yes", "--skip-preview");
        expect(emulator.store.get(APP, "@TOA#_support")).toMatchObject({
          name: "Support",
          introduction: "We answer within a day.",
          customString: '{"tier":"gold"}',
        });
        expect(emulator.requests(MODIFY)).toHaveLength(1);

        const generated = path.join(home, "imported.yaml");
        const imported = await pulumi("import", PROFILE_TOKEN, "sales", `${APP}/@TOA#_sales`, "--yes", "--out", generated);
        expect(await readFile(generated, "utf8")).toContain("Ask us");

        const exported = path.join(home, "state.json");
        await pulumi("stack", "export", "--file", exported);
        const stateText = await readFile(exported, "utf8");
        const state = JSON.parse(stateText) as { deployment: { resources: Array<{ type: string; id?: string; inputs?: Record<string, unknown> }> } };
        const sales = state.deployment.resources.find((resource) => resource.type === PROFILE_TOKEN && resource.id === `${APP}/@TOA#_sales`);
        expect(sales?.inputs).toMatchObject({ officialAccount: "@TOA#_sales", name: "Sales", introduction: "Ask us" });

        const texts = [stateText, up.stdout, up.stderr, imported.stdout, imported.stderr];
        const leaks = texts.flatMap((text) => findLeaks(text, { secrets: [KEY], isUserSig: (candidate) => decodeUserSig(candidate) !== undefined }));
        expect(leaks).toEqual([]);

        await pulumi("destroy", "--yes", "--skip-preview");
        expect(emulator.store.get(APP, "@TOA#_sales")?.name).toBe("Sales");
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
