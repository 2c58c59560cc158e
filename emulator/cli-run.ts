/**
 * The `emulator` subcommand: start, print the base URL on the first stdout line, stop on SIGINT/SIGTERM.
 * Only the generated sample app's key is printed (it exists only here); keys given with --app never are.
 */
import { CliUsageError, EMULATOR_USAGE, parseEmulatorArgs } from "./cli-args";
import { startEmulator } from "./index";
import type { RequestLogEntry } from "./types";

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

function describe(entry: RequestLogEntry): string {
  const outcome = entry.fault ? `fault ${entry.fault}${entry.faultAfterApply ? " after apply" : ""}` : `ErrorCode ${entry.resultCode ?? "-"}`;
  return `#${entry.seq} ${entry.method} ${entry.command ?? entry.path} app ${entry.sdkAppId ?? "-"} → HTTP ${entry.httpStatus ?? "-"} ${outcome}`;
}

/** Runs until a signal arrives; resolves with the exit code. */
export async function runEmulatorCommand(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  let settings;
  try {
    settings = parseEmulatorArgs(argv);
  } catch (error) {
    if (error instanceof CliUsageError) {
      io.err(`error: ${error.message}`);
      return 2;
    }
    throw error;
  }
  if (settings.help) {
    io.out(EMULATOR_USAGE);
    return 0;
  }
  const emulator = await startEmulator({
    ...settings.options,
    ...(settings.logRequests ? { onRequest: (entry: RequestLogEntry) => io.err(describe(entry)) } : {}),
  });
  io.out(emulator.url);
  for (const app of settings.options.apps) {
    const service = app.officialAccountService === false ? "off" : "on";
    io.out(`app ${app.sdkAppId} admins ${(app.admins ?? ["administrator"]).join(",")} official-account service ${service}`);
  }
  if (settings.sampleApp) {
    io.out(`sample app: sdkAppId ${settings.sampleApp.sdkAppId}, identifier administrator, secret key ${settings.sampleApp.secretKey}`);
  }
  if (settings.options.statePath) io.out(`state file ${settings.options.statePath}`);
  io.out(`emulator controls under ${emulator.url}/__emulator/ (state, requests, faults, reset, accounts)`);

  return new Promise((resolve) => {
    const stop = (): void => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      emulator.close().then(
        () => resolve(0),
        () => resolve(1),
      );
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}
