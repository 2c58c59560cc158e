/**
 * Every example request of Tencent's official-account API pages (tencentcloud.com/document/product/1047/60757
 * and the pages beside it), sent verbatim over raw
 * HTTP, answers with the documented response shape.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { APP_ID, SAMPLE_CREATE, START_MS, startHarness, type Harness } from "./support";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.emulator.close();
});

describe("documented examples", () => {
  it("create_official_account (1047/60755): the example request returns OfficialAccountUserID", async () => {
    const reply = await h.call("create_official_account", SAMPLE_CREATE);
    expect(reply.status).toBe(200);
    expect(reply.contentType).toMatch(/^application\/json/);
    // {"ActionStatus": "OK","ErrorInfo": "","ErrorCode": 0,"OfficialAccountUserID": "@TOA#_test_id"}
    expect(reply.json).toEqual({ ActionStatus: "OK", ErrorInfo: "", ErrorCode: 0, OfficialAccountUserID: "@TOA#_test_id" });
    expect(Object.keys(reply.json)).toEqual(["ActionStatus", "ErrorInfo", "ErrorCode", "OfficialAccountUserID"]);
    expect(h.emulator.store.get(APP_ID, "@TOA#_test_id")).toEqual({
      officialAccount: "@TOA#_test_id",
      ownerAccount: "107867",
      name: "test_official_account",
      introduction: "This is test Introduction",
      faceUrl: "http://this.is.face.url",
      organization: "test_organization",
      customString: "test_custom_string",
      maxSubscriberNum: 1000,
      subscriberNum: 0,
      createTime: START_MS / 1000,
      lastMsgTime: 0,
    });
  });

  it("destroy_official_account (1047/60756): {\"Official_Account\": \"@TOA#_test_id\"} returns the envelope only", async () => {
    await h.call("create_official_account", SAMPLE_CREATE);
    const reply = await h.call("destroy_official_account", { Official_Account: "@TOA#_test_id" });
    expect(reply.json).toEqual({ ActionStatus: "OK", ErrorInfo: "", ErrorCode: 0 });
    expect(h.emulator.store.get(APP_ID, "@TOA#_test_id")).toBeUndefined();
  });

  it("modify_official_account_base_info (1047/60757): the seed example returns the envelope only and changes every field", async () => {
    h.emulator.store.create(APP_ID, { officialAccount: "@TOA#_@TOA#dOEF", ownerAccount: "107867", name: "before" });
    const body =
      '{"Official_Account": "@TOA#_@TOA#dOEF","CustomString": "modify_custom_string","FaceUrl": "http://this.is.face.url","Introduction": "This is modify test Introduction","Name": "test_modify_official_account","Organization": "modify_organization","MaxSubscriberNum":1000}';
    const reply = await h.call("modify_official_account_base_info", undefined, { rawBody: body });
    expect(reply.json).toEqual({ ActionStatus: "OK", ErrorInfo: "", ErrorCode: 0 });
    expect(h.emulator.store.get(APP_ID, "@TOA#_@TOA#dOEF")).toMatchObject({
      name: "test_modify_official_account",
      introduction: "This is modify test Introduction",
      faceUrl: "http://this.is.face.url",
      organization: "modify_organization",
      customString: "modify_custom_string",
      maxSubscriberNum: 1000,
    });
  });

  it("get_official_account_info (1047/60758): the example request returns OfficialAccountInfoList with the filtered fields", async () => {
    h.emulator.store.create(APP_ID, { officialAccount: "@TOA#_test_for_penn", ownerAccount: "107867", name: "Penn", introduction: "intro" });
    h.clock.advance(5_000);
    h.emulator.store.create(APP_ID, { officialAccount: "@TOA#_@TOA#dZDP", ownerAccount: "966582476", name: "Z", maxSubscriberNum: 7 });
    const reply = await h.call("get_official_account_info", {
      OfficialAccountIdList: [{ Official_Account: "@TOA#_test_for_penn" }, { Official_Account: "@TOA#_@TOA#dZDP" }],
      ResponseFilter: {
        OfficialAccountBaseInfoFilter: ["CreateTime", "Name", "Owner_Account", "LastMsgTime", "SubscriberNum", "Introduction", "FaceUrl", "Organization", "CustomString"],
      },
    });
    expect(reply.json).toEqual({
      ActionStatus: "OK",
      ErrorInfo: "",
      ErrorCode: 0,
      OfficialAccountInfoList: [
        {
          Official_Account: "@TOA#_test_for_penn",
          ErrorCode: 0,
          ErrorInfo: "",
          Owner_Account: "107867",
          Name: "Penn",
          Introduction: "intro",
          FaceUrl: "",
          Organization: "",
          CustomString: "",
          CreateTime: START_MS / 1000,
          LastMsgTime: 0,
          SubscriberNum: 0,
        },
        {
          Official_Account: "@TOA#_@TOA#dZDP",
          ErrorCode: 0,
          ErrorInfo: "",
          Owner_Account: "966582476",
          Name: "Z",
          Introduction: "",
          FaceUrl: "",
          Organization: "",
          CustomString: "",
          CreateTime: START_MS / 1000 + 5,
          LastMsgTime: 0,
          SubscriberNum: 0,
        },
      ],
    });
  });

  it("add_subscriber (269/102308): the example returns SubscriberList with Result 1, then 2 for an existing subscriber", async () => {
    h.emulator.store.create(APP_ID, { officialAccount: "@TOA#_@TOA#dOEF", ownerAccount: "107867", name: "n" });
    h.emulator.store.addSubscribers(APP_ID, "@TOA#_@TOA#dOEF", ["107867"]);
    const reply = await h.call("add_subscriber", {
      Official_Account: "@TOA#_@TOA#dOEF",
      SubscriberList: [{ Subscriber_Account: "107867" }, { Subscriber_Account: "966582476" }],
    });
    // {"ActionStatus": "OK","ErrorInfo": "","ErrorCode": 0,"SubscriberList": [{"Subscriber_Account": "107867","Result": 2},{"Subscriber_Account": "966582476","Result": 1}]}
    expect(reply.json).toEqual({
      ActionStatus: "OK",
      ErrorInfo: "",
      ErrorCode: 0,
      SubscriberList: [
        { Subscriber_Account: "107867", Result: 2 },
        { Subscriber_Account: "966582476", Result: 1 },
      ],
    });
    expect(h.emulator.store.get(APP_ID, "@TOA#_@TOA#dOEF")?.subscriberNum).toBe(2);
  });

  it("delete_subscriber (1047/60761): the example (SubscriberToDel_Account) returns SubscriberList with Result 1", async () => {
    h.emulator.store.create(APP_ID, { officialAccount: "@TOA#_@TOA#dOEF", ownerAccount: "107867", name: "n" });
    h.emulator.store.addSubscribers(APP_ID, "@TOA#_@TOA#dOEF", ["107867", "966582476"]);
    const reply = await h.call("delete_subscriber", { Official_Account: "@TOA#_@TOA#dOEF", SubscriberToDel_Account: ["107867", "966582476"] });
    expect(reply.json).toEqual({
      ActionStatus: "OK",
      ErrorInfo: "",
      ErrorCode: 0,
      SubscriberList: [
        { Subscriber_Account: "107867", Result: 1 },
        { Subscriber_Account: "966582476", Result: 1 },
      ],
    });
    expect(h.emulator.store.get(APP_ID, "@TOA#_@TOA#dOEF")?.subscriberNum).toBe(0);
  });

  it("the example query string of the docs (sdkappid, identifier, usersig, random, contenttype=json) is what the emulator checks", async () => {
    const url = new URL(h.url("get_official_account_info"));
    expect([...url.searchParams.keys()]).toEqual(["sdkappid", "identifier", "usersig", "random", "contenttype"]);
    expect(url.pathname).toBe("/v4/official_account_open_http_svc/get_official_account_info");
  });
});
