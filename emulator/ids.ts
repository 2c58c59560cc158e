/**
 * Server-assigned IDs. Every one seen in the docs and in third-party code is `@TOA#_@TOA#` plus four
 * characters from A–Z/0–9 starting with `d` (dOEF, dZDP, d4CH, dHD4). The real alphabet
 * and length are UNCONFIRMED (assumptions.ts, A-ASSIGNED-ID).
 */
import { createPrng, mixSeed, type Prng } from "./prng";
import { SERVER_ID_PREFIX } from "./validation";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const ID_PURPOSE = 1;

export class AccountIdGenerator {
  private readonly prng: Prng;

  /** One stream per (seed, app), so one app's creations do not shift another app's IDs. */
  constructor(seed: number, sdkAppId: number) {
    this.prng = createPrng(mixSeed(seed, sdkAppId, ID_PURPOSE));
  }

  /** The next ID not already taken; grows by a character after many collisions (never in practice). */
  next(isTaken: (id: string) => boolean): string {
    for (let length = 3; ; length += 1) {
      for (let attempt = 0; attempt < 1000; attempt += 1) {
        let suffix = "d";
        for (let i = 0; i < length; i += 1) suffix += ALPHABET[this.prng.nextInt(ALPHABET.length)];
        const id = SERVER_ID_PREFIX + suffix;
        if (!isTaken(id)) return id;
      }
    }
  }
}
