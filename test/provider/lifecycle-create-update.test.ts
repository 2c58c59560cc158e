import { describe, expect, it } from "vitest";
import { getOfficialAccountClient } from "../../provider/chat";
import { resetAdoptions } from "../../provider/adoptions";
import { resetConfiguration } from "../../provider/configuration";
import { AccountNotFoundError, InputsError, ProfileChangeFailedError } from "../../provider/errors";
import * as lifecycle from "../../provider/lifecycle";
import { APP, GET_INFO, KEY, MODIFY, expectJsonClean, hostConfig, modifyBodies, stackValues, startTestEmulator, useLifecycleEmulator } from "./support";

const ID = "@TOA#_support";

const setup = useLifecycleEmulator();

function seedAccount(fields: Record<string, string | number> = {}): void {
  setup.emulator.store.create(APP, {
    officialAccount: ID,
    ownerAccount: "owner_1",
    name: "Old name",
    introduction: "Old intro",
    faceUrl: "https://cdn.example.com/old.png",
    organization: "Old Org",
    customString: '{"tier":"silver"}',
    ...fields,
  });
}

/** check, as the engine runs it before create/update. */
async function checked(news: Record<string, unknown>): Promise<Record<string, unknown>> {
  const result = await lifecycle.check({}, { ...news, __provider: "exports.handler = () => provider" });
  expect(result.failures).toEqual([]);
  return { ...(result.inputs as Record<string, unknown>), __provider: "exports.handler = () => provider" };
}

describe("check", () => {
  it("fills the app (identity) and the delete policy from settings, not region or endpoint, without calling the API", async () => {
    const result = await lifecycle.check({}, { officialAccount: ID, name: "Support" });
    expect(result).toEqual({
      inputs: { officialAccount: ID, name: "Support", deletePolicy: "retain", sdkAppId: APP },
      failures: [],
    });
    expect(setup.emulator.requestLog).toHaveLength(0);
  });

  it("reports a missing SDKAppID as a failure on sdkAppId", async () => {
    resetConfiguration();
    const result = await lifecycle.check({}, { officialAccount: ID });
    expect(result.failures).toEqual([{ property: "sdkAppId", reason: expect.stringContaining("tencentcloud-chat:sdkAppId") }]);
    expect(result.failures?.[0]?.reason).toContain("TENCENTCLOUD_CHAT_SDKAPPID");
  });
});

describe("create adopts", () => {
  it("records text fields that get info leaves out as \"\" (A-INFO-EMPTY-TEXT), so restore puts them back", async () => {
    const omitting = await startTestEmulator({ omitsEmptyFields: true });
    try {
      resetConfiguration();
      await lifecycle.configure({ config: hostConfig(stackValues(omitting)) });
      omitting.store.create(APP, { officialAccount: ID, ownerAccount: "owner_1", name: "Old name", introduction: "", organization: "" });
      const inputs = await checked({ officialAccount: ID, name: "Support", introduction: "Hi", organization: "Org", deletePolicy: "restore" });
      const created = await lifecycle.create(inputs);
      expect(created.outs?.adoptedValues).toEqual({ name: "Old name", introduction: "", faceUrl: "", organization: "", customString: "" });

      resetAdoptions(); // destroy runs in another host process
      await lifecycle.delete(created.id, created.outs as unknown as Record<string, unknown>);
      expect(omitting.store.get(APP, ID)).toMatchObject({ name: "Old name", introduction: "", organization: "" });
    } finally {
      await omitting.close();
    }
  });

  it("reads the account, records what it found, and sends one modify with only the differing declared fields", async () => {
    seedAccount({ maxSubscriberNum: 1000 });
    const inputs = await checked({ officialAccount: ID, name: "Support", introduction: "Old intro", organization: "", maxSubscriberNum: 50_000 });
    const result = await lifecycle.create(inputs);

    expect(result.id).toBe(`${APP}/${ID}`);
    expect(setup.emulator.requests().map((entry) => entry.command)).toEqual([GET_INFO, MODIFY]);
    expect(modifyBodies(setup.emulator)).toEqual([{ Official_Account: ID, Name: "Support", Organization: "", MaxSubscriberNum: 50_000 }]);

    const stored = setup.emulator.store.get(APP, ID);
    expect(stored).toMatchObject({ name: "Support", introduction: "Old intro", organization: "", maxSubscriberNum: 50_000, faceUrl: "https://cdn.example.com/old.png" });

    expect(result.outs).toEqual({
      officialAccount: ID,
      name: "Support",
      introduction: "Old intro",
      organization: "",
      maxSubscriberNum: 50_000,
      deletePolicy: "retain",
      // No region or endpoint: the resource declares none, and the stack's are resolved at each step.
      sdkAppId: APP,
      ownerAccount: "owner_1",
      subscriberNum: 0,
      createTime: stored?.createTime,
      lastMsgTime: 0,
      managedFields: ["name", "introduction", "organization", "maxSubscriberNum"],
      // The emulator, like (we assume) Tencent, does not return MaxSubscriberNum: it cannot be adopted.
      adoptedValues: {
        name: "Old name",
        introduction: "Old intro",
        faceUrl: "https://cdn.example.com/old.png",
        organization: "Old Org",
        customString: '{"tier":"silver"}',
      },
    });
    expectJsonClean(result.outs);
    expect(JSON.stringify(result.outs)).not.toContain(KEY);
  });

  it("text at exactly the UTF-8 byte limits (Chinese, emoji) goes through check, create and the server", async () => {
    seedAccount();
    const atLimit = {
      name: "中".repeat(50), // 150 bytes
      introduction: "😀".repeat(100), // 400 bytes
      faceUrl: `https://cdn.example.cn/${"头".repeat(159)}`, // 23 + 477 = 500 bytes
      organization: `${"组".repeat(166)}ab`, // 500 bytes
      customString: "字".repeat(1000), // 3000 bytes
    };
    for (const [field, value] of Object.entries(atLimit)) {
      expect(Buffer.byteLength(value, "utf8"), field).toBe({ name: 150, introduction: 400, faceUrl: 500, organization: 500, customString: 3000 }[field]);
    }
    await lifecycle.create(await checked({ officialAccount: ID, ...atLimit }));
    expect(setup.emulator.requests(MODIFY).map((entry) => entry.resultCode)).toEqual([0]);
    expect(setup.emulator.store.get(APP, ID)).toMatchObject(atLimit);

    const over = await lifecycle.check({}, { officialAccount: ID, ...atLimit, introduction: `${atLimit.introduction}a` });
    expect(over.failures).toEqual([{ property: "introduction", reason: "introduction is 401 bytes in UTF-8; the limit is 400 bytes" }]);
  });

  it("makes no modify call when the declared fields already match", async () => {
    seedAccount();
    const result = await lifecycle.create(await checked({ officialAccount: ID, name: "Old name", faceUrl: "https://cdn.example.com/old.png" }));
    expect(setup.emulator.requests().map((entry) => entry.command)).toEqual([GET_INFO]);
    expect(result.outs).toMatchObject({ name: "Old name", faceUrl: "https://cdn.example.com/old.png", managedFields: ["name", "faceUrl"] });
  });

  it("manages nothing but still adopts when no profile field is declared", async () => {
    seedAccount();
    const result = await lifecycle.create(await checked({ officialAccount: ID }));
    expect(modifyBodies(setup.emulator)).toEqual([]);
    expect(result.outs).toMatchObject({ managedFields: [], adoptedValues: { name: "Old name" } });
    expect(result.outs).not.toHaveProperty("name");
  });

  it("adopts server-assigned @TOA#_@TOA#… IDs", async () => {
    const assigned = setup.emulator.store.create(APP, { ownerAccount: "owner_1", name: "Made by console" });
    expect(assigned.startsWith("@TOA#_@TOA#")).toBe(true);
    const result = await lifecycle.create(await checked({ officialAccount: assigned, name: "Renamed" }));
    expect(result.id).toBe(`${APP}/${assigned}`);
    expect(setup.emulator.store.get(APP, assigned)?.name).toBe("Renamed");
  });

  it("fails clearly when the account does not exist: ID, SDKAppID, and where accounts are created", async () => {
    const error = await lifecycle.create(await checked({ officialAccount: "@TOA#_nobody", name: "x" })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AccountNotFoundError);
    const message = (error as Error).message;
    expect(message).toContain("@TOA#_nobody");
    expect(message).toContain(String(APP));
    expect(message).toContain("Chat console");
    expect(message).toContain("create_official_account");
    expect(message).toContain("adopts");
    expect(modifyBodies(setup.emulator)).toEqual([]);
  });

  it("refuses invalid or unknown inputs that bypassed check", async () => {
    seedAccount();
    await expect(lifecycle.create({ officialAccount: ID, name: "中".repeat(51) })).rejects.toBeInstanceOf(InputsError);
    await expect(lifecycle.create({ officialAccount: ID, name: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" })).rejects.toThrow(/not known yet/);
    expect(setup.emulator.requestLog).toHaveLength(0);
  });

  it("keeps the adopted account in state when the change fails (ErrorResourceInitFailed shape)", async () => {
    seedAccount();
    // The shared client of this app, made first with a single attempt so the injected error is final.
    getOfficialAccountClient({ sdkAppId: APP, secretKey: KEY, identifier: "administrator", region: "china", endpoint: setup.emulator.url }, { maxAttempts: 1 });
    setup.emulator.setFaults({ rules: [{ kind: "error10004", commands: [MODIFY] }] });
    const inputs = await checked({ officialAccount: ID, name: "Support" });

    const error = await lifecycle.create(inputs).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProfileChangeFailedError);
    const failure = error as ProfileChangeFailedError;
    expect(failure.id).toBe(`${APP}/${ID}`);
    expect(failure.reasons).toHaveLength(1);
    expect(failure.message).toContain("10004");
    expect(failure.message).toContain("try again later"); // the client's hint travels in the message
    expect(failure.message).not.toContain("..");
    expect(failure.properties).toMatchObject({
      officialAccount: ID,
      name: "Old name", // what the account holds, so the next diff sees the change still to make
      adoptedValues: { name: "Old name", introduction: "Old intro" },
      __provider: "exports.handler = () => provider",
    });
    expectJsonClean(failure.properties);

    // Next up: the engine updates the half-created resource; the change goes through, adoption is kept.
    setup.emulator.clearFaults();
    const { __provider: _provider, ...olds } = failure.properties;
    expect(await lifecycle.diff(failure.id, olds, inputs)).toMatchObject({ changes: true, replaces: [] });
    const updated = await lifecycle.update(failure.id, olds, inputs);
    expect(updated.outs).toMatchObject({ name: "Support", adoptedValues: { name: "Old name" } });
    expect(setup.emulator.store.get(APP, ID)?.name).toBe("Support");
  });
});

describe("a write whose reply is lost (the client reports delivery unknown)", () => {
  /** The shared client of this app with a single attempt, so one lost reply is final. */
  function singleAttemptClient(url: string): void {
    getOfficialAccountClient({ sdkAppId: APP, secretKey: KEY, identifier: "administrator", region: "china", endpoint: url }, { maxAttempts: 1 });
  }

  it("update: a partial failure whose outputs drop the fields in doubt; the next diff and update resend them", async () => {
    seedAccount();
    const created = await lifecycle.create(await checked({ officialAccount: ID, name: "Support", introduction: "Hello", organization: "Org" }));
    const olds: Record<string, unknown> = { ...(created.outs as unknown as Record<string, unknown>), __provider: "old provider" };
    const news = await checked({ officialAccount: ID, name: "Support", introduction: "Bye", organization: "New Org" });
    singleAttemptClient(setup.emulator.url);
    // Every request is applied and its reply lost, the client's check-read included.
    setup.emulator.setFaults({ rules: [{ kind: "reset", afterApply: true }] });

    const error = await lifecycle.update(created.id, olds, news).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProfileChangeFailedError);
    const failure = error as ProfileChangeFailedError;
    expect(failure).toMatchObject({ code: "TCHAT_UPDATE_OUTCOME_UNKNOWN", step: "update", id: created.id, inDoubtFields: ["introduction", "organization"] });
    expect(failure.reasons).toHaveLength(1);
    expect(failure.message).toContain("introduction, organization");
    // The account did change; state must claim neither the old nor the new value of those fields.
    expect(setup.emulator.store.get(APP, ID)).toMatchObject({ introduction: "Bye", organization: "New Org" });
    const { introduction: _introduction, organization: _organization, __provider: _old, ...unchanged } = olds;
    expect(failure.properties).toEqual({ ...unchanged, __provider: news["__provider"] });
    expectJsonClean(failure.properties);

    // Next up: the engine recorded these outputs; the diff sees the fields as changed and the update resends them.
    setup.emulator.clearFaults();
    const { __provider: _provider, ...kept } = failure.properties;
    expect(await lifecycle.diff(created.id, kept, news)).toMatchObject({ changes: true, replaces: [] });
    const before = setup.emulator.requests(MODIFY).length;
    const updated = await lifecycle.update(created.id, kept, news);
    expect(modifyBodies(setup.emulator).slice(before)).toEqual([{ Official_Account: ID, Introduction: "Bye", Organization: "New Org" }]);
    expect(updated.outs).toMatchObject({ introduction: "Bye", organization: "New Org", managedFields: ["name", "introduction", "organization"] });
  });

  it("update: a refusal the server answered changed nothing, so it is an ordinary error and the old state stands", async () => {
    seedAccount();
    const created = await lifecycle.create(await checked({ officialAccount: ID, name: "Support" }));
    singleAttemptClient(setup.emulator.url);
    setup.emulator.setFaults({ rules: [{ kind: "error10004", commands: [MODIFY] }] });
    const error = await lifecycle.update(created.id, created.outs as unknown as Record<string, unknown>, await checked({ officialAccount: ID, name: "Other" })).catch((caught: unknown) => caught);
    expect(error).not.toBeInstanceOf(ProfileChangeFailedError);
    expect(error).toMatchObject({ code: "TCHAT_API_ERROR", errorCode: 10004 });
  });

  it("create: the adopted account is kept, without the fields whose change is in doubt", async () => {
    resetConfiguration();
    // A server that loses every reply from the first modify on: create's read goes through, its write is in doubt.
    let losing = false;
    const lossy: { current?: Awaited<ReturnType<typeof startTestEmulator>> } = {};
    lossy.current = await startTestEmulator({
      onRequest: (entry) => {
        if (entry.command === GET_INFO && !losing) {
          losing = true;
          lossy.current?.setFaults({ rules: [{ kind: "reset", afterApply: true }] });
        }
      },
    });
    const server = lossy.current;
    try {
      await lifecycle.configure({ config: hostConfig(stackValues(server)) });
      singleAttemptClient(server.url);
      server.store.create(APP, { officialAccount: ID, ownerAccount: "owner_1", name: "Old name", introduction: "Old intro" });
      const inputs = await checked({ officialAccount: ID, name: "Support", introduction: "Old intro" });
      const error = await lifecycle.create(inputs).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ProfileChangeFailedError);
      const failure = error as ProfileChangeFailedError;
      expect(failure).toMatchObject({ code: "TCHAT_ADOPTED_CHANGE_FAILED", step: "create", id: `${APP}/${ID}`, inDoubtFields: ["name"] });
      expect(server.store.get(APP, ID)?.name).toBe("Support"); // it did land
      expect(failure.properties).not.toHaveProperty("name");
      expect(failure.properties).toMatchObject({
        introduction: "Old intro", // not sent, so not in doubt
        managedFields: ["name", "introduction"],
        adoptedValues: { name: "Old name", introduction: "Old intro" },
        __provider: "exports.handler = () => provider",
      });
      expectJsonClean(failure.properties);
      const { __provider: _provider, ...kept } = failure.properties;
      expect(await lifecycle.diff(failure.id, kept, inputs)).toMatchObject({ changes: true, replaces: [] });
    } finally {
      await server.close();
    }
  });
});

describe("update", () => {
  it("sends one modify with only the changed managed fields and returns the whole bag", async () => {
    seedAccount();
    const created = await lifecycle.create(await checked({ officialAccount: ID, name: "Support", introduction: "Hello", customString: "{}" }));
    setup.emulator.reset();
    seedAccount({ name: "Support", introduction: "Hello", customString: "{}" });

    const news = await checked({ officialAccount: ID, name: "Support", introduction: "", customString: '{"tier":"gold"}' });
    const diff = await lifecycle.diff(created.id, created.outs as unknown as Record<string, unknown>, news);
    expect(diff).toEqual({ changes: true, replaces: [], deleteBeforeReplace: true });

    const result = await lifecycle.update(created.id, created.outs as unknown as Record<string, unknown>, news);
    expect(modifyBodies(setup.emulator)).toEqual([{ Official_Account: ID, Introduction: "", CustomString: '{"tier":"gold"}' }]);
    expect(setup.emulator.store.get(APP, ID)).toMatchObject({ introduction: "", customString: '{"tier":"gold"}' });
    expect(result.outs).toEqual({ ...created.outs, introduction: "", customString: '{"tier":"gold"}' });
    expectJsonClean(result.outs);
  });

  it("changing only the delete policy or dropping a field makes no API call but updates the bookkeeping", async () => {
    seedAccount();
    const created = await lifecycle.create(await checked({ officialAccount: ID, name: "Support", introduction: "Hello" }));
    setup.emulator.reset();
    const news = await checked({ officialAccount: ID, name: "Support", deletePolicy: "restore" });
    const olds = created.outs as unknown as Record<string, unknown>;
    expect((await lifecycle.diff(created.id, olds, news)).changes).toBe(true);
    const result = await lifecycle.update(created.id, olds, news);
    expect(setup.emulator.requestLog).toHaveLength(0);
    expect(result.outs).toMatchObject({ deletePolicy: "restore", managedFields: ["name"] });
    expect(result.outs).not.toHaveProperty("introduction");
  });
});

describe("a no-op up", () => {
  it("makes zero API calls: check and diff decide there is nothing to do", async () => {
    seedAccount();
    const program = { officialAccount: ID, name: "Support", introduction: "中文介绍 😀", maxSubscriberNum: 700 };
    const created = await lifecycle.create(await checked(program));
    const before = setup.emulator.requestLog.length;

    const news = await checked(program);
    const diff = await lifecycle.diff(created.id, created.outs as unknown as Record<string, unknown>, news);
    expect(diff).toEqual({ changes: false, replaces: [], deleteBeforeReplace: true });
    expect(setup.emulator.requestLog.length - before).toBe(0);
    expect(setup.emulator.requests(MODIFY)).toHaveLength(1); // the create's
  });
});

describe("preview with unknown values", () => {
  it("check passes them through and diff reports changes, without any call", async () => {
    seedAccount();
    const created = await lifecycle.create(await checked({ officialAccount: ID, name: "Support" }));
    const before = setup.emulator.requestLog.length;
    const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

    const preview = await lifecycle.check({}, { officialAccount: ID, name: unknown, maxSubscriberNum: unknown });
    expect(preview.failures).toEqual([]);
    expect(preview.inputs).toMatchObject({ name: unknown, maxSubscriberNum: unknown });
    const olds = created.outs as unknown as Record<string, unknown>;
    expect(await lifecycle.diff(created.id, olds, preview.inputs as Record<string, unknown>)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: true });

    const idUnknown = await lifecycle.check({}, { officialAccount: unknown });
    expect(await lifecycle.diff(created.id, olds, idUnknown.inputs as Record<string, unknown>)).toEqual({
      changes: true,
      replaces: ["officialAccount"],
      deleteBeforeReplace: true,
    });
    expect(setup.emulator.requestLog.length).toBe(before);
  });
});
