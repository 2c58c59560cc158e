/**
 * A small seeded PRNG (mulberry32) so that assigned IDs and fault decisions repeat exactly for a seed.
 * Not for anything secret.
 */
export interface Prng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  nextInt(n: number): number;
}

/** Mixes several numbers into one 32-bit seed, so separate streams (per app, per purpose) do not overlap. */
export function mixSeed(...parts: number[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    // Split each part into two 32-bit halves so SDKAppIDs above 2^32 still mix in fully.
    const low = part >>> 0;
    const high = Math.floor(part / 0x1_0000_0000) >>> 0;
    for (const word of [low, high]) {
      h = Math.imul(h ^ word, 0x01000193) >>> 0;
      h ^= h >>> 15;
    }
  }
  return h >>> 0;
}

export function createPrng(seed: number): Prng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return { next, nextInt: (n) => Math.floor(next() * n) };
}
