/**
 * What the Pulumi engine records after each provider call, for in-process runs of the lifecycle
 * (engine sdk/go/common/resource/plugin/provider_plugin.go Create/Update; docs/reliability.md):
 * - create: the outputs on success; on an error that carries `id` and `properties` (ErrorResourceInitFailed,
 *   a partial failure) those properties; otherwise nothing.
 * - update: the new outputs on success; a partial failure's properties; otherwise the old state stays.
 * - read (refresh): the new outputs and inputs on success, nothing when the ID comes back blank; otherwise the
 *   old state stays.
 * - delete: nothing on success; otherwise the old state stays.
 */

export type Bag = Record<string, unknown>;

export interface ModelState {
  id: string;
  inputs: Bag;
  outputs: Bag;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

export async function outcomeOf<T>(work: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    return { ok: false, error };
  }
}

interface PartialFailure {
  id: string;
  properties: Bag;
}

function partialFailure(error: unknown): PartialFailure | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { id, properties } = error as { id?: unknown; properties?: unknown };
  if (typeof id !== "string" || id === "" || typeof properties !== "object" || properties === null) return undefined;
  return { id, properties: properties as Bag };
}

/** The host adds `__provider` to every output bag it returns on success (cmd/dynamic-provider `resultIncludingProvider`). */
function withProvider(outs: Bag, inputs: Bag): Bag {
  return { ...outs, __provider: inputs["__provider"] };
}

export function stateAfterCreate(inputs: Bag, outcome: Outcome<{ id: string; outs?: unknown }>): ModelState | undefined {
  if (outcome.ok) return { id: outcome.value.id, inputs, outputs: withProvider((outcome.value.outs ?? {}) as Bag, inputs) };
  const partial = partialFailure(outcome.error);
  return partial ? { id: partial.id, inputs, outputs: partial.properties } : undefined;
}

export function stateAfterUpdate(previous: ModelState, news: Bag, outcome: Outcome<{ outs?: unknown }>): ModelState {
  if (outcome.ok) return { id: previous.id, inputs: news, outputs: withProvider((outcome.value.outs ?? {}) as Bag, news) };
  const partial = partialFailure(outcome.error);
  return partial ? { id: previous.id, inputs: news, outputs: partial.properties } : previous;
}

export function stateAfterRead(previous: ModelState, outcome: Outcome<{ id: string; props: unknown; inputs?: unknown }>): ModelState | undefined {
  if (!outcome.ok) return previous;
  // RefreshStep.Apply (pulumi/pulumi pkg/resource/deploy/step.go): "If the ID is blank treat this as a delete".
  if (outcome.value.id === "") return undefined;
  const provider = { __provider: previous.outputs["__provider"] };
  return {
    id: outcome.value.id,
    inputs: outcome.value.inputs ? { ...(outcome.value.inputs as Bag), ...provider } : previous.inputs,
    outputs: { ...(outcome.value.props as Bag), ...provider },
  };
}

export function stateAfterDelete(previous: ModelState, outcome: Outcome<void>): ModelState | undefined {
  return outcome.ok ? undefined : previous;
}
