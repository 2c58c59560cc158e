import type { BenchResults, ImplementationRun, RunResult } from "./bench";
import { renderPluginStartup, type PluginStartupFigures } from "./plugin-startup";
import type { SharedQuotaFigures } from "./shared-quota";
import type { ImplementationKey } from "./implementations";
import { median, ratio } from "./stats";

/**
 * BENCHMARKS.md: one table, ours beside the baseline, medians over the runs, the targets beside the figures.
 * A target is "met" only when every run met it.
 */

type Pick = (run: ImplementationRun, results: BenchResults) => number | undefined;

interface Target {
  text: string;
  /** Whether one run of ours meets it; undefined when the run has no figure for it. */
  met: (run: ImplementationRun, results: BenchResults, both: RunResult) => boolean | undefined;
}

export interface RowSpec {
  /** Stable key, used by the smoke test. */
  key: string;
  section: string;
  label: (results: BenchResults) => string;
  pick: Pick;
  format: (value: number) => string;
  target?: Target;
  /** Leave the ratio out where it means nothing (counts that are 0 by design). */
  noRatio?: boolean;
}

const per1000 = (value: number, resources: number): number => (value * 1000) / resources;
const engine = (run: ImplementationRun) => run.engine;

const fmt = {
  seconds: (ms: number) => `${(ms / 1000).toFixed(2)} s`,
  percent: (share: number) => `${(share * 100).toFixed(1)} %`,
  perSecond: (value: number) => `${value.toFixed(0)} /s`,
  count: (value: number) => (Number.isInteger(value) ? value.toLocaleString("en-US") : value.toFixed(1)),
  bytes: (value: number) => `${Math.round(value).toLocaleString("en-US")} B`,
  mebibytes: (value: number) => `${(value / 1024 ** 2).toFixed(0)} MiB`,
  micros: (value: number) => `${value.toFixed(0)} µs`,
  ms: (value: number) => `${value.toFixed(1)} ms`,
  ratio: (value: number) => `${value.toFixed(2)}×`,
};

const SECTIONS = {
  converge: "Converge (engine stand-in, `up`)",
  clientLimit: "Client at the limit (no engine)",
  refresh: "Refresh (engine stand-in)",
  state: "State",
  client: "Client cost",
  memory: "Memory",
  program: "Program side (the SDK registering the resources)",
  context: "Context (no target)",
} as const;

export const ROWS: readonly RowSpec[] = [
  {
    key: "converge.wall",
    section: SECTIONS.converge,
    label: (r) => `Wall time to converge ${r.options.resources.toLocaleString("en-US")} profiles (all \`up\` rounds, host start excluded)`,
    pick: (run) => engine(run)?.converge.wallMs,
    format: fmt.seconds,
  },
  {
    key: "converge.rounds",
    section: SECTIONS.converge,
    label: () => "`up` runs needed until no step failed",
    pick: (run) => engine(run)?.converge.rounds,
    format: fmt.count,
  },
  {
    key: "converge.rate",
    section: SECTIONS.converge,
    label: () => "modify calls accepted per second (at the emulator; the first burst of 200 included)",
    pick: (run) => engine(run)?.converge.modify.acceptedPerSecond,
    format: fmt.perSecond,
  },
  {
    key: "converge.share",
    section: SECTIONS.converge,
    label: (r) => `Share of the ${r.options.ratePerSecond}/s limit used (accepted calls/s ÷ ${r.options.ratePerSecond}/s)`,
    pick: (run) => engine(run)?.converge.modify.shareOfLimit,
    format: fmt.percent,
    target: { text: "≥ 95 %", met: (run) => optionalCompare(engine(run)?.converge.modify.shareOfLimit, (v) => v >= 0.95) },
  },
  {
    key: "converge.throttleErrors",
    section: SECTIONS.converge,
    label: () => "Throttle errors surfaced (failed steps, 60007)",
    pick: (run) => engine(run)?.converge.errors.throttle,
    format: fmt.count,
    noRatio: true,
    target: { text: "0", met: (run) => optionalCompare(engine(run)?.converge.errors.throttle, (v) => v === 0) },
  },
  {
    key: "converge.otherErrors",
    section: SECTIONS.converge,
    label: () => "Other errors surfaced",
    pick: (run) => engine(run)?.converge.errors.other,
    format: fmt.count,
    noRatio: true,
  },
  {
    key: "converge.retries",
    section: SECTIONS.converge,
    label: () => "Retries (requests answered 60007 that the client absorbed, from the emulator's log)",
    pick: (run) => engine(run)?.converge.retries,
    format: fmt.count,
    noRatio: true,
  },
  {
    key: "converge.connections",
    section: SECTIONS.converge,
    label: () => "TCP connections opened (reopened ones included)",
    pick: (run) => engine(run)?.converge.connectionsOpened,
    format: fmt.count,
  },
  {
    key: "converge.peakConnections",
    section: SECTIONS.converge,
    label: (r) => `TCP connections open at once, peak (pool size ${r.poolConnections})`,
    pick: (run) => engine(run)?.converge.peakOpenConnections,
    format: fmt.count,
    target: {
      text: "≤ pool size",
      met: (run, r) => optionalCompare(engine(run)?.converge.peakOpenConnections, (v) => v <= r.poolConnections),
    },
  },
  {
    key: "client.wall",
    section: SECTIONS.clientLimit,
    label: (r) => `Wall time for ${r.options.resources.toLocaleString("en-US")} modify calls, ${r.options.parallel} in flight`,
    pick: (run) => run.clientLimit.wallMs,
    format: fmt.seconds,
    // The baseline is done sooner only because most of its calls come back at once as 60007 failures.
    noRatio: true,
  },
  {
    key: "client.accepted",
    section: SECTIONS.clientLimit,
    label: () => "Calls that succeeded",
    pick: (run) => run.clientLimit.modify.accepted,
    format: fmt.count,
  },
  {
    key: "client.share",
    section: SECTIONS.clientLimit,
    label: (r) => `Share of the ${r.options.ratePerSecond}/s limit used`,
    pick: (run) => run.clientLimit.modify.shareOfLimit,
    format: fmt.percent,
    target: { text: "≥ 95 %", met: (run) => optionalCompare(run.clientLimit.modify.shareOfLimit, (v) => v >= 0.95) },
  },
  {
    key: "client.throttleErrors",
    section: SECTIONS.clientLimit,
    label: () => "Throttle errors surfaced (60007)",
    pick: (run) => run.clientLimit.throttleErrors,
    format: fmt.count,
    noRatio: true,
    target: { text: "0", met: (run) => run.clientLimit.throttleErrors === 0 },
  },
  {
    key: "client.retries",
    section: SECTIONS.clientLimit,
    label: () => "Retries (requests answered 60007 that the client absorbed)",
    pick: (run) => run.clientLimit.retries,
    format: fmt.count,
    noRatio: true,
  },
  {
    key: "client.connections",
    section: SECTIONS.clientLimit,
    label: () => "TCP connections opened",
    pick: (run) => run.clientLimit.connectionsOpened,
    format: fmt.count,
  },
  {
    key: "client.peakConnections",
    section: SECTIONS.clientLimit,
    label: (r) => `TCP connections open at once, peak (pool size ${r.poolConnections})`,
    pick: (run) => run.clientLimit.peakOpenConnections,
    format: fmt.count,
    target: { text: "≤ pool size", met: (run, r) => run.clientLimit.peakOpenConnections <= r.poolConnections },
  },
  {
    key: "refresh.calls",
    section: SECTIONS.refresh,
    label: (r) => `get_official_account_info calls to refresh ${r.options.resources.toLocaleString("en-US")} profiles, ${r.options.parallel} in flight`,
    pick: (run) => engine(run)?.refresh.getInfoCalls,
    format: fmt.count,
    target: {
      text: "≤ 20 per 1,000",
      met: (run, r) => optionalCompare(engine(run)?.refresh.getInfoCalls, (v) => per1000(v, r.options.resources) <= 20),
    },
  },
  {
    key: "refresh.unbounded.calls",
    section: SECTIONS.refresh,
    label: (r) =>
      `get_official_account_info calls to refresh ${r.options.resources.toLocaleString("en-US")} profiles, no parallelism bound (the CLI's default)`,
    pick: (run) => engine(run)?.refreshUnbounded.getInfoCalls,
    format: fmt.count,
    target: {
      text: "≤ 20 per 1,000",
      met: (run, r) => optionalCompare(engine(run)?.refreshUnbounded.getInfoCalls, (v) => per1000(v, r.options.resources) <= 20),
    },
  },
  {
    key: "refresh.unbounded.wall",
    section: SECTIONS.refresh,
    label: () => "Wall time, no parallelism bound (host start excluded)",
    pick: (run) => engine(run)?.refreshUnbounded.wallMs,
    format: fmt.seconds,
  },
  {
    key: "refresh.wall",
    section: SECTIONS.refresh,
    label: (r) => `Wall time, ${r.options.parallel} in flight (host start excluded)`,
    pick: (run) => engine(run)?.refresh.wallMs,
    format: fmt.seconds,
  },
  {
    key: "refresh.errors",
    section: SECTIONS.refresh,
    label: () => "Errors surfaced (failed refresh steps)",
    pick: (run) => addDefined(engine(run)?.refresh.errors.throttle, engine(run)?.refresh.errors.other),
    format: fmt.count,
    noRatio: true,
  },
  {
    key: "state.perResource",
    section: SECTIONS.state,
    label: () => "State file bytes per resource",
    pick: (run, r) => mapDefined(engine(run)?.state.fileBytes, (v) => v / r.options.resources),
    format: fmt.bytes,
  },
  {
    key: "state.provider",
    section: SECTIONS.state,
    label: () => "`__provider` bytes per resource (one copy; state holds it twice)",
    pick: (run) => engine(run)?.state.providerBytes,
    format: fmt.bytes,
    target: { text: "≤ 1 KB", met: (run) => optionalCompare(engine(run)?.state.providerBytes, (v) => v <= 1024) },
  },
  {
    key: "cpu.perCall",
    section: SECTIONS.client,
    label: () => "CPU per call, network excluded (in-memory dispatcher)",
    pick: (run) => run.cpu.cpuMicrosPerCall,
    format: fmt.micros,
  },
  {
    key: "cpu.connectionsPer1000",
    section: SECTIONS.client,
    label: () => "TCP connections opened per 1,000 calls (converge)",
    pick: (run) =>
      mapDefined(engine(run)?.converge, (c) => (c.requests > 0 ? (c.connectionsOpened * 1000) / c.requests : undefined)),
    format: fmt.count,
    // The target (≤ pool size) is checked on the connections opened during the converge, above: per 1,000
    // calls it would penalise runs of fewer than 1,000 calls for the pool's fixed start-up.
  },
  {
    key: "memory.up",
    section: SECTIONS.memory,
    label: (r) => `Host peak RSS (VmHWM), \`up\` of ${r.options.resources.toLocaleString("en-US")} resources`,
    pick: (run) => engine(run)?.converge.hostPeakRssBytes,
    format: fmt.mebibytes,
  },
  {
    key: "memory.refresh",
    section: SECTIONS.memory,
    label: () => "Host peak RSS (VmHWM), `refresh`",
    pick: (run) => engine(run)?.refresh.hostPeakRssBytes,
    format: fmt.mebibytes,
  },
  {
    key: "context.hostCpu",
    section: SECTIONS.context,
    label: () => "Host CPU per resource during `up`",
    pick: (run, r) => mapDefined(engine(run)?.converge.cpu.hostMs, (v) => v / r.options.resources),
    format: fmt.ms,
  },
  {
    key: "context.standinCpu",
    section: SECTIONS.context,
    label: () => "Engine stand-in + emulator CPU per resource during `up`",
    pick: (run, r) => mapDefined(engine(run)?.converge.cpu.benchMs, (v) => v / r.options.resources),
    format: fmt.ms,
  },
  {
    key: "context.hostStart",
    section: SECTIONS.context,
    label: () => "Host start-up (spawn, load, Configure), per operation",
    pick: (run) => mapDefined(engine(run)?.converge.hostStartMs[0], (v) => v),
    format: fmt.seconds,
  },
  {
    key: "program.run",
    section: SECTIONS.program,
    label: (r) => `Program run: register ${r.options.resources.toLocaleString("en-US")} resources (SDK under setMocks, tsx)`,
    pick: (run) => run.programMs,
    format: fmt.seconds,
    target: {
      text: "≤ baseline",
      met: (run, _results, both) => (run.programMs === undefined || both.baseline.programMs === undefined ? undefined : run.programMs <= both.baseline.programMs),
    },
  },
];

function optionalCompare<T>(value: T | undefined, test: (value: T) => boolean): boolean | undefined {
  return value === undefined ? undefined : test(value);
}

function mapDefined<T, R>(value: T | undefined, map: (value: T) => R | undefined): R | undefined {
  return value === undefined ? undefined : map(value);
}

function addDefined(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined ? undefined : a + b;
}

function medianOf(results: BenchResults, key: ImplementationKey, row: RowSpec): number | undefined {
  const values = results.runs.map((run) => row.pick(run[key], results)).filter((v): v is number => v !== undefined);
  return median(values);
}

function targetVerdict(results: BenchResults, row: RowSpec): string {
  if (!row.target) return "";
  const verdicts = results.runs.map((run) => row.target?.met(run.ours, results, run));
  const measured = verdicts.filter((v): v is boolean => v !== undefined);
  if (measured.length === 0) return "not measured";
  const metCount = measured.filter(Boolean).length;
  const runs = measured.length === 1 ? "" : ` (${metCount}/${measured.length} runs)`;
  return metCount === measured.length ? `**met**${runs}` : `**not met**${runs}`;
}

function cell(value: number | undefined, format: (value: number) => string): string {
  return value === undefined ? "—" : format(value);
}

function ratioCell(row: RowSpec, ours: number | undefined, baseline: number | undefined): string {
  if (row.noRatio) return "";
  const value = ratio(ours, baseline);
  return value === undefined ? "—" : `${value.toFixed(2)}×`;
}

export function renderTable(results: BenchResults): string {
  const lines = [
    "| Measure | Ours | Baseline | Ours ÷ baseline | Target (ours) | Ours vs target |",
    "| --- | ---: | ---: | ---: | --- | --- |",
  ];
  let section = "";
  for (const row of ROWS) {
    if (row.section !== section) {
      section = row.section;
      lines.push(`| **${section}** | | | | | |`);
    }
    const ours = medianOf(results, "ours", row);
    const baseline = medianOf(results, "baseline", row);
    lines.push(
      `| ${row.label(results)} | ${cell(ours, row.format)} | ${cell(baseline, row.format)} | ${ratioCell(row, ours, baseline)} | ` +
        `${row.target?.text ?? ""} | ${targetVerdict(results, row)} |`,
    );
  }
  const sections = [lines.join("\n"), renderSharedQuota(results), mapDefined(results.pluginStartup, renderPluginStartupSection)];
  return sections.filter((section) => section !== undefined).join("\n\n");
}

const SHARED_LABELS: Record<SharedQuotaFigures["kind"], string> = { ours: "ours", "ours-fixed": "0.1.0 (fixed bucket)", baseline: "baseline" };

interface SharedTarget {
  text: string;
  met: (figures: SharedQuotaFigures) => boolean | undefined;
}

/** The targets: no throttle error surfaced, goodput, no process starved; one process as fast as before. */
function sharedTargets(processes: number): SharedTarget[] {
  const noErrors: SharedTarget = { text: "0 failed with 60007", met: (f) => f.throttleErrors === 0 };
  if (processes === 1) return [noErrors, { text: "goodput ≥ 95 %", met: (f) => mapDefined(f.goodputShare, (v) => v >= 0.95) }];
  return [
    noErrors,
    { text: "goodput ≥ 90 %", met: (f) => mapDefined(f.goodputShare, (v) => v >= 0.9) },
    { text: "each process within 2× of fair", met: (f) => (f.fairShareMin === undefined || f.fairShareMax === undefined ? undefined : f.fairShareMin >= 0.5 && f.fairShareMax <= 2) },
  ];
}

/** The shared-quota section: medians over the runs, ours beside the fixed bucket of 0.1.0 and the baseline. */
export function renderSharedQuota(results: BenchResults): string | undefined {
  const all = results.sharedQuota.flat();
  if (all.length === 0) return undefined;
  const kinds = [...new Set(all.map((figures) => figures.kind))];
  const counts = [...new Set(all.map((figures) => figures.processes))];
  const lines = [
    `**Shared quota**: N processes, each with its own client, one app at ${results.options.ratePerSecond}/s (${kinds.map((kind) => SHARED_LABELS[kind]).join(" · ")})`,
    "",
    `| Processes | Calls | Calls failed with 60007 | Goodput (accepted/s ÷ ${results.options.ratePerSecond}) | Requests rejected (60007) | Each process ÷ fair share, min–max | Targets (ours) |`,
    "| ---: | ---: | ---: | ---: | ---: | ---: | --- |",
  ];
  for (const processes of counts) {
    const of = (kind: SharedQuotaFigures["kind"]): SharedQuotaFigures[] => all.filter((f) => f.processes === processes && f.kind === kind);
    const joined = (pick: (f: SharedQuotaFigures) => number | undefined, format: (value: number) => string): string =>
      kinds.map((kind) => cell(median(of(kind).map(pick).filter((v): v is number => v !== undefined)), format)).join(" · ");
    const ours = of("ours");
    const share = ours.length === 0 || processes === 1 ? "—" : `${cell(median(ours.map((f) => f.fairShareMin).filter(isNumber)), fmt.ratio)}–${cell(median(ours.map((f) => f.fairShareMax).filter(isNumber)), fmt.ratio)}`;
    const verdicts = sharedTargets(processes).map((target) => {
      const measured = ours.map(target.met).filter((v): v is boolean => v !== undefined);
      if (measured.length === 0) return `${target.text}: not measured`;
      const metCount = measured.filter(Boolean).length;
      return `${target.text}: ${metCount === measured.length ? "**met**" : "**not met**"} (${metCount}/${measured.length} runs)`;
    });
    lines.push(
      `| ${processes} | ${(ours[0]?.calls ?? all.find((f) => f.processes === processes)?.calls ?? 0).toLocaleString("en-US")} | ` +
        `${joined((f) => f.throttleErrors, fmt.count)} | ${joined((f) => f.goodputShare, fmt.percent)} | ${joined((f) => f.rejectedRequests, fmt.count)} | ` +
        `${share} | ${verdicts.join("; ")} |`,
    );
  }
  return lines.join("\n");
}

/** Issue 14's start-up figures: the provider plugin beside the dynamic-provider host, each started as the CLI starts it. */
function renderPluginStartupSection(figures: PluginStartupFigures): string {
  return `**Plugin start-up**: ${renderPluginStartup(figures)}`;
}

function isNumber(value: number | undefined): value is number {
  return value !== undefined;
}

function setupText(results: BenchResults): string {
  const { options, machine } = results;
  return [
    `Measured ${machine.date.slice(0, 10)} (${machine.date}) on ${machine.cpuModel}, ${machine.cores} cores, ` +
      `${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.platform}. ` +
      `${results.runs.length} run(s), medians; whole bench ${(results.durationMs / 1000).toFixed(0)} s. ` +
      `1-minute load average ${machine.loadAverage.atStart} at the start, ${machine.loadAverage.atEnd} at the end ` +
      `(anything else running on the machine competes for the same cores and moves the figures).`,
    "",
    `Setup: ${options.resources.toLocaleString("en-US")} official accounts exist on the emulator (127.0.0.1) with old values; ` +
      `the program declares new values for each, so each profile needs one modify call. The emulator limits every API ` +
      `to ${options.ratePerSecond} calls/s per app (token bucket, ${options.ratePerSecond} tokens of burst) and adds ` +
      `${options.latencyMs} ms to every call. Both packages are \`npm pack\`ed and installed as real directories in a ` +
      `scratch stack; the engine stand-in drives @pulumi/pulumi's real dynamic-provider host over gRPC with ` +
      `${options.parallel} steps in flight (like \`pulumi up --parallel ${options.parallel}\`; refresh is measured both so and with no bound, the CLI's default). ` +
      `Every operation gets a fresh host, as each CLI command does; its start-up is reported apart.`,
  ].join("\n");
}

const NOTES = `Notes

- **Ours** is this package (\`OfficialAccountProfile\`, the lifecycle module as the provider, the Chat client with its
  token-bucket limiter, shared undici pool, batched reads and retry). **Baseline** is
  \`bench/naive-provider/\`: a provider class instance passed to \`dynamic.Resource\` (inlined into \`__provider\`),
  the global \`fetch\` per call (Node's global Agent: keep-alive, no connection cap), a UserSig signed per call, no
  limiter, no batching (one \`get_official_account_info\` per resource on refresh) and **no retry**: a 60007 answer
  fails the step. Its create sends every declared field without reading first; ours reads (batched) and sends only
  what differs, so ours makes a few more calls per converge.
- **Converge** re-runs \`up\` while any step fails, as a user would; the stand-in, like the CLI, starts no new step
  after a failure. Wall time is the sum of the \`up\` operations with the host already started (the program run
  and host start-up are listed under Context).
- **Share of the limit** = accepted modify calls per second (from the first to the last modify call reaching
  the emulator) ÷ the documented 200/s. The emulator's bucket also allows a first burst of 200; a client that
  spends it shows more than 100 %. Ours keeps its own burst to 0.1 s of the rate (20 calls), so that requests
  bunched up by the network stay under the server's bucket. Left out ("—") when all calls fit in the first burst.
- **Client at the limit** issues the same modify calls straight from the bench process (no engine, no host), so
  the server's limit binds whatever the engine's own speed is. The baseline's wall time there is short because its
  rejected calls return at once; it has no ratio.
- **Retries** come from the emulator's request log: requests answered 60007 (or another retryable code), minus
  the throttle errors that reached the user. The baseline never retries.
- **CPU per call** is \`process.cpuUsage()\` over the calls, with an in-memory undici dispatcher answering OK
  (the request body is still drained): URL, UserSig, body, limiter, retry wrapper and envelope parsing for ours;
  URL, UserSig per call, \`fetch\` and \`response.json()\` for the baseline.
- **Memory** is VmHWM of the host's Node process from \`/proc\`. **Context** CPU is read from \`/proc/<pid>/stat\`
  (host) and \`process.cpuUsage()\` (this process: engine stand-in, its gRPC client and the emulator).
- **Program run** is the SDK side of \`pulumi up\`: the program registering every resource through the real SDK
  (\`setMocks\` as the transport), in a fresh process per run. Ours declares 18 output keys per resource; the
  baseline registers only its 7 inputs.
- **Shared quota** runs N real child processes (\`node --import tsx\`), each with its own client, each sending its
  own modify calls (\`--resources\` each, half that from 8 processes up) with \`--parallel\` in flight, against one
  emulator limiting the app to the rate above. **0.1.0 (fixed bucket)** is this client with the adaptive rate off
  (each process keeps its own 200/s); the baseline never retries, so its rejected calls fail. **Goodput** =
  accepted modify calls per second from the first to the last arrival ÷ the limit (the emulator's first burst
  counts, as above). **Each process ÷ fair share**: the calls each process completed while all were still
  running (up to the first one done), over that window's total ÷ N.
- The engine stand-in is TypeScript with google-protobuf; the real Pulumi engine is Go. Its CPU per step is
  therefore higher than the CLI's, and on a small machine it can cap how fast steps reach the host.`;

export function renderMarkdown(results: BenchResults, table: string = renderTable(results)): string {
  return [
    "# Benchmarks",
    "",
    "Generated by `npm run bench` (bench/run.ts). Do not edit by hand; re-run to update.",
    "",
    setupText(results),
    "",
    table,
    "",
    NOTES,
    "",
    renderRunDetails(results),
    "",
  ].join("\n");
}

function renderRunDetails(results: BenchResults): string {
  const lines = ["<details><summary>Per-run figures</summary>", "", "| Run | Implementation | Figures |", "| --- | --- | --- |"];
  results.runs.forEach((run, index) => {
    for (const key of ["ours", "baseline"] as const) {
      const figures = run[key];
      const parts: string[] = [];
      const e = figures.engine;
      if (e) {
        parts.push(
          `up ${fmt.seconds(e.converge.wallMs)} in ${e.converge.rounds} round(s), share ${cell(e.converge.modify.shareOfLimit, fmt.percent)}, ` +
            `${e.converge.requests} requests (${e.converge.getInfoCalls} get-info), ${e.converge.throttledAnswers} answered 60007, ` +
            `${e.converge.errors.throttle} throttle + ${e.converge.errors.other} other errors, ${e.converge.connectionsOpened} connections; ` +
            `modify arrivals per 500 ms: ${e.converge.modifyTimeline.join(" ")}`,
        );
        parts.push(
          `refresh ${fmt.seconds(e.refresh.wallMs)}, ${e.refresh.getInfoCalls} get-info, ${e.refresh.throttledAnswers} answered 60007, ` +
            `${e.refresh.errors.throttle + e.refresh.errors.other} errors`,
        );
        parts.push(`state ${fmt.bytes(e.state.fileBytes)}, \`__provider\` ${cell(e.state.providerBytes, fmt.bytes)} requiring ${e.state.providerRequires.join(", ") || "nothing"}`);
        const samples = [...e.converge.errors.samples, ...e.refresh.errors.samples];
        if (samples.length > 0) parts.push(`error sample: ${samples[0]?.replace(/\|/g, "\\|")}`);
      }
      parts.push(
        `client at the limit ${fmt.seconds(figures.clientLimit.wallMs)}, ${figures.clientLimit.modify.accepted} ok, ` +
          `${figures.clientLimit.throttleErrors} throttle errors, ${figures.clientLimit.retries} retries, ${figures.clientLimit.connectionsOpened} connections`,
      );
      parts.push(`CPU ${fmt.micros(figures.cpu.cpuMicrosPerCall)} per call over ${figures.cpu.calls} calls`);
      lines.push(`| ${index + 1} | ${key} | ${parts.join("; ")} |`);
    }
  });
  results.sharedQuota.forEach((round, index) => {
    for (const figures of round) {
      lines.push(
        `| ${index + 1} | shared quota, ${figures.processes} × ${SHARED_LABELS[figures.kind]} | ${figures.ok}/${figures.calls} ok in ${fmt.seconds(figures.wallMs)}, ` +
          `${figures.throttleErrors} failed with 60007, ${figures.otherErrors} other errors, ${figures.requests} requests, ${figures.rejectedRequests} rejected, ` +
          `goodput ${cell(figures.goodputShare, fmt.percent)}, fair share ${cell(figures.fairShareMin, fmt.ratio)}–${cell(figures.fairShareMax, fmt.ratio)}; ` +
          `accepted per s: ${figures.timeline.accepted.join(" ")}; rejected per s: ${figures.timeline.rejected.join(" ")} |`,
      );
    }
  });
  lines.push("", "</details>");
  return lines.join("\n");
}
