import type { AccountStore } from "../store";
import type { ItemErrorStyle } from "../types";
import type { WireBody } from "../validation";

/** What a command may use. Commands are synchronous: a decision is never split by an await. */
export interface CommandContext {
  sdkAppId: number;
  store: AccountStore;
  returnsMaxSubscriberNum: boolean;
  omitsEmptyFields: boolean;
  itemErrorStyle: ItemErrorStyle;
  /** Undefined: every valid UserID counts as imported (A-OWNER-IMPORTED). */
  importedAccounts: ReadonlySet<string> | undefined;
}

/** Returns the command's own response fields (the envelope is added by the router) or throws WireFailure. */
export type CommandHandler = (context: CommandContext, body: WireBody) => Record<string, unknown>;
