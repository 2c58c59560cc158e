/**
 * Requests as the probe needs them: any method, query or body, and the reply exactly as the server sent it
 * (HTTP status, raw text, parsed JSON). The client (provider/chat) hides exactly what the probe must see:
 * item key names, extra fields, the code of a malformed request.
 */
import { buildRequestUrl, randomUint32 } from "../provider/chat/endpoints";
import { cryptoRandom } from "../provider/chat/timing";
import { signUserSig } from "../provider/chat/usersig";
import { PROBE_DEFAULTS } from "./defaults";

export interface RawCallerConfig {
  baseUrl: string;
  sdkAppId: number;
  identifier: string;
  secretKey: string;
  nowSeconds: () => number;
}

/** Query parameter overrides: a string replaces the value, `null` leaves the parameter out. */
export type QueryOverrides = Partial<Record<"sdkappid" | "identifier" | "usersig" | "random" | "contenttype", string | null>>;

export interface RawRequest {
  command: string;
  /** An object is sent as JSON; a string as is. Default `{}`. */
  body?: object | string;
  /** Default POST. */
  method?: string;
  query?: QueryOverrides;
  /** A UserSig issued at this Unix time with this lifetime, instead of a fresh one. */
  userSigTime?: { issuedAtSeconds: number; ttlSeconds: number };
}

export interface RawReply {
  httpStatus: number;
  text: string;
  /** The body as an object, when it is a JSON object. */
  json: Record<string, unknown> | undefined;
  /** The top-level ErrorCode, when there is one. */
  errorCode: number | undefined;
  errorInfo: string | undefined;
}

export class RawCaller {
  private readonly config: RawCallerConfig;
  /** Every reply seen, for checks that look across all of them (A-NO-REQUESTID, A-ERRORINFO). */
  readonly replies: RawReply[] = [];
  /** Every UserSig this caller issued, so the report can be scrubbed of them. */
  readonly issuedUserSigs: string[] = [];

  constructor(config: RawCallerConfig) {
    this.config = config;
  }

  userSig(issuedAtSeconds: number = this.config.nowSeconds(), ttlSeconds: number = PROBE_DEFAULTS.userSigTtlSeconds): string {
    const userSig = signUserSig({
      sdkAppId: this.config.sdkAppId,
      identifier: this.config.identifier,
      secretKey: this.config.secretKey,
      issuedAtSeconds,
      ttlSeconds,
    });
    this.issuedUserSigs.push(userSig);
    return userSig;
  }

  async send(request: RawRequest): Promise<RawReply> {
    const config = this.config;
    const userSig = request.userSigTime ? this.userSig(request.userSigTime.issuedAtSeconds, request.userSigTime.ttlSeconds) : this.userSig();
    const url = new URL(
      buildRequestUrl({
        baseUrl: config.baseUrl,
        command: request.command,
        sdkAppId: config.sdkAppId,
        identifier: config.identifier,
        userSig,
        random: randomUint32(cryptoRandom),
      }),
    );
    for (const [name, value] of Object.entries(request.query ?? {})) {
      if (value === null) url.searchParams.delete(name);
      else if (value !== undefined) url.searchParams.set(name, value);
    }
    const method = request.method ?? "POST";
    const body = request.body === undefined ? "{}" : typeof request.body === "string" ? request.body : JSON.stringify(request.body);
    const response = await fetch(url, {
      method,
      headers: { "content-type": "application/json" },
      ...(method === "GET" || method === "HEAD" ? {} : { body }),
      signal: AbortSignal.timeout(PROBE_DEFAULTS.requestTimeoutMs),
    });
    const text = await response.text();
    const reply = toReply(response.status, text);
    this.replies.push(reply);
    return reply;
  }
}

function toReply(httpStatus: number, text: string): RawReply {
  let json: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) json = parsed as Record<string, unknown>;
  } catch {
    json = undefined;
  }
  const errorCode = typeof json?.ErrorCode === "number" ? json.ErrorCode : undefined;
  const errorInfo = typeof json?.ErrorInfo === "string" ? json.ErrorInfo : undefined;
  return { httpStatus, text, json, errorCode, errorInfo };
}

/** `HTTP 200, ErrorCode 60008 ("…")`, for reports. */
export function describeReply(reply: RawReply): string {
  if (reply.errorCode === undefined) return `HTTP ${reply.httpStatus}, no ErrorCode (body: ${JSON.stringify(reply.text.slice(0, 120))})`;
  return `HTTP ${reply.httpStatus}, ErrorCode ${reply.errorCode}${reply.errorInfo ? ` (${JSON.stringify(reply.errorInfo.slice(0, 120))})` : ""}`;
}
