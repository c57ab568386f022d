/**
 * The mixed load test (issue 13): what real users do, at once, against the real server and worker (own
 * processes), in a database and Redis prefix of the run's own (dropped after).
 *
 *   pnpm bench load            scenario `mvp`: 100 virtual users for 10 minutes, closed loop with think time
 *   pnpm bench load year-one   500 requests per second offered (open loop: latency from each scheduled send)
 *   BENCH_LOAD_SECONDS=60 pnpm bench load      a short run
 *
 * Operations (weights in OPERATIONS): the business home (dashboard overview + what needs attention), the
 * transaction list with filters (type, dates, search, category), the invoice list, reports (profit and loss,
 * cash summary, 12-month summary), an invoice created → issued → an STK push to the customer's phone, and a CSV
 * import (upload → commit). Every STK push is approved by the "customer": its callback waits in a pool that is
 * POSTed in bursts (every BENCH_LOAD_BURST_SECONDS, ~20 % delivered twice) through the real webhook, and the
 * worker confirms each with the Daraja stand-in of bench/mpesa-kit.ts before settling. At the end the bench
 * waits for every approved payment to settle and checks each invoice's amount paid.
 *
 * It prints per operation p50/p95/p99, errors (must be 0), requests per second, the server's and worker's CPU
 * (from /proc), the load generator's own CPU, and PostgreSQL connections (mean / max of 1-second samples).
 */
import { randomBytes } from "node:crypto";
import { openSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { createDatabase, runMigrations } from "@kavi/db";
import { startFakeFx } from "@kavi/fx/fake";
import { startMailCatcher } from "@kavi/mailcatcher";
import { freePort } from "@kavi/testing";
import pg from "pg";
import { signUpAndConfirm } from "./accounts";
import { summariseAppLog } from "./app-log";
import {
  children,
  cpuMsOf,
  createCallbackSender,
  darajaNow,
  percentile,
  printIssueRows,
  receiptFor,
  saveMpesaSettings,
  shuffle,
  startApp,
  startDarajaStandIn,
  stkBody,
  stopApp,
  trpc,
  waitForHttp,
  waitUntilQuiet,
} from "./mpesa-kit";
import { admin, databaseUrl, dropScratch, REDIS_URL } from "./scratch";
import { loadTransactions } from "./seed";
import { HttpStatusError, TrpcHttpClient } from "./trpc";

const scenario = process.argv[3] ?? process.env.BENCH_LOAD_SCENARIO ?? "mvp";
if (scenario !== "mvp" && scenario !== "year-one") {
  console.error(`unknown scenario ${scenario}: mvp or year-one`);
  process.exit(2);
}
const USERS = Number(process.env.BENCH_LOAD_USERS ?? 100);
const RATE = Number(process.env.BENCH_LOAD_RATE ?? 500);
const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 600);
const WARMUP_SECONDS = Number(process.env.BENCH_LOAD_WARMUP_SECONDS ?? 10);
const BUSINESSES = Number(process.env.BENCH_LOAD_BUSINESSES ?? 20);
const TRANSACTIONS = Number(process.env.BENCH_LOAD_TRANSACTIONS ?? 20_000);
const THINK_MS = Number(process.env.BENCH_LOAD_THINK_MS ?? 3_000);
const BURST_SECONDS = Number(process.env.BENCH_LOAD_BURST_SECONDS ?? 15);
const SETTLE_SECONDS = Number(process.env.BENCH_SETTLE_SECONDS ?? 300);
const PASSWORD = "Bench-Mark-Mzigo-2026";
/** Requests per second offered: the open loop's rate, or users over their think time in the closed loop. */
const OFFERED_PER_SECOND = scenario === "mvp" ? USERS / (THINK_MS / 1000) : RATE;
/**
 * The server's PostgreSQL pool, sized against the offered rate (Little's law): connections busy on average =
 * requests per second × the time each holds one (~40 ms assumed, the reports' queries included), doubled for
 * bursts; never below the server's default (20), at most 40 (PostgreSQL's max_connections is shared with the
 * worker and other clients).
 */
const POOL_SIZE = Number(
  process.env.BENCH_POOL_SIZE ?? Math.min(40, Math.max(20, Math.ceil(OFFERED_PER_SECOND * 0.04 * 2))),
);

const runId = `${Date.now().toString(36)}${randomBytes(3).toString("hex")}`;
const databaseName = `kavi_bench_load_${runId}`;
const redisPrefix = `kavi-bench-load-${runId}`;
const url = databaseUrl(databaseName);

interface Business {
  id: string;
  stkUrl: string;
  http: TrpcHttpClient;
  customerIds: string[];
  categoryIds: string[];
  /** Invoices created and not yet issued / issued and not yet asked to pay (for the open loop's chain). */
  drafts: string[];
  issued: string[];
}

interface Approved {
  requestId: string;
  invoiceId: string;
  checkoutRequestId: string;
  amountShillings: number;
  phone: string;
  stkUrl: string;
}

const approved: Approved[] = [];
const burstPool: Approved[] = [];
let receiptCounter = 0;
let importCounter = 0;

const latencies = new Map<string, number[]>();
const errors = new Map<string, number>();
const firstErrors = new Map<string, string>();
let measuring = false;

function record(operation: string, ms: number) {
  if (!measuring) return;
  const list = latencies.get(operation) ?? [];
  if (list.length === 0) latencies.set(operation, list);
  list.push(ms);
}
function recordError(operation: string, error: unknown) {
  if (!firstErrors.has(operation)) firstErrors.set(operation, String(error).slice(0, 300));
  if (!measuring) return;
  errors.set(operation, (errors.get(operation) ?? 0) + 1);
}

/** 503s answered (the server overloaded for a moment), each waited out as its Retry-After said and sent again. */
const overloaded = new Map<string, number>();
/** How often a client sends a request again after a 503 before it counts the request as failed. */
const MAX_RETRIES_AFTER_503 = 3;

/**
 * Times one request as `operation`, from `since` (the scheduled send time in the open loop). A 503 with
 * Retry-After is what a real client waits out and sends again: counted apart from errors, and its wait counts in
 * the request's latency.
 */
async function timed<T>(operation: string, work: () => Promise<T>, since = performance.now()): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      const result = await work();
      record(operation, performance.now() - since);
      return result;
    } catch (error) {
      const retryAfter =
        error instanceof HttpStatusError && error.status === 503 ? error.retryAfterSeconds : null;
      if (retryAfter !== null && attempt < MAX_RETRIES_AFTER_503) {
        if (measuring) overloaded.set(operation, (overloaded.get(operation) ?? 0) + 1);
        await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000));
        continue;
      }
      recordError(operation, error);
      throw error;
    }
  }
}

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;
const today = () => new Date().toISOString().slice(0, 10);
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
const phone = () => `2547${String(Math.floor(Math.random() * 100_000_000)).padStart(8, "0")}`;

function listFilters(business: Business): Record<string, unknown> {
  const filters: Record<string, unknown>[] = [
    {},
    { from: daysAgo(90), to: today() },
    { types: "expense", from: daysAgo(30), to: today() },
    { types: "income" },
    { search: `Sale to customer #${1 + Math.floor(Math.random() * 999)}` },
    { categoryIds: [pick(business.categoryIds)] },
    { paymentMethods: "mpesa", sort: "amount_desc" },
  ];
  return { businessId: business.id, limit: 50, ...pick(filters) };
}

/** A small M-Pesa statement with receipts no other import used. */
function statementCsv(): string {
  importCounter += 1;
  const rows = Array.from({ length: 20 }, (_, index) => {
    const receipt = `LT${importCounter.toString(36).toUpperCase().padStart(4, "0")}${index.toString(36).toUpperCase().padStart(4, "0")}`;
    const paidIn = index % 3 === 0;
    const amount = `${(100 + ((importCounter * 37 + index * 53) % 9_000)).toLocaleString("en")}.00`;
    return `"${receipt}","${daysAgo(index % 20)} 09:${String(index).padStart(2, "0")}:00","${paidIn ? "Funds received from 254712345678 - JOHN KAMAU" : "Merchant Payment Online to 5123456 - JAVA HOUSE"}","Completed","${paidIn ? amount : ""}","${paidIn ? "" : `-${amount}`}","10,000.00"`;
  });
  return [
    '"M-PESA STATEMENT"',
    '"Customer Name:","BENCH TRADERS LTD"',
    '""',
    '"DETAILED STATEMENT"',
    '"Receipt No.","Completion Time","Details","Transaction Status","Paid In","Withdrawn","Balance"',
    ...rows,
  ].join("\n");
}

type Operation = (business: Business, since?: number) => Promise<void>;

const home: Operation = async (business, since) => {
  await Promise.all([
    timed(
      "home: dashboard.overview",
      () => business.http.query("dashboard.overview", { businessId: business.id, period: "this_month" }),
      since,
    ),
    timed(
      "home: dashboard.attention",
      () => business.http.query("dashboard.attention", { businessId: business.id }),
      since,
    ),
  ]);
};
const transactionList: Operation = async (business, since) => {
  const filters = listFilters(business);
  // The search has its own row: its cost is its index's (migration 0032), not the list's.
  await timed(
    "search" in filters ? "transactions.list (search)" : "transactions.list (filters)",
    () => business.http.query("transactions.list", filters),
    since,
  );
};
const invoiceList: Operation = async (business, since) => {
  await timed(
    "invoices.list",
    () => business.http.query("invoices.list", { businessId: business.id }),
    since,
  );
};
const reports: Operation = async (business, since) => {
  const range = { businessId: business.id, from: daysAgo(pick([30, 90, 365])), to: today() };
  const which = pick(["reports.profitAndLoss", "reports.cashSummary", "transactions.summary"] as const);
  const input = which === "transactions.summary" ? { businessId: business.id } : range;
  await timed(`report: ${which}`, () => business.http.query(which, input), since);
};
const createInvoice = (business: Business, since?: number) =>
  timed(
    "invoices.create",
    () =>
      business.http.mutation<{ id: string }>("invoices.create", {
        businessId: business.id,
        customerId: pick(business.customerIds),
        lines: [
          {
            description: "Sukuma wiki, crates",
            quantity: String(1 + Math.floor(Math.random() * 5)),
            unitPrice: "850",
          },
          {
            description: "Delivery",
            quantity: "1",
            unitPrice: String(100 + 25 * Math.floor(Math.random() * 16)),
          },
        ],
      }),
    since,
  );
const issueInvoice = (business: Business, invoiceId: string, since?: number) =>
  timed(
    "invoices.issue",
    () => business.http.mutation("invoices.issue", { businessId: business.id, invoiceId }),
    since,
  );
const askToPay = async (business: Business, invoiceId: string, since?: number) => {
  const customerPhone = phone();
  const request = await timed(
    "mpesa.requests.create (STK push)",
    () =>
      business.http.mutation<{ id: string; checkoutRequestId: string | null; amountMinor: bigint }>(
        "mpesa.requests.create",
        { businessId: business.id, invoiceId, phone: customerPhone },
      ),
    since,
  );
  if (!request.checkoutRequestId) throw new Error(`request ${request.id} has no CheckoutRequestID`);
  const payment: Approved = {
    requestId: request.id,
    invoiceId,
    checkoutRequestId: request.checkoutRequestId,
    amountShillings: Number(BigInt(request.amountMinor) / 100n),
    phone: customerPhone,
    stkUrl: business.stkUrl,
  };
  approved.push(payment);
  burstPool.push(payment);
};
const invoiceFlow: Operation = async (business) => {
  const invoice = await createInvoice(business);
  await issueInvoice(business, invoice.id);
  await askToPay(business, invoice.id);
};
const csvImport: Operation = async (business, since) => {
  const upload = await timed(
    "import: upload",
    () =>
      business.http.mutation<{ importId: string; preview: { suggestedMapping: unknown } | null }>(
        "transactions.import.upload",
        { businessId: business.id, fileName: `statement-${importCounter}.csv`, content: statementCsv() },
      ),
    since,
  );
  await timed("import: commit", () =>
    business.http.mutation("transactions.import.commit", {
      businessId: business.id,
      importId: upload.importId,
      mapping: upload.preview?.suggestedMapping,
    }),
  );
};

/** What a user does next, by weight (a session is mostly reading). */
const OPERATIONS: ReadonlyArray<readonly [Operation, number]> = [
  [home, 25],
  [transactionList, 30],
  [invoiceList, 12],
  [reports, 13],
  [invoiceFlow, 12],
  [csvImport, 3],
];
const totalWeight = OPERATIONS.reduce((sum, [, weight]) => sum + weight, 0);
function nextOperation(): Operation {
  let draw = Math.random() * totalWeight;
  for (const [operation, weight] of OPERATIONS) {
    draw -= weight;
    if (draw < 0) return operation;
  }
  return home;
}

/** Open loop: one request per arrival; the invoice chain moves one step per arrival (create, issue or pay). */
async function openLoopRequest(business: Business, due: number): Promise<void> {
  const operation = nextOperation();
  if (operation !== invoiceFlow) return operation(business, due);
  const issuedId = business.issued.shift();
  if (issuedId) return askToPay(business, issuedId, due);
  const draftId = business.drafts.shift();
  if (draftId) {
    await issueInvoice(business, draftId, due);
    business.issued.push(draftId);
    return;
  }
  business.drafts.push((await createInvoice(business, due)).id);
}

/** POSTs every approved payment's callback waiting in the pool at once (~20 % twice, shuffled). */
async function flushBurst(post: (url: string, body: string) => Promise<boolean>, concurrency: number) {
  const batch = burstPool.splice(0);
  const deliveries = shuffle(
    batch.flatMap((payment) => (Math.random() < 0.2 ? [payment, payment] : [payment])),
  );
  const receipts = new Map(
    batch.map((payment) => [payment.requestId, receiptFor(5_000_000 + receiptCounter++)]),
  );
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, deliveries.length) }, async () => {
      while (next < deliveries.length) {
        const payment = deliveries[next++] as Approved;
        const body = stkBody(
          payment.checkoutRequestId,
          receipts.get(payment.requestId) ?? "",
          payment.amountShillings,
          payment.phone,
          darajaNow(),
        );
        await timed("M-Pesa callback (webhook, burst)", async () => {
          if (!(await post(`${payment.stkUrl}/${payment.requestId}`, body)))
            throw new Error("callback not 200");
        }).catch(() => undefined);
      }
    }),
  );
}

async function main() {
  const started = performance.now();
  const loadAtStart = loadavg()
    .map((value) => value.toFixed(1))
    .join(" / ");
  console.log(
    `Load test, scenario ${scenario}: ${scenario === "mvp" ? `${USERS} virtual users (think time ~${THINK_MS} ms)` : `${RATE} req/s offered, open loop`}, ${SECONDS} s measured after ${WARMUP_SECONDS} s warm-up, ${BUSINESSES} businesses of ${TRANSACTIONS.toLocaleString("en")} transactions, server pool ${POOL_SIZE}; load average ${loadAtStart}`,
  );
  await admin((client) => client.query(`create database "${databaseName}"`));
  const migrator = createDatabase({ url, max: 1 });
  await runMigrations(migrator.db);
  await migrator.close();

  const pool = new pg.Pool({ connectionString: url, max: 4 });
  const daraja = await startDarajaStandIn();
  // The worker's exchange-rate job asks the local CBK fake, never the real site (no network here, and not ours to load).
  const fx = await startFakeFx({ port: await freePort() });
  const mail = await startMailCatcher({ host: "127.0.0.1", maxMessages: 1_000 });
  const port = await freePort();
  const api = `http://127.0.0.1:${port}`;
  const shared = {
    DATABASE_URL: url,
    REDIS_URL,
    REDIS_PREFIX: redisPrefix,
    API_PUBLIC_URL: api,
    DARAJA_BASE_URL: daraja.url,
    FX_BASE_URL: fx.url,
    SMTP_URL: `smtp://127.0.0.1:${mail.smtpPort}`,
  };
  // The apps' logs (warnings and errors) are kept beside the run, to explain any error it counts.
  const logFile = path.join(tmpdir(), `${redisPrefix}.log`);
  const log = openSync(logFile, "a");
  console.log(`Server and worker logs: ${logFile}`);
  const server = startApp(
    "apps/server/src/main.ts",
    {
      ...shared,
      PORT: String(port),
      HOST: "127.0.0.1",
      DB_POOL_MAX: String(POOL_SIZE),
      RATE_LIMIT_AUTHENTICATED_PER_HOUR: "1000000000",
      RATE_LIMIT_ANONYMOUS_PER_HOUR: "1000000000",
      MPESA_STK_PER_BUSINESS_PER_MINUTE: "1000000",
      MPESA_STK_PER_PHONE_PER_MINUTE: "1000",
    },
    log,
  );
  const worker = startApp("apps/worker/src/main.ts", { ...shared, DB_POOL_MAX: "10" }, log);
  const businesses: Business[] = [];
  try {
    await waitForHttp(`${api}/api/health`, 240_000);
    console.log(`Server at ${api}; setting up ${BUSINESSES} businesses…`);
    for (let index = 0; index < BUSINESSES; index += 1) {
      const owner = await signUpAndConfirm((path, input) => trpc(api, path, input), pool, {
        fullName: `Load Owner ${index}`,
        email: `load.owner.${index}.${runId}@example.co.ke`,
        password: PASSWORD,
      });
      const created = await trpc<{ id: string }>(
        api,
        "business.create",
        {
          legalName: `Mzigo Traders ${index} ${runId} Ltd`,
          country: "KE",
          baseCurrency: "KES",
          timezone: "Africa/Nairobi",
        },
        owner.accessToken,
      );
      const stkUrl = await saveMpesaSettings(api, owner.accessToken, created.id);
      const customerIds: string[] = [];
      for (let customer = 0; customer < 10; customer += 1) {
        const row = await trpc<{ id: string }>(
          api,
          "customers.create",
          { businessId: created.id, name: `Mteja ${customer} wa ${index}`, phone: phone() },
          owner.accessToken,
        );
        customerIds.push(row.id);
      }
      const client = await pool.connect();
      try {
        await client.query("alter table transactions disable trigger user");
        await loadTransactions(client, {
          businessId: created.id,
          ownerId: owner.user.id,
          count: TRANSACTIONS,
          log: () => undefined,
        });
        await client.query("alter table transactions enable trigger user");
        await client.query("select ledger_rebuild_daily_totals($1)", [created.id]);
      } finally {
        client.release();
      }
      const categories = await pool.query<{ id: string }>(
        "select id from categories where business_id = $1 and archived_at is null",
        [created.id],
      );
      const http = new TrpcHttpClient(
        api,
        Math.max(4, Math.ceil((scenario === "mvp" ? USERS : 200) / BUSINESSES) * 2),
      );
      http.accessToken = owner.accessToken;
      businesses.push({
        id: created.id,
        stkUrl,
        http,
        customerIds,
        categoryIds: categories.rows.map((row) => row.id),
        drafts: [],
        issued: [],
      });
    }
    await pool.query("vacuum analyze transactions");
    await pool.query("vacuum analyze ledger_daily_totals");
    await waitUntilQuiet(worker.pid);
    console.log(`Set up in ${((performance.now() - started) / 1000).toFixed(0)} s. Measuring…`);

    const post = createCallbackSender(20);
    const cpu = {
      server: cpuMsOf(server.pid),
      worker: cpuMsOf(worker.pid),
      self: process.cpuUsage(),
    };
    const connections: number[] = [];
    let stopping = false;
    const sampler = (async () => {
      while (!stopping) {
        const row = await pool.query<{ count: string }>(
          "select count(*)::text as count from pg_stat_activity where datname = current_database()",
        );
        if (measuring) connections.push(Number(row.rows[0]?.count ?? 0) - 1);
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    })();
    const bursts = (async () => {
      while (!stopping) {
        await new Promise((resolve) => setTimeout(resolve, BURST_SECONDS * 1000));
        await flushBurst(post, 20);
      }
    })();

    const warmupEnd = performance.now() + WARMUP_SECONDS * 1000;
    const end = warmupEnd + SECONDS * 1000;
    setTimeout(() => {
      measuring = true;
      cpu.server = cpuMsOf(server.pid);
      cpu.worker = cpuMsOf(worker.pid);
      cpu.self = process.cpuUsage();
    }, WARMUP_SECONDS * 1000);
    if (scenario === "mvp") {
      await Promise.all(
        Array.from({ length: USERS }, async (_, user) => {
          const business = businesses[user % businesses.length] as Business;
          // Users do not all arrive in the same second.
          await new Promise((resolve) => setTimeout(resolve, Math.random() * THINK_MS));
          while (performance.now() < end) {
            await nextOperation()(business).catch(() => undefined);
            const think = -Math.log(1 - Math.random()) * THINK_MS;
            await new Promise((resolve) => setTimeout(resolve, Math.min(think, end - performance.now())));
          }
        }),
      );
    } else {
      const intervalMs = 1000 / RATE;
      const start = performance.now();
      const inFlight = new Set<Promise<void>>();
      for (let index = 0; ; index += 1) {
        const due = start + index * intervalMs;
        if (due >= end) break;
        const wait = due - performance.now();
        if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
        const request = openLoopRequest(pick(businesses), due).catch(() => undefined);
        inFlight.add(request);
        void request.finally(() => inFlight.delete(request));
      }
      await Promise.all(inFlight);
    }
    // Rates over the window in which requests were started; CPU over the whole time until the last answer.
    const measuredSeconds = SECONDS;
    const elapsedSeconds = (performance.now() - warmupEnd) / 1000;
    const serverCpu = cpuMsOf(server.pid) - cpu.server;
    const workerCpu = cpuMsOf(worker.pid) - cpu.worker;
    const selfCpu = process.cpuUsage(cpu.self);
    const loadAtEnd = loadavg();
    measuring = false;
    stopping = true;
    await bursts;
    await flushBurst(post, 20);
    await sampler;

    // ── Every approved payment settles, once ──
    const settleStarted = performance.now();
    let open = approved.length;
    while (performance.now() - settleStarted < SETTLE_SECONDS * 1000) {
      const row = await pool.query<{ open: string }>(
        "select count(*)::text as open from mpesa_payment_requests where id = any($1::uuid[]) and status in ('pending', 'confirming')",
        [approved.map((payment) => payment.requestId)],
      );
      open = Number(row.rows[0]?.open ?? 0);
      if (open === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    // Each approved request paid once: one M-Pesa payment of its amount, and the invoice's amount paid is their sum.
    const money = await pool.query<{ invoices: string; exact: string; sample: string | null }>(
      `with r as (
         select q.invoice_id, sum(q.amount_minor) as asked,
                (select coalesce(sum(p.amount_minor), 0) from mpesa_payments p where p.invoice_id = q.invoice_id) as paid
         from mpesa_payment_requests q where q.id = any($1::uuid[]) group by q.invoice_id)
       select count(*)::text as invoices,
              count(*) filter (where i.amount_paid_minor = r.paid and r.paid = r.asked)::text as exact,
              min(format('invoice %s: asked %s, M-Pesa payments %s, amount paid %s, total %s (%s)', i.id, r.asked, r.paid, i.amount_paid_minor, i.total_minor,
                  (select string_agg(p.status || ': ' || coalesce(p.unreconciled_reason, ''), '; ') from mpesa_payments p where p.invoice_id = i.id)))
                filter (where not (i.amount_paid_minor = r.paid and r.paid = r.asked)) as sample
       from invoices i join r on r.invoice_id = i.id`,
      [approved.map((payment) => payment.requestId)],
    );

    // ── Report ──
    const pad = (value: string, width: number) => value.padStart(width);
    console.log(
      `\nScenario ${scenario}, ${measuredSeconds.toFixed(0)} s measured; load average at the end ${loadAtEnd.map((value) => value.toFixed(1)).join(" / ")}`,
    );
    console.log(
      `  ${"operation".padEnd(36)} ${pad("count", 7)} ${pad("req/s", 7)} ${pad("p50 ms", 8)} ${pad("p95 ms", 8)} ${pad("p99 ms", 8)} ${pad("max ms", 8)} ${pad("errors", 6)} ${pad("503s", 5)}`,
    );
    let total = 0;
    let total503 = 0;
    let totalErrors = 0;
    const all: number[] = [];
    for (const operation of [...new Set([...latencies.keys(), ...errors.keys()])].sort()) {
      const sorted = (latencies.get(operation) ?? []).sort((a, b) => a - b);
      const failed = errors.get(operation) ?? 0;
      const refused = overloaded.get(operation) ?? 0;
      total += sorted.length;
      totalErrors += failed;
      total503 += refused;
      all.push(...sorted);
      console.log(
        `  ${operation.padEnd(36)} ${pad(String(sorted.length), 7)} ${pad((sorted.length / measuredSeconds).toFixed(1), 7)} ${pad(percentile(sorted, 50).toFixed(1), 8)} ${pad(percentile(sorted, 95).toFixed(1), 8)} ${pad(percentile(sorted, 99).toFixed(1), 8)} ${pad((sorted.at(-1) ?? 0).toFixed(1), 8)} ${pad(String(failed), 6)} ${pad(String(refused), 5)}`,
      );
    }
    all.sort((a, b) => a - b);
    console.log(
      `  ${"all requests".padEnd(36)} ${pad(String(total), 7)} ${pad((total / measuredSeconds).toFixed(1), 7)} ${pad(percentile(all, 50).toFixed(1), 8)} ${pad(percentile(all, 95).toFixed(1), 8)} ${pad(percentile(all, 99).toFixed(1), 8)} ${pad((all.at(-1) ?? 0).toFixed(1), 8)} ${pad(String(totalErrors), 6)} ${pad(String(total503), 5)}`,
    );
    console.log(
      "  (503s: answers 'overloaded, Retry-After', waited out and sent again like a real client; not errors unless the retries ran out)",
    );
    for (const [operation, message] of firstErrors) console.log(`  first error, ${operation}: ${message}`);
    // The req/s column is requests started per measured second; when the server falls behind, the answers take
    // longer than the window, and what it served is the answers over the time until the last one.
    const servedPerSecond = total / elapsedSeconds;
    console.log(
      `  served: ${total} answers in ${elapsedSeconds.toFixed(0)} s from the start of measuring (${servedPerSecond.toFixed(1)} req/s served)`,
    );
    const share = (ms: number) => `${((ms / (elapsedSeconds * 1000)) * 100).toFixed(0)} % of a core`;
    console.log(
      `  CPU: server ${share(serverCpu)}, worker ${share(workerCpu)}, load generator ${share((selfCpu.user + selfCpu.system) / 1000)}`,
    );
    const meanConnections =
      connections.reduce((sum, value) => sum + value, 0) / Math.max(1, connections.length);
    console.log(
      `  PostgreSQL connections to the run's database (server pool + worker pool): mean ${meanConnections.toFixed(1)}, max ${Math.max(0, ...connections)}`,
    );
    const exact = money.rows[0];
    console.log(
      `  M-Pesa: ${approved.length} STK payments approved, ${approved.length - open} settled (${open} open after ${((performance.now() - settleStarted) / 1000).toFixed(1)} s of waiting); invoices paid exactly: ${exact?.exact}/${exact?.invoices}`,
    );
    if (exact?.sample) console.log(`  not exact: ${exact.sample}`);
    const appLog = summariseAppLog(logFile);
    console.log(
      `  the server's and worker's log: ${appLog.lines} warnings or errors, ${appLog.failedForGood} jobs failed for good${appLog.lines > 0 ? ":" : ""}`,
    );
    for (const [what, count] of appLog.top) console.log(`    ${String(count).padStart(5)} × ${what}`);
    const ok =
      totalErrors === 0 && open === 0 && exact?.exact === exact?.invoices && appLog.failedForGood === 0;
    const p95 = percentile(all, 95);
    const offered = scenario === "mvp" ? `${USERS} users` : `${RATE} req/s offered`;
    printIssueRows([
      {
        measure: `mixed load, ${scenario} (${offered}, ${measuredSeconds.toFixed(0)} s): errors`,
        figure: `${totalErrors} (${total503} × 503 waited out and retried)`,
        target: "0",
        met: totalErrors === 0,
      },
      {
        measure: `mixed load, ${scenario}: all requests p95 (${servedPerSecond.toFixed(0)} req/s served)`,
        figure: `${p95.toFixed(1)} ms`,
        target: "< 200 ms (spec: API p95)",
        met: p95 < 200,
      },
      {
        measure: `mixed load, ${scenario}: approved M-Pesa payments settled exactly once`,
        figure: `${approved.length - open}/${approved.length} settled, ${exact?.exact}/${exact?.invoices} invoices exact`,
        target: "all",
        met: open === 0 && exact?.exact === exact?.invoices,
      },
      {
        measure: `mixed load, ${scenario}: background jobs failed for good (the worker's log)`,
        figure: `${appLog.failedForGood} (${appLog.lines} warnings or errors logged)`,
        target: "0",
        met: appLog.failedForGood === 0,
      },
    ]);
    console.log(
      `  server pool ${POOL_SIZE} connections; load average at the start ${loadAtStart}, at the end ${loadAtEnd.map((value) => value.toFixed(1)).join(" / ")}`,
    );
    console.log(
      `\n${ok ? "PASS" : "FAIL"}: zero errors, every approved payment settled exactly once, no job failed for good`,
    );
    if (!ok) process.exitCode = 1;
  } finally {
    for (const business of businesses) await business.http.close().catch(() => undefined);
    await stopApp(worker);
    await stopApp(server);
    await daraja.close();
    await fx.close();
    await mail.close();
    await pool.end();
    await dropScratch(databaseName, redisPrefix);
    console.log(`Dropped ${databaseName}.`);
  }
}

process.on("SIGINT", () => {
  for (const child of children) child.kill("SIGTERM");
  process.exit(130);
});

await main().catch(async (error: unknown) => {
  console.error("load test failed:", error);
  for (const child of children) await stopApp(child);
  process.exitCode = 1;
});
