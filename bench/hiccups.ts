/**
 * Machine stalls, measured apart from the bench's own processes (as jHiccup does for the JVM): one meter per CPU
 * (bench/hiccup-meter.ts, pinned with `taskset` where there is one) reports every time it was kept off its CPU for
 * `BENCH_HICCUP_MS` (5) or more. A slow request whose time overlaps such a stall waited, at least in part, for
 * the machine; a slow request that overlaps none was slow for reasons of its own. The latency benches print both
 * counts, so a tail can be told from a pause of the VM.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
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
  server?: { gc: number; loop: number; neither: number };
}

/** The server's GC pauses and event-loop stalls, as epoch-ms spans (bench/server-process.ts). */
export interface ServerSpans {
  gc: Span[];
  loop: Span[];
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
    ? `; of the others, ${report.server.gc} during a server GC pause of ≥ ${CAUSE_MS} ms, ${report.server.loop} during another server event-loop stall of ≥ ${SERVER_STALL_MS} ms, ${report.server.neither} during neither`
    : "";
  return `machine stalls (hiccup meters): longest ${longest}; ${report.over20} of ≥ 20 ms; requests over ${SLOW_REQUEST_MS} ms: ${report.slow}, ${report.slowOverlapping} of them during a stall of ≥ ${CAUSE_MS} ms${server}`;
}
