import { readdirSync, readFileSync } from "node:fs";

/**
 * Peak resident memory (VmHWM) and CPU time of the dynamic-provider host, read from /proc from the outside. The stand-in
 * starts the host through the `pulumi-resource-pulumi-nodejs` shell shim, so the pid it reports may be `sh`;
 * the Node process is then its child (or a deeper descendant).
 */

function readStatus(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/status`, "utf8");
  } catch {
    return undefined;
  }
}

function statusField(status: string, field: string): string | undefined {
  return new RegExp(`^${field}:\\s*(.+)$`, "m").exec(status)?.[1]?.trim();
}

/** Every live descendant of `root`, breadth first (Linux /proc only). */
function descendants(root: number): number[] {
  const parentOf = new Map<number, number>();
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return [];
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const status = readStatus(Number(entry));
    const ppid = status ? Number(statusField(status, "PPid")) : NaN;
    if (Number.isInteger(ppid)) parentOf.set(Number(entry), ppid);
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const parent = queue.shift() as number;
    for (const [pid, ppid] of parentOf) {
      if (ppid === parent) {
        found.push(pid);
        queue.push(pid);
      }
    }
  }
  return found;
}

/** The pid of the Node process serving the host: `pid` itself when it is node, else its node descendant. */
export function nodeProcessOf(pid: number): number | undefined {
  for (const candidate of [pid, ...descendants(pid)]) {
    const status = readStatus(candidate);
    if (status && statusField(status, "Name") === "node") return candidate;
  }
  return undefined;
}

/** VmHWM in bytes, or undefined where /proc is not available. */
export function peakRssBytes(pid: number): number | undefined {
  const status = readStatus(pid);
  const text = status ? statusField(status, "VmHWM") : undefined;
  const match = text ? /^(\d+)\s*kB$/.exec(text) : null;
  return match?.[1] ? Number(match[1]) * 1024 : undefined;
}

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ; 100 on every mainstream Linux build). */
const CLOCK_TICKS_PER_SECOND = 100;

/** User + system CPU time the process has used so far, in ms, or undefined where /proc is not available. */
export function cpuTimeMs(pid: number): number | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  // Fields after the parenthesised command name (which may hold spaces): state is field 3, utime 14, stime 15.
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) return undefined;
  return ((utime + stime) * 1000) / CLOCK_TICKS_PER_SECOND;
}
