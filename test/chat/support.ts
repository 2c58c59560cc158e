import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach } from "vitest";
import type { ChatError } from "../../provider/chat/errors";
import { RateLimiterRegistry } from "../../provider/chat/limiter";
import { OfficialAccountClient } from "../../provider/chat/official-accounts";
import type { OfficialAccountClientOptions } from "../../provider/chat/options";
import { closeSharedPools } from "../../provider/chat/transport";
import type { ChatConnection } from "../../provider/chat/types";

/** Fake time: `sleep` advances the clock instead of waiting. */
export interface FakeTime {
  nowMs: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  advance: (ms: number) => void;
  sleeps: number[];
}

export function fakeTime(startMs = 1_700_000_000_000): FakeTime {
  let now = startMs;
  const sleeps: number[] = [];
  return {
    nowMs: () => now,
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw signal.reason;
      sleeps.push(ms);
      now += ms;
    },
    advance: (ms) => {
      now += ms;
    },
    sleeps,
  };
}

export interface RecordedRequest {
  method: string;
  command: string;
  query: URLSearchParams;
  rawQuery: string;
  body: unknown;
  rawBody: string;
}

/** What the handler wants done: a JSON reply, a raw reply, a connection reset, no reply at all, or a reply once `after` settles. */
export type Reply =
  | { json: unknown; status?: number }
  | { raw: string; status?: number }
  | { reset: true }
  | { hang: true }
  | { after: Promise<unknown>; then: Reply };

export interface FakeChatServer {
  baseUrl: string;
  requests: RecordedRequest[];
  /** Resolves when the server has received `count` requests. */
  received: (count: number) => Promise<void>;
  close: () => Promise<void>;
}

export const ok = (extra: Record<string, unknown> = {}): Reply => ({
  json: { ActionStatus: "OK", ErrorInfo: "", ErrorCode: 0, ...extra },
});

export const fail = (errorCode: number, errorInfo = `error ${errorCode}`): Reply => ({
  json: { ActionStatus: "FAIL", ErrorInfo: errorInfo, ErrorCode: errorCode },
});

/** A node:http server on 127.0.0.1, port 0, answering per the handler. */
export async function startFakeChatServer(handler: (request: RecordedRequest, index: number) => Reply): Promise<FakeChatServer> {
  const requests: RecordedRequest[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const rawBody = Buffer.concat(chunks).toString("utf8");
      const url = req.url ?? "/";
      const [path = "", rawQuery = ""] = url.split("?");
      let body: unknown;
      try {
        body = JSON.parse(rawBody);
      } catch {
        body = undefined;
      }
      const recorded: RecordedRequest = {
        method: req.method ?? "",
        command: path.split("/").pop() ?? "",
        query: new URLSearchParams(rawQuery),
        rawQuery,
        body,
        rawBody,
      };
      requests.push(recorded);
      for (const waiter of waiters.filter((candidate) => requests.length >= candidate.count)) waiter.resolve();
      const answer = (reply: Reply): void => {
        if ("after" in reply) {
          void reply.after.then(() => answer(reply.then));
        } else if ("reset" in reply) {
          req.socket.destroy();
        } else if ("hang" in reply) {
          // never answer
        } else {
          const text = "json" in reply ? JSON.stringify(reply.json) : reply.raw;
          res.writeHead(reply.status ?? 200, { "content-type": "json" in reply ? "application/json" : "text/html" });
          res.end(text);
        }
      };
      answer(handler(recorded, requests.length - 1));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    received: (count) =>
      new Promise<void>((resolve) => {
        if (requests.length >= count) resolve();
        else waiters.push({ count, resolve });
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const CANARY_SECRET = "canary-secret-7f3a9c1e5b2d8f4a6c0e9b7d5f3a1c8e";

/** A tiny in-memory Chat app for handlers: accounts by ID, answering like the reference's best guess. */
export interface FakeAccount {
  Official_Account: string;
  Owner_Account: string;
  Name: string;
  [field: string]: unknown;
}

export function fakeChatApp(initial: FakeAccount[] = []) {
  const accounts = new Map(initial.map((account) => [account.Official_Account, { ...account }]));
  let generated = 0;
  return {
    accounts,
    /** Default handling of the four commands. `wholeRequestMissing`: a missing ID fails the whole get_info with 130004. */
    answer(request: RecordedRequest, options: { wholeRequestMissing?: boolean } = {}): Reply {
      const body = request.body as Record<string, unknown>;
      switch (request.command) {
        case "get_official_account_info": {
          const ids = (body.OfficialAccountIdList as { Official_Account: string }[]).map((item) => item.Official_Account);
          if (options.wholeRequestMissing && ids.some((id) => !accounts.has(id))) return fail(130004, "account not found");
          return ok({
            OfficialAccountInfoList: ids.map((id) => {
              const account = accounts.get(id);
              return account
                ? { ...account, ErrorCode: 0, ErrorInfo: "" }
                : { Official_Account: id, ErrorCode: 130004, ErrorInfo: "account not found" };
            }),
          });
        }
        case "modify_official_account_base_info": {
          const account = accounts.get(body.Official_Account as string);
          if (!account) return fail(130004);
          Object.assign(account, body);
          return ok();
        }
        case "create_official_account": {
          const id = (body.OfficialAccountUserID as string | undefined) ?? `@TOA#_@TOA#d${(generated += 1).toString().padStart(3, "0")}`;
          if (accounts.has(id)) return fail(130008);
          const { OfficialAccountUserID: _custom, ...fields } = body;
          accounts.set(id, { ...(fields as FakeAccount), Official_Account: id });
          return ok({ OfficialAccountUserID: id });
        }
        case "destroy_official_account": {
          if (!accounts.delete(body.Official_Account as string)) return fail(130004);
          return ok();
        }
        default:
          return fail(60009);
      }
    },
  };
}

export const TEST_SDK_APP_ID = 1400000000;

export type ChatHandler = (request: RecordedRequest, index: number) => Reply;

/**
 * Fake Chat servers for the tests of one file: call at the file's top level; the returned `serve` starts one,
 * and after each test every server started is closed, with the shared undici pools.
 */
export function useFakeChatServers(): (handler: ChatHandler) => Promise<FakeChatServer> {
  const servers: FakeChatServer[] = [];
  afterEach(async () => {
    await closeSharedPools();
    // Closing a server a test already closed is harmless.
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });
  return async (handler) => {
    const server = await startFakeChatServer(handler);
    servers.push(server);
    return server;
  };
}

/**
 * A client of its own talking to `target`: fake time (backoff sleeps advance the clock), jitter 0.5, a
 * private rate limiter on the same fake time. `options` and `connection` override any of it.
 */
export function testClient(
  target: FakeChatServer,
  options: OfficialAccountClientOptions = {},
  connection: Partial<ChatConnection> = {},
): OfficialAccountClient {
  const time = fakeTime();
  return new OfficialAccountClient(
    { sdkAppId: TEST_SDK_APP_ID, secretKey: CANARY_SECRET, endpoint: target.baseUrl, ...connection },
    { nowMs: time.nowMs, sleep: time.sleep, random: () => 0.5, rateLimiter: new RateLimiterRegistry(time), ...options },
  );
}

/** The error `promise` rejects with; fails the test if it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<ChatError> {
  try {
    await promise;
  } catch (error) {
    return error as ChatError;
  }
  throw new Error("expected a rejection");
}
