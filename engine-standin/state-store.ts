import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import {
  isObject,
  isSecret,
  secretSig,
  sigKey,
  type PropertyMap,
  type PropertyValue,
} from "./property-values";
import { createPassphraseCrypter, crypterType, SecretsDecryptError, type SecretsCrypter } from "./secrets-crypter";

/**
 * The stack's state, shaped like a Pulumi checkpoint's `latest.resources` (urn, type, id, inputs, outputs,
 * provider reference). In memory, secrets are wire wrappers `{ [sigKey]: secretSig, value }` holding plaintext; in
 * the file they are `{ [sigKey]: secretSig, ciphertext }`, which is how Pulumi stores them too.
 */
export interface ResourceState {
  urn: string;
  type: string;
  custom: boolean;
  id: string;
  /** `<provider urn>::<provider id>`; absent on the provider resource itself. */
  provider?: string;
  inputs: PropertyMap;
  outputs: PropertyMap;
  additionalSecretOutputs?: string[];
  retainOnDelete?: boolean;
  /** The `protect` option: the engine refuses to delete or replace the resource. */
  protect?: boolean;
  /** The resource's `ignoreChanges` option, which refresh passes to Diff (the engine stores it in state too). */
  ignoreChanges?: string[];
  /**
   * An old resource replaced create-before-delete whose delete has not succeeded yet (the engine's `Delete`): it
   * stays in state beside its replacement, under the same URN, and every later `up` or `destroy` deletes it again.
   */
  delete?: boolean;
  /** Set when Create, Update or Read reported a partial failure (`ErrorResourceInitFailed`); a successful Update or refresh clears it. */
  initErrors?: string[];
  /**
   * Set when a delete-before-replace deleted the resource but its replacement is not created yet; the entry stays
   * until a Create succeeds, and is never deleted again (the engine's `PendingReplacement`).
   */
  pendingReplacement?: boolean;
}

export interface StackState {
  project: string;
  stack: string;
  resources: ResourceState[];
}

interface StateFile {
  version: 1;
  project: string;
  stack: string;
  secretsProvider: { type: string; salt: string };
  resources: ResourceState[];
}

function mapSecrets(value: PropertyValue, transform: (secret: PropertyMap) => PropertyValue): PropertyValue {
  if (isObject(value) && value[sigKey] === secretSig) return transform(value);
  if (Array.isArray(value)) return value.map((item) => mapSecrets(item, transform));
  if (isObject(value)) {
    const result: PropertyMap = {};
    for (const [key, item] of Object.entries(value)) result[key] = mapSecrets(item, transform);
    return result;
  }
  return value;
}

function mapResourceSecrets(resource: ResourceState, transform: (secret: PropertyMap) => PropertyValue): ResourceState {
  return {
    ...resource,
    inputs: mapSecrets(resource.inputs, transform) as PropertyMap,
    outputs: mapSecrets(resource.outputs, transform) as PropertyMap,
  };
}

export interface StateStore {
  path: string;
  load(): Promise<StackState>;
  save(state: StackState): Promise<void>;
}

export function createStateStore(options: { path: string; passphrase: string; project: string; stack: string }): StateStore {
  let crypter: SecretsCrypter | undefined;

  async function readFileIfAny(): Promise<StateFile | undefined> {
    try {
      return JSON.parse(await readFile(options.path, "utf8")) as StateFile;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  }

  return {
    path: options.path,
    async load() {
      const file = await readFileIfAny();
      if (!file) return { project: options.project, stack: options.stack, resources: [] };
      if (file.secretsProvider.type !== crypterType) {
        throw new SecretsDecryptError(`unknown secrets provider ${file.secretsProvider.type}`);
      }
      crypter = createPassphraseCrypter(options.passphrase, file.secretsProvider.salt);
      const decrypt = crypter;
      const resources = file.resources.map((resource) =>
        mapResourceSecrets(resource, (secret) => {
          const ciphertext = secret["ciphertext"];
          if (typeof ciphertext !== "string") throw new SecretsDecryptError(`secret without ciphertext in ${resource.urn}`);
          return { [sigKey]: secretSig, value: JSON.parse(decrypt.decrypt(ciphertext)) as PropertyValue };
        }),
      );
      return { project: file.project, stack: file.stack, resources };
    },
    async save(state) {
      crypter ??= createPassphraseCrypter(options.passphrase);
      const encrypt = crypter;
      const file: StateFile = {
        version: 1,
        project: state.project,
        stack: state.stack,
        secretsProvider: encrypt.describe(),
        resources: state.resources.map((resource) =>
          mapResourceSecrets(resource, (secret) => {
            if (!isSecret(secret)) throw new Error(`malformed secret in ${resource.urn}`);
            return { [sigKey]: secretSig, ciphertext: encrypt.encrypt(JSON.stringify(secret.value)) };
          }),
        ),
      };
      await mkdir(path.dirname(options.path), { recursive: true });
      const temporary = `${options.path}.${process.pid}.tmp`;
      await writeFile(temporary, JSON.stringify(file, null, 2) + "\n");
      await rename(temporary, options.path);
    },
  };
}
