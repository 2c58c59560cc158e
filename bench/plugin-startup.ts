/**
 * `npx tsx bench/plugin-startup.ts [--rounds N]`: start-up time and memory of the provider plugin
 * (`pulumi-resource-tencentcloud-chat`) beside the dynamic-provider host, each started as the CLI starts it from the
 * packed package (run `npm run build` first). Per round and front end: spawn until the port line, then the engine's
 * start-up calls (GetPluginInfo, Handshake, Configure), then the first Check of one OfficialAccountProfile (the
 * dynamic host loads the package's lifecycle only then). Memory is the peak resident size (VmHWM) of the Node
 * process after that Check. A script that prints figures, not a test (docs/benchmarks.md, docs/plugin.md).
 * `npm run bench` runs the same measurement (pluginStartupRun) and reports it in its own section.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { startEmulator } from "../emulator";
import { startHost, type DynamicProviderHost } from "../engine-standin/host";
import { startPlugin } from "../engine-standin/plugin-host";
import { captureProgram } from "../engine-standin/program-capture";
import { makeSecret, stripSecretsFromMap, type PropertyMap } from "../engine-standin/property-values";
import { secretConfig } from "../engine-standin/stack-config";
import { linkPackageBins } from "../engine-standin/package-bins";
import { preparePackedStack } from "../engine-standin/packed-package";
import { nodeProcessOf, peakRssBytes } from "./host-process";
import { median } from "./stats";

const APP = 1400000001;
const KEY = "bench-secret-key-0123456789abcdef0123456789abcdef";
const PROJECT = "plugin-startup";
const PROFILE_TOKEN = "tencentcloud-chat:index:OfficialAccountProfile";
const PROGRAM = `import { OfficialAccountProfile } from "pulumi-tencentcloud-chat";
new OfficialAccountProfile("support", { officialAccount: "@TOA#_support", name: "Support" });
`;

export interface PluginStartupSample {
  portMs: number;
  configuredMs: number;
  firstCheckMs: number;
  peakRssMiB: number | undefined;
}

function parseRounds(argv: string[]): number {
  const index = argv.indexOf("--rounds");
  const rounds = index >= 0 ? Number(argv[index + 1]) : 5;
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error("--rounds takes a positive integer");
  return rounds;
}

async function measure(start: () => Promise<DynamicProviderHost>, configure: (host: DynamicProviderHost) => Promise<void>, check: (host: DynamicProviderHost) => Promise<void>): Promise<PluginStartupSample> {
  const began = performance.now();
  const host = await start();
  const portMs = performance.now() - began;
  try {
    await host.provider.getPluginInfo();
    await host.provider.handshake().catch(() => undefined);
    await configure(host);
    const configuredMs = performance.now() - began;
    await check(host);
    const firstCheckMs = performance.now() - began;
    const node = nodeProcessOf(host.pid);
    const rss = node === undefined ? undefined : peakRssBytes(node);
    return { portMs, configuredMs, firstCheckMs, peakRssMiB: rss === undefined ? undefined : rss / 1024 / 1024 };
  } finally {
    await host.stop();
  }
}

function row(label: string, samples: PluginStartupSample[]): string {
  const cell = (pick: (sample: PluginStartupSample) => number | undefined, digits: number) => {
    const values = samples.map(pick).filter((value): value is number => value !== undefined);
    const middle = median(values);
    return middle === undefined ? "n/a" : `${middle.toFixed(digits)} (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})`;
  };
  return `| ${label} | ${cell((s) => s.portMs, 0)} | ${cell((s) => s.configuredMs, 0)} | ${cell((s) => s.firstCheckMs, 0)} | ${cell((s) => s.peakRssMiB, 1)} |`;
}

export interface PluginStartupFigures {
  rounds: number;
  node: string;
  plugin: PluginStartupSample[];
  dynamic: PluginStartupSample[];
}

/** `rounds` interleaved rounds of each front end, from a freshly packed package (dist/ must be built). */
export async function pluginStartupRun(rounds: number, log: (line: string) => void = () => undefined): Promise<PluginStartupFigures> {
  const emulator = await startEmulator({ apps: [{ sdkAppId: APP, secretKey: KEY }] });
  const stack = await preparePackedStack({
    name: "plugin-startup",
    projectName: PROJECT,
    programSource: PROGRAM,
    requiredFiles: ["dist/provider/plugin/main.js", "dist/provider/lifecycle.js"],
  });
  try {
    const pluginDir = await linkPackageBins(stack);
    const config = { "tencentcloud-chat:sdkAppId": String(APP), "tencentcloud-chat:secretKey": secretConfig(KEY), "tencentcloud-chat:endpoint": emulator.url };
    // The dynamic resource's real registration (its __provider included), as the program sends it.
    const captured = await captureProgram({ stackDir: stack.stackDir, programPath: "index.ts", project: PROJECT, stack: "dev", config, env: stack.programEnv });
    const registered = captured.resources[0];
    if (!registered) throw new Error("the program registered no resource");
    const dynamicInputs = stripSecretsFromMap(registered.inputs);
    const pluginInputs: PropertyMap = { officialAccount: "@TOA#_support", name: "Support" };
    const settings = { sdkAppId: String(APP), endpoint: emulator.url };

    const dynamicHost = () => startHost({ stackDir: stack.stackDir, project: PROJECT, stack: "dev" });
    const dynamicConfigure = async (host: DynamicProviderHost) => {
      // The stack config as the default pulumi-nodejs provider's inputs, namespaced keys (as the engine sends them).
      const args: PropertyMap = { "tencentcloud-chat:secretKey": makeSecret(KEY) };
      const variables: Record<string, string> = { "pulumi-nodejs:config:tencentcloud-chat:secretKey": KEY };
      for (const [key, value] of Object.entries(settings)) {
        args[`tencentcloud-chat:${key}`] = value;
        variables[`pulumi-nodejs:config:tencentcloud-chat:${key}`] = value;
      }
      await host.provider.configure({ args, variables, acceptSecrets: true, acceptResources: true, type: "pulumi:providers:pulumi-nodejs" });
    };
    const dynamicCheck = async (host: DynamicProviderHost) => {
      const result = await host.provider.check({ urn: registered.urn, name: registered.name, type: registered.type, olds: {}, news: dynamicInputs });
      if (result.failures.length > 0) throw new Error(`dynamic Check failed: ${JSON.stringify(result.failures)}`);
    };
    const pluginHost = () => startPlugin({ pluginDir, name: "tencentcloud-chat", cwd: stack.stackDir, project: PROJECT });
    const pluginConfigure = async (host: DynamicProviderHost) => {
      await host.provider.configure({
        args: { ...settings, secretKey: makeSecret(KEY) },
        variables: {},
        acceptSecrets: true,
        acceptResources: true,
        type: "pulumi:providers:tencentcloud-chat",
      });
    };
    const pluginCheck = async (host: DynamicProviderHost) => {
      const urn = `urn:pulumi:dev::${PROJECT}::${PROFILE_TOKEN}::support`;
      const result = await host.provider.check({ urn, name: "support", type: PROFILE_TOKEN, olds: {}, news: pluginInputs });
      if (result.failures.length > 0) throw new Error(`plugin Check failed: ${JSON.stringify(result.failures)}`);
    };

    const dynamic: PluginStartupSample[] = [];
    const plugin: PluginStartupSample[] = [];
    for (let round = 0; round < rounds; round++) {
      // Interleaved, so machine load affects both alike.
      dynamic.push(await measure(dynamicHost, dynamicConfigure, dynamicCheck));
      plugin.push(await measure(pluginHost, pluginConfigure, pluginCheck));
      log(`plugin start-up: round ${round + 1}/${rounds} done`);
    }
    return { rounds, node: process.version, plugin, dynamic };
  } finally {
    await stack.cleanup();
    await emulator.close();
  }
}

/** The plugin beside the dynamic host, as a markdown table. */
export function renderPluginStartup(figures: PluginStartupFigures): string {
  return [
    `Start-up as the CLI does it, ${figures.rounds} rounds each, median (min–max); Node ${figures.node}, ${path.basename(process.execPath)}.`,
    "",
    "| front end | port printed (ms) | + Configure (ms) | + first Check (ms) | peak RSS (MiB) |",
    "| --- | --- | --- | --- | --- |",
    row("provider plugin (pulumi-resource-tencentcloud-chat)", figures.plugin),
    row("dynamic-provider host (pulumi-resource-pulumi-nodejs)", figures.dynamic),
  ].join("\n");
}

async function main(): Promise<void> {
  const figures = await pluginStartupRun(parseRounds(process.argv.slice(2)), (line) => console.error(line));
  console.log(renderPluginStartup(figures));
  const out = process.argv.includes("--json") ? process.argv[process.argv.indexOf("--json") + 1] : undefined;
  if (out) await writeFile(out, `${JSON.stringify({ rounds: figures.rounds, plugin: figures.plugin, dynamic: figures.dynamic }, null, 2)}\n`);
}

// Standalone (`npm run bench:plugin`); bench/bench.ts imports the functions above.
if (require.main === module) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      process.exit(1);
    },
  );
}
