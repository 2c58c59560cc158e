import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  INPUT_KEYS,
  OFFICIAL_ACCOUNT_MAX_BYTES,
  TEXT_LIMITS_BYTES,
  UNKNOWN_SENTINEL,
  changedFields,
  declaredFields,
  utf8Bytes,
  validateInputs,
  type TextFieldName,
} from "../../provider/profile";

const ID = "@TOA#_support";

/** `unit` repeated, then ASCII padding, to exactly `bytes` UTF-8 bytes. */
function textOfBytes(bytes: number, unit: string, prefix = ""): string {
  const room = bytes - utf8Bytes(prefix);
  const unitBytes = utf8Bytes(unit);
  return prefix + unit.repeat(Math.floor(room / unitBytes)) + "a".repeat(room % unitBytes);
}

function failuresFor(bag: Record<string, unknown>) {
  return validateInputs({ officialAccount: ID, ...bag }).failures;
}

describe("validateInputs: UTF-8 byte limits", () => {
  const fields = Object.keys(TEXT_LIMITS_BYTES) as TextFieldName[];
  const units = [
    ["Chinese", "中"],
    ["emoji", "😀"],
  ] as const;

  for (const field of fields) {
    const limit = TEXT_LIMITS_BYTES[field];
    const prefix = field === "faceUrl" ? "https://cdn.example.cn/" : "";
    for (const [label, unit] of units) {
      it(`${field}: ${label} text of exactly ${limit} bytes passes, ${limit + 1} fails with the byte count`, () => {
        const atLimit = textOfBytes(limit, unit, prefix);
        expect(utf8Bytes(atLimit)).toBe(limit);
        expect(atLimit).toContain(unit);
        expect(failuresFor({ [field]: atLimit })).toEqual([]);
        expect(validateInputs({ officialAccount: ID, [field]: atLimit }).inputs[field]).toBe(atLimit);

        const over = `${atLimit}a`;
        expect(failuresFor({ [field]: over })).toEqual([
          { property: field, reason: `${field} is ${limit + 1} bytes in UTF-8; the limit is ${limit} bytes` },
        ]);
      });
    }

    it(`${field}: a multi-byte character pushing past the limit counts its bytes, not characters`, () => {
      const nearly = textOfBytes(limit - 1, "a", prefix);
      const reasons = failuresFor({ [field]: `${nearly}中` }).map((failure) => failure.reason);
      expect(reasons).toEqual([`${field} is ${limit + 2} bytes in UTF-8; the limit is ${limit} bytes`]);
      // The same number of characters in ASCII fits.
      expect(failuresFor({ [field]: `${nearly}a` })).toEqual([]);
    });
  }

  it("the spec's example message: name of 51 Chinese characters", () => {
    expect(failuresFor({ name: "中".repeat(51) })).toEqual([
      { property: "name", reason: "name is 153 bytes in UTF-8; the limit is 150 bytes" },
    ]);
  });

  it("property: introduction passes exactly when it fits in 400 bytes", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 220 }), (text) => {
        const failed = failuresFor({ introduction: text }).length > 0;
        expect(failed).toBe(utf8Bytes(text) > 400);
      }),
    );
  });
});

describe("validateInputs: other rules", () => {
  it("accepts custom and server-assigned IDs", () => {
    for (const id of ["@TOA#_support", "@TOA#_@TOA#dOEF", "@TOA#_with space and ~!", `@TOA#_${"x".repeat(OFFICIAL_ACCOUNT_MAX_BYTES - 6)}`]) {
      expect(validateInputs({ officialAccount: id }).failures).toEqual([]);
    }
  });

  it.each([
    ["support", 'officialAccount must start with "@TOA#_"'],
    ["@TOA#_", "needs characters after"],
    ["@TOA#_café", "printable ASCII (0x20-0x7e); character 10 is not"],
    ["@TOA#_tab\there", "character 10 is not"],
    [`@TOA#_${"x".repeat(43)}`, "officialAccount is 49 bytes; the limit is 48 bytes"],
    [42, "officialAccount must be a string, got a number"],
  ])("rejects the ID %j", (id, reason) => {
    const failures = validateInputs({ officialAccount: id }).failures;
    expect(failures).toHaveLength(1);
    expect(failures[0]?.property).toBe("officialAccount");
    expect(failures[0]?.reason).toContain(reason);
  });

  it("requires officialAccount", () => {
    expect(validateInputs({ name: "x" }).failures).toEqual([
      { property: "officialAccount", reason: expect.stringContaining("officialAccount is required") },
    ]);
  });

  it('faceUrl: absolute http(s) URL or ""', () => {
    expect(failuresFor({ faceUrl: "" })).toEqual([]);
    expect(failuresFor({ faceUrl: "http://a.example/x.png" })).toEqual([]);
    expect(failuresFor({ faceUrl: "https://a.example/x.png" })).toEqual([]);
    for (const bad of ["/relative.png", "cdn.example.com/x.png", "ftp://a.example/x.png", "javascript:alert(1)"]) {
      const failures = failuresFor({ faceUrl: bad });
      expect(failures).toHaveLength(1);
      expect(failures[0]?.reason).toMatch(/faceUrl must be an (absolute http\(s\)|http or https) URL.*or "" to clear it/);
    }
  });

  it("maxSubscriberNum: an integer from 1 to 4294967295 (the API's Integer; the emulator answers 6017 above)", () => {
    expect(failuresFor({ maxSubscriberNum: 1 })).toEqual([]);
    expect(failuresFor({ maxSubscriberNum: 4_294_967_295 })).toEqual([]);
    for (const bad of [0, -5, 1.5, 4_294_967_296, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 1, Number.NaN, Number.POSITIVE_INFINITY, "100"]) {
      const failures = failuresFor({ maxSubscriberNum: bad });
      expect(failures).toHaveLength(1);
      expect(failures[0]?.reason).toContain("maxSubscriberNum must be an integer from 1 to 4294967295");
    }
  });

  it("text fields: an unpaired UTF-16 surrogate is refused, naming the field and the index; pairs are fine", () => {
    expect(failuresFor({ name: "ok 😀", introduction: "\ud83d\ude00" })).toEqual([]);
    expect(failuresFor({ name: "ab\ud800" })).toEqual([
      { property: "name", reason: "name contains an unpaired UTF-16 surrogate at index 2; Tencent stores UTF-8 text" },
    ]);
    expect(failuresFor({ customString: "\udc00x", organization: "😀\ud83d" })).toEqual([
      { property: "customString", reason: "customString contains an unpaired UTF-16 surrogate at index 0; Tencent stores UTF-8 text" },
      { property: "organization", reason: "organization contains an unpaired UTF-16 surrogate at index 2; Tencent stores UTF-8 text" },
    ]);
    expect(failuresFor({ faceUrl: "https://a.example/\udfff" })[0]?.reason).toContain("faceUrl contains an unpaired UTF-16 surrogate at index 18");
  });

  it("deletePolicy, region, sdkAppId, endpoint", () => {
    expect(failuresFor({ deletePolicy: "restore", region: "singapore", sdkAppId: 1400000001, endpoint: "http://127.0.0.1:9" })).toEqual([]);
    expect(failuresFor({ deletePolicy: "keep" })[0]?.reason).toBe('deletePolicy must be one of "retain", "restore", got a string of 4 bytes');
    expect(failuresFor({ region: "mars" })[0]?.reason).toContain('region must be one of "china"');
    expect(failuresFor({ sdkAppId: -1 })[0]?.property).toBe("sdkAppId");
    expect(failuresFor({ endpoint: "127.0.0.1:9" })[0]?.property).toBe("endpoint");
  });

  it("endpoint: one parser (chat/endpoints.ts parseBaseUrl); stored normalized; the value never echoed", () => {
    expect(validateInputs({ officialAccount: ID, endpoint: "HTTP://LocalHost:8080/" }).inputs["endpoint"]).toBe("http://localhost:8080");
    expect(validateInputs({ officialAccount: ID, endpoint: "https://Proxy.Example.com:443/chat//" }).inputs["endpoint"]).toBe("https://proxy.example.com/chat");
    const secretish = "s3cr3t-token";
    for (const [bad, why] of [
      [`https://user:${secretish}@proxy.example.com`, "user name or password"],
      [`https://proxy.example.com/?token=${secretish}`, "query string"],
      [`https://proxy.example.com/#${secretish}`, "fragment"],
      [`ftp://${secretish}.example.com`, "not http or https"],
      [`${secretish}`, "not an absolute URL"],
    ] as const) {
      const failures = failuresFor({ endpoint: bad });
      expect(failures).toHaveLength(1);
      expect(failures[0]?.property).toBe("endpoint");
      expect(failures[0]?.reason).toContain(why);
      expect(failures[0]?.reason).not.toContain(secretish);
    }
    // A numeric string for the app is normalized to a number.
    expect(validateInputs({ officialAccount: ID, sdkAppId: "1400000001" }).inputs["sdkAppId"]).toBe(1400000001);
  });

  it('name cannot be "" but other text fields can (clearing them)', () => {
    expect(failuresFor({ name: "" })[0]?.reason).toContain('name cannot be ""');
    expect(failuresFor({ introduction: "", organization: "", customString: "", faceUrl: "" })).toEqual([]);
  });

  it("reports one failure per property, every property at once", () => {
    const failures = validateInputs({
      officialAccount: "nope",
      name: "中".repeat(60),
      faceUrl: "x",
      maxSubscriberNum: 0,
      colour: "red",
    }).failures;
    expect(failures.map((failure) => failure.property).sort()).toEqual(["colour", "faceUrl", "maxSubscriberNum", "name", "officialAccount"]);
    expect(failures.find((failure) => failure.property === "colour")?.reason).toContain("is not an input of OfficialAccountProfile");
  });

  it("drops undefined, null and __provider; keeps every other input", () => {
    const result = validateInputs({ officialAccount: ID, name: undefined, introduction: null, __provider: "exports.handler = 1", organization: "Org" });
    expect(result).toEqual({ inputs: { officialAccount: ID, organization: "Org" }, failures: [] });
  });

  it("lets unknown values through untouched, even inside a string", () => {
    const inputs = {
      officialAccount: UNKNOWN_SENTINEL,
      name: `prefix-${UNKNOWN_SENTINEL}`,
      maxSubscriberNum: UNKNOWN_SENTINEL,
      faceUrl: UNKNOWN_SENTINEL,
      sdkAppId: UNKNOWN_SENTINEL,
    };
    expect(validateInputs(inputs)).toEqual({ inputs, failures: [] });
  });

  it("every input key has a schema", () => {
    expect(INPUT_KEYS).toEqual([
      "officialAccount",
      "name",
      "introduction",
      "faceUrl",
      "organization",
      "customString",
      "maxSubscriberNum",
      "deletePolicy",
      "sdkAppId",
      "region",
      "endpoint",
    ]);
  });
});

describe("field helpers", () => {
  it("declaredFields lists present profile fields in canonical order", () => {
    expect(declaredFields({ maxSubscriberNum: 3, name: "n", officialAccount: ID, introduction: "" })).toEqual(["name", "introduction", "maxSubscriberNum"]);
  });

  it("changedFields: only declared fields that differ; a field missing from current counts", () => {
    expect(changedFields({ name: "a", introduction: "", maxSubscriberNum: 5 }, { name: "a", introduction: "old" }, ["name", "introduction", "maxSubscriberNum"])).toEqual({
      introduction: "",
      maxSubscriberNum: 5,
    });
    expect(changedFields({ name: "a" }, { name: "b" }, [])).toEqual({});
  });
});
