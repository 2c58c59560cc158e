import { afterEach, describe, expect, it } from "vitest";
import { ChatOutcomeUnknownError, type ChatError } from "../../provider/chat/errors";
import { RateLimiterRegistry } from "../../provider/chat/limiter";
import { OfficialAccountClient } from "../../provider/chat/official-accounts";
import type { OfficialAccountClientOptions } from "../../provider/chat/options";
import { closeSharedPools } from "../../provider/chat/transport";
import { CANARY_SECRET, fakeChatApp, fakeTime, startFakeChatServer, type FakeChatServer, type RecordedRequest, type Reply } from "./support";

let server: FakeChatServer | undefined;

afterEach(async () => {
  await closeSharedPools();
  await server?.close();
  server = undefined;
});

async function serve(handler: (request: RecordedRequest, index: number) => Reply): Promise<FakeChatServer> {
  server = await startFakeChatServer(handler);
  return server;
}

function clientFor(target: FakeChatServer, options: OfficialAccountClientOptions = {}) {
  const time = fakeTime();
  return new OfficialAccountClient(
    { sdkAppId: 1400000000, secretKey: CANARY_SECRET, endpoint: target.baseUrl },
    { nowMs: time.nowMs, sleep: time.sleep, random: () => 0.5, rateLimiter: new RateLimiterRegistry(time), ...options },
  );
}

async function rejection(promise: Promise<unknown>): Promise<ChatError> {
  try {
    await promise;
  } catch (error) {
    return error as ChatError;
  }
  throw new Error("expected a rejection");
}

const commands = (target: FakeChatServer) => target.requests.map((request) => request.command);

describe("createAccount", () => {
  it("returns the server-assigned OfficialAccountUserID", async () => {
    const app = fakeChatApp();
    const target = await serve((request) => app.answer(request));
    const id = await clientFor(target).createAccount({ ownerAccount: "107867", name: "Support", introduction: "hi" });
    expect(id).toMatch(/^@TOA#_@TOA#d/);
    expect(target.requests[0]?.body).toEqual({ Owner_Account: "107867", Name: "Support", Introduction: "hi" });
    expect(app.accounts.get(id)?.Name).toBe("Support");
  });

  it("sends a custom ID as OfficialAccountUserID", async () => {
    const app = fakeChatApp();
    const target = await serve((request) => app.answer(request));
    const id = await clientFor(target).createAccount({ ownerAccount: "107867", name: "S", officialAccount: "@TOA#_support" });
    expect(id).toBe("@TOA#_support");
    expect(target.requests[0]?.rawBody).toBe('{"Owner_Account":"107867","OfficialAccountUserID":"@TOA#_support","Name":"S"}');
  });

  it("without a custom ID, never resends after an ambiguous failure: outcome unknown", async () => {
    const app = fakeChatApp();
    const target = await serve((request) => {
      app.answer(request); // the server did create it…
      return { reset: true }; // …but the answer was lost
    });
    const error = await rejection(clientFor(target).createAccount({ ownerAccount: "107867", name: "S" }));
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
    const id = await clientFor(target).createAccount({ ownerAccount: "107867", name: "S", officialAccount: "@TOA#_support" });
    expect(id).toBe("@TOA#_support");
    expect(commands(target)).toEqual(["create_official_account", "get_official_account_info"]);
  });

  it("with a custom ID, resends only after the check shows the account absent", async () => {
    const app = fakeChatApp();
    const target = await serve((request, index) => (index === 0 ? { raw: "bad gateway", status: 502 } : app.answer(request)));
    const id = await clientFor(target).createAccount({ ownerAccount: "107867", name: "S", officialAccount: "@TOA#_support" });
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
    const id = await clientFor(target).createAccount({ ownerAccount: "107867", name: "S", officialAccount: "@TOA#_support" });
    expect(id).toBe("@TOA#_support");
    expect(commands(target)).toEqual(["create_official_account", "get_official_account_info"]);
  });

  it("with a custom ID owned by someone else, reports 130008 instead of claiming success", async () => {
    const app = fakeChatApp([{ Official_Account: "@TOA#_support", Owner_Account: "someone-else", Name: "Theirs" }]);
    const target = await serve((request, index) => (index === 0 ? { reset: true } : app.answer(request)));
    const error = await rejection(clientFor(target).createAccount({ ownerAccount: "107867", name: "S", officialAccount: "@TOA#_support" }));
    expect(error).toMatchObject({ code: "TCHAT_API_ERROR", errorCode: 130008, officialAccount: "@TOA#_support" });
    expect(commands(target)).toEqual(["create_official_account", "get_official_account_info"]);
  });

  it("with a custom ID, reports an unknown outcome when the check cannot be made", async () => {
    const target = await serve((request) => (request.command === "create_official_account" ? { reset: true } : { raw: "down", status: 503 }));
    const error = await rejection(
      clientFor(target, { maxAttempts: 3 }).createAccount({ ownerAccount: "107867", name: "S", officialAccount: "@TOA#_support" }),
    );
    expect(error).toMatchObject({ code: "TCHAT_OUTCOME_UNKNOWN", officialAccount: "@TOA#_support" });
    expect(commands(target).filter((command) => command === "create_official_account")).toHaveLength(1);
  });

  it("retries a create that was throttled (never processed)", async () => {
    const app = fakeChatApp();
    const target = await serve((request, index) =>
      index === 0 ? { json: { ActionStatus: "FAIL", ErrorCode: 60007, ErrorInfo: "slow down" } } : app.answer(request),
    );
    const id = await clientFor(target).createAccount({ ownerAccount: "107867", name: "S" });
    expect(commands(target)).toEqual(["create_official_account", "create_official_account"]);
    expect(app.accounts.has(id)).toBe(true);
  });
});

describe("destroyAccount", () => {
  it("destroys an account", async () => {
    const app = fakeChatApp([{ Official_Account: "@TOA#_x", Owner_Account: "o", Name: "X" }]);
    const target = await serve((request) => app.answer(request));
    await clientFor(target).destroyAccount("@TOA#_x");
    expect(target.requests[0]?.body).toEqual({ Official_Account: "@TOA#_x" });
    expect(app.accounts.size).toBe(0);
  });

  it("counts 130004 on a retry after an ambiguous first attempt as success", async () => {
    const app = fakeChatApp([{ Official_Account: "@TOA#_x", Owner_Account: "o", Name: "X" }]);
    const target = await serve((request, index) => {
      const reply = app.answer(request);
      return index === 0 ? { reset: true } : reply;
    });
    await clientFor(target).destroyAccount("@TOA#_x");
    expect(commands(target)).toEqual(["destroy_official_account", "destroy_official_account"]);
  });

  it("reports 130004 when the account was already missing", async () => {
    const app = fakeChatApp();
    const target = await serve((request) => app.answer(request));
    const error = await rejection(clientFor(target).destroyAccount("@TOA#_x"));
    expect(error).toMatchObject({ code: "TCHAT_API_ERROR", errorCode: 130004, officialAccount: "@TOA#_x", attempts: 1 });
  });
});
