/**
 * `pulumi-tencentcloud-chat emulator [flags]` → EmulatorOptions. Pure, so it is tested without a process.
 */
import { createPrng, mixSeed } from "./prng";
import { FAULT_KINDS, validateFaultConfig } from "./faults";
import { DEFAULT_SEED } from "./emulator";
import type { EmulatorAppConfig, EmulatorOptions, FaultConfig, FaultKind, FaultRule, ItemErrorStyle } from "./types";

export const SAMPLE_SDK_APP_ID = 1400000001;
const SAMPLE_KEY_STREAM = 4;
const AFTER_APPLY_SUFFIX = "-after-apply";

export const EMULATOR_USAGE = `Usage: pulumi-tencentcloud-chat emulator [flags]

Starts a local Tencent Cloud Chat official-account API on 127.0.0.1 and prints its base URL on the first
line of stdout. Stop it with Ctrl-C (SIGINT) or SIGTERM.

  --host HOST                    listen address (default 127.0.0.1)
  --port N                       port, 0 = any free port (default 0)
  --app ID:KEY[:ADMIN1,ADMIN2]   an app (repeatable); admins default to "administrator".
                                 Without --app a sample app ${SAMPLE_SDK_APP_ID} is created and its key printed.
  --service-off ID               the app's official-account service is off (answers 131000)
  --seed N                       seed of assigned IDs, fault decisions, the sample key (default ${DEFAULT_SEED})
  --max-rps N                    requests per second per command per app (default 200)
  --state-file PATH              keep accounts in this JSON file across restarts
  --returns-max-subscriber-num   get_official_account_info also returns MaxSubscriberNum
  --omits-empty-fields           get_official_account_info leaves out text fields that are ""
  --item-error-style STYLE       per-item codes of get info: ErrorCode (default) or ResultCode
  --imported-accounts U1,U2      only these UserIDs count as imported owners (others: 70107)
  --latency-ms N                 added latency per request
  --jitter-ms N                  plus a uniform 0..N ms
  --fault-rate KIND=FRACTION     a fraction of requests get the fault (repeatable, or KIND=F,KIND=F)
  --fault-next KIND=COUNT        the next COUNT requests get the fault (repeatable)
  --fault-commands C1,C2         limit latency and --fault-* to these commands
  --faults-json JSON             a whole FaultConfig (see docs/emulator.md); other fault flags add to it
  --log-requests                 one line per request on stderr (usersig masked)
  --help                         this text

Fault kinds: ${FAULT_KINDS.join(", ")}. Append ${AFTER_APPLY_SUFFIX} (e.g. reset${AFTER_APPLY_SUFFIX}) to run the
command first and then lose the reply.
`;

export interface EmulatorCliSettings {
  options: EmulatorOptions;
  /** Set when no --app was given: the generated sample app, whose key is printed. */
  sampleApp?: EmulatorAppConfig;
  logRequests: boolean;
  help: boolean;
}

export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CliUsageError";
  }
}

function integer(flag: string, text: string | undefined, min: number): number {
  const value = Number(text);
  if (text === undefined || text.trim() === "" || !Number.isInteger(value) || value < min) {
    throw new CliUsageError(`${flag} needs an integer ≥ ${min}, got ${text === undefined ? "nothing" : JSON.stringify(text)}`);
  }
  return value;
}

function parseApp(text: string): EmulatorAppConfig {
  const [idText, secretKey, adminList, ...rest] = text.split(":");
  if (!idText || !secretKey || rest.length > 0) {
    throw new CliUsageError(`--app needs ID:KEY[:ADMIN1,ADMIN2], got an invalid value for app ${idText ?? ""}`);
  }
  const app: EmulatorAppConfig = { sdkAppId: integer("--app ID", idText, 1), secretKey };
  if (adminList) app.admins = adminList.split(",").filter((a) => a !== "");
  return app;
}

function parseKind(text: string): { kind: FaultKind; afterApply: boolean } {
  const afterApply = text.endsWith(AFTER_APPLY_SUFFIX);
  const kind = (afterApply ? text.slice(0, -AFTER_APPLY_SUFFIX.length) : text) as FaultKind;
  if (!FAULT_KINDS.includes(kind)) {
    throw new CliUsageError(`unknown fault kind ${JSON.stringify(text)}; kinds: ${FAULT_KINDS.join(", ")} (optionally with ${AFTER_APPLY_SUFFIX})`);
  }
  return { kind, afterApply };
}

function parseFaultPairs(flag: string, text: string, amount: "rate" | "count"): FaultRule[] {
  return text.split(",").map((pair) => {
    const [kindText, valueText] = pair.split("=");
    if (!kindText || valueText === undefined) throw new CliUsageError(`${flag} needs KIND=${amount === "rate" ? "FRACTION" : "COUNT"}, got ${JSON.stringify(pair)}`);
    const { kind, afterApply } = parseKind(kindText);
    const rule: FaultRule = { kind, ...(afterApply ? { afterApply } : {}) };
    if (amount === "rate") {
      const rate = Number(valueText);
      if (valueText.trim() === "" || !(rate >= 0 && rate <= 1)) throw new CliUsageError(`${flag} ${kindText} needs a fraction from 0 to 1, got ${JSON.stringify(valueText)}`);
      rule.rate = rate;
    } else {
      rule.count = integer(`${flag} ${kindText}`, valueText, 0);
    }
    return rule;
  });
}

/** A 64-hex-character key, the shape of a console key, repeatable from the seed so a demo can restart. */
export function sampleSecretKey(seed: number): string {
  const prng = createPrng(mixSeed(seed, SAMPLE_KEY_STREAM));
  let key = "";
  for (let i = 0; i < 64; i += 1) key += "0123456789abcdef"[prng.nextInt(16)];
  return key;
}

export function parseEmulatorArgs(argv: readonly string[]): EmulatorCliSettings {
  const apps: EmulatorAppConfig[] = [];
  const serviceOff = new Set<number>();
  const options: Omit<EmulatorOptions, "apps"> = {};
  let faults: FaultConfig | undefined;
  const rules: FaultRule[] = [];
  let latencyMs: number | undefined;
  let jitterMs: number | undefined;
  let faultCommands: string[] | undefined;
  let logRequests = false;
  let help = false;

  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = argv[i + 1];
      if (next === undefined) throw new CliUsageError(`${flag} needs a value`);
      i += 1;
      return next;
    };
    switch (flag) {
      case "--help":
      case "-h":
        help = true;
        break;
      case "--host":
        options.host = value();
        break;
      case "--port":
        options.port = integer(flag, value(), 0);
        break;
      case "--app":
        apps.push(parseApp(value()));
        break;
      case "--service-off":
        serviceOff.add(integer(flag, value(), 1));
        break;
      case "--seed":
        options.seed = integer(flag, value(), 0);
        break;
      case "--max-rps":
        options.maxRequestsPerSecond = integer(flag, value(), 1);
        break;
      case "--state-file":
        options.statePath = value();
        break;
      case "--returns-max-subscriber-num":
        options.returnsMaxSubscriberNum = true;
        break;
      case "--omits-empty-fields":
        options.omitsEmptyFields = true;
        break;
      case "--imported-accounts":
        options.importedAccounts = value().split(",").filter((userId) => userId !== "");
        break;
      case "--item-error-style": {
        const style = value();
        if (style !== "ErrorCode" && style !== "ResultCode") throw new CliUsageError(`--item-error-style is ErrorCode or ResultCode, got ${JSON.stringify(style)}`);
        options.itemErrorStyle = style as ItemErrorStyle;
        break;
      }
      case "--latency-ms":
        latencyMs = integer(flag, value(), 0);
        break;
      case "--jitter-ms":
        jitterMs = integer(flag, value(), 0);
        break;
      case "--fault-rate":
        rules.push(...parseFaultPairs(flag, value(), "rate"));
        break;
      case "--fault-next":
        rules.push(...parseFaultPairs(flag, value(), "count"));
        break;
      case "--fault-commands":
        faultCommands = value().split(",").filter((c) => c !== "");
        break;
      case "--faults-json":
        try {
          faults = JSON.parse(value()) as FaultConfig;
        } catch {
          throw new CliUsageError("--faults-json is not valid JSON");
        }
        break;
      case "--log-requests":
        logRequests = true;
        break;
      default:
        throw new CliUsageError(`unknown flag ${JSON.stringify(flag)}; see --help`);
    }
  }

  let sampleApp: EmulatorAppConfig | undefined;
  if (apps.length === 0) {
    sampleApp = { sdkAppId: SAMPLE_SDK_APP_ID, secretKey: sampleSecretKey(options.seed ?? DEFAULT_SEED) };
    apps.push(sampleApp);
  }
  for (const id of serviceOff) {
    const app = apps.find((a) => a.sdkAppId === id);
    if (!app) throw new CliUsageError(`--service-off ${id}: no such app`);
    app.officialAccountService = false;
  }

  if (faults || rules.length > 0 || latencyMs !== undefined || jitterMs !== undefined || faultCommands) {
    const merged: FaultConfig = { ...(faults ?? {}) };
    if (latencyMs !== undefined) merged.latencyMs = latencyMs;
    if (jitterMs !== undefined) merged.jitterMs = jitterMs;
    if (faultCommands) merged.commands = faultCommands;
    if (rules.length > 0) merged.rules = [...(merged.rules ?? []), ...rules];
    try {
      options.faults = validateFaultConfig(merged);
    } catch (error) {
      throw new CliUsageError((error as Error).message);
    }
  }

  return { options: { ...options, apps }, ...(sampleApp ? { sampleApp } : {}), logRequests, help };
}
