import path from "node:path";
import { repoRoot, secretConfig, type StackConfig } from "../engine-standin";
import { BENCH_APP } from "./profiles";

/**
 * The two providers the bench drives, with identical inputs, emulator and stand-in: this package, and the
 * naive baseline in bench/naive-provider/. Each is `npm pack`ed and installed as a real directory in its own
 * scratch stack (docs/architecture.md, How it is packaged: a symlinked install would be inlined and skew the state sizes).
 */
export type ImplementationKey = "ours" | "baseline";

export interface Implementation {
  key: ImplementationKey;
  label: string;
  packageSource: string;
  requiredFiles: string[];
  /** The Pulumi program (plain JS, reads `profiles.json` beside it). */
  programSource: string;
  stackConfig(endpoint: string): StackConfig;
  /** Environment of the dynamic-provider host. */
  hostEnv(endpoint: string): Record<string, string | undefined>;
}

/** Settings a developer's shell might carry: never let them leak into a run. */
const CLEARED_ENV: Record<string, undefined> = {
  TENCENTCLOUD_CHAT_SDKAPPID: undefined,
  TENCENTCLOUD_CHAT_SECRET_KEY: undefined,
  TENCENTCLOUD_CHAT_IDENTIFIER: undefined,
  TENCENTCLOUD_CHAT_REGION: undefined,
  TENCENTCLOUD_CHAT_ENDPOINT: undefined,
};

function program(packageName: string, className: string): string {
  return [
    `const { ${className} } = require("${packageName}");`,
    `const profiles = require("./profiles.json");`,
    `for (const profile of profiles) new ${className}(profile.resourceName, profile.args);`,
    "",
  ].join("\n");
}

export const OURS: Implementation = {
  key: "ours",
  label: "pulumi-tencentcloud-chat",
  packageSource: repoRoot,
  requiredFiles: ["dist/provider/index.js", "dist/provider/lifecycle.js"],
  programSource: program("pulumi-tencentcloud-chat", "OfficialAccountProfile"),
  // The designed path: stack config, the key as a secret (docs/installation-configuration.md).
  stackConfig: (endpoint) => ({
    "tencentcloud-chat:sdkAppId": String(BENCH_APP.sdkAppId),
    "tencentcloud-chat:secretKey": secretConfig(BENCH_APP.secretKey),
    "tencentcloud-chat:endpoint": endpoint,
  }),
  hostEnv: () => ({ ...CLEARED_ENV }),
};

export const BASELINE: Implementation = {
  key: "baseline",
  label: "naive baseline",
  packageSource: path.join(__dirname, "naive-provider"),
  requiredFiles: ["index.js"],
  programSource: program("naive-chat-profile-provider", "NaiveOfficialAccountProfile"),
  stackConfig: () => ({}),
  // The common pattern: settings from the environment, read at call time.
  hostEnv: (endpoint) => ({
    ...CLEARED_ENV,
    TENCENTCLOUD_CHAT_SDKAPPID: String(BENCH_APP.sdkAppId),
    TENCENTCLOUD_CHAT_SECRET_KEY: BENCH_APP.secretKey,
    TENCENTCLOUD_CHAT_ENDPOINT: endpoint,
  }),
};

export const IMPLEMENTATIONS: readonly Implementation[] = [OURS, BASELINE];
