#!/usr/bin/env node
/**
 * `pulumi-resource-tencentcloud-chat`: the provider plugin executable. The engine runs it with its own address
 * as the last argument (flags such as `--logtostderr` or `-v=9` may come first) and reads the port from the
 * first line of stdout (docs/plugin.md).
 */
import { startPluginServer } from "./server";

async function main(): Promise<void> {
  const server = await startPluginServer();
  process.stdout.write(`${server.port}\n`);
  const stop = () => {
    void server.stop().then(() => process.exit(0));
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`fatal: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
