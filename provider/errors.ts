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
  | "TCHAT_UPDATE_OUTCOME_UNKNOWN"
  | "TCHAT_ACCOUNT_ID_TAKEN"
  | "TCHAT_OWNER_NOT_IMPORTED"
  | "TCHAT_CREATE_UNCONFIRMED";

const kProviderError = Symbol.for("pulumi-tencentcloud-chat.provider-error");

/**
 * Base class of the resource's own errors, with a stable `code` (docs/errors.md). `instanceof` checks a
 * `Symbol.for` brand, so it also matches errors from another copy of the package.
 */
export class ProviderError extends Error {
  readonly code: ProviderErrorCode;

  constructor(code: ProviderErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "ProviderError";
    this.code = code;
    Object.defineProperty(this, kProviderError, { value: true });
  }

  /** True for any error with this package's provider-error brand, whichever copy of the package made it. */
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

  constructor(failures: ReadonlyArray<{ property: string; reason: string }>, resource = "OfficialAccountProfile") {
    super("TCHAT_INPUTS_INVALID", `Invalid ${resource} inputs: ${failures.map((failure) => failure.reason).join("; ")}`);
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
  /** Their types, in the same order (`OfficialAccount` or `OfficialAccountProfile`). */
  readonly resourceTypes: readonly [string, string];

  constructor(fields: {
    officialAccount: string;
    sdkAppId: string | undefined;
    resources: readonly [string, string];
    resourceTypes: readonly [string, string];
  }) {
    const [first, second] = fields.resources;
    const [firstType, secondType] = fields.resourceTypes;
    super(
      "TCHAT_ACCOUNT_DECLARED_TWICE",
      `Official account ${fields.officialAccount}${fields.sdkAppId !== undefined ? ` of SDKAppID ${fields.sdkAppId}` : ""} is declared by ` +
        `two resources, ${firstType} "${first}" and ${secondType} "${second}". An account can have one owner: the two would ` +
        `overwrite each other on every update. Keep one declaration; if you renamed a resource, keep the new name and ` +
        `add \`aliases: [{ name: "<old name>" }]\` to its options instead of declaring both.`,
    );
    this.name = "AccountDeclaredTwiceError";
    this.officialAccount = fields.officialAccount;
    this.sdkAppId = fields.sdkAppId;
    this.resources = [first, second];
    this.resourceTypes = [firstType, secondType];
  }
}

/** Which step failed part-way: `create` (adopted, then the change failed) or `update` (the change may have applied). */
export type PartialFailureStep = "create" | "update";

/**
 * A create or update that failed after the account was touched, thrown with `id`, `properties` and `reasons`:
 * the dynamic-provider host turns such an error into ErrorResourceInitFailed for Create and Update
 * (cmd/dynamic-provider `grpcResponseFromError`; docs/semantics.md, When a change fails part-way), and the engine records `properties` as the
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

/** Tencent error codes behind the two errors below (chat/error-codes.ts has their hints). */
export const ACCOUNT_ID_TAKEN = 130008;
/** "请求的用户账号没有导入即时通信 IM 系统" (REST common codes); the code create answers for it is UNCONFIRMED (docs/errors.md). */
export const ACCOUNT_NOT_IMPORTED = 70107;

/** `OfficialAccount` create: the ID is already used in the app, by an account this resource did not create. */
export class AccountIdTakenError extends ProviderError {
  readonly officialAccount: string;
  readonly sdkAppId: number;
  readonly errorCode = ACCOUNT_ID_TAKEN;

  constructor(fields: { officialAccount: string; sdkAppId: number; cause: unknown }) {
    super(
      "TCHAT_ACCOUNT_ID_TAKEN",
      `Official account ID ${fields.officialAccount} is already in use in SDKAppID ${fields.sdkAppId} (Tencent error 130008), ` +
        "so OfficialAccount did not create it. Pick another officialAccount ID (or leave it out to get a generated one), " +
        "or, to manage the existing account without owning its life, declare it with OfficialAccountProfile instead. " +
        "If you renamed the resource that created this account, it is still yours: keep the new name and add " +
        '`aliases: [{ name: "<old name>" }]` to its options, so Pulumi moves the resource instead of creating it again.',
      { cause: fields.cause },
    );
    this.name = "AccountIdTakenError";
    this.officialAccount = fields.officialAccount;
    this.sdkAppId = fields.sdkAppId;
  }
}

/** `OfficialAccount` create: the owner is not a user of the app. */
export class OwnerNotImportedError extends ProviderError {
  readonly ownerAccount: string;
  readonly sdkAppId: number;
  readonly errorCode = ACCOUNT_NOT_IMPORTED;

  constructor(fields: { ownerAccount: string; sdkAppId: number; cause: unknown }) {
    super(
      "TCHAT_OWNER_NOT_IMPORTED",
      `ownerAccount ${fields.ownerAccount} is not an imported user of SDKAppID ${fields.sdkAppId} (Tencent error 70107): ` +
        "an official account's owner must be a Chat user. Import it first with the REST API v4/im_open_login_svc/account_import " +
        "(or pick an owner that already exists), then run `pulumi up` again.",
      { cause: fields.cause },
    );
    this.name = "OwnerNotImportedError";
    this.ownerAccount = fields.ownerAccount;
    this.sdkAppId = fields.sdkAppId;
  }
}

/**
 * `OfficialAccount` create: the client could not tell whether the account was created (every reply and every
 * look-up after it lost, until the deadline). Thrown with `id`, `properties` and `reasons`, so the engine keeps the
 * resource in state with its ID (ErrorResourceInitFailed, as for ProfileChangeFailedError): the next `up` looks the
 * account up and creates it only if it is missing. Without this, an autonamed account would get a new ID at the
 * next `up` and a second account could be made.
 */
export class AccountCreateUnconfirmedError extends ProviderError {
  readonly id: string;
  readonly officialAccount: string;
  readonly sdkAppId: number;
  readonly properties: Record<string, unknown>;
  readonly reasons: string[];

  constructor(fields: { id: string; officialAccount: string; sdkAppId: number; properties: Record<string, unknown>; cause: unknown }) {
    const reason = (fields.cause instanceof Error ? fields.cause.message : String(fields.cause)).replace(/\.+$/, "");
    super(
      "TCHAT_CREATE_UNCONFIRMED",
      `Whether official account ${fields.officialAccount} was created in SDKAppID ${fields.sdkAppId} is unknown: ${reason}. ` +
        "The resource is kept in state with this ID; the next `pulumi up` looks the account up and creates it only if it is missing.",
      { cause: fields.cause },
    );
    this.name = "AccountCreateUnconfirmedError";
    this.id = fields.id;
    this.officialAccount = fields.officialAccount;
    this.sdkAppId = fields.sdkAppId;
    this.properties = fields.properties;
    this.reasons = [reason];
  }
}
