import fc from "fast-check";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../emulator";
import { modifyRequestBody, wellFormedText } from "../../provider/chat/wire";
import type { ProfileFields } from "../../provider/chat/types";
import * as lifecycle from "../../provider/lifecycle";
import { INPUT_KEYS, OFFICIAL_ACCOUNT_MAX_BYTES, OFFICIAL_ACCOUNT_PREFIX, TEXT_LIMITS_BYTES, UNKNOWN_SENTINEL, isUnknown, type TextFieldName } from "../../provider/profile";
import { APP, CANARY_KEY, CONFIG } from "../../reliability/constants";
import { configureProvider, releaseProvider } from "../../reliability/harness";

/**
 * Properties of `check` and of the wire mapping, over arbitrary input bags: any Unicode (astral planes,
 * lone surrogates, NUL, joiners), numbers (NaN, ±Infinity, fractions, huge), null, undefined, booleans,
 * arrays, objects, the preview's unknown sentinel (whole or embedded) and keys the resource does not know.
 * (test/provider/profile.test.ts has the single-field byte-limit property; these are broader.)
 *
 * Lone surrogates: UTF-8 cannot hold one, so the value Tencent stores could never equal the input and the
 * field would show drift forever. `check` refuses them, naming the field and the index. The client used on
 * its own still never sends a `\udXXX` escape: the wire mapping sends U+FFFD (provider/chat/wire.ts
 * `wellFormedText`).
 */

const TEXT_FIELDS = Object.keys(TEXT_LIMITS_BYTES) as TextFieldName[];
const WIRE_NAMES: Record<TextFieldName, string> = {
  name: "Name",
  introduction: "Introduction",
  faceUrl: "FaceUrl",
  organization: "Organization",
  customString: "CustomString",
};
const ACCOUNT = "@TOA#_properties";
const LONE_SURROGATE_ESCAPE = /\\ud[89a-f][0-9a-f]{2}/i;

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator({ apps: [{ sdkAppId: APP, secretKey: CANARY_KEY }], maxRequestsPerSecond: 100_000 });
  await configureProvider({ [CONFIG.endpoint]: emulator.url });
});
afterAll(async () => {
  await releaseProvider();
  await emulator.close();
});

// ---- arbitraries -------------------------------------------------------------------------------------------

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));
const anyCodePoint = fc.string({ unit: "binary", minLength: 1, maxLength: 1 }); // astral planes included
const textUnit = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom("a", "Z", " ", "/", ".", "é", "中", "😀", "👩‍💻", "\u0000", "\u200d", "\ufeff") },
  { weight: 3, arbitrary: anyCodePoint },
  { weight: 1, arbitrary: loneSurrogate },
);
/** Short text of any kind, text around a field's limit (ASCII or 3-byte), and text with the sentinel in it. */
function textNear(limitBytes: number) {
  return fc.oneof(
    fc.string({ unit: textUnit, maxLength: 40 }),
    fc.string({ unit: textUnit, minLength: Math.floor(limitBytes / 4) - 2, maxLength: Math.floor(limitBytes / 3) + 2 }),
    fc.string({ unit: "grapheme-ascii", minLength: limitBytes - 2, maxLength: limitBytes + 2 }),
    fc.string({ unit: fc.constant("中"), minLength: Math.floor(limitBytes / 3) - 1, maxLength: Math.floor(limitBytes / 3) + 1 }),
  );
}
const oddValue = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  fc.boolean(),
  fc.integer(),
  fc.double(), // NaN, ±Infinity, -0, fractions
  fc.constantFrom(0, -1, 2 ** 53, Number.MAX_SAFE_INTEGER, 4_294_967_296),
  fc.constant(UNKNOWN_SENTINEL),
  fc.string({ unit: textUnit, maxLength: 8 }).map((text) => `${text}${UNKNOWN_SENTINEL}`),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 2 }),
  fc.string({ unit: textUnit, maxLength: 20 }),
);
const accountId = fc.oneof(
  fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: OFFICIAL_ACCOUNT_MAX_BYTES - OFFICIAL_ACCOUNT_PREFIX.length + 2 }).map((tail) => `${OFFICIAL_ACCOUNT_PREFIX}${tail}`),
  fc.string({ unit: textUnit, maxLength: 30 }).map((tail) => `${OFFICIAL_ACCOUNT_PREFIX}${tail}`),
  fc.constant(`${OFFICIAL_ACCOUNT_PREFIX}@TOA#dOEF`),
);
const faceUrl = fc.oneof(fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.constant(""), textNear(TEXT_LIMITS_BYTES.faceUrl));

const field = <T>(plausible: fc.Arbitrary<T>) => fc.oneof({ weight: 4, arbitrary: plausible }, { weight: 1, arbitrary: oddValue });

/** A raw input bag as a program (or a hand-edited state) could hand to check. */
const inputBag = fc
  .tuple(
    fc.record(
      {
        officialAccount: field(accountId),
        name: field(textNear(TEXT_LIMITS_BYTES.name)),
        introduction: field(textNear(TEXT_LIMITS_BYTES.introduction)),
        faceUrl: field(faceUrl),
        organization: field(textNear(TEXT_LIMITS_BYTES.organization)),
        customString: field(textNear(TEXT_LIMITS_BYTES.customString)),
        maxSubscriberNum: field(fc.integer({ min: 1, max: 2 ** 32 - 1 })),
        deletePolicy: field(fc.constantFrom("retain", "restore", "destroy")),
        region: field(fc.constantFrom("china", "singapore", "atlantis")),
      },
      { requiredKeys: [] },
    ),
    fc.dictionary(fc.string({ unit: textUnit, minLength: 1, maxLength: 12 }), oddValue, { maxKeys: 2 }),
  )
  .map(([known, extra]) => ({ ...extra, ...known }) as Record<string, unknown>);

/** Profile fields only, each plausible: most combinations pass check. */
const profileFields = fc.record(
  {
    name: textNear(TEXT_LIMITS_BYTES.name),
    introduction: textNear(TEXT_LIMITS_BYTES.introduction),
    faceUrl,
    organization: textNear(TEXT_LIMITS_BYTES.organization),
    customString: textNear(TEXT_LIMITS_BYTES.customString),
    // The emulator takes 1..4294967295 (assumption A-MAXSUB-RANGE); check allows any positive safe integer.
    maxSubscriberNum: fc.integer({ min: 1, max: 2 ** 32 - 1 }),
  },
  { requiredKeys: [] },
);

// ---- properties --------------------------------------------------------------------------------------------

function hasUnpairedSurrogate(text: string): boolean {
  return text !== wellFormedText(text);
}

function expectAcceptedWithinLimits(inputs: Record<string, unknown>): void {
  for (const key of Object.keys(inputs)) {
    expect([...INPUT_KEYS, "__provider"]).toContain(key);
    expect(inputs[key], key).not.toBeUndefined();
    expect(inputs[key], key).not.toBeNull();
  }
  for (const name of TEXT_FIELDS) {
    const value = inputs[name];
    if (value === undefined || isUnknown(value)) continue;
    expect(typeof value, name).toBe("string");
    expect(Buffer.byteLength(value as string, "utf8"), name).toBeLessThanOrEqual(TEXT_LIMITS_BYTES[name]);
    expect(hasUnpairedSurrogate(value as string), name).toBe(false);
  }
  const id = inputs["officialAccount"];
  if (!isUnknown(id)) {
    expect(typeof id).toBe("string");
    expect((id as string).startsWith(OFFICIAL_ACCOUNT_PREFIX)).toBe(true);
    expect(Buffer.byteLength(id as string, "utf8")).toBeLessThanOrEqual(OFFICIAL_ACCOUNT_MAX_BYTES);
  }
  const max = inputs["maxSubscriberNum"];
  if (max !== undefined && !isUnknown(max)) {
    expect(Number.isSafeInteger(max) && (max as number) >= 1).toBe(true);
  }
}

describe("check, over arbitrary input bags", () => {
  beforeEach(() => emulator.reset());

  it("never throws; accepts with every field within its byte limit, or rejects with one reason per property; never calls the API", async () => {
    await fc.assert(
      fc.asyncProperty(inputBag, async (raw) => {
        const result = await lifecycle.check({}, raw);
        const failures = result.failures ?? [];
        const properties = failures.map((failure) => failure.property);
        expect(new Set(properties).size).toBe(properties.length);
        for (const failure of failures) {
          expect(failure.reason.length).toBeGreaterThan(0);
          expect(Object.keys(raw).includes(failure.property) || failure.property === "officialAccount").toBe(true);
        }
        if (failures.length === 0) expectAcceptedWithinLimits(result.inputs as Record<string, unknown>);
        expect(emulator.requestLog).toHaveLength(0);
      }),
      { numRuns: 400 },
    );
  });

  it("input that check rejects, or that still holds a preview unknown, never reaches the network, even when create and update are called directly", async () => {
    const olds = {
      officialAccount: ACCOUNT,
      name: "Stored",
      deletePolicy: "retain",
      sdkAppId: APP,
      region: "china",
      endpoint: emulator.url,
      managedFields: ["name"],
      adoptedValues: { name: "Stored" },
    };
    await fc.assert(
      fc.asyncProperty(inputBag, async (raw) => {
        const checked = await lifecycle.check({}, raw);
        const refused = (checked.failures ?? []).length > 0;
        const unknown = Object.values(raw).some(isUnknown);
        fc.pre(refused || unknown);
        await expect(lifecycle.create(raw)).rejects.toMatchObject({ code: "TCHAT_INPUTS_INVALID" });
        await expect(lifecycle.update(`${APP}/${ACCOUNT}`, olds, raw)).rejects.toMatchObject({ code: "TCHAT_INPUTS_INVALID" });
        expect(emulator.requestLog).toHaveLength(0);
      }),
      { numRuns: 200 },
    );
  });
});

describe("the wire mapping of accepted input", () => {
  it("sends well-formed UTF-8 whose byte length is exactly what check measured, within every limit", async () => {
    await fc.assert(
      fc.asyncProperty(accountId, profileFields, async (officialAccount, profile) => {
        const result = await lifecycle.check({}, { officialAccount, ...profile });
        const inputs = result.inputs as Record<string, unknown>;
        fc.pre((result.failures ?? []).length === 0);
        const fields: ProfileFields = {};
        for (const name of TEXT_FIELDS) if (typeof inputs[name] === "string") fields[name] = inputs[name] as string;
        const text = JSON.stringify(modifyRequestBody(inputs["officialAccount"] as string, fields));
        expect(text).not.toMatch(LONE_SURROGATE_ESCAPE);
        const sent = JSON.parse(text) as Record<string, string>;
        for (const name of TEXT_FIELDS) {
          if (fields[name] === undefined) continue;
          const wire = sent[WIRE_NAMES[name]] as string;
          expect(Buffer.byteLength(wire, "utf8"), name).toBe(Buffer.byteLength(fields[name] as string, "utf8"));
          expect(Buffer.byteLength(wire, "utf8"), name).toBeLessThanOrEqual(TEXT_LIMITS_BYTES[name]);
          // Accepted text is well-formed, so it goes out exactly as given and reads back equal.
          expect(wire, name).toBe(fields[name]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("the server's own checks (the emulator's UTF-8 byte limits) accept whatever check accepted, and store exactly what was sent", async () => {
    await fc.assert(
      fc.asyncProperty(profileFields, async (fields) => {
        emulator.reset();
        emulator.store.create(APP, { officialAccount: ACCOUNT, ownerAccount: "owner_properties", name: "Before" });
        const result = await lifecycle.check({}, { officialAccount: ACCOUNT, ...fields });
        fc.pre((result.failures ?? []).length === 0);
        await lifecycle.create(result.inputs as Record<string, unknown>);
        const stored = emulator.store.get(APP, ACCOUNT);
        for (const name of TEXT_FIELDS) {
          if (fields[name] !== undefined) expect(stored?.[name], name).toBe(fields[name]);
        }
        if (fields.maxSubscriberNum !== undefined) expect(stored?.maxSubscriberNum).toBe(fields.maxSubscriberNum);
      }),
      { numRuns: 30 },
    );
  });
});

describe("lone surrogates (decided behaviour)", () => {
  it("check refuses them per field, naming the index; text that check accepts never holds one", async () => {
    const refused = await lifecycle.check({}, { officialAccount: ACCOUNT, name: `${"a".repeat(10)}\ud800`, introduction: "😀\udfff" });
    expect(refused.failures).toEqual([
      { property: "name", reason: "name contains an unpaired UTF-16 surrogate at index 10; Tencent stores UTF-8 text" },
      { property: "introduction", reason: "introduction contains an unpaired UTF-16 surrogate at index 2; Tencent stores UTF-8 text" },
    ]);
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: textUnit, maxLength: 30 }), async (name) => {
        const result = await lifecycle.check({}, { officialAccount: ACCOUNT, name: `n${name}` });
        const failed = (result.failures ?? []).some((failure) => failure.property === "name");
        expect(failed).toBe(hasUnpairedSurrogate(`n${name}`));
      }),
      { numRuns: 300 },
    );
  });

  it("the client used without check still sends U+FFFD, never a \\udXXX escape", () => {
    const text = JSON.stringify(modifyRequestBody(ACCOUNT, { name: `${"a".repeat(146)}\ud800`, introduction: "\udfff😀\ud83d" }));
    expect(text).not.toMatch(LONE_SURROGATE_ESCAPE);
    expect(JSON.parse(text)).toEqual({ Official_Account: ACCOUNT, Name: `${"a".repeat(146)}\ufffd`, Introduction: "\ufffd😀\ufffd" });
  });
});
