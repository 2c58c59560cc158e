import { randomBytes } from "node:crypto";

/** Injected time and randomness: production uses these, tests pass fakes. */

export type NowMs = () => number;
/** Resolves after `ms`, or rejects with `signal.reason` when the signal aborts first. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;
/** A uniform number in [0, 1). */
export type RandomSource = () => number;

export const systemNowMs: NowMs = () => Date.now();

export const timerSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener("abort", onAbort, { once: true });
  });

const RANDOM_BITS = 2 ** 48;

/** Uniform in [0, 1) from the CSPRNG, 48 bits (so `floor(x × 2^32)` is exactly uniform too). */
export const cryptoRandom: RandomSource = () => randomBytes(6).readUIntBE(0, 6) / RANDOM_BITS;
