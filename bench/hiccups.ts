/**
 * Machine stalls, measured apart from the bench's own processes (as jHiccup does for the JVM): one meter per CPU
 * (bench/hiccup-meter.ts, pinned with `taskset` where there is one) reports every time it was kept off its CPU for
 * `BENCH_HICCUP_MS` (5) or more. A slow request whose time overlaps such a stall waited, at least in part, for
 * the machine; a slow request that overlaps none was slow for reasons of its own. The latency benches print both
 * counts, so a tail can be told from a pause of the VM.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { cpus } from "node:os";
import { performance } from "node:perf_hooks";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

/** A time span in epoch milliseconds (`performance.timeOrigin + performance.now()`). */
export interface Span {
  start: number;
  end: number;
}

interface Stall extends Span {
  cpu: number | null;
}

/** How far a meter's 1 ms sleep overran: the stall itself. */
const overrunOf = (stall: Stall) => stall.end - stall.start - 1;

export interface HiccupReport {
  /** Longest stall per meter in the window, ms (CPU number, or null for an unpinned meter). */
  longest: { cpu: number | null; ms: number }[];
  /** Stalls of 20 ms or more in the window, all meters. */
  over20: number;
  /** Of the given slow spans, how many overlap a stall of CAUSE_MS or more. */
  slowOverlapping: number;
  slow: number;
  /**
   * With the server's own spans (bench/server-process.ts): the slow requests that overlap no machine stall,
   * split by what the server was doing meanwhile: a GC pause of 10 ms or more, another event-loop stall, or
   * neither (the time went elsewhere: PostgreSQL, the network, the generator).
   */
  server?: {
    gc: number;
    loop: number;
    neither: number;
    loopTime: StallTime;
    threads: Record<string, number>;
  };
}

/**
 * An event-loop stall of the server (its 5 ms timer fired late), with what its main thread did between the two
 * ticks around it (`intervalMs`): ran on a CPU, waited for one (runnable), and how many major page faults the
 * process took. Without scheduler counters (not Linux) only the faults are known.
 */
export interface LoopStall extends Span {
  intervalMs: number;
  ranMs?: number;
  waitedMs?: number;
  majorFaults: number;
}

/** The server's GC pauses and event-loop stalls, as epoch-ms spans (bench/server-process.ts). */
export interface ServerSpans {
  gc: Span[];
  loop: LoopStall[];
  /** CPU time of the server's threads since the last read, ms by thread name (Linux only). */
  threads?: Record<string, number>;
}

/** Where the time of some event-loop stalls went, summed over them, ms. */
export interface StallTime {
  stalls: number;
  ms: number;
  ran: number;
  waited: number;
  /** Neither on a CPU nor waiting for one: asleep in the kernel (idle polling, a page fault, a lock). */
  blocked: number;
  majorFaults: number;
  /** Whether the scheduler's counters were read (Linux). */
  scheduler: boolean;
}

/** Sums what the main thread did in the given stalls (bench/server-process.ts records it per stall). */
export function stallTime(stalls: readonly LoopStall[]): StallTime {
  const total: StallTime = {
    stalls: 0,
    ms: 0,
    ran: 0,
    waited: 0,
    blocked: 0,
    majorFaults: 0,
    scheduler: true,
  };
  for (const stall of stalls) {
    total.stalls += 1;
    total.ms += stall.intervalMs;
    total.majorFaults += stall.majorFaults;
    if (stall.ranMs === undefined || stall.waitedMs === undefined) {
      total.scheduler = false;
      continue;
    }
    total.ran += stall.ranMs;
    total.waited += stall.waitedMs;
    total.blocked += Math.max(0, stall.intervalMs - stall.ranMs - stall.waitedMs);
  }
  return total;
}

const overlaps = (a: Span, b: Span) => a.start < b.end && a.end > b.start;

/** A request slower than this (ms, from when it was due) is a slow one the reports account for. */
export const SLOW_REQUEST_MS = 20;
/** A machine stall or server GC pause this long or longer counts as the cause of a slow request it overlaps. */
const CAUSE_MS = 10;
/** The server process (bench/server-process.ts) records an event-loop stall when its timer fires this late, ms. */
export const SERVER_STALL_MS = 15;

/**
 * The span of a request due at `due` (a `performance.now()` time) that took `latencyMs`, if it was slow; the
 * open-loop runners collect these for `report`.
 */
export function slowSpan(due: number, latencyMs: number): Span | null {
  if (latencyMs <= SLOW_REQUEST_MS) return null;
  const start = performance.timeOrigin + due;
  return { start, end: start + latencyMs };
}

const METER = fileURLToPath(new URL("./hiccup-meter.ts", import.meta.url));

function hasTaskset(): boolean {
  return spawnSync("taskset", ["-p", String(process.pid)], { stdio: "ignore" }).status === 0;
}

/**
 * Starts the meters (`BENCH_HICCUPS=0`: none, and every report is empty). Stop them with `stop()`; they also end
 * with this process, since their stdout is a pipe to it.
 */
export function startHiccupMeters(): {
  label: string;
  report(window: Span, slow?: readonly Span[], server?: ServerSpans): HiccupReport;
  stop(): void;
} {
  const stalls: Stall[] = [];
  const children: ChildProcess[] = [];
  const enabled = process.env.BENCH_HICCUPS !== "0";
  const pinned = enabled && cpus().length > 1 && hasTaskset();
  const meters: (number | null)[] = !enabled ? [] : pinned ? cpus().map((_cpu, index) => index) : [null];
  for (const cpu of meters) {
    const node = [process.execPath, "--import", "tsx", METER];
    const [command, ...args] = cpu === null ? node : ["taskset", "-c", String(cpu), ...node];
    const child = spawn(command as string, args, { stdio: ["ignore", "pipe", "inherit"] });
    children.push(child);
    createInterface({ input: child.stdout as NonNullable<typeof child.stdout> }).on("line", (line) => {
      const [start, overran] = line.split(" ").map(Number);
      if (start === undefined || overran === undefined || !Number.isFinite(start + overran)) return;
      stalls.push({ cpu, start, end: start + 1 + overran });
    });
  }
  return {
    label: !enabled
      ? "no hiccup meters (BENCH_HICCUPS=0)"
      : pinned
        ? `hiccup meters on CPUs ${meters.join(", ")}`
        : "one unpinned hiccup meter (no taskset)",
    report(window, slow = [], server) {
      const inWindow = stalls.filter((stall) => stall.end > window.start && stall.start < window.end);
      const longest = meters.map((cpu) => ({
        cpu,
        ms: Math.max(0, ...inWindow.filter((stall) => stall.cpu === cpu).map(overrunOf)),
      }));
      const big = inWindow.filter((stall) => overrunOf(stall) >= CAUSE_MS);
      const outsideStalls = slow.filter((span) => !big.some((stall) => overlaps(stall, span)));
      const bigGc = server?.gc.filter((pause) => pause.end - pause.start >= CAUSE_MS) ?? [];
      const inGc = outsideStalls.filter((span) => bigGc.some((pause) => overlaps(pause, span)));
      const inLoop = outsideStalls.filter(
        (span) => !inGc.includes(span) && (server?.loop ?? []).some((stall) => overlaps(stall, span)),
      );
      // The stalls those requests fell in, and where the server's main thread spent them.
      const loopTime = stallTime(
        (server?.loop ?? []).filter((stall) => inLoop.some((span) => overlaps(stall, span))),
      );
      return {
        longest,
        over20: inWindow.filter((stall) => overrunOf(stall) >= 20).length,
        slowOverlapping: slow.length - outsideStalls.length,
        slow: slow.length,
        ...(server
          ? {
              server: {
                gc: inGc.length,
                loop: inLoop.length,
                neither: outsideStalls.length - inGc.length - inLoop.length,
                loopTime,
                threads: server.threads ?? {},
              },
            }
          : {}),
      };
    },
    stop() {
      for (const child of children) child.kill();
    },
  };
}

/** One line for a run: the machine's longest stall per CPU and how many slow requests fell in one. */
export function formatHiccups(report: HiccupReport): string {
  if (report.longest.length === 0) return "machine stalls: not measured";
  const longest = report.longest
    .map((meter) => `${meter.cpu === null ? "" : `CPU ${meter.cpu} `}${meter.ms.toFixed(0)} ms`)
    .join(", ");
  const server = report.server
    ? `; of the others, ${report.server.gc} during a server GC pause of ≥ ${CAUSE_MS} ms, ${report.server.loop} during another server event-loop stall of ≥ ${SERVER_STALL_MS} ms${formatStallTime(report.server.loopTime)}, ${report.server.neither} during neither`
    : "";
  const threads = formatCpuList(Object.entries(report.server?.threads ?? {}));
  const helpers = threads ? `\n  the server's threads' CPU time in the run and its warm-up: ${threads}` : "";
  return `machine stalls (hiccup meters): longest ${longest}; ${report.over20} of ≥ 20 ms; requests over ${SLOW_REQUEST_MS} ms: ${report.slow}, ${report.slowOverlapping} of them during a stall of ≥ ${CAUSE_MS} ms${server}${helpers}`;
}

/** " (3 stalls, 180 ms: main thread ran 20, waited for a CPU 150, blocked 10; 0 major page faults)", or "". */
export function formatStallTime(time: StallTime): string {
  if (time.stalls === 0) return "";
  const where = time.scheduler
    ? `main thread ran ${time.ran.toFixed(0)}, waited for a CPU ${time.waited.toFixed(0)}, blocked ${time.blocked.toFixed(0)}; `
    : "";
  return ` (${time.stalls} stall${time.stalls === 1 ? "" : "s"}, ${time.ms.toFixed(0)} ms: ${where}${time.majorFaults} major page faults)`;
}

/**
 * A process's name for the report: its command name, except PostgreSQL's, which are told apart by their role
 * ("postgres: checkpointer", "postgres: backend" for every client connection).
 */
function processName(pid: string, command: string): string {
  if (command !== "postgres") return command;
  const title = readFileSync(`/proc/${pid}/cmdline`, "latin1").replaceAll("\0", " ").trim();
  if (!title.startsWith("postgres: ")) return "postgres: postmaster";
  // A client's backend names its user, database and address ("… postgres kavi 127.0.0.1(40212) idle").
  const role = /^postgres: \S+: (.+)$/.exec(title)?.[1];
  return role && !/\(\d+\)|\[local\]/.test(role) ? `postgres: ${role}` : "postgres: backend";
}

/** CPU time used so far by each process or thread, ms, keyed by pid or tid, with its name. */
export type CpuSnapshot = Map<string, { name: string; ms: number }>;

/**
 * CPU time a thread has used so far, ms: the scheduler's own count (`schedstat`, ns). The tick-sampled `utime` in
 * `/proc/<pid>/stat` misses work that starts just after a tick and ends before the next, which is how a
 * timer-driven request chain runs here.
 */
const threadCpuMs = (pid: string, tid: string) =>
  Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "latin1").split(" ")[0]) / 1e6;

/** Each thread of a process (`self` for this one) by tid, named by its `comm` (Linux; else empty). */
export function cpuByThread(pid: string): CpuSnapshot {
  const snapshot: CpuSnapshot = new Map();
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        const name = readFileSync(`/proc/${pid}/task/${tid}/comm`, "latin1").trim();
        snapshot.set(tid, { name, ms: threadCpuMs(pid, tid) });
      } catch {
        // The thread ended between the listing and the read.
      }
    }
  } catch {
    // Not Linux.
  }
  return snapshot;
}

/** Every process on the machine by pid, its threads summed (Linux `/proc`; else empty). */
export function cpuByProcess(): CpuSnapshot {
  const snapshot: CpuSnapshot = new Map();
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return snapshot;
  }
  for (const pid of entries) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const name = processName(pid, readFileSync(`/proc/${pid}/comm`, "latin1").trim());
      let ms = 0;
      for (const tid of readdirSync(`/proc/${pid}/task`)) ms += threadCpuMs(pid, tid);
      snapshot.set(pid, { name, ms });
    } catch {
      // The process or one of its threads ended between the listing and the read.
    }
  }
  return snapshot;
}

/**
 * CPU used between two snapshots, ms summed by name. Counted per pid or tid, so one that ended in between (its
 * last stretch unknown) takes nothing from the others.
 */
export function cpuUsedByName(before: CpuSnapshot, after: CpuSnapshot): Map<string, number> {
  const byName = new Map<string, number>();
  for (const [id, { name, ms }] of after) {
    const earlier = before.get(id);
    const used = earlier && earlier.name === name && ms >= earlier.ms ? ms - earlier.ms : ms;
    byName.set(name, (byName.get(name) ?? 0) + used);
  }
  return byName;
}

/** "name 2310 ms, name 1200 ms": the biggest first, those under 1 ms left out. */
function formatCpuList(used: Iterable<[string, number]>, top = Number.POSITIVE_INFINITY): string {
  return [...used]
    .filter(([, ms]) => ms >= 1)
    .sort(([, a], [, b]) => b - a)
    .slice(0, top)
    .map(([name, ms]) => `${name} ${ms.toFixed(0)} ms`)
    .join(", ");
}

/** The machine's biggest CPU users between two snapshots, by name, e.g. "postgres: backend 2310 ms, node 1200 ms". */
export function formatCpuUsers(before: CpuSnapshot, after: CpuSnapshot, top = 8): string {
  const used = formatCpuList(cpuUsedByName(before, after), top);
  return used
    ? `CPU by process (whole machine, the run and its warm-up): ${used}`
    : "CPU by process: not measured";
}
