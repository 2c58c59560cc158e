import type { StoredAccount } from "../emulator";
import { PROFILE_FIELDS } from "../provider/profile";
import type { ModelState } from "./engine-model";

/** A value the state claims that the account does not hold. */
export interface StaleClaim {
  field: string;
  claimed: unknown;
  actual: unknown;
}

/**
 * Compares what the state says about the account (the managed fields in its outputs, and the owner) with
 * the emulator's store. A state marked `gone` claims nothing; no state claims nothing.
 */
export function staleClaims(state: ModelState | undefined, account: StoredAccount | undefined): StaleClaim[] {
  if (state === undefined || state.outputs["gone"] === true) return [];
  if (account === undefined) return [{ field: "officialAccount", claimed: state.outputs["officialAccount"], actual: "(no such account)" }];
  const stale: StaleClaim[] = [];
  for (const field of [...PROFILE_FIELDS, "ownerAccount"] as const) {
    const claimed = state.outputs[field];
    if (claimed !== undefined && claimed !== account[field]) stale.push({ field, claimed, actual: account[field] });
  }
  return stale;
}

/** Claims in `after` that were not already false in `before`: the ones an operation introduced. */
export function introducedClaims(after: readonly StaleClaim[], before: readonly StaleClaim[]): StaleClaim[] {
  return after.filter((claim) => !before.some((old) => old.field === claim.field && old.claimed === claim.claimed));
}
