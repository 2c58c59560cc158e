import { execFile, spawnSync } from "node:child_process";
import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { startEmulator } from "../../emulator";
import { findLeaks } from "../../engine-standin/leak-scan";
import { decodeUserSig } from "../../provider/chat/usersig";
import { preparePackedStack, repoRoot } from "../support/packed-package";
import { APP, KEY, MODIFY } from "../engine/support";
import { ACCOUNT_TOKEN, linkPackageBins, PROFILE_TOKEN } from "./support";

/**
 * examples/yaml with the real Pulumi CLI (local file backend, passphrase secrets) against the emulator: `pulumi up`,
 * then `pulumi import` of a second account; and `pulumi package add` for Python. Runs only where `pulumi` (and, for
 * package add, `python3` with pip able to install the `pulumi` package) is on PATH; elsewhere vitest reports each
 * step as skipped, with the reason in its name.
 */
const pulumiOnPath = spawnSync("pulumi", ["version"], { stdio: "ignore" }).status === 0;
const python3OnPath = spawnSync("python3", ["--version"], { stdio: "ignore" }).status === 0;
const run = promisify(execFile);

/** Why the `pulumi package add` step is skipped, or "" when it runs. */
const packageAddSkipReason = !pulumiOnPath ? "the pulumi CLI is not on PATH" : !python3OnPath ? "python3 is not on PATH" : "";

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

  /**
   * docs/plugin.md "Use from Python, Go or .NET": `pulumi package add <path to the plugin executable>` in a Python
   * project. A path starting with ./ is a local plugin (IsLocalPluginPath, sdk/go/common/resource/plugin/host.go): the
   * CLI runs it for its schema, writes the SDK to sdks/<package name> (InstallPackage, pkg/cmd/pulumi/packages/
   * packages.go), then links it into the project, which installs the SDK's own dependency (the pulumi package) with pip.
   */
  it.skipIf(packageAddSkipReason !== "")(
    `pulumi package add of the plugin executable generates a Python SDK with both resources${packageAddSkipReason ? ` (skipped: ${packageAddSkipReason})` : ""}`,
    async () => {
      const stack = await preparePackedStack({ name: "plugin-package-add", requiredFiles: ["dist/provider/plugin/main.js"] });
      await linkPackageBins(stack);
      const projectFile = path.join(stack.stackDir, "Pulumi.yaml");
      await writeFile(projectFile, "name: plugin-package-add\nruntime:\n  name: python\n  options:\n    toolchain: pip\n    virtualenv: venv\n");
      await writeFile(path.join(stack.stackDir, "requirements.txt"), "");
      const home = await mkdtemp(path.join(tmpdir(), "pulumi-package-add-"));
      const env = { ...process.env, PULUMI_BACKEND_URL: `file://${home}`, PULUMI_SKIP_UPDATE_CHECK: "true", PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true" };
      try {
        await run("pulumi", ["package", "add", "./node_modules/.bin/pulumi-resource-tencentcloud-chat", "--non-interactive"], {
          cwd: stack.stackDir,
          env,
          maxBuffer: 64 * 1024 * 1024,
        });
        const sdkDir = path.join(stack.stackDir, "sdks", "tencentcloud-chat");
        const files = (await readdir(sdkDir, { recursive: true })).map((file) => file.split(path.sep).join("/"));
        expect(files).toContain("pulumi_tencentcloud_chat/official_account_profile.py");
        expect(files).toContain("pulumi_tencentcloud_chat/official_account.py");
        const profile = await readFile(path.join(sdkDir, "pulumi_tencentcloud_chat", "official_account_profile.py"), "utf8");
        const account = await readFile(path.join(sdkDir, "pulumi_tencentcloud_chat", "official_account.py"), "utf8");
        expect(profile).toMatch(/\bclass OfficialAccountProfile\(/);
        expect(profile).toContain(PROFILE_TOKEN);
        expect(account).toMatch(/\bclass OfficialAccount\(/);
        expect(account).toContain(ACCOUNT_TOKEN);
        // The project records the package under its schema name (a local binary's path is condensed to the name).
        expect(await readFile(projectFile, "utf8")).toMatch(/^packages:\s*\n\s+tencentcloud-chat:/m);
      } finally {
        await stack.cleanup();
        await rm(home, { recursive: true, force: true });
      }
    },
    600_000,
  );
});
