/**
 * modify_official_account_base_info (tencentcloud.com/document/product/1047/60757).
 * Official_Account required; Name, Introduction, FaceUrl, Organization, CustomString, MaxSubscriberNum
 * optional. Response: the envelope only. "" clears a text field (A-EMPTY-CLEARS); a body with only
 * Official_Account is accepted and changes nothing (A-MODIFY-NOTHING).
 */
import { CODES } from "../codes";
import { requireAccountRef, WireFailure } from "../validation";
import { readProfileFields } from "../wire";
import type { CommandHandler } from "./context";

export const modifyOfficialAccountBaseInfo: CommandHandler = (context, body) => {
  const id = requireAccountRef(body);
  const fields = readProfileFields(body);
  if (!context.store.has(context.sdkAppId, id)) throw new WireFailure(CODES.accountMissing, "");
  context.store.patch(context.sdkAppId, id, fields);
  return {};
};
