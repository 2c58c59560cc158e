import { configuredStack } from "../configuration";
import { updateKeys } from "../diff";
import { stackReach } from "../reach";
import type { ObjectTypeSpec, EnumTypeSpec, ResourceSpec } from "./schema-types";

/**
 * One resource the plugin serves: its token, its schema, and its lifecycle as plain functions over property bags
 * (no secrets inside: the plugin unwraps and wraps them). Adding a resource is adding one such entry to
 * resource-types.ts (docs/plugin.md).
 */
type Bag = Record<string, unknown>;

export interface ResourceLifecycle {
  /** `resource.name`: the resource's name in the program (from the URN), for what derives from it (autonaming). */
  check(olds: Bag, news: Bag, resource: { name: string }): Promise<{ inputs: Bag; failures: Array<{ property: string; reason: string }> }>;
  /** `olds` are the previous outputs, `news` the checked inputs. */
  diff(id: string, olds: Bag, news: Bag): Promise<{ changes: boolean; replaces: string[]; deleteBeforeReplace: boolean }>;
  /** The keys whose change is an in-place update (for the detailed diff). */
  changedKeys(olds: Bag, news: Bag): Promise<string[]>;
  create(inputs: Bag): Promise<{ id: string; outputs: Bag }>;
  /** A blank ID means the resource no longer exists. */
  read(id: string, state: Bag): Promise<{ id: string; outputs: Bag; inputs: Bag }>;
  update(id: string, olds: Bag, news: Bag): Promise<{ outputs: Bag }>;
  delete(id: string, state: Bag): Promise<void>;
}

export interface ResourceType {
  /** The name in the schema's `index` module. */
  name: string;
  token: string;
  spec: ResourceSpec;
  /** Object and enum types the spec refers to, by token. */
  types: Record<string, ObjectTypeSpec | EnumTypeSpec>;
  lifecycle: ResourceLifecycle;
  /** The state to read with when only the ID is known (`pulumi import`). */
  importState(id: string): Bag;
  /** Outputs that hold copies of the given secret inputs under other keys, to be wrapped too. */
  outputsHoldingCopies(secretKeys: ReadonlySet<string>): string[];
}

/**
 * The in-place keys as both resources' diffs compute them (provider/diff.ts `updateKeys`), with the route the
 * stack gives now (provider/reach.ts), as their lifecycle `diff` does.
 */
export async function changedKeysAtCurrentReach(olds: Bag, news: Bag): Promise<string[]> {
  return updateKeys(olds, news, stackReach(await configuredStack(), process.env));
}

/** A dynamic-provider lifecycle module (provider/lifecycle.ts, provider/account/lifecycle.ts), as the plugin calls it. */
export interface DynamicLifecycleModule {
  check(olds: Bag, news: Bag): Promise<{ inputs?: Bag; failures?: ReadonlyArray<{ property: string; reason: string }> }>;
  diff(id: string, olds: Bag, news: Bag): Promise<{ changes?: boolean; replaces?: string[]; deleteBeforeReplace?: boolean }>;
  create(inputs: Bag): Promise<{ id: string; outs?: unknown }>;
  read(id: string, props?: Bag): Promise<{ id: string; props?: unknown; inputs?: Bag }>;
  update(id: string, olds: Bag, news: Bag): Promise<{ outs?: unknown }>;
  delete(id: string, props: Bag): Promise<void>;
}

/**
 * The plugin's lifecycle over a dynamic resource's own module, called as it is: one core for both front ends.
 * `withName` adds what the resource derives from its name to the inputs `check` sees (the Node class passes it as
 * an input, since the dynamic host gives `check` no URN).
 */
export function lifecycleOf(module: DynamicLifecycleModule, withName: (news: Bag, name: string) => Bag = (news) => news): ResourceLifecycle {
  return {
    check: async (olds, news, resource) => {
      const result = await module.check(olds, withName(news, resource.name));
      return { inputs: result.inputs ?? {}, failures: [...(result.failures ?? [])] };
    },
    diff: async (id, olds, news) => {
      const verdict = await module.diff(id, olds, news);
      return { changes: verdict.changes === true, replaces: verdict.replaces ?? [], deleteBeforeReplace: verdict.deleteBeforeReplace === true };
    },
    changedKeys: changedKeysAtCurrentReach,
    create: async (inputs) => {
      const { id, outs } = await module.create(inputs);
      return { id, outputs: (outs ?? {}) as Bag };
    },
    read: async (id, state) => {
      const result = await module.read(id, state);
      return { id: result.id, outputs: (result.props ?? {}) as Bag, inputs: result.inputs ?? {} };
    },
    update: async (id, olds, news) => {
      const { outs } = await module.update(id, olds, news);
      return { outputs: (outs ?? {}) as Bag };
    },
    delete: (id, state) => module.delete(id, state),
  };
}
