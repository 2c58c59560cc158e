import { startEmulator, type Emulator, type EmulatorOptions, type RequestLogEntry } from "../emulator";
import { RateLimiterRegistry, closeSharedPools, getOfficialAccountClient, resetOfficialAccountClients, type ClientTunables } from "../provider/chat";
import { resetConfiguration } from "../provider/configuration";
import * as lifecycle from "../provider/lifecycle";
import { APP, CANARY_KEY, CONFIG } from "./constants";
import type { Bag } from "./engine-model";
import { seededRandom } from "./seeded-random";

/**
 * The resource's lifecycle run in-process, configured the way the host configures it (namespaced stack
 * config, here without an endpoint). Each "world" is one emulator on 127.0.0.1 whose URL the resource names
 * with its own `endpoint` input, so worlds are independent and can run side by side: each has its own
 * accounts, faults, request log, and its own process-wide client (docs/architecture.md, decision 8: one client
 * per app and endpoint, first creation wins), created up front with the world's tunables (small backoff, short timeouts).
 */

/** Configures the provider as a fresh host would (stack config only). Call once before creating worlds. */
export async function configureProvider(extraConfig: Record<string, string> = {}): Promise<void> {
  resetConfiguration();
  resetOfficialAccountClients();
  await lifecycle.configure({ config: hostConfig({ [CONFIG.sdkAppId]: String(APP), [CONFIG.secretKey]: CANARY_KEY, ...extraConfig }) });
}

export async function releaseProvider(): Promise<void> {
  resetOfficialAccountClients();
  resetConfiguration();
  await closeSharedPools();
}

export interface WorldOptions {
  /** Emulator seed (fault decisions) and the client's jitter seed. */
  seed: number;
  tunables: Partial<ClientTunables>;
  /** Passed to the emulator (rate limit, request log size, onRequest). */
  emulator?: Partial<Pick<EmulatorOptions, "maxRequestsPerSecond" | "requestLogLimit" | "onRequest">>;
}

export interface World {
  readonly emulator: Emulator;
  /** `check`, as the engine runs it before create/update, with this world's endpoint; throws on failures. */
  checked(news: Bag): Promise<Bag>;
  /** Sequence number of the last request the emulator received (0 when none). */
  lastSeq(): number;
  requestsAfter(seq: number): RequestLogEntry[];
  close(): Promise<void>;
}

/** Stands in for the serialized provider the engine keeps in `__provider`; the lifecycle never reads it. */
export const PROVIDER_STUB = 'exports.handler = () => require("pulumi-tencentcloud-chat/lifecycle");';

export function hostConfig(values: Record<string, string>) {
  return {
    get: (key: string) => values[key],
    require: (key: string) => {
      const value = values[key];
      if (value === undefined) throw new Error(`missing required configuration variable '${key}'`);
      return value;
    },
  };
}

export async function startWorld(options: WorldOptions): Promise<World> {
  const emulator = await startEmulator({ apps: [{ sdkAppId: APP, secretKey: CANARY_KEY }], seed: options.seed, ...options.emulator });
  getOfficialAccountClient(
    { sdkAppId: APP, secretKey: CANARY_KEY, endpoint: emulator.url },
    { ...options.tunables, random: seededRandom(options.seed), rateLimiter: new RateLimiterRegistry() },
  );
  return {
    emulator,
    async checked(news) {
      const result = await lifecycle.check({}, { ...news, endpoint: emulator.url, __provider: PROVIDER_STUB });
      if (result.failures && result.failures.length > 0) throw new Error(`check refused the fixture: ${JSON.stringify(result.failures)}`);
      return { ...(result.inputs as Bag), __provider: PROVIDER_STUB };
    },
    lastSeq: () => emulator.requestLog.at(-1)?.seq ?? 0,
    requestsAfter: (seq) => emulator.requestLog.filter((entry) => entry.seq > seq),
    close: () => emulator.close(),
  };
}
