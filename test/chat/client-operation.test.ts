import { describe, expect, it } from "vitest";
import { ChatAbortedError } from "../../provider/chat/errors";
import { RateLimiterRegistry, type AcquireOptions, type RateLimitKey } from "../../provider/chat/limiter";
import { MAX_TIMER_MS } from "../../provider/chat/options";
import { fail, fakeTime, ok, rejection, testClient, useFakeChatServers, type RecordedRequest } from "./support";

const serve = useFakeChatServers();

/** Counts the rate-limit tokens the client asks for: one per request it is about to send. */
class CountingLimiter extends RateLimiterRegistry {
  acquired = 0;

  override async acquire(key: RateLimitKey, options: AcquireOptions): Promise<number> {
    this.acquired += 1;
    return super.acquire(key, options);
  }
}

const requestedId = (request: RecordedRequest): string | undefined =>
  (request.body as { OfficialAccountIdList?: { Official_Account: string }[] }).OfficialAccountIdList?.[0]?.Official_Account;

/** Lets the microtasks and I/O callbacks queued so far run. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe("one operation", () => {
  it("stops its other requests once it has failed: no request after the caller's rejection", async () => {
    // Two get-info chunks of one ID each. @TOA#_slow answers 10004 and its retry waits in a backoff sleep
    // that only the test (or an abort) ends; @TOA#_bad answers a final error once that sleep has started.
    let backoffStarted!: () => void;
    const backoff = new Promise<void>((resolve) => {
      backoffStarted = resolve;
    });
    const sleepers: { signal: AbortSignal | undefined; wake: () => void }[] = [];
    const sleep = (_ms: number, signal?: AbortSignal): Promise<void> =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        signal?.addEventListener("abort", () => reject(signal.reason), { once: true });
        sleepers.push({ signal, wake: resolve });
        backoffStarted();
      });
    const target = await serve((request) =>
      requestedId(request) === "@TOA#_slow" ? fail(10004) : { after: backoff, then: fail(60010, "identifier is not an admin") },
    );
    const limiter = new CountingLimiter(fakeTime());
    const client = testClient(target, { getInfoBatchSize: 1, sleep, rateLimiter: limiter });

    const error = await rejection(client.getInfo(["@TOA#_slow", "@TOA#_bad"]));
    expect(error).toMatchObject({ code: "TCHAT_API_ERROR", errorCode: 60010, retryStop: "final" });
    const sentBeforeRejection = limiter.acquired;
    expect(sentBeforeRejection).toBe(2);
    expect(sleepers).toHaveLength(1);
    expect(sleepers[0]?.signal?.aborted).toBe(true);
    expect(sleepers[0]?.signal?.reason).toBeInstanceOf(ChatAbortedError);

    // Had the backoff not been aborted, waking it would send the retry now.
    for (const sleeper of sleepers) sleeper.wake();
    await settle();
    expect(limiter.acquired - sentBeforeRejection).toBe(0);
    expect(target.requests).toHaveLength(2);
  });

  it("ends with retryStop 'deadline' when the rate limiter's wait would pass the deadline", async () => {
    const target = await serve(() => ok());
    const client = testClient(target, { maxRequestsPerSecond: 1, rateLimitBurstSeconds: 1 });
    await client.modifyBaseInfo("@TOA#_a", { name: "first" });
    // The bucket is empty for the next second; a 100 ms deadline cannot wait for it.
    const error = await rejection(client.modifyBaseInfo("@TOA#_a", { name: "second" }, { deadlineMs: 100 }));
    expect(error).toMatchObject({ code: "TCHAT_DEADLINE", retryStop: "deadline", attempts: 1, delivery: "not-sent" });
    expect(target.requests).toHaveLength(1);
  });

  it.each([
    ["above the longest timer", MAX_TIMER_MS + 1],
    ["NaN", Number.NaN],
    ["infinite", Number.POSITIVE_INFINITY],
    ["zero", 0],
  ])("refuses a per-call deadlineMs %s before sending anything", async (_label, deadlineMs) => {
    const target = await serve(() => ok());
    const client = testClient(target);
    const modify = await rejection(client.modifyBaseInfo("@TOA#_a", { name: "n" }, { deadlineMs }));
    expect(modify).toMatchObject({ code: "TCHAT_CONFIG", setting: "deadlineMs", sdkAppId: 1400000000 });
    expect(modify.message).toContain(String(deadlineMs));
    const read = await rejection(client.readProfile("@TOA#_a", { deadlineMs }));
    expect(read).toMatchObject({ code: "TCHAT_CONFIG", setting: "deadlineMs" });
    expect(target.requests).toHaveLength(0);
  });

  it("accepts a per-call deadlineMs of exactly the longest timer", async () => {
    const target = await serve(() => ok());
    await testClient(target).modifyBaseInfo("@TOA#_a", { name: "n" }, { deadlineMs: MAX_TIMER_MS });
    expect(target.requests).toHaveLength(1);
  });
});
