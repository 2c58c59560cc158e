/** The configured apps, normalized: defaults applied, checked once at start. */
import type { EmulatorAppConfig } from "./types";

export const DEFAULT_ADMINS: readonly string[] = ["administrator"];

export interface AppRuntime {
  readonly sdkAppId: number;
  readonly secretKey: string;
  readonly admins: ReadonlySet<string>;
  officialAccountService: boolean;
}

export class AppRegistry {
  private readonly apps = new Map<number, AppRuntime>();

  constructor(configs: readonly EmulatorAppConfig[]) {
    for (const config of configs) {
      if (!Number.isSafeInteger(config.sdkAppId) || config.sdkAppId <= 0) {
        throw new RangeError(`sdkAppId must be a positive integer, got ${String(config.sdkAppId)}`);
      }
      if (typeof config.secretKey !== "string" || config.secretKey === "") {
        throw new RangeError(`app ${config.sdkAppId}: secretKey must be a non-empty string`);
      }
      if (this.apps.has(config.sdkAppId)) throw new RangeError(`app ${config.sdkAppId} is configured twice`);
      const admins = config.admins && config.admins.length > 0 ? config.admins : DEFAULT_ADMINS;
      this.apps.set(config.sdkAppId, {
        sdkAppId: config.sdkAppId,
        secretKey: config.secretKey,
        admins: new Set(admins),
        officialAccountService: config.officialAccountService ?? true,
      });
    }
  }

  get(sdkAppId: number): AppRuntime | undefined {
    return this.apps.get(sdkAppId);
  }

  all(): AppRuntime[] {
    return [...this.apps.values()];
  }
}
