import { describe, expect, it } from "vitest";
import { inspect } from "node:util";
import { ChatAbortedError, ChatApiError } from "../../provider/chat/errors";
import { RateLimiterRegistry } from "../../provider/chat/limiter";
import { OfficialAccountClient } from "../../provider/chat/official-accounts";
import { transportStats } from "../../provider/chat/transport";
import { decodeUserSig, verifyUserSig } from "../../provider/chat/usersig";
import { CANARY_SECRET, fail, fakeChatApp, fakeTime, ok, rejection, testClient, useFakeChatServers, TEST_SDK_APP_ID as SDK_APP_ID, type Reply } from "./support";

const serve = useFakeChatServers();

describe("client on the wire (node:http on 127.0.0.1)", () => {
  it("POSTs JSON to the documented URL with a valid UserSig, keeping @TOA#_ IDs intact in the body", async () => {
    const app = fakeChatApp([{ Official_Account: "@TOA#_@TOA#dOEF", Owner_Account: "107867", Name: "old" }]);
    const target = await serve((request) => app.answer(request));
    const time = fakeTime();
    const client = new OfficialAccountClient(
      { sdkAppId: SDK_APP_ID, secretKey: CANARY_SECRET, endpoint: target.baseUrl },
      { nowMs: time.nowMs, sleep: time.sleep, random: () => 0.25, rateLimiter: new RateLimiterRegistry(time) },
    );
    await client.modifyBaseInfo("@TOA#_@TOA#dOEF", { name: "新名字", introduction: "", faceUrl: undefined });
    const [request] = target.requests;
    expect(request?.method).toBe("POST");
    expect(request?.command).toBe("modify_official_account_base_info");
    expect(request?.rawQuery).toMatch(/^sdkappid=1400000000&identifier=administrator&usersig=[^&]+&random=1073741824&contenttype=json$/);
    expect(request?.rawBody).toBe('{"Official_Account":"@TOA#_@TOA#dOEF","Name":"新名字","Introduction":""}');
    const verdict = verifyUserSig({
      userSig: request!.query.get("usersig")!,
      sdkAppId: SDK_APP_ID,
      identifier: "administrator",
      secretKey: CANARY_SECRET,
      nowSeconds: Math.floor(time.nowMs() / 1000),
    });
    expect(verdict.ok).toBe(true);
    expect(app.accounts.get("@TOA#_@TOA#dOEF")?.Name).toBe("新名字");
  });

  it("signs UserSigs that live an hour at most, and never sends one within minutes of its expiry", async () => {
    const target = await serve(() => ok());
    const time = fakeTime();
    const client = testClient(target, { nowMs: time.nowMs, sleep: time.sleep, rateLimiter: new RateLimiterRegistry(time) });
    const sentAtSeconds: number[] = [];
    // A long run: one call every 7 minutes for 5 hours.
    for (let call = 0; call < 43; call += 1) {
      sentAtSeconds.push(Math.floor(time.nowMs() / 1000));
      await client.modifyBaseInfo("@TOA#_a", { name: `n${call}` });
      time.advance(7 * 60_000);
    }
    const claims = target.requests.map((request) => decodeUserSig(request.query.get("usersig")!)!);
    for (const [index, claim] of claims.entries()) {
      expect(claim.ttlSeconds, `request ${index}`).toBeLessThanOrEqual(60 * 60);
      const secondsLeft = claim.issuedAtSeconds + claim.ttlSeconds - sentAtSeconds[index]!;
      expect(secondsLeft, `request ${index}`).toBeGreaterThanOrEqual(5 * 60);
    }
    // Renewed as the run goes on, but signed once per renewal, not per request.
    const distinct = new Set(target.requests.map((request) => request.query.get("usersig")));
    expect(distinct.size).toBeGreaterThan(1);
    expect(distinct.size).toBeLessThan(claims.length / 2);
  });

  it("makes no call for an empty change set", async () => {
    const target = await serve(() => ok());
    await testClient(target).modifyBaseInfo("@TOA#_a", { name: undefined });
    expect(target.requests).toHaveLength(0);
  });

  it("draws a fresh random per request from the injected source, and signs the UserSig once", async () => {
    const target = await serve(() => ok());
    const draws = [0, 0.5, 1 - Number.EPSILON, 0.125];
    let next = 0;
    const client = testClient(target, { random: () => draws[next++ % draws.length]! });
    for (let call = 0; call < 4; call += 1) await client.modifyBaseInfo("@TOA#_a", { name: `n${call}` });
    expect(target.requests.map((request) => request.query.get("random"))).toEqual(["0", "2147483648", "4294967295", "536870912"]);
    const sigs = new Set(target.requests.map((request) => request.query.get("usersig")));
    expect(sigs.size).toBe(1);
  });

  it("uses a crypto random in 0..4294967295 by default", async () => {
    const target = await serve(() => ok());
    const client = new OfficialAccountClient(
      { sdkAppId: SDK_APP_ID, secretKey: CANARY_SECRET, endpoint: target.baseUrl },
      { rateLimiter: new RateLimiterRegistry() },
    );
    for (let call = 0; call < 20; call += 1) await client.modifyBaseInfo("@TOA#_a", { name: "n" });
    const values = target.requests.map((request) => Number(request.query.get("random")));
    for (const value of values) {
      expect(Number.isInteger(value)).toBe(true);
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(4294967295);
    }
    expect(new Set(values).size).toBeGreaterThan(1);
  });

  it("reuses keep-alive connections of the shared pool across calls and clients", async () => {
    const target = await serve(() => ok());
    const before = transportStats().connectionsOpened;
    const first = testClient(target);
    const second = testClient(target);
    const round = async (): Promise<void> => {
      await first.modifyBaseInfo("@TOA#_a", { name: "a" });
      await second.modifyBaseInfo("@TOA#_b", { name: "b" });
    };
    for (let call = 0; call < 5; call += 1) await round();
    const warm = transportStats().connectionsOpened - before;
    for (let call = 0; call < 45; call += 1) await round();
    expect(target.requests).toHaveLength(100);
    // undici may open a second socket while the first finishes its first exchange; after that, none.
    expect(warm).toBeGreaterThanOrEqual(1);
    expect(warm).toBeLessThanOrEqual(2);
    expect(transportStats().connectionsOpened - before).toBe(warm);
    expect(transportStats().openPools).toBe(1);
  });

  it("retries a transient Tencent error, then succeeds", async () => {
    const target = await serve((_request, index) => (index === 0 ? fail(20005) : ok()));
    await testClient(target).modifyBaseInfo("@TOA#_a", { name: "n" });
    expect(target.requests).toHaveLength(2);
  });

  it("retries throttling, then succeeds", async () => {
    const target = await serve((_request, index) => (index < 2 ? fail(60007) : ok()));
    const time = fakeTime();
    await testClient(target, { nowMs: time.nowMs, sleep: time.sleep }).modifyBaseInfo("@TOA#_a", { name: "n" });
    expect(target.requests).toHaveLength(3);
    expect(time.sleeps).toEqual([500, 1000]);
  });

  it("does not retry a final error and says what to do", async () => {
    const target = await serve(() => fail(131000, "official account service not enabled"));
    const error = await rejection(testClient(target).modifyBaseInfo("@TOA#_a", { name: "n" }));
    expect(target.requests).toHaveLength(1);
    expect(error).toBeInstanceOf(ChatApiError);
    expect(error).toMatchObject({
      code: "TCHAT_API_ERROR",
      errorCode: 131000,
      command: "modify_official_account_base_info",
      officialAccount: "@TOA#_a",
      sdkAppId: SDK_APP_ID,
      attempts: 1,
      retryable: "final",
    });
    expect(error.hint).toMatch(/enable it in the Chat console/);
  });

  it("gives up at the deadline using the injected clock, without real waiting", async () => {
    const target = await serve(() => fail(60007));
    const time = fakeTime();
    const error = await rejection(
      testClient(target, { nowMs: time.nowMs, sleep: time.sleep, random: () => 0.9, maxAttempts: 50 }).modifyBaseInfo(
        "@TOA#_a",
        { name: "n" },
        { deadlineMs: 3_000 },
      ),
    );
    expect(error).toMatchObject({ errorCode: 60007, retryStop: "deadline", attempts: 3 });
    expect(time.sleeps).toEqual([900, 1800]);
  });

  it("retries connection resets, HTTP 502 and then succeeds", async () => {
    const target = await serve((_request, index): Reply => {
      if (index === 0) return { reset: true };
      if (index === 1) return { raw: "<html>502 Bad Gateway</html>", status: 502 };
      return ok();
    });
    await testClient(target).modifyBaseInfo("@TOA#_a", { name: "n" });
    expect(target.requests).toHaveLength(3);
  });

  it("reports a reset on the last attempt as a transient network error with attempts", async () => {
    const target = await serve(() => ({ reset: true }));
    const error = await rejection(testClient(target, { maxAttempts: 2 }).modifyBaseInfo("@TOA#_a", { name: "n" }));
    expect(error).toMatchObject({ code: "TCHAT_NETWORK", retryable: "transient", delivery: "unknown", attempts: 2, retryStop: "attempts" });
    // Two modify attempts, then one read to see whether the last (unanswered) one landed.
    expect(target.requests.map((request) => request.command)).toEqual([
      "modify_official_account_base_info",
      "modify_official_account_base_info",
      "get_official_account_info",
    ]);
  });

  it("retries a non-JSON 200 body of modify (absolute values, safe to resend), then reports TCHAT_BAD_RESPONSE", async () => {
    const target = await serve(() => ({ raw: "<html>captive portal</html>" }));
    const error = await rejection(testClient(target, { maxAttempts: 3 }).modifyBaseInfo("@TOA#_a", { name: "n" }));
    expect(error).toMatchObject({ code: "TCHAT_BAD_RESPONSE", httpStatus: 200, attempts: 3, retryStop: "attempts" });
    expect(target.requests.map((request) => request.command)).toEqual([
      "modify_official_account_base_info",
      "modify_official_account_base_info",
      "modify_official_account_base_info",
      "get_official_account_info",
    ]);
  });

  it("times out a hung response (headers timeout) as TCHAT_TIMEOUT", async () => {
    const target = await serve(() => ({ hang: true }));
    const error = await rejection(testClient(target, { headersTimeoutMs: 50, maxAttempts: 1 }).modifyBaseInfo("@TOA#_a", { name: "n" }));
    expect(error).toMatchObject({ code: "TCHAT_TIMEOUT", phase: "headers", delivery: "unknown", retryable: "transient" });
  });

  it("aborts an attempt in flight", async () => {
    const target = await serve(() => ({ hang: true }));
    const controller = new AbortController();
    const pending = rejection(testClient(target).modifyBaseInfo("@TOA#_a", { name: "n" }, { signal: controller.signal }));
    await target.received(1);
    controller.abort();
    const error = await pending;
    expect(error).toBeInstanceOf(ChatAbortedError);
    expect(error).toMatchObject({ code: "TCHAT_ABORTED", delivery: "unknown", command: "modify_official_account_base_info" });
    expect(target.requests).toHaveLength(1);
  });

  it("ends an attempt in flight at the operation deadline", async () => {
    const target = await serve(() => ({ hang: true }));
    const error = await rejection(testClient(target).modifyBaseInfo("@TOA#_a", { name: "n" }, { deadlineMs: 50 }));
    expect(error).toMatchObject({ code: "TCHAT_DEADLINE", deadlineMs: 50, delivery: "unknown", retryStop: "deadline", attempts: 1 });
    expect(error.hint).toMatch(/operationDeadlineMs/);
  });

  it("sends nothing when the signal is already aborted", async () => {
    const target = await serve(() => ok());
    const error = await rejection(testClient(target).modifyBaseInfo("@TOA#_a", { name: "n" }, { signal: AbortSignal.abort() }));
    expect(error.code).toBe("TCHAT_ABORTED");
    expect(target.requests).toHaveLength(0);
  });

  it("never shows the secret key or the UserSig, even when the server echoes them", async () => {
    let seenSig = "";
    const target = await serve((request) => {
      seenSig = request.query.get("usersig") ?? "";
      return fail(70009, `bad sig ${seenSig} for key ${CANARY_SECRET} in /x?usersig=${seenSig}`);
    });
    const error = await rejection(testClient(target).modifyBaseInfo("@TOA#_a", { name: "n" }));
    expect(seenSig.length).toBeGreaterThan(20);
    expect(decodeUserSig(seenSig)).toBeDefined();
    const shown = inspect(error, { depth: 20 }) + JSON.stringify(error) + String(error.stack);
    expect(shown).not.toContain(CANARY_SECRET);
    expect(shown).not.toContain(seenSig);
    expect(error.url).toMatch(/usersig=\[REDACTED\]&random=/);
    expect(error.hint).toMatch(/secret key or the data-centre region/);
  });

  it("never shows the UserSig in network errors either", async () => {
    const target = await serve(() => ok());
    const deadEnd = target.baseUrl;
    await target.close();
    const client = new OfficialAccountClient(
      { sdkAppId: SDK_APP_ID, secretKey: CANARY_SECRET, endpoint: deadEnd },
      { sleep: async () => {}, random: () => 0.5, rateLimiter: new RateLimiterRegistry(), maxAttempts: 2 },
    );
    const error = await rejection(client.modifyBaseInfo("@TOA#_a", { name: "n" }));
    expect(error.code).toBe("TCHAT_NETWORK");
    expect(error.delivery).toBe("not-sent");
    expect(error.attempts).toBe(2);
    const shown = inspect(error, { depth: 20 });
    expect(shown).not.toContain(CANARY_SECRET);
    expect(shown).toContain("usersig=[REDACTED]");
    expect(shown).not.toMatch(/usersig=(?!\[REDACTED\])/);
  });
});
