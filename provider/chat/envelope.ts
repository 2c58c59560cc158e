import { ChatApiError, ChatBadResponseError, ChatHttpStatusError, type ChatErrorFields } from "./errors";

/**
 * The response envelope `{ActionStatus, ErrorCode, ErrorInfo}`. "除非发生网络错误(例如502错误),否则该接口的
 * HTTP 返回码均为200。真正的错误码,错误信息是通过应答包体中的 ErrorCode、ErrorInfo 来表示的"
 * (cloud.tencent.com/document/product/269/102303). Unknown extra fields (e.g. `RequestId`) are kept.
 */

export type ResponseBody = Readonly<Record<string, unknown>>;

export type EnvelopeContext = Pick<ChatErrorFields, "command" | "sdkAppId" | "officialAccount" | "url">;

const SNIPPET_CHARS = 120;

/** The body of a successful call, or a typed error; never throws anything else. */
export function parseEnvelope(httpStatus: number, bodyText: string, context: EnvelopeContext): ResponseBody {
  if (httpStatus !== 200) {
    throw new ChatHttpStatusError({ ...context, httpStatus });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(bodyText);
  } catch {
    throw badResponse(context, `body is not JSON (${describeSnippet(bodyText)})`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw badResponse(context, `body is JSON but not an object (${describeSnippet(bodyText)})`);
  }
  const body = parsed as Record<string, unknown>;
  const actionStatus = body.ActionStatus;
  const errorCode = readErrorCode(body.ErrorCode);
  const errorInfo = typeof body.ErrorInfo === "string" ? body.ErrorInfo : "";
  if (actionStatus !== "OK" && actionStatus !== "FAIL") {
    throw badResponse(context, "ActionStatus is missing or not OK/FAIL");
  }
  if (errorCode === undefined) {
    throw badResponse(context, "ErrorCode is missing or not an integer");
  }
  if (actionStatus === "OK" && errorCode === 0) return body;
  if (errorCode === 0) {
    throw badResponse(context, "ActionStatus is FAIL but ErrorCode is 0");
  }
  throw new ChatApiError({ ...context, httpStatus, errorCode, errorInfo });
}

function readErrorCode(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isInteger(value)) return value;
  // Tolerate a numeric string; some gateways stringify integers.
  if (typeof value === "string" && /^-?\d+$/.test(value)) return Number(value);
  return undefined;
}

function badResponse(context: EnvelopeContext, detail: string): ChatBadResponseError {
  return new ChatBadResponseError({ ...context, httpStatus: 200, detail });
}

function describeSnippet(text: string): string {
  if (text.length === 0) return "empty";
  const snippet = text.length > SNIPPET_CHARS ? `${text.slice(0, SNIPPET_CHARS)}…` : text;
  return `starts ${JSON.stringify(snippet)}`;
}
