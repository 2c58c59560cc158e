import type { FaultConfig, FaultKind, RequestLogEntry, StoredAccount } from "../emulator";
import type { ProfileFields } from "../provider/chat";
import { resetAdoptions } from "../provider/adoptions";
import * as lifecycle from "../provider/lifecycle";
import { APP, CANARY_KEY, GET_INFO, MODIFY } from "./constants";
import { introducedClaims, staleClaims } from "./claims";
import {
  outcomeOf,
  stateAfterCreate,
  stateAfterDelete,
  stateAfterRead,
  stateAfterUpdate,
  type Bag,
  type ModelState,
  type Outcome,
} from "./engine-model";
import { credentialLeaks, errorText, failureFacts } from "./failures";
import { configureProvider, releaseProvider, startWorld, type World } from "./harness";
import { mapWithLimit } from "./pool";
import { pick, seededRandom } from "./seeded-random";

/**
 * The soak: many operations on a handful of accounts while ~10% of requests meet a fault, then one
 * refresh-and-up per account with faults cleared, then every account compared with what was declared.
 * Worlds (one emulator and client each, accounts split between them) run side by side; inside a world the
 * operations are sequential, so a world's faults and values follow from the seed.
 */

export interface SoakOptions {
  operations: number;
  seed: number;
  /** Independent emulators running side by side. Default 8. */
  worlds?: number;
  /** Accounts per world. Default 4. */
  accountsPerWorld?: number;
  /** Share of requests that meet a fault. Default 0.1. */
  faultRate?: number;
  /** Called every `progressEvery` operations with the count so far. */
  onProgress?: (done: number) => void;
  progressEvery?: number;
}

export interface SoakReport {
  operations: number;
  requests: number;
  /** Requests that met a fault, by kind (`reset+applied`: the write was made, then the reply lost). */
  faultsByKind: Record<string, number>;
  faultsInjected: number;
  /** Repeated requests of one command within one operation. */
  retries: number;
  /** Operations that ended with an error (the next one on that account picked the work up). */
  failuresSurfaced: number;
  failuresByCode: Record<string, number>;
  /** An operation reported success but the account did not hold what it was asked to hold. */
  lostUpdates: string[];
  /** A field no operation was asked to change did change. */
  corruptions: string[];
  /** An operation reported success although its last request met a fault (a faulted reply taken for an answer). */
  faultedRepliesAccepted: string[];
  /** After an operation, the state claimed a value the account did not hold (and that it did not claim before). */
  staleAfterSuccess: string[];
  /** The same after a failed operation whose outcome was unknown (every reply lost): the documented gap. */
  staleAfterAmbiguousFailure: number;
  /** The same after a failed operation that surely made no change: must not happen. */
  staleAfterCertainFailure: string[];
  credentialLeaks: number;
  /** Accounts whose final values differ from the declared ones, after the final refresh and up. */
  finalMismatches: string[];
  wallTimeMs: number;
}

/**
 * faultRate of all requests, spread evenly over every fault kind, plus "apply, then lose the reply" on writes.
 * Rules are tried in order, each with its own draw, so each rule gets 1 - (1 - faultRate)^(1/n) for the n
 * rules that can meet a command.
 */
export function soakFaults(seed: number, faultRate: number): FaultConfig {
  const everywhere: FaultKind[] = ["error10004", "error20005", "throttle", "http502", "reset", "malformed", "hang"];
  const appliedThenLost: FaultKind[] = ["http502", "reset", "malformed"];
  const rateFor = (rules: number): number => 1 - (1 - faultRate) ** (1 / rules);
  const readRate = rateFor(everywhere.length);
  const writeRate = rateFor(everywhere.length + appliedThenLost.length);
  return {
    seed,
    rules: [
      ...everywhere.map((kind) => ({ kind, rate: readRate, commands: [GET_INFO] })),
      ...everywhere.map((kind) => ({ kind, rate: writeRate, commands: [MODIFY] })),
      ...appliedThenLost.map((kind) => ({ kind, rate: writeRate, afterApply: true, commands: [MODIFY] })),
    ],
  };
}

/** Three attempts (default five) so that a few operations do fail and the next one has to pick the work up. */
const SOAK_TUNABLES = {
  maxAttempts: 3,
  transientBaseDelayMs: 5,
  throttledBaseDelayMs: 10,
  maxDelayMs: 50,
  operationDeadlineMs: 10_000,
  // undici checks these timers about twice a second, so a hung attempt ends after 0.5–1 s.
  headersTimeoutMs: 200,
  bodyTimeoutMs: 200,
  maxRequestsPerSecond: 100_000,
};

const MANAGED = ["name", "introduction", "customString", "maxSubscriberNum"] as const;
const UNMANAGED_ORGANIZATION = "Never managed";

interface Account {
  id: string;
  /** What the program declares; undefined once the resource was removed from the program. */
  declared: ProfileFields | undefined;
  state: ModelState | undefined;
  /** What the account must end up holding (managed fields only). */
  expected: ProfileFields;
}

interface Tally {
  operations: number;
  retries: number;
  failuresByCode: Record<string, number>;
  failuresSurfaced: number;
  lostUpdates: string[];
  corruptions: string[];
  staleAfterSuccess: string[];
  staleAfterAmbiguousFailure: number;
  staleAfterCertainFailure: string[];
  credentialLeaks: number;
  faultedRepliesAccepted: string[];
}

const TEXTS = ["Support", "Ventes", "客服中心", "Поддержка", "🚀 Launch", "Équipe ✓", "Soporte técnico", "サポート"];

function randomValues(random: () => number, fields: readonly (typeof MANAGED)[number][]): ProfileFields {
  const values: ProfileFields = {};
  const word = () => TEXTS[pick(random, TEXTS.length)] as string;
  for (const field of fields) {
    const n = pick(random, 1_000_000);
    if (field === "name") values.name = `${word()} ${n}`;
    if (field === "introduction") values.introduction = `${word()} — ${n} ${word()}`.repeat(1 + pick(random, 4));
    if (field === "customString") values.customString = JSON.stringify({ tier: word(), n });
    if (field === "maxSubscriberNum") values.maxSubscriberNum = 1 + pick(random, 1_000_000);
  }
  return values;
}

function someFields(random: () => number): (typeof MANAGED)[number][] {
  const chosen = MANAGED.filter(() => random() < 0.5);
  return chosen.length > 0 ? chosen : [MANAGED[pick(random, MANAGED.length)] as (typeof MANAGED)[number]];
}

function managedMismatches(account: StoredAccount | undefined, expected: ProfileFields): string[] {
  if (account === undefined) return ["account missing"];
  const problems: string[] = [];
  for (const field of MANAGED) {
    if (expected[field] !== undefined && account[field] !== expected[field]) {
      problems.push(`${field}=${JSON.stringify(account[field])} (expected ${JSON.stringify(expected[field])})`);
    }
  }
  return problems;
}

export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const started = performance.now();
  const worldCount = options.worlds ?? 8;
  const accountsPerWorld = options.accountsPerWorld ?? 4;
  const faultRate = options.faultRate ?? 0.1;
  const faultsByKind: Record<string, number> = {};
  let requests = 0;
  const countRequest = (entry: RequestLogEntry): void => {
    requests += 1;
    if (entry.fault) {
      const kind = entry.faultAfterApply ? `${entry.fault}+applied` : entry.fault;
      faultsByKind[kind] = (faultsByKind[kind] ?? 0) + 1;
    }
  };
  const tally: Tally = {
    operations: 0,
    retries: 0,
    failuresByCode: {},
    failuresSurfaced: 0,
    lostUpdates: [],
    corruptions: [],
    staleAfterSuccess: [],
    staleAfterAmbiguousFailure: 0,
    staleAfterCertainFailure: [],
    credentialLeaks: 0,
    faultedRepliesAccepted: [],
  };
  const finalMismatches: string[] = [];
  let done = 0;
  const progress = (): void => {
    done += 1;
    if (options.onProgress && done % (options.progressEvery ?? 1000) === 0) options.onProgress(done);
  };

  await configureProvider();
  try {
    const quotas = Array.from({ length: worldCount }, (_, index) =>
      Math.floor(options.operations / worldCount) + (index < options.operations % worldCount ? 1 : 0),
    );
    await mapWithLimit(quotas, worldCount, async (quota, index) => {
      const seed = options.seed * 1000 + index;
      const world = await startWorld({
        seed,
        tunables: SOAK_TUNABLES,
        emulator: { maxRequestsPerSecond: 1_000_000, requestLogLimit: 200, onRequest: countRequest },
      });
      try {
        const accounts = createAccounts(world, index, accountsPerWorld);
        world.emulator.setFaults(soakFaults(seed, faultRate));
        await soakWorld(world, accounts, quota, seededRandom(seed), tally, progress);
        world.emulator.clearFaults();
        for (const account of accounts) {
          await settle(world, account);
          const live = world.emulator.store.get(APP, account.id);
          const problems = managedMismatches(live, account.expected);
          if (live?.organization !== UNMANAGED_ORGANIZATION) problems.push(`organization=${JSON.stringify(live?.organization)}`);
          if (problems.length > 0) finalMismatches.push(`${account.id}: ${problems.join(", ")}`);
        }
      } finally {
        await world.close();
      }
    });
  } finally {
    await releaseProvider();
  }
  return {
    operations: tally.operations,
    requests,
    faultsByKind,
    faultsInjected: Object.values(faultsByKind).reduce((sum, count) => sum + count, 0),
    retries: tally.retries,
    failuresSurfaced: tally.failuresSurfaced,
    failuresByCode: tally.failuresByCode,
    lostUpdates: tally.lostUpdates,
    corruptions: tally.corruptions,
    faultedRepliesAccepted: tally.faultedRepliesAccepted,
    staleAfterSuccess: tally.staleAfterSuccess,
    staleAfterAmbiguousFailure: tally.staleAfterAmbiguousFailure,
    staleAfterCertainFailure: tally.staleAfterCertainFailure,
    credentialLeaks: tally.credentialLeaks,
    finalMismatches,
    wallTimeMs: performance.now() - started,
  };
}

function createAccounts(world: World, worldIndex: number, count: number): Account[] {
  return Array.from({ length: count }, (_, index) => {
    const id = `@TOA#_soak_${worldIndex}_${index}`;
    const console = { name: `Console ${index}`, introduction: "Console introduction", customString: "{}", maxSubscriberNum: 100_000 };
    world.emulator.store.create(APP, { officialAccount: id, ownerAccount: "owner_soak", organization: UNMANAGED_ORGANIZATION, ...console });
    return { id, declared: undefined, state: undefined, expected: console };
  });
}

type Step = "change" | "refresh" | "remove" | "noop";

function nextStep(random: () => number): Step {
  const draw = random();
  if (draw < 0.7) return "change";
  if (draw < 0.9) return "refresh";
  if (draw < 0.95) return "remove";
  return "noop";
}

async function soakWorld(world: World, accounts: Account[], quota: number, random: () => number, tally: Tally, progress: () => void): Promise<void> {
  for (let operation = 0; operation < quota; operation += 1) {
    const account = accounts[pick(random, accounts.length)] as Account;
    const step = nextStep(random);
    if (step === "change" || account.declared === undefined) {
      account.declared = { ...account.declared, ...randomValues(random, account.declared ? someFields(random) : MANAGED) };
    } else if (step === "remove") {
      account.declared = undefined;
    }
    const before = world.lastSeq();
    const staleBefore = staleClaims(account.state, world.emulator.store.get(APP, account.id));
    const { outcome: result, wrote } = step === "refresh" && account.state ? { outcome: await refresh(account), wrote: false } : await up(world, account);
    tally.operations += 1;
    const entries = world.requestsAfter(before);
    tally.retries += retriesIn(entries);
    const live = world.emulator.store.get(APP, account.id);
    const stale = introducedClaims(staleClaims(account.state, live), staleBefore);
    if (live?.organization !== UNMANAGED_ORGANIZATION) tally.corruptions.push(`${account.id}: organization became ${JSON.stringify(live?.organization)}`);
    if (result.ok) {
      const last = entries.at(-1);
      if (last?.fault !== undefined) {
        tally.faultedRepliesAccepted.push(`${account.id} after ${step}: ${last.command} met ${last.fault}${last.faultAfterApply ? " (applied)" : ""} and nothing followed`);
      }
      const lost = wrote ? managedMismatches(live, account.expected) : [];
      if (lost.length > 0) tally.lostUpdates.push(`${account.id} after ${step}: ${lost.join(", ")}`);
      if (stale.length > 0) tally.staleAfterSuccess.push(`${account.id} after ${step}: ${JSON.stringify(stale)}`);
    } else {
      const facts = failureFacts(result.error);
      tally.failuresSurfaced += 1;
      tally.failuresByCode[facts.code] = (tally.failuresByCode[facts.code] ?? 0) + 1;
      tally.credentialLeaks += credentialLeaks(errorText(result.error), [CANARY_KEY]).length;
      if (stale.length > 0) {
        if (facts.delivery === "unknown") tally.staleAfterAmbiguousFailure += 1;
        else tally.staleAfterCertainFailure.push(`${account.id} after ${step} (${facts.code}): ${JSON.stringify(stale)}`);
      }
    }
    progress();
  }
}

interface UpResult {
  outcome: Outcome<unknown>;
  /** A create, update or delete succeeded: the account must now hold `expected`. */
  wrote: boolean;
}

/** `pulumi up` for one resource: create, update when the diff says so, or delete when it left the program. */
async function up(world: World, account: Account): Promise<UpResult> {
  const declared = account.declared;
  if (declared === undefined) {
    if (account.state === undefined) return { outcome: { ok: true, value: undefined }, wrote: false };
    const state = account.state;
    // Every `up` runs in its own host process; the adoption of this account was an earlier one's
    // (provider/adoptions.ts: only a claim, by check or create, in the same process makes restore step aside).
    resetAdoptions();
    const outcome = await outcomeOf(() => lifecycle.delete(state.id, state.outputs));
    account.state = stateAfterDelete(state, outcome);
    if (outcome.ok) account.expected = { ...account.expected, ...restoredValues(state) };
    return { outcome, wrote: outcome.ok };
  }
  const news = await world.checked({ officialAccount: account.id, ...declared, deletePolicy: "restore" });
  if (account.state === undefined) {
    const outcome = await outcomeOf(() => lifecycle.create(news));
    account.state = stateAfterCreate(news, outcome);
    if (outcome.ok) account.expected = { ...account.expected, ...declared };
    return { outcome, wrote: outcome.ok };
  }
  const state = account.state;
  const diff = await lifecycle.diff(state.id, state.outputs, news);
  if (!diff.changes) {
    account.state = { ...state, inputs: news }; // SameStep: new inputs, old outputs, no call
    return { outcome: { ok: true, value: undefined }, wrote: false };
  }
  const outcome = await outcomeOf(() => lifecycle.update(state.id, state.outputs, news));
  account.state = stateAfterUpdate(state, news, outcome);
  if (outcome.ok) account.expected = { ...account.expected, ...declared };
  return { outcome, wrote: outcome.ok };
}

/** What `deletePolicy: "restore"` puts back: the adopted values of the managed fields the read returned. */
function restoredValues(state: ModelState): ProfileFields {
  const adopted = (state.outputs["adoptedValues"] ?? {}) as Record<string, unknown>;
  const managed = (state.outputs["managedFields"] ?? []) as string[];
  const values: Record<string, unknown> = {};
  for (const field of MANAGED) if (managed.includes(field) && adopted[field] !== undefined) values[field] = adopted[field];
  return values as ProfileFields;
}

async function refresh(account: Account): Promise<Outcome<unknown>> {
  const state = account.state as ModelState;
  const outcome = await outcomeOf(() => lifecycle.read(state.id, state.outputs));
  account.state = stateAfterRead(state, outcome);
  return outcome;
}

/** Faults cleared: `pulumi up --refresh` once, which must bring the account to what is declared. */
async function settle(world: World, account: Account): Promise<void> {
  if (account.state !== undefined && account.declared !== undefined) await refresh(account);
  const { outcome } = await up(world, account);
  if (!outcome.ok) throw new Error(`${account.id}: the final up failed with faults cleared: ${failureFacts(outcome.error).message}`);
}

/** Requests beyond the first of each command in one operation. */
function retriesIn(entries: readonly RequestLogEntry[]): number {
  const counts = new Map<string, number>();
  for (const entry of entries) counts.set(entry.command ?? "", (counts.get(entry.command ?? "") ?? 0) + 1);
  return [...counts.values()].reduce((sum, count) => sum + count - 1, 0);
}

export function renderSoakReport(report: SoakReport): string {
  const kinds = Object.entries(report.faultsByKind)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, count]) => `${kind} ${count}`)
    .join(", ");
  const codes = Object.entries(report.failuresByCode)
    .map(([code, count]) => `${code} ${count}`)
    .join(", ");
  const rows: Array<[string, string]> = [
    ["operations", String(report.operations)],
    ["requests", String(report.requests)],
    ["faults injected", `${report.faultsInjected} (${((100 * report.faultsInjected) / Math.max(1, report.requests)).toFixed(1)}% of requests): ${kinds}`],
    ["retries", String(report.retries)],
    ["failures surfaced", `${report.failuresSurfaced}${codes ? ` (${codes})` : ""}`],
    ["lost updates", String(report.lostUpdates.length)],
    ["corrupted fields", String(report.corruptions.length)],
    ["faulted replies taken for an answer", String(report.faultedRepliesAccepted.length)],
    ["stale state after a success", String(report.staleAfterSuccess.length)],
    ["stale state after a failure that surely changed nothing", String(report.staleAfterCertainFailure.length)],
    ["stale state after a failure with every reply lost (known gap)", String(report.staleAfterAmbiguousFailure)],
    ["credential leaks in errors", String(report.credentialLeaks)],
    ["wall time", `${(report.wallTimeMs / 1000).toFixed(1)} s`],
    ["final mismatches", String(report.finalMismatches.length)],
  ];
  return ["| figure | value |", "| --- | --- |", ...rows.map(([name, value]) => `| ${name} | ${value} |`)].join("\n");
}

/** Everything that must be zero. */
export function soakViolations(report: SoakReport): string[] {
  return [
    ...report.lostUpdates.map((item) => `lost update: ${item}`),
    ...report.corruptions.map((item) => `corruption: ${item}`),
    ...report.faultedRepliesAccepted.map((item) => `faulted reply taken for an answer: ${item}`),
    ...report.staleAfterSuccess.map((item) => `stale after success: ${item}`),
    ...report.staleAfterCertainFailure.map((item) => `stale after a certain failure: ${item}`),
    ...report.finalMismatches.map((item) => `final mismatch: ${item}`),
    ...(report.credentialLeaks > 0 ? [`${report.credentialLeaks} credential leak(s) in surfaced errors`] : []),
  ];
}

