import type * as dynamic from "@pulumi/pulumi/dynamic";
import { accountClient, isAccountMissing } from "./account-client";
import { claimedInThisProcess, handOverOriginals, recordClaim, takeHandedOverOriginals } from "./adoptions";
import { configuredStack, startConfigure } from "./configuration";
import { completeInputs, desiredState } from "./desired";
import { diffProfile } from "./diff";
import { applyFieldChanges } from "./field-changes";
import { AccountNotFoundError, ProfileChangeFailedError } from "./errors";
import {
  adoptedValuesOf,
  composeOutputs,
  factsOf,
  inputsFromOutputs,
  liveValuesOf,
  readStoredState,
  type ProfileOutputs,
  type StoredState,
} from "./outputs";
import { inDoubtFields, keptOutputs } from "./partial-create";
import { changedFields, pickFields, validateInputs } from "./profile";
import { formatResourceId } from "./resource-id";
import { declaredReachOf, stackReach } from "./reach";
import type { Target } from "./settings";
import { storedTarget } from "./stored-target";

/**
 * The dynamic provider. This module's exports object IS the provider handed to `dynamic.Resource`: the
 * closure serializer turns it into one `require("pulumi-tencentcloud-chat/lifecycle")` (docs/architecture.md), so
 * it exports exactly configure, check, diff, create, read, update and delete, and everything else lives
 * in other modules. Every method awaits the stored configuration first (docs/architecture.md).
 */

type Bag = Record<string, unknown>;

export async function configure(req: dynamic.ConfigureRequest): Promise<void> {
  await startConfigure(req.config);
}

export async function check(_olds: Bag, news: Bag): Promise<dynamic.CheckResult<Bag>> {
  const stack = await configuredStack();
  const validated = validateInputs(news);
  const completed = completeInputs(validated.inputs, stack, process.env);
  // This resource claims its account for the run, before any removed resource's delete (adoptions.ts).
  const { officialAccount, sdkAppId } = completed.inputs;
  if (typeof officialAccount === "string" && typeof sdkAppId === "number") recordClaim(formatResourceId(sdkAppId, officialAccount));
  return { inputs: completed.inputs, failures: [...validated.failures, ...completed.failures] };
}

export async function diff(_id: string, olds: Bag, news: Bag): Promise<dynamic.DiffResult> {
  const stack = await configuredStack();
  // Inputs that bypassed check are completed the same way; an unresolvable app is then not compared.
  const { inputs } = completeInputs(news, stack, process.env, { lenient: true });
  return diffProfile(olds, inputs, stackReach(stack, process.env));
}

export async function create(inputs: Bag): Promise<dynamic.CreateResult<ProfileOutputs>> {
  const stack = await configuredStack();
  const desired = desiredState(inputs, stack, process.env);
  const { officialAccount, target } = desired;
  const client = accountClient(target, stack, process.env);
  const live = await client.readProfile(officialAccount);
  if (!live) throw new AccountNotFoundError({ officialAccount, sdkAppId: target.sdkAppId });

  // Adopt (docs/semantics.md): remember every writable field the account holds, then converge the declared ones.
  const id = formatResourceId(target.sdkAppId, officialAccount);
  const liveValues = adoptedValuesOf(live);
  const changes = changedFields(desired.fields, liveValues, desired.managedFields);
  // A delete of this account that stepped aside earlier in this run hands its originals over (adoptions.ts).
  const adoptedValues = { ...liveValues, ...takeHandedOverOriginals(id) };
  recordClaim(id);
  const parts = {
    officialAccount,
    sdkAppId: target.sdkAppId,
    declared: desired.declared,
    deletePolicy: desired.deletePolicy,
    managedFields: desired.managedFields,
    facts: factsOf(live),
    adoptedValues,
  };
  if (Object.keys(changes).length > 0) {
    try {
      await client.modifyBaseInfo(officialAccount, changes);
    } catch (error) {
      // The account is adopted even though the change failed: keep it (and what it held) in state, so the
      // next `up` retries as an update and `restore` still knows the original values. A field whose change
      // may have applied is left out: state must not claim the old value either.
      const doubt = inDoubtFields(error, changes);
      const outputs = composeOutputs({ ...parts, applied: pickFields(liveValues, desired.managedFields) });
      throw new ProfileChangeFailedError({
        step: "create",
        cause: error,
        id,
        officialAccount,
        sdkAppId: target.sdkAppId,
        properties: keptOutputs(outputs as unknown as Bag, doubt, inputs),
        inDoubtFields: doubt,
      });
    }
  }
  return { id, outs: composeOutputs({ ...parts, applied: desired.fields }) };
}

/**
 * `dynamic.ReadResult` types `inputs` like the outputs; here they are check-shaped inputs. When the account no
 * longer exists: a blank ID and empty props, which the engine takes as deleted (docs/semantics.md).
 */
interface ProfileReadResult {
  id: string;
  props: ProfileOutputs | Record<string, never>;
  inputs?: Bag;
}

export async function read(id: string, props?: Bag): Promise<ProfileReadResult> {
  const stack = await configuredStack();
  const stored = readStoredState(props);
  // The route: what the outputs record as declared, else stack config, else environment (stored-target.ts).
  const { officialAccount, target } = storedTarget(id, stored, stack, process.env);
  const live = await accountClient(target, stack, process.env).readProfile(officialAccount);
  const parts = {
    officialAccount,
    sdkAppId: target.sdkAppId,
    // Kept as recorded, never the route resolved now: the outputs say what the resource declares.
    declared: declaredReachOf(stored.target),
    deletePolicy: stored.deletePolicy,
    managedFields: stored.managedFields,
    adoptedValues: stored.adoptedValues,
  };
  // A blank ID: RefreshStep.Apply in pulumi/pulumi pkg/resource/deploy/step.go ("If the ID is blank treat
  // this as a delete") drops the resource from state, as for any provider. The next `up` then runs create,
  // which says clearly that the account is missing.
  if (!live) return { id: "", props: {} };
  const outs = composeOutputs({ ...parts, applied: liveValuesOf(live, stored), facts: { ...stored.facts, ...factsOf(live) } });
  return { id, props: outs, inputs: inputsFromOutputs(outs) };
}

export async function update(id: string, olds: Bag, news: Bag): Promise<dynamic.UpdateResult<ProfileOutputs>> {
  const stack = await configuredStack();
  const desired = desiredState(news, stack, process.env);
  const stored = readStoredState(olds);
  const client = accountClient(desired.target, stack, process.env);
  // State from 0.1.0 may mark the account gone: what it holds now is unknown, so read it first (a missing
  // one is an error that says to refresh) and converge from the live values.
  const current = stored.legacyGone ? await liveValuesForLegacyGone(client, desired, stored) : stored.applied;
  // One modify with the changed fields; a lost reply leaves the fields in doubt out of state (field-changes.ts).
  await applyFieldChanges({
    client,
    id,
    officialAccount: desired.officialAccount,
    sdkAppId: desired.target.sdkAppId,
    changes: changedFields(desired.fields, current, desired.managedFields),
    olds,
    news,
  });
  return {
    outs: composeOutputs({
      officialAccount: desired.officialAccount,
      sdkAppId: desired.target.sdkAppId,
      declared: desired.declared,
      deletePolicy: desired.deletePolicy,
      managedFields: desired.managedFields,
      applied: desired.fields,
      facts: stored.facts,
      adoptedValues: stored.adoptedValues,
    }),
  };
}

/** The live values of an account that 0.1.0 marked gone; throws AccountNotFoundError when it is still missing. */
async function liveValuesForLegacyGone(
  client: ReturnType<typeof accountClient>,
  desired: { officialAccount: string; target: Target },
  stored: StoredState,
): Promise<StoredState["applied"]> {
  const live = await client.readProfile(desired.officialAccount);
  if (!live) throw new AccountNotFoundError({ officialAccount: desired.officialAccount, sdkAppId: desired.target.sdkAppId, inState: true });
  return liveValuesOf(live, stored);
}

async function deleteProfile(id: string, props: Bag): Promise<void> {
  const stack = await configuredStack();
  const stored = readStoredState(props);
  // 0.1.0's gone mark: the account was missing at the last refresh, nothing to restore.
  if (stored.deletePolicy === "retain" || stored.legacyGone) return;
  const restore = pickFields(stored.adoptedValues, stored.managedFields);
  if (Object.keys(restore).length === 0) return;
  const { officialAccount, target } = storedTarget(id, stored, stack, process.env);
  // Another resource of this run claims this account (a rename without an alias, also one whose first run failed
  // after the create): restoring would roll the account back under it, and its state would claim values the
  // account does not hold (adoptions.ts).
  const resourceId = formatResourceId(target.sdkAppId, officialAccount);
  if (claimedInThisProcess(resourceId)) {
    handOverOriginals(resourceId, restore);
    return;
  }
  try {
    await accountClient(target, stack, process.env).modifyBaseInfo(officialAccount, restore);
  } catch (error) {
    if (isAccountMissing(error)) return; // already gone: nothing left to restore
    throw error;
  }
}

// `delete` is a reserved word: it cannot name a function declaration, only an export.
export { deleteProfile as delete };
