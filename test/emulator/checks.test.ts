/**
 * Every check answers its code over HTTP 200 with {ActionStatus:"FAIL", ErrorCode, ErrorInfo}.
 * Codes: docs/emulator.md (Checks) and docs/errors.md; the UNCONFIRMED ones per emulator/assumptions.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { signUserSig } from "../../provider/chat/usersig";
import { APP_ID, APP_KEY, expectFailure, OTHER_APP_ID, SAMPLE_CREATE, startHarness, type Harness } from "./support";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.emulator.close();
});

const GET_ONE = { OfficialAccountIdList: [{ Official_Account: "@TOA#_x" }] };

describe("transport and path", () => {
  it.each(["GET", "PUT", "DELETE", "PATCH"])("%s instead of POST → 60008", async (method) => {
    expectFailure(await h.call("get_official_account_info", GET_ONE, { method }), 60008);
  });

  it("unknown command → 60009", async () => {
    expectFailure(await h.call("list_official_accounts", {}), 60009);
  });

  it("a path outside the official-account service → 60009", async () => {
    const reply = await fetch(`${h.emulator.url}/v4/group_open_http_svc/get_group_info?sdkappid=${APP_ID}`, { method: "POST", body: "{}" });
    expect(reply.status).toBe(200);
    expect(await reply.json()).toMatchObject({ ActionStatus: "FAIL", ErrorCode: 60009 });
  });
});

describe("query", () => {
  it.each([
    ["sdkappid missing", { sdkappid: undefined }, 60012],
    ["sdkappid not a number", { sdkappid: "14000x" }, 60012],
    ["identifier missing", { identifier: undefined }, 60004],
    ["identifier empty", { identifier: "" }, 60004],
    ["usersig missing", { usersig: undefined }, 60004],
    ["random missing", { random: undefined }, 60002],
    ["random negative", { random: "-1" }, 60002],
    ["random above uint32", { random: "4294967296" }, 60002],
    ["random not a number", { random: "12ab" }, 60002],
    ["contenttype missing", { contenttype: undefined }, 60002],
    ["contenttype not json", { contenttype: "xml" }, 60002],
    ["contenttype in upper case (values are case-sensitive)", { contenttype: "JSON" }, 60002],
  ] as const)("%s → %i", async (_label, query, code) => {
    expectFailure(await h.call("get_official_account_info", GET_ONE, { query }), code);
  });

  it("random at both ends of the uint32 range is accepted", async () => {
    for (const random of ["0", "4294967295"]) {
      const reply = await h.call("get_official_account_info", GET_ONE, { query: { random } });
      expect(reply.json["ErrorCode"]).toBe(0);
    }
  });
});

describe("app and UserSig", () => {
  it("unknown SDKAppID → 70020 (A-UNKNOWN-APP)", async () => {
    expectFailure(await h.call("get_official_account_info", GET_ONE, { sdkAppId: 1400999999, secretKey: APP_KEY, identifier: "administrator" }), 70020);
  });

  it("expired UserSig → 70001, one second after TLS.time + TLS.expire but not at it", async () => {
    const issued = Math.floor(h.clock.nowMs() / 1000);
    const sig = { issuedAtSeconds: issued, ttlSeconds: 100 };
    h.clock.advance(100_000);
    expect((await h.call("get_official_account_info", GET_ONE, { sig })).json["ErrorCode"]).toBe(0);
    h.clock.advance(1_000);
    expectFailure(await h.call("get_official_account_info", GET_ONE, { sig }), 70001);
  });

  it("undecodable UserSig → 70003 (garbage, and a truncated real one)", async () => {
    expectFailure(await h.call("get_official_account_info", GET_ONE, { query: { usersig: "not-a-usersig" } }), 70003);
    const real = signUserSig({ sdkAppId: APP_ID, identifier: "administrator", issuedAtSeconds: 1_699_999_000, ttlSeconds: 86400, secretKey: APP_KEY });
    expectFailure(await h.call("get_official_account_info", GET_ONE, { query: { usersig: real.slice(0, real.length - 12) } }), 70003);
  });

  it("UserSig signed with another key → 70009", async () => {
    expectFailure(await h.call("get_official_account_info", GET_ONE, { sig: { secretKey: "another-key" } }), 70009);
  });

  it("UserSig made for another identifier → 70013", async () => {
    expectFailure(await h.call("get_official_account_info", GET_ONE, { sig: { identifier: "someone" } }), 70013);
  });

  it("UserSig made for another SDKAppID → 70014", async () => {
    expectFailure(await h.call("get_official_account_info", GET_ONE, { sig: { sdkAppId: OTHER_APP_ID } }), 70014);
  });

  it("identifier that is not an app admin (valid UserSig) → 60010; configured admins pass", async () => {
    expectFailure(await h.call("get_official_account_info", GET_ONE, { identifier: "alice" }), 60010);
    expectFailure(await h.call("get_official_account_info", GET_ONE, { sdkAppId: OTHER_APP_ID, identifier: "administrator" }), 60010);
    expect((await h.call("get_official_account_info", GET_ONE, { sdkAppId: OTHER_APP_ID, identifier: "robot" })).json["ErrorCode"]).toBe(0);
  });

  it("ErrorInfo never contains the UserSig", async () => {
    const reply = await h.call("get_official_account_info", GET_ONE, { sig: { secretKey: "another-key" } });
    const usersig = new URL(h.url("get_official_account_info", { sig: { secretKey: "another-key" } })).searchParams.get("usersig") as string;
    expect(reply.text).not.toContain(usersig);
    expect(reply.text).not.toContain(APP_KEY);
  });
});

describe("service and body", () => {
  it("official-account service not enabled → 131000, for every command", async () => {
    h.emulator.setOfficialAccountService(APP_ID, false);
    expectFailure(await h.call("create_official_account", SAMPLE_CREATE), 131000);
    expectFailure(await h.call("get_official_account_info", GET_ONE), 131000);
    expectFailure(await h.call("modify_official_account_base_info", { Official_Account: "@TOA#_x" }), 131000);
    expectFailure(await h.call("destroy_official_account", { Official_Account: "@TOA#_x" }), 131000);
  });

  it("an app configured with the service off answers 131000", async () => {
    const off = await startHarness({ apps: [{ sdkAppId: APP_ID, secretKey: APP_KEY, officialAccountService: false }] });
    try {
      expectFailure(await off.call("get_official_account_info", GET_ONE), 131000);
    } finally {
      await off.emulator.close();
    }
  });

  it.each([
    ["not JSON", "{Official_Account:", 60003],
    ["empty", "", 60003],
    ["a JSON array", "[]", 20001],
    ["a JSON string", '"x"', 20001],
  ] as const)("body %s → %i", async (_label, rawBody, code) => {
    expectFailure(await h.call("get_official_account_info", undefined, { rawBody }), code);
  });

  it("a body over 1 MiB → 20001", async () => {
    const rawBody = JSON.stringify({ Official_Account: "@TOA#_x", CustomString: "x".repeat(1024 * 1024) });
    expectFailure(await h.call("modify_official_account_base_info", undefined, { rawBody }), 20001);
  });
});

describe("fields (6017)", () => {
  beforeEach(() => {
    h.emulator.store.create(APP_ID, { officialAccount: "@TOA#_acc", ownerAccount: "owner", name: "Acc" });
  });

  const limits = [
    ["Name", 150],
    ["Introduction", 400],
    ["FaceUrl", 500],
    ["Organization", 500],
    ["CustomString", 3000],
  ] as const;

  it.each(limits)("%s: exactly %i UTF-8 bytes passes, one more byte → 6017 (3-byte and 4-byte characters count as bytes)", async (field, max) => {
    // "中" is 3 bytes, "😀" is 4: build strings of exactly max bytes from both.
    const chinese = "中".repeat(Math.floor(max / 3)) + "a".repeat(max % 3);
    const emoji = "😀".repeat(Math.floor(max / 4)) + "a".repeat(max % 4);
    expect(Buffer.byteLength(chinese)).toBe(max);
    for (const value of [chinese, emoji]) {
      const ok = await h.call("modify_official_account_base_info", { Official_Account: "@TOA#_acc", [field]: value });
      expect(ok.json["ErrorCode"]).toBe(0);
      expectFailure(await h.call("modify_official_account_base_info", { Official_Account: "@TOA#_acc", [field]: value + "a" }), 6017);
    }
    // Characters, not bytes, would pass this one: max/3 + 1 characters are well under max characters.
    expectFailure(await h.call("modify_official_account_base_info", { Official_Account: "@TOA#_acc", [field]: "中".repeat(Math.floor(max / 3) + 1) }), 6017);
  });

  it.each(limits)("%s of a wrong JSON type → 6017", async (field) => {
    for (const value of [1, true, null, ["x"], { a: 1 }]) {
      expectFailure(await h.call("modify_official_account_base_info", { Official_Account: "@TOA#_acc", [field]: value }), 6017);
    }
  });

  it.each([0, -1, 1.5, "1000", null, 4294967296])("MaxSubscriberNum %j → 6017", async (value) => {
    expectFailure(await h.call("modify_official_account_base_info", { Official_Account: "@TOA#_acc", MaxSubscriberNum: value }), 6017);
    expectFailure(await h.call("create_official_account", { ...SAMPLE_CREATE, OfficialAccountUserID: "@TOA#_new", MaxSubscriberNum: value }), 6017);
  });

  it("MaxSubscriberNum 1 and 4294967295 are accepted", async () => {
    for (const value of [1, 4294967295]) {
      expect((await h.call("modify_official_account_base_info", { Official_Account: "@TOA#_acc", MaxSubscriberNum: value })).json["ErrorCode"]).toBe(0);
      expect(h.emulator.store.get(APP_ID, "@TOA#_acc")?.maxSubscriberNum).toBe(value);
    }
  });

  it("create: Owner_Account and Name are required; Name may not be empty (A-EMPTY-NAME)", async () => {
    const { Owner_Account: _o, ...noOwner } = SAMPLE_CREATE;
    const { Name: _n, ...noName } = SAMPLE_CREATE;
    expectFailure(await h.call("create_official_account", noOwner), 6017);
    expectFailure(await h.call("create_official_account", noName), 6017);
    expectFailure(await h.call("create_official_account", { ...SAMPLE_CREATE, Name: "" }), 6017);
    expectFailure(await h.call("create_official_account", { ...SAMPLE_CREATE, Owner_Account: 107867 }), 6017);
    expectFailure(await h.call("create_official_account", { ...SAMPLE_CREATE, Owner_Account: "" }), 6017);
    expectFailure(await h.call("create_official_account", { ...SAMPLE_CREATE, Owner_Account: "x".repeat(33) }), 6017);
    expectFailure(await h.call("create_official_account", { ...SAMPLE_CREATE, OfficialAccountUserID: 5 }), 6017);
    expect(h.emulator.store.list(APP_ID).map((a) => a.officialAccount)).toEqual(["@TOA#_acc"]);
  });

  it("modify: Name \"\" → 6017; Official_Account missing, empty or not a string → 6017", async () => {
    expectFailure(await h.call("modify_official_account_base_info", { Official_Account: "@TOA#_acc", Name: "" }), 6017);
    expectFailure(await h.call("modify_official_account_base_info", { Name: "x" }), 6017);
    expectFailure(await h.call("modify_official_account_base_info", { Official_Account: "" }), 6017);
    expectFailure(await h.call("modify_official_account_base_info", { Official_Account: 12 }), 6017);
    expect(h.emulator.store.get(APP_ID, "@TOA#_acc")?.name).toBe("Acc");
  });

  it("a failed check changes nothing (all fields are checked before any is applied)", async () => {
    expectFailure(await h.call("modify_official_account_base_info", { Official_Account: "@TOA#_acc", Introduction: "new", CustomString: "x".repeat(3001) }), 6017);
    expect(h.emulator.store.get(APP_ID, "@TOA#_acc")?.introduction).toBe("");
  });

  it("get info: list missing, empty, not an array, over 50 IDs, bad items, bad filter → 6017; exactly 50 passes", async () => {
    const ids = (n: number) => Array.from({ length: n }, (_, i) => ({ Official_Account: `@TOA#_${i}` }));
    expectFailure(await h.call("get_official_account_info", {}), 6017);
    expectFailure(await h.call("get_official_account_info", { OfficialAccountIdList: [] }), 6017);
    expectFailure(await h.call("get_official_account_info", { OfficialAccountIdList: "@TOA#_acc" }), 6017);
    expectFailure(await h.call("get_official_account_info", { OfficialAccountIdList: ids(51) }), 6017);
    expectFailure(await h.call("get_official_account_info", { OfficialAccountIdList: ["@TOA#_acc"] }), 6017);
    expectFailure(await h.call("get_official_account_info", { OfficialAccountIdList: ids(1), ResponseFilter: [] }), 6017);
    expectFailure(await h.call("get_official_account_info", { OfficialAccountIdList: ids(1), ResponseFilter: { OfficialAccountBaseInfoFilter: [1] } }), 6017);
    const fifty = await h.call("get_official_account_info", { OfficialAccountIdList: ids(50) });
    expect((fifty.json["OfficialAccountInfoList"] as unknown[]).length).toBe(50);
  });
});

describe("IDs and existence", () => {
  it.each([
    ["without the @TOA#_ prefix", "support"],
    ["with a different prefix case", "@toa#_support"],
    ["starting with the reserved @TOA#_@TOA#", "@TOA#_@TOA#dABC"],
    ["with a non-printable character", "@TOA#_a\tb"],
    ["with a non-ASCII character", "@TOA#_é"],
    ["of 49 bytes", "@TOA#_" + "a".repeat(43)],
  ])("custom ID %s → 130007", async (_label, id) => {
    expectFailure(await h.call("create_official_account", { ...SAMPLE_CREATE, OfficialAccountUserID: id }), 130007);
    expect(h.emulator.store.list(APP_ID)).toEqual([]);
  });

  it("custom IDs of exactly 48 bytes, with spaces and ~, are accepted", async () => {
    for (const id of ["@TOA#_" + "a".repeat(42), "@TOA#_ spaced ~ id"]) {
      expect((await h.call("create_official_account", { ...SAMPLE_CREATE, OfficialAccountUserID: id })).json).toMatchObject({ ErrorCode: 0, OfficialAccountUserID: id });
    }
  });

  it("a custom ID in use → 130008; another app may use it", async () => {
    await h.call("create_official_account", SAMPLE_CREATE);
    expectFailure(await h.call("create_official_account", SAMPLE_CREATE), 130008);
    const other = await h.call("create_official_account", SAMPLE_CREATE, { sdkAppId: OTHER_APP_ID });
    expect(other.json["ErrorCode"]).toBe(0);
  });

  it("unknown or destroyed account → 130004 on modify, destroy and subscriber commands; per item in get info", async () => {
    await h.call("create_official_account", SAMPLE_CREATE);
    await h.call("destroy_official_account", { Official_Account: "@TOA#_test_id" });
    for (const id of ["@TOA#_test_id", "@TOA#_never"]) {
      expectFailure(await h.call("modify_official_account_base_info", { Official_Account: id, Name: "x" }), 130004);
      expectFailure(await h.call("destroy_official_account", { Official_Account: id }), 130004);
      expectFailure(await h.call("add_subscriber", { Official_Account: id, SubscriberList: [{ Subscriber_Account: "u1" }] }), 130004);
      expectFailure(await h.call("delete_subscriber", { Official_Account: id, SubscriberToDel_Account: ["u1"] }), 130004);
      const info = await h.call("get_official_account_info", { OfficialAccountIdList: [{ Official_Account: id }] });
      expect(info.json).toEqual({
        ActionStatus: "OK",
        ErrorInfo: "",
        ErrorCode: 0,
        OfficialAccountInfoList: [{ Official_Account: id, ErrorCode: 130004, ErrorInfo: expect.any(String) }],
      });
    }
  });

  it("an account of another app is unknown (130004): accounts are per app", async () => {
    h.emulator.store.create(OTHER_APP_ID, { officialAccount: "@TOA#_theirs", ownerAccount: "o", name: "n" });
    expectFailure(await h.call("modify_official_account_base_info", { Official_Account: "@TOA#_theirs", Name: "x" }), 130004);
  });

  it("a lookup ID that can never exist → 130007 (A-LOOKUP-MALFORMED), per item in get info", async () => {
    expectFailure(await h.call("modify_official_account_base_info", { Official_Account: "support", Name: "x" }), 130007);
    expectFailure(await h.call("destroy_official_account", { Official_Account: "support" }), 130007);
    const info = await h.call("get_official_account_info", { OfficialAccountIdList: [{ Official_Account: "support" }] });
    expect((info.json["OfficialAccountInfoList"] as Array<Record<string, unknown>>)[0]).toMatchObject({ Official_Account: "support", ErrorCode: 130007 });
  });

  it("a destroyed custom ID can be created again (A-ID-REUSE), as a fresh account", async () => {
    await h.call("create_official_account", SAMPLE_CREATE);
    await h.call("add_subscriber", { Official_Account: "@TOA#_test_id", SubscriberList: [{ Subscriber_Account: "u1" }] });
    await h.call("destroy_official_account", { Official_Account: "@TOA#_test_id" });
    expect((await h.call("create_official_account", { ...SAMPLE_CREATE, Name: "again" })).json["ErrorCode"]).toBe(0);
    expect(h.emulator.store.get(APP_ID, "@TOA#_test_id")).toMatchObject({ name: "again", subscriberNum: 0 });
  });
});

describe("documented and assumed semantics", () => {
  it("create without MaxSubscriberNum defaults to 100000 (A-CREATE-DEFAULT-MAX)", async () => {
    const { MaxSubscriberNum: _m, ...body } = SAMPLE_CREATE;
    await h.call("create_official_account", body);
    expect(h.emulator.store.get(APP_ID, "@TOA#_test_id")?.maxSubscriberNum).toBe(100000);
  });

  it("create without OfficialAccountUserID (or with \"\") assigns @TOA#_@TOA#d… IDs (A-ASSIGNED-ID, A-EMPTY-CUSTOM-ID)", async () => {
    const { OfficialAccountUserID: _id, ...body } = SAMPLE_CREATE;
    const first = await h.call("create_official_account", body);
    const second = await h.call("create_official_account", { ...body, OfficialAccountUserID: "" });
    const ids = [first.json["OfficialAccountUserID"], second.json["OfficialAccountUserID"]];
    for (const id of ids) expect(id).toMatch(/^@TOA#_@TOA#d[A-Z0-9]{3}$/);
    expect(ids[0]).not.toBe(ids[1]);
  });

  it("modify with \"\" clears a text field (A-EMPTY-CLEARS); fields left out stay", async () => {
    await h.call("create_official_account", SAMPLE_CREATE);
    await h.call("modify_official_account_base_info", { Official_Account: "@TOA#_test_id", Introduction: "", FaceUrl: "" });
    const info = await h.call("get_official_account_info", { OfficialAccountIdList: [{ Official_Account: "@TOA#_test_id" }] });
    expect((info.json["OfficialAccountInfoList"] as Array<Record<string, unknown>>)[0]).toMatchObject({
      Introduction: "",
      FaceUrl: "",
      Organization: "test_organization",
      CustomString: "test_custom_string",
      Name: "test_official_account",
    });
  });

  it("modify with only Official_Account is accepted and changes nothing (A-MODIFY-NOTHING)", async () => {
    await h.call("create_official_account", SAMPLE_CREATE);
    const before = h.emulator.store.get(APP_ID, "@TOA#_test_id");
    expect((await h.call("modify_official_account_base_info", { Official_Account: "@TOA#_test_id" })).json).toEqual({ ActionStatus: "OK", ErrorInfo: "", ErrorCode: 0 });
    expect(h.emulator.store.get(APP_ID, "@TOA#_test_id")).toEqual(before);
  });

  it("unknown body fields are ignored", async () => {
    const reply = await h.call("create_official_account", { ...SAMPLE_CREATE, RequestId: "x", Extra: { a: 1 } });
    expect(reply.json["ErrorCode"]).toBe(0);
  });

  it("get info: MaxSubscriberNum is not returned by default (A-INFO-MAXSUB), even when named in the filter", async () => {
    await h.call("create_official_account", SAMPLE_CREATE);
    for (const filter of [undefined, ["Name", "MaxSubscriberNum"]]) {
      const info = await h.call("get_official_account_info", {
        OfficialAccountIdList: [{ Official_Account: "@TOA#_test_id" }],
        ...(filter ? { ResponseFilter: { OfficialAccountBaseInfoFilter: filter } } : {}),
      });
      expect((info.json["OfficialAccountInfoList"] as Array<Record<string, unknown>>)[0]).not.toHaveProperty("MaxSubscriberNum");
    }
  });

  it("get info: a filter returns only the named fields; [] and unknown names behave as assumed (A-FILTER-EMPTY, A-FILTER-UNKNOWN)", async () => {
    await h.call("create_official_account", SAMPLE_CREATE);
    const ask = async (filter: string[]) =>
      ((await h.call("get_official_account_info", { OfficialAccountIdList: [{ Official_Account: "@TOA#_test_id" }], ResponseFilter: { OfficialAccountBaseInfoFilter: filter } })).json[
        "OfficialAccountInfoList"
      ] as Array<Record<string, unknown>>)[0];
    expect(await ask(["Name", "Bogus"])).toEqual({ Official_Account: "@TOA#_test_id", ErrorCode: 0, ErrorInfo: "", Name: "test_official_account" });
    expect(Object.keys((await ask([])) ?? {})).toHaveLength(12);
  });

  it("subscriber counts are real: SubscriberNum follows add/delete; MaxSubscriberNum caps adds (Result 0); SubscriberList also works for delete", async () => {
    await h.call("create_official_account", { ...SAMPLE_CREATE, MaxSubscriberNum: 2 });
    const add = await h.call("add_subscriber", {
      Official_Account: "@TOA#_test_id",
      SubscriberList: [{ Subscriber_Account: "u1" }, { Subscriber_Account: "" }, { Subscriber_Account: "u2" }, { Subscriber_Account: "u3" }],
    });
    expect((add.json["SubscriberList"] as Array<{ Result: number }>).map((s) => s.Result)).toEqual([1, 0, 1, 0]);
    const del = await h.call("delete_subscriber", { Official_Account: "@TOA#_test_id", SubscriberList: [{ Subscriber_Account: "u1" }, { Subscriber_Account: "u9" }] });
    expect((del.json["SubscriberList"] as Array<{ Result: number }>).map((s) => s.Result)).toEqual([1, 2]);
    const info = await h.call("get_official_account_info", { OfficialAccountIdList: [{ Official_Account: "@TOA#_test_id" }], ResponseFilter: { OfficialAccountBaseInfoFilter: ["SubscriberNum"] } });
    expect((info.json["OfficialAccountInfoList"] as Array<Record<string, unknown>>)[0]?.["SubscriberNum"]).toBe(1);
    expectFailure(await h.call("add_subscriber", { Official_Account: "@TOA#_test_id", SubscriberList: Array.from({ length: 101 }, (_, i) => ({ Subscriber_Account: `u${i}` })) }), 6017);
  });
});

describe("switchable unconfirmed shapes", () => {
  it("itemErrorStyle ResultCode puts ResultCode/ResultInfo in the items instead of ErrorCode/ErrorInfo", async () => {
    const other = await startHarness({ itemErrorStyle: "ResultCode" });
    try {
      other.emulator.store.create(APP_ID, { officialAccount: "@TOA#_a", ownerAccount: "o", name: "A" });
      const info = await other.call("get_official_account_info", {
        OfficialAccountIdList: [{ Official_Account: "@TOA#_a" }, { Official_Account: "@TOA#_gone" }],
        ResponseFilter: { OfficialAccountBaseInfoFilter: ["Name"] },
      });
      expect(info.json).toEqual({
        ActionStatus: "OK",
        ErrorInfo: "",
        ErrorCode: 0,
        OfficialAccountInfoList: [
          { Official_Account: "@TOA#_a", ResultCode: 0, ResultInfo: "", Name: "A" },
          { Official_Account: "@TOA#_gone", ResultCode: 130004, ResultInfo: expect.any(String) },
        ],
      });
    } finally {
      await other.emulator.close();
    }
  });

  it("returnsMaxSubscriberNum returns MaxSubscriberNum in every found item, with or without a filter", async () => {
    const other = await startHarness({ returnsMaxSubscriberNum: true });
    try {
      other.emulator.store.create(APP_ID, { officialAccount: "@TOA#_a", ownerAccount: "o", name: "A", maxSubscriberNum: 77 });
      const ask = async (filter?: string[]) =>
        ((await other.call("get_official_account_info", { OfficialAccountIdList: [{ Official_Account: "@TOA#_a" }], ...(filter ? { ResponseFilter: { OfficialAccountBaseInfoFilter: filter } } : {}) })).json[
          "OfficialAccountInfoList"
        ] as Array<Record<string, unknown>>)[0];
      expect((await ask())?.["MaxSubscriberNum"]).toBe(77);
      expect((await ask(["MaxSubscriberNum"]))?.["MaxSubscriberNum"]).toBe(77);
      expect(await ask(["Name"])).toEqual({ Official_Account: "@TOA#_a", ErrorCode: 0, ErrorInfo: "", Name: "A", MaxSubscriberNum: 77 });
      const missing = await other.call("get_official_account_info", { OfficialAccountIdList: [{ Official_Account: "@TOA#_b" }] });
      expect((missing.json["OfficialAccountInfoList"] as Array<Record<string, unknown>>)[0]).not.toHaveProperty("MaxSubscriberNum");
    } finally {
      await other.emulator.close();
    }
  });
});

describe("omitsEmptyFields", () => {
  it('leaves out text fields holding "" (never set or cleared), even when the filter names them; by default they come back as ""', async () => {
    const account = { officialAccount: "@TOA#_a", ownerAccount: "o", name: "A", organization: "Org" };
    const body = { OfficialAccountIdList: [{ Official_Account: "@TOA#_a" }], ResponseFilter: { OfficialAccountBaseInfoFilter: ["Name", "Introduction", "Organization", "CustomString"] } };
    const omitting = await startHarness({ omitsEmptyFields: true });
    const plain = await startHarness();
    try {
      omitting.emulator.store.create(APP_ID, account);
      plain.emulator.store.create(APP_ID, account);
      const first = async (h: typeof plain) => ((await h.call("get_official_account_info", body)).json["OfficialAccountInfoList"] as Array<Record<string, unknown>>)[0];
      expect(await first(omitting)).toEqual({ Official_Account: "@TOA#_a", ErrorCode: 0, ErrorInfo: "", Name: "A", Organization: "Org" });
      expect(await first(plain)).toEqual({ Official_Account: "@TOA#_a", ErrorCode: 0, ErrorInfo: "", Name: "A", Introduction: "", Organization: "Org", CustomString: "" });
      omitting.emulator.store.patch(APP_ID, "@TOA#_a", { organization: "" });
      expect(await first(omitting)).toEqual({ Official_Account: "@TOA#_a", ErrorCode: 0, ErrorInfo: "", Name: "A" });
    } finally {
      await omitting.emulator.close();
      await plain.emulator.close();
    }
  });
});

describe("importedAccounts", () => {
  it("answers 70107 for an owner not in the list and creates nothing; by default any UserID counts as imported", async () => {
    const listed = await startHarness({ importedAccounts: ["107867"] });
    try {
      const refused = await listed.call("create_official_account", { ...SAMPLE_CREATE, Owner_Account: "never-imported" });
      expectFailure(refused, 70107);
      expect(listed.emulator.store.list(APP_ID)).toEqual([]);
      const accepted = await listed.call("create_official_account", SAMPLE_CREATE);
      expect(accepted.json).toMatchObject({ ErrorCode: 0, OfficialAccountUserID: "@TOA#_test_id" });
    } finally {
      await listed.emulator.close();
    }
    const anyone = await h.call("create_official_account", { ...SAMPLE_CREATE, Owner_Account: "never-imported" });
    expect(anyone.json).toMatchObject({ ErrorCode: 0 });
  });
});
