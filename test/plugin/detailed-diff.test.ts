import { describe, expect, it } from "vitest";
import { detailedDiff } from "../../provider/plugin/detailed-diff";

describe("detailedDiff", () => {
  const oldInputs = { officialAccount: "@TOA#_a", name: "A", introduction: "I" };

  it("names added, deleted and updated properties", () => {
    const news = { officialAccount: "@TOA#_a", name: "B", faceUrl: "https://x.example/a.png" };
    expect(detailedDiff({ oldInputs, news, changedKeys: ["name", "faceUrl", "introduction"], replaceKeys: [] })).toEqual({
      name: { kind: "update", inputDiff: true },
      faceUrl: { kind: "add", inputDiff: true },
      introduction: { kind: "delete", inputDiff: true },
    });
  });

  it("marks the keys that replace, whatever else changed on them", () => {
    const news = { officialAccount: "@TOA#_b", name: "A", sdkAppId: 1400000002 };
    expect(detailedDiff({ oldInputs, news, changedKeys: ["officialAccount"], replaceKeys: ["officialAccount", "sdkAppId"] })).toEqual({
      officialAccount: { kind: "updateReplace", inputDiff: true },
      sdkAppId: { kind: "addReplace", inputDiff: true },
    });
  });

  it("a key neither side's inputs hold (where the app is reached, from config) is not an input diff", () => {
    expect(detailedDiff({ oldInputs, news: oldInputs, changedKeys: ["endpoint"], replaceKeys: [] })).toEqual({
      endpoint: { kind: "update", inputDiff: false },
    });
  });

  it("nothing changed: empty", () => {
    expect(detailedDiff({ oldInputs, news: oldInputs, changedKeys: [], replaceKeys: [] })).toEqual({});
  });
});
