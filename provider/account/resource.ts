import * as pulumi from "@pulumi/pulumi";
import type { RegionName } from "../chat/types";
import { claimedOfficialAccount } from "../ownership";
import type { ProfileFieldName } from "../profile";
import type { AppArgs, ProfileFieldArgs } from "../resource-args";
import { suspendStackTraces, withCallerStack } from "../stack-traces";
import type { AccountOutputs } from "./outputs";

// As for the profile (../resource.ts): the provider is the lifecycle module's exports object, loaded with
// `require`, so the closure serializer writes one `require("pulumi-tencentcloud-chat/account-lifecycle")` into
// __provider (docs/architecture.md).
const provider: typeof import("./lifecycle") = require("./lifecycle");

/**
 * Inputs of {@link OfficialAccount}. The profile fields have the same limits and meaning as on
 * OfficialAccountProfile; a field left out is not managed (the server default applies at creation).
 */
export interface OfficialAccountArgs extends ProfileFieldArgs, AppArgs {
  /**
   * The owner: a Chat user of the app (an account imported with `v4/im_open_login_svc/account_import`), at most
   * 32 bytes of printable ASCII. No API changes an owner: changing it replaces the account (destroying it first).
   */
  ownerAccount: pulumi.Input<string>;
  /** Display name, at most 150 bytes; required by create_official_account. */
  name: pulumi.Input<string>;
  /**
   * A custom ID (`@TOA#_…`, printable ASCII, at most 48 bytes, not `@TOA#_@TOA#…`). Left out, one is derived
   * from the resource name plus a random suffix (`@TOA#_support-3f9c2a1`) and kept for the resource's life.
   * Changing it replaces the account (destroying it first).
   */
  officialAccount?: pulumi.Input<string>;
}

/** Outputs of {@link OfficialAccount}: the ID, the owner, every managed field, the app and the read-only facts. */
export type OfficialAccountOutputs = AccountOutputs;

/**
 * A Tencent Cloud Chat official account, created by `pulumi up` and destroyed (with its subscribers and messages)
 * by `pulumi destroy` or by a replacement. Use `protect: true` where that must not happen by accident. To manage
 * an account made elsewhere without owning its life, use OfficialAccountProfile (docs/resources.md).
 */
export class OfficialAccount extends pulumi.dynamic.Resource {
  declare readonly officialAccount: pulumi.Output<string>;
  declare readonly ownerAccount: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly introduction: pulumi.Output<string | undefined>;
  declare readonly faceUrl: pulumi.Output<string | undefined>;
  declare readonly organization: pulumi.Output<string | undefined>;
  declare readonly customString: pulumi.Output<string | undefined>;
  declare readonly maxSubscriberNum: pulumi.Output<number | undefined>;
  declare readonly sdkAppId: pulumi.Output<number>;
  /** As declared on this resource; undefined when it declares none (the stack's setting then applies at each step). */
  declare readonly region: pulumi.Output<RegionName | undefined>;
  /** As declared on this resource; undefined when it declares none (like `region`). */
  declare readonly endpoint: pulumi.Output<string | undefined>;
  /** Read-only facts: 0 subscribers at creation; the rest as last read (refresh). */
  declare readonly subscriberNum: pulumi.Output<number | undefined>;
  /** Unix seconds. */
  declare readonly createTime: pulumi.Output<number | undefined>;
  /** Unix seconds. */
  declare readonly lastMsgTime: pulumi.Output<number | undefined>;
  declare readonly managedFields: pulumi.Output<ProfileFieldName[]>;
  /** True while an earlier create's outcome is unknown; the next `up` settles it (docs/resources.md). */
  declare readonly createUnconfirmed: pulumi.Output<boolean | undefined>;

  constructor(name: string, args: OfficialAccountArgs, opts?: pulumi.CustomResourceOptions) {
    // Every output key must be present (undefined is enough) for the SDK to create its Output property.
    const props: Record<keyof OfficialAccountOutputs, unknown> = {
      officialAccount: undefined,
      ownerAccount: undefined,
      name: undefined,
      introduction: undefined,
      faceUrl: undefined,
      organization: undefined,
      customString: undefined,
      maxSubscriberNum: undefined,
      sdkAppId: undefined,
      region: undefined,
      endpoint: undefined,
      subscriberNum: undefined,
      createTime: undefined,
      lastMsgTime: undefined,
      managedFields: undefined,
      createUnconfirmed: undefined,
    };
    // One owner per account, shared with OfficialAccountProfile: a second declaration of the same (app, account)
    // in this stack fails its registration (../ownership.ts). A generated ID is unique by construction.
    const officialAccount = args.officialAccount === undefined ? undefined : claimedOfficialAccount({ type: "OfficialAccount", name, parent: opts?.parent }, args.officialAccount, args.sdkAppId);
    // `resourceName` lets check derive an ID: the dynamic-provider host passes check no URN.
    const resumeStackTraces = suspendStackTraces(); // see ../stack-traces.ts
    try {
      super(provider, name, { ...props, ...args, officialAccount, resourceName: name }, opts, "tencentcloud-chat", "OfficialAccount");
    } catch (error) {
      resumeStackTraces();
      throw withCallerStack(error);
    } finally {
      resumeStackTraces();
    }
  }
}
