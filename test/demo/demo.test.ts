/**
 * `npm run demo`'s step logic, end to end through the engine stand-in (the package packed and installed as a
 * real directory, the real dynamic-provider host, the emulator). The demo's own summary is then held against
 * the emulator's request log and final store, recomputed here from the scenario rather than taken from the demo.
 * Needs `dist/` (`npm test` builds first).
 */
import { describe, expect, it } from "vitest";
import { runDemo, type DemoResult } from "../../demo/demo";
import type { DeclaredProfile } from "../../demo/model";
import { CONSOLE_ACCOUNTS, CONSOLE_EDIT, DEMO_SDK_APP_ID } from "../../demo/scenario";
import { summaryLines } from "../../demo/summary";

const MODIFY = "modify_official_account_base_info";
const WIRE: Record<string, string> = {
  name: "Name",
  introduction: "Introduction",
  faceUrl: "FaceUrl",
  organization: "Organization",
  customString: "CustomString",
  maxSubscriberNum: "MaxSubscriberNum",
};

function body(officialAccount: string, fields: Record<string, unknown>): Record<string, unknown> {
  return { Official_Account: officialAccount, ...Object.fromEntries(Object.entries(fields).map(([key, value]) => [WIRE[key], value])) };
}

function consoleFields(resourceName: string): Record<string, unknown> {
  const { ownerAccount: _owner, ...fields } = CONSOLE_ACCOUNTS[resourceName]!;
  return fields;
}

/** The modify calls the whole demo should make, in the order of its steps (adoption calls in either order). */
function expectedModifies(declared: DeclaredProfile[]) {
  const adoption = declared
    .map((profile) => {
      const current = consoleFields(profile.resourceName);
      const changes = Object.fromEntries(Object.entries(profile.fields).filter(([key, value]) => current[key] !== value));
      return Object.keys(changes).length > 0 ? body(profile.officialAccount, changes) : undefined;
    })
    .filter((item) => item !== undefined);
  const edited = declared.find((profile) => profile.resourceName === CONSOLE_EDIT.resourceName)!;
  const correction = body(
    edited.officialAccount,
    Object.fromEntries(Object.keys(CONSOLE_EDIT.fields).map((key) => [key, (edited.fields as Record<string, unknown>)[key]])),
  );
  const restores = declared
    .filter((profile) => profile.deletePolicy === "restore")
    .map((profile) => body(profile.officialAccount, Object.fromEntries(Object.keys(profile.fields).map((key) => [key, consoleFields(profile.resourceName)[key]]))));
  return { adoption, correction, restores };
}

describe("npm run demo (engine stand-in)", () => {
  let output: string[] = [];
  let result: DemoResult;

  it("runs every step, and its summary matches what the emulator saw", async () => {
    output = [];
    result = await runDemo({ runner: "standin", print: (line) => output.push(line) });

    expect(result.runner).toBe("engine-standin");
    expect(result.outcomes.map((outcome) => [outcome.name, outcome.ran, outcome.ok, outcome.failures])).toEqual([
      ["preview", true, true, []],
      ["up", true, true, []],
      ["console-edit", true, true, []],
      ["refresh", true, true, []],
      ["correct", true, true, []],
      ["destroy", true, true, []],
      ["secrets", true, true, []],
    ]);
    expect(result.ok).toBe(true);

    // The program declares one restore and one retain resource, and the scenario covers both.
    expect(result.declared.map((profile) => profile.deletePolicy).sort()).toEqual(["restore", "retain"]);

    // Every modify the emulator received, against the scenario: adoption, then the correction, then the restore.
    const { adoption, correction, restores } = expectedModifies(result.declared);
    const modifies = result.requestLog.filter((entry) => entry.command === MODIFY).map((entry) => entry.body);
    expect(modifies.length).toBe(adoption.length + 1 + restores.length);
    expect(modifies.slice(0, adoption.length)).toEqual(expect.arrayContaining(adoption));
    expect(modifies.slice(adoption.length)).toEqual([correction, ...restores]);
    expect(result.requestLog.every((entry) => entry.resultCode === 0 && entry.sdkAppId === DEMO_SDK_APP_ID)).toBe(true);

    // After destroy: restore accounts are back to their console values, retained ones keep the declaration.
    for (const profile of result.declared) {
      const final = result.finalStore[profile.resourceName] as unknown as Record<string, unknown>;
      const expected = profile.deletePolicy === "restore" ? consoleFields(profile.resourceName) : { ...consoleFields(profile.resourceName), ...profile.fields };
      expect(final).toMatchObject(expected);
    }

    // The summary says what happened, in numbers the log confirms.
    const summary = summaryLines(result).join("\n");
    expect(summary).toContain("Demo passed");
    expect(summary).toMatch(/exactly 1 modify, carrying only Introduction/);
    expect(summary).toMatch(/drift on support: \[diff: ~introduction\] and nothing else/);
    expect(summary).toMatch(/support \(restore\): 1 modify with Name, Introduction, FaceUrl, Organization/);
    expect(summary).toMatch(/news \(retain\): 0 calls/);

    // The operation output reads like Pulumi's.
    const text = output.join("\n");
    expect(text).toContain("Previewing update (dev):");
    expect(text).toMatch(/^ \+ {2}tencentcloud-chat:OfficialAccountProfile support create$/m);
    expect(text).toMatch(/^ ~ {2}tencentcloud-chat:OfficialAccountProfile support updated \[diff: ~introduction\]$/m);
    expect(text).toMatch(/^ {4}\+ 2 to create$/m);
    expect(text).toContain("Emulator after destroy:");
  });

  it("fails, and says which claim broke, when the console edit touches more than the demo claims", async () => {
    result = await runDemo({
      runner: "standin",
      print: () => undefined,
      beforeStep: (step, emulator) => {
        // A second out-of-band change: refresh now reports two fields, so "exactly the patched field" must fail.
        if (step === "refresh") emulator.store.patch(DEMO_SDK_APP_ID, "@TOA#_support", { name: "Renamed in the console" });
      },
    });
    expect(result.ok).toBe(false);
    const refresh = result.outcomes.find((outcome) => outcome.name === "refresh")!;
    expect(refresh.failures).toEqual(["support: expected update [diff: ~introduction], got update [diff: ~introduction ~name]"]);
    expect(result.outcomes.filter((outcome) => !outcome.ran).map((outcome) => outcome.name)).toEqual(["correct", "destroy"]);
    expect(summaryLines(result).at(-1)).toMatch(/^Demo FAILED/);
  });
});
