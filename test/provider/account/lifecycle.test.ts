import { describe, expect, it } from "vitest";
import * as account from "../../../provider/account/lifecycle";
import { checkAccountInputs } from "../../../provider/account/desired";
import { diffAccount } from "../../../provider/account/diff";
import { autonameBase, autonamedAccountId } from "../../../provider/account/autoname";
import { AccountIdTakenError, InputsError } from "../../../provider/errors";
import { APP, expectJsonClean, OTHER_APP, useLifecycleEmulator } from "../support";

/** OfficialAccount's provider methods in process, against the emulator (the engine-level scenarios are in test/engine). */
type Bag = Record<string, unknown>;
const setup = useLifecycleEmulator();
const STACK = { sdkAppId: APP, secretKeys: {} };
const fixedHex = (digits: number) => "abcdef0123".slice(0, digits);

describe("check: the account ID", () => {
  it("is derived from the resource name plus 7 random hex digits when none is given, and resourceName is not kept", () => {
    const { inputs, failures } = checkAccountInputs({}, { resourceName: "support", ownerAccount: "ops", name: "Support" }, STACK, {}, fixedHex);
    expect(failures).toEqual([]);
    expect(inputs).toEqual({ officialAccount: "@TOA#_support-abcdef0", ownerAccount: "ops", name: "Support", sdkAppId: APP });
  });

  it("is kept from the old inputs, so previews and ups after the first never draw again", () => {
    const olds = { officialAccount: "@TOA#_support-1234567", ownerAccount: "ops", name: "Support", sdkAppId: APP };
    const { inputs } = checkAccountInputs(olds, { resourceName: "support", ownerAccount: "ops", name: "Support" }, STACK, {}, fixedHex);
    expect(inputs["officialAccount"]).toBe("@TOA#_support-1234567");
  });

  it("is the declared one when given, whatever the old inputs say", () => {
    const { inputs } = checkAccountInputs({ officialAccount: "@TOA#_old" }, { resourceName: "support", officialAccount: "@TOA#_new", ownerAccount: "ops", name: "S" }, STACK, {});
    expect(inputs["officialAccount"]).toBe("@TOA#_new");
  });

  it("fits 48 bytes and stays printable ASCII whatever the resource name", () => {
    expect(autonameBase("客服 support/ops")).toBe("___support_ops");
    const long = autonamedAccountId("x".repeat(200), fixedHex);
    expect(Buffer.byteLength(long)).toBe(48);
    expect(long).toMatch(/^@TOA#_x+-abcdef0$/);
    expect(autonamedAccountId("@TOA#", fixedHex)).toBe("@TOA#__TOA_-abcdef0"); // never the reserved @TOA#_@TOA# form
  });
});

describe("check: other inputs", () => {
  it("requires ownerAccount and name, one failure each, and fills only the app (not region or endpoint)", () => {
    const { inputs, failures } = checkAccountInputs({}, { officialAccount: "@TOA#_x" }, STACK, {});
    expect(failures.map((failure) => failure.property).sort()).toEqual(["name", "ownerAccount"]);
    expect(inputs).toEqual({ officialAccount: "@TOA#_x", sdkAppId: APP });
  });

  it("refuses an owner that is not a UserID without quoting it", () => {
    const secretish = "a-very-long-user-id-that-goes-over-32-bytes";
    const { failures } = checkAccountInputs({}, { officialAccount: "@TOA#_x", ownerAccount: secretish, name: "N" }, STACK, {});
    expect(failures).toEqual([{ property: "ownerAccount", reason: expect.stringContaining("at most 32 bytes") }]);
    expect(JSON.stringify(failures)).not.toContain(secretish);
  });

  it("applies the profile's byte limits and rejects inputs it does not know", () => {
    const { failures } = checkAccountInputs({}, { officialAccount: "@TOA#_x", ownerAccount: "o", name: "é".repeat(76), deletePolicy: "restore" }, STACK, {});
    expect(failures).toEqual([
      { property: "name", reason: "name is 152 bytes in UTF-8; the limit is 150 bytes" },
      { property: "deletePolicy", reason: expect.stringContaining("is not an input of OfficialAccount") },
    ]);
  });
});

describe("diff", () => {
  const olds = { officialAccount: "@TOA#_x", ownerAccount: "ops", name: "N", sdkAppId: APP, managedFields: ["name"] };
  const news = { officialAccount: "@TOA#_x", ownerAccount: "ops", name: "N", sdkAppId: APP };

  it("replaces, deleting first, on a new owner, ID or app", () => {
    expect(diffAccount(olds, { ...news, ownerAccount: "other" })).toEqual({ changes: true, replaces: ["ownerAccount"], deleteBeforeReplace: true });
    expect(diffAccount(olds, { ...news, officialAccount: "@TOA#_y" }).replaces).toEqual(["officialAccount"]);
    expect(diffAccount(olds, { ...news, sdkAppId: OTHER_APP }).replaces).toEqual(["sdkAppId"]);
  });

  it("updates in place on a field; deleteBeforeReplace on every answer", () => {
    expect(diffAccount(olds, { ...news, name: "M" })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: true });
    expect(diffAccount(olds, news)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: true });
  });

  it("region and endpoint never replace: the stack's route is not recorded; a declared one is, by an update without API call", () => {
    const china = { region: "china" as const };
    expect(diffAccount(olds, news, { region: "singapore", endpoint: "http://127.0.0.1:2" })).toEqual({ changes: false, replaces: [], deleteBeforeReplace: true });
    expect(diffAccount(olds, { ...news, region: "singapore", endpoint: "http://127.0.0.1:1" }, china)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: true });
    const declared = { ...olds, endpoint: "http://127.0.0.1:1" };
    expect(diffAccount(declared, { ...news, endpoint: "http://127.0.0.1:1/" }, china).changes).toBe(false);
    // Dropped from the program: the record goes, so read and delete follow the stack again.
    expect(diffAccount(declared, news, china)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: true });
  });
});

describe("create, read, delete against the emulator", () => {
  async function created(program: Bag): Promise<{ id: string; outs: Bag }> {
    const checked = await account.check({}, program);
    expect(checked.failures).toEqual([]);
    const result = await account.create(checked.inputs as Bag);
    return { id: result.id, outs: result.outs as unknown as Bag };
  }

  it("create returns the ID and JSON-clean outputs; read returns live values; a vanished account reads as a blank ID", async () => {
    const { id, outs } = await created({ officialAccount: "@TOA#_c", ownerAccount: "ops", name: "C", organization: "Org" });
    expect(id).toBe(`${APP}/@TOA#_c`);
    expectJsonClean(outs);
    expect(outs).toEqual({ officialAccount: "@TOA#_c", ownerAccount: "ops", name: "C", organization: "Org", sdkAppId: APP, subscriberNum: 0, managedFields: ["name", "organization"] });

    setup.emulator.store.patch(APP, "@TOA#_c", { organization: "Edited" });
    const read = await account.read(id, outs);
    expect(read.id).toBe(id);
    expect(read.props).toMatchObject({ organization: "Edited", createTime: expect.any(Number) });
    expect(read.inputs).toEqual({ officialAccount: "@TOA#_c", ownerAccount: "ops", name: "C", organization: "Edited", sdkAppId: APP });

    setup.emulator.store.destroy(APP, "@TOA#_c");
    expect(await account.read(id, outs)).toEqual({ id: "", props: {} });
  });

  it("delete destroys the account; deleting it again counts as done", async () => {
    const { id, outs } = await created({ officialAccount: "@TOA#_d", ownerAccount: "ops", name: "D" });
    await account.delete(id, outs);
    expect(setup.emulator.store.get(APP, "@TOA#_d")).toBeUndefined();
    await expect(account.delete(id, outs)).resolves.toBeUndefined();
  });

  it("a taken ID is a typed error that names the way out", async () => {
    setup.emulator.store.create(APP, { officialAccount: "@TOA#_t", ownerAccount: "someone", name: "T" });
    const error = await account.create({ officialAccount: "@TOA#_t", ownerAccount: "ops", name: "Mine", sdkAppId: APP }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AccountIdTakenError);
    expect(error).toMatchObject({ code: "TCHAT_ACCOUNT_ID_TAKEN", officialAccount: "@TOA#_t", sdkAppId: APP });
    // A rename without an alias creates the account again under the new name and meets its own account.
    expect((error as Error).message).toContain('add `aliases: [{ name: "<old name>" }]`');
  });

  it("create without check still validates (in-process callers)", async () => {
    await expect(account.create({ officialAccount: "@TOA#_v", name: "V" })).rejects.toBeInstanceOf(InputsError);
  });
});
