import type { FaultConfig, FaultKind } from "../emulator";
import type { ClientTunables } from "../provider/chat";
import { GET_INFO, MODIFY } from "./constants";

/**
 * The columns of the fault matrix: every fault the emulator can inject (emulator/faults.ts), as a short burst
 * that the retry loop must ride out, as "apply, then lose the reply" on the write, and as a persistent
 * failure that must end in a typed error. Bursts hit each command the operation makes (its read and its
 * write) separately, so a create meets the burst on both.
 */

export type Expectation = "converge" | "fail";

export interface FaultColumn {
  id: string;
  /** Shown in the table. */
  label: string;
  faults: FaultConfig;
  /** The column only targets the write: an operation that makes no modify call is not applicable. */
  writeOnly?: boolean;
  /** Client tunables for this column on top of the matrix defaults (e.g. a short per-attempt timeout). */
  tunables?: Partial<ClientTunables>;
  expect: Expectation;
  /** For `fail` columns: the error codes that count as the right typed failure. */
  codes?: string[];
}

/** Matrix defaults: small backoff so the suite stays fast; a deadline that only the hang columns reach. */
export const MATRIX_TUNABLES: Partial<ClientTunables> = {
  maxAttempts: 4,
  transientBaseDelayMs: 2,
  throttledBaseDelayMs: 4,
  maxDelayMs: 20,
  operationDeadlineMs: 3_000,
  headersTimeoutMs: 1_500,
  bodyTimeoutMs: 1_500,
  maxRequestsPerSecond: 10_000,
};

/** A burst of `count` on the read and, separately, on the write. */
function burst(kind: FaultKind, count: number): FaultConfig {
  return { rules: [{ kind, count, commands: [GET_INFO] }, { kind, count, commands: [MODIFY] }] };
}

function afterApplyOnce(kind: FaultKind): FaultConfig {
  return { rules: [{ kind, count: 1, afterApply: true, commands: [MODIFY] }] };
}

const SHORT_ATTEMPT = { headersTimeoutMs: 100, bodyTimeoutMs: 100 };

export const FAULT_COLUMNS: readonly FaultColumn[] = [
  { id: "latency", label: "latency spike 120–160 ms", faults: { latencyMs: 120, jitterMs: 40 }, expect: "converge" },
  { id: "10004x2", label: "10004 burst ×2", faults: burst("error10004", 2), expect: "converge" },
  { id: "20005x2", label: "20005 burst ×2", faults: burst("error20005", 2), expect: "converge" },
  { id: "throttlex3", label: "throttling storm (60007 ×3)", faults: burst("throttle", 3), expect: "converge" },
  { id: "502x2", label: "HTTP 502 ×2", faults: burst("http502", 2), expect: "converge" },
  { id: "resetx2", label: "connection reset ×2", faults: burst("reset", 2), expect: "converge" },
  { id: "hangx1", label: "hang ×1 (ended by the attempt timeout)", faults: burst("hang", 1), tunables: SHORT_ATTEMPT, expect: "converge" },
  { id: "malformedx2", label: "malformed 200 body ×2", faults: burst("malformed", 2), expect: "converge" },
  { id: "502-applied", label: "applied, then HTTP 502", faults: afterApplyOnce("http502"), writeOnly: true, expect: "converge" },
  { id: "reset-applied", label: "applied, then reset", faults: afterApplyOnce("reset"), writeOnly: true, expect: "converge" },
  {
    id: "hang-applied",
    label: "applied, then hang (ended by the attempt timeout)",
    faults: afterApplyOnce("hang"),
    writeOnly: true,
    tunables: SHORT_ATTEMPT,
    expect: "converge",
  },
  { id: "malformed-applied", label: "applied, then malformed body", faults: afterApplyOnce("malformed"), writeOnly: true, expect: "converge" },
  {
    id: "reset-applied-always-write",
    label: "every write applied, reply always lost",
    faults: { rules: [{ kind: "reset", afterApply: true, commands: [MODIFY] }] },
    writeOnly: true,
    expect: "converge",
  },
  {
    id: "10004-always-write",
    label: "10004 on every write",
    faults: { rules: [{ kind: "error10004", commands: [MODIFY] }] },
    writeOnly: true,
    expect: "fail",
    codes: ["TCHAT_API_ERROR", "TCHAT_ADOPTED_CHANGE_FAILED"],
  },
  { id: "10004-always", label: "10004 on every request", faults: { rules: [{ kind: "error10004" }] }, expect: "fail", codes: ["TCHAT_API_ERROR"] },
  { id: "throttle-always", label: "throttled on every request", faults: { rules: [{ kind: "throttle" }] }, expect: "fail", codes: ["TCHAT_API_ERROR"] },
  {
    id: "hang-always",
    label: "hang on every request (300 ms deadline)",
    faults: { rules: [{ kind: "hang" }] },
    tunables: { operationDeadlineMs: 300, headersTimeoutMs: 10_000, bodyTimeoutMs: 10_000 },
    expect: "fail",
    // An update whose modify went out and never came back is a partial failure around the deadline error.
    codes: ["TCHAT_DEADLINE", "TCHAT_UPDATE_OUTCOME_UNKNOWN"],
  },
  {
    id: "reset-applied-always",
    label: "every request applied, reply always lost",
    faults: { rules: [{ kind: "reset", afterApply: true }] },
    expect: "fail",
    codes: ["TCHAT_NETWORK", "TCHAT_UPDATE_OUTCOME_UNKNOWN"],
  },
];
