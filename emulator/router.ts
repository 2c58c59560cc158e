/**
 * One official-account request, from method and path to the reply envelope, synchronously (no await
 * between a check and the change it guards). HTTP is 200 for every answer, as the docs say: "Unless a
 * network error (such as error 502) occurs, the HTTP return code for this API is always 200"
 * (trtc.io/ko/document/60756). Order of checks: see CHECK_ORDER.
 */
import type { AppRegistry } from "./apps";
import { CODES, failEnvelope, okEnvelope, type WireEnvelope } from "./codes";
import { COMMANDS, commandFromPath } from "./commands";
import { authenticate, parseQuery } from "./query-auth";
import type { RateLimiter } from "./rate-limit";
import type { AccountStore } from "./store";
import type { ItemErrorStyle } from "./types";
import { isObject, WireFailure, type WireBody } from "./validation";

/** The order the checks run in; the first failing one answers (A-CHECK-ORDER). */
export const CHECK_ORDER = [
  "method is POST (60008)",
  "path names a known command (60009)",
  "query: sdkappid (60012), identifier and usersig (60004), random and contenttype (60002)",
  "app exists (70020)",
  "UserSig: decodes (70003), app (70014), identifier (70013), not expired (70001), signature (70009)",
  "identifier is an app admin (60010)",
  "rate limit per app and command (60007)",
  "official-account service enabled (131000)",
  "body: within 1 MiB (20001), non-empty JSON (60003), an object (20001)",
  "command fields (6017, 130007, 130008, 130004)",
] as const;

export const MAX_BODY_BYTES = 1024 * 1024;

export interface ApiRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  bodyText: string;
  bodyTooLarge: boolean;
}

export interface ApiDeps {
  apps: AppRegistry;
  store: AccountStore;
  limiter: RateLimiter;
  nowMs: () => number;
  returnsMaxSubscriberNum: boolean;
  omitsEmptyFields: boolean;
  itemErrorStyle: ItemErrorStyle;
  importedAccounts: ReadonlySet<string> | undefined;
}

export interface ApiOutcome {
  envelope: WireEnvelope;
}

function parseBody(request: ApiRequest): WireBody {
  if (request.bodyTooLarge) throw new WireFailure(CODES.invalidPacket, "Request body is too large.");
  // "POST 包体不能为空 … 也需要携带一个空的 JSON 对象,即{}" (REST overview, cloud.tencent.com/document/product/269/1519).
  if (request.bodyText.trim() === "") throw new WireFailure(CODES.jsonParseError, "The body is empty; send {} at least.");
  let parsed: unknown;
  try {
    parsed = JSON.parse(request.bodyText);
  } catch {
    throw new WireFailure(CODES.jsonParseError, "");
  }
  if (!isObject(parsed)) throw new WireFailure(CODES.invalidPacket, "The body must be a JSON object.");
  return parsed;
}

export function handleApiRequest(request: ApiRequest, deps: ApiDeps): ApiOutcome {
  try {
    if (request.method !== "POST") throw new WireFailure(CODES.badRequestFormat, "Only POST is supported.");
    const name = commandFromPath(request.path);
    const handler = name === undefined ? undefined : COMMANDS[name];
    if (name === undefined || handler === undefined) throw new WireFailure(CODES.unknownResource, "");
    const parsed = parseQuery(request.query);
    const app = authenticate(parsed, deps.apps, deps.nowMs());
    if (!deps.limiter.tryTake(app.sdkAppId, name)) throw new WireFailure(CODES.tooManyRequests, "");
    if (!app.officialAccountService) throw new WireFailure(CODES.serviceNotEnabled, "");
    const body = parseBody(request);
    const extra = handler(
      {
        sdkAppId: app.sdkAppId,
        store: deps.store,
        returnsMaxSubscriberNum: deps.returnsMaxSubscriberNum,
        omitsEmptyFields: deps.omitsEmptyFields,
        itemErrorStyle: deps.itemErrorStyle,
        importedAccounts: deps.importedAccounts,
      },
      body,
    );
    return { envelope: okEnvelope(extra) };
  } catch (error) {
    if (error instanceof WireFailure) return { envelope: failEnvelope(error.code, error.detail) };
    throw error;
  }
}

/** Parses the sdkappid for the request log, without judging it. */
export function sdkAppIdForLog(query: URLSearchParams): number | undefined {
  const text = query.get("sdkappid");
  return text !== null && /^\d{1,15}$/.test(text) ? Number(text) : undefined;
}
