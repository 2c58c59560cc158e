/**
 * Checks that write: modify of the probe's own temporary account, and creates of accounts under the run's
 * prefix (each destroyed right after, and again in the final cleanup if that failed). Run after the
 * get-info checks, which need the account as created.
 */
import { CODES } from "../../emulator/codes";
import { LIMITS } from "../../emulator/validation";
import { describeReply, type RawReply } from "../raw-http";
import type { Check, ProbeContext } from "../types";
import { confirmed, create, getInfo, itemFor, modify, notCheckable, refuted, shape } from "./support";

/** `label: reply`, and whether the code was the expected one. */
async function expectReply(label: string, reply: Promise<RawReply>, code: number): Promise<{ line: string; ok: boolean }> {
  const answer = await reply;
  return { line: `${label}: ${describeReply(answer)}`, ok: answer.httpStatus === 200 && answer.errorCode === code };
}

function verdict(results: { line: string; ok: boolean }[]): ReturnType<typeof confirmed> {
  const text = results.map((result) => (result.ok ? result.line : `${result.line} (unexpected)`)).join("; ");
  return results.every((result) => result.ok) ? confirmed(text) : refuted(text);
}

/** Creates an account under the run's prefix with the probe's owner, then destroys it if it was created. */
async function createAndDestroy(context: ProbeContext, body: Record<string, unknown>): Promise<RawReply> {
  const reply = await create(context, { Owner_Account: context.owner, Name: "probe", ...body });
  const id = reply.json?.OfficialAccountUserID ?? body.OfficialAccountUserID;
  if (reply.errorCode === CODES.ok && typeof id === "string" && id !== "") await context.destroyOwn(id);
  return reply;
}

export const WRITE_CHECKS: readonly Check[] = [
  {
    id: "A-MODIFY-NOTHING",
    run: async (context) => verdict([await expectReply("modify with only Official_Account", modify(context, { Official_Account: context.mainId }), CODES.ok)]),
  },
  {
    id: "A-FIELD-ERRORS",
    run: async (context) => {
      const own = { Official_Account: context.mainId };
      return verdict([
        await expectReply("modify without Official_Account", modify(context, { Name: "probe" }), CODES.invalidParameter),
        await expectReply("Name as a number", modify(context, { ...own, Name: 123 }), CODES.invalidParameter),
        await expectReply(`Name of ${LIMITS.nameBytes + 1} bytes`, modify(context, { ...own, Name: "n".repeat(LIMITS.nameBytes + 1) }), CODES.invalidParameter),
        await expectReply("MaxSubscriberNum 1.5", modify(context, { ...own, MaxSubscriberNum: 1.5 }), CODES.invalidParameter),
        await expectReply("an unknown field", modify(context, { ...own, ProbeNoSuchField: 1 }), CODES.ok),
      ]);
    },
  },
  {
    id: "A-MAXSUB-RANGE",
    run: async (context) => {
      const own = { Official_Account: context.mainId };
      return verdict([
        await expectReply("MaxSubscriberNum 0", modify(context, { ...own, MaxSubscriberNum: 0 }), CODES.invalidParameter),
        await expectReply(`MaxSubscriberNum ${LIMITS.maxSubscriberNum + 1}`, modify(context, { ...own, MaxSubscriberNum: LIMITS.maxSubscriberNum + 1 }), CODES.invalidParameter),
        await expectReply(`MaxSubscriberNum ${LIMITS.maxSubscriberNum}`, modify(context, { ...own, MaxSubscriberNum: LIMITS.maxSubscriberNum }), CODES.ok),
        await expectReply("MaxSubscriberNum 1", modify(context, { ...own, MaxSubscriberNum: 1 }), CODES.ok),
        // Below SubscriberNum needs subscribers, which need imported users: not part of this check.
      ]);
    },
  },
  {
    id: "A-EMPTY-NAME",
    run: async (context) =>
      verdict([
        await expectReply('modify Name ""', modify(context, { Official_Account: context.mainId, Name: "" }), CODES.invalidParameter),
        await expectReply('create with Name ""', createAndDestroy(context, { OfficialAccountUserID: `${context.idPrefix}-noname`, Name: "" }), CODES.invalidParameter),
      ]),
  },
  {
    id: "A-EMPTY-CLEARS",
    run: async (context) => {
      const ids = [context.mainId];
      const set = await modify(context, { Official_Account: context.mainId, Introduction: "probe" });
      const before = itemFor(await getInfo(context, ids), ids, context.mainId);
      const clear = await modify(context, { Official_Account: context.mainId, Introduction: "" });
      const after = itemFor(await getInfo(context, ids), ids, context.mainId);
      const seen = `set: ${describeReply(set)}, read ${shape(before?.Introduction)}; clear: ${describeReply(clear)}, read ${shape(after?.Introduction)}`;
      if (set.errorCode !== CODES.ok || before?.Introduction !== "probe") return notCheckable(`setting Introduction did not read back: ${seen}`);
      // "" or left out (A-INFO-EMPTY-TEXT decides which) both mean cleared.
      return clear.errorCode === CODES.ok && (after?.Introduction === "" || (after !== undefined && !("Introduction" in after))) ? confirmed(seen) : refuted(seen);
    },
  },
  {
    id: "A-CUSTOM-ID-CODES",
    run: async (context) =>
      verdict([
        await expectReply("create with an ID without @TOA#_", createAndDestroy(context, { OfficialAccountUserID: `${context.idPrefix.replace(/^@TOA#_/, "")}-bad` }), CODES.invalidAccountId),
        await expectReply("create with the probe's own live ID", createAndDestroy(context, { OfficialAccountUserID: context.mainId }), CODES.accountIdTaken),
      ]),
  },
  {
    id: "A-ID-REUSE",
    run: async (context) => {
      const id = `${context.idPrefix}-reuse`;
      const first = await createAndDestroy(context, { OfficialAccountUserID: id });
      if (first.errorCode !== CODES.ok) return notCheckable(`the first create failed: ${describeReply(first)}`);
      return verdict([await expectReply("create again after destroy", createAndDestroy(context, { OfficialAccountUserID: id }), CODES.ok)]);
    },
  },
  {
    id: "A-EMPTY-CUSTOM-ID",
    run: async (context) => {
      const reply = await createAndDestroy(context, { OfficialAccountUserID: "" });
      const id = reply.json?.OfficialAccountUserID;
      const seen = `create with OfficialAccountUserID "": ${describeReply(reply)}, ID ${shape(id)}`;
      return reply.errorCode === CODES.ok && typeof id === "string" && id !== "" ? confirmed(seen) : refuted(seen);
    },
  },
  {
    id: "A-ASSIGNED-ID",
    run: async (context) => {
      const reply = await createAndDestroy(context, {});
      const id = reply.json?.OfficialAccountUserID;
      if (reply.errorCode !== CODES.ok) return notCheckable(`create without a custom ID failed: ${describeReply(reply)}`);
      return typeof id === "string" && /^@TOA#_@TOA#d[A-Z0-9]{3}$/.test(id) ? confirmed(`assigned ${id}`) : refuted(`assigned ${shape(id)}`);
    },
  },
  {
    id: "A-OWNER-IMPORTED",
    run: async (context) => {
      // A UserID made up for this run: it cannot have been imported.
      const owner = `probe-${context.idPrefix.slice(-8)}-x`;
      const reply = await createAndDestroy(context, { Owner_Account: owner, OfficialAccountUserID: `${context.idPrefix}-owner` });
      const seen = `create with an owner never imported: ${describeReply(reply)}`;
      return reply.errorCode === CODES.ok ? confirmed(`${seen} (no import check, as the emulator)`) : refuted(seen);
    },
  },
];
