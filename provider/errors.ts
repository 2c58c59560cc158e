/**
 * Errors the resource raises itself (the Chat client has its own in chat/errors.ts). Same conventions: a
 * stable `code`, structured fields, and an `instanceof` that checks a `Symbol.for` brand so it holds across
 * duplicate copies of the package (the host may load one copy, the program another).
 */

export type ProviderErrorCode =
  | "TCHAT_SETTINGS_MISSING"
  | "TCHAT_SETTINGS_INVALID"
  | "TCHAT_INPUTS_INVALID"
  | "TCHAT_ACCOUNT_NOT_FOUND";

const kProviderError = Symbol.for("pulumi-tencentcloud-chat.provider-error");

export class ProviderError extends Error {
  readonly code: ProviderErrorCode;

  constructor(code: ProviderErrorCode, message: string) {
    super(message);
    this.name = "ProviderError";
    this.code = code;
    Object.defineProperty(this, kProviderError, { value: true });
  }

  static [Symbol.hasInstance](instance: unknown): boolean {
    return typeof instance === "object" && instance !== null && (instance as Record<symbol, unknown>)[kProviderError] === true;
  }
}

/** A stack setting is missing or unusable. Never carries the value of a secret. */
export class SettingsError extends ProviderError {
  /** The stack config key, e.g. `tencentcloud-chat:secretKey`. */
  readonly setting: string;
  /** The environment variable that can stand in for it. */
  readonly envVar: string;

  constructor(code: "TCHAT_SETTINGS_MISSING" | "TCHAT_SETTINGS_INVALID", fields: { setting: string; envVar: string; message: string }) {
    super(code, fields.message);
    this.name = "SettingsError";
    this.setting = fields.setting;
    this.envVar = fields.envVar;
  }
}

/** Inputs that `check` would have refused reached create/update directly (in-process use without `check`). */
export class InputsError extends ProviderError {
  readonly failures: ReadonlyArray<{ property: string; reason: string }>;

  constructor(failures: ReadonlyArray<{ property: string; reason: string }>) {
    super("TCHAT_INPUTS_INVALID", `Invalid OfficialAccountProfile inputs: ${failures.map((failure) => failure.reason).join("; ")}`);
    this.name = "InputsError";
    this.failures = failures;
  }
}

/** `create` adopts an existing account; this one does not exist in the app. */
export class AccountNotFoundError extends ProviderError {
  readonly officialAccount: string;
  readonly sdkAppId: number;

  constructor(fields: { officialAccount: string; sdkAppId: number }) {
    super(
      "TCHAT_ACCOUNT_NOT_FOUND",
      `Official account ${fields.officialAccount} does not exist in SDKAppID ${fields.sdkAppId} (Tencent error 130004). ` +
        "OfficialAccountProfile does not create accounts: it adopts one that already exists. Create it first in the " +
        "Chat console or with create_official_account (e.g. this package's client createAccount or the emulator), " +
        "then run the update again; or check the ID, the SDKAppID and the region.",
    );
    this.name = "AccountNotFoundError";
    this.officialAccount = fields.officialAccount;
    this.sdkAppId = fields.sdkAppId;
  }
}
