import { startConfigure } from "../configuration";
import { UNKNOWN_SENTINEL } from "../profile";
import type { Env } from "../settings";
import { checkConfig, configReaderOf, type ConfigFailure } from "./config";
import { CONFIG_PROPERTIES } from "./config-schema";
import { detailedDiff, type PropertyDiff } from "./detailed-diff";
import { initFailureOf, unknownResourceType } from "./errors";
import { pluginVersion } from "./package-info";
import type { ResourceType } from "./resource-type";
import { RESOURCE_TYPES, resourceTypeOf } from "./resource-types";
import { packageSchema } from "./schema";
import { unwrapSecrets, wrapSecrets } from "./secrets";

/**
 * The provider's answers, protocol-free: plain property bags in and out (secret wrappers included, as on the
 * wire). server.ts maps the gRPC messages onto these. Every resource operation goes through the resource table to
 * the shared lifecycle; what is added here is what the dynamic host cannot do: per-key config checks, config
 * with secrets at Configure, a detailed diff, reads by ID alone, and secretness kept on outputs (docs/plugin.md).
 */

type Bag = Record<string, unknown>;

export interface DiffAnswer {
  changes: boolean;
  replaces: string[];
  deleteBeforeReplace: boolean;
  diffs: string[];
  detailedDiff: Record<string, PropertyDiff>;
}

export interface ReadAnswer {
  /** Blank when the resource no longer exists; then there are no outputs or inputs. */
  id: string;
  outputs?: Bag;
  inputs?: Bag;
}

function entryFor(token: string): ResourceType {
  const entry = resourceTypeOf(token);
  if (!entry) throw unknownResourceType(token, RESOURCE_TYPES.map((known) => known.token));
  return entry;
}

/** The keys to wrap in outputs: the secret inputs and the outputs holding copies of them. */
function secretOutputKeys(entry: ResourceType, secretKeys: ReadonlySet<string>): Set<string> {
  return new Set([...secretKeys, ...entry.outputsHoldingCopies(secretKeys)]);
}

/** Runs a create/update; an init failure's kept outputs get their secrets wrapped like the outputs would. */
async function keepingSecrets<T>(secretKeys: ReadonlySet<string>, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const failure = initFailureOf(error);
    if (failure) (error as { properties: Bag }).properties = wrapSecrets(failure.properties, secretKeys);
    throw error;
  }
}

export function createProviderPlugin(env: Env = process.env) {
  return {
    pluginInfo: () => ({ version: pluginVersion() }),

    schema: () => JSON.stringify(packageSchema()),

    /**
     * The engine sends config with secrets revealed and copies secretness back only from what it sent: settings the
     * schema calls secret are wrapped here, so the key stays secret in state even when set without `--secret`.
     */
    checkConfig(news: Bag): { inputs: Bag; failures: ConfigFailure[] } {
      const secretSettings = new Set(Object.keys(CONFIG_PROPERTIES).filter((key) => CONFIG_PROPERTIES[key]?.secret === true));
      return { inputs: wrapSecrets(news, secretSettings), failures: checkConfig(news, env) };
    },

    /** A change of settings is an update of the provider, never a replacement: settings say how to reach an app. */
    diffConfig(oldInputs: Bag, news: Bag): { changes: boolean; diffs: string[] } {
      const { plain: olds } = unwrapSecrets(oldInputs);
      const { plain: fresh } = unwrapSecrets(news);
      const keys = [...new Set([...Object.keys(olds), ...Object.keys(fresh)])].filter(
        (key) => JSON.stringify(olds[key]) !== JSON.stringify(fresh[key]),
      );
      return { changes: keys.length > 0, diffs: keys.sort() };
    },

    /** Settings from the provider's inputs, secrets revealed; every later call awaits them (provider/configuration.ts). */
    async configure(args: Bag): Promise<void> {
      await startConfigure(configReaderOf(args));
    },

    async check(token: string, olds: Bag, news: Bag, resourceName = "") {
      const { plain, secretKeys } = unwrapSecrets(news);
      const result = await entryFor(token).lifecycle.check(unwrapSecrets(olds).plain, plain, { name: resourceName });
      return { inputs: wrapSecrets(result.inputs, secretKeys), failures: result.failures };
    },

    async diff(token: string, id: string, olds: Bag, news: Bag, oldInputs: Bag): Promise<DiffAnswer> {
      const { lifecycle } = entryFor(token);
      const plainOlds = unwrapSecrets(olds).plain;
      const plainNews = unwrapSecrets(news).plain;
      const verdict = await lifecycle.diff(id, plainOlds, plainNews);
      const changedKeys = verdict.changes ? await lifecycle.changedKeys(plainOlds, plainNews) : [];
      const details = detailedDiff({
        oldInputs: unwrapSecrets(oldInputs).plain,
        news: plainNews,
        changedKeys,
        replaceKeys: verdict.replaces,
      });
      return { ...verdict, diffs: Object.keys(details).sort(), detailedDiff: details };
    },

    async create(token: string, inputs: Bag, preview: boolean): Promise<{ id: string; outputs: Bag }> {
      const entry = entryFor(token);
      const { plain, secretKeys } = unwrapSecrets(inputs);
      if (preview) {
        // Outputs not known before the account is read stay unknown in the preview.
        const outputs: Bag = {};
        for (const key of Object.keys(entry.spec.properties)) outputs[key] = key in inputs ? inputs[key] : UNKNOWN_SENTINEL;
        return { id: "", outputs };
      }
      const outputKeys = secretOutputKeys(entry, secretKeys);
      const created = await keepingSecrets(outputKeys, () => entry.lifecycle.create(plain));
      return { id: created.id, outputs: wrapSecrets(created.outputs, outputKeys) };
    },

    async read(token: string, id: string, state: Bag, inputs: Bag | undefined): Promise<ReadAnswer> {
      const entry = entryFor(token);
      const { plain, secretKeys } = unwrapSecrets(state, inputs);
      // `pulumi import` sends the ID alone.
      const known = Object.keys(plain).length > 0 ? plain : entry.importState(id);
      const result = await entry.lifecycle.read(id, known);
      if (result.id === "") return { id: "" };
      return { id: result.id, outputs: wrapSecrets(result.outputs, secretOutputKeys(entry, secretKeys)), inputs: wrapSecrets(result.inputs, secretKeys) };
    },

    async update(token: string, id: string, olds: Bag, news: Bag, preview: boolean): Promise<{ outputs: Bag }> {
      const entry = entryFor(token);
      const { plain, secretKeys } = unwrapSecrets(news);
      if (preview) return { outputs: { ...olds, ...news } };
      const outputKeys = secretOutputKeys(entry, secretKeys);
      const updated = await keepingSecrets(outputKeys, () => entry.lifecycle.update(id, unwrapSecrets(olds).plain, plain));
      return { outputs: wrapSecrets(updated.outputs, outputKeys) };
    },

    async delete(token: string, id: string, state: Bag): Promise<void> {
      await entryFor(token).lifecycle.delete(id, unwrapSecrets(state).plain);
    },
  };
}

export type ProviderPlugin = ReturnType<typeof createProviderPlugin>;
