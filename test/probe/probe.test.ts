import { afterEach, describe, expect, it } from "vitest";
import { ASSUMPTIONS, startEmulator, type Emulator, type EmulatorOptions } from "../../emulator";
import { CHECKS, NOT_CHECKABLE, runProbe, type Check, type ProbeResult } from "../../probe";
import { create } from "../../probe/checks/support";

/**
 * The live probe against the emulator, once per assumption mode: the default (every checkable assumption
 * confirmed) and each switch (exactly the assumptions it flips reported refuted, with the observed answer).
 */

const APP = 1400000001;
const KEY = "probe-test-secret-key-5bd2850fff3ecb11d7c8";
const RUN = "0a1b2c3d";
const PREFIX = `@TOA#_probe-${RUN}`;
const OTHERS = "@TOA#_someone-else";

let emulator: Emulator | undefined;

afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function probeAgainst(mode: Partial<EmulatorOptions>, checks?: readonly Check[]): Promise<{ result: ProbeResult; emulator: Emulator }> {
  emulator = await startEmulator({ apps: [{ sdkAppId: APP, secretKey: KEY }], ...mode });
  // An account the probe did not create: it must come out untouched.
  emulator.store.create(APP, { officialAccount: OTHERS, ownerAccount: "someone", name: "Not the probe's" });
  const result = await runProbe({
    connection: { sdkAppId: APP, secretKey: KEY, endpoint: emulator.url },
    owner: "owner_1",
    runId: RUN,
    ...(checks ? { checks } : {}),
  });
  return { result, emulator };
}

function idsWith(result: ProbeResult, status: string): string[] {
  return result.verdicts.filter((verdict) => verdict.status === status).map((verdict) => verdict.id);
}

function detailOf(result: ProbeResult, id: string): string {
  return result.verdicts.find((verdict) => verdict.id === id)?.detail ?? "";
}

/** Whatever happened, the run left no account behind and touched no other account. */
function expectCleanRun(result: ProbeResult, em: Emulator): void {
  expect(result.leftBehind).toEqual([]);
  expect(em.store.list(APP).map((account) => account.officialAccount)).toEqual([OTHERS]);
  expect(em.store.get(APP, OTHERS)?.name).toBe("Not the probe's");
  for (const command of ["modify_official_account_base_info", "destroy_official_account"]) {
    for (const entry of em.requests(command)) {
      const target = (entry.body as { Official_Account?: unknown }).Official_Account;
      if (typeof target === "string") expect(result.created).toContain(target);
    }
  }
  expect(result.report).not.toContain(KEY);
  expect(result.report).not.toMatch(/usersig=(?!\[REDACTED\])/i);
}

describe("live probe against the emulator", () => {
  it("covers every assumption: each has exactly one check or a reason it cannot be checked", () => {
    const checked = CHECKS.map((check) => check.id);
    const unchecked = Object.keys(NOT_CHECKABLE);
    expect(new Set(checked).size).toBe(checked.length);
    expect(checked.filter((id) => unchecked.includes(id))).toEqual([]);
    expect([...checked, ...unchecked].sort()).toEqual(ASSUMPTIONS.map((assumption) => assumption.id).sort());
  });

  it("default mode: nothing refuted; MaxSubscriberNum's default cannot be read", async () => {
    const { result, emulator: em } = await probeAgainst({});
    expect(idsWith(result, "refuted")).toEqual([]);
    expect(idsWith(result, "not checkable").sort()).toEqual([...Object.keys(NOT_CHECKABLE), "A-CREATE-DEFAULT-MAX"].sort());
    expect(result.verdicts.map((verdict) => verdict.id)).toEqual(ASSUMPTIONS.map((assumption) => assumption.id));
    expect(result.report).toContain("28 confirmed, 0 refuted, 8 not checkable.");
    expect(result.created).toContain(`${PREFIX}-main`);
    expectCleanRun(result, em);
  });

  it("itemErrorStyle ResultCode: refutes A-INFO-ITEM, showing the keys seen", async () => {
    const { result, emulator: em } = await probeAgainst({ itemErrorStyle: "ResultCode" });
    expect(idsWith(result, "refuted")).toEqual(["A-INFO-ITEM"]);
    expect(detailOf(result, "A-INFO-ITEM")).toContain("ResultCode");
    expectCleanRun(result, em);
  });

  it("returnsMaxSubscriberNum: refutes A-INFO-MAXSUB and can then confirm the create default", async () => {
    const { result, emulator: em } = await probeAgainst({ returnsMaxSubscriberNum: true });
    expect(idsWith(result, "refuted")).toEqual(["A-INFO-MAXSUB"]);
    expect(detailOf(result, "A-INFO-MAXSUB")).toBe("MaxSubscriberNum returned: 100000");
    expect(idsWith(result, "confirmed")).toContain("A-CREATE-DEFAULT-MAX");
    expectCleanRun(result, em);
  });

  it("omitsEmptyFields: refutes A-INFO-EMPTY-TEXT and still sees a cleared field as cleared", async () => {
    const { result, emulator: em } = await probeAgainst({ omitsEmptyFields: true });
    expect(idsWith(result, "refuted")).toEqual(["A-INFO-EMPTY-TEXT"]);
    expect(detailOf(result, "A-INFO-EMPTY-TEXT")).toBe("left out although the filter names them: Introduction, FaceUrl, Organization, CustomString");
    expect(idsWith(result, "confirmed")).toContain("A-EMPTY-CLEARS");
    expectCleanRun(result, em);
  });

  it("importedAccounts: refutes A-OWNER-IMPORTED with the code seen, and leaves nothing behind", async () => {
    const { result, emulator: em } = await probeAgainst({ importedAccounts: ["owner_1"] });
    expect(idsWith(result, "refuted")).toEqual(["A-OWNER-IMPORTED"]);
    expect(detailOf(result, "A-OWNER-IMPORTED")).toMatch(/^create with an owner never imported: HTTP 200, ErrorCode 70107 /);
    expectCleanRun(result, em);
  });

  it("destroys what a failing check created, and reports the check as not checkable", async () => {
    const failing: Check = {
      id: "A-ID-REUSE",
      run: async (context) => {
        await create(context, { Owner_Account: context.owner, Name: "probe", OfficialAccountUserID: `${context.idPrefix}-half` });
        throw new Error("network gone");
      },
    };
    const { result, emulator: em } = await probeAgainst({}, [failing]);
    expect(result.verdicts.find((verdict) => verdict.id === "A-ID-REUSE")).toEqual({
      id: "A-ID-REUSE",
      status: "not checkable",
      detail: "the check failed: network gone",
    });
    expect(result.created).toEqual([`${PREFIX}-main`, `${PREFIX}-half`]);
    expectCleanRun(result, em);
  });

  it("a create whose reply is lost after it applied: a custom ID of its own is destroyed, exit-worthy otherwise", async () => {
    const lostReply = { rules: [{ kind: "reset" as const, afterApply: true, count: 1, commands: ["create_official_account"] }] };
    const tried: string[] = [];
    const losing: Check = {
      id: "A-ID-REUSE",
      run: async (context) => {
        for (const body of [
          { OfficialAccountUserID: `${context.idPrefix}-lost` },
          // Left out: the server assigns the ID, so the run cannot know which account to destroy.
          {},
        ]) {
          emulator!.setFaults(lostReply);
          await create(context, { Owner_Account: context.owner, Name: "probe", ...body }).catch((error: Error) => tried.push(error.name));
        }
        return { status: "confirmed", detail: "" };
      },
    };
    const { result, emulator: em } = await probeAgainst({}, [losing]);
    expect(tried).toHaveLength(2);
    expect(em.requests("create_official_account").filter((entry) => entry.faultAfterApply).map((entry) => entry.appliedCode)).toEqual([0, 0]);
    expect(result.created).toEqual([`${PREFIX}-main`, `${PREFIX}-lost`]);
    expect(em.store.get(APP, `${PREFIX}-lost`)).toBeUndefined();
    expect(result.leftBehind).toEqual(["create got no reply, an account may exist (server-assigned ID, owner owner_1): look for it in the Chat console"]);
    expect(result.report).toContain("server-assigned ID");
    // The server-assigned account is really there: exactly what the report asks the user to remove.
    expect(em.store.list(APP).map((account) => account.officialAccount).filter((id) => id !== OTHERS)).toHaveLength(1);
  });

  it("refuses to destroy an account it did not create", async () => {
    let refusal = "";
    const greedy: Check = {
      id: "A-ID-REUSE",
      run: async (context) => {
        await context.destroyOwn(OTHERS).catch((error: Error) => (refusal = error.message));
        return { status: "confirmed", detail: "" };
      },
    };
    const { result, emulator: em } = await probeAgainst({}, [greedy]);
    expect(refusal).toBe(`refusing to destroy ${OTHERS}: this run did not create it`);
    expectCleanRun(result, em);
  });

  it("without the temporary account, runs no check and says why", async () => {
    emulator = await startEmulator({ apps: [{ sdkAppId: APP, secretKey: KEY }] });
    // An owner that is not a UserID (over 32 bytes): the emulator refuses the create with 6017.
    const result = await runProbe({ connection: { sdkAppId: APP, secretKey: KEY, endpoint: emulator.url }, owner: "o".repeat(40), runId: RUN });
    expect(new Set(idsWith(result, "not checkable"))).toEqual(new Set(ASSUMPTIONS.map((assumption) => assumption.id)));
    expect(detailOf(result, "A-INFO-ITEM")).toMatch(/^the temporary account could not be created: TCHAT_API_ERROR 6017/);
    expect(result.created).toEqual([]);
    expect(emulator.requests("get_official_account_info")).toEqual([]);
  });
});
