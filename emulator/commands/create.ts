/**
 * create_official_account (tencentcloud.com/document/product/1047/60755, cloud.tencent.com/document/product/269/102302).
 * Request: Owner_Account, Name required; OfficialAccountUserID, Introduction, FaceUrl, MaxSubscriberNum,
 * Organization, CustomString optional. Response: {"OfficialAccountUserID": "…"}.
 */
import { CODES } from "../codes";
import { customIdProblem, isValidUserId, requireString, WireFailure } from "../validation";
import { readProfileFields } from "../wire";
import type { CommandHandler } from "./context";

export const createOfficialAccount: CommandHandler = (context, body) => {
  const owner = requireString(body, "Owner_Account");
  // Owner_Account must be an imported account; the emulator has no account import, so any valid UserID
  // counts as imported unless the importedAccounts option lists them (A-OWNER-IMPORTED).
  if (!isValidUserId(owner)) {
    throw new WireFailure(CODES.invalidParameter, "Owner_Account must be a UserID (printable ASCII, 1 to 32 bytes).");
  }
  if (context.importedAccounts !== undefined && !context.importedAccounts.has(owner)) {
    throw new WireFailure(CODES.accountNotImported, "Owner_Account is not an imported account.");
  }
  requireString(body, "Name");
  const fields = readProfileFields(body);
  const name = fields.name ?? "";

  const requestedId = body["OfficialAccountUserID"];
  if (requestedId !== undefined && typeof requestedId !== "string") {
    throw new WireFailure(CODES.invalidParameter, "OfficialAccountUserID must be a string.");
  }
  // "" is treated as absent: the server assigns an ID (A-EMPTY-CUSTOM-ID).
  const customId = requestedId === "" ? undefined : requestedId;
  if (customId !== undefined) {
    const problem = customIdProblem(customId);
    if (problem) throw new WireFailure(CODES.invalidAccountId, `OfficialAccountUserID ${problem}.`);
    if (context.store.has(context.sdkAppId, customId)) throw new WireFailure(CODES.accountIdTaken, "");
  }

  const id = context.store.create(context.sdkAppId, {
    ...fields,
    name,
    ownerAccount: owner,
    ...(customId !== undefined ? { officialAccount: customId } : {}),
  });
  return { OfficialAccountUserID: id };
};
