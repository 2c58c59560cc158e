/**
 * The vocabulary shared by the demo's runners (Pulumi CLI, engine stand-in), its checks and its display.
 * Runners report what the deployment engine said; checks hold those reports against the emulator.
 */
import type { ProfileFields } from "../provider/chat/types";
import type { DeletePolicy } from "../provider/profile";

/** One resource in one operation, in the vocabulary of the CLI display (`+ create`, `~ update`). */
export interface StepReport {
  /** Resource name (the last URN segment), e.g. `support`. */
  name: string;
  op: "create" | "update" | "replace" | "delete" | "same";
  /** Top-level input keys the engine reported as changed (`[diff: ~introduction]`), sorted. */
  changedKeys: string[];
  error?: string;
}

export interface OperationReport {
  ok: boolean;
  steps: StepReport[];
  /** The engine's error when the whole operation failed (program error, CLI exit code). */
  error?: string;
}

/** A resource as the stack state holds it after an operation (plain JSON, secrets left as stored). */
export interface StateResource {
  name: string;
  id: string;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
}

/** What drives the program: `pulumi` itself, or the stand-in that talks to the same dynamic-provider host. */
export interface DemoRunner {
  readonly kind: "pulumi-cli" | "engine-standin";
  preview(): Promise<OperationReport>;
  up(): Promise<OperationReport>;
  refresh(): Promise<OperationReport>;
  destroy(): Promise<OperationReport>;
  /** The stack's resources now. */
  state(): Promise<StateResource[]>;
  /** Everything stored or shown so far (state files, engine and host output, errors): scanned for credentials. */
  exposedTexts(): Promise<string[]>;
  close(): Promise<void>;
}

/** One `OfficialAccountProfile` as the demo program declares it (read from the program's registrations). */
export interface DeclaredProfile {
  resourceName: string;
  officialAccount: string;
  deletePolicy: DeletePolicy;
  /** The managed fields and their declared values. */
  fields: ProfileFields;
}

/** The writable fields of an account as it was before the stack adopted it ("made in the console"). */
export interface ConsoleAccount extends Required<Omit<ProfileFields, "maxSubscriberNum">> {
  ownerAccount: string;
}

/** Where output goes; `quiet` runs pass a sink that drops the operation output. */
export type Print = (line: string) => void;
