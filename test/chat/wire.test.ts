import { describe, expect, it } from "vitest";
import {
  INFO_RESPONSE_FILTER,
  createRequestBody,
  createdAccountId,
  getInfoRequestBody,
  modifyRequestBody,
  parseInfoList,
} from "../../provider/chat/wire";

describe("wire mapping", () => {
  it("sends only the modify fields given, under their wire names", () => {
    expect(modifyRequestBody("@TOA#_a", { name: "N", maxSubscriberNum: 10, introduction: undefined })).toEqual({
      Official_Account: "@TOA#_a",
      Name: "N",
      MaxSubscriberNum: 10,
    });
    const body = modifyRequestBody("@TOA#_a", {
      name: "N",
      introduction: "",
      faceUrl: "https://x/f.png",
      organization: "O",
      customString: "{}",
      maxSubscriberNum: 1,
    });
    expect(Object.keys(body)).toEqual(["Official_Account", "Name", "Introduction", "FaceUrl", "Organization", "CustomString", "MaxSubscriberNum"]);
    expect(body.Introduction).toBe("");
    expect(JSON.stringify(modifyRequestBody("@TOA#_a", { faceUrl: undefined }))).toBe('{"Official_Account":"@TOA#_a"}');
  });

  it("uses OfficialAccountUserID for the custom ID on create", () => {
    expect(createRequestBody({ ownerAccount: "107867", officialAccount: "@TOA#_test_id", name: "n", customString: "c" })).toEqual({
      Owner_Account: "107867",
      OfficialAccountUserID: "@TOA#_test_id",
      Name: "n",
      CustomString: "c",
    });
    expect(createRequestBody({ ownerAccount: "u", name: "n" })).toEqual({ Owner_Account: "u", Name: "n" });
    expect(createdAccountId({ OfficialAccountUserID: "@TOA#_@TOA#dOEF" })).toBe("@TOA#_@TOA#dOEF");
    expect(createdAccountId({})).toBeUndefined();
  });

  it("asks get_official_account_info for every documented filter field", () => {
    expect(getInfoRequestBody(["@TOA#_a", "@TOA#_@TOA#dZDP"])).toEqual({
      OfficialAccountIdList: [{ Official_Account: "@TOA#_a" }, { Official_Account: "@TOA#_@TOA#dZDP" }],
      ResponseFilter: { OfficialAccountBaseInfoFilter: [...INFO_RESPONSE_FILTER] },
    });
    expect(INFO_RESPONSE_FILTER).toHaveLength(9);
  });
});

describe("OfficialAccountInfoList parsing", () => {
  const full = {
    Official_Account: "@TOA#_a",
    Name: "A",
    Owner_Account: "107867",
    Introduction: "i",
    FaceUrl: "f",
    Organization: "o",
    CustomString: "c",
    SubscriberNum: 7,
    CreateTime: 1698821747,
    LastMsgTime: 0,
    MaxSubscriberNum: 1000,
    SomethingNew: { x: 1 },
  };

  it("maps every field to camelCase and ignores unknown ones", () => {
    const parsed = parseInfoList({ OfficialAccountInfoList: [full] }, ["@TOA#_a"]);
    expect(parsed).toEqual({
      items: [
        {
          officialAccount: "@TOA#_a",
          found: true,
          profile: {
            officialAccount: "@TOA#_a",
            name: "A",
            ownerAccount: "107867",
            introduction: "i",
            faceUrl: "f",
            organization: "o",
            customString: "c",
            subscriberNum: 7,
            createTime: 1698821747,
            lastMsgTime: 0,
            maxSubscriberNum: 1000,
          },
        },
      ],
    });
  });

  it("leaves MaxSubscriberNum out when the server does not send it", () => {
    const { MaxSubscriberNum: _omitted, ...withoutMax } = full;
    const parsed = parseInfoList({ OfficialAccountInfoList: [withoutMax] }, ["@TOA#_a"]);
    expect("items" in parsed && parsed.items[0]?.found && "maxSubscriberNum" in parsed.items[0].profile).toBe(false);
  });

  it("matches items without an Official_Account echo by request order", () => {
    const parsed = parseInfoList({ OfficialAccountInfoList: [{ Name: "first" }, { Name: "second" }] }, ["@TOA#_1", "@TOA#_2"]);
    expect(parsed).toMatchObject({
      items: [
        { officialAccount: "@TOA#_1", profile: { name: "first" } },
        { officialAccount: "@TOA#_2", profile: { name: "second" } },
      ],
    });
  });

  it("reads per-item errors as ErrorCode/ErrorInfo or ResultCode/ResultInfo", () => {
    const parsed = parseInfoList(
      {
        OfficialAccountInfoList: [
          { Official_Account: "@TOA#_1", ErrorCode: 130004, ErrorInfo: "gone" },
          { Official_Account: "@TOA#_2", ResultCode: 130004, ResultInfo: "gone too" },
          { Official_Account: "@TOA#_3", ErrorCode: 0, ErrorInfo: "", Name: "ok" },
        ],
      },
      ["@TOA#_1", "@TOA#_2", "@TOA#_3"],
    );
    expect(parsed).toMatchObject({
      items: [
        { officialAccount: "@TOA#_1", found: false, errorCode: 130004, errorInfo: "gone" },
        { officialAccount: "@TOA#_2", found: false, errorCode: 130004, errorInfo: "gone too" },
        { officialAccount: "@TOA#_3", found: true },
      ],
    });
  });

  it("reports shapes it cannot map", () => {
    expect(parseInfoList({}, ["@TOA#_1"])).toHaveProperty("problem");
    expect(parseInfoList({ OfficialAccountInfoList: ["x"] }, ["@TOA#_1"])).toHaveProperty("problem");
    expect(parseInfoList({ OfficialAccountInfoList: [{ Name: "?" }] }, ["@TOA#_1", "@TOA#_2"])).toHaveProperty("problem");
  });

  it("ignores items for IDs that were not asked for", () => {
    expect(parseInfoList({ OfficialAccountInfoList: [{ Official_Account: "@TOA#_other" }] }, ["@TOA#_1"])).toEqual({ items: [] });
  });
});
