import path from "node:path";
import { startHost, type DynamicProviderHost } from "./host";

/**
 * A native provider plugin started the way the CLI starts one (sdk/go/common/resource/plugin/plugin.go): the
 * executable `pulumi-resource-<name>` found in the plugin directory, run with the engine's address as its
 * argument, its port read from the first line of its stdout, then a gRPC ResourceProvider client over
 * @pulumi/pulumi/proto. Process handling (own process group, stop, orphans killed on exit) is host.ts's.
 */
export interface StartPluginOptions {
  /** The directory holding the executable, as in `plugins.providers[].path` (e.g. `<stack>/node_modules/.bin`). */
  pluginDir: string;
  /** The package name: the executable is `pulumi-resource-<name>`. */
  name: string;
  /** The plugin's working directory (the CLI uses the project directory); @pulumi/pulumi is resolved from here. */
  cwd: string;
  project?: string;
  env?: Record<string, string | undefined>;
  startTimeoutMs?: number;
}

export type PluginHost = DynamicProviderHost;

export function pluginExecutable(pluginDir: string, name: string): string {
  return path.join(pluginDir, `pulumi-resource-${name}`);
}

export function startPlugin(options: StartPluginOptions): Promise<PluginHost> {
  return startHost({
    stackDir: options.cwd,
    project: options.project ?? "plugin-project",
    executable: pluginExecutable(options.pluginDir, options.name),
    ...(options.env ? { env: options.env } : {}),
    ...(options.startTimeoutMs !== undefined ? { startTimeoutMs: options.startTimeoutMs } : {}),
  });
}
