/**
 * Checks of get_official_account_info on the probe's own temporary account (created with a name and
 * nothing else, so its text fields were never set) and on IDs under the run's prefix that were never created.
 */
import { CODES } from "../../emulator/codes";
import { DEFAULT_MAX_SUBSCRIBER_NUM } from "../../emulator/store";
import { PROBE_DEFAULTS } from "../defaults";
import { describeReply } from "../raw-http";
import type { Check } from "../types";
import { confirmed, getInfo, itemCode, itemFor, notCheckable, refuted, shape } from "./support";

/** The text fields a fresh account never had set (the probe creates it with a Name only). */
export const UNSET_TEXT_FIELDS = ["Introduction", "FaceUrl", "Organization", "CustomString"] as const;

export const GET_INFO_CHECKS: readonly Check[] = [
  {
    id: "A-INFO-ITEM",
    run: async (context) => {
      const ids = [context.mainId];
      const info = await getInfo(context, ids);
      const item = itemFor(info, ids, context.mainId);
      if (info.reply.errorCode !== CODES.ok || !item) return refuted(`${describeReply(info.reply)}, body ${shape(info.reply.json)}`);
      const keys = Object.keys(item).sort().join(",");
      const ok = item.Official_Account === context.mainId && item.ErrorCode === 0 && item.ErrorInfo === "" && !("ResultCode" in item);
      return ok ? confirmed(`item keys: ${keys}`) : refuted(`item keys: ${keys}; item ${shape(item)}`);
    },
  },
  {
    id: "A-INFO-MISSING",
    run: async (context) => {
      const missing = `${context.idPrefix}-never`;
      const ids = [context.mainId, missing];
      const info = await getInfo(context, ids);
      const item = itemFor(info, ids, missing);
      const seen = `${describeReply(info.reply)}; item for a never-created ID: ${shape(item)}`;
      const fieldsShown = item ? Object.keys(item).filter((key) => !["Official_Account", "ErrorCode", "ErrorInfo", "ResultCode", "ResultInfo"].includes(key)) : [];
      const ok = info.reply.errorCode === CODES.ok && itemCode(item) === CODES.accountMissing && fieldsShown.length === 0;
      return ok ? confirmed(seen) : refuted(seen);
    },
  },
  {
    id: "A-INFO-LIMIT",
    run: async (context) => {
      const tooMany = Array.from({ length: 51 }, (_, index) => `${context.idPrefix}-n${index}`);
      const over = await getInfo(context, tooMany);
      const none = await getInfo(context, []);
      const seen = `51 IDs: ${describeReply(over.reply)}; no IDs: ${describeReply(none.reply)}`;
      return over.reply.errorCode === CODES.invalidParameter && none.reply.errorCode === CODES.invalidParameter ? confirmed(seen) : refuted(seen);
    },
  },
  {
    id: "A-INFO-MAXSUB",
    run: async (context) => {
      const ids = [context.mainId];
      const item = itemFor(await getInfo(context, ids), ids, context.mainId);
      if (!item) return notCheckable("get info returned no item for the probe's account");
      return "MaxSubscriberNum" in item ? refuted(`MaxSubscriberNum returned: ${shape(item.MaxSubscriberNum)}`) : confirmed("not in the item");
    },
  },
  {
    id: "A-CREATE-DEFAULT-MAX",
    run: async (context) => {
      const ids = [context.mainId];
      const item = itemFor(await getInfo(context, ids), ids, context.mainId);
      if (!item || !("MaxSubscriberNum" in item)) return notCheckable("get info does not return MaxSubscriberNum, so the default cannot be read");
      return item.MaxSubscriberNum === DEFAULT_MAX_SUBSCRIBER_NUM
        ? confirmed(`MaxSubscriberNum ${DEFAULT_MAX_SUBSCRIBER_NUM} on an account created without it`)
        : refuted(`MaxSubscriberNum ${shape(item.MaxSubscriberNum)} on an account created without it`);
    },
  },
  {
    id: "A-INFO-EMPTY-TEXT",
    run: async (context) => {
      const ids = [context.mainId];
      const item = itemFor(await getInfo(context, ids), ids, context.mainId);
      if (!item) return notCheckable("get info returned no item for the probe's account");
      const left = UNSET_TEXT_FIELDS.filter((field) => !(field in item));
      const notEmpty = UNSET_TEXT_FIELDS.filter((field) => field in item && item[field] !== "");
      if (left.length === 0 && notEmpty.length === 0) return confirmed(`${UNSET_TEXT_FIELDS.join(", ")} returned as ""`);
      return refuted(`${left.length > 0 ? `left out although the filter names them: ${left.join(", ")}` : ""}${notEmpty.length > 0 ? ` not "": ${shape(item)}` : ""}`.trim());
    },
  },
  {
    id: "A-FILTER-EMPTY",
    run: async (context) => {
      const ids = [context.mainId];
      const none = itemFor(await getInfo(context, ids, null), ids, context.mainId);
      const empty = itemFor(await getInfo(context, ids, []), ids, context.mainId);
      const keys = (item: Record<string, unknown> | undefined): string => (item ? Object.keys(item).sort().join(",") : "(no item)");
      const seen = `no filter: ${keys(none)}; filter []: ${keys(empty)}`;
      return none && empty && keys(none) === keys(empty) ? confirmed(seen) : refuted(seen);
    },
  },
  {
    id: "A-FILTER-UNKNOWN",
    run: async (context) => {
      const ids = [context.mainId];
      const info = await getInfo(context, ids, ["Name", "ProbeNoSuchField"]);
      const item = itemFor(info, ids, context.mainId);
      const seen = `filter ["Name","ProbeNoSuchField"]: ${describeReply(info.reply)}, item ${shape(item)}`;
      return info.reply.errorCode === CODES.ok && typeof item?.Name === "string" ? confirmed(seen) : refuted(seen);
    },
  },
  {
    id: "A-INFO-DEFAULTS",
    run: async (context) => {
      const ids = [context.mainId];
      const item = itemFor(await getInfo(context, ids), ids, context.mainId);
      if (!item) return notCheckable("get info returned no item for the probe's account");
      const problems: string[] = [];
      if (item.LastMsgTime !== 0) problems.push(`LastMsgTime ${shape(item.LastMsgTime)}`);
      const createTime = item.CreateTime;
      if (typeof createTime !== "number" || Math.abs(createTime - context.nowSeconds()) > PROBE_DEFAULTS.createTimeToleranceSeconds) {
        problems.push(`CreateTime ${shape(createTime)} is not Unix seconds near now`);
      }
      // Presence is A-INFO-EMPTY-TEXT's question; here only the value of a field that is returned.
      for (const field of UNSET_TEXT_FIELDS) if (field in item && item[field] !== "") problems.push(`${field} ${shape(item[field])}`);
      return problems.length === 0 ? confirmed(`LastMsgTime 0, CreateTime in Unix seconds, unset text fields "" where returned`) : refuted(problems.join("; "));
    },
  },
  {
    id: "A-LOOKUP-MALFORMED",
    run: async (context) => {
      // Only get info: a destroy or modify of an ID the probe did not create is never sent, even a malformed
      // one, so the "" → 6017 part (destroy/modify) is not checked. The ID is the run's own prefix without @TOA#_.
      const noPrefix = context.idPrefix.replace(/^@TOA#_/, "");
      const ids = [noPrefix];
      const info = await getInfo(context, ids);
      const item = itemFor(info, ids, noPrefix);
      const seen = `get info of an ID without @TOA#_: ${describeReply(info.reply)}, item ${shape(item)} (destroy, modify and subscriber commands not sent)`;
      return info.reply.errorCode === CODES.ok && itemCode(item) === CODES.invalidAccountId ? confirmed(seen) : refuted(seen);
    },
  },
];
