import type * as pulumi from "@pulumi/pulumi";
import type { RegionName } from "./chat/types";

/**
 * The profile fields both resources declare, with the same limits and meaning (profile.ts holds the one schema).
 * A field left out is not managed: never sent, never diffed. An empty string is a value: it clears the field.
 * Byte limits are UTF-8 bytes (a Chinese character is 3 bytes, an emoji 4); text must not hold an unpaired UTF-16
 * surrogate.
 */
export interface ProfileFieldArgs {
  /** Introduction, at most 400 bytes. */
  introduction?: pulumi.Input<string>;
  /** Avatar: an absolute http(s) URL of at most 500 bytes, or "" to clear it. */
  faceUrl?: pulumi.Input<string>;
  /** Organization, at most 500 bytes. */
  organization?: pulumi.Input<string>;
  /** Free-form data for the app (often JSON), at most 3000 bytes. */
  customString?: pulumi.Input<string>;
  /**
   * Maximum number of subscribers, an integer from 1 to 4294967295 (server default 100000). The read API may
   * not return it, so drift in this field may not be detected.
   */
  maxSubscriberNum?: pulumi.Input<number>;
}

/**
 * Which app the account belongs to, and how it is reached. Only the app is identity; region and endpoint are the
 * route, and changing them never replaces (docs/semantics.md).
 */
export interface AppArgs {
  /**
   * The app (SDKAppID) this account belongs to; default: stack config `tencentcloud-chat:sdkAppId`. Its key
   * comes from `tencentcloud-chat:secretKeys` or `TENCENTCLOUD_CHAT_SECRET_KEY_<SDKAPPID>`; failing those, the
   * plain `tencentcloud-chat:secretKey` (or `TENCENTCLOUD_CHAT_SECRET_KEY`) when this is the stack's own app or
   * the stack names no app. Changing it replaces.
   */
  sdkAppId?: pulumi.Input<number>;
  /**
   * Data-centre region of the app; default: stack config `tencentcloud-chat:region`, else `TENCENTCLOUD_CHAT_REGION`,
   * else `china`, resolved at each step (refresh and destroy included). Changing it never replaces.
   */
  region?: pulumi.Input<RegionName>;
  /**
   * Full base URL of the REST API: `https`, or plain `http` on a loopback host (the emulator); without user,
   * password, query or fragment; stored normalized (lower-case host, no trailing slash). Default: stack config
   * `tencentcloud-chat:endpoint`, else `TENCENTCLOUD_CHAT_ENDPOINT`, resolved at each step (refresh and destroy
   * included). Changing it never replaces.
   */
  endpoint?: pulumi.Input<string>;
}
