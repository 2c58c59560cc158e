import { ProviderError } from "../errors";

/**
 * Errors of the plugin itself (the lifecycle's own errors pass through unchanged): a stable code and the
 * structured fields, as everywhere in this package (docs/errors.md).
 */
export type PluginErrorCode = "TCHAT_PLUGIN_UNKNOWN_RESOURCE_TYPE" | "TCHAT_PLUGIN_UNSUPPORTED";

export class PluginError extends Error {
  readonly code: PluginErrorCode;
  /** The resource type token or RPC the error concerns. */
  readonly subject: string;

  constructor(code: PluginErrorCode, subject: string, message: string) {
    super(message);
    this.name = "PluginError";
    this.code = code;
    this.subject = subject;
  }
}

export function unknownResourceType(token: string, known: readonly string[]): PluginError {
  return new PluginError(
    "TCHAT_PLUGIN_UNKNOWN_RESOURCE_TYPE",
    token,
    `${token} is not a resource of this provider (resources: ${known.join(", ")}); check the type token or update the plugin.`,
  );
}

/** What the engine keeps of a create or update that failed part-way (ErrorResourceInitFailed). */
export interface InitFailure {
  id: string;
  properties: Record<string, unknown>;
  reasons: string[];
}

/**
 * A lifecycle error that carries the resource's ID and the outputs to keep (ProfileChangeFailedError, and any
 * later one shaped the same): the engine records those properties and the reasons instead of losing the resource.
 */
export function initFailureOf(error: unknown): InitFailure | undefined {
  if (!(error instanceof ProviderError)) return undefined;
  const fields = error as unknown as Partial<InitFailure>;
  if (typeof fields.id !== "string" || typeof fields.properties !== "object" || fields.properties === null || !Array.isArray(fields.reasons)) {
    return undefined;
  }
  return { id: fields.id, properties: fields.properties, reasons: fields.reasons };
}
