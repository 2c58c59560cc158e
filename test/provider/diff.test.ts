import { describe, expect, it } from "vitest";
import { diffProfile, updateKeys } from "../../provider/diff";
import { composeOutputs } from "../../provider/outputs";
import { UNKNOWN_SENTINEL } from "../../provider/profile";
import type { StackReach } from "../../provider/reach";

const ID = "@TOA#_support";

/** Previous outputs as create would have stored them: a resource declaring no region or endpoint. */
function olds(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...composeOutputs({
      officialAccount: ID,
      sdkAppId: 1400000000,
      declared: {},
      deletePolicy: "retain",
      managedFields: ["name", "introduction", "maxSubscriberNum"],
      applied: { name: "Support", introduction: "", maxSubscriberNum: 500 },
      facts: { ownerAccount: "owner", subscriberNum: 12, createTime: 1700000000, lastMsgTime: 0 },
      adoptedValues: { name: "Old", introduction: "Old intro", faceUrl: "", organization: "", customString: "" },
    }),
    __provider: "exports.handler = …",
    ...overrides,
  };
}

/** Checked inputs matching olds() (check keeps region/endpoint only when the resource declares them). */
function news(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    officialAccount: ID,
    name: "Support",
    introduction: "",
    maxSubscriberNum: 500,
    deletePolicy: "retain",
    sdkAppId: 1400000000,
    __provider: "exports.handler = something else",
    ...overrides,
  };
}

/** deleteBeforeReplace is answered on every diff (provider/diff.ts ALWAYS_DELETE_BEFORE_REPLACE). */
const NONE = { changes: false, replaces: [], deleteBeforeReplace: true };
const UPDATE = { changes: true, replaces: [], deleteBeforeReplace: true };

/** Where the app is reached when the resource declares nothing (stack config, else environment). */
function stackAt(region: StackReach["region"], endpoint?: string): StackReach {
  return { region, ...(endpoint !== undefined ? { endpoint } : {}) };
}
const E1 = "http://127.0.0.1:1";
const E2 = "http://127.0.0.1:2";

describe("diffProfile", () => {
  it("no change: managed values equal; __provider and read-only facts are ignored", () => {
    expect(diffProfile(olds({ subscriberNum: 9999, lastMsgTime: 1800000000 }), news())).toEqual(NONE);
  });

  it("a changed managed field is an update; '' is a value", () => {
    expect(diffProfile(olds(), news({ name: "Help" }))).toEqual(UPDATE);
    expect(updateKeys(olds(), news({ introduction: "now set", maxSubscriberNum: 600 }))).toEqual(["introduction", "maxSubscriberNum"]);
    expect(updateKeys(olds({ introduction: "was set" }), news())).toEqual(["introduction"]);
  });

  it("a field left out is not diffed, but leaving management is recorded", () => {
    const withoutIntro = news();
    delete withoutIntro["introduction"];
    expect(updateKeys(olds(), withoutIntro)).toEqual(["introduction"]);
    // A field that was never managed, left out, is no change whatever the live value.
    expect(diffProfile(olds({ organization: "somebody else's" }), news())).toEqual(NONE);
    // Adding a field to management is a change.
    expect(updateKeys(olds(), news({ organization: "Example Ltd" }))).toEqual(["organization"]);
  });

  it("deletePolicy change is an update (delete reads it from state); absent means retain", () => {
    expect(updateKeys(olds(), news({ deletePolicy: "restore" }))).toEqual(["deletePolicy"]);
    const noPolicy = news();
    delete noPolicy["deletePolicy"];
    expect(diffProfile(olds(), noPolicy)).toEqual(NONE);
  });

  it("replaces, deleting first, when the account ID changes", () => {
    expect(diffProfile(olds(), news({ officialAccount: "@TOA#_other" }))).toEqual({
      changes: true,
      replaces: ["officialAccount"],
      deleteBeforeReplace: true,
    });
  });

  it("replaces when the app changes, never when the region or the endpoint changes", () => {
    expect(diffProfile(olds(), news({ sdkAppId: 1400000001 })).replaces).toEqual(["sdkAppId"]);
    expect(diffProfile(olds(), news({ region: "singapore" }), stackAt("china"))).toEqual(UPDATE);
    expect(diffProfile(olds(), news({ endpoint: E1 }), stackAt("china"))).toEqual(UPDATE);
    expect(diffProfile(olds({ endpoint: E1 }), news({ endpoint: E2 }), stackAt("china"))).toEqual(UPDATE);
  });

  it("answers deleteBeforeReplace on every call, with or without a change (the engine reads it for a resource pending replacement)", () => {
    for (const result of [
      diffProfile(olds(), news()),
      diffProfile(olds(), news({ name: "Help" })),
      diffProfile(olds(), news({ officialAccount: "@TOA#_other" })),
      diffProfile(olds({ gone: true }), news(), stackAt("china")),
    ]) {
      expect(result.deleteBeforeReplace).toBe(true);
    }
  });

  it("the stack's route (stack config or environment) is never recorded: moving it is no change", () => {
    expect(diffProfile(olds(), news(), stackAt("china"))).toEqual(NONE);
    expect(diffProfile(olds(), news(), stackAt("singapore", E2))).toEqual(NONE);
    expect(diffProfile(olds(), news(), undefined)).toEqual(NONE);
  });

  it("a route the resource declares is recorded: declaring, changing or dropping it is an update without replacement", () => {
    expect(updateKeys(olds(), news({ endpoint: E1 }), stackAt("china"))).toEqual(["endpoint"]);
    // Declared the same as the stack's: still recorded, so that a later move of the stack does not move it.
    expect(updateKeys(olds(), news({ region: "china" }), stackAt("china"))).toEqual(["region"]);
    expect(diffProfile(olds({ endpoint: E1 }), news({ endpoint: E1 }), stackAt("china", E2))).toEqual(NONE);
    expect(updateKeys(olds({ endpoint: E1 }), news({ endpoint: E2 }), stackAt("china"))).toEqual(["endpoint"]);
    expect(updateKeys(olds({ endpoint: E1, region: "seoul" }), news(), stackAt("china", E2))).toEqual(["region", "endpoint"]);
    // Unknown during preview: a change.
    expect(updateKeys(olds({ endpoint: E1 }), news({ endpoint: UNKNOWN_SENTINEL }), stackAt("china"))).toEqual(["endpoint"]);
  });

  it("0.1.0 rule: a recorded route the program does not declare counts as declared; a change only when the route used now differs", () => {
    // 0.1.0 recorded the resolved region (always) and endpoint (when set) in its outputs.
    const state010 = olds({ region: "china", endpoint: E1 });
    expect(diffProfile(state010, news(), stackAt("china", E1))).toEqual(NONE);
    expect(diffProfile(state010, news(), stackAt("china", E2))).toEqual(UPDATE);
    expect(updateKeys(state010, news(), stackAt("china", E2))).toEqual(["endpoint"]);
    expect(updateKeys(state010, news(), stackAt("singapore", E1))).toEqual(["region"]);
    expect(updateKeys(state010, news(), stackAt("china"))).toEqual(["endpoint"]);
    // The program now declares what was recorded: no change; a stack setting that cannot be read: no change.
    expect(diffProfile(state010, news({ region: "china", endpoint: E1 }), stackAt("seoul", E2))).toEqual(NONE);
    expect(diffProfile(state010, news(), undefined)).toEqual(NONE);
    expect(updateKeys(state010, news({ endpoint: E2 }), undefined)).toEqual(["endpoint"]);
  });

  it("an endpoint that differs only by a trailing slash or the host's case is no change", () => {
    // Older state may hold the endpoint as typed; check now stores the normalized form.
    expect(diffProfile(olds({ endpoint: "http://127.0.0.1:1/" }), news(), stackAt("china", E1))).toEqual(NONE);
    expect(diffProfile(olds({ endpoint: "https://Proxy.Example.com/chat/" }), news({ endpoint: "https://proxy.example.com/chat" }))).toEqual(NONE);
  });

  it("state from 0.1.0 marked gone is an update (which checks the account), never a replacement", () => {
    expect(diffProfile(olds({ gone: true }), news())).toEqual(UPDATE);
    expect(updateKeys(olds({ gone: true }), news())).toEqual(["gone"]);
  });

  it("preview: unknown managed values are changes, an unknown ID or app replaces", () => {
    expect(diffProfile(olds(), news({ name: UNKNOWN_SENTINEL }))).toEqual(UPDATE);
    expect(diffProfile(olds(), news({ customString: `{"v":"${UNKNOWN_SENTINEL}"}` })).changes).toBe(true);
    expect(diffProfile(olds(), news({ maxSubscriberNum: UNKNOWN_SENTINEL })).changes).toBe(true);
    expect(diffProfile(olds(), news({ officialAccount: UNKNOWN_SENTINEL })).replaces).toEqual(["officialAccount"]);
    expect(diffProfile(olds(), news({ sdkAppId: UNKNOWN_SENTINEL })).replaces).toEqual(["sdkAppId"]);
  });

  it("refresh diff: refreshed outputs with drift against the old inputs", () => {
    expect(diffProfile(olds({ name: "Changed in console" }), news()).changes).toBe(true);
    expect(diffProfile(olds({ name: "Support" }), news())).toEqual(NONE);
  });

  it("outputs without bookkeeping (.get() inputs): managed fields come from the keys present", () => {
    const bare = { officialAccount: ID, name: "Support", sdkAppId: 1400000000, region: "china" };
    expect(diffProfile(bare, { officialAccount: ID, name: "Support", sdkAppId: 1400000000, region: "china" }, stackAt("seoul"))).toEqual(NONE);
  });

  it("does not modify its arguments", () => {
    const before = olds();
    const after = news({ name: "X" });
    const snapshot = JSON.stringify([before, after]);
    diffProfile(before, after);
    expect(JSON.stringify([before, after])).toBe(snapshot);
  });
});
