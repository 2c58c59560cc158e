import type { StoredAccount } from "../emulator";
import { resetAdoptions } from "../provider/adoptions";
import * as lifecycle from "../provider/lifecycle";
import { PROFILE_FIELDS } from "../provider/profile";
import { APP } from "./constants";
import {
  outcomeOf,
  stateAfterCreate,
  stateAfterDelete,
  stateAfterRead,
  stateAfterUpdate,
  type Bag,
  type ModelState,
  type Outcome,
} from "./engine-model";
import type { World } from "./harness";

/**
 * The four operations of the resource, each as: prepare (faults off) → run (faults on) → the state the engine
 * would keep → "next up" (the same operation again, faults cleared) → converged or not.
 */

export const OPERATIONS = ["create", "update", "read", "delete"] as const;
export type OperationName = (typeof OPERATIONS)[number];

export const ACCOUNT = "@TOA#_reliability";

/** The account as someone made it in the console. `organization` is never declared: it must never change. */
export const CONSOLE_VALUES = {
  name: "Console name",
  introduction: "Console introduction",
  faceUrl: "https://cdn.example.com/console.png",
  organization: "Unmanaged Org",
  customString: '{"tier":"silver"}',
} as const;

export const DECLARED_V1 = {
  officialAccount: ACCOUNT,
  name: "Support",
  introduction: "We answer within a day.",
  faceUrl: "https://cdn.example.com/support.png",
  customString: '{"tier":"gold"}',
} as const;

/** The change an update makes: two fields, one of them multi-byte. */
export const DECLARED_V2 = { ...DECLARED_V1, name: "Support 24/7", introduction: "Replies within 4 hours. 四小时内回复 🚀" } as const;

const CONSOLE_EDIT = { introduction: "Edited in the console" } as const;

export interface Prepared {
  /** State before the operation (none before create). */
  state: ModelState | undefined;
  /** Checked inputs the operation runs with. */
  inputs: Bag;
}

export interface OperationScenario {
  /** Whether the operation makes a modify call (write-only faults do not apply otherwise). */
  writes: boolean;
  prepare(world: World): Promise<Prepared>;
  /** Runs the operation once; returns its outcome and the state the engine keeps. */
  run(prepared: Prepared): Promise<{ outcome: Outcome<unknown>; state: ModelState | undefined }>;
  /** Re-runs after `run`, as the next `up` (or refresh, or destroy) would, from the state left behind. */
  next(prepared: Prepared, state: ModelState | undefined): Promise<{ outcome: Outcome<unknown>; state: ModelState | undefined }>;
  /** Problems that keep the account or the state from being what was asked for ([] when converged). */
  convergence(account: StoredAccount | undefined, state: ModelState | undefined): string[];
}

function seedAccount(world: World): void {
  world.emulator.store.create(APP, { officialAccount: ACCOUNT, ownerAccount: "owner_reliability", ...CONSOLE_VALUES });
}

/** The declared fields that the account does not hold, plus any change to the unmanaged field. */
export function fieldMismatches(account: StoredAccount | undefined, declared: Bag): string[] {
  if (account === undefined) return ["the account is missing"];
  const problems: string[] = [];
  for (const field of PROFILE_FIELDS) {
    if (declared[field] !== undefined && account[field] !== declared[field]) {
      problems.push(`${field}: account has ${JSON.stringify(account[field])}, declared ${JSON.stringify(declared[field])}`);
    }
  }
  if (declared["organization"] === undefined && account.organization !== CONSOLE_VALUES.organization) {
    problems.push(`organization (unmanaged) changed to ${JSON.stringify(account.organization)}`);
  }
  return problems;
}

async function adopt(world: World, declared: Bag): Promise<ModelState> {
  const inputs = await world.checked(declared);
  const outcome = await outcomeOf(() => lifecycle.create(inputs));
  const state = stateAfterCreate(inputs, outcome);
  if (!outcome.ok || state === undefined) throw new Error(`fixture create failed: ${String(outcome.ok ? "no state" : outcome.error)}`);
  return state;
}

async function runCreate(inputs: Bag, state: ModelState | undefined) {
  if (state !== undefined) return runUpdate(state, inputs); // a partially failed create is updated next time
  const outcome = await outcomeOf(() => lifecycle.create(inputs));
  return { outcome, state: stateAfterCreate(inputs, outcome) };
}

async function runUpdate(state: ModelState, news: Bag) {
  const outcome = await outcomeOf(() => lifecycle.update(state.id, state.outputs, news));
  return { outcome, state: stateAfterUpdate(state, news, outcome) };
}

async function runRead(state: ModelState) {
  const outcome = await outcomeOf(() => lifecycle.read(state.id, state.outputs));
  return { outcome, state: stateAfterRead(state, outcome) };
}

async function runDelete(state: ModelState) {
  // Each operation models its own CLI command, hence its own host process: the create that prepared this state
  // ran in an earlier one, so its claim must not make this delete step aside (provider/adoptions.ts).
  resetAdoptions();
  const outcome = await outcomeOf(() => lifecycle.delete(state.id, state.outputs));
  return { outcome, state: stateAfterDelete(state, outcome) };
}

function requireState(state: ModelState | undefined): ModelState {
  if (state === undefined) throw new Error("scenario has no state to work on");
  return state;
}

export const SCENARIOS: Readonly<Record<OperationName, OperationScenario>> = {
  create: {
    writes: true,
    async prepare(world) {
      seedAccount(world);
      return { state: undefined, inputs: await world.checked(DECLARED_V1) };
    },
    run: (prepared) => runCreate(prepared.inputs, prepared.state),
    next: (prepared, state) => runCreate(prepared.inputs, state),
    convergence: (account, state) => [...fieldMismatches(account, DECLARED_V1), ...(state ? [] : ["no state recorded"])],
  },
  update: {
    writes: true,
    async prepare(world) {
      seedAccount(world);
      const state = await adopt(world, DECLARED_V1);
      return { state, inputs: await world.checked(DECLARED_V2) };
    },
    run: (prepared) => runUpdate(requireState(prepared.state), prepared.inputs),
    next: (prepared, state) => runUpdate(requireState(state), prepared.inputs),
    convergence: (account) => fieldMismatches(account, DECLARED_V2),
  },
  read: {
    writes: false,
    async prepare(world) {
      seedAccount(world);
      const state = await adopt(world, DECLARED_V1);
      world.emulator.store.patch(APP, ACCOUNT, CONSOLE_EDIT);
      return { state, inputs: state.inputs };
    },
    run: (prepared) => runRead(requireState(prepared.state)),
    next: (_prepared, state) => runRead(requireState(state)),
    convergence: (account, state) => {
      const problems = fieldMismatches(account, { ...DECLARED_V1, ...CONSOLE_EDIT });
      if (state?.outputs["introduction"] !== CONSOLE_EDIT.introduction) problems.push("the refreshed state does not show the console edit");
      if (state?.inputs["introduction"] !== CONSOLE_EDIT.introduction) problems.push("the refreshed inputs do not show the console edit (no drift)");
      return problems;
    },
  },
  delete: {
    writes: true,
    async prepare(world) {
      seedAccount(world);
      const state = await adopt(world, { ...DECLARED_V1, deletePolicy: "restore" });
      return { state, inputs: state.inputs };
    },
    run: (prepared) => runDelete(requireState(prepared.state)),
    next: (_prepared, state) => (state === undefined ? Promise.resolve({ outcome: { ok: true, value: undefined } as Outcome<unknown>, state }) : runDelete(state)),
    convergence: (account, state) => [
      ...fieldMismatches(account, { officialAccount: ACCOUNT, ...CONSOLE_VALUES }),
      ...(state === undefined ? [] : ["the resource is still in state"]),
    ],
  },
};
