/** `pulumi-tencentcloud-chat probe`: runs the live probe with settings from the environment. */
import { NOT_CHECKABLE } from "./checks/not-checkable";
import { PROBE_ENV, readProbeEnvironment } from "./environment";
import { runProbe } from "./run";

const USAGE = `Usage: pulumi-tencentcloud-chat probe [--skip-unless-configured]

Checks the emulator's assumptions against a real app: creates a temporary official account with a unique
ID (@TOA#_probe-…), checks each assumption, destroys every account it created, and prints a report.
It never modifies or destroys an account it did not create.

Environment (all required):
  ${PROBE_ENV.sdkAppId}, ${PROBE_ENV.secretKey},
  ${PROBE_ENV.region} (or ${PROBE_ENV.endpoint}),
  ${PROBE_ENV.owner} (an imported user account, owner of the temporary accounts)
  ${PROBE_ENV.identifier} (optional, default administrator)

  --skip-unless-configured   without the environment, say so and exit 0 (npm run test:live)

Some assumptions are reported "not checkable", each with its reason. The rate limit (A-RATE-SCOPE) is one, on
purpose: ${NOT_CHECKABLE["A-RATE-SCOPE"]!.replace(/^not checked on purpose: /, "")}.

Exit code: 0 nothing refuted, 1 an assumption refuted, 2 usage or settings, 3 an account left behind
(including one whose create got no reply: the report names it).
`;

export interface ProbeCommandIo {
  env: Readonly<Record<string, string | undefined>>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const processIo: ProbeCommandIo = {
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

export async function runProbeCommand(argv: readonly string[], io: ProbeCommandIo = processIo): Promise<number> {
  const flags = new Set(argv);
  if (flags.has("--help") || flags.has("-h")) {
    io.stdout(USAGE);
    return 0;
  }
  const unknown = argv.filter((arg) => arg !== "--skip-unless-configured");
  if (unknown.length > 0) {
    io.stderr(`error: unknown argument ${JSON.stringify(unknown[0])}\n${USAGE}`);
    return 2;
  }
  const environment = readProbeEnvironment(io.env);
  if (environment.kind === "missing") {
    const message = `live probe not run: set ${environment.names.join(", ")}\n`;
    if (flags.has("--skip-unless-configured")) {
      io.stdout(`SKIPPED: ${message}`);
      return 0;
    }
    io.stderr(`error: ${message}`);
    return 2;
  }
  if (environment.kind === "invalid") {
    io.stderr(`error: ${environment.problems.join("; ")}\n`);
    return 2;
  }
  const result = await runProbe({ connection: environment.connection, owner: environment.owner });
  io.stdout(result.report);
  if (result.leftBehind.length > 0) return 3;
  return result.verdicts.some((verdict) => verdict.status === "refuted") ? 1 : 0;
}
