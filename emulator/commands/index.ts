/** The emulated commands of `/v4/official_account_open_http_svc/{command}`. */
import type { CommandHandler } from "./context";
import { createOfficialAccount } from "./create";
import { destroyOfficialAccount } from "./destroy";
import { getOfficialAccountInfo } from "./get-info";
import { modifyOfficialAccountBaseInfo } from "./modify";
import { addSubscriber, deleteSubscriber } from "./subscribers";

export type { CommandContext, CommandHandler } from "./context";

/** Path prefix of every official-account command. */
export const SERVICE_PATH = "/v4/official_account_open_http_svc/";

export const COMMANDS: Readonly<Record<string, CommandHandler>> = {
  create_official_account: createOfficialAccount,
  destroy_official_account: destroyOfficialAccount,
  modify_official_account_base_info: modifyOfficialAccountBaseInfo,
  get_official_account_info: getOfficialAccountInfo,
  add_subscriber: addSubscriber,
  delete_subscriber: deleteSubscriber,
};

/** The REST commands the emulator serves. */
export const COMMAND_NAMES: readonly string[] = Object.keys(COMMANDS);

/** The command named by a path of the official-account service, if the path has that shape. */
export function commandFromPath(path: string): string | undefined {
  if (!path.startsWith(SERVICE_PATH)) return undefined;
  const name = path.slice(SERVICE_PATH.length);
  return /^[A-Za-z0-9_]+$/.test(name) ? name : undefined;
}
