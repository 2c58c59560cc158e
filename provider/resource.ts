import * as pulumi from "@pulumi/pulumi";
import type { ProfileFields, RegionName } from "./chat/types";
import type { ProfileOutputs } from "./outputs";
import { claimedOfficialAccount } from "./ownership";
import type { DeletePolicy, ProfileFieldName } from "./profile";
import type { AppArgs, ProfileFieldArgs } from "./resource-args";
import { suspendStackTraces, withCallerStack } from "./stack-traces";

// The provider is the lifecycle module's exports object itself, loaded with `require` (not `import`, whose
// interop helper could hand back a copy): the closure serializer recognizes a module's exports object from
// node_modules and writes one `require("pulumi-tencentcloud-chat/lifecycle")` into __provider instead of
// inlining code, so state stays small and refresh/destroy run the installed code (docs/architecture.md, decision 1).
const provider: typeof import("./lifecycle") = require("./lifecycle");

/**
 * Inputs of {@link OfficialAccountProfile}. A profile field left out is not managed: never sent, never
 * diffed. An empty string is a value: it clears the field. Byte limits are UTF-8 bytes (a Chinese character
 * is 3 bytes, an emoji 4).
 */
export interface OfficialAccountProfileArgs extends ProfileFieldArgs, AppArgs {
  /**
   * The ID of an existing official account (`Official_Account`), e.g. `@TOA#_support` or a server-assigned
   * `@TOA#_@TOA#dOEF`. Starts with `@TOA#_`, printable ASCII (0x20–0x7e), at most 48 bytes. Changing it
   * replaces the resource.
   */
  officialAccount: pulumi.Input<string>;
  /** Display name, at most 150 bytes. Cannot be "". */
  name?: pulumi.Input<string>;
  /**
   * What removing the resource does: `"retain"` (default) leaves the account as it is; `"restore"` puts
   * back the values the managed fields had when the stack adopted the account.
   */
  deletePolicy?: pulumi.Input<DeletePolicy>;
}

/** The resource's outputs, as stored in state. */
export type OfficialAccountProfileOutputs = ProfileOutputs;

/**
 * Manages the profile of an existing Tencent Cloud Chat official account. Creating the resource adopts the
 * account (official accounts are created in the console or with `create_official_account`); deleting it
 * leaves the account in place.
 */
export class OfficialAccountProfile extends pulumi.dynamic.Resource {
  declare readonly officialAccount: pulumi.Output<string>;
  /** The managed fields as applied (undefined when not managed). */
  declare readonly name: pulumi.Output<string | undefined>;
  declare readonly introduction: pulumi.Output<string | undefined>;
  declare readonly faceUrl: pulumi.Output<string | undefined>;
  declare readonly organization: pulumi.Output<string | undefined>;
  declare readonly customString: pulumi.Output<string | undefined>;
  declare readonly maxSubscriberNum: pulumi.Output<number | undefined>;
  declare readonly deletePolicy: pulumi.Output<DeletePolicy>;
  /** The app the account belongs to, resolved from the resource or the stack settings. */
  declare readonly sdkAppId: pulumi.Output<number>;
  /**
   * As declared on this resource; undefined when it declares none (the stack's setting then applies at each
   * step). State written by 0.1.0 may hold the region it resolved, until an `up` after the stack's setting changes.
   */
  declare readonly region: pulumi.Output<RegionName | undefined>;
  /** As declared on this resource; undefined when it declares none (like `region`). */
  declare readonly endpoint: pulumi.Output<string | undefined>;
  /** Read-only facts as last read from the server. */
  declare readonly ownerAccount: pulumi.Output<string | undefined>;
  declare readonly subscriberNum: pulumi.Output<number | undefined>;
  /** Unix seconds. */
  declare readonly createTime: pulumi.Output<number | undefined>;
  /** Unix seconds. */
  declare readonly lastMsgTime: pulumi.Output<number | undefined>;
  /** The profile fields this resource manages. */
  declare readonly managedFields: pulumi.Output<ProfileFieldName[]>;
  /** The writable fields as found when the account was adopted (what `deletePolicy: "restore"` puts back). */
  declare readonly adoptedValues: pulumi.Output<ProfileFields>;

  constructor(name: string, args: OfficialAccountProfileArgs, opts?: pulumi.CustomResourceOptions) {
    // Every output key must be present (undefined is enough) for the SDK to create its Output property.
    const props: Record<keyof OfficialAccountProfileOutputs, unknown> = {
      officialAccount: undefined,
      name: undefined,
      introduction: undefined,
      faceUrl: undefined,
      organization: undefined,
      customString: undefined,
      maxSubscriberNum: undefined,
      deletePolicy: undefined,
      sdkAppId: undefined,
      region: undefined,
      endpoint: undefined,
      ownerAccount: undefined,
      subscriberNum: undefined,
      createTime: undefined,
      lastMsgTime: undefined,
      managedFields: undefined,
      adoptedValues: undefined,
    };
    // One owner per account: a second declaration of the same (app, account) fails its registration (ownership.ts).
    const officialAccount = claimedOfficialAccount({ type: "OfficialAccountProfile", name, parent: opts?.parent }, args.officialAccount, args.sdkAppId);
    const resumeStackTraces = suspendStackTraces();
    try {
      super(provider, name, { ...props, ...args, officialAccount }, opts, "tencentcloud-chat", "OfficialAccountProfile");
    } catch (error) {
      resumeStackTraces();
      throw withCallerStack(error);
    } finally {
      resumeStackTraces();
    }
  }
}

