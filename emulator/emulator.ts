/**
 * One running emulator: the apps, the store, faults, rate limits and the request log behind an HttpFront.
 * `startEmulator` in index.ts is the way in.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { DEFAULTS } from "../provider/defaults";
import { ADMIN_PREFIX, handleAdminRequest } from "./admin";
import { AppRegistry } from "./apps";
import { CODES, failEnvelope, okEnvelope, type WireEnvelope } from "./codes";
import { commandFromPath } from "./commands";
import { FaultInjector, type FaultDecision } from "./faults";
import { loadState, saveState } from "./persistence";
import { RateLimiter } from "./rate-limit";
import { maskedQuery, RequestLog } from "./request-log";
import { handleApiRequest, MAX_BODY_BYTES, sdkAppIdForLog } from "./router";
import { HttpFront, readBody } from "./server";
import { AccountStore } from "./store";
import type { Emulator, EmulatorOptions, FaultConfig, RequestLogEntry } from "./types";

export const DEFAULT_SEED = 1;
const DEFAULT_REQUEST_LOG_LIMIT = 10_000;

const GATEWAY_502_PAGE =
  "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n";

function realSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

export class EmulatorInstance implements Emulator {
  readonly store: AccountStore;
  private readonly apps: AppRegistry;
  private readonly initialService: Map<number, boolean>;
  private readonly faults: FaultInjector;
  private readonly limiter: RateLimiter;
  private readonly log: RequestLog;
  private readonly front: HttpFront;
  private readonly nowMs: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly options: EmulatorOptions;
  private readonly importedAccounts: ReadonlySet<string> | undefined;
  private boundPort = 0;

  constructor(options: EmulatorOptions) {
    this.options = options;
    this.importedAccounts = options.importedAccounts ? new Set(options.importedAccounts) : undefined;
    this.nowMs = options.nowMs ?? Date.now;
    this.sleep = options.sleep ?? realSleep;
    this.apps = new AppRegistry(options.apps);
    this.initialService = new Map(this.apps.all().map((app) => [app.sdkAppId, app.officialAccountService]));
    const seed = options.seed ?? DEFAULT_SEED;
    const statePath = options.statePath;
    this.store = new AccountStore({
      seed,
      nowMs: this.nowMs,
      onChange: statePath ? () => saveState(statePath, this.store.snapshot()) : undefined,
    });
    if (statePath) {
      const saved = loadState(statePath);
      if (saved) this.store.restore(saved);
    }
    this.faults = new FaultInjector(seed, options.faults);
    this.limiter = new RateLimiter(options.maxRequestsPerSecond ?? DEFAULTS.maxRequestsPerSecond, this.nowMs);
    this.log = new RequestLog(options.requestLogLimit ?? DEFAULT_REQUEST_LOG_LIMIT);
    this.front = new HttpFront((request, response) => this.handle(request, response));
  }

  async listen(): Promise<void> {
    this.boundPort = await this.front.listen(this.options.host ?? "127.0.0.1", this.options.port ?? 0);
  }

  get port(): number {
    return this.boundPort;
  }

  get url(): string {
    const host = this.options.host ?? "127.0.0.1";
    return `http://${host.includes(":") ? `[${host}]` : host}:${this.boundPort}`;
  }

  get requestLog(): readonly RequestLogEntry[] {
    return this.log.entries;
  }

  get connectionCount(): number {
    return this.front.connectionCount;
  }

  get openConnectionPeak(): number {
    return this.front.openConnectionPeak;
  }

  resetOpenConnectionPeak(): void {
    this.front.resetOpenConnectionPeak();
  }

  requests(command?: string): RequestLogEntry[] {
    return this.log.entries.filter((entry) => command === undefined || entry.command === command);
  }

  setFaults(faults: FaultConfig): void {
    this.faults.set(faults);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  currentFaults(): ReturnType<FaultInjector["current"]> {
    return this.faults.current();
  }

  reset(): void {
    this.store.clear();
    this.log.clear();
    this.faults.clear();
    this.limiter.reset();
    this.front.resetConnectionCount();
    for (const app of this.apps.all()) app.officialAccountService = this.initialService.get(app.sdkAppId) ?? true;
  }

  setOfficialAccountService(sdkAppId: number, enabled: boolean): void {
    const app = this.apps.get(sdkAppId);
    if (!app) throw new RangeError(`app ${sdkAppId} is not configured`);
    app.officialAccountService = enabled;
  }

  /** For GET /__emulator/state: everything but the keys. */
  state(): Record<string, unknown> {
    return {
      url: this.url,
      apps: this.apps.all().map((app) => ({
        sdkAppId: app.sdkAppId,
        admins: [...app.admins],
        officialAccountService: app.officialAccountService,
      })),
      store: this.store.snapshot(),
      faults: this.faults.current(),
      connectionCount: this.connectionCount,
      requestCount: this.log.entries.length,
      settings: {
        seed: this.options.seed ?? DEFAULT_SEED,
        maxRequestsPerSecond: this.options.maxRequestsPerSecond ?? DEFAULTS.maxRequestsPerSecond,
        returnsMaxSubscriberNum: this.options.returnsMaxSubscriberNum ?? false,
        omitsEmptyFields: this.options.omitsEmptyFields ?? false,
        itemErrorStyle: this.options.itemErrorStyle ?? "ErrorCode",
        importedAccounts: this.options.importedAccounts ?? null,
        statePath: this.options.statePath ?? null,
      },
    };
  }

  close(): Promise<void> {
    return this.front.close();
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://emulator.invalid");
    const method = request.method ?? "GET";
    const body = await readBody(request, MAX_BODY_BYTES);
    if (url.pathname.startsWith(ADMIN_PREFIX)) {
      const reply = handleAdminRequest(this, method, url.pathname, body.text);
      sendJson(response, reply.status, reply.body);
      return;
    }
    const entry = await this.handleApi(request, response, method, url, body);
    if (entry) this.options.onRequest?.(entry);
  }

  /** Returns the log entry once the reply (or the fault) has gone out; undefined if closed meanwhile. */
  private async handleApi(
    request: IncomingMessage,
    response: ServerResponse,
    method: string,
    url: URL,
    body: { text: string; tooLarge: boolean },
  ): Promise<RequestLogEntry | undefined> {
    const command = commandFromPath(url.pathname);
    const entry = this.log.start({
      timeMs: this.nowMs(),
      method,
      path: url.pathname,
      ...(command !== undefined ? { command } : {}),
      ...optional("sdkAppId", sdkAppIdForLog(url.searchParams)),
      query: maskedQuery(url.searchParams),
      body: bodyForLog(body.text, body.tooLarge),
      delayMs: 0,
    });
    // Decided on arrival, before any latency and before the command runs, so the order of decisions is
    // the order of arrival.
    const delayMs = command !== undefined ? this.faults.delayFor(command) : 0;
    const decision = command !== undefined ? this.faults.decide(command) : undefined;
    entry.delayMs = delayMs;
    if (decision) {
      entry.fault = decision.kind;
      entry.faultAfterApply = decision.afterApply;
    }
    if (delayMs > 0) await this.sleep(delayMs);
    if (this.front.isClosing) return undefined;
    if (decision && !decision.afterApply) {
      this.deliverFault(decision, request, response, entry, undefined);
      return entry;
    }
    const outcome = handleApiRequest(
      { method, path: url.pathname, query: url.searchParams, bodyText: body.text, bodyTooLarge: body.tooLarge },
      {
        apps: this.apps,
        store: this.store,
        limiter: this.limiter,
        nowMs: this.nowMs,
        returnsMaxSubscriberNum: this.options.returnsMaxSubscriberNum ?? false,
        omitsEmptyFields: this.options.omitsEmptyFields ?? false,
        itemErrorStyle: this.options.itemErrorStyle ?? "ErrorCode",
        importedAccounts: this.importedAccounts,
      },
    );
    entry.appliedCode = outcome.envelope.ErrorCode;
    if (decision) {
      this.deliverFault(decision, request, response, entry, outcome.envelope);
      return entry;
    }
    entry.resultCode = outcome.envelope.ErrorCode;
    entry.httpStatus = 200;
    sendJson(response, 200, outcome.envelope);
    return entry;
  }

  /** Answers with the fault instead of the real reply (`applied` is the reply the command produced, if it ran). */
  private deliverFault(
    decision: FaultDecision,
    request: IncomingMessage,
    response: ServerResponse,
    entry: RequestLogEntry,
    applied: WireEnvelope | undefined,
  ): void {
    const answerCode = (code: number): void => {
      entry.resultCode = code;
      entry.httpStatus = 200;
      sendJson(response, 200, failEnvelope(code));
    };
    switch (decision.kind) {
      case "error10004":
        return answerCode(CODES.internalError);
      case "error20005":
        return answerCode(CODES.internalErrorRetry);
      case "throttle":
        return answerCode(CODES.tooManyRequests);
      case "http502":
        entry.httpStatus = 502;
        response.writeHead(502, { "content-type": "text/html", "content-length": Buffer.byteLength(GATEWAY_502_PAGE) });
        response.end(GATEWAY_502_PAGE);
        return;
      case "reset":
        request.socket.resetAndDestroy();
        return;
      case "hang":
        this.front.hold(response);
        return;
      case "malformed": {
        const full = JSON.stringify(applied ?? okEnvelope());
        const cut = full.slice(0, Math.max(1, Math.floor(full.length / 2)));
        entry.httpStatus = 200;
        response.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(cut) });
        response.end(cut);
        return;
      }
    }
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text) });
  response.end(text);
}

function bodyForLog(text: string, tooLarge: boolean): unknown {
  if (tooLarge) return "(body over 1 MiB, not kept)";
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}
