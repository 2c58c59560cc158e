/**
 * Property: over the wire, a text field is accepted exactly when its UTF-8 encoding fits the limit,
 * whatever mix of 1-, 2-, 3- and 4-byte characters it holds.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APP_ID, startHarness, type Harness } from "./support";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ maxRequestsPerSecond: 100_000 });
  h.emulator.store.create(APP_ID, { officialAccount: "@TOA#_p", ownerAccount: "o", name: "P" });
});
afterAll(async () => {
  await h.emulator.close();
});

// Characters of every UTF-8 width, so lengths land on both sides of the byte limit.
const mixedChar = fc.constantFrom("a", "é", "中", "😀", " ", "~");

describe("UTF-8 byte limits (property)", () => {
  it.each([
    ["Name", 150],
    ["Organization", 500],
  ] as const)("%s: accepted iff ≤ %i bytes, and then stored unchanged", async (field, max) => {
    await fc.assert(
      fc.asyncProperty(fc.array(mixedChar, { minLength: 1, maxLength: max / 2 + 20 }), async (chars) => {
        const value = chars.join("");
        const reply = await h.call("modify_official_account_base_info", { Official_Account: "@TOA#_p", [field]: value });
        const fits = Buffer.byteLength(value, "utf8") <= max;
        expect(reply.json["ErrorCode"]).toBe(fits ? 0 : 6017);
        const stored = h.emulator.store.get(APP_ID, "@TOA#_p");
        if (fits) expect(field === "Name" ? stored?.name : stored?.organization).toBe(value);
      }),
      { numRuns: 60, seed: 20240601 },
    );
  });

  it("any full-Unicode CustomString round-trips byte for byte through modify and get", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: "binary", maxLength: 300 }), async (value) => {
        const reply = await h.call("modify_official_account_base_info", { Official_Account: "@TOA#_p", CustomString: value });
        if (Buffer.byteLength(value, "utf8") > 3000) return expect(reply.json["ErrorCode"]).toBe(6017);
        expect(reply.json["ErrorCode"]).toBe(0);
        const info = await h.call("get_official_account_info", {
          OfficialAccountIdList: [{ Official_Account: "@TOA#_p" }],
          ResponseFilter: { OfficialAccountBaseInfoFilter: ["CustomString"] },
        });
        expect((info.json["OfficialAccountInfoList"] as Array<Record<string, unknown>>)[0]?.["CustomString"]).toBe(value);
      }),
      { numRuns: 60, seed: 7 },
    );
  });
});
