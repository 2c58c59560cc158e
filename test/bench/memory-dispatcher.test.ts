import { describe, expect, it } from "vitest";
import { ourModifyCaller, withGlobalFetchDispatcher } from "../../bench/clients";
import { MemoryDispatcher } from "../../bench/memory-dispatcher";
import { benchProfiles } from "../../bench/profiles";

/** The in-memory dispatcher must be a faithful stand-in for both HTTP stacks the CPU figure compares. */
describe("MemoryDispatcher", () => {
  it("answers Node's built-in fetch (the baseline's HTTP stack) and drains the body", async () => {
    const dispatcher = new MemoryDispatcher({ ActionStatus: "OK", ErrorCode: 0, ErrorInfo: "" });
    const body = await withGlobalFetchDispatcher(dispatcher, async () => {
      const response = await fetch("http://127.0.0.1:59999/v4/x", { method: "POST", body: JSON.stringify({ a: 1 }) });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toContain("application/json");
      return response.json();
    });
    expect(body).toEqual({ ActionStatus: "OK", ErrorCode: 0, ErrorInfo: "" });
    expect(dispatcher.requests).toBe(1);
  });

  it("answers undici's request() as used by our client, which then parses the envelope", async () => {
    const dispatcher = new MemoryDispatcher({ ActionStatus: "OK", ErrorCode: 0, ErrorInfo: "" });
    const caller = ourModifyCaller({ endpoint: "http://127.0.0.1:59999", dispatcher, maxRequestsPerSecond: 1e9 });
    try {
      const [profile] = benchProfiles(1);
      await caller.modify(profile!.args);
      await caller.modify(profile!.args);
    } finally {
      await caller.close();
    }
    expect(dispatcher.requests).toBe(2);
  });

  it("passes an error envelope through, so the client sees a failure", async () => {
    const dispatcher = new MemoryDispatcher({ ActionStatus: "FAIL", ErrorCode: 130004, ErrorInfo: "missing" });
    const caller = ourModifyCaller({ endpoint: "http://127.0.0.1:59999", dispatcher, maxRequestsPerSecond: 1e9 });
    try {
      await expect(caller.modify(benchProfiles(1)[0]!.args)).rejects.toMatchObject({ errorCode: 130004 });
    } finally {
      await caller.close();
    }
  });
});
