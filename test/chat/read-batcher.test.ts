import { describe, expect, it } from "vitest";
import { ReadBatcher } from "../../provider/chat/read-batcher";

/** A sleep the test releases by hand, so arrivals can be placed between the batcher's naps. */
function manualSleep() {
  const naps: { ms: number; wake: () => void }[] = [];
  return {
    naps,
    sleep: (ms: number) => new Promise<void>((resolve) => naps.push({ ms, wake: resolve })),
    async wakeNext(): Promise<void> {
      const nap = naps.shift();
      if (!nap) throw new Error("the batcher is not sleeping");
      nap.wake();
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

function recordingBatcher(options: { idleMs: number; maxWaitMs: number; batchSize: number }) {
  const clock = manualSleep();
  const calls: string[][] = [];
  const batcher = new ReadBatcher<string>(
    async (ids) => {
      calls.push(ids);
      return new Map(ids.map((id) => [id, `profile of ${id}`]));
    },
    { ...options, sleep: clock.sleep, command: "get_official_account_info" },
  );
  return { batcher, calls, clock };
}

describe("ReadBatcher", () => {
  it("keeps a batch open while reads keep arriving, and sends it after an idle nap", async () => {
    const { batcher, calls, clock } = recordingBatcher({ idleMs: 50, maxWaitMs: 500, batchSize: 50 });
    const reads = [batcher.read("@TOA#_1")];
    expect(clock.naps.map((nap) => nap.ms)).toEqual([50]);
    reads.push(batcher.read("@TOA#_2"));
    await clock.wakeNext(); // a read came in during the nap: nap again
    reads.push(batcher.read("@TOA#_3"));
    await clock.wakeNext();
    expect(calls).toEqual([]);
    await clock.wakeNext(); // a nap without arrivals: send
    expect(calls).toEqual([["@TOA#_1", "@TOA#_2", "@TOA#_3"]]);
    expect(await Promise.all(reads)).toEqual(["profile of @TOA#_1", "profile of @TOA#_2", "profile of @TOA#_3"]);
  });

  it("sends a lone read after one idle nap", async () => {
    const { batcher, calls, clock } = recordingBatcher({ idleMs: 50, maxWaitMs: 500, batchSize: 50 });
    const read = batcher.read("@TOA#_1");
    await clock.wakeNext();
    expect(calls).toEqual([["@TOA#_1"]]);
    await expect(read).resolves.toBe("profile of @TOA#_1");
  });

  it("stops waiting at maxWaitMs even while reads keep arriving", async () => {
    const { batcher, calls, clock } = recordingBatcher({ idleMs: 50, maxWaitMs: 120, batchSize: 50 });
    const reads = [batcher.read("@TOA#_1")];
    for (const id of ["@TOA#_2", "@TOA#_3", "@TOA#_4"]) {
      reads.push(batcher.read(id));
      await clock.wakeNext();
    }
    expect(calls).toEqual([["@TOA#_1", "@TOA#_2", "@TOA#_3", "@TOA#_4"]]);
    await Promise.all(reads);
  });

  it("sends a full batch at once, without waiting", async () => {
    const { batcher, calls } = recordingBatcher({ idleMs: 50, maxWaitMs: 500, batchSize: 3 });
    const reads = ["@TOA#_1", "@TOA#_2", "@TOA#_3"].map((id) => batcher.read(id));
    expect(calls).toEqual([["@TOA#_1", "@TOA#_2", "@TOA#_3"]]);
    await Promise.all(reads);
  });
});

describe("ReadBatcher while a batch is out", () => {
  it("holds a partial batch until the batch out has been answered and the next reads have come in", async () => {
    const clock = manualSleep();
    const calls: string[][] = [];
    const answers: (() => void)[] = [];
    const batcher = new ReadBatcher<string>(
      (ids) => {
        calls.push(ids);
        return new Promise((resolve) => answers.push(() => resolve(new Map(ids.map((id) => [id, id])))));
      },
      { idleMs: 50, maxWaitMs: 1_000, batchSize: 2, sleep: clock.sleep, command: "get_official_account_info" },
    );
    const first = [batcher.read("@TOA#_1"), batcher.read("@TOA#_2")]; // full: goes at once
    const third = batcher.read("@TOA#_3"); // partial, while the first batch is out
    await clock.wakeNext();
    await clock.wakeNext(); // two idle naps with no arrivals, but a batch is out: keep waiting
    expect(calls).toEqual([["@TOA#_1", "@TOA#_2"]]);
    answers[0]!();
    await Promise.all(first);
    const fourth = batcher.read("@TOA#_4"); // the caller's next read, after its answer: completes the batch
    expect(calls).toEqual([["@TOA#_1", "@TOA#_2"], ["@TOA#_3", "@TOA#_4"]]);
    answers[1]!();
    await expect(Promise.all([third, fourth])).resolves.toEqual(["@TOA#_3", "@TOA#_4"]);
  });
});

describe("ReadBatcher after a batch is answered", () => {
  function answeringBatcher() {
    const clock = manualSleep();
    let now = 0;
    const calls: string[][] = [];
    const answers: (() => void)[] = [];
    const batcher = new ReadBatcher<string>(
      (ids) => {
        calls.push(ids);
        return new Promise((resolve) => answers.push(() => resolve(new Map(ids.map((id) => [id, id])))));
      },
      { idleMs: 50, maxWaitMs: 1_000, batchSize: 3, sleep: clock.sleep, nowMs: () => now, command: "get_official_account_info" },
    );
    return { batcher, calls, answers, clock, advance: (ms: number) => (now += ms) };
  }

  it("waits for the answered callers' next reads, even past idle naps without arrivals", async () => {
    const { batcher, calls, answers, clock, advance } = answeringBatcher();
    const first = ["@TOA#_1", "@TOA#_2", "@TOA#_3"].map((id) => batcher.read(id)); // full: goes at once
    const fourth = batcher.read("@TOA#_4");
    answers[0]!();
    await Promise.all(first);
    // The engine is slow to send the next reads: two idle naps go by with nothing new.
    for (let nap = 0; nap < 2; nap += 1) {
      advance(50);
      await clock.wakeNext();
    }
    expect(calls).toEqual([["@TOA#_1", "@TOA#_2", "@TOA#_3"]]);
    const next = [batcher.read("@TOA#_5"), batcher.read("@TOA#_6")];
    expect(calls).toEqual([["@TOA#_1", "@TOA#_2", "@TOA#_3"], ["@TOA#_4", "@TOA#_5", "@TOA#_6"]]);
    answers[1]!();
    await expect(Promise.all([fourth, ...next])).resolves.toEqual(["@TOA#_4", "@TOA#_5", "@TOA#_6"]);
  });

  it("stops expecting them maxWaitMs after the answer, and sends the partial batch", async () => {
    const { batcher, calls, answers, clock, advance } = answeringBatcher();
    const first = ["@TOA#_1", "@TOA#_2", "@TOA#_3"].map((id) => batcher.read(id));
    const fourth = batcher.read("@TOA#_4");
    answers[0]!();
    await Promise.all(first);
    advance(1_000);
    await clock.wakeNext(); // the nap the answer fell into
    await clock.wakeNext(); // no arrival, no batch out, and the answered callers are overdue: send
    expect(calls).toEqual([["@TOA#_1", "@TOA#_2", "@TOA#_3"], ["@TOA#_4"]]);
    answers[1]!();
    await expect(fourth).resolves.toBe("@TOA#_4");
  });

  it("forgets the callers of a refresh that is over, so a later lone read waits one idle nap", async () => {
    const { batcher, calls, answers, clock, advance } = answeringBatcher();
    // A refresh: three callers answered, and none of them reads again.
    const refresh = ["@TOA#_1", "@TOA#_2", "@TOA#_3"].map((id) => batcher.read(id));
    answers[0]!();
    await Promise.all(refresh);
    await clock.wakeNext(); // the nap the refresh's first reads started: nothing left to send
    expect(clock.naps).toEqual([]);
    advance(2_000);
    // Later in the same process, a lone read, answered…
    const lone = batcher.read("@TOA#_4");
    advance(50);
    await clock.wakeNext();
    expect(calls.at(-1)).toEqual(["@TOA#_4"]);
    answers[1]!();
    await lone;
    // …and another one soon after that answer: one caller was answered and this is its read, so nothing
    // more is expected. It goes after one idle nap, not maxWaitMs after the answer.
    advance(100);
    const next = batcher.read("@TOA#_5");
    advance(50);
    await clock.wakeNext();
    expect(calls).toEqual([["@TOA#_1", "@TOA#_2", "@TOA#_3"], ["@TOA#_4"], ["@TOA#_5"]]);
    expect(clock.naps).toEqual([]);
    answers[2]!();
    await expect(next).resolves.toBe("@TOA#_5");
  });
});
