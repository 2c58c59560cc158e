import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BenchArgsError, DEFAULT_OPTIONS, parseBenchArgs } from "../../bench/args";
import { nodeProcessOf, peakRssBytes, cpuTimeMs } from "../../bench/host-process";
import { median, ratio } from "../../bench/stats";
import { arrivalTimeline, commandThroughput, summarizeWindow, type RequestRecord } from "../../bench/traffic";

/** `httpStatus` null: no reply went out (reset, hang). */
const record = (command: string, arrivalMs: number, resultCode: number | undefined, httpStatus: number | null = 200): RequestRecord => ({
  command,
  arrivalMs,
  resultCode,
  httpStatus: httpStatus ?? undefined,
});

describe("stats", () => {
  it("takes the median of odd and even counts, ignoring non-finite values", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([Number.NaN, 5])).toBe(5);
    expect(median([])).toBeUndefined();
  });

  it("gives no ratio against a missing or zero baseline", () => {
    expect(ratio(1, 4)).toBe(0.25);
    expect(ratio(1, 0)).toBeUndefined();
    expect(ratio(undefined, 2)).toBeUndefined();
  });
});

describe("traffic windows", () => {
  it("counts calls per command, 60007 answers and retryable answers (lost replies and 5xx included)", () => {
    const summary = summarizeWindow([
      record("modify", 0, 0),
      record("modify", 1, 60007),
      record("get", 2, 20005),
      record("get", 3, undefined, null),
      record("get", 4, undefined, 502),
    ]);
    expect(summary).toEqual({ requests: 5, byCommand: { modify: 2, get: 3 }, throttled: 1, retryableAnswers: 4 });
  });

  it("measures the achieved rate of a command as a share of the documented rate", () => {
    // 300 accepted over 1 s: 300/s against 200/s (a client that spends the server's first burst).
    const records = Array.from({ length: 300 }, (_, i) => record("modify", (i * 1000) / 299, 0));
    records.push(record("modify", 500, 60007), record("other", 5_000, 0));
    const throughput = commandThroughput(records, "modify", { ratePerSecond: 200, burst: 200 });
    expect(throughput.accepted).toBe(300);
    expect(throughput.attempted).toBe(301);
    expect(throughput.windowMs).toBeCloseTo(1000);
    expect(throughput.shareOfLimit).toBeCloseTo(1.5);
    expect(throughput.acceptedPerSecond).toBeCloseTo(300);
  });

  it("reports no share when every call fits in the first burst", () => {
    const records = Array.from({ length: 50 }, (_, i) => record("modify", i, 0));
    expect(commandThroughput(records, "modify", { ratePerSecond: 200, burst: 200 }).shareOfLimit).toBeUndefined();
    expect(commandThroughput(records, "absent", { ratePerSecond: 200, burst: 200 }).attempted).toBe(0);
  });

  it("buckets arrivals from the first one", () => {
    expect(arrivalTimeline([record("m", 100, 0), record("m", 120, 0), record("m", 700, 0), record("x", 0, 0)], "m", 500)).toEqual([2, 1]);
    expect(arrivalTimeline([], "m", 500)).toEqual([]);
  });
});

describe("bench arguments", () => {
  it("defaults to the published configuration", () => {
    expect(parseBenchArgs([])).toEqual(DEFAULT_OPTIONS);
    expect(DEFAULT_OPTIONS).toMatchObject({ resources: 1000, runs: 3, parallel: 64, latencyMs: 20, ratePerSecond: 200 });
  });

  it("parses the quick-run flags and resolves files against the working directory", () => {
    const options = parseBenchArgs(["--resources", "100", "--runs", "1", "--out", "x.md", "--no-build", "--skip-engine"], "/tmp/here");
    expect(options).toMatchObject({ resources: 100, runs: 1, out: path.join("/tmp/here", "x.md"), build: false, skipEngine: true });
  });

  it("parses the shared-quota process counts, or leaves the section out", () => {
    expect(parseBenchArgs(["--shared-quota", "2,4"])?.sharedQuotaProcesses).toEqual([2, 4]);
    expect(parseBenchArgs(["--skip-shared-quota"])?.sharedQuotaProcesses).toEqual([]);
    expect(() => parseBenchArgs(["--shared-quota", "2,x"])).toThrow(/positive integer/);
  });

  it("refuses bad values and unknown flags, and returns undefined for --help", () => {
    expect(() => parseBenchArgs(["--runs", "0"])).toThrow(BenchArgsError);
    expect(() => parseBenchArgs(["--resources", "1e3"])).toThrow(/positive integer/);
    expect(() => parseBenchArgs(["--latency-ms"])).toThrow(/nothing/);
    expect(() => parseBenchArgs(["--fast"])).toThrow(/unknown option/);
    expect(parseBenchArgs(["--help"])).toBeUndefined();
  });
});

describe.runIf(existsSync("/proc/self/status"))("host process figures from /proc", () => {
  it("finds this Node process and reads its peak RSS and CPU time", () => {
    expect(nodeProcessOf(process.pid)).toBe(process.pid);
    const peak = peakRssBytes(process.pid) ?? 0;
    expect(peak).toBeGreaterThanOrEqual(process.memoryUsage().rss * 0.5);
    expect(cpuTimeMs(process.pid)).toBeGreaterThan(0);
  });

  it("answers undefined for a process that does not exist", () => {
    expect(peakRssBytes(2 ** 30)).toBeUndefined();
    expect(nodeProcessOf(2 ** 30)).toBeUndefined();
  });
});
