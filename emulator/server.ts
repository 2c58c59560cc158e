/**
 * The node:http side: listening, counting TCP connections, reading bodies, holding "hung" requests, and
 * closing everything (hung requests included) on close.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export type RequestHandler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

export class HttpFront {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly held = new Set<ServerResponse>();
  private accepted = 0;
  private closing = false;
  private peakOpen = 0;
  private closed: Promise<void> | undefined;

  constructor(handler: RequestHandler) {
    this.server = createServer((request, response) => {
      handler(request, response).catch((error: unknown) => {
        // A bug in the emulator, not a simulated fault: answer 500 so it is visible, never hang silently.
        if (!response.headersSent) response.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
        response.end(`emulator error: ${error instanceof Error ? error.message : String(error)}\n`);
      });
    });
    this.server.on("connection", (socket: Socket) => {
      this.accepted += 1;
      this.sockets.add(socket);
      this.peakOpen = Math.max(this.peakOpen, this.sockets.size);
      socket.on("close", () => this.sockets.delete(socket));
    });
  }

  get connectionCount(): number {
    return this.accepted;
  }

  /** The most TCP connections open at once since start or the last `resetOpenConnectionPeak`. */
  get openConnectionPeak(): number {
    return this.peakOpen;
  }

  resetOpenConnectionPeak(): void {
    this.peakOpen = this.sockets.size;
  }

  get isClosing(): boolean {
    return this.closing;
  }

  resetConnectionCount(): void {
    this.accepted = 0;
    this.peakOpen = this.sockets.size;
  }

  /** Resolves with the bound port. */
  listen(host: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, host, () => {
        this.server.off("error", reject);
        resolve((this.server.address() as AddressInfo).port);
      });
    });
  }

  /** Never answers this request; `close()` (or the client) ends it. */
  hold(response: ServerResponse): void {
    this.held.add(response);
    response.on("close", () => this.held.delete(response));
  }

  /** Idempotent: a second call returns the first call's promise. */
  close(): Promise<void> {
    if (this.closed) return this.closed;
    this.closing = true;
    this.closed = new Promise((resolve, reject) => {
      this.server.close((error) => (error ? reject(error) : resolve()));
      for (const response of this.held) response.socket?.destroy();
      this.held.clear();
      this.server.closeAllConnections();
      for (const socket of this.sockets) socket.destroy();
    });
    return this.closed;
  }
}

export interface ReadBody {
  text: string;
  tooLarge: boolean;
}

/** Reads the whole body, keeping at most `maxBytes` (the rest is drained and dropped). */
export function readBody(request: IncomingMessage, maxBytes: number): Promise<ReadBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) tooLarge = true;
      else chunks.push(chunk);
    });
    request.on("end", () => resolve({ text: tooLarge ? "" : Buffer.concat(chunks).toString("utf8"), tooLarge }));
    request.on("error", reject);
  });
}
