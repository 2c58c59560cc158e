import { ChatConfigError } from "./errors";
import type { ChatConnection } from "./types";

/** Fails early, with the setting named, on a connection no request could succeed with. */
export function assertConnection(connection: ChatConnection): void {
  if (!Number.isSafeInteger(connection.sdkAppId) || connection.sdkAppId <= 0) {
    throw new ChatConfigError({
      setting: "sdkAppId",
      detail: `must be a positive integer, got ${String(connection.sdkAppId)}`,
      hint: "Copy the SDKAppID of the app from the Chat console (e.g. 1400000000).",
    });
  }
  if (typeof connection.secretKey !== "string" || connection.secretKey.length === 0) {
    throw new ChatConfigError({
      setting: "secretKey",
      detail: "is missing",
      hint: "Set the app's secret key (tencentcloud-chat:secretKey as a secret, or TENCENTCLOUD_CHAT_SECRET_KEY).",
    });
  }
  if (connection.identifier !== undefined && connection.identifier.length === 0) {
    throw new ChatConfigError({
      setting: "identifier",
      detail: "is empty",
      hint: "Set identifier to an app admin account, or leave it out for 'administrator'.",
    });
  }
}
