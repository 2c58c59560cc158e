/**
 * Finds credentials in text a user could see or that is stored (state file, host stdout/stderr, error messages).
 * UserSigs are time-dependent, so they cannot be matched by value: every run of the UserSig alphabet
 * (`[A-Za-z0-9*_-]`, docs/client.md) is tried with a decoder, and every
 * `usersig=` query value that is not the mask counts.
 */
export interface LeakScanOptions {
  /** Exact secrets that must not appear (e.g. the secret key). */
  secrets: string[];
  /** Returns true when a candidate decodes as a UserSig (pass `(s) => decodeUserSig(s) !== undefined`). */
  isUserSig?: (candidate: string) => boolean;
  /** The redaction mask accepted after `usersig=` (default `***`). */
  mask?: string;
}

export interface Leak {
  kind: "secret" | "usersig" | "usersig-parameter";
  /** Offset in the scanned text. */
  index: number;
  /** A short, redacted description (never the value itself). */
  description: string;
}

const userSigRun = /[A-Za-z0-9*_-]{24,}/g;
const userSigParameter = /usersig=([^&\s"'<>\\]*)/gi;

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export function findLeaks(text: string, options: LeakScanOptions): Leak[] {
  const leaks: Leak[] = [];
  for (const secret of options.secrets) {
    if (secret === "") continue;
    let index = text.indexOf(secret);
    while (index !== -1) {
      leaks.push({ kind: "secret", index, description: `a configured secret (${secret.length} chars) at ${index}` });
      index = text.indexOf(secret, index + 1);
    }
  }
  if (options.isUserSig) {
    for (const match of text.matchAll(userSigRun)) {
      const run = match[0];
      // A zlib stream in this base64 variant starts with "eJ"; also try every such start inside a longer run.
      const starts = [0, ...[...run.matchAll(/eJ/g)].map((m) => m.index ?? 0)];
      for (const start of new Set(starts)) {
        if (options.isUserSig(run.slice(start))) {
          leaks.push({ kind: "usersig", index: (match.index ?? 0) + start, description: `a decodable UserSig at ${(match.index ?? 0) + start}` });
          break;
        }
      }
    }
  }
  const mask = options.mask ?? "***";
  for (const match of text.matchAll(userSigParameter)) {
    const value = match[1] ?? "";
    if (value !== "" && value !== mask && safeDecode(value) !== mask) {
      leaks.push({ kind: "usersig-parameter", index: match.index ?? 0, description: `an unmasked usersig= value at ${match.index}` });
    }
  }
  return leaks;
}
