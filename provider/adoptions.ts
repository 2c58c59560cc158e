import type { ProfileFields } from "./chat/types";

/**
 * The accounts claimed in this provider process, by resource ID (`<sdkAppId>/<officialAccount>`): by `check` of
 * every OfficialAccountProfile the program declares, and by `create` when it adopts an account.
 *
 * A resource renamed without an alias is, to the engine, a new resource and a removed one. The old resource's
 * delete `restore` would roll the account back under the new resource, whose state claims the declared values.
 * So delete asks here first and steps aside when another resource of this run claims the account
 * (docs/semantics.md, one owner per account).
 *
 * `check` is what makes this hold across runs. The engine checks every resource the program registers
 * (pulumi/pulumi pkg/resource/deploy/step_generator.go generateResourceSteps calls prov.Check, a stub only for
 * resources outside `--target`) while the program runs, and deletes removed resources only after the program has
 * finished (pkg/resource/deploy/deployment_executor.go Execute calls performPostSteps, which calls GenerateDeletes,
 * once the source iterator is done), in the same provider process. So when a rename run failed after the create
 * (or ran with `--target` on the new resource), the next `up` still has the new resource's claim before the old
 * one's delete, although the new resource is then unchanged and `create` does not run. `destroy` never checks
 * (with `--run-program`, destroy mode turns registered custom resources into Same steps before Check), so its
 * restores are unaffected.
 *
 * Module state, not captured: this module is loaded by `require` in the host, never serialized. A fresh host
 * process (every CLI command) starts empty.
 */
const claimed = new Set<string>();

export function recordClaim(resourceId: string): void {
  claimed.add(resourceId);
}

export function claimedInThisProcess(resourceId: string): boolean {
  return claimed.has(resourceId);
}

/**
 * The original values a delete that stepped aside would have restored, by resource ID, for a create of the same
 * account later in this run. With delete-first (`deleteBeforeReplace` and `--replace`, or `replaceOnChanges`) the
 * resource's own check claims the account before its old version's delete, which then steps aside; the create
 * that follows finds the declared values on the account, and without this hand-over would record them as the
 * originals, so a later `restore` could no longer put the real ones back.
 */
const handedOver = new Map<string, ProfileFields>();

export function handOverOriginals(resourceId: string, originals: ProfileFields): void {
  handedOver.set(resourceId, { ...originals });
}

/** The originals handed over for this account, once: a later adoption in this run finds none. */
export function takeHandedOverOriginals(resourceId: string): ProfileFields | undefined {
  const originals = handedOver.get(resourceId);
  handedOver.delete(resourceId);
  return originals;
}

/** Tests only: forget claims and hand-overs, as in a fresh host process. */
export function resetAdoptions(): void {
  claimed.clear();
  handedOver.clear();
}
