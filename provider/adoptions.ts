/**
 * The accounts `create` adopted in this provider process, by resource ID (`<sdkAppId>/<officialAccount>`).
 *
 * A resource renamed without an alias is, to the engine, a new resource and a removed one: in one `up` it runs
 * the new resource's create (which adopts the account) before the old resource's delete, in the same provider
 * process. The old delete's `restore` would then roll the account back under the new resource, whose state
 * claims the declared values. So delete asks here first and steps aside when the account was taken over in this
 * run (docs/semantics.md, one owner per account).
 *
 * Module state, not captured: this module is loaded by `require` in the host, never serialized. A fresh host
 * process (every CLI command) starts empty.
 */
const adopted = new Set<string>();

export function recordAdoption(resourceId: string): void {
  adopted.add(resourceId);
}

export function adoptedInThisProcess(resourceId: string): boolean {
  return adopted.has(resourceId);
}

/** Tests only: forget adoptions, as in a fresh host process. */
export function resetAdoptions(): void {
  adopted.clear();
}
