import { MockAgent } from "undici";
import { describe, expect, it } from "vitest";
import { RateLimiterRegistry, resetSharedRateLimiter, sharedRateLimiter } from "../../provider/chat/limiter";
import { OfficialAccountClient } from "../../provider/chat/official-accounts";
import { CANARY_SECRET, fakeTime } from "./support";

const okBody = { ActionStatus: "OK", ErrorInfo: "", ErrorCode: 0 };

function mockTencent(origin: string) {
  const agent = new MockAgent({ enableCallHistory: true });
  agent.disableNetConnect();
  const pool = agent.get(origin);
  return { agent, pool };
}

describe("client with an injected dispatcher (undici MockAgent)", () => {
  it("targets the region's domain over HTTPS and percent-encodes the identifier", async () => {
    const { agent, pool } = mockTencent("https://adminapisgp.im.qcloud.com");
    pool.intercept({ path: /^\/v4\/official_account_open_http_svc\/modify_official_account_base_info\?/, method: "POST" }).reply(200, okBody);
    const time = fakeTime();
    const client = new OfficialAccountClient(
      { sdkAppId: 20000001, secretKey: CANARY_SECRET, identifier: "ops admin#1", region: "singapore" },
      { dispatcher: agent, nowMs: time.nowMs, sleep: time.sleep, random: () => 0, rateLimiter: new RateLimiterRegistry(time) },
    );
    await client.modifyBaseInfo("@TOA#_support", { organization: "Example Ltd" });
    const call = agent.getCallHistory()?.firstCall();
    expect(call?.origin).toBe("https://adminapisgp.im.qcloud.com");
    expect(call?.path).toBe("/v4/official_account_open_http_svc/modify_official_account_base_info");
    expect(call?.fullUrl).toMatch(/\?sdkappid=20000001&identifier=ops%20admin%231&usersig=[A-Za-z0-9*_-]+&random=0&contenttype=json$/);
    expect(call?.headers).toMatchObject({ "content-type": "application/json; charset=utf-8" });
    expect(JSON.parse(String(call?.body))).toEqual({ Official_Account: "@TOA#_support", Organization: "Example Ltd" });
    agent.assertNoPendingInterceptors();
    await agent.close();
  });

  it("uses the standby domain when asked", async () => {
    const { agent, pool } = mockTencent("https://adminapi.my-imcloud.com");
    pool.intercept({ path: /get_official_account_info/, method: "POST" }).reply(200, { ...okBody, OfficialAccountInfoList: [] });
    const client = new OfficialAccountClient(
      { sdkAppId: 1400000000, secretKey: CANARY_SECRET, standbyDomain: true },
      { dispatcher: agent, sleep: async () => {}, rateLimiter: new RateLimiterRegistry() },
    );
    const results = await client.getInfo(["@TOA#_a"]);
    expect(results.get("@TOA#_a")).toMatchObject({ found: false, error: { errorCode: 130004 } });
    agent.assertNoPendingInterceptors();
    await agent.close();
  });

  it("shares the process-wide limiter between clients of one app, per command", async () => {
    resetSharedRateLimiter();
    const { agent, pool } = mockTencent("https://console.tim.qq.com");
    pool.intercept({ path: /official_account_open_http_svc/, method: "POST" }).reply(200, okBody).persist();
    const connection = { sdkAppId: 1400000000, secretKey: CANARY_SECRET };
    const first = new OfficialAccountClient(connection, { dispatcher: agent });
    const second = new OfficialAccountClient(connection, { dispatcher: agent });
    await first.modifyBaseInfo("@TOA#_a", { name: "a" });
    await second.modifyBaseInfo("@TOA#_b", { name: "b" });
    expect(sharedRateLimiter().size).toBe(1);
    await second.destroyAccount("@TOA#_b");
    expect(sharedRateLimiter().size).toBe(2);
    await new OfficialAccountClient({ ...connection, sdkAppId: 1400000001 }, { dispatcher: agent }).destroyAccount("@TOA#_c");
    expect(sharedRateLimiter().size).toBe(3);
    resetSharedRateLimiter();
    await agent.close();
  });

  it("throttles two clients of one app together at the configured rate (fake clock)", async () => {
    const { agent, pool } = mockTencent("https://console.tim.qq.com");
    pool.intercept({ path: /official_account_open_http_svc/, method: "POST" }).reply(200, okBody).persist();
    const time = fakeTime();
    const limiter = new RateLimiterRegistry(time);
    const options = {
      dispatcher: agent,
      nowMs: time.nowMs,
      sleep: time.sleep,
      rateLimiter: limiter,
      maxRequestsPerSecond: 20,
      rateLimitBurstSeconds: 0.5,
    };
    const connection = { sdkAppId: 1400000000, secretKey: CANARY_SECRET };
    const first = new OfficialAccountClient(connection, options);
    const second = new OfficialAccountClient(connection, options);
    const start = time.nowMs();
    for (let call = 0; call < 30; call += 1) {
      await first.modifyBaseInfo("@TOA#_a", { name: "a" });
      await second.modifyBaseInfo("@TOA#_b", { name: "b" });
    }
    // 60 calls, burst 10 (0.5 s of 20/s), then 20/s: 50 more take 2.5 s.
    expect(time.nowMs() - start).toBe(2_500);
    await agent.close();
  });
});
