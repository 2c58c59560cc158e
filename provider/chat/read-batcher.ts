import { ChatAbortedError, isChatError, withErrorContext } from "./errors";
import { systemNowMs, type NowMs, type Sleep } from "./timing";
import type { CallOptions } from "./types";

/**
 * Coalesces single-account reads into get_official_account_info calls of at most `batchSize` IDs ("with a
 * maximum of 50 official accounts per pull", 1047/60758). A full batch goes at once. A partial batch waits
 * while reads keep arriving or an earlier batch is still out, and goes after `idleMs` of neither, or
 * `maxWaitMs` after it started waiting. Why not a fixed window: the engine issues refresh reads as its
 * parallelism frees up (`--parallel 64`: 64 reads, then more only as answers come back), so the reads that
 * complete a batch arrive only after the previous batch has been answered; a window short enough for a lone
 * read splits every round into a full batch and a small one. For the same reason, each caller answered is
 * taken to send its next read soon: after a batch is answered, a partial batch also waits (up to `maxWaitMs`
 * after that answer) until as many reads have arrived as callers were answered, however slow the engine is to
 * send them. With 1,000 profiles and 64 steps in flight that makes every batch a full one.
 * Results are split back per caller. A failed batch rejects every caller: a ChatError as a copy of its own
 * that names the caller's account; anything else (not raised by the client: a bug) as the same object for
 * every caller. A caller's AbortSignal only affects that caller. The batch runs with the longest deadline
 * among its callers.
 */

export type BatchFetch<R> = (officialAccounts: string[], options: CallOptions) => Promise<Map<string, R>>;

export interface ReadBatcherOptions {
  /** A partial batch goes once no read has arrived and no batch has been answered for this long… */
  idleMs: number;
  /** …or once it has waited this long. */
  maxWaitMs: number;
  batchSize: number;
  sleep: Sleep;
  /** Clock for how long ago a batch was answered. Default Date.now. */
  nowMs?: NowMs;
  /** Command name used in the errors of callers that abort. */
  command: string;
}

interface Waiter<R> {
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
  deadlineMs: number | undefined;
  settled: boolean;
  detach: () => void;
}

export class ReadBatcher<R> {
  private readonly fetch: BatchFetch<R>;
  private readonly options: ReadBatcherOptions;
  private pending = new Map<string, Waiter<R>[]>();
  private collecting = false;
  /** Counts arrivals and answered batches, so the collecting loop can tell whether anything happened while it slept. */
  private activity = 0;
  /** Counts full batches sent on arrival: each starts a new partial batch, whose wait starts afresh. */
  private fullBatches = 0;
  private batchesOut = 0;
  /** Callers answered whose next read has not arrived yet (see above). */
  private awaitingNextRead = 0;
  private lastAnswerAtMs = Number.NEGATIVE_INFINITY;
  private readonly nowMs: NowMs;

  constructor(fetch: BatchFetch<R>, options: ReadBatcherOptions) {
    this.fetch = fetch;
    this.options = options;
    this.nowMs = options.nowMs ?? systemNowMs;
  }

  read(officialAccount: string, options?: CallOptions): Promise<R> {
    const signal = options?.signal;
    if (signal?.aborted) return Promise.reject(this.abortedError(officialAccount, signal));
    return new Promise<R>((resolve, reject) => {
      const waiter: Waiter<R> = { resolve, reject, deadlineMs: options?.deadlineMs, settled: false, detach: () => undefined };
      if (signal) {
        const onAbort = (): void => {
          this.forget(officialAccount, waiter);
          settle(waiter, () => reject(this.abortedError(officialAccount, signal)));
        };
        signal.addEventListener("abort", onAbort, { once: true });
        waiter.detach = () => signal.removeEventListener("abort", onAbort);
      }
      const waiters = this.pending.get(officialAccount);
      if (waiters) waiters.push(waiter);
      else this.pending.set(officialAccount, [waiter]);

      this.activity += 1;
      this.forgetExpiredExpectation();
      if (this.awaitingNextRead > 0) this.awaitingNextRead -= 1;
      if (this.pending.size >= this.options.batchSize) {
        this.fullBatches += 1;
        this.flush(this.options.batchSize);
      } else if (!this.collecting) {
        this.collecting = true;
        void this.collect();
      }
    });
  }

  /** Sleeps in idle-sized steps while reads arrive or batches are out, then sends what is pending. */
  private async collect(): Promise<void> {
    const { idleMs, maxWaitMs, batchSize } = this.options;
    let waitedMs = 0;
    let seenActivity = -1;
    let seenFullBatches = this.fullBatches;
    for (;;) {
      if (this.fullBatches !== seenFullBatches) {
        seenFullBatches = this.fullBatches;
        waitedMs = 0;
      }
      const busy = this.batchesOut > 0 || this.activity !== seenActivity || this.expectingNextReads();
      if (this.pending.size === 0 || !busy || waitedMs >= maxWaitMs) break;
      seenActivity = this.activity;
      const stepMs = Math.min(idleMs, maxWaitMs - waitedMs);
      await this.options.sleep(stepMs);
      waitedMs += stepMs;
    }
    this.collecting = false;
    while (this.pending.size > 0) this.flush(batchSize);
  }

  /** Callers answered lately whose next reads are still to come (for at most `maxWaitMs` after the answer). */
  private expectingNextReads(): boolean {
    this.forgetExpiredExpectation();
    return this.awaitingNextRead > 0;
  }

  /**
   * Callers not back within `maxWaitMs` of the last answer are not coming (the refresh is over): forget them,
   * or in a long-lived process their count would outlive the refresh, and the next answer, renewing the
   * window, would make a lone read wait up to `maxWaitMs` for reads that never come.
   */
  private forgetExpiredExpectation(): void {
    if (this.nowMs() - this.lastAnswerAtMs >= this.options.maxWaitMs) this.awaitingNextRead = 0;
  }

  /** Sends the oldest `count` pending IDs as one batch. */
  private flush(count: number): void {
    const batch = new Map<string, Waiter<R>[]>();
    for (const [officialAccount, waiters] of this.pending) {
      if (batch.size >= count) break;
      batch.set(officialAccount, waiters);
    }
    for (const officialAccount of batch.keys()) this.pending.delete(officialAccount);
    if (batch.size === 0) return;
    void this.run(batch);
  }

  private async run(batch: Map<string, Waiter<R>[]>): Promise<void> {
    const deadlines = [...batch.values()].flat().map((waiter) => waiter.deadlineMs);
    const options: CallOptions = deadlines.every((deadline) => deadline !== undefined)
      ? { deadlineMs: Math.max(...(deadlines as number[])) }
      : {};
    let results: Map<string, R>;
    this.batchesOut += 1;
    try {
      results = await this.fetch([...batch.keys()], options);
    } catch (error) {
      for (const [officialAccount, waiters] of batch) {
        for (const waiter of waiters) {
          settle(waiter, () => waiter.reject(isChatError(error) ? withErrorContext(error, { officialAccount }) : error));
        }
      }
      return;
    } finally {
      this.batchesOut -= 1;
      this.activity += 1;
      this.forgetExpiredExpectation();
      this.awaitingNextRead += [...batch.values()].reduce((callers, waiters) => callers + waiters.length, 0);
      this.lastAnswerAtMs = this.nowMs();
    }
    for (const [officialAccount, waiters] of batch) {
      const result = results.get(officialAccount);
      for (const waiter of waiters) {
        settle(waiter, () =>
          result === undefined
            ? waiter.reject(new Error(`read batch returned no result for ${officialAccount}`))
            : waiter.resolve(result),
        );
      }
    }
  }

  private forget(officialAccount: string, waiter: Waiter<R>): void {
    const waiters = this.pending.get(officialAccount);
    if (!waiters) return;
    const remaining = waiters.filter((candidate) => candidate !== waiter);
    if (remaining.length > 0) this.pending.set(officialAccount, remaining);
    else this.pending.delete(officialAccount);
  }

  private abortedError(officialAccount: string, signal: AbortSignal): ChatAbortedError {
    return new ChatAbortedError({ command: this.options.command, officialAccount, cause: signal.reason });
  }
}

function settle<R>(waiter: Waiter<R>, action: () => void): void {
  if (waiter.settled) return;
  waiter.settled = true;
  waiter.detach();
  action();
}
