/**
 * pulumi-tencentcloud-chat: manage Tencent Cloud Chat official accounts as code.
 * The resource, its types, and the client entry points a program may want next to it. The full client is
 * at `pulumi-tencentcloud-chat/chat`, the emulator at `pulumi-tencentcloud-chat/emulator`.
 */
export { OfficialAccountProfile, type OfficialAccountProfileArgs, type OfficialAccountProfileOutputs } from "./resource";
export { OfficialAccount, type OfficialAccountArgs, type OfficialAccountOutputs } from "./account/resource";
export type { AppArgs, ProfileFieldArgs } from "./resource-args";
export type { DeletePolicy, ProfileFieldName, TextFieldName } from "./profile";
export type { ProfileOutputs } from "./outputs";
export type { AccountOutputs } from "./account/outputs";
export {
  TEXT_LIMITS_BYTES,
  OFFICIAL_ACCOUNT_PREFIX,
  OFFICIAL_ACCOUNT_MAX_BYTES,
  DELETE_POLICIES,
  PROFILE_FIELDS,
} from "./profile";
export { SETTINGS as CONFIG_SETTINGS } from "./settings";
export {
  ProviderError,
  SettingsError,
  AccountNotFoundError,
  AccountDeclaredTwiceError,
  InputsError,
  ProfileChangeFailedError,
  AccountIdTakenError,
  OwnerNotImportedError,
  type PartialFailureStep,
  type ProviderErrorCode,
} from "./errors";

export {
  getOfficialAccountClient,
  createOfficialAccountClient,
  OfficialAccountClient,
  ChatError,
  ChatApiError,
  isChatError,
  type ChatConnection,
  type CallOptions,
  type CreateAccountInput,
  type LiveProfile,
  type ProfileFields,
  type RegionName,
  type OfficialAccountClientOptions,
} from "./chat";
