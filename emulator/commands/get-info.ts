/**
 * get_official_account_info (tencentcloud.com/document/product/1047/60758, cloud.tencent.com/document/product/269/102305).
 * Request CONFIRMED: OfficialAccountIdList [{Official_Account}] (≤50), optional ResponseFilter
 * {OfficialAccountBaseInfoFilter: [...]}. Response PARTIAL: the list key OfficialAccountInfoList is from the
 * doocs SDK; the item shape is the reference's best guess (A-INFO-ITEM), switchable to ResultCode/ResultInfo.
 */
import { CODES, errorInfo } from "../codes";
import { isObject, isWellFormedAccountId, LIMITS, requireArray, WireFailure, type WireBody } from "../validation";
import { accountInfoFields } from "../wire";
import type { CommandContext, CommandHandler } from "./context";

function readIds(body: WireBody): string[] {
  const list = requireArray(body, "OfficialAccountIdList", LIMITS.getInfoMaxIds);
  return list.map((item) => {
    if (!isObject(item) || typeof item["Official_Account"] !== "string") {
      throw new WireFailure(CODES.invalidParameter, "OfficialAccountIdList items must be {\"Official_Account\": string}.");
    }
    return item["Official_Account"];
  });
}

function readFilter(body: WireBody): string[] | undefined {
  const filter = body["ResponseFilter"];
  if (filter === undefined) return undefined;
  if (!isObject(filter)) throw new WireFailure(CODES.invalidParameter, "ResponseFilter must be an object.");
  const names = filter["OfficialAccountBaseInfoFilter"];
  if (names === undefined) return undefined;
  if (!Array.isArray(names) || !names.every((n): n is string => typeof n === "string")) {
    throw new WireFailure(CODES.invalidParameter, "OfficialAccountBaseInfoFilter must be an array of strings.");
  }
  return names;
}

function itemCode(context: CommandContext, code: number): Record<string, string | number> {
  return context.itemErrorStyle === "ResultCode"
    ? { ResultCode: code, ResultInfo: errorInfo(code) }
    : { ErrorCode: code, ErrorInfo: errorInfo(code) };
}

export const getOfficialAccountInfo: CommandHandler = (context, body) => {
  const ids = readIds(body);
  const filter = readFilter(body);
  const items = ids.map((id) => {
    // Per-item codes, the whole request still OK (the doc's comment: the top-level ErrorCode is "整个请求的返回码").
    if (!isWellFormedAccountId(id)) return { Official_Account: id, ...itemCode(context, CODES.invalidAccountId) };
    const account = context.store.get(context.sdkAppId, id);
    if (!account) return { Official_Account: id, ...itemCode(context, CODES.accountMissing) };
    return {
      Official_Account: id,
      ...itemCode(context, CODES.ok),
      ...accountInfoFields(account, filter, { returnsMaxSubscriberNum: context.returnsMaxSubscriberNum, omitsEmptyFields: context.omitsEmptyFields }),
    };
  });
  return { OfficialAccountInfoList: items };
};
