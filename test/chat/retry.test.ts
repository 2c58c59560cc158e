import { describe, expect, it } from "vitest";
import { ChatAbortedError, ChatApiError, ChatDeadlineError, ChatHttpStatusError } from "../../provider/chat/errors";
import { runWithRetry, type RetryTunables } from "../../provider/chat/retry";
import { fakeTime, rejection } from "./support";

const tunables: RetryTunables = { maxAttempts: 5, transientBaseDelayMs: 200, throttledBaseDelayMs: 1000, maxDelayMs: 20_000 };
const api = (errorCode: number) => new ChatApiError({ errorCode, errorInfo: "" });

/** An attempt function that fails with the given errors in turn, then returns "done". */
function script(failures: Error[]) {
  let calls = 0;
  const attempt = async (): Promise<string> => {
    const failure = failures[calls];
    calls += 1;
    if (failure) throw failure;
    return "done";
  };
  return { attempt, calls: () => calls };
}

describe("retry loop", () => {
  it("retries a transient failure, then succeeds, waiting the full-jitter delay", async () => {
    const time = fakeTime();
    const { attempt, calls } = script([api(20005), new ChatHttpStatusError({ httpStatus: 502 })]);
    const result = await runWithRetry(attempt, tunables, { ...time, random: () => 0.5, deadlineAtMs: time.nowMs() + 60_000 });
    expect(result).toBe("done");
    expect(calls()).toBe(3);
    expect(time.sleeps).toEqual([100, 200]);
  });

  it("waits longer for throttling", async () => {
    const time = fakeTime();
    const { attempt } = script([api(60007), api(60011)]);
    await runWithRetry(attempt, tunables, { ...time, random: () => 0.5, deadlineAtMs: time.nowMs() + 60_000 });
    expect(time.sleeps).toEqual([500, 1000]);
  });

  it("does not retry a final failure and records the attempts", async () => {
    const time = fakeTime();
    const { attempt, calls } = script([api(130004)]);
    const error = await rejection(runWithRetry(attempt, tunables, { ...time, random: () => 0.5, deadlineAtMs: time.nowMs() + 60_000 }));
    expect(error.errorCode).toBe(130004);
    expect(calls()).toBe(1);
    expect(time.sleeps).toEqual([]);
    expect(error).toMatchObject({ attempts: 1, retryStop: "final" });
  });

  it("stops after maxAttempts", async () => {
    const time = fakeTime();
    const { attempt, calls } = script(Array.from({ length: 10 }, () => api(10004)));
    const error = await rejection(runWithRetry(attempt, tunables, { ...time, random: () => 0.5, deadlineAtMs: time.nowMs() + 600_000 }));
    expect(calls()).toBe(5);
    expect(error).toMatchObject({ attempts: 5, retryStop: "attempts", errorCode: 10004 });
  });

  it("stops when the next wait would pass the deadline, without waiting for it", async () => {
    const time = fakeTime();
    const start = time.nowMs();
    const { attempt, calls } = script(Array.from({ length: 10 }, () => api(60007)));
    // Throttled waits at random 0.9: 900, 1800, 3600 … ; a 3 s deadline admits the first two only.
    const error = await rejection(
      runWithRetry(attempt, { ...tunables, maxAttempts: 10 }, { ...time, random: () => 0.9, deadlineAtMs: start + 3_000 }),
    );
    expect(time.sleeps).toEqual([900, 1800]);
    expect(time.nowMs() - start).toBe(2_700);
    expect(calls()).toBe(3);
    expect(error).toMatchObject({ attempts: 3, retryStop: "deadline", errorCode: 60007 });
  });

  it("calls a deadline error raised inside an attempt a deadline stop, not a final one", async () => {
    // The rate limiter refuses a wait that would pass the deadline before the deadline timer has fired.
    const time = fakeTime();
    const { attempt, calls } = script([new ChatDeadlineError({ deadlineMs: 100 })]);
    const error = await rejection(runWithRetry(attempt, tunables, { ...time, random: () => 0.5, deadlineAtMs: time.nowMs() + 100 }));
    expect(error).toBeInstanceOf(ChatDeadlineError);
    expect(error).toMatchObject({ code: "TCHAT_DEADLINE", attempts: 1, retryStop: "deadline" });
    expect(calls()).toBe(1);
    expect(time.sleeps).toEqual([]);
  });

  it("stops at once when aborted during a wait", async () => {
    const controller = new AbortController();
    const reason = new ChatAbortedError();
    let calls = 0;
    const error = await rejection(
      runWithRetry(
        async () => {
          calls += 1;
          throw api(10004);
        },
        tunables,
        {
          nowMs: () => 0,
          sleep: async (_ms, signal) => {
            controller.abort(reason);
            throw signal?.reason;
          },
          random: () => 0.5,
          deadlineAtMs: 60_000,
          signal: controller.signal,
        },
      ),
    );
    expect(error).toBe(reason);
    expect(calls).toBe(1);
    expect(error).toMatchObject({ retryStop: "aborted", attempts: 1 });
  });

  it("does not start an attempt when already aborted", async () => {
    const controller = new AbortController();
    controller.abort(new ChatAbortedError());
    let calls = 0;
    const error = await rejection(
      runWithRetry(async () => (calls += 1), tunables, { nowMs: () => 0, sleep: async () => {}, random: () => 0, deadlineAtMs: 1, signal: controller.signal }),
    );
    expect(error.code).toBe("TCHAT_ABORTED");
    expect(calls).toBe(0);
  });
});
