/**
 * Each demo step's claims, checked against what the emulator saw (its store and request log) and what the
 * engine reported. Pure functions over observations: no I/O, so the checks themselves are unit-tested.
 */
import type { RequestLogEntry, StoredAccount } from "../emulator";
import type { ProfileFields } from "../provider/chat/types";
import type { ConsoleAccount, DeclaredProfile, OperationReport, StateResource, StepReport } from "./model";

export const GET_INFO = "get_official_account_info";
export const MODIFY = "modify_official_account_base_info";

/**
 * Wire names of the writable fields (tencentcloud.com/document/product/1047/60757), spelled out here rather
 * than borrowed from the client, so that a wrong mapping in the client shows up as a failed check.
 */
const WIRE_NAMES: Readonly<Record<keyof ProfileFields, string>> = {
  name: "Name",
  introduction: "Introduction",
  faceUrl: "FaceUrl",
  organization: "Organization",
  customString: "CustomString",
  maxSubscriberNum: "MaxSubscriberNum",
};

/** What one step observed. Store snapshots are keyed by resource name. */
export interface StepObservation {
  report: OperationReport;
  /** Emulator requests made while the step ran. */
  requests: RequestLogEntry[];
  storeBefore: ReadonlyMap<string, StoredAccount | undefined>;
  storeAfter: ReadonlyMap<string, StoredAccount | undefined>;
  stateAfter: StateResource[];
}

export interface CheckResult {
  /** What was verified, one short clause each. */
  facts: string[];
  /** What did not hold; empty when the step did what it claims. */
  failures: string[];
}

class Verdict implements CheckResult {
  readonly facts: string[] = [];
  readonly failures: string[] = [];

  /** Records `fact` (unless empty) when `holds`, else `failure`. */
  expect(holds: boolean, fact: string, failure: string): boolean {
    if (!holds) this.failures.push(failure);
    else if (fact !== "") this.facts.push(fact);
    return holds;
  }
}

function json(value: unknown): string {
  return JSON.stringify(value);
}

function sameJson(a: unknown, b: unknown): boolean {
  return json(sortKeys(a)) === json(sortKeys(b));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]));
  }
  return value;
}

/** The body a modify call must carry to set `fields` on `officialAccount`. */
export function expectedModifyBody(officialAccount: string, fields: ProfileFields): Record<string, unknown> {
  const body: Record<string, unknown> = { Official_Account: officialAccount };
  for (const [field, value] of Object.entries(fields) as [keyof ProfileFields, unknown][]) {
    if (value !== undefined) body[WIRE_NAMES[field]] = value;
  }
  return body;
}

/** Declared fields whose value differs from `current`: what converging `current` to the declaration must send. */
export function fieldsToChange(declared: ProfileFields, current: ProfileFields): ProfileFields {
  const changes: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(declared) as [keyof ProfileFields, unknown][]) {
    if (value !== undefined && current[field] !== value) changes[field] = value;
  }
  return changes as ProfileFields;
}

/** The values `current` holds for the given fields. */
export function pick(current: ProfileFields, fields: readonly (keyof ProfileFields)[]): ProfileFields {
  const picked: Record<string, unknown> = {};
  for (const field of fields) picked[field] = current[field];
  return picked as ProfileFields;
}

function wireList(body: Record<string, unknown>): string {
  const keys = Object.keys(body).filter((key) => key !== "Official_Account");
  return keys.length > 0 ? keys.join(", ") : "no fields";
}

function modifyCallsFor(requests: readonly RequestLogEntry[], officialAccount: string): RequestLogEntry[] {
  return requests.filter(
    (entry) => entry.command === MODIFY && (entry.body as Record<string, unknown> | undefined)?.["Official_Account"] === officialAccount,
  );
}

function stepOf(report: OperationReport, name: string): StepReport | undefined {
  return report.steps.find((step) => step.name === name);
}

function describeStep(step: StepReport | undefined): string {
  if (!step) return "no step";
  const diff = step.changedKeys.length > 0 ? ` [diff: ${step.changedKeys.map((key) => `~${key}`).join(" ")}]` : "";
  return `${step.op}${diff}${step.error ? ` (error: ${step.error})` : ""}`;
}

function expectOperationOk(verdict: Verdict, report: OperationReport, label: string): void {
  const errors = [report.error, ...report.steps.map((step) => step.error && `${step.name}: ${step.error}`)].filter(Boolean);
  verdict.expect(report.ok && errors.length === 0, "", `${label} failed: ${errors.join("; ") || "not ok"}`);
}

function expectOps(verdict: Verdict, report: OperationReport, expected: Record<string, StepReport["op"]>, fact: string): void {
  const wrong = Object.entries(expected)
    .filter(([name, op]) => stepOf(report, name)?.op !== op)
    .map(([name, op]) => `${name}: expected ${op}, got ${describeStep(stepOf(report, name))}`);
  const extra = report.steps.filter((step) => !(step.name in expected) && step.op !== "same").map((step) => `unexpected ${step.op} of ${step.name}`);
  verdict.expect(wrong.length === 0 && extra.length === 0, fact, [...wrong, ...extra].join("; "));
}

/** The account's writable text fields compared with `expected`; returns the mismatches. */
function mismatches(account: StoredAccount | undefined, expected: ProfileFields): string[] {
  if (!account) return ["the account is missing from the emulator"];
  return (Object.entries(expected) as [keyof ProfileFields, unknown][])
    .filter(([field, value]) => account[field] !== value)
    .map(([field, value]) => `${field} is ${json(account[field])}, expected ${json(value)}`);
}

function unmanagedConsoleFields(console: ConsoleAccount, declared: DeclaredProfile): ProfileFields {
  const fields: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(console)) {
    if (field !== "ownerAccount" && !(field in declared.fields)) fields[field] = value;
  }
  return fields as ProfileFields;
}

function consoleProfile(console: ConsoleAccount): ProfileFields {
  const { ownerAccount: _owner, ...fields } = console;
  return fields;
}

function unchangedStore(observation: StepObservation): boolean {
  const names = new Set([...observation.storeBefore.keys(), ...observation.storeAfter.keys()]);
  return [...names].every((name) => sameJson(observation.storeBefore.get(name), observation.storeAfter.get(name)));
}

function allOps(declared: readonly DeclaredProfile[], op: StepReport["op"]): Record<string, StepReport["op"]> {
  return Object.fromEntries(declared.map((profile) => [profile.resourceName, op]));
}

/** 1. preview: a create per declared account, no API call, nothing changed. */
export function checkPreview(observation: StepObservation, declared: readonly DeclaredProfile[]): CheckResult {
  const verdict = new Verdict();
  expectOperationOk(verdict, observation.report, "preview");
  expectOps(verdict, observation.report, allOps(declared, "create"), `${declared.length} to create`);
  verdict.expect(
    observation.requests.length === 0,
    "0 API calls",
    `preview made ${observation.requests.length} API call(s): ${observation.requests.map((r) => r.command).join(", ")}`,
  );
  verdict.expect(unchangedStore(observation), "emulator unchanged", "the emulator store changed during preview");
  return verdict;
}

/**
 * 2. up: every account adopted: read, then one modify with exactly the declared fields that differed from the
 * console values (none when nothing differed); the store equals the declaration, unmanaged fields untouched;
 * `adoptedValues` recorded the console values.
 */
export function checkAdoption(
  observation: StepObservation,
  declared: readonly DeclaredProfile[],
  consoleAccounts: (resourceName: string) => ConsoleAccount,
): CheckResult {
  const verdict = new Verdict();
  expectOperationOk(verdict, observation.report, "up");
  expectOps(verdict, observation.report, allOps(declared, "create"), `${declared.length} created`);

  const reads = observation.requests.filter((entry) => entry.command === GET_INFO);
  const readIds = new Set(
    reads.flatMap((entry) =>
      (((entry.body as Record<string, unknown>)?.["OfficialAccountIdList"] as Array<Record<string, unknown>> | undefined) ?? []).map(
        (item) => item["Official_Account"],
      ),
    ),
  );
  const unread = declared.filter((profile) => !readIds.has(profile.officialAccount)).map((profile) => profile.officialAccount);
  verdict.expect(unread.length === 0, `read with ${reads.length} ${GET_INFO}`, `never read before adoption: ${unread.join(", ")}`);
  const others = observation.requests.filter((entry) => entry.command !== GET_INFO && entry.command !== MODIFY);
  verdict.expect(others.length === 0, "no create/destroy calls", `unexpected calls: ${others.map((entry) => entry.command).join(", ")}`);

  for (const profile of declared) {
    const console = consoleAccounts(profile.resourceName);
    const changes = fieldsToChange(profile.fields, console);
    const calls = modifyCallsFor(observation.requests, profile.officialAccount);
    if (Object.keys(changes).length === 0) {
      verdict.expect(calls.length === 0, `${profile.resourceName}: already as declared, 0 modify`, `${profile.resourceName}: ${calls.length} modify call(s) for an account already as declared`);
    } else {
      const expected = expectedModifyBody(profile.officialAccount, changes);
      verdict.expect(
        calls.length === 1 && sameJson(calls[0]?.body, expected),
        `${profile.resourceName}: 1 modify with ${wireList(expected)}`,
        `${profile.resourceName}: expected one modify ${json(expected)}, saw ${json(calls.map((call) => call.body))}`,
      );
    }
    const account = observation.storeAfter.get(profile.resourceName);
    const wrong = [...mismatches(account, profile.fields), ...mismatches(account, unmanagedConsoleFields(console, profile))];
    verdict.expect(wrong.length === 0, `${profile.resourceName}: store = declaration, unmanaged fields untouched`, `${profile.resourceName}: ${wrong.join("; ")}`);
    const adopted = observation.stateAfter.find((resource) => resource.name === profile.resourceName)?.outputs["adoptedValues"];
    verdict.expect(
      sameJson(adopted, consoleProfile(console)),
      `${profile.resourceName}: adoptedValues = console values`,
      `${profile.resourceName}: adoptedValues ${json(adopted)}, expected ${json(consoleProfile(console))}`,
    );
  }
  return verdict;
}

/** 3. console edit: the field changed in the emulator, without any API call. */
export function checkConsoleEdit(
  observation: StepObservation,
  edited: DeclaredProfile,
  fields: ProfileFields,
): CheckResult {
  const verdict = new Verdict();
  const wrong = mismatches(observation.storeAfter.get(edited.resourceName), fields);
  verdict.expect(
    wrong.length === 0,
    `${Object.keys(fields).join(", ")} of ${edited.officialAccount} changed out of band`,
    `${edited.resourceName}: ${wrong.join("; ")}`,
  );
  verdict.expect(observation.requests.length === 0, "0 API calls", `${observation.requests.length} API call(s) during a console edit`);
  return verdict;
}

/**
 * 4. refresh: exactly the edited fields reported as drift on the edited resource, the others unchanged; reads
 * only; the state now holds the live values.
 */
export function checkRefresh(
  observation: StepObservation,
  declared: readonly DeclaredProfile[],
  edited: DeclaredProfile,
  fields: ProfileFields,
): CheckResult {
  const verdict = new Verdict();
  expectOperationOk(verdict, observation.report, "refresh");
  const editedKeys = Object.keys(fields).sort();
  const step = stepOf(observation.report, edited.resourceName);
  verdict.expect(
    step?.op === "update" && sameJson(step.changedKeys, editedKeys),
    `drift on ${edited.resourceName}: [diff: ${editedKeys.map((key) => `~${key}`).join(" ")}] and nothing else`,
    `${edited.resourceName}: expected update [diff: ${editedKeys.map((key) => `~${key}`).join(" ")}], got ${describeStep(step)}`,
  );
  const others = declared.filter((profile) => profile !== edited);
  const drifting = others.filter((profile) => stepOf(observation.report, profile.resourceName)?.op !== "same");
  verdict.expect(
    drifting.length === 0,
    `${others.map((profile) => profile.resourceName).join(", ")} unchanged`,
    drifting.map((profile) => `${profile.resourceName}: expected unchanged, got ${describeStep(stepOf(observation.report, profile.resourceName))}`).join("; "),
  );
  const nonReads = observation.requests.filter((entry) => entry.command !== GET_INFO);
  verdict.expect(
    nonReads.length === 0,
    `reads only (${observation.requests.length} ${GET_INFO})`,
    `refresh made ${nonReads.length} non-read call(s): ${nonReads.map((entry) => entry.command).join(", ")}`,
  );
  const inputs = observation.stateAfter.find((resource) => resource.name === edited.resourceName)?.inputs ?? {};
  const stale = Object.entries(fields).filter(([field, value]) => inputs[field] !== value);
  verdict.expect(stale.length === 0, "state holds the live value", `state inputs after refresh: ${stale.map(([field]) => `${field} ${json(inputs[field])}`).join(", ")}`);
  verdict.expect(unchangedStore(observation), "emulator unchanged", "the emulator store changed during refresh");
  return verdict;
}

/** 5. up: the drift undone with exactly one modify call carrying exactly the drifted fields. */
export function checkCorrection(
  observation: StepObservation,
  declared: readonly DeclaredProfile[],
  edited: DeclaredProfile,
  fields: ProfileFields,
): CheckResult {
  const verdict = new Verdict();
  expectOperationOk(verdict, observation.report, "up");
  const editedKeys = Object.keys(fields).sort();
  expectOps(
    verdict,
    observation.report,
    { ...allOps(declared, "same"), [edited.resourceName]: "update" },
    `${edited.resourceName} updated, the others unchanged`,
  );
  const expected = expectedModifyBody(edited.officialAccount, pick(edited.fields, editedKeys as (keyof ProfileFields)[]));
  const modifies = observation.requests.filter((entry) => entry.command === MODIFY);
  verdict.expect(
    modifies.length === 1 && sameJson(modifies[0]?.body, expected),
    `exactly 1 modify, carrying only ${wireList(expected)}`,
    `expected one modify ${json(expected)}, saw ${json(modifies.map((entry) => entry.body))}`,
  );
  const wrong = declared.flatMap((profile) => mismatches(observation.storeAfter.get(profile.resourceName), profile.fields).map((m) => `${profile.resourceName}: ${m}`));
  verdict.expect(wrong.length === 0, "store equals the declaration again", wrong.join("; "));
  return verdict;
}

/**
 * 6. destroy: `restore` resources get one modify putting back the adopted values of their managed fields;
 * `retain` resources get no call and keep what they had; the stack is empty.
 */
export function checkDestroy(
  observation: StepObservation,
  declared: readonly DeclaredProfile[],
  consoleAccounts: (resourceName: string) => ConsoleAccount,
): CheckResult {
  const verdict = new Verdict();
  expectOperationOk(verdict, observation.report, "destroy");
  expectOps(verdict, observation.report, allOps(declared, "delete"), `${declared.length} deleted`);
  for (const profile of declared) {
    const calls = modifyCallsFor(observation.requests, profile.officialAccount);
    const after = observation.storeAfter.get(profile.resourceName);
    if (profile.deletePolicy === "restore") {
      const restored = pick(consoleProfile(consoleAccounts(profile.resourceName)), Object.keys(profile.fields) as (keyof ProfileFields)[]);
      const expected = expectedModifyBody(profile.officialAccount, restored);
      verdict.expect(
        calls.length === 1 && sameJson(calls[0]?.body, expected),
        `${profile.resourceName} (restore): 1 modify with ${wireList(expected)}`,
        `${profile.resourceName} (restore): expected one modify ${json(expected)}, saw ${json(calls.map((call) => call.body))}`,
      );
      const wrong = mismatches(after, consoleProfile(consoleAccounts(profile.resourceName)));
      verdict.expect(wrong.length === 0, `${profile.resourceName}: back to the adopted values`, `${profile.resourceName}: ${wrong.join("; ")}`);
    } else {
      verdict.expect(calls.length === 0, `${profile.resourceName} (retain): 0 calls`, `${profile.resourceName} (retain): ${calls.length} modify call(s)`);
      verdict.expect(
        sameJson(after, observation.storeBefore.get(profile.resourceName)),
        `${profile.resourceName}: left as it was`,
        `${profile.resourceName}: changed by destroy: ${json(after)}`,
      );
    }
  }
  const others = observation.requests.filter((entry) => entry.command !== MODIFY);
  verdict.expect(others.length === 0, "no other calls", `unexpected calls: ${others.map((entry) => entry.command).join(", ")}`);
  verdict.expect(observation.stateAfter.length === 0, "stack empty", `${observation.stateAfter.length} resource(s) left in the stack`);
  return verdict;
}

/** No secret key or UserSig in anything the runs stored or showed. */
export function checkNoLeaks(leaks: ReadonlyArray<{ kind: string; description: string }>, scannedTexts: number): CheckResult {
  const verdict = new Verdict();
  verdict.expect(
    leaks.length === 0,
    `no secret key or UserSig in state or output (${scannedTexts} texts scanned)`,
    `credentials found: ${leaks.map((leak) => `${leak.kind} ${leak.description}`).join("; ")}`,
  );
  return verdict;
}
