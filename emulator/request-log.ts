/** What the emulator received and answered, for tests. The UserSig is masked before it is stored. */
import type { RequestLogEntry } from "./types";

/** What the usersig value is replaced with in the request log. */
export const MASK = "***";

/** Query parameters as a plain object, the `usersig` value masked (it is a credential). */
export function maskedQuery(query: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of query) {
    if (name in out) continue;
    out[name] = name.toLowerCase() === "usersig" ? MASK : value;
  }
  return out;
}

export class RequestLog {
  private readonly items: RequestLogEntry[] = [];
  private nextSeq = 1;
  private readonly limit: number;

  constructor(limit: number) {
    this.limit = limit;
  }

  /** Adds an entry and returns it; the caller fills in the outcome fields when it knows them. */
  start(entry: Omit<RequestLogEntry, "seq">): RequestLogEntry {
    const full: RequestLogEntry = { seq: this.nextSeq++, ...entry };
    this.items.push(full);
    if (this.items.length > this.limit) this.items.splice(0, this.items.length - this.limit);
    return full;
  }

  get entries(): readonly RequestLogEntry[] {
    return this.items;
  }

  clear(): void {
    this.items.length = 0;
    this.nextSeq = 1;
  }
}
