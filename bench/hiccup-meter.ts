/**
 * One hiccup meter (bench/hiccups.ts starts one per CPU, pinned there): it sleeps 1 ms at a time, blocking, and
 * writes a line to stdout whenever a sleep ended later than it should have by `BENCH_HICCUP_MS` or more. It does
 * nothing else: no event loop turns, no allocation between stalls, so it has no garbage collection of its own and
 * is woken as soon as its CPU is free. A stall it sees is time the machine (the hypervisor or the kernel) kept a
 * mostly idle process off its CPU, not anything the bench's processes did.
 *
 * Each line: `<epoch ms when the sleep began> <ms it overran>`. It exits once its parent is gone (checked about
 * once a second), so a bench that dies leaves no meter behind.
 */
import { writeSync } from "node:fs";
import { performance } from "node:perf_hooks";

const thresholdMs = Number(process.env.BENCH_HICCUP_MS ?? 5);
const sleepMs = 1;
const cell = new Int32Array(new SharedArrayBuffer(4));
const parent = process.ppid;
let before = performance.now();
for (let turn = 1; ; turn += 1) {
  if (turn % 1000 === 0 && process.ppid !== parent) process.exit(0);
  Atomics.wait(cell, 0, 0, sleepMs);
  const after = performance.now();
  const overranMs = after - before - sleepMs;
  if (overranMs >= thresholdMs) {
    writeSync(1, `${(performance.timeOrigin + before).toFixed(1)} ${overranMs.toFixed(1)}\n`);
  }
  before = after;
}
