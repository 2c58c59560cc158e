/** What tests can look at and change out of band: request log, connection count, store, reset, admin endpoints. */
import { request as httpRequest } from "node:http";
import { Client } from "undici";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EmulatorStoreError } from "../../emulator";
import { APP_ID, APP_KEY, OTHER_APP_ID, OTHER_APP_KEY, SAMPLE_CREATE, START_MS, startHarness, type Harness } from "./support";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.emulator.close();
});

function postOnNewConnection(url: string, body: unknown): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: "POST", agent: false }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end(JSON.stringify(body));
  });
}

async function admin(method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown>; text: string }> {
  const response = await fetch(`${h.emulator.url}/__emulator/${path}`, { method, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const text = await response.text();
  return { status: response.status, json: JSON.parse(text) as Record<string, unknown>, text };
}

describe("request log", () => {
  it("records command, app, body, masked query, result code, HTTP status and time", async () => {
    await h.call("create_official_account", SAMPLE_CREATE);
    h.clock.advance(2500);
    await h.call("modify_official_account_base_info", { Official_Account: "@TOA#_nope" });
    expect(h.emulator.requestLog).toEqual([
      {
        seq: 1,
        timeMs: START_MS,
        method: "POST",
        path: "/v4/official_account_open_http_svc/create_official_account",
        command: "create_official_account",
        sdkAppId: APP_ID,
        query: { sdkappid: String(APP_ID), identifier: "administrator", usersig: "***", random: "99999999", contenttype: "json" },
        body: SAMPLE_CREATE,
        resultCode: 0,
        appliedCode: 0,
        httpStatus: 200,
        delayMs: 0,
      },
      expect.objectContaining({ seq: 2, timeMs: START_MS + 2500, command: "modify_official_account_base_info", resultCode: 130004, appliedCode: 130004 }),
    ]);
    expect(h.emulator.requests("modify_official_account_base_info")).toHaveLength(1);
  });

  it("never keeps the UserSig, also when it is refused or sent in another case", async () => {
    const url = h.url("get_official_account_info", { sig: { secretKey: "wrong" } });
    const usersig = new URL(url).searchParams.get("usersig") as string;
    await fetch(url, { method: "POST", body: "{}" });
    await fetch(url.replace("usersig=", "UserSig="), { method: "POST", body: "{}" });
    const logged = JSON.stringify(h.emulator.requestLog) + (await admin("GET", "requests")).text;
    expect(logged).not.toContain(usersig);
    expect(logged).not.toContain(APP_KEY);
  });

  it("keeps a body that is not JSON as text, and logs requests without a command path too", async () => {
    await h.call("create_official_account", undefined, { rawBody: "not json" });
    await fetch(`${h.emulator.url}/elsewhere`, { method: "POST", body: "{}" });
    expect(h.emulator.requestLog.map((e) => [e.body, e.command, e.resultCode])).toEqual([
      ["not json", "create_official_account", 60003],
      [{}, undefined, 60009],
    ]);
  });

  it("GET /__emulator/requests returns the log; admin calls are not logged", async () => {
    await h.call("create_official_account", SAMPLE_CREATE);
    await admin("GET", "state");
    const reply = await admin("GET", "requests");
    expect((reply.json["requests"] as unknown[]).length).toBe(1);
  });
});

describe("connection count", () => {
  it("counts TCP connections accepted: one per fresh connection, none for a reused keep-alive connection", async () => {
    const before = h.emulator.connectionCount;
    await postOnNewConnection(h.url("get_official_account_info"), {});
    await postOnNewConnection(h.url("get_official_account_info"), {});
    expect(h.emulator.connectionCount).toBe(before + 2);
    // One undici Client is one keep-alive connection: five requests, one more connection.
    const client = new Client(h.emulator.url);
    try {
      for (let i = 0; i < 5; i += 1) {
        const url = new URL(h.url("get_official_account_info"));
        const reply = await client.request({ method: "POST", path: `${url.pathname}${url.search}`, body: "{}" });
        await reply.body.text();
      }
    } finally {
      await client.close();
    }
    expect(h.emulator.connectionCount).toBe(before + 3);
  });

  it("tracks the peak of connections open at once, apart from how many were opened", async () => {
    const url = new URL(h.url("get_official_account_info"));
    const post = async (client: Client) => {
      const reply = await client.request({ method: "POST", path: `${url.pathname}${url.search}`, body: "{}" });
      await reply.body.text();
    };
    const clients = [new Client(h.emulator.url), new Client(h.emulator.url), new Client(h.emulator.url)];
    try {
      await Promise.all(clients.map(post));
      expect(h.emulator.openConnectionPeak).toBe(3);
      await clients[0]!.close();
      await clients[1]!.close();
      await new Promise((resolve) => setImmediate(resolve));
      await post(clients[2]!); // the server has seen the two closes by the time this request is answered
      h.emulator.resetOpenConnectionPeak();
      expect(h.emulator.openConnectionPeak).toBe(1);
      const fresh = new Client(h.emulator.url);
      await post(fresh);
      await fresh.close();
      expect(h.emulator.openConnectionPeak).toBe(2);
    } finally {
      await Promise.all(clients.map((client) => (client.closed ? undefined : client.close())));
    }
  });
});

describe("store (out of band)", () => {
  it("create, get, list, patch and destroy directly; wire reads see the changes", async () => {
    const assigned = h.emulator.store.create(APP_ID, { ownerAccount: "owner", name: "Fixture", organization: "Org" });
    h.emulator.store.create(APP_ID, { officialAccount: "@TOA#_second", ownerAccount: "owner", name: "Second" });
    expect(h.emulator.store.list(APP_ID).map((a) => a.officialAccount)).toEqual([assigned, "@TOA#_second"]);
    expect(h.emulator.store.list(OTHER_APP_ID)).toEqual([]);

    const patched = h.emulator.store.patch(APP_ID, assigned, { name: "Console edit", organization: "", maxSubscriberNum: 9 });
    expect(patched).toMatchObject({ name: "Console edit", organization: "", maxSubscriberNum: 9 });
    const info = await h.call("get_official_account_info", { OfficialAccountIdList: [{ Official_Account: assigned }] });
    expect((info.json["OfficialAccountInfoList"] as Array<Record<string, unknown>>)[0]).toMatchObject({ Name: "Console edit", Organization: "" });

    expect(h.emulator.store.destroy(APP_ID, "@TOA#_second")).toBe(true);
    expect(h.emulator.store.destroy(APP_ID, "@TOA#_second")).toBe(false);
    expect((await h.call("destroy_official_account", { Official_Account: "@TOA#_second" })).json["ErrorCode"]).toBe(130004);
  });

  it("returns copies: changing a returned account changes nothing", async () => {
    const id = h.emulator.store.create(APP_ID, { ownerAccount: "o", name: "n" });
    const copy = h.emulator.store.get(APP_ID, id);
    if (copy) copy.name = "mutated";
    expect(h.emulator.store.get(APP_ID, id)?.name).toBe("n");
  });

  it("refuses with typed errors: a taken ID, a malformed ID, a missing account", () => {
    h.emulator.store.create(APP_ID, { officialAccount: "@TOA#_a", ownerAccount: "o", name: "n" });
    const codeOf = (fn: () => unknown): string | undefined => {
      try {
        fn();
        return undefined;
      } catch (error) {
        return error instanceof EmulatorStoreError ? error.code : "other";
      }
    };
    expect(codeOf(() => h.emulator.store.create(APP_ID, { officialAccount: "@TOA#_a", ownerAccount: "o", name: "n" }))).toBe("ACCOUNT_EXISTS");
    expect(codeOf(() => h.emulator.store.create(APP_ID, { officialAccount: "plain", ownerAccount: "o", name: "n" }))).toBe("INVALID_ACCOUNT_ID");
    expect(codeOf(() => h.emulator.store.patch(APP_ID, "@TOA#_missing", { name: "x" }))).toBe("ACCOUNT_MISSING");
  });
});

describe("reset", () => {
  it("clears accounts, the log, faults, the connection count and service switches", async () => {
    await h.call("create_official_account", SAMPLE_CREATE);
    h.emulator.setFaults({ rules: [{ kind: "error10004" }] });
    h.emulator.setOfficialAccountService(APP_ID, false);
    h.emulator.reset();
    expect(h.emulator.store.list(APP_ID)).toEqual([]);
    expect(h.emulator.requestLog).toEqual([]);
    expect(h.emulator.connectionCount).toBe(0);
    expect((await h.call("create_official_account", SAMPLE_CREATE)).json["ErrorCode"]).toBe(0);
    expect(h.emulator.requestLog[0]?.seq).toBe(1);
  });
});

describe("close", () => {
  it("is idempotent and refuses new connections afterwards", async () => {
    const other = await startHarness();
    await Promise.all([other.emulator.close(), other.emulator.close()]);
    await other.emulator.close();
    await expect(fetch(`${other.emulator.url}/__emulator/state`)).rejects.toThrow();
  });
});

describe("admin endpoints", () => {
  it("state shows apps without keys, accounts, faults and counts", async () => {
    await h.call("create_official_account", SAMPLE_CREATE);
    const state = await admin("GET", "state");
    expect(state.status).toBe(200);
    expect(state.text).not.toContain(APP_KEY);
    expect(state.text).not.toContain(OTHER_APP_KEY);
    expect(state.json).toMatchObject({
      url: h.emulator.url,
      apps: [
        { sdkAppId: APP_ID, admins: ["administrator"], officialAccountService: true },
        { sdkAppId: OTHER_APP_ID, admins: ["ops", "robot"], officialAccountService: true },
      ],
      requestCount: 1,
      settings: { maxRequestsPerSecond: 200, returnsMaxSubscriberNum: false, omitsEmptyFields: false, itemErrorStyle: "ErrorCode" },
    });
    expect(JSON.stringify(state.json["store"])).toContain("@TOA#_test_id");
  });

  it("accounts: POST creates a fixture, PATCH edits, DELETE destroys; errors are 4xx", async () => {
    const created = await admin("POST", "accounts", { sdkAppId: APP_ID, account: { ownerAccount: "o", name: "Fix", officialAccount: "@TOA#_fix" } });
    expect(created).toMatchObject({ status: 200, json: { officialAccount: "@TOA#_fix" } });
    expect((await admin("POST", "accounts", { sdkAppId: APP_ID, account: { ownerAccount: "o", name: "Fix", officialAccount: "@TOA#_fix" } })).status).toBe(409);
    expect((await admin("POST", "accounts", { sdkAppId: APP_ID, account: { name: "no owner" } })).status).toBe(400);
    const patched = await admin("PATCH", "accounts", { sdkAppId: APP_ID, officialAccount: "@TOA#_fix", fields: { introduction: "edited" } });
    expect(patched.json["account"]).toMatchObject({ introduction: "edited", name: "Fix" });
    expect((await admin("PATCH", "accounts", { sdkAppId: APP_ID, officialAccount: "@TOA#_none", fields: {} })).status).toBe(404);
    expect((await admin("DELETE", "accounts", { sdkAppId: APP_ID, officialAccount: "@TOA#_fix" })).status).toBe(200);
    expect((await admin("DELETE", "accounts", { sdkAppId: APP_ID, officialAccount: "@TOA#_fix" })).status).toBe(404);
  });

  it("service switch, reset, unknown routes and bad bodies", async () => {
    expect((await admin("POST", "service", { sdkAppId: APP_ID, enabled: false })).status).toBe(200);
    expect((await h.call("get_official_account_info", { OfficialAccountIdList: [{ Official_Account: "@TOA#_x" }] })).json["ErrorCode"]).toBe(131000);
    expect((await admin("POST", "service", { sdkAppId: 42, enabled: true })).status).toBe(400);
    expect((await admin("POST", "reset")).status).toBe(200);
    expect((await h.call("get_official_account_info", { OfficialAccountIdList: [{ Official_Account: "@TOA#_x" }] })).json["ErrorCode"]).toBe(0);
    expect((await admin("GET", "nothing-here")).status).toBe(404);
    const bad = await fetch(`${h.emulator.url}/__emulator/faults`, { method: "POST", body: "[1,2]" });
    expect(bad.status).toBe(400);
  });
});
