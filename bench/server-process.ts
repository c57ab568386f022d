/**
 * The real KAVI server in its own process (its own event loop, as in production), started by the bench.
 * Configuration arrives in the environment; the URL goes back to the parent over IPC.
 *
 * The parent can also ask for the process's counters ("stats"): CPU time used and garbage-collection pauses so
 * far, so each scenario reports the server's own CPU per request (a figure the machine's load barely moves) and
 * its longest GC pause (a cause of tail latency). With BENCH_PROFILE=dir, "profile-start" and "profile-stop <name>"
 * take a CPU profile of one scenario and a sampled profile of what it allocated (garbage included), and write them
 * to dir/<name>.cpuprofile and dir/<name>.heapprofile (bench/profile-summary.ts reads both).
 */
import { openSync, readSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import path from "node:path";
import { monitorEventLoopDelay, PerformanceObserver, performance } from "node:perf_hooks";
import { startTestServer } from "../apps/server/src/testing";
import {
  type CpuSnapshot,
  cpuByThread,
  cpuUsedByName,
  type LoopStall,
  SERVER_STALL_MS,
  type ServerSpans,
  type Span,
} from "./hiccups";

export interface ServerStats {
  cpuMicros: number;
  gcPauseMs: number;
  gcLongestMs: number;
  gcCount: number;
  /** The event loop's longest delay since the last read, ms: the server could not start any work for that long. */
  loopDelayMaxMs: number;
}

/**
 * When the server could not run its JavaScript, as epoch-ms spans (bench/hiccups.ts compares them with slow
 * requests): its GC pauses of 5 ms or more, and every time a 5 ms timer fired SERVER_STALL_MS or more late (a GC
 * pause, a long task, or the process kept off its CPU), with what the main thread did meanwhile (`LoopStall`).
 * Read and cleared with the "spans" message.
 */
const SPANS_KEPT = 10_000;
const spans: ServerSpans = { gc: [], loop: [] };
const keep = <T extends Span>(list: T[], span: T) => {
  if (list.length < SPANS_KEPT) list.push(span);
};

let gcPauseMs = 0;
let gcLongestMs = 0;
let gcCount = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    gcPauseMs += entry.duration;
    gcCount += 1;
    if (entry.duration > gcLongestMs) gcLongestMs = entry.duration;
    if (entry.duration >= 5) {
      const start = performance.timeOrigin + entry.startTime;
      keep(spans.gc, { start, end: start + entry.duration });
    }
  }
}).observe({ entryTypes: ["gc"] });
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
/**
 * The main thread's scheduler counters (Linux `/proc/self/schedstat`, the thread-group leader's own: time on a
 * CPU and time runnable but waiting for one, ns), read at every tick, so a stall can say where its time went:
 * running JavaScript (a long task), waiting for a CPU (other processes had both), or neither (blocked in the
 * kernel: a page fault, a lock). Elsewhere (no such file) stalls carry no breakdown.
 */
const schedstat = (() => {
  try {
    const fd = openSync("/proc/self/schedstat", "r");
    const buffer = Buffer.alloc(128);
    return () => {
      const text = buffer.toString("latin1", 0, readSync(fd, buffer, 0, buffer.length, 0));
      const [ranNs, waitedNs] = text.split(" ").map(Number);
      return { ranMs: (ranNs ?? 0) / 1e6, waitedMs: (waitedNs ?? 0) / 1e6 };
    };
  } catch {
    return null;
  }
})();
const majorFaults = () => process.resourceUsage().majorPageFault;

/**
 * The process's threads (the main thread, V8's GC and compiler helpers, libuv's pool, …) and their CPU time: pinned
 * to one CPU with the main thread, the others compete with it for that CPU. The main thread is named as such.
 */
function threads(): CpuSnapshot {
  const snapshot = cpuByThread("self");
  const main = snapshot.get(String(process.pid));
  if (main) main.name = "main thread";
  return snapshot;
}
let lastThreads = threads();

const TICK_MS = 5;
let lastTick = performance.now();
let lastSched = schedstat?.();
let lastFaults = majorFaults();
setInterval(() => {
  const now = performance.now();
  const sched = schedstat?.();
  const faults = majorFaults();
  if (now - lastTick >= TICK_MS + SERVER_STALL_MS) {
    keep<LoopStall>(spans.loop, {
      start: performance.timeOrigin + lastTick + TICK_MS,
      end: performance.timeOrigin + now,
      intervalMs: now - lastTick,
      majorFaults: faults - lastFaults,
      ...(sched && lastSched
        ? { ranMs: sched.ranMs - lastSched.ranMs, waitedMs: sched.waitedMs - lastSched.waitedMs }
        : {}),
    });
  }
  lastTick = now;
  lastSched = sched;
  lastFaults = faults;
}, TICK_MS).unref();

const server = await startTestServer({
  DATABASE_URL: process.env.DATABASE_URL,
  REDIS_URL: process.env.REDIS_URL,
  REDIS_PREFIX: process.env.REDIS_PREFIX,
  DB_POOL_MAX: process.env.DB_POOL_MAX ?? "20",
  RATE_LIMIT_AUTHENTICATED_PER_HOUR: "1000000000",
  RATE_LIMIT_ANONYMOUS_PER_HOUR: "1000000000",
});
process.send?.({ url: server.url });
// If the bench goes away without saying stop (Ctrl-C, a closed pipe), so does its server.
process.on("disconnect", () => {
  void server.close().finally(() => process.exit(0));
});
const profileDirectory = process.env.BENCH_PROFILE;
const inspector = profileDirectory ? new Session() : null;
if (inspector) {
  inspector.connect();
  await inspector.post("Profiler.enable");
  await inspector.post("HeapProfiler.enable");
}
process.on("message", async (message) => {
  if (message === "profile-start" && inspector) {
    await inspector.post("Profiler.start");
    // Every object allocated, not only those still alive at the end: the young generation's garbage is what makes
    // the collector run. One sample per 32 KiB allocated on average.
    await inspector.post("HeapProfiler.startSampling", {
      samplingInterval: 32_768,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
    process.send?.({ profiling: true });
  } else if (
    typeof message === "string" &&
    message.startsWith("profile-stop ") &&
    inspector &&
    profileDirectory
  ) {
    const { profile } = await inspector.post("Profiler.stop");
    const { profile: heap } = await inspector.post("HeapProfiler.stopSampling");
    const base = path.join(profileDirectory, message.slice("profile-stop ".length));
    writeFileSync(`${base}.cpuprofile`, JSON.stringify(profile));
    writeFileSync(`${base}.heapprofile`, JSON.stringify(heap));
    process.send?.({ profiled: `${base}.cpuprofile` });
  } else if (message === "stats") {
    const usage = process.cpuUsage();
    const stats: ServerStats = {
      cpuMicros: usage.user + usage.system,
      gcPauseMs,
      gcLongestMs,
      gcCount,
      loopDelayMaxMs: loopDelay.max / 1e6,
    };
    // The longest pause and delay are per interval: the parent reads them once per scenario.
    gcLongestMs = 0;
    loopDelay.reset();
    process.send?.({ stats });
  } else if (message === "spans") {
    const now = threads();
    const threadTimes = Object.fromEntries(cpuUsedByName(lastThreads, now));
    lastThreads = now;
    process.send?.({ spans: { gc: spans.gc.splice(0), loop: spans.loop.splice(0), threads: threadTimes } });
  } else if (message === "stop") {
    await server.close();
    process.exit(0);
  }
});
