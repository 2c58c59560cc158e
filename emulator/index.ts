/**
 * Local emulator of the Tencent Cloud Chat official-account REST API (`/v4/official_account_open_http_svc/*`),
 * for tests, demos and users' own CI. See docs/emulator.md.
 */
import { EmulatorInstance } from "./emulator";
import type { Emulator, EmulatorOptions } from "./types";

export type {
  CreateAccountInput,
  Emulator,
  EmulatorAppConfig,
  EmulatorOptions,
  EmulatorStore,
  FaultConfig,
  FaultKind,
  FaultRule,
  ItemErrorStyle,
  ProfileFields,
  RequestLogEntry,
  StoredAccount,
} from "./types";
export { ASSUMPTIONS, renderAssumptionsTable, type Assumption } from "./assumptions";
export { CODES } from "./codes";
export { CHECK_ORDER } from "./router";
export { FAULT_KINDS } from "./faults";
export { EmulatorStoreError, DEFAULT_MAX_SUBSCRIBER_NUM, type StoreErrorCode } from "./store";
export { ADMIN_PREFIX, ADMIN_ROUTES } from "./admin";
export { SERVICE_PATH, COMMAND_NAMES } from "./commands";
export { LIMITS } from "./validation";
export { MASK } from "./request-log";

/** Starts an emulator listening on `host:port` (default 127.0.0.1, any free port). */
export async function startEmulator(options: EmulatorOptions): Promise<Emulator> {
  const emulator = new EmulatorInstance(options);
  await emulator.listen();
  return emulator;
}
