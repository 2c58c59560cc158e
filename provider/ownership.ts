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

/** Who declares an account: the resource's type and name, and its identity (type, parent URN, name). */
interface Claimant {
  type: ClaimantType;
  name: string;
  identity: string;
}
export type ClaimantType = "OfficialAccount" | "OfficialAccountProfile";
type Owners = Map<string, Claimant>;

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
 * The `officialAccount` input to register, claiming the account for the resource once it and the app are
 * known; the claim fails (and with it the registration) if another resource of this deployment holds it.
 *
 * A claim is keyed by the resource's identity (type, parent URN, name), as the engine keys it (its URN), never
 * by the name alone: an OfficialAccount "support" and an OfficialAccountProfile "support", or two components'
 * children "desk", are two resources. Only the same identity claiming again passes: that is the same resource
 * in a program run twice where no monitor tells deployments apart (the fallback registry), since the engine
 * itself refuses two registrations of one URN.
 */
export function claimedOfficialAccount(
  claimant: { type: ClaimantType; name: string; parent?: pulumi.Resource },
  officialAccount: pulumi.Input<string>,
  sdkAppId: pulumi.Input<number> | undefined,
): pulumi.Output<string> {
  const owners = ownersOfThisDeployment();
  return pulumi.all([officialAccount, sdkAppId, claimant.parent?.urn]).apply(([account, app, parentUrn]) => {
    if (typeof account !== "string") return account; // check reports a missing or non-string ID
    const appText = appKey(app);
    const key = `${appText ?? ""}/${account}`;
    const mine: Claimant = { type: claimant.type, name: claimant.name, identity: `${claimant.type}::${parentUrn ?? ""}::${claimant.name}` };
    const owner = owners.get(key);
    if (owner !== undefined && owner.identity !== mine.identity) {
      throw new AccountDeclaredTwiceError({
        officialAccount: account,
        sdkAppId: appText,
        resources: [owner.name, mine.name],
        resourceTypes: [owner.type, mine.type],
      });
    }
    owners.set(key, mine);
    return account;
  });
}
