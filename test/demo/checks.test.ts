/**
 * The demo's claim checks, on hand-made observations: each passes on what the demo should see and fails on a
 * near miss, so a step that did not do what it claims cannot pass the demo. Also the CLI runner's parsers,
 * which cannot run end to end here (no Pulumi CLI).
 */
import { describe, expect, it } from "vitest";
import type { RequestLogEntry, StoredAccount } from "../../emulator";
import {
  checkAdoption,
  checkCorrection,
  checkDestroy,
  checkNoLeaks,
  checkPreview,
  checkRefresh,
  expectedModifyBody,
  GET_INFO,
  MODIFY,
  type StepObservation,
} from "../../demo/checks";
import type { ConsoleAccount, DeclaredProfile, OperationReport, StateResource, StepReport } from "../../demo/model";
import { previewFromJson, stateFromExport, stepsFromStates } from "../../demo/runners/pulumi-cli";
import { RESOURCE_TYPE } from "../../demo/scenario";
import { summaryLines } from "../../demo/summary";

const support: DeclaredProfile = {
  resourceName: "support",
  officialAccount: "@TOA#_support",
  deletePolicy: "restore",
  fields: { name: "Support", introduction: "Declared." },
};
const news: DeclaredProfile = {
  resourceName: "news",
  officialAccount: "@TOA#_news",
  deletePolicy: "retain",
  fields: { name: "News" },
};
const declared = [news, support];
const consoleAccounts: Record<string, ConsoleAccount> = {
  support: { ownerAccount: "o", name: "Old support", introduction: "Console.", faceUrl: "", organization: "Org", customString: "" },
  news: { ownerAccount: "o", name: "News", introduction: "", faceUrl: "", organization: "", customString: "x" },
};
const consoleOf = (name: string) => consoleAccounts[name]!;
const edit = { introduction: "Edited." };

function account(officialAccount: string, fields: Partial<StoredAccount>): StoredAccount {
  return {
    officialAccount,
    ownerAccount: "o",
    name: "",
    introduction: "",
    faceUrl: "",
    organization: "",
    customString: "",
    maxSubscriberNum: 100_000,
    subscriberNum: 0,
    createTime: 1,
    lastMsgTime: 0,
    ...fields,
  };
}

let seq = 0;
function request(command: string, body: Record<string, unknown>): RequestLogEntry {
  seq += 1;
  return { seq, timeMs: 0, method: "POST", path: `/v4/official_account_open_http_svc/${command}`, command, query: {}, body, resultCode: 0, delayMs: 0 };
}

function report(steps: StepReport[], ok = true): OperationReport {
  return { ok, steps };
}

function observation(parts: Partial<StepObservation>): StepObservation {
  return { report: report([]), requests: [], storeBefore: new Map(), storeAfter: new Map(), stateAfter: [], ...parts };
}

const adoptedStore = new Map([
  ["support", account("@TOA#_support", { ...consoleAccounts["support"], ...support.fields })],
  ["news", account("@TOA#_news", { ...consoleAccounts["news"], ...news.fields })],
]);

describe("checkPreview", () => {
  const planned = report([
    { name: "news", op: "create", changedKeys: [] },
    { name: "support", op: "create", changedKeys: [] },
  ]);

  it("passes on two planned creates without API calls", () => {
    expect(checkPreview(observation({ report: planned }), declared).failures).toEqual([]);
  });

  it("fails when preview called the API", () => {
    const result = checkPreview(observation({ report: planned, requests: [request(GET_INFO, {})] }), declared);
    expect(result.failures.join()).toMatch(/preview made 1 API call/);
  });
});

describe("checkAdoption", () => {
  const created = report([
    { name: "news", op: "create", changedKeys: [] },
    { name: "support", op: "create", changedKeys: [] },
  ]);
  const state: StateResource[] = declared.map((profile) => {
    const { ownerAccount: _owner, ...values } = consoleOf(profile.resourceName);
    return { name: profile.resourceName, id: "", inputs: {}, outputs: { adoptedValues: values } };
  });
  const reads = request(GET_INFO, { OfficialAccountIdList: [{ Official_Account: "@TOA#_news" }, { Official_Account: "@TOA#_support" }] });

  it("passes when only the differing declared fields were sent, and not at all for an account already as declared", () => {
    const requests = [reads, request(MODIFY, { Official_Account: "@TOA#_support", Name: "Support", Introduction: "Declared." })];
    const result = checkAdoption(observation({ report: created, requests, storeAfter: adoptedStore, stateAfter: state }), declared, consoleOf);
    expect(result.failures).toEqual([]);
    expect(result.facts).toContain("news: already as declared, 0 modify");
  });

  it("fails when a modify carries a field that did not differ", () => {
    const requests = [reads, request(MODIFY, { Official_Account: "@TOA#_support", Name: "Support", Introduction: "Declared." }), request(MODIFY, { Official_Account: "@TOA#_news", Name: "News" })];
    const result = checkAdoption(observation({ report: created, requests, storeAfter: adoptedStore, stateAfter: state }), declared, consoleOf);
    expect(result.failures).toEqual(["news: 1 modify call(s) for an account already as declared"]);
  });

  it("fails when an unmanaged field was touched", () => {
    const requests = [reads, request(MODIFY, { Official_Account: "@TOA#_support", Name: "Support", Introduction: "Declared." })];
    const touched = new Map(adoptedStore);
    touched.set("news", { ...adoptedStore.get("news")!, customString: "" });
    const result = checkAdoption(observation({ report: created, requests, storeAfter: touched, stateAfter: state }), declared, consoleOf);
    expect(result.failures).toEqual(['news: customString is "", expected "x"']);
  });
});

describe("checkRefresh", () => {
  const editedState: StateResource[] = [{ name: "support", id: "", inputs: { introduction: "Edited." }, outputs: {} }];

  it("passes when exactly the edited field is reported on the edited resource", () => {
    const refreshed = report([
      { name: "news", op: "same", changedKeys: [] },
      { name: "support", op: "update", changedKeys: ["introduction"] },
    ]);
    const result = checkRefresh(observation({ report: refreshed, requests: [request(GET_INFO, {})], stateAfter: editedState }), declared, support, edit);
    expect(result.failures).toEqual([]);
  });

  it("fails when refresh reports another field as well", () => {
    const refreshed = report([
      { name: "news", op: "same", changedKeys: [] },
      { name: "support", op: "update", changedKeys: ["introduction", "name"] },
    ]);
    const result = checkRefresh(observation({ report: refreshed, stateAfter: editedState }), declared, support, edit);
    expect(result.failures).toEqual(["support: expected update [diff: ~introduction], got update [diff: ~introduction ~name]"]);
  });

  it("fails when refresh wrote to the account", () => {
    const refreshed = report([
      { name: "news", op: "same", changedKeys: [] },
      { name: "support", op: "update", changedKeys: ["introduction"] },
    ]);
    const requests = [request(MODIFY, { Official_Account: "@TOA#_support" })];
    const result = checkRefresh(observation({ report: refreshed, requests, stateAfter: editedState }), declared, support, edit);
    expect(result.failures).toEqual([`refresh made 1 non-read call(s): ${MODIFY}`]);
  });
});

describe("checkCorrection", () => {
  const corrected = report([
    { name: "news", op: "same", changedKeys: [] },
    { name: "support", op: "update", changedKeys: ["introduction"] },
  ]);

  it("passes on one modify carrying only the drifted field", () => {
    const requests = [request(MODIFY, { Official_Account: "@TOA#_support", Introduction: "Declared." })];
    expect(checkCorrection(observation({ report: corrected, requests, storeAfter: adoptedStore }), declared, support, edit).failures).toEqual([]);
  });

  it("fails when the modify also carries an unchanged field", () => {
    const requests = [request(MODIFY, { Official_Account: "@TOA#_support", Name: "Support", Introduction: "Declared." })];
    const result = checkCorrection(observation({ report: corrected, requests, storeAfter: adoptedStore }), declared, support, edit);
    expect(result.failures.join()).toMatch(/^expected one modify/);
  });
});

describe("checkDestroy", () => {
  const deleted = report([
    { name: "news", op: "delete", changedKeys: [] },
    { name: "support", op: "delete", changedKeys: [] },
  ]);
  const restoredStore = new Map([
    ["support", account("@TOA#_support", consoleOf("support"))],
    ["news", adoptedStore.get("news")],
  ]);
  const restoreCall = request(MODIFY, expectedModifyBody("@TOA#_support", { name: "Old support", introduction: "Console." }));

  it("passes when restore put back the adopted values and retain made no call", () => {
    const result = checkDestroy(observation({ report: deleted, requests: [restoreCall], storeBefore: adoptedStore, storeAfter: restoredStore }), declared, consoleOf);
    expect(result.failures).toEqual([]);
  });

  it("fails when a retained account was written to", () => {
    const requests = [restoreCall, request(MODIFY, { Official_Account: "@TOA#_news", Name: "News" })];
    const result = checkDestroy(observation({ report: deleted, requests, storeBefore: adoptedStore, storeAfter: restoredStore }), declared, consoleOf);
    expect(result.failures).toEqual(["news (retain): 1 modify call(s)"]);
  });

  it("fails when resources are left in the stack", () => {
    const stateAfter: StateResource[] = [{ name: "news", id: "", inputs: {}, outputs: {} }];
    const result = checkDestroy(observation({ report: deleted, requests: [restoreCall], storeBefore: adoptedStore, storeAfter: restoredStore, stateAfter }), declared, consoleOf);
    expect(result.failures).toEqual(["1 resource(s) left in the stack"]);
  });
});

describe("checkNoLeaks", () => {
  it("fails on any leak", () => {
    expect(checkNoLeaks([], 3).failures).toEqual([]);
    expect(checkNoLeaks([{ kind: "secret", description: "at 10" }], 3).failures).toEqual(["credentials found: secret at 10"]);
  });
});

describe("summaryLines", () => {
  it("marks failed and unreached steps and says the demo failed", () => {
    const lines = summaryLines({
      runnerNote: "Runner: test",
      ok: false,
      durationMs: 1000,
      outcomes: [
        { number: 1, name: "preview", title: "t", label: "preview", ran: true, ok: true, facts: ["2 to create"], failures: [] },
        { number: 2, name: "up", title: "t", label: "up: adopt", ran: true, ok: false, facts: [], failures: ["boom"] },
        { number: 3, name: "refresh", title: "t", label: "refresh: drift", ran: false, ok: false, facts: [], failures: [] },
      ],
    });
    const text = lines.join("\n");
    expect(text).toMatch(/1\s+preview\s+ok\s+2 to create/);
    expect(text).toMatch(/2\s+up: adopt\s+FAILED\s+FAILED: boom/);
    expect(text).toMatch(/3\s+refresh: drift\s+not run/);
    expect(lines.at(-1)).toBe("Demo FAILED: 2 step(s) did not do what they claim.");
  });
});

describe("Pulumi CLI runner parsing (the CLI itself cannot run here)", () => {
  const urn = (name: string) => `urn:pulumi:dev::tencentcloud-chat-demo::${RESOURCE_TYPE}::${name}`;

  it("derives create, update with its changed keys, same and delete from two stack exports", () => {
    const before: StateResource[] = [
      { name: "a", id: "1", inputs: { name: "A", introduction: "x" }, outputs: {} },
      { name: "b", id: "2", inputs: { name: "B" }, outputs: {} },
      { name: "gone", id: "3", inputs: {}, outputs: {} },
    ];
    const after: StateResource[] = [
      { name: "a", id: "1", inputs: { name: "A", introduction: "y" }, outputs: {} },
      { name: "b", id: "2", inputs: { name: "B" }, outputs: {} },
      { name: "new", id: "4", inputs: {}, outputs: {} },
    ];
    expect(stepsFromStates(before, after)).toEqual([
      { name: "a", op: "update", changedKeys: ["introduction"] },
      { name: "b", op: "same", changedKeys: [] },
      { name: "new", op: "create", changedKeys: [] },
      { name: "gone", op: "delete", changedKeys: [] },
    ]);
  });

  it("reads the profiles of a stack export, without __provider and without other resource types", () => {
    const exported = JSON.stringify({
      version: 3,
      deployment: {
        resources: [
          { urn: "urn:pulumi:dev::p::pulumi:pulumi:Stack::p-dev", type: "pulumi:pulumi:Stack" },
          { urn: urn("support"), type: RESOURCE_TYPE, id: "1400000001/@TOA#_support", inputs: { __provider: "exports.handler = …", name: "S" }, outputs: { __provider: "…", name: "S" } },
        ],
      },
    });
    expect(stateFromExport(exported)).toEqual([{ name: "support", id: "1400000001/@TOA#_support", inputs: { name: "S" }, outputs: { name: "S" } }]);
    expect(stateFromExport(JSON.stringify({ version: 3, deployment: {} }))).toEqual([]);
  });

  it("reads the profile steps of `pulumi preview --json`", () => {
    const digest = JSON.stringify({
      steps: [
        { op: "create", urn: "urn:pulumi:dev::p::pulumi:pulumi:Stack::p-dev" },
        { op: "create", urn: urn("support"), newState: { inputs: { __provider: "…", name: "S" } } },
        { op: "update", urn: urn("news"), diffReasons: ["name", "__provider"], newState: { inputs: { name: "N" } } },
      ],
      changeSummary: { create: 2, update: 1 },
    });
    const parsed = previewFromJson(digest);
    expect(parsed.steps).toEqual([
      { name: "support", op: "create", changedKeys: [] },
      { name: "news", op: "update", changedKeys: ["name"] },
    ]);
    expect(parsed.inputs.get("support")).toEqual({ name: "S" });
  });
});
