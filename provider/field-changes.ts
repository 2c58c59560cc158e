import type { AccountClient } from "./account-client";
import type { ProfileFields } from "./chat/types";
import { ProfileChangeFailedError } from "./errors";
import { inDoubtFields, keptOutputs } from "./partial-create";

/**
 * One modify_official_account_base_info with the changed fields, as both resources' `update` sends it. A
 * refusal, or a request never sent, changed nothing: the error is thrown as it is and the old state stands.
 * A lost reply may have applied the change: then a partial failure whose outputs are the old ones minus the
 * fields in doubt, so state never claims a value the account may not hold and the next diff resends them
 * (docs/semantics.md, "When a change fails part-way").
 */
export async function applyFieldChanges(request: {
  client: AccountClient;
  id: string;
  officialAccount: string;
  sdkAppId: number;
  changes: ProfileFields;
  /** The stored outputs (what state keeps if the outcome is unknown) and the new inputs (for `__provider`). */
  olds: Record<string, unknown>;
  news: Record<string, unknown>;
}): Promise<void> {
  if (Object.keys(request.changes).length === 0) return;
  try {
    await request.client.modifyBaseInfo(request.officialAccount, request.changes);
  } catch (error) {
    const doubt = inDoubtFields(error, request.changes);
    if (doubt.length === 0) throw error;
    throw new ProfileChangeFailedError({
      step: "update",
      cause: error,
      id: request.id,
      officialAccount: request.officialAccount,
      sdkAppId: request.sdkAppId,
      properties: keptOutputs(request.olds, doubt, request.news),
      inDoubtFields: doubt,
    });
  }
}
