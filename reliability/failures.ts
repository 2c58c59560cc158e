import { inspect } from "node:util";
import { findLeaks, type Leak } from "../engine-standin/leak-scan";
import { MASK as EMULATOR_MASK } from "../emulator/request-log";
import { REDACTED } from "../provider/chat/redact";
import { decodeUserSig } from "../provider/chat/usersig";

/** The stable facts of a surfaced error: what a user (or a script) can act on. */
export interface FailureFacts {
  code: string;
  /** The `code` of the cause, when the error wraps one (e.g. TCHAT_ADOPTED_CHANGE_FAILED around a Chat error). */
  causeCode?: string;
  /** Tencent ErrorCode, from the error or its cause. */
  errorCode?: number;
  /** What to do: the error's `hint`, or its cause's. */
  hint?: string;
  message: string;
  /** Requests the retry loop made, when it recorded them. */
  attempts?: number;
  /** Whether the request may have been processed ("unknown") or surely not ("answered", "not-sent"). */
  delivery?: string;
}

interface ErrorLike {
  code?: unknown;
  hint?: unknown;
  errorCode?: unknown;
  attempts?: unknown;
  delivery?: unknown;
  message?: unknown;
  cause?: unknown;
}

function asRecord(value: unknown): ErrorLike {
  return typeof value === "object" && value !== null ? (value as ErrorLike) : {};
}

export function failureFacts(error: unknown): FailureFacts {
  const outer = asRecord(error);
  const cause = asRecord(outer.cause);
  const pick = <T>(key: keyof ErrorLike, type: "string" | "number"): T | undefined => {
    const own = outer[key];
    if (typeof own === type) return own as T;
    const inner = cause[key];
    return typeof inner === type ? (inner as T) : undefined;
  };
  const facts: FailureFacts = {
    code: typeof outer.code === "string" ? outer.code : "(no code)",
    message: typeof outer.message === "string" ? outer.message : String(error),
  };
  if (typeof cause.code === "string") facts.causeCode = cause.code;
  const errorCode = pick<number>("errorCode", "number");
  if (errorCode !== undefined) facts.errorCode = errorCode;
  const hint = pick<string>("hint", "string");
  if (hint !== undefined && hint !== "") facts.hint = hint;
  const attempts = pick<number>("attempts", "number");
  if (attempts !== undefined) facts.attempts = attempts;
  const delivery = pick<string>("delivery", "string");
  if (delivery !== undefined) facts.delivery = delivery;
  return facts;
}

/** Everything an error can show: message, stack, own fields and the cause chain (util.inspect prints them all). */
export function errorText(error: unknown): string {
  return inspect(error, { depth: 8, breakLength: Infinity });
}

const EMULATOR_MASKED = new RegExp(`usersig=${EMULATOR_MASK.replace(/[*]/g, "\\*")}(?=[&\\s"'<>\\\\]|$)`, "gi");

/**
 * Credentials in a text: the given secrets verbatim, any decodable UserSig, any `usersig=` value that is not
 * a mask. Two masks are accepted: the client's `[REDACTED]` and the emulator request log's `***`.
 */
export function credentialLeaks(text: string, secrets: string[]): Leak[] {
  const oneMask = text.replace(EMULATOR_MASKED, `usersig=${REDACTED}`);
  return findLeaks(oneMask, { secrets, isUserSig: (candidate) => decodeUserSig(candidate) !== undefined, mask: REDACTED });
}
