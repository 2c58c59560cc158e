/** Helpers shared by the checks: verdicts, expected codes, get-info through the raw caller. */
import { COMMANDS } from "../../provider/chat/official-accounts";
import { INFO_RESPONSE_FILTER } from "../../provider/chat/wire";
import { officialAccountProblem } from "../../provider/profile";
import { describeReply, type RawReply, type RawRequest } from "../raw-http";
import type { Outcome, ProbeContext } from "../types";

export const confirmed = (detail: string): Outcome => ({ status: "confirmed", detail });
export const refuted = (detail: string): Outcome => ({ status: "refuted", detail });
export const notCheckable = (detail: string): Outcome => ({ status: "not checkable", detail });

/** One expectation about a request's top-level code. */
export interface CodeCase {
  label: string;
  request: RawRequest;
  /** ErrorCode expected (over HTTP 200). */
  code: number;
}

/** Runs the cases in order; confirmed when every one answers its code over HTTP 200. */
export async function expectCodes(context: ProbeContext, cases: readonly CodeCase[]): Promise<Outcome> {
  const seen: string[] = [];
  const wrong: string[] = [];
  for (const item of cases) {
    const reply = await context.raw.send(item.request);
    const line = `${item.label}: ${describeReply(reply)}`;
    seen.push(line);
    if (reply.httpStatus !== 200 || reply.errorCode !== item.code) wrong.push(`${line}, expected ${item.code}`);
  }
  return wrong.length === 0 ? confirmed(seen.join("; ")) : refuted(wrong.join("; "));
}

export interface InfoReply {
  reply: RawReply;
  /** OfficialAccountInfoList, when it is an array of objects. */
  items: Record<string, unknown>[] | undefined;
}

/** get_official_account_info for `ids`; `filter` undefined sends the client's full documented filter, null none. */
export async function getInfo(context: ProbeContext, ids: readonly string[], filter: readonly string[] | null = INFO_RESPONSE_FILTER): Promise<InfoReply> {
  const body: Record<string, unknown> = { OfficialAccountIdList: ids.map((id) => ({ Official_Account: id })) };
  if (filter !== null) body.ResponseFilter = { OfficialAccountBaseInfoFilter: [...filter] };
  const reply = await context.raw.send({ command: COMMANDS.getInfo, body });
  const list = reply.json?.OfficialAccountInfoList;
  const items = Array.isArray(list) && list.every(isRecord) ? list : undefined;
  return { reply, items };
}

/** The item for `id`: the one echoing it, else the one at its position. */
export function itemFor(info: InfoReply, ids: readonly string[], id: string): Record<string, unknown> | undefined {
  if (!info.items) return undefined;
  return info.items.find((item) => item.Official_Account === id) ?? (info.items.length === ids.length ? info.items[ids.indexOf(id)] : undefined);
}

/** A get-info item's own code, under either naming (A-INFO-ITEM judges the naming). */
export function itemCode(item: Record<string, unknown> | undefined): unknown {
  return item?.ErrorCode ?? item?.ResultCode;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `{"ErrorCode":0,"Name":"x",…}` trimmed for a report. */
export function shape(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/** Modify through the raw caller (the client would refuse the bad values these checks send on purpose). */
export function modify(context: ProbeContext, body: Record<string, unknown>): Promise<RawReply> {
  return context.raw.send({ command: COMMANDS.modify, body });
}

/**
 * Create through the raw caller; an account it creates is tracked for cleanup, whatever the check expected.
 * When the request throws (timeout, reset), the account may exist although no reply said so: a well-formed
 * custom ID under this run's prefix is tracked (the cleanup's destroy tolerates "not found"); anything else is
 * reported as possibly left behind, so the run exits 3 (docs/emulator.md).
 */
export async function create(context: ProbeContext, body: Record<string, unknown>): Promise<RawReply> {
  const requested = typeof body.OfficialAccountUserID === "string" && body.OfficialAccountUserID !== "" ? body.OfficialAccountUserID : undefined;
  let reply: RawReply;
  try {
    reply = await context.raw.send({ command: COMMANDS.create, body });
  } catch (error) {
    if (requested !== undefined && isOwnWellFormedId(context, requested)) context.track(requested);
    else context.reportUntracked(`create got no reply, an account may exist (${requested === undefined ? "server-assigned ID" : "ID not this run's own or malformed"}, owner ${String(body.Owner_Account)}): look for it in the Chat console`);
    throw error;
  }
  if (reply.errorCode === 0) {
    const id = reply.json?.OfficialAccountUserID;
    const createdId = typeof id === "string" && id !== "" ? id : requested;
    if (createdId !== undefined) context.track(createdId);
    else context.reportUntracked(`create answered OK without OfficialAccountUserID (owner ${String(body.Owner_Account)})`);
  }
  return reply;
}

/** Safe to destroy on doubt: only an ID this run named (its prefix) that the server could have accepted. */
function isOwnWellFormedId(context: ProbeContext, id: string): boolean {
  return id.startsWith(context.idPrefix) && officialAccountProblem(id) === undefined;
}
