import { describe, expect, it } from "vitest";
import { diffProfile, updateKeys } from "../../provider/diff";
import { composeOutputs } from "../../provider/outputs";
import { UNKNOWN_SENTINEL } from "../../provider/profile";

const ID = "@TOA#_support";

/** Previous outputs as create would have stored them. */
function olds(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...composeOutputs({
      officialAccount: ID,
      target: { sdkAppId: 1400000000, region: "china" },
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

/** Checked inputs matching olds(). */
function news(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    officialAccount: ID,
    name: "Support",
    introduction: "",
    maxSubscriberNum: 500,
    deletePolicy: "retain",
    sdkAppId: 1400000000,
    region: "china",
    __provider: "exports.handler = something else",
    ...overrides,
  };
}

const NONE = { changes: false, replaces: [], deleteBeforeReplace: false };

describe("diffProfile", () => {
  it("no change: managed values equal; __provider and read-only facts are ignored", () => {
    expect(diffProfile(olds({ subscriberNum: 9999, lastMsgTime: 1800000000 }), news())).toEqual(NONE);
  });

  it("a changed managed field is an update; '' is a value", () => {
    expect(diffProfile(olds(), news({ name: "Help" }))).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
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
    expect(diffProfile(olds(), news({ region: "singapore" }))).toEqual(NONE);
    expect(diffProfile(olds(), news({ endpoint: "http://127.0.0.1:1" }))).toEqual(NONE);
    // State written by 0.1.0: region and endpoint resolved into its outputs (and inputs).
    expect(diffProfile(olds({ endpoint: "http://127.0.0.1:1" }), news({ endpoint: "http://127.0.0.1:2" })).replaces).toEqual([]);
  });

  it("a new place to reach the app (resource, stack config or environment) is an update without replacement", () => {
    const reach = (region: string, endpoint?: string) => ({ region, endpoint });
    expect(diffProfile(olds(), news(), reach("china"))).toEqual(NONE);
    expect(diffProfile(olds(), news(), reach("singapore"))).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect(updateKeys(olds(), news(), reach("china", "http://127.0.0.1:1"))).toEqual(["endpoint"]);
    expect(updateKeys(olds({ endpoint: "http://127.0.0.1:1" }), news(), reach("china"))).toEqual(["endpoint"]);
    expect(diffProfile(olds({ endpoint: "http://127.0.0.1:1" }), news(), reach("china", "http://127.0.0.1:2")).replaces).toEqual([]);
  });

  it("an endpoint that differs only by a trailing slash or the host's case is no change", () => {
    // Older state may hold the endpoint as typed; check now stores the normalized form.
    expect(diffProfile(olds({ endpoint: "http://127.0.0.1:1/" }), news(), { region: "china", endpoint: "http://127.0.0.1:1" })).toEqual(NONE);
    expect(diffProfile(olds({ endpoint: "https://Proxy.Example.com/chat/" }), news(), { region: "china", endpoint: "https://proxy.example.com/chat" })).toEqual(NONE);
  });

  it("state from 0.1.0 marked gone is an update (which checks the account), never a replacement", () => {
    expect(diffProfile(olds({ gone: true }), news())).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect(updateKeys(olds({ gone: true }), news())).toEqual(["gone"]);
  });

  it("preview: unknown managed values are changes, an unknown ID or app replaces", () => {
    expect(diffProfile(olds(), news({ name: UNKNOWN_SENTINEL }))).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
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
    expect(diffProfile(bare, { officialAccount: ID, name: "Support", sdkAppId: 1400000000, region: "china" })).toEqual(NONE);
  });

  it("does not modify its arguments", () => {
    const before = olds();
    const after = news({ name: "X" });
    const snapshot = JSON.stringify([before, after]);
    diffProfile(before, after);
    expect(JSON.stringify([before, after])).toBe(snapshot);
  });
});
