import { isChatError } from "./chat";
import type { ProfileFieldName } from "./profile";

/**
 * What state keeps when a create or update fails part-way (errors.ts ProfileChangeFailedError). Used by both
 * steps; the name is historical (create was first).
 */

/**
 * The fields of a modify whose outcome is unknown: every field sent when the client could not tell whether
 * the call applied (`delivery: "unknown"`, chat/official-accounts.ts modifyBaseInfo), none otherwise (an
 * answered refusal or a request never sent changed nothing).
 */
export function inDoubtFields(error: unknown, sent: Readonly<Partial<Record<ProfileFieldName, unknown>>>): ProfileFieldName[] {
  if (!isChatError(error) || error.delivery !== "unknown") return [];
  return (Object.keys(sent) as ProfileFieldName[]).filter((field) => sent[field] !== undefined);
}

/** An output bag without the given keys, with `__provider` copied from the inputs (the host does not add it). */
export function keptOutputs(outputs: Record<string, unknown>, without: readonly string[], inputs: Record<string, unknown>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(outputs)) {
    if (key !== "__provider" && !without.includes(key)) kept[key] = value;
  }
  const provider = inputs["__provider"];
  if (typeof provider === "string") kept["__provider"] = provider;
  return kept;
}
