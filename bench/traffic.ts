import type { RequestLogEntry } from "../emulator";

/**
 * Every official-account request the emulator answered, kept through its `onRequest` hook (the built-in
 * request log is capped), so each phase of a run can be read back as a window: calls per command, answers
 * per code, arrival times.
 */
export interface RequestRecord {
  command: string | undefined;
  /** Emulator clock at arrival. */
  arrivalMs: number;
  /** ErrorCode the client received; undefined when no JSON reply went out. */
  resultCode: number | undefined;
  httpStatus: number | undefined;
}

/** Tencent's "too many requests" code (docs/errors.md; the emulator's over-limit answer). */
export const THROTTLED_CODE = 60007;
/** Codes docs/errors.md lists as worth a retry (transient and throttled). */
export const RETRYABLE_CODES: ReadonlySet<number> = new Set([10004, 20005, 60007, 60011, 60018, 60019]);

export class TrafficRecorder {
  readonly records: RequestRecord[] = [];

  /** Pass as `onRequest` to startEmulator. */
  readonly record = (entry: RequestLogEntry): void => {
    this.records.push({
      command: entry.command,
      arrivalMs: entry.timeMs,
      resultCode: entry.resultCode,
      httpStatus: entry.httpStatus,
    });
  };

  /** A position to read a window from. Phases run one after another, so every reply of a phase is in before the next mark. */
  mark(): number {
    return this.records.length;
  }

  since(mark: number): RequestRecord[] {
    return this.records.slice(mark);
  }
}

export interface WindowSummary {
  requests: number;
  byCommand: Record<string, number>;
  /** Requests answered 60007. */
  throttled: number;
  /** Requests answered with a retryable code, or a 5xx / no reply. */
  retryableAnswers: number;
}

export function summarizeWindow(records: readonly RequestRecord[]): WindowSummary {
  const byCommand: Record<string, number> = {};
  let throttled = 0;
  let retryableAnswers = 0;
  for (const record of records) {
    const command = record.command ?? "(other)";
    byCommand[command] = (byCommand[command] ?? 0) + 1;
    if (record.resultCode === THROTTLED_CODE) throttled += 1;
    const failedTransport = record.httpStatus === undefined || record.httpStatus >= 500;
    if ((record.resultCode !== undefined && RETRYABLE_CODES.has(record.resultCode)) || failedTransport) retryableAnswers += 1;
  }
  return { requests: records.length, byCommand, throttled, retryableAnswers };
}

export interface CommandThroughput {
  /** Requests of the command answered OK (ErrorCode 0). */
  accepted: number;
  attempted: number;
  /** From the first to the last arrival of the command, in ms. */
  windowMs: number;
  /** Accepted per second over the window. */
  acceptedPerSecond: number | undefined;
  /**
   * Achieved calls per second as a share of the documented limit (issue 7: "achieved calls/s as a share of
   * the limit"): accepted calls per second over the window ÷ `ratePerSecond`. The server's initial burst is
   * not counted as capacity: the docs state a rate (200/s), and the burst is the emulator's model of it.
   */
  shareOfLimit: number | undefined;
}

export function commandThroughput(
  records: readonly RequestRecord[],
  command: string,
  limit: { ratePerSecond: number; burst: number },
): CommandThroughput {
  const ofCommand = records.filter((record) => record.command === command);
  const accepted = ofCommand.filter((record) => record.resultCode === 0).length;
  if (ofCommand.length === 0) {
    return { accepted, attempted: 0, windowMs: 0, acceptedPerSecond: undefined, shareOfLimit: undefined };
  }
  const arrivals = ofCommand.map((record) => record.arrivalMs);
  const windowMs = Math.max(...arrivals) - Math.min(...arrivals);
  const acceptedPerSecond = windowMs > 0 ? (accepted * 1000) / windowMs : undefined;
  return {
    accepted,
    attempted: ofCommand.length,
    windowMs,
    acceptedPerSecond,
    // With no more calls than one bucket holds, the limit never binds and the share says nothing.
    shareOfLimit: accepted > limit.burst && acceptedPerSecond !== undefined ? acceptedPerSecond / limit.ratePerSecond : undefined,
  };
}

/** Arrivals of a command per `bucketMs`, from its first arrival: where a run was limited shows as a shape. */
export function arrivalTimeline(records: readonly RequestRecord[], command: string, bucketMs: number): number[] {
  const arrivals = records.filter((record) => record.command === command).map((record) => record.arrivalMs);
  if (arrivals.length === 0) return [];
  const first = Math.min(...arrivals);
  const buckets: number[] = [];
  for (const arrival of arrivals) {
    const index = Math.floor((arrival - first) / bucketMs);
    while (buckets.length <= index) buckets.push(0);
    buckets[index] = (buckets[index] ?? 0) + 1;
  }
  return buckets;
}
