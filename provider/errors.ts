/**
 * Errors the resource raises itself (the Chat client has its own in chat/errors.ts). Same conventions: a
 * stable `code`, structured fields, and an `instanceof` that checks a `Symbol.for` brand so it holds across
 * duplicate copies of the package (the host may load one copy, the program another).
 */

export type ProviderErrorCode =
  | "TCHAT_SETTINGS_MISSING"
  | "TCHAT_SETTINGS_INVALID"
  | "TCHAT_INPUTS_INVALID"
  | "TCHAT_ACCOUNT_NOT_FOUND"
  | "TCHAT_ACCOUNT_DECLARED_TWICE"
  | "TCHAT_ADOPTED_CHANGE_FAILED"
  | "TCHAT_UPDATE_OUTCOME_UNKNOWN";

const kProviderError = Symbol.for("pulumi-tencentcloud-chat.provider-error");

export class ProviderError extends Error {
  readonly code: ProviderErrorCode;

  constructor(code: ProviderErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
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

  /** `inState`: the resource is in state (marked gone by 0.1.0) rather than being created. */
  constructor(fields: { officialAccount: string; sdkAppId: number; inState?: boolean }) {
    super(
      "TCHAT_ACCOUNT_NOT_FOUND",
      `Official account ${fields.officialAccount} does not exist in SDKAppID ${fields.sdkAppId} (Tencent error 130004). ` +
        (fields.inState
          ? "The stack still holds it from an earlier refresh that marked it gone: run `pulumi refresh` to drop it " +
            "from state, then create the account again (Chat console or create_official_account) if you want it managed."
          : "OfficialAccountProfile does not create accounts: it adopts one that already exists. Create it first in the " +
            "Chat console or with create_official_account (e.g. this package's client createAccount or the emulator), " +
            "then run the update again; or check the ID, the SDKAppID and the region."),
    );
    this.name = "AccountNotFoundError";
    this.officialAccount = fields.officialAccount;
    this.sdkAppId = fields.sdkAppId;
  }
}

/**
 * Two resources of one stack declare the same (app, account): they would overwrite each other on every `up`.
 * Raised in the program process, when the second one registers.
 */
export class AccountDeclaredTwiceError extends ProviderError {
  readonly officialAccount: string;
  /** The app as resolved in the program (decimal text), or undefined when none was set. */
  readonly sdkAppId: string | undefined;
  /** The resource names: the one that declared it first, then the one refused. */
  readonly resources: readonly [string, string];

  constructor(fields: { officialAccount: string; sdkAppId: string | undefined; resources: readonly [string, string] }) {
    const [first, second] = fields.resources;
    super(
      "TCHAT_ACCOUNT_DECLARED_TWICE",
      `Official account ${fields.officialAccount}${fields.sdkAppId !== undefined ? ` of SDKAppID ${fields.sdkAppId}` : ""} is declared by ` +
        `two OfficialAccountProfile resources, "${first}" and "${second}". An account can have one owner: the two would ` +
        `overwrite each other on every update. Keep one declaration; if you renamed a resource, keep the new name and ` +
        `add \`aliases: [{ name: "<old name>" }]\` to its options instead of declaring both.`,
    );
    this.name = "AccountDeclaredTwiceError";
    this.officialAccount = fields.officialAccount;
    this.sdkAppId = fields.sdkAppId;
    this.resources = [first, second];
  }
}

/** Which step failed part-way: `create` (adopted, then the change failed) or `update` (the change may have applied). */
export type PartialFailureStep = "create" | "update";

/**
 * A create or update that failed after the account was touched, thrown with `id`, `properties` and `reasons`:
 * the dynamic-provider host turns such an error into ErrorResourceInitFailed for Create and Update
 * (cmd/dynamic-provider `grpcResponseFromError`; reference §3.2), and the engine records `properties` as the
 * resource's outputs. So state keeps the adopted account (create) and never claims a value the account may
 * not hold: fields whose change is in doubt are left out of `properties`, so the next diff resends them.
 */
export class ProfileChangeFailedError extends ProviderError {
  readonly step: PartialFailureStep;
  readonly id: string;
  /** The outputs to keep, `__provider` included (the host does not add it to these). */
  readonly properties: Record<string, unknown>;
  readonly reasons: string[];
  /** Fields whose change may or may not have applied; absent from `properties`. */
  readonly inDoubtFields: string[];

  constructor(fields: {
    step: PartialFailureStep;
    cause: unknown;
    id: string;
    officialAccount: string;
    sdkAppId: number;
    properties: Record<string, unknown>;
    inDoubtFields: readonly string[];
  }) {
    const reason = (fields.cause instanceof Error ? fields.cause.message : String(fields.cause)).replace(/\.+$/, "");
    const account = `official account ${fields.officialAccount} (SDKAppID ${fields.sdkAppId})`;
    const doubt =
      fields.inDoubtFields.length > 0
        ? ` Whether ${fields.inDoubtFields.join(", ")} changed is unknown (the reply was lost), so state does not record ${fields.inDoubtFields.length > 1 ? "them" : "it"} and the next \`pulumi up\` sends ${fields.inDoubtFields.length > 1 ? "them" : "it"} again.`
        : "";
    const message =
      fields.step === "create"
        ? `Adopted ${account}, but changing its profile failed: ${reason}. The resource is kept in state with the values it had; the next \`pulumi up\` retries the change.${doubt}`
        : `Updating the profile of ${account} may or may not have applied: ${reason}.${doubt}`;
    super(fields.step === "create" ? "TCHAT_ADOPTED_CHANGE_FAILED" : "TCHAT_UPDATE_OUTCOME_UNKNOWN", message, { cause: fields.cause });
    this.name = "ProfileChangeFailedError";
    this.step = fields.step;
    this.id = fields.id;
    this.properties = fields.properties;
    this.reasons = [reason];
    this.inDoubtFields = [...fields.inDoubtFields];
  }
}
