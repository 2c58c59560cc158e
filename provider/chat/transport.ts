import { Pool, type Dispatcher } from "undici";
import { TRANSIENT_SOCKET_CODES } from "./classify";
import { ChatNetworkError, ChatTimeoutError, isChatError, withErrorContext, type ChatErrorFields } from "./errors";

/**
 * HTTPS POST of a JSON body. One undici Pool per origin, module-level and shared by every client in the
 * process, so keep-alive connections are reused across clients and calls. Tests inject a dispatcher
 * (undici MockAgent, or an Agent pointed at a node:http server on 127.0.0.1).
 */

export interface TransportTunables {
  connectTimeoutMs: number;
  headersTimeoutMs: number;
  bodyTimeoutMs: number;
  poolConnections: number;
  keepAliveTimeoutMs: number;
}

const pools = new Map<string, Pool>();
let connectionsOpened = 0;

/** The shared pool of an origin. The first caller's tunables size it; later callers reuse it as is. */
export function sharedPoolFor(origin: string, tunables: TransportTunables): Pool {
  let pool = pools.get(origin);
  if (pool === undefined) {
    pool = new Pool(origin, {
      connections: tunables.poolConnections,
      keepAliveTimeout: tunables.keepAliveTimeoutMs,
      headersTimeout: tunables.headersTimeoutMs,
      bodyTimeout: tunables.bodyTimeoutMs,
      connect: { timeout: tunables.connectTimeoutMs },
    });
    pool.on("connect", () => {
      connectionsOpened += 1;
    });
    pools.set(origin, pool);
  }
  return pool;
}

/** Figures of the shared HTTP pools. */
export interface TransportStats {
  /** TCP/TLS connections opened by the shared pools since the process started (or the last reset). */
  connectionsOpened: number;
  /** Origins with a live shared pool. */
  openPools: number;
}

/** Connections opened and pools open, for tests and benchmarks. */
export function transportStats(): TransportStats {
  return { connectionsOpened, openPools: pools.size };
}

/** Closes every shared pool (waits for in-flight requests) and zeroes the counters. */
export async function closeSharedPools(): Promise<void> {
  const closing = [...pools.values()].map((pool) => pool.close());
  pools.clear();
  connectionsOpened = 0;
  await Promise.allSettled(closing);
}

export interface PostJsonInput {
  url: string;
  body: string;
  tunables: TransportTunables;
  /** Aborts the attempt; its `reason` is rethrown (a ChatAbortedError or ChatDeadlineError). */
  signal?: AbortSignal;
  dispatcher?: Dispatcher;
  /** Context copied into transport errors. */
  errorContext: Pick<ChatErrorFields, "command" | "sdkAppId" | "officialAccount" | "url">;
}

export interface HttpResponseText {
  status: number;
  bodyText: string;
}

export async function postJson(input: PostJsonInput): Promise<HttpResponseText> {
  if (input.signal?.aborted) throw input.signal.reason;
  const target = new URL(input.url);
  const dispatcher = input.dispatcher ?? sharedPoolFor(target.origin, input.tunables);
  try {
    const response = await dispatcher.request({
      origin: target.origin,
      path: `${target.pathname}${target.search}`,
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8" },
      body: input.body,
      signal: input.signal,
      headersTimeout: input.tunables.headersTimeoutMs,
      bodyTimeout: input.tunables.bodyTimeoutMs,
    });
    const bodyText = await response.body.text();
    return { status: response.statusCode, bodyText };
  } catch (error) {
    throw toTransportError(error, input.errorContext);
  }
}

function toTransportError(error: unknown, context: PostJsonInput["errorContext"]): Error {
  if (isChatError(error)) {
    // Our abort or deadline reason, fired mid-request: the request may have been processed.
    return withErrorContext(error, { delivery: "unknown" });
  }
  const code = errorCodeOf(error);
  if (code === "UND_ERR_CONNECT_TIMEOUT") return new ChatTimeoutError({ ...context, phase: "connect", cause: error });
  if (code === "UND_ERR_HEADERS_TIMEOUT") return new ChatTimeoutError({ ...context, phase: "headers", cause: error });
  if (code === "UND_ERR_BODY_TIMEOUT") return new ChatTimeoutError({ ...context, phase: "body", cause: error });
  const detail = code !== undefined ? code : error instanceof Error ? error.message : String(error);
  return new ChatNetworkError({
    ...context,
    detail,
    delivery: code !== undefined && TRANSIENT_SOCKET_CODES[code] === "not-sent" ? "not-sent" : "unknown",
    cause: error,
  });
}

/** undici puts the socket error's code on the error or on its `cause` (octokit fetch-wrapper notes the same). */
function errorCodeOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === "object" && current !== null; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
