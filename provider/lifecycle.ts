import type * as dynamic from "@pulumi/pulumi/dynamic";
import { accountClient, isAccountMissing } from "./account-client";
import { configuredStack, startConfigure } from "./configuration";
import { completeInputs, desiredState } from "./desired";
import { diffProfile } from "./diff";
import { AccountNotFoundError, ProfileChangeFailedError } from "./errors";
import {
  composeOutputs,
  factsOf,
  inputsFromOutputs,
  liveValuesOf,
  profileValuesOf,
  readStoredState,
  type ProfileOutputs,
  type StoredState,
} from "./outputs";
import { inDoubtFields, keptOutputs } from "./partial-create";
import { changedFields, pickFields, validateInputs } from "./profile";
import { formatResourceId } from "./resource-id";
import { storedTarget } from "./stored-target";

/**
 * The dynamic provider. This module's exports object IS the provider handed to `dynamic.Resource`: the
 * closure serializer turns it into one `require("pulumi-tencentcloud-chat/lifecycle")` (DESIGN §4.1), so
 * it exports exactly configure, check, diff, create, read, update and delete, and everything else lives
 * in other modules. Every method awaits the stored configuration first (DESIGN §4.2).
 */

type Bag = Record<string, unknown>;

export async function configure(req: dynamic.ConfigureRequest): Promise<void> {
  await startConfigure(req.config);
}

export async function check(_olds: Bag, news: Bag): Promise<dynamic.CheckResult<Bag>> {
  const stack = await configuredStack();
  const validated = validateInputs(news);
  const completed = completeInputs(validated.inputs, stack, process.env);
  return { inputs: completed.inputs, failures: [...validated.failures, ...completed.failures] };
}

export async function diff(_id: string, olds: Bag, news: Bag): Promise<dynamic.DiffResult> {
  const stack = await configuredStack();
  // Inputs that bypassed check are completed the same way; an unresolvable app is then not compared.
  const { inputs } = completeInputs(news, stack, process.env, { lenient: true });
  return diffProfile(olds, inputs);
}

export async function create(inputs: Bag): Promise<dynamic.CreateResult<ProfileOutputs>> {
  const stack = await configuredStack();
  const desired = desiredState(inputs, stack, process.env);
  const { officialAccount, target } = desired;
  const client = accountClient(target, stack, process.env);
  const live = await client.readProfile(officialAccount);
  if (!live) throw new AccountNotFoundError({ officialAccount, sdkAppId: target.sdkAppId });

  // Adopt (DESIGN §4.3): remember every writable field the server returned, then converge the declared ones.
  const adoptedValues = profileValuesOf(live);
  const changes = changedFields(desired.fields, adoptedValues, desired.managedFields);
  const id = formatResourceId(target.sdkAppId, officialAccount);
  const parts = {
    officialAccount,
    target,
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
      const outputs = composeOutputs({ ...parts, applied: pickFields(adoptedValues, desired.managedFields) });
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

/** `dynamic.ReadResult` types `inputs` like the outputs; here they are check-shaped inputs. */
interface ProfileReadResult {
  id: string;
  props: ProfileOutputs;
  inputs: Bag;
}

export async function read(id: string, props?: Bag): Promise<ProfileReadResult> {
  const stack = await configuredStack();
  const stored = readStoredState(props);
  const { officialAccount, target } = storedTarget(id, stored, stack, process.env);
  const live = await accountClient(target, stack, process.env).readProfile(officialAccount);
  const parts = {
    officialAccount,
    target,
    deletePolicy: stored.deletePolicy,
    managedFields: stored.managedFields,
    adoptedValues: stored.adoptedValues,
  };
  if (!live) {
    // Cannot be dropped from state (reference §6.1): keep what was known and mark it for replacement.
    const outs = composeOutputs({ ...parts, applied: stored.applied, facts: stored.facts, gone: true });
    return { id, props: outs, inputs: inputsFromOutputs(outs) };
  }
  const outs = composeOutputs({ ...parts, applied: liveValuesOf(live, stored), facts: { ...stored.facts, ...factsOf(live) } });
  return { id, props: outs, inputs: inputsFromOutputs(outs) };
}

export async function update(id: string, olds: Bag, news: Bag): Promise<dynamic.UpdateResult<ProfileOutputs>> {
  const stack = await configuredStack();
  const desired = desiredState(news, stack, process.env);
  const stored = readStoredState(olds);
  const changes = changedFields(desired.fields, stored.applied, desired.managedFields);
  if (Object.keys(changes).length > 0) {
    try {
      await accountClient(desired.target, stack, process.env).modifyBaseInfo(desired.officialAccount, changes);
    } catch (error) {
      const doubt = inDoubtFields(error, changes);
      if (doubt.length === 0) throw error; // refused or never sent: nothing changed, the old state stands
      // The change may have applied: a partial failure whose outputs are the old ones minus the fields in
      // doubt, so state claims no value the account may not hold and the next diff resends them.
      throw new ProfileChangeFailedError({
        step: "update",
        cause: error,
        id,
        officialAccount: desired.officialAccount,
        sdkAppId: desired.target.sdkAppId,
        properties: keptOutputs(olds, doubt, news),
        inDoubtFields: doubt,
      });
    }
  }
  return {
    outs: composeOutputs({
      officialAccount: desired.officialAccount,
      target: desired.target,
      deletePolicy: desired.deletePolicy,
      managedFields: desired.managedFields,
      applied: desired.fields,
      facts: stored.facts,
      adoptedValues: stored.adoptedValues,
    }),
  };
}

async function deleteProfile(id: string, props: Bag): Promise<void> {
  const stack = await configuredStack();
  const stored = readStoredState(props);
  if (stored.deletePolicy === "retain" || stored.gone) return;
  const restore = pickFields(stored.adoptedValues, stored.managedFields);
  if (Object.keys(restore).length === 0) return;
  const { officialAccount, target } = storedTarget(id, stored, stack, process.env);
  try {
    await accountClient(target, stack, process.env).modifyBaseInfo(officialAccount, restore);
  } catch (error) {
    if (isAccountMissing(error)) return; // already gone: nothing left to restore
    throw error;
  }
}

// `delete` is a reserved word: it cannot name a function declaration, only an export.
export { deleteProfile as delete };
