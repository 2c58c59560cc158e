import * as pulumi from "@pulumi/pulumi";
import { AccountDeclaredTwiceError } from "./errors";
import { CONFIG_NAMESPACE, SETTINGS } from "./settings";

/**
 * One owner per account, checked in the program process (docs/semantics.md): two resources that declare the
 * same (app, account) in one stack would overwrite each other on every `up`, so the second one's registration
 * fails with an error that names the account and both resources.
 *
 * The provider cannot see this: the engine calls it per resource, without the others. The program sees every
 * declaration. The app is resolved as the provider resolves it (resource input, else stack config
 * `tencentcloud-chat:sdkAppId`, else TENCENTCLOUD_CHAT_SDKAPPID); values unknown during a preview are not
 * checked then, and are at `up`.
 */

type Owners = Map<string, string>;

// Per deployment: Automation API inline programs run several deployments in one process, each with its own
// monitor. Held on globalThis so that two copies of this package in one program share it.
const kOwners = Symbol.for("pulumi-tencentcloud-chat.account-owners");
type OwnerRegistry = { byMonitor: WeakMap<object, Owners>; fallback: Owners };

function ownersOfThisDeployment(): Owners {
  const global = globalThis as unknown as Record<symbol, OwnerRegistry | undefined>;
  const registry = (global[kOwners] ??= { byMonitor: new WeakMap(), fallback: new Map() });
  const monitor = pulumi.runtime.getMonitor();
  if (monitor === undefined) return registry.fallback;
  let owners = registry.byMonitor.get(monitor);
  if (owners === undefined) {
    owners = new Map();
    registry.byMonitor.set(monitor, owners);
  }
  return owners;
}

/** The app as text ("1400000000"), or undefined when nothing names one (check then reports it). */
function appKey(sdkAppId: unknown): string | undefined {
  const fromStack = () => new pulumi.Config(CONFIG_NAMESPACE).get("sdkAppId") ?? process.env[SETTINGS.sdkAppId.envVar];
  const value = sdkAppId ?? fromStack();
  if (value === undefined || value === "") return undefined;
  const text = String(value).trim();
  return /^\d+$/.test(text) ? String(Number(text)) : text;
}

/**
 * The `officialAccount` input to register, claiming the account for `resourceName` once it and the app are
 * known; the claim fails (and with it the registration) if another resource of this deployment holds it.
 */
export function claimedOfficialAccount(
  resourceName: string,
  officialAccount: pulumi.Input<string>,
  sdkAppId: pulumi.Input<number> | undefined,
): pulumi.Output<string> {
  const owners = ownersOfThisDeployment();
  return pulumi.all([officialAccount, sdkAppId]).apply(([account, app]) => {
    if (typeof account !== "string") return account; // check reports a missing or non-string ID
    const appText = appKey(app);
    const key = `${appText ?? ""}/${account}`;
    const owner = owners.get(key);
    if (owner !== undefined && owner !== resourceName) {
      throw new AccountDeclaredTwiceError({ officialAccount: account, sdkAppId: appText, resources: [owner, resourceName] });
    }
    owners.set(key, resourceName);
    return account;
  });
}
