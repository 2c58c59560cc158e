/**
 * add_subscriber (cloud.tencent.com/document/product/269/102308) and delete_subscriber
 * (tencentcloud.com/document/product/1047/60761), so SubscriberNum can change. Per-item Result:
 * add 0 failed / 1 added / 2 already subscribed; delete 0 failed / 1 removed / 2 not subscribed.
 */
import { CODES } from "../codes";
import type { SubscribeResult, UnsubscribeResult } from "../store";
import { isObject, isValidUserId, LIMITS, requireAccountRef, requireArray, WireFailure, type WireBody } from "../validation";
import type { CommandHandler } from "./context";

const ADD_RESULT: Record<SubscribeResult, number> = { added: 1, already: 2, full: 0 };
const DELETE_RESULT: Record<UnsubscribeResult, number> = { removed: 1, absent: 2 };

function subscriberListAccounts(body: WireBody): string[] {
  return requireArray(body, "SubscriberList", LIMITS.subscribersPerCall).map((item) => {
    if (!isObject(item) || typeof item["Subscriber_Account"] !== "string") {
      throw new WireFailure(CODES.invalidParameter, "SubscriberList items must be {\"Subscriber_Account\": string}.");
    }
    return item["Subscriber_Account"];
  });
}

/** Result per requested user, with 0 for a string that cannot be a UserID. */
function perUser<R extends string>(
  userIds: string[],
  apply: (valid: string[]) => R[],
  codes: Record<R, number>,
): Array<{ Subscriber_Account: string; Result: number }> {
  const valid = userIds.filter(isValidUserId);
  const results = apply(valid);
  let next = 0;
  return userIds.map((userId) => {
    if (!isValidUserId(userId)) return { Subscriber_Account: userId, Result: 0 };
    const result = results[next++] as R;
    return { Subscriber_Account: userId, Result: codes[result] };
  });
}

export const addSubscriber: CommandHandler = (context, body) => {
  const id = requireAccountRef(body);
  const userIds = subscriberListAccounts(body);
  if (!context.store.has(context.sdkAppId, id)) throw new WireFailure(CODES.accountMissing, "");
  const list = perUser(userIds, (valid) => context.store.addSubscribers(context.sdkAppId, id, valid), ADD_RESULT);
  return { SubscriberList: list };
};

export const deleteSubscriber: CommandHandler = (context, body) => {
  const id = requireAccountRef(body);
  // The doc example says SubscriberToDel_Account (array of strings), its table SubscriberList; both are
  // accepted (A-DELETE-SUBSCRIBER-KEY).
  let userIds: string[];
  if (body["SubscriberToDel_Account"] !== undefined) {
    userIds = requireArray(body, "SubscriberToDel_Account", LIMITS.subscribersPerCall).map((item) => {
      if (typeof item !== "string") throw new WireFailure(CODES.invalidParameter, "SubscriberToDel_Account items must be strings.");
      return item;
    });
  } else {
    userIds = subscriberListAccounts(body);
  }
  if (!context.store.has(context.sdkAppId, id)) throw new WireFailure(CODES.accountMissing, "");
  const list = perUser(userIds, (valid) => context.store.removeSubscribers(context.sdkAppId, id, valid), DELETE_RESULT);
  return { SubscriberList: list };
};
