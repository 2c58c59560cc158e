/**
 * The live probe's vocabulary. A check settles one entry of the emulator's assumptions table
 * (emulator/assumptions.ts, docs/emulator.md) against a real app.
 */
import type { OfficialAccountClient } from "../provider/chat/official-accounts";
import type { RawCaller } from "./raw-http";

export type VerdictStatus = "confirmed" | "refuted" | "not checkable";

export interface Verdict {
  /** The assumption ID (A-…). */
  id: string;
  status: VerdictStatus;
  /** What was sent and seen (refuted: the observed answer; not checkable: why). Never holds a secret. */
  detail: string;
}

/** What one check returns; the runner adds the ID. */
export type Outcome = Omit<Verdict, "id">;

export interface ProbeContext {
  client: OfficialAccountClient;
  raw: RawCaller;
  /** The owner of the temporary accounts: an account imported into the app (TENCENTCLOUD_CHAT_PROBE_OWNER). */
  owner: string;
  /** `@TOA#_probe-<run>`; every ID this run names starts with it, so none can be anyone else's account. */
  idPrefix: string;
  /** The temporary account created at the start and destroyed at the end. */
  mainId: string;
  /** Records an account this run created, for the final cleanup. */
  track(officialAccount: string): void;
  /** An account this run created without learning its ID (it must be found and removed by hand). */
  reportUntracked(what: string): void;
  /** Destroys an account this run created (and forgets it); throws when the destroy fails. */
  destroyOwn(officialAccount: string): Promise<void>;
  /** Current Unix time in seconds (injected in tests). */
  nowSeconds(): number;
}

export interface Check {
  id: string;
  run(context: ProbeContext): Promise<Outcome>;
}
