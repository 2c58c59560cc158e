import { ChatAbortedError, isChatError, withErrorContext } from "./errors";
import type { Sleep } from "./timing";
import type { CallOptions } from "./types";

/**
 * Coalesces single-account reads. Reads arriving within `windowMs` of the first one share
 * get_official_account_info calls of at most `batchSize` IDs ("with a maximum of 50 official accounts per
 * pull", 1047/60758); a full batch goes at once. Results are split back per caller, and a failed batch
 * rejects every caller with its own copy of the error. A caller's AbortSignal only affects that caller.
 * The batch runs with the longest deadline among its callers.
 */

export type BatchFetch<R> = (officialAccounts: string[], options: CallOptions) => Promise<Map<string, R>>;

export interface ReadBatcherOptions {
  windowMs: number;
  batchSize: number;
  sleep: Sleep;
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
  private windowOpen = false;

  constructor(fetch: BatchFetch<R>, options: ReadBatcherOptions) {
    this.fetch = fetch;
    this.options = options;
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

      if (this.pending.size >= this.options.batchSize) {
        this.flush(this.options.batchSize);
      } else if (!this.windowOpen) {
        this.windowOpen = true;
        void this.options.sleep(this.options.windowMs).then(() => {
          this.windowOpen = false;
          while (this.pending.size > 0) this.flush(this.options.batchSize);
        });
      }
    });
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
    try {
      results = await this.fetch([...batch.keys()], options);
    } catch (error) {
      for (const [officialAccount, waiters] of batch) {
        for (const waiter of waiters) {
          settle(waiter, () => waiter.reject(isChatError(error) ? withErrorContext(error, { officialAccount }) : error));
        }
      }
      return;
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
