import { Dispatcher } from "undici";

/**
 * An undici dispatcher that answers every request from memory with one fixed reply, so a client's own work
 * (URL, UserSig, body, envelope parsing, its limiter and retry wrappers) can be timed without a socket.
 * It drains the request body as a socket would. It speaks the handler API both callers use: undici 7's
 * `Dispatcher.request()` (our client) and Node 20's built-in fetch (undici 6, the baseline) call
 * onConnect / onHeaders / onData / onComplete.
 */
interface LegacyHandler {
  onConnect?(abort: (error?: Error) => void, context?: object): void;
  onHeaders?(statusCode: number, rawHeaders: Buffer[], resume: () => void, statusText: string): boolean | void;
  onData?(chunk: Buffer): boolean | void;
  onComplete?(trailers: Buffer[] | null): void;
  onError?(error: Error): void;
}

export class MemoryDispatcher extends Dispatcher {
  /** Requests answered so far. */
  requests = 0;
  private readonly replyBody: Buffer;
  private readonly replyHeaders: Buffer[];

  constructor(replyJson: unknown) {
    super();
    this.replyBody = Buffer.from(JSON.stringify(replyJson), "utf8");
    this.replyHeaders = [
      Buffer.from("content-type"),
      Buffer.from("application/json; charset=utf-8"),
      Buffer.from("content-length"),
      Buffer.from(String(this.replyBody.length)),
    ];
  }

  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    const legacy = handler as unknown as LegacyHandler;
    void this.answer(options.body, legacy).catch((error: unknown) => legacy.onError?.(error as Error));
    return true;
  }

  private async answer(body: unknown, handler: LegacyHandler): Promise<void> {
    let aborted: Error | undefined;
    handler.onConnect?.((error) => {
      aborted = error ?? new Error("aborted");
    });
    await drain(body);
    // A reply never arrives in the same tick as its request.
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (aborted) {
      handler.onError?.(aborted);
      return;
    }
    this.requests += 1;
    handler.onHeaders?.(200, this.replyHeaders, () => undefined, "OK");
    handler.onData?.(this.replyBody);
    handler.onComplete?.([]);
  }

  override close(): Promise<void> {
    return Promise.resolve();
  }

  override destroy(): Promise<void> {
    return Promise.resolve();
  }
}

async function drain(body: unknown): Promise<void> {
  if (body === undefined || body === null || typeof body === "string" || Buffer.isBuffer(body) || body instanceof Uint8Array) {
    return;
  }
  if (typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] === "function") {
    for await (const _chunk of body as AsyncIterable<unknown>) {
      // discarded, as a socket write would consume it
    }
    return;
  }
  if (typeof (body as Iterable<unknown>)[Symbol.iterator] === "function") {
    for (const _chunk of body as Iterable<unknown>) {
      // discarded
    }
  }
}
