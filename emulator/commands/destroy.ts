/**
 * destroy_official_account (tencentcloud.com/zh/document/product/1047/60756, cloud.tencent.com/document/product/269/102303).
 * Request {"Official_Account": "…"}; response: the envelope only.
 */
import { CODES } from "../codes";
import { requireAccountRef, WireFailure } from "../validation";
import type { CommandHandler } from "./context";

export const destroyOfficialAccount: CommandHandler = (context, body) => {
  const id = requireAccountRef(body);
  if (!context.store.destroy(context.sdkAppId, id)) throw new WireFailure(CODES.accountMissing, "");
  return {};
};
