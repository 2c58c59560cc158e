/**
 * Keeps credentials out of what users see. The UserSig travels in the query string (`usersig=`), so URLs
 * are redacted the way octokit's RequestError redacts `client_secret=` and `access_token=`; the secret key
 * and known UserSigs are also removed wherever they appear (message, stack, `cause` chain, URL fields).
 */
import { isChatError } from "./errors";

/** What a secret or a UserSig is replaced with. */
export const REDACTED = "[REDACTED]";

const USERSIG_PARAMETER = /(\busersig=)[^&#\s"'<>]*/gi;
const MAX_CAUSE_DEPTH = 10;
/** Short strings would match by accident and are not real keys or signatures. */
const MIN_SECRET_LENGTH = 6;

/** Removes the given secrets (and every `usersig=` value) from text and errors before they are shown or logged. */
export class Redactor {
  private readonly secrets: string[];

  constructor(secrets: readonly (string | undefined)[]) {
    const variants = new Set<string>();
    for (const secret of secrets) {
      if (secret === undefined || secret.length < MIN_SECRET_LENGTH) continue;
      variants.add(secret);
      variants.add(encodeURIComponent(secret));
    }
    // Longest first, so a secret containing another is removed whole.
    this.secrets = [...variants].sort((a, b) => b.length - a.length);
  }

  /** A redactor that also removes `extra` (e.g. the UserSig in use right now). */
  with(extra: readonly (string | undefined)[]): Redactor {
    return new Redactor([...this.secrets, ...extra]);
  }

  /** `value` with every `usersig=` value and every known secret replaced by {@link REDACTED}. */
  text(value: string): string {
    let result = value.replace(USERSIG_PARAMETER, `$1${REDACTED}`);
    for (const secret of this.secrets) result = result.split(secret).join(REDACTED);
    return result;
  }

  /**
   * Redacts an error in place (message, stack, string fields such as `url` and `errorInfo`) and replaces
   * its `cause` chain with redacted copies, so that foreign error objects are never mutated. Returns it.
   */
  error<E extends Error>(error: E): E {
    return this.redactInPlace(error, 0);
  }

  private redactInPlace<E extends Error>(error: E, depth: number): E {
    this.scrubOwnStrings(error);
    const cause = (error as { cause?: unknown }).cause;
    if (cause !== undefined) {
      Object.defineProperty(error, "cause", {
        value: this.copyCause(cause, depth + 1),
        writable: true,
        configurable: true,
        enumerable: false,
      });
    }
    return error;
  }

  private scrubOwnStrings(target: object): void {
    for (const key of Object.getOwnPropertyNames(target)) {
      const descriptor = Object.getOwnPropertyDescriptor(target, key);
      if (descriptor && typeof descriptor.value === "string" && descriptor.writable) {
        (target as Record<string, unknown>)[key] = this.text(descriptor.value);
      }
    }
  }

  private copyCause(cause: unknown, depth: number): unknown {
    if (typeof cause === "string") return this.text(cause);
    if (typeof cause !== "object" || cause === null) return cause;
    if (depth > MAX_CAUSE_DEPTH) return undefined;
    // Our own errors are redacted in place, keeping their class and fields.
    if (isChatError(cause)) return this.redactInPlace(cause, depth);
    const source = cause as Record<string, unknown>;
    const copy = new Error(this.text(typeof source.message === "string" ? source.message : String(cause)));
    copy.name = typeof source.name === "string" ? source.name : "Error";
    copy.stack = typeof source.stack === "string" ? this.text(source.stack) : undefined;
    for (const key of ["code", "errno", "syscall", "url", "address", "port", "statusCode"] as const) {
      const value = source[key];
      if (value !== undefined) (copy as unknown as Record<string, unknown>)[key] = typeof value === "string" ? this.text(value) : value;
    }
    if (Array.isArray(source.errors)) {
      (copy as unknown as { errors: unknown[] }).errors = source.errors.map((inner) => this.copyCause(inner, depth + 1));
    }
    if (source.cause !== undefined) {
      (copy as { cause?: unknown }).cause = this.copyCause(source.cause, depth + 1);
    }
    return copy;
  }
}

/** Redacts `usersig=` values in a URL or text (no secrets known). */
export function redactUserSig(text: string): string {
  return text.replace(USERSIG_PARAMETER, `$1${REDACTED}`);
}
