/**
 * The live probe: settles the emulator's assumptions (emulator/assumptions.ts, docs/emulator.md) against a
 * real app. It creates one temporary account with a unique ID, runs the checks, destroys every account it
 * created (always, in `finally`) and reports each assumption confirmed, refuted or not checkable.
 * It never modifies or destroys an account it did not create.
 */
import { randomBytes } from "node:crypto";
import { ASSUMPTIONS } from "../emulator/assumptions";
import { ACCOUNT_NOT_FOUND } from "../provider/chat/error-codes";
import { isChatError } from "../provider/chat/errors";
import { OfficialAccountClient } from "../provider/chat/official-accounts";
import { Redactor } from "../provider/chat/redact";
import type { ChatConnection } from "../provider/chat/types";
import { CHECKS, NOT_CHECKABLE } from "./checks";
import { RawCaller } from "./raw-http";
import { renderReport } from "./report";
import type { Check, ProbeContext, Verdict } from "./types";

export interface ProbeOptions {
  connection: ChatConnection;
  /** An account imported into the app, owner of the temporary accounts. */
  owner: string;
  /** Makes the IDs unique; default 8 random hex characters. */
  runId?: string;
  nowMs?: () => number;
  /** The checks to run (tests pass a failing one to see the cleanup). Default every check. */
  checks?: readonly Check[];
}

export interface ProbeResult {
  verdicts: Verdict[];
  /** Every account the run created. */
  created: string[];
  /** Accounts it could not destroy (or whose ID it never learnt). */
  leftBehind: string[];
  /** The printed report; holds no secret key and no UserSig. */
  report: string;
}

export async function runProbe(options: ProbeOptions): Promise<ProbeResult> {
  const nowMs = options.nowMs ?? Date.now;
  const nowSeconds = (): number => Math.floor(nowMs() / 1000);
  const runId = options.runId ?? randomBytes(4).toString("hex");
  const idPrefix = `@TOA#_probe-${runId}`;
  const client = new OfficialAccountClient(options.connection, { nowMs });
  const raw = new RawCaller({
    baseUrl: client.baseUrl,
    sdkAppId: client.sdkAppId,
    identifier: client.identifier,
    secretKey: options.connection.secretKey,
    nowSeconds,
  });
  const redactor = new Redactor([options.connection.secretKey]);
  const scrub = (text: string): string => redactor.with(raw.issuedUserSigs).text(text);

  const live = new Set<string>();
  const created: string[] = [];
  const leftBehind: string[] = [];
  const track = (id: string): void => {
    if (!live.has(id)) created.push(id);
    live.add(id);
  };
  const destroyOwn = async (id: string): Promise<void> => {
    if (!live.has(id)) throw new Error(`refusing to destroy ${id}: this run did not create it`);
    try {
      await client.destroyAccount(id);
    } catch (error) {
      if (!isChatError(error) || error.errorCode !== ACCOUNT_NOT_FOUND) throw error;
    }
    live.delete(id);
  };
  const context: ProbeContext = {
    client,
    raw,
    owner: options.owner,
    idPrefix,
    mainId: `${idPrefix}-main`,
    track,
    reportUntracked: (what) => leftBehind.push(what),
    destroyOwn,
    nowSeconds,
  };

  const outcomes = new Map<string, Verdict>();
  let setupFailure: string | undefined;
  try {
    try {
      await client.createAccount({ ownerAccount: options.owner, officialAccount: context.mainId, name: "probe" });
      track(context.mainId);
    } catch (error) {
      // Refused by the server: nothing was created. Anything else (outcome unknown): the ID is this run's own,
      // so the cleanup destroys it if it exists.
      if (!(isChatError(error) && error.code === "TCHAT_API_ERROR")) track(context.mainId);
      setupFailure = `the temporary account could not be created: ${describeError(error)}`;
    }
    if (setupFailure === undefined) {
      for (const check of options.checks ?? CHECKS) {
        try {
          outcomes.set(check.id, { id: check.id, ...(await check.run(context)) });
        } catch (error) {
          outcomes.set(check.id, { id: check.id, status: "not checkable", detail: `the check failed: ${describeError(error)}` });
        }
      }
    }
  } finally {
    for (const id of [...live]) {
      try {
        await destroyOwn(id);
      } catch (error) {
        leftBehind.push(`${id}: ${describeError(error)}`);
      }
    }
  }

  const verdicts = ASSUMPTIONS.map((assumption): Verdict => {
    const reason = NOT_CHECKABLE[assumption.id];
    if (reason !== undefined) return { id: assumption.id, status: "not checkable", detail: reason };
    if (setupFailure !== undefined) return { id: assumption.id, status: "not checkable", detail: setupFailure };
    return outcomes.get(assumption.id) ?? { id: assumption.id, status: "not checkable", detail: "no check for this assumption" };
  }).map((verdict) => ({ ...verdict, detail: scrub(verdict.detail) }));
  const target = options.connection.endpoint ?? `region ${options.connection.region ?? "china"}`;
  const report = scrub(
    renderReport({
      header: [
        `Live probe: SDKAppID ${client.sdkAppId} at ${client.baseUrl} (${target === client.baseUrl ? "endpoint" : target}), identifier ${client.identifier}`,
        `Temporary account ${context.mainId}, owner ${options.owner}`,
      ],
      verdicts,
      created,
      leftBehind: leftBehind.map(scrub),
    }),
  );
  return { verdicts, created, leftBehind: leftBehind.map(scrub), report };
}

function describeError(error: unknown): string {
  if (isChatError(error)) return error.errorCode !== undefined ? `${error.code} ${error.errorCode}: ${error.message}` : `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
