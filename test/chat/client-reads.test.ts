import { describe, expect, it } from "vitest";
import { ChatApiError, type ChatError } from "../../provider/chat/errors";
import { fail, fakeChatApp, ok, testClient, useFakeChatServers, type FakeAccount, type RecordedRequest } from "./support";

const serve = useFakeChatServers();

const accountsNamed = (count: number, prefix = "@TOA#_acc"): FakeAccount[] =>
  Array.from({ length: count }, (_, index) => ({
    Official_Account: `${prefix}${index}`,
    Owner_Account: "owner",
    Name: `Account ${index}`,
    SubscriberNum: index,
    CreateTime: 1698821747,
  }));

const requestedIds = (request: RecordedRequest): string[] =>
  ((request.body as { OfficialAccountIdList: { Official_Account: string }[] }).OfficialAccountIdList ?? []).map(
    (item) => item.Official_Account,
  );

describe("getInfo", () => {
  it("splits 120 IDs into calls of at most 50, always with the full ResponseFilter", async () => {
    const app = fakeChatApp(accountsNamed(120));
    const target = await serve((request) => app.answer(request));
    const ids = [...app.accounts.keys()];
    const results = await testClient(target).getInfo(ids);
    expect(target.requests.map((request) => requestedIds(request).length).sort()).toEqual([20, 50, 50]);
    for (const request of target.requests) {
      expect((request.body as { ResponseFilter: unknown }).ResponseFilter).toEqual({
        OfficialAccountBaseInfoFilter: [
          "CreateTime",
          "Name",
          "Owner_Account",
          "LastMsgTime",
          "SubscriberNum",
          "Introduction",
          "FaceUrl",
          "Organization",
          "CustomString",
        ],
      });
    }
    expect([...results.keys()]).toEqual(ids);
    expect(results.get("@TOA#_acc7")).toEqual({
      found: true,
      profile: { officialAccount: "@TOA#_acc7", name: "Account 7", ownerAccount: "owner", subscriberNum: 7, createTime: 1698821747 },
    });
  });

  it("reports per-item errors as not found with a typed error", async () => {
    const app = fakeChatApp(accountsNamed(2));
    const target = await serve((request) => app.answer(request));
    const results = await testClient(target).getInfo(["@TOA#_acc0", "@TOA#_gone", "@TOA#_acc1"]);
    expect(target.requests).toHaveLength(1);
    const missing = results.get("@TOA#_gone");
    expect(missing?.found).toBe(false);
    if (missing && !missing.found) {
      expect(missing.error).toBeInstanceOf(ChatApiError);
      expect(missing.error).toMatchObject({ errorCode: 130004, officialAccount: "@TOA#_gone", command: "get_official_account_info" });
    }
    expect(results.get("@TOA#_acc1")?.found).toBe(true);
  });

  it("narrows a whole-request 130004 down so one missing account does not hide the others", async () => {
    const app = fakeChatApp(accountsNamed(7));
    const target = await serve((request) => app.answer(request, { wholeRequestMissing: true }));
    const ids = ["@TOA#_acc0", "@TOA#_acc1", "@TOA#_acc2", "@TOA#_gone", "@TOA#_acc3", "@TOA#_acc4", "@TOA#_acc5", "@TOA#_acc6"];
    const results = await testClient(target).getInfo(ids);
    for (const id of ids) expect(results.get(id)?.found, id).toBe(id !== "@TOA#_gone");
    const gone = results.get("@TOA#_gone");
    expect(gone && !gone.found && gone.error.errorCode).toBe(130004);
    // Halving: 8 → 4+4 → 2+2 → 1+1: 1 + 2 + 2 + 2 calls.
    expect(target.requests).toHaveLength(7);
  });

  it("matches items that do not echo Official_Account by request order, and tolerates ResultCode", async () => {
    const target = await serve(() =>
      ok({
        RequestId: "Id-1",
        OfficialAccountInfoList: [
          { Name: "first", MaxSubscriberNum: 1000, Unknown: true },
          { ResultCode: 130004, ResultInfo: "not found" },
        ],
      }),
    );
    const results = await testClient(target).getInfo(["@TOA#_1", "@TOA#_2"]);
    expect(results.get("@TOA#_1")).toEqual({ found: true, profile: { officialAccount: "@TOA#_1", name: "first", maxSubscriberNum: 1000 } });
    expect(results.get("@TOA#_2")).toMatchObject({ found: false, error: { errorCode: 130004, errorInfo: "not found" } });
  });

  it("treats an ID left out of the list as not found", async () => {
    const target = await serve(() => ok({ OfficialAccountInfoList: [{ Official_Account: "@TOA#_1", Name: "one" }] }));
    const results = await testClient(target).getInfo(["@TOA#_1", "@TOA#_2"]);
    expect(results.get("@TOA#_2")).toMatchObject({ found: false, error: { errorCode: 130004 } });
  });
});

describe("readProfile and the read batcher", () => {
  it("coalesces 120 concurrent reads into 3 calls and splits the results back", async () => {
    const app = fakeChatApp(accountsNamed(119));
    const target = await serve((request) => app.answer(request));
    const client = testClient(target);
    const ids = [...app.accounts.keys(), "@TOA#_gone"];
    const profiles = await Promise.all(ids.map((id) => client.readProfile(id)));
    expect(target.requests).toHaveLength(3);
    expect(target.requests.map((request) => requestedIds(request).length).sort()).toEqual([20, 50, 50]);
    profiles.forEach((profile, index) => {
      if (index === 119) expect(profile).toBeUndefined();
      else expect(profile).toMatchObject({ officialAccount: ids[index], name: `Account ${index}` });
    });
  });

  it("sends duplicate concurrent reads of one ID once", async () => {
    const app = fakeChatApp(accountsNamed(1));
    const target = await serve((request) => app.answer(request));
    const client = testClient(target);
    const [first, second] = await Promise.all([client.readProfile("@TOA#_acc0"), client.readProfile("@TOA#_acc0")]);
    expect(first).toEqual(second);
    expect(target.requests).toHaveLength(1);
    expect(requestedIds(target.requests[0]!)).toEqual(["@TOA#_acc0"]);
  });

  it("rejects every caller of a failed batch with its own typed error", async () => {
    const target = await serve(() => fail(60010, "admin required"));
    const client = testClient(target);
    const results = await Promise.allSettled(["@TOA#_1", "@TOA#_2", "@TOA#_3"].map((id) => client.readProfile(id)));
    expect(target.requests).toHaveLength(1);
    const errors = results.map((result) => (result.status === "rejected" ? (result.reason as ChatError) : undefined));
    expect(errors.map((error) => error?.officialAccount)).toEqual(["@TOA#_1", "@TOA#_2", "@TOA#_3"]);
    for (const error of errors) expect(error).toMatchObject({ code: "TCHAT_API_ERROR", errorCode: 60010 });
    expect(new Set(errors).size).toBe(3);
    expect(errors[0]?.hint).toMatch(/app admin/);
  });

  it("throws a per-item error other than 130004", async () => {
    const target = await serve(() => ok({ OfficialAccountInfoList: [{ Official_Account: "@TOA#_1", ErrorCode: 130002, ErrorInfo: "no permission" }] }));
    await expect(testClient(target).readProfile("@TOA#_1")).rejects.toMatchObject({ errorCode: 130002, officialAccount: "@TOA#_1" });
  });

  it("lets one caller abort without affecting the others in its batch", async () => {
    const app = fakeChatApp(accountsNamed(2));
    const target = await serve((request) => app.answer(request));
    const client = testClient(target);
    const controller = new AbortController();
    const aborted = client.readProfile("@TOA#_acc0", { signal: controller.signal });
    const other = client.readProfile("@TOA#_acc1");
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ code: "TCHAT_ABORTED", officialAccount: "@TOA#_acc0" });
    await expect(other).resolves.toMatchObject({ name: "Account 1" });
    expect(target.requests.flatMap(requestedIds)).toEqual(["@TOA#_acc1"]);
  });
});
