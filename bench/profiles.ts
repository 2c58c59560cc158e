import { startEmulator, type Emulator } from "../emulator";
import type { TrafficRecorder } from "./traffic";

/**
 * The inputs every benchmark uses, identical for our package and the baseline: `count` official accounts that
 * already exist on the emulator (created elsewhere: docs/architecture.md, decision 3) holding old values, and a program
 * declaring new values for each, so converging every profile takes exactly one modify call.
 */

export const BENCH_APP = { sdkAppId: 1400000001, secretKey: "bench-secret-key-0123456789abcdef0123456789abcdef" } as const;
export const BENCH_OWNER = "bench_owner";

export interface ProfileArgs {
  officialAccount: string;
  name: string;
  introduction: string;
  faceUrl: string;
  organization: string;
  customString: string;
  maxSubscriberNum: number;
}

export interface BenchProfile {
  /** The Pulumi resource name. */
  resourceName: string;
  args: ProfileArgs;
}

export function officialAccountId(index: number): string {
  return `@TOA#_bench_${index}`;
}

export function benchProfiles(count: number): BenchProfile[] {
  return Array.from({ length: count }, (_, index) => ({
    resourceName: `profile-${index}`,
    args: {
      officialAccount: officialAccountId(index),
      name: `Bench profile ${index}`,
      introduction: `Benchmark account ${index}. We answer within a day.`,
      faceUrl: `https://cdn.example.com/bench/${index}.png`,
      organization: "Example Ltd",
      customString: JSON.stringify({ tier: index % 3 === 0 ? "gold" : "silver", index }),
      maxSubscriberNum: 50_000,
    },
  }));
}

/** Creates the accounts out of band, with values that differ from the declared ones. */
export function seedAccounts(emulator: Emulator, count: number): void {
  for (let index = 0; index < count; index += 1) {
    emulator.store.create(BENCH_APP.sdkAppId, {
      officialAccount: officialAccountId(index),
      ownerAccount: BENCH_OWNER,
      name: `Old name ${index}`,
      introduction: "old introduction",
    });
  }
}

/** The bench's emulator: one app at the given limit and added latency, every request recorded by `traffic`. */
export function startBenchEmulator(
  options: { ratePerSecond: number; latencyMs: number },
  traffic: TrafficRecorder,
): Promise<Emulator> {
  return startEmulator({
    apps: [{ sdkAppId: BENCH_APP.sdkAppId, secretKey: BENCH_APP.secretKey }],
    seed: 1,
    maxRequestsPerSecond: options.ratePerSecond,
    faults: { latencyMs: options.latencyMs },
    onRequest: traffic.record,
    // The recorder keeps what the bench needs; the built-in log only has to hold a little.
    requestLogLimit: 1_000,
  });
}
