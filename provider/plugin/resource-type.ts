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
