import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../emulator";
import {
  RateLimiterRegistry,
  closeSharedPools,
  createOfficialAccountClient,
  type ChatError,
  type OfficialAccountClientOptions,
} from "../../provider/chat";
import { APP, CANARY_KEY, GET_INFO, MODIFY } from "../../reliability/constants";

/**
 * A hung or slow server never holds an operation past its deadline.
 *
 * The deadline is a real timer (provider/chat/operation.ts: it must interrupt an attempt in flight, which no
 * injected clock can), so the hung-server cases run with a real 300 ms deadline but assert no elapsed time:
 * they assert the typed error (TCHAT_DEADLINE, `retryStop: "deadline"`), the attempt count and the requests
 * the emulator saw. A deadline that did not fire would instead end in the 15 s attempt timeout
 * (TCHAT_TIMEOUT) and retries, which those assertions refuse. Waits between attempts are checked with an
 * injected clock and sleep.
 */

const ID = "@TOA#_deadline";
let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator({ apps: [{ sdkAppId: APP, secretKey: CANARY_KEY }], maxRequestsPerSecond: 100_000 });
});
afterAll(async () => {
  await emulator.close();
  await closeSharedPools();
});
beforeEach(() => {
  emulator.reset();
  emulator.store.create(APP, { officialAccount: ID, ownerAccount: "owner_deadline", name: "Before" });
});

function client(options: OfficialAccountClientOptions) {
  return createOfficialAccountClient(
    { sdkAppId: APP, secretKey: CANARY_KEY, endpoint: emulator.url },
    { rateLimiter: new RateLimiterRegistry(), transientBaseDelayMs: 5, ...options },
  );
}

async function rejection(promise: Promise<unknown>): Promise<{ error: ChatError }> {
  try {
    await promise;
  } catch (error) {
    return { error: error as ChatError };
  }
  throw new Error("expected a rejection");
}

describe("a hung server (real time, 300 ms deadline)", () => {
  it("a write ends with TCHAT_DEADLINE after one attempt, though the attempt timeout is 15 s", async () => {
    emulator.setFaults({ rules: [{ kind: "hang" }] });
    const { error } = await rejection(client({ operationDeadlineMs: 300 }).modifyBaseInfo(ID, { name: "After" }));
    expect(error).toMatchObject({ code: "TCHAT_DEADLINE", deadlineMs: 300, retryStop: "deadline", attempts: 1, delivery: "unknown" });
    expect(error.message).toContain("300 ms deadline");
    expect(error.hint).toContain("operationDeadlineMs");
    expect(emulator.requests().map((entry) => entry.command)).toEqual([MODIFY]);
  });

  it("a read ends the same way, and a second read after the server recovers succeeds on the same client", async () => {
    const reader = client({ operationDeadlineMs: 300 });
    emulator.setFaults({ rules: [{ kind: "hang", count: 1 }] });
    const { error } = await rejection(reader.readProfile(ID));
    expect(error).toMatchObject({ code: "TCHAT_DEADLINE", deadlineMs: 300, attempts: 1 });
    await expect(reader.readProfile(ID)).resolves.toMatchObject({ officialAccount: ID, name: "Before" });
    expect(emulator.requests().map((entry) => entry.command)).toEqual([GET_INFO, GET_INFO]);
  });

  it("with per-attempt timeouts shorter than the deadline, attempts are retried until the deadline, never past it", async () => {
    emulator.setFaults({ rules: [{ kind: "hang" }] });
    // undici checks header timeouts about twice a second, so each hung attempt lasts 0.5–1 s.
    const { error } = await rejection(
      client({ operationDeadlineMs: 1_500, headersTimeoutMs: 100, bodyTimeoutMs: 100 }).modifyBaseInfo(ID, { name: "After" }),
    );
    expect(["TCHAT_DEADLINE", "TCHAT_TIMEOUT"]).toContain(error.code);
    expect(error.retryStop).toBe("deadline");
    const attempts = emulator.requests(MODIFY).length;
    expect(attempts).toBeGreaterThanOrEqual(1);
    expect(attempts).toBeLessThanOrEqual(1_500 / 100 + 1);
    expect(error.attempts).toBe(attempts);
  });

  it("a reply lost after the change applied, then a hang: the deadline error says the outcome is unknown", async () => {
    emulator.setFaults({ rules: [{ kind: "reset", afterApply: true, count: 1 }, { kind: "hang" }] });
    const { error } = await rejection(client({ operationDeadlineMs: 300 }).modifyBaseInfo(ID, { name: "After" }));
    expect(error).toMatchObject({ code: "TCHAT_DEADLINE", delivery: "unknown" });
    expect(emulator.store.get(APP, ID)?.name).toBe("After");
  });
});

describe("waits between attempts never pass the deadline (injected clock)", () => {
  function fakeClock() {
    let now = 1_000_000;
    const sleeps: number[] = [];
    return {
      sleeps,
      nowMs: () => now,
      sleep: async (ms: number) => {
        sleeps.push(ms);
        now += ms;
      },
      elapsed: () => now - 1_000_000,
    };
  }

  it("stops before a backoff that would end past the deadline, with the last error and retryStop deadline", async () => {
    emulator.setFaults({ rules: [{ kind: "error10004" }] });
    const clock = fakeClock();
    const { error } = await rejection(
      client({ nowMs: clock.nowMs, sleep: clock.sleep, random: () => 0.999, operationDeadlineMs: 1_000, transientBaseDelayMs: 200, maxAttempts: 10 }).modifyBaseInfo(ID, {
        name: "After",
      }),
    );
    expect(error).toMatchObject({ code: "TCHAT_API_ERROR", errorCode: 10004, retryStop: "deadline", attempts: 3 });
    // Full jitter at 0.999: 199.8, 399.6, then 799.2 would end at 1398.6 > 1000, so it is not slept.
    expect(clock.sleeps.map((ms) => Math.round(ms * 10) / 10)).toEqual([199.8, 399.6]);
    expect(clock.elapsed()).toBeLessThanOrEqual(1_000);
    expect(emulator.requests(MODIFY)).toHaveLength(3);
  });

  it("a throttling backoff longer than the whole deadline is not waited for at all", async () => {
    emulator.setFaults({ rules: [{ kind: "throttle" }] });
    const clock = fakeClock();
    const { error } = await rejection(
      client({ nowMs: clock.nowMs, sleep: clock.sleep, random: () => 0.5, operationDeadlineMs: 300, throttledBaseDelayMs: 10_000 }).modifyBaseInfo(ID, {
        name: "After",
      }),
    );
    expect(error).toMatchObject({ code: "TCHAT_API_ERROR", errorCode: 60007, retryStop: "deadline", attempts: 1 });
    expect(clock.sleeps).toEqual([]);
  });
});
