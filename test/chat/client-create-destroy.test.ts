import { describe, expect, it } from "vitest";
import { ChatOutcomeUnknownError, type ChatError } from "../../provider/chat/errors";
import { fail, fakeChatApp, rejection, testClient, useFakeChatServers, type FakeChatServer } from "./support";

const serve = useFakeChatServers();

const commands = (target: FakeChatServer) => target.requests.map((request) => request.command);

describe("createAccount", () => {
  it("returns the server-assigned OfficialAccountUserID", async () => {
    const app = fakeChatApp();
    const target = await serve((request) => app.answer(request));
    const id = await testClient(target).createAccount({ ownerAccount: "107867", name: "Support", introduction: "hi" });
    expect(id).toMatch(/^@TOA#_@TOA#d/);
    expect(target.requests[0]?.body).toEqual({ Owner_Account: "107867", Name: "Support", Introduction: "hi" });
    expect(app.accounts.get(id)?.Name).toBe("Support");
  });

  it("sends a custom ID as OfficialAccountUserID", async () => {
    const app = fakeChatApp();
    const target = await serve((request) => app.answer(request));
    const id = await testClient(target).createAccount({ ownerAccount: "107867", name: "S", officialAccount: "@TOA#_support" });
    expect(id).toBe("@TOA#_support");
    expect(target.requests[0]?.rawBody).toBe('{"Owner_Account":"107867","OfficialAccountUserID":"@TOA#_support","Name":"S"}');
  });

  it("without a custom ID, never resends after an ambiguous failure: outcome unknown", async () => {
    const app = fakeChatApp();
    const target = await serve((request) => {
      app.answer(request); // the server did create it…
      return { reset: true }; // …but the answer was lost
    });
    const error = await rejection(testClient(target).createAccount({ ownerAccount: "107867", name: "S" }));
    expect(error).toBeInstanceOf(ChatOutcomeUnknownError);
    expect(error).toMatchObject({ code: "TCHAT_OUTCOME_UNKNOWN", command: "create_official_account", retryable: "final" });
    expect(error.hint).toMatch(/custom @TOA#_ ID/);
    expect((error.cause as ChatError).code).toBe("TCHAT_NETWORK");
    expect(commands(target)).toEqual(["create_official_account"]);
    expect(app.accounts.size).toBe(1);
  });

  it("with a custom ID, checks before resending: created by the lost attempt → success, no second create", async () => {
    const app = fakeChatApp();
    const target = await serve((request, index) => {
      const reply = app.answer(request);
      return index === 0 ? { reset: true } : reply;
    });
    const id = await testClient(target).createAccount({ ownerAccount: "107867", name: "S", officialAccount: "@TOA#_support" });
    expect(id).toBe("@TOA#_support");
    expect(commands(target)).toEqual(["create_official_account", "get_official_account_info"]);
  });

  it("with a custom ID, resends only after the check shows the account absent", async () => {
    const app = fakeChatApp();
    const target = await serve((request, index) => (index === 0 ? { raw: "bad gateway", status: 502 } : app.answer(request)));
    const id = await testClient(target).createAccount({ ownerAccount: "107867", name: "S", officialAccount: "@TOA#_support" });
    expect(id).toBe("@TOA#_support");
    expect(commands(target)).toEqual(["create_official_account", "get_official_account_info", "create_official_account"]);
    expect(app.accounts.has("@TOA#_support")).toBe(true);
  });

  it("with a custom ID, settles an unreadable answer by looking the account up", async () => {
    const app = fakeChatApp();
    const target = await serve((request, index) => {
      const reply = app.answer(request);
      return index === 0 ? { raw: "<html>proxy</html>" } : reply;
    });
    const id = await testClient(target).createAccount({ ownerAccount: "107867", name: "S", officialAccount: "@TOA#_support" });
    expect(id).toBe("@TOA#_support");
    expect(commands(target)).toEqual(["create_official_account", "get_official_account_info"]);
  });

  it("with a custom ID owned by someone else, reports 130008 instead of claiming success", async () => {
    const app = fakeChatApp([{ Official_Account: "@TOA#_support", Owner_Account: "someone-else", Name: "Theirs" }]);
    const target = await serve((request, index) => (index === 0 ? { reset: true } : app.answer(request)));
    const error = await rejection(testClient(target).createAccount({ ownerAccount: "107867", name: "S", officialAccount: "@TOA#_support" }));
    expect(error).toMatchObject({ code: "TCHAT_API_ERROR", errorCode: 130008, officialAccount: "@TOA#_support" });
    expect(commands(target)).toEqual(["create_official_account", "get_official_account_info"]);
  });

  it("with a custom ID, reports an unknown outcome when the check cannot be made", async () => {
    const target = await serve((request) => (request.command === "create_official_account" ? { reset: true } : { raw: "down", status: 503 }));
    const error = await rejection(
      testClient(target, { maxAttempts: 3 }).createAccount({ ownerAccount: "107867", name: "S", officialAccount: "@TOA#_support" }),
    );
    expect(error).toMatchObject({ code: "TCHAT_OUTCOME_UNKNOWN", officialAccount: "@TOA#_support" });
    expect(commands(target).filter((command) => command === "create_official_account")).toHaveLength(1);
  });

  it.each([10004, 20005])("with a custom ID, checks before resending after Tencent internal error %i: created before it failed → success", async (code) => {
    const app = fakeChatApp();
    const target = await serve((request, index) => {
      const reply = app.answer(request);
      return index === 0 ? fail(code, "internal error") : reply;
    });
    const id = await testClient(target).createAccount({ ownerAccount: "107867", name: "S", officialAccount: "@TOA#_support" });
    expect(id).toBe("@TOA#_support");
    expect(commands(target)).toEqual(["create_official_account", "get_official_account_info"]);
  });

  it("with a custom ID, resends after Tencent internal error 10004 once the check shows the account absent", async () => {
    const app = fakeChatApp();
    const target = await serve((request, index) => (index === 0 ? fail(10004, "internal error") : app.answer(request)));
    const id = await testClient(target).createAccount({ ownerAccount: "107867", name: "S", officialAccount: "@TOA#_support" });
    expect(id).toBe("@TOA#_support");
    expect(commands(target)).toEqual(["create_official_account", "get_official_account_info", "create_official_account"]);
  });

  it("without a custom ID, does not resend after Tencent internal error 20005: the outcome is unknown", async () => {
    const app = fakeChatApp();
    const target = await serve((request) => {
      const reply = app.answer(request);
      return request.command === "create_official_account" ? fail(20005, "internal error") : reply;
    });
    const error = await rejection(testClient(target).createAccount({ ownerAccount: "107867", name: "S" }));
    expect(error).toBeInstanceOf(ChatOutcomeUnknownError);
    expect(error.message).toContain("TCHAT_API_ERROR 20005");
    expect((error.cause as ChatError).errorCode).toBe(20005);
    expect(commands(target)).toEqual(["create_official_account"]);
    expect(app.accounts.size).toBe(1);
  });

  it("retries a create that was throttled (never processed)", async () => {
    const app = fakeChatApp();
    const target = await serve((request, index) =>
      index === 0 ? { json: { ActionStatus: "FAIL", ErrorCode: 60007, ErrorInfo: "slow down" } } : app.answer(request),
    );
    const id = await testClient(target).createAccount({ ownerAccount: "107867", name: "S" });
    expect(commands(target)).toEqual(["create_official_account", "create_official_account"]);
    expect(app.accounts.has(id)).toBe(true);
  });
});

describe("destroyAccount", () => {
  it("destroys an account", async () => {
    const app = fakeChatApp([{ Official_Account: "@TOA#_x", Owner_Account: "o", Name: "X" }]);
    const target = await serve((request) => app.answer(request));
    await testClient(target).destroyAccount("@TOA#_x");
    expect(target.requests[0]?.body).toEqual({ Official_Account: "@TOA#_x" });
    expect(app.accounts.size).toBe(0);
  });

  it("counts 130004 on a retry after an ambiguous first attempt as success", async () => {
    const app = fakeChatApp([{ Official_Account: "@TOA#_x", Owner_Account: "o", Name: "X" }]);
    const target = await serve((request, index) => {
      const reply = app.answer(request);
      return index === 0 ? { reset: true } : reply;
    });
    await testClient(target).destroyAccount("@TOA#_x");
    expect(commands(target)).toEqual(["destroy_official_account", "destroy_official_account"]);
  });

  it("counts 130004 after a Tencent internal error (the first attempt destroyed it before failing) as success", async () => {
    const app = fakeChatApp([{ Official_Account: "@TOA#_x", Owner_Account: "o", Name: "X" }]);
    const target = await serve((request, index) => {
      const reply = app.answer(request);
      return index === 0 ? fail(10004, "internal error") : reply;
    });
    await testClient(target).destroyAccount("@TOA#_x");
    expect(commands(target)).toEqual(["destroy_official_account", "destroy_official_account"]);
    expect(app.accounts.size).toBe(0);
  });

  it("reports 130004 when the account was already missing", async () => {
    const app = fakeChatApp();
    const target = await serve((request) => app.answer(request));
    const error = await rejection(testClient(target).destroyAccount("@TOA#_x"));
    expect(error).toMatchObject({ code: "TCHAT_API_ERROR", errorCode: 130004, officialAccount: "@TOA#_x", attempts: 1 });
  });
});
