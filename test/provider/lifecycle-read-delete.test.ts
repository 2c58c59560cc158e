import { describe, expect, it } from "vitest";
import { resetAdoptions } from "../../provider/adoptions";
import { resetConfiguration } from "../../provider/configuration";
import { AccountNotFoundError } from "../../provider/errors";
import * as lifecycle from "../../provider/lifecycle";
import { APP, GET_INFO, MODIFY, expectJsonClean, hostConfig, modifyBodies, stackValues, startTestEmulator, useLifecycleEmulator } from "./support";

const ID = "@TOA#_support";
type Bag = Record<string, unknown>;

const setup = useLifecycleEmulator();

const ADOPTED = {
  name: "Old name",
  introduction: "Old intro",
  faceUrl: "https://cdn.example.com/old.png",
  organization: "Old Org",
  customString: "",
};

async function checked(news: Bag): Promise<Bag> {
  const result = await lifecycle.check({}, news);
  expect(result.failures).toEqual([]);
  return result.inputs as Bag;
}

/** An adopted resource: what the engine holds after `up` (outputs, inputs, id). */
async function adopted(program: Bag): Promise<{ id: string; outs: Bag; inputs: Bag }> {
  setup.emulator.store.create(APP, { officialAccount: ID, ownerAccount: "owner_1", ...ADOPTED });
  const inputs = await checked(program);
  const created = await lifecycle.create(inputs);
  resetAdoptions(); // the up that adopted it is over: later steps run in another host process
  return { id: created.id, outs: created.outs as unknown as Bag, inputs };
}

describe("read (refresh)", () => {
  it("with no drift returns the same outputs and check-shaped inputs", async () => {
    const program = { officialAccount: ID, name: "Support", introduction: "", maxSubscriberNum: 800 };
    const state = await adopted(program);
    const result = await lifecycle.read(state.id, { ...state.outs, __provider: "p" });
    expect(result.id).toBe(state.id);
    expect(result.props).toEqual(state.outs);
    expect(result.inputs).toEqual(state.inputs);
    expectJsonClean(result.props);
    expectJsonClean(result.inputs);
    expect(await lifecycle.diff(state.id, result.props as unknown as Bag, state.inputs)).toMatchObject({ changes: false });
  });

  it("reports drift made in the console, the refresh diff shows it, and the next up corrects it", async () => {
    const program = { officialAccount: ID, name: "Support", introduction: "Hi" };
    const state = await adopted(program);
    setup.emulator.store.patch(APP, ID, { name: "Renamed in console", organization: "not managed" });
    const before = setup.emulator.requests(MODIFY).length;

    const refreshed = await lifecycle.read(state.id, state.outs);
    expect(refreshed.props).toMatchObject({ name: "Renamed in console", introduction: "Hi" });
    expect(refreshed.props).not.toHaveProperty("organization"); // unmanaged fields are not tracked
    expect(refreshed.inputs).toEqual({ ...state.inputs, name: "Renamed in console" });
    expect(refreshed.props.adoptedValues).toEqual(state.outs["adoptedValues"]);

    // The engine's refresh diff: olds = refreshed outputs, news = the inputs stored before refresh.
    expect(await lifecycle.diff(state.id, refreshed.props as unknown as Bag, state.inputs)).toMatchObject({ changes: true, replaces: [] });

    // Next up: the program still says "Support".
    const news = await checked(program);
    const olds = refreshed.props as unknown as Bag;
    expect(await lifecycle.diff(state.id, olds, news)).toMatchObject({ changes: true, replaces: [] });
    const updated = await lifecycle.update(state.id, olds, news);
    expect(modifyBodies(setup.emulator).slice(before)).toEqual([{ Official_Account: ID, Name: "Support" }]);
    expect(setup.emulator.store.get(APP, ID)).toMatchObject({ name: "Support", organization: "not managed" });
    expect(updated.outs).toEqual(state.outs);
  });

  it("refreshes read-only facts and ignores them in diff", async () => {
    const state = await adopted({ officialAccount: ID, name: "Support" });
    setup.emulator.store.addSubscribers(APP, ID, ["u1", "u2", "u3"]);
    const refreshed = await lifecycle.read(state.id, state.outs);
    expect(refreshed.props.subscriberNum).toBe(3);
    expect(await lifecycle.diff(state.id, refreshed.props as unknown as Bag, state.inputs)).toMatchObject({ changes: false });
  });

  it("a text field cleared out of band reads back as \"\" even when the server leaves empty fields out", async () => {
    const omitting = await startTestEmulator({ omitsEmptyFields: true });
    try {
      resetConfiguration();
      await lifecycle.configure({ config: hostConfig(stackValues(omitting)) });
      omitting.store.create(APP, { officialAccount: ID, ownerAccount: "owner_1", ...ADOPTED });
      const inputs = await checked({ officialAccount: ID, name: "Support", introduction: "Hello", organization: "Org", maxSubscriberNum: 700 });
      const created = await lifecycle.create(inputs);
      // Console edits: introduction and organization cleared.
      omitting.store.patch(APP, ID, { introduction: "", organization: "" });
      const refreshed = await lifecycle.read(created.id, created.outs as unknown as Bag);
      expect(refreshed.props).toMatchObject({ name: "Support", introduction: "", organization: "", maxSubscriberNum: 700 });
      expect(refreshed.inputs).toMatchObject({ introduction: "", organization: "", maxSubscriberNum: 700 });
      expect(await lifecycle.diff(created.id, refreshed.props as unknown as Bag, inputs)).toMatchObject({ changes: true, replaces: [] });
    } finally {
      await omitting.close();
    }
  });

  it("keeps maxSubscriberNum from state when get info does not return it", async () => {
    const state = await adopted({ officialAccount: ID, maxSubscriberNum: 900 });
    setup.emulator.store.patch(APP, ID, { maxSubscriberNum: 5 });
    const refreshed = await lifecycle.read(state.id, state.outs);
    expect(refreshed.props.maxSubscriberNum).toBe(900);
    expect(refreshed.inputs?.["maxSubscriberNum"]).toBe(900);
  });

  it("when the server does return MaxSubscriberNum, it is adopted, read back and its drift shows", async () => {
    const reporting = await startTestEmulator({ returnsMaxSubscriberNum: true });
    try {
      resetConfiguration();
      await lifecycle.configure({ config: hostConfig(stackValues(reporting)) });
      reporting.store.create(APP, { officialAccount: ID, ownerAccount: "owner_1", name: "n", maxSubscriberNum: 300 });
      const inputs = await checked({ officialAccount: ID, maxSubscriberNum: 300 });
      const created = await lifecycle.create(inputs);
      expect(reporting.requests(MODIFY)).toHaveLength(0); // already 300: nothing to send
      expect(created.outs?.adoptedValues).toMatchObject({ maxSubscriberNum: 300 });

      reporting.store.patch(APP, ID, { maxSubscriberNum: 5 });
      const refreshed = await lifecycle.read(created.id, created.outs as unknown as Bag);
      expect(refreshed.props.maxSubscriberNum).toBe(5);
      expect(await lifecycle.diff(created.id, refreshed.props as unknown as Bag, inputs)).toMatchObject({ changes: true });
    } finally {
      await reporting.close();
    }
  });

  it("returns a blank ID for a vanished account (the engine drops it); the next create reports it missing", async () => {
    const state = await adopted({ officialAccount: ID, name: "Support", deletePolicy: "restore" });
    setup.emulator.store.destroy(APP, ID);

    const refreshed = await lifecycle.read(state.id, state.outs);
    expect(refreshed).toEqual({ id: "", props: {} });
    expectJsonClean(refreshed.props);

    // After the engine dropped it, the next up creates it again: adoption explains that the account is missing.
    const news = await checked({ officialAccount: ID, name: "Support", deletePolicy: "restore" });
    await expect(lifecycle.create(news)).rejects.toBeInstanceOf(AccountNotFoundError);
  });

  describe("state from 0.1.0 marked gone", () => {
    it("read returns a blank ID while the account is still missing", async () => {
      const state = await adopted({ officialAccount: ID, name: "Support" });
      setup.emulator.store.destroy(APP, ID);
      expect(await lifecycle.read(state.id, { ...state.outs, gone: true })).toEqual({ id: "", props: {} });
    });

    it("read returns the live account, without the mark, when it came back", async () => {
      const state = await adopted({ officialAccount: ID, name: "Support" });
      const result = await lifecycle.read(state.id, { ...state.outs, gone: true });
      expect(result.id).toBe(state.id);
      expect(result.props).toEqual(state.outs);
      expect(result.props).not.toHaveProperty("gone");
    });

    it("diff is an update, never a replacement; update reads the account and converges it", async () => {
      const state = await adopted({ officialAccount: ID, name: "Support" });
      setup.emulator.store.patch(APP, ID, { name: "Recreated" });
      const olds = { ...state.outs, gone: true };
      expect(await lifecycle.diff(state.id, olds, state.inputs)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: true });
      const before = setup.emulator.requestLog.length;
      const updated = await lifecycle.update(state.id, olds, state.inputs);
      expect(updated.outs).not.toHaveProperty("gone");
      expect(updated.outs).toMatchObject({ name: "Support" });
      expect(setup.emulator.requestLog.slice(before).map((entry) => entry.command)).toEqual([GET_INFO, MODIFY]);
      expect(setup.emulator.store.get(APP, ID)?.name).toBe("Support");
      // State without the mark: no change left.
      expect(await lifecycle.diff(state.id, updated.outs as unknown as Bag, state.inputs)).toMatchObject({ changes: false });
    });

    it("update of a still missing account fails with a hint to refresh", async () => {
      const state = await adopted({ officialAccount: ID, name: "Support" });
      setup.emulator.store.destroy(APP, ID);
      await expect(lifecycle.update(state.id, { ...state.outs, gone: true }, state.inputs)).rejects.toThrow(/pulumi refresh/);
    });

    it("delete makes no call", async () => {
      const state = await adopted({ officialAccount: ID, name: "Support", deletePolicy: "restore" });
      const before = setup.emulator.requestLog.length;
      await lifecycle.delete(state.id, { ...state.outs, gone: true });
      expect(setup.emulator.requestLog.length).toBe(before);
    });
  });

  it("works from the ID alone (a .get()-style read with program inputs as props)", async () => {
    setup.emulator.store.create(APP, { officialAccount: ID, ownerAccount: "owner_1", ...ADOPTED });
    const result = await lifecycle.read(`${APP}/${ID}`, { name: "whatever" });
    expect(result.props).toMatchObject({ officialAccount: ID, sdkAppId: APP, name: "Old name", managedFields: ["name"] });
  });

  it("batches concurrent reads into one get info call", async () => {
    const ids = ["@TOA#_a", "@TOA#_b", "@TOA#_c"];
    for (const id of ids) setup.emulator.store.create(APP, { officialAccount: id, ownerAccount: "o", name: id });
    const props = (id: string) => ({ officialAccount: id, sdkAppId: APP, region: "china", endpoint: setup.emulator.url, managedFields: ["name"], name: id, adoptedValues: {} });
    const results = await Promise.all(ids.map((id) => lifecycle.read(`${APP}/${id}`, props(id))));
    expect(results.map((result) => result.props.name)).toEqual(ids);
    expect(setup.emulator.requests(GET_INFO)).toHaveLength(1);
  });
});

describe("the route: what the resource declares, else the stack's", () => {
  it("a declared endpoint is recorded; read and delete use it over the stack config's", async () => {
    const declaredRoute = await startTestEmulator();
    try {
      declaredRoute.store.create(APP, { officialAccount: ID, ownerAccount: "owner_1", ...ADOPTED });
      const inputs = await checked({ officialAccount: ID, name: "Support", deletePolicy: "restore", endpoint: declaredRoute.url });
      const created = await lifecycle.create(inputs);
      resetAdoptions();
      expect(created.outs).toMatchObject({ endpoint: declaredRoute.url });
      expect(created.outs).not.toHaveProperty("region");

      const read = await lifecycle.read(created.id, created.outs as unknown as Bag);
      expect(read.props).toEqual(created.outs);
      expect(read.inputs).toEqual(inputs);
      await lifecycle.delete(created.id, read.props as Bag);
      expect(modifyBodies(declaredRoute)).toEqual([{ Official_Account: ID, Name: "Support" }, { Official_Account: ID, Name: "Old name" }]);
      expect(setup.emulator.requestLog).toHaveLength(0); // the stack config's endpoint
    } finally {
      await declaredRoute.close();
    }
  });

  it("state from 0.1.0 (the resolved route recorded, not declared): read and delete use it as declared and keep it", async () => {
    const recordedRoute = await startTestEmulator();
    try {
      const state = await adopted({ officialAccount: ID, name: "Support", deletePolicy: "restore" });
      recordedRoute.store.create(APP, { officialAccount: ID, ownerAccount: "owner_1", name: "On the recorded route" });
      const state010 = { ...state.outs, region: "china", endpoint: recordedRoute.url };

      const read = await lifecycle.read(state.id, state010);
      expect(read.props).toMatchObject({ name: "On the recorded route", region: "china", endpoint: recordedRoute.url });
      // 0.1.0's inputs held them too: the refresh diff against them is no change.
      expect(read.inputs).toMatchObject({ region: "china", endpoint: recordedRoute.url });
      expect(await lifecycle.diff(state.id, read.props as Bag, read.inputs as Bag)).toMatchObject({ changes: false });
      await lifecycle.delete(state.id, state010);
      expect(modifyBodies(recordedRoute)).toEqual([{ Official_Account: ID, Name: "Old name" }]);
      expect(setup.emulator.requests(GET_INFO)).toHaveLength(1); // the adoption's only
    } finally {
      await recordedRoute.close();
    }
  });
});

describe("delete", () => {
  it("retain (the default) makes no call and needs no credentials", async () => {
    const state = await adopted({ officialAccount: ID, name: "Support" });
    resetConfiguration(); // no settings at all
    const before = setup.emulator.requestLog.length;
    await lifecycle.delete(state.id, state.outs);
    expect(setup.emulator.requestLog.length).toBe(before);
    expect(setup.emulator.store.get(APP, ID)?.name).toBe("Support");
  });

  it("restore puts back the adopted values of the managed fields in one call", async () => {
    const state = await adopted({ officialAccount: ID, name: "Support", introduction: "", organization: "New Org", deletePolicy: "restore" });
    expect(setup.emulator.store.get(APP, ID)).toMatchObject({ name: "Support", introduction: "", organization: "New Org" });
    setup.emulator.store.patch(APP, ID, { customString: "set by someone else" });
    const before = setup.emulator.requests(MODIFY).length;

    await lifecycle.delete(state.id, state.outs);
    expect(modifyBodies(setup.emulator).slice(before)).toEqual([
      { Official_Account: ID, Name: "Old name", Introduction: "Old intro", Organization: "Old Org" },
    ]);
    expect(setup.emulator.store.get(APP, ID)).toMatchObject({ ...ADOPTED, customString: "set by someone else" });
  });

  it("delete-first replacement of one account (--replace): the delete steps aside for the check's claim and hands the originals to the create", async () => {
    const program = { officialAccount: ID, name: "Support", introduction: "", organization: "New Org", deletePolicy: "restore" };
    const state = await adopted(program);
    // One `up --replace` with deleteBeforeReplace: check (the claim), delete of the old version, create.
    await checked(program);
    const before = setup.emulator.requests(MODIFY).length;
    await lifecycle.delete(state.id, state.outs);
    const recreated = await lifecycle.create(await checked(program));
    expect(setup.emulator.requests(MODIFY).length).toBe(before);
    expect(recreated.outs?.adoptedValues).toMatchObject({ name: "Old name", introduction: "Old intro", organization: "Old Org" });

    // A later destroy (a fresh host) still restores the real originals.
    resetAdoptions();
    await lifecycle.delete(recreated.id, recreated.outs as unknown as Bag);
    expect(setup.emulator.store.get(APP, ID)).toMatchObject(ADOPTED);
  });

  it("restore with nothing adopted for the managed fields makes no call", async () => {
    const state = await adopted({ officialAccount: ID, maxSubscriberNum: 10, deletePolicy: "restore" });
    const before = setup.emulator.requestLog.length;
    await lifecycle.delete(state.id, state.outs);
    expect(setup.emulator.requestLog.length).toBe(before);
  });

  it("an account already destroyed counts as deleted", async () => {
    const state = await adopted({ officialAccount: ID, name: "Support", deletePolicy: "restore" });
    setup.emulator.store.destroy(APP, ID);
    await expect(lifecycle.delete(state.id, state.outs)).resolves.toBeUndefined();
    expect(setup.emulator.requests(MODIFY).at(-1)?.resultCode).toBe(130004);
  });
});
