/**
 * Runs tasks with at most `limit` in flight, like `pulumi up --parallel` (the CLI's default is unbounded).
 * After `stop()` no new task starts; tasks already running finish (the CLI's behaviour on a failed step).
 */
export interface ParallelRunner {
  run<T>(task: () => Promise<T>): Promise<T | undefined>;
  stop(): void;
  readonly stopped: boolean;
}

export function createParallelRunner(limit: number = Number.POSITIVE_INFINITY): ParallelRunner {
  if (!(limit >= 1)) throw new RangeError(`parallel must be at least 1, got ${limit}`);
  let active = 0;
  let stopped = false;
  const waiting: Array<() => void> = [];
  // A finishing task hands its slot straight to the next waiter, so a newcomer cannot overtake and exceed the limit.
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else active -= 1;
  };
  return {
    get stopped() {
      return stopped;
    },
    stop() {
      stopped = true;
    },
    async run(task) {
      if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
      else active += 1;
      try {
        if (stopped) return undefined;
        return await task();
      } finally {
        release();
      }
    },
  };
}
