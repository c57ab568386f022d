/**
 * What the M-Pesa benchmarks share (bench/mpesa.ts, bench/chaos.ts): the app processes they start, a keep-alive
 * callback sender, STK callback bodies, a closed-loop load runner, and a minimal Daraja stand-in.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { Agent, createServer as createHttpServer, request as httpRequest, type Server } from "node:http";
import { cpus } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "@kavi/testing";
import { type Span, slowSpan } from "./hiccups";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export const children = new Set<ChildProcess>();

/** Starts `apps/<app>/src/main.ts` under tsx; `logTo` (an open file descriptor) keeps its log, else it is dropped. */
export function startApp(entry: string, env: Record<string, string>, logTo?: number): ChildProcess {
  const profile = process.env.BENCH_PROFILE
    ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`]
    : [];
  // BENCH_NODE_FLAGS: extra Node flags for the server and worker (e.g. "--trace-gc"), to compare or diagnose.
  const flags = process.env.BENCH_NODE_FLAGS?.split(" ").filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...profile, ...flags, "--import", "tsx", entry], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "development", LOG_LEVEL: "warn", LOG_PRETTY: "false", ...env },
    stdio: ["ignore", logTo ?? "ignore", "inherit"],
  });
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}

export async function stopApp(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

export async function waitForHttp(
  url: string,
  // BENCH_BOOT_SECONDS: how long an app may take to come up (tsx compiles on start; slow on a loaded machine).
  timeoutMs = Number(process.env.BENCH_BOOT_SECONDS ?? 60) * 1000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not come up`);
}

export async function trpc<T>(base: string, procedure: string, input: unknown, token?: string): Promise<T> {
  const response = await fetch(`${base}/api/trpc/${procedure}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(input),
  });
  const body = (await response.json()) as { result?: { data: T }; error?: unknown };
  if (!body.result) throw new Error(`${procedure}: ${JSON.stringify(body.error)}`);
  return body.result.data;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? 0;
}

export interface LoadResult {
  count: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  failures: number;
}

/** Runs `task(i)` for i in [0, count) on `concurrency` concurrent loops; latency per task in ms. */
export async function runLoad(
  count: number,
  concurrency: number,
  task: (index: number) => Promise<boolean>,
): Promise<LoadResult> {
  const latencies: number[] = new Array(count);
  let next = 0;
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (true) {
        const index = next++;
        if (index >= count) return;
        const before = performance.now();
        const ok = await task(index).catch(() => false);
        latencies[index] = performance.now() - before;
        if (!ok) failures += 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const sorted = latencies.filter((value) => value !== undefined).sort((a, b) => a - b);
  return {
    count,
    seconds,
    perSecond: count / seconds,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? 0,
    failures,
  };
}

export interface RateResult {
  /** Requests per second offered (scheduled), whatever the answers. */
  offered: number;
  sent: number;
  /** Answers per second over the time from the first scheduled send to the last answer. */
  achieved: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  failures: number;
  /** This process's own CPU over the run, in % of one core: the load generator's cost. */
  generatorCpuPercent: number;
  /** CPU time the hypervisor gave to other guests during the run, all CPUs, in ms (a VM's stalls show here). */
  stealMs: number;
  /** The measured window and each slow request, as epoch-ms spans (bench/hiccups.ts). */
  window: Span;
  slow: Span[];
}

/**
 * Open loop at a steady rate: request i is due at start + i/rate whether or not earlier ones have answered, and
 * its latency is counted from that due time, so time spent queueing (in the server or in this generator) counts.
 * Each wake-up sends every request already due (timers are not precise to a millisecond); the first `warmup`
 * requests are sent on the same schedule but not counted.
 */
export async function runOpenLoop(options: {
  ratePerSecond: number;
  count: number;
  warmup?: number;
  task: (index: number) => Promise<boolean>;
}): Promise<RateResult> {
  const { ratePerSecond, count } = options;
  const warmup = options.warmup ?? 0;
  const total = warmup + count;
  const intervalMs = 1000 / ratePerSecond;
  const latencies: number[] = [];
  const slow: Span[] = [];
  const inFlight: Promise<void>[] = [];
  let failures = 0;
  let measuredStart = 0;
  let cpuBefore = process.cpuUsage();
  let stealBefore = cpuStealMs();
  const start = performance.now();
  let next = 0;
  while (next < total) {
    const now = performance.now();
    while (next < total && start + next * intervalMs <= now) {
      const index = next++;
      const due = start + index * intervalMs;
      const counted = index >= warmup;
      if (index === warmup) {
        measuredStart = due;
        cpuBefore = process.cpuUsage();
        stealBefore = cpuStealMs();
      }
      inFlight.push(
        options.task(index).then(
          (ok) => {
            if (!counted) return;
            const latency = performance.now() - due;
            latencies.push(latency);
            const span = slowSpan(due, latency);
            if (span) slow.push(span);
            if (!ok) failures += 1;
          },
          () => {
            if (counted) failures += 1;
          },
        ),
      );
    }
    if (next < total) {
      const wait = start + next * intervalMs - performance.now();
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, wait)));
    }
  }
  await Promise.all(inFlight);
  const elapsedMs = performance.now() - measuredStart;
  const cpu = process.cpuUsage(cpuBefore);
  const sorted = latencies.sort((a, b) => a - b);
  return {
    offered: ratePerSecond,
    sent: count,
    achieved: (count / elapsedMs) * 1000,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? 0,
    failures,
    generatorCpuPercent: ((cpu.user + cpu.system) / 1000 / elapsedMs) * 100,
    stealMs: cpuStealMs() - stealBefore,
    window: {
      start: performance.timeOrigin + measuredStart,
      end: performance.timeOrigin + measuredStart + elapsedMs,
    },
    slow,
  };
}

/**
 * Best effort on a small machine: pins a process (all its threads) to the given CPUs with `taskset`, so the load
 * generator and the server do not take turns on one core. False when there is no `taskset` or too few CPUs.
 * PostgreSQL and Redis are shared services and are not pinned.
 */
export function pinToCpus(pid: number | undefined, cpuList: string): boolean {
  if (pid === undefined || cpus().length < 2) return false;
  const result = spawnSync("taskset", ["-a", "-p", "-c", cpuList, String(pid)], { stdio: "ignore" });
  return result.status === 0;
}

/** Every CPU of the machine, as taskset writes a list (undoes pinToCpus). */
export const ALL_CPUS = `0-${cpus().length - 1}`;

/**
 * The load generator (this process) on CPU 0 and the server on CPU 1 for a latency measurement, only if
 * `BENCH_PIN=1`: on two shared cores a pinned server shares its CPU with the PostgreSQL backends it wakes and
 * cannot move away, and its tail was longer pinned in both benches (bench/README.md). `unpin` gives both every
 * CPU again. `label` says what happened, for the bench's header line.
 */
export function pinApart(serverPid: number | undefined): { pinned: boolean; label: string; unpin(): void } {
  const wanted = process.env.BENCH_PIN === "1";
  const pinned = wanted && pinToCpus(process.pid, "0") && pinToCpus(serverPid, "1");
  return {
    pinned,
    label: pinned
      ? "load generator pinned to CPU 0, server to CPU 1 (taskset; PostgreSQL and Redis float)"
      : wanted
        ? "not pinned (no taskset, or one CPU)"
        : "not pinned (BENCH_PIN=1 pins the generator and the server to separate CPUs)",
    unpin() {
      if (!pinned) return;
      pinToCpus(process.pid, ALL_CPUS);
      pinToCpus(serverPid, ALL_CPUS);
    },
  };
}

export interface IssueRow {
  measure: string;
  figure: string;
  target: string;
  /** null: not measured in this run. */
  met: boolean | null;
}

/** Issue 13's table rows a bench owns, measured in this run, as a Markdown table (measure | figure | target | met). */
export function printIssueRows(rows: IssueRow[]): void {
  console.log("\nIssue 13, this run:");
  console.log("| measure (2 shared cores) | this run | target | met |");
  console.log("|---|---|---|---|");
  for (const row of rows) {
    const met = row.met === null ? "–" : row.met ? "yes" : "**no**";
    console.log(`| ${row.measure} | ${row.figure} | ${row.target} | ${met} |`);
  }
}

/** `transactionDate` is Daraja's YYYYMMDDHHmmss in Nairobi time (default 22 November 2026, 09:30:15). */
export function stkBody(
  checkoutRequestId: string,
  receipt: string,
  amountShillings: number,
  phone: string,
  transactionDate = 20261122093015,
) {
  return JSON.stringify({
    Body: {
      stkCallback: {
        MerchantRequestID: `bench-${checkoutRequestId}`,
        CheckoutRequestID: checkoutRequestId,
        ResultCode: 0,
        ResultDesc: "The service request is processed successfully.",
        CallbackMetadata: {
          Item: [
            { Name: "Amount", Value: amountShillings },
            { Name: "MpesaReceiptNumber", Value: receipt },
            { Name: "Balance" },
            { Name: "TransactionDate", Value: transactionDate },
            { Name: "PhoneNumber", Value: Number(phone) },
          ],
        },
      },
    },
  });
}

export function receiptFor(index: number): string {
  return `RB${index.toString(36).toUpperCase().padStart(8, "0")}`;
}

export function shuffle<T>(items: T[]): T[] {
  for (let index = items.length - 1; index > 0; index -= 1) {
    const other = Math.floor(Math.random() * (index + 1));
    [items[index], items[other]] = [items[other] as T, items[index] as T];
  }
  return items;
}

export const fmt = (value: number, digits = 1) => value.toFixed(digits);

/**
 * A minimal Daraja for confirmations: an access token, "accepted" for every STK push (a fresh CheckoutRequestID),
 * and "paid" for every STK Query, at once.
 */
export async function startDarajaStandIn(): Promise<{ url: string; close(): Promise<void> }> {
  let pushes = 0;
  const server: Server = createHttpServer((request, response) => {
    const answer = (body: unknown) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    };
    if (request.url?.startsWith("/oauth/v1/generate")) {
      answer({ access_token: "bench-token", expires_in: "3599" });
      return;
    }
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as {
        CheckoutRequestID?: string;
      };
      if (request.url?.startsWith("/mpesa/stkpush/v1/processrequest")) {
        pushes += 1;
        answer({
          MerchantRequestID: `bench-merchant-${pushes}`,
          CheckoutRequestID: `ws_CO_standin_${process.pid}_${Date.now().toString(36)}_${pushes}`,
          ResponseCode: "0",
          ResponseDescription: "Success. Request accepted for processing",
          CustomerMessage: "Success. Request accepted for processing",
        });
        return;
      }
      answer({
        ResponseCode: "0",
        ResponseDescription: "The service request has been accepted successsfully",
        MerchantRequestID: "bench",
        CheckoutRequestID: body.CheckoutRequestID,
        ResultCode: "0",
        ResultDesc: "The service request is processed successfully.",
      });
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** POSTs a callback body over keep-alive node:http (lighter than fetch, so the sender takes less CPU): true on 200. */
export function createCallbackSender(concurrency: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  return (url: string, body: string) =>
    new Promise<boolean>((resolve, reject) => {
      const outgoing = httpRequest(
        url,
        {
          method: "POST",
          agent,
          headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
        },
        (response) => {
          response.resume();
          response.on("end", () => resolve(response.statusCode === 200));
        },
      );
      outgoing.on("error", reject);
      outgoing.end(body);
    });
}

export interface BenchBusiness {
  id: string;
  stkUrl: string;
}

/** A business with M-Pesa set up (sandbox, so Daraja is DARAJA_BASE_URL): its id and STK callback URL. */
export async function createMpesaBusiness(
  api: string,
  accessToken: string,
  name: string,
): Promise<BenchBusiness> {
  const created = await trpc<{ id: string }>(
    api,
    "business.create",
    {
      legalName: `Bench Traders ${name} Ltd`,
      country: "KE",
      baseCurrency: "KES",
      timezone: "Africa/Nairobi",
    },
    accessToken,
  );
  return { id: created.id, stkUrl: await saveMpesaSettings(api, accessToken, created.id) };
}

/** Sets up M-Pesa (sandbox Paybill, so Daraja is DARAJA_BASE_URL) for a business; its STK callback URL. */
export async function saveMpesaSettings(
  api: string,
  accessToken: string,
  businessId: string,
): Promise<string> {
  const settings = await trpc<{ callbackUrls: { stk: string } }>(
    api,
    "mpesa.settings.save",
    {
      businessId,
      accountType: "paybill",
      shortcode: "174379",
      environment: "sandbox",
      consumerKey: "bench-key",
      consumerSecret: "bench-secret",
      passkey: "bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919",
    },
    accessToken,
  );
  return settings.callbackUrls.stk;
}

/** The machine's CPU steal so far, all CPUs, in ms (Linux /proc/stat's 8th "cpu" field, in 1/100 s; 0 elsewhere). */
export function cpuStealMs(): number {
  try {
    const fields = readFileSync("/proc/stat", "utf8").split("\n", 1)[0]?.trim().split(/\s+/) ?? [];
    return Number(fields[8] ?? 0) * 10;
  } catch {
    return 0;
  }
}

/** User + system CPU time of a process so far, in ms (Linux /proc; 0 elsewhere). */
export function cpuMsOf(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    // utime and stime are fields 14 and 15 of the whole line, in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

/** Waits until a process just started has finished loading (its CPU time stops growing), at most 60 s. */
export async function waitUntilQuiet(pid: number | undefined) {
  const deadline = performance.now() + 60_000;
  let last = cpuMsOf(pid);
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  while (performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const now = cpuMsOf(pid);
    if (now - last < 50) return;
    last = now;
  }
}

/** Now as Daraja writes a TransactionDate: YYYYMMDDHHmmss in Nairobi time (UTC+3, no daylight saving). */
export function darajaNow(now = new Date()): number {
  return Number(new Date(now.getTime() + 3 * 3_600_000).toISOString().replace(/\D/g, "").slice(0, 14));
}
