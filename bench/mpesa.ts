/**
 * M-Pesa benchmark (issue 4 §10). Not a test: it measures, prints the figures and checks the money.
 *
 *   pnpm --filter @kavi/bench mpesa            (or: pnpm exec tsx bench/mpesa.ts)
 *
 * 1. Callback acknowledgement: 50 concurrent senders POST STK callbacks to the real server (its own process);
 *    p50/p99 latency and throughput with the durable insert, beside a bare `pg` loop running the same INSERT at
 *    the same concurrency, and the ratio.
 * 2. End to end: 10,000 STK callbacks for 2,000 invoices (five partial payments each), 20 % delivered twice,
 *    shuffled, processed by ONE worker process; the time until every request is settled, then the check that
 *    every invoice's money and the total match exactly: zero lost, zero applied twice. Every callback is only a
 *    claim: the worker confirms each with an STK Query before applying it (issue 8), answered by a minimal Daraja
 *    stand-in below (OAuth and STK Query only, "paid" for every CheckoutRequestID, at once), so the figure is
 *    KAVI's own cost of confirming, not Safaricom's latency.
 *
 * Needs PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432) and Redis (REDIS_URL). It creates
 * and drops its own database and Redis prefix, and stops the processes it starts.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { Agent, createServer as createHttpServer, request as httpRequest } from "node:http";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createDatabase, runMigrations } from "@kavi/db";
import { Redis } from "ioredis";
import pg from "pg";
import { signUpAndConfirm } from "./accounts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const serverUrlBase = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const ACK_REQUESTS = Number(process.env.BENCH_ACK_REQUESTS ?? 10_000);
const INVOICES = Number(process.env.BENCH_INVOICES ?? 2_000);
const PAYMENTS_PER_INVOICE = 5;
const DUPLICATE_SHARE = 0.2;
const POOL_SIZE = Number(process.env.BENCH_POOL_SIZE ?? 20);

const runId = `${Date.now().toString(36)}${randomBytes(3).toString("hex")}`;
const databaseName = `kavi_bench_${runId}`;
const redisPrefix = `kavi-bench-${runId}`;

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
const databaseUrl = withDatabase(serverUrlBase, databaseName);

async function maintenance<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: withDatabase(serverUrlBase, "postgres") });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const children = new Set<ChildProcess>();

function startApp(entry: string, env: Record<string, string>): ChildProcess {
  const profile = process.env.BENCH_PROFILE
    ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`]
    : [];
  const child = spawn(process.execPath, [...profile, "--import", "tsx", entry], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "development", LOG_LEVEL: "warn", LOG_PRETTY: "false", ...env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}

async function stopApp(child: ChildProcess): Promise<void> {
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

async function waitForHttp(url: string, timeoutMs = 60_000): Promise<void> {
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

async function trpc<T>(base: string, procedure: string, input: unknown, token?: string): Promise<T> {
  const response = await fetch(`${base}/api/trpc/${procedure}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(input),
  });
  const body = (await response.json()) as { result?: { data: T }; error?: unknown };
  if (!body.result) throw new Error(`${procedure}: ${JSON.stringify(body.error)}`);
  return body.result.data;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? 0;
}

interface LoadResult {
  count: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  failures: number;
}

/** Runs `task(i)` for i in [0, count) on `concurrency` concurrent loops; latency per task in ms. */
async function runLoad(
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

function stkBody(checkoutRequestId: string, receipt: string, amountShillings: number, phone: string) {
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
            { Name: "TransactionDate", Value: 20261122093015 },
            { Name: "PhoneNumber", Value: Number(phone) },
          ],
        },
      },
    },
  });
}

function receiptFor(index: number): string {
  return `RB${index.toString(36).toUpperCase().padStart(8, "0")}`;
}

function shuffle<T>(items: T[]): T[] {
  for (let index = items.length - 1; index > 0; index -= 1) {
    const other = Math.floor(Math.random() * (index + 1));
    [items[index], items[other]] = [items[other] as T, items[index] as T];
  }
  return items;
}

const fmt = (value: number, digits = 1) => value.toFixed(digits);

async function main() {
  console.log(
    `M-Pesa benchmark — database ${databaseName}, Redis prefix ${redisPrefix}, ${CONCURRENCY} senders\n`,
  );
  await maintenance((client) => client.query(`create database "${databaseName}"`));
  const migrator = createDatabase({ url: databaseUrl, max: 1 });
  await runMigrations(migrator.db);
  await migrator.close();

  const port = await freePort();
  const api = `http://127.0.0.1:${port}`;
  // The Daraja stand-in for part 2's confirmations: an access token, and "paid" for every STK Query.
  const daraja = createHttpServer((request, response) => {
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
  const darajaPort = await freePort();
  await new Promise<void>((resolve) => daraja.listen(darajaPort, "127.0.0.1", resolve));
  const shared = {
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: redisPrefix,
    API_PUBLIC_URL: api,
    DARAJA_BASE_URL: `http://127.0.0.1:${darajaPort}`,
  };
  const server = startApp("apps/server/src/main.ts", {
    ...shared,
    PORT: String(port),
    HOST: "127.0.0.1",
    DB_POOL_MAX: String(POOL_SIZE),
    RATE_LIMIT_ANONYMOUS_PER_HOUR: "1000000",
  });
  const pool = new pg.Pool({ connectionString: databaseUrl, max: POOL_SIZE });
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  let worker: ChildProcess | null = null;
  try {
    await waitForHttp(`${api}/api/health`);
    const { accessToken } = await signUpAndConfirm((path, input) => trpc(api, path, input), pool, {
      fullName: "Bench Owner",
      email: `bench-${runId}@example.co.ke`,
      password: "Bench-Mark-Mpesa-2026",
    });
    const business = await trpc<{ id: string }>(
      api,
      "business.create",
      {
        legalName: `Bench Traders ${runId} Ltd`,
        country: "KE",
        baseCurrency: "KES",
        timezone: "Africa/Nairobi",
      },
      accessToken,
    );
    const settings = await trpc<{ callbackUrls: { stk: string } }>(
      api,
      "mpesa.settings.save",
      {
        businessId: business.id,
        accountType: "paybill",
        shortcode: "174379",
        environment: "sandbox",
        consumerKey: "bench-key",
        consumerSecret: "bench-secret",
        passkey: "bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919",
      },
      accessToken,
    );
    const stkUrl = settings.callbackUrls.stk;

    // ── 1. Acknowledgement ────────────────────────────────────────────────────────────────────────────
    // node:http with keep-alive: a lighter client than fetch, so the load generator takes less of the CPU.
    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const post = (url: string, body: string) =>
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
    await runLoad(500, CONCURRENCY, (index) =>
      post(stkUrl, stkBody(`ws_CO_warm_${index}`, receiptFor(index), 10, "254712345678")),
    );
    const ack = await runLoad(ACK_REQUESTS, CONCURRENCY, (index) =>
      post(stkUrl, stkBody(`ws_CO_ack_${runId}_${index}`, receiptFor(index), 10, "254712345678")),
    );
    if (process.env.BENCH_DIAG) {
      const live = await runLoad(
        ACK_REQUESTS,
        CONCURRENCY,
        (_index) =>
          new Promise<boolean>((resolve, reject) => {
            const outgoing = httpRequest(`${api}/api/live`, { agent }, (response) => {
              response.resume();
              response.on("end", () => resolve(response.statusCode === 200));
            });
            outgoing.on("error", reject);
            outgoing.end();
          }),
      );
      console.log(
        `   diag GET /api/live: ${fmt(live.perSecond, 0)} req/s, p50 ${fmt(live.p50, 2)} ms, p99 ${fmt(live.p99, 2)} ms`,
      );
    }
    const rawBody = stkBody("ws_CO_bare", receiptFor(1), 10, "254712345678");
    const insert =
      "insert into mpesa_callbacks (business_id, kind, dedupe_key, subject_id, raw_body, source_ip) values ($1, 'stk', $2, null, $3, $4) on conflict (business_id, kind, dedupe_key) do nothing returning id";
    await runLoad(500, CONCURRENCY, async (index) => {
      await pool.query(insert, [business.id, `ws_CO_barewarm_${index}`, rawBody, "127.0.0.1"]);
      return true;
    });
    const bare = await runLoad(ACK_REQUESTS, CONCURRENCY, async (index) => {
      const result = await pool.query(insert, [
        business.id,
        `ws_CO_bare_${runId}_${index}`,
        rawBody,
        "127.0.0.1",
      ]);
      return result.rowCount === 1;
    });

    console.log("1. Callback acknowledgement (store durably → enqueue → 200), 50 concurrent senders");
    console.log(
      `   ${"".padEnd(28)} ${"req/s".padStart(8)} ${"p50 ms".padStart(8)} ${"p99 ms".padStart(8)} ${"max ms".padStart(8)} ${"failed".padStart(7)}`,
    );
    for (const [label, result] of [
      ["webhook (HTTP, insert+enqueue)", ack],
      ["bare pg INSERT loop", bare],
    ] as const) {
      console.log(
        `   ${label.padEnd(28)} ${fmt(result.perSecond, 0).padStart(8)} ${fmt(result.p50, 2).padStart(8)} ${fmt(result.p99, 2).padStart(8)} ${fmt(result.max, 1).padStart(8)} ${String(result.failures).padStart(7)}`,
      );
    }
    const ratio = ack.perSecond / bare.perSecond;
    console.log(
      `   ratio webhook / bare insert: ${fmt(ratio * 100, 1)} %   (targets: p99 < 20 ms, ≥ 50 %)\n`,
    );

    // Clear phase 1: its callbacks match no request and would only add noise to phase 2.
    await pool.query("delete from mpesa_callbacks");
    for (const key of await redis.keys(`${redisPrefix}:mpesa:*`)) await redis.del(key);

    // ── 2. End to end ─────────────────────────────────────────────────────────────────────────────────
    const businessId = business.id;
    const customerIds: string[] = [];
    const invoiceIds: string[] = [];
    const totals: bigint[] = [];
    const amounts: number[][] = [];
    for (let index = 0; index < INVOICES; index += 1) {
      const parts = Array.from(
        { length: PAYMENTS_PER_INVOICE },
        () => 100 + Math.floor(Math.random() * 4_900),
      );
      amounts.push(parts);
      totals.push(BigInt(parts.reduce((sum, part) => sum + part, 0)) * 100n);
    }
    const customerRows = await pool.query<{ id: string }>(
      "insert into customers (business_id, name) select $1, 'Bench customer ' || n from generate_series(1, $2::int) n returning id",
      [businessId, INVOICES],
    );
    for (const row of customerRows.rows) customerIds.push(row.id);
    const invoiceRows = await pool.query<{ id: string }>(
      `insert into invoices (business_id, customer_id, invoice_number, status, issue_date, due_date, currency, subtotal_minor, total_minor, public_token)
       select $1, c, 'BENCH-' || lpad(n::text, 5, '0'), 'sent', '2026-11-01', '2026-11-15', 'KES', t, t, md5(random()::text || n)
       from unnest($2::uuid[], $3::bigint[]) with ordinality as x(c, t, n) order by n returning id`,
      [businessId, customerIds, totals.map(String)],
    );
    for (const row of invoiceRows.rows) invoiceIds.push(row.id);
    interface Planned {
      requestId: string;
      checkoutRequestId: string;
      receipt: string;
      amount: number;
    }
    const planned: Planned[] = [];
    const requestValues: { invoiceId: string; customerId: string; amountMinor: string; checkout: string }[] =
      [];
    invoiceIds.forEach((invoiceId, invoiceIndex) => {
      (amounts[invoiceIndex] ?? []).forEach((amount, part) => {
        requestValues.push({
          invoiceId,
          customerId: customerIds[invoiceIndex] ?? "",
          amountMinor: String(BigInt(amount) * 100n),
          checkout: `ws_CO_e2e_${invoiceIndex}_${part}`,
        });
      });
    });
    const requestRows = await pool.query<{ id: string; checkout_request_id: string }>(
      `insert into mpesa_payment_requests (business_id, invoice_id, customer_id, phone, amount_minor, account_reference, description, status, checkout_request_id)
       select $1, i, c, '254712345678', a, 'BENCH', 'Invoice', 'pending', k
       from unnest($2::uuid[], $3::uuid[], $4::bigint[], $5::text[]) as x(i, c, a, k) returning id, checkout_request_id`,
      [
        businessId,
        requestValues.map((value) => value.invoiceId),
        requestValues.map((value) => value.customerId),
        requestValues.map((value) => value.amountMinor),
        requestValues.map((value) => value.checkout),
      ],
    );
    const byCheckout = new Map(requestValues.map((value) => [value.checkout, value]));
    requestRows.rows.forEach((row, index) => {
      const value = byCheckout.get(row.checkout_request_id);
      planned.push({
        requestId: row.id,
        checkoutRequestId: row.checkout_request_id,
        receipt: receiptFor(1_000_000 + index),
        amount: Number(BigInt(value?.amountMinor ?? "0") / 100n),
      });
    });
    const deliveries = planned.flatMap((payment) =>
      Math.random() < DUPLICATE_SHARE ? [payment, payment] : [payment],
    );
    shuffle(deliveries);

    worker = startApp("apps/worker/src/main.ts", { ...shared, WORKER_QUEUES: "mpesa", DB_POOL_MAX: "20" });
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    const started = performance.now();
    const sent = await runLoad(deliveries.length, CONCURRENCY, (index) => {
      const payment = deliveries[index] as Planned;
      return post(
        `${stkUrl}/${payment.requestId}`,
        stkBody(payment.checkoutRequestId, payment.receipt, payment.amount, "254712345678"),
      );
    });
    const allSentSeconds = (performance.now() - started) / 1000;
    let settled = 0;
    while (true) {
      const result = await pool.query<{ open: string }>(
        "select count(*)::text as open from mpesa_payment_requests where business_id = $1 and status in ('pending', 'confirming')",
        [businessId],
      );
      settled = planned.length - Number(result.rows[0]?.open ?? planned.length);
      if (settled === planned.length) break;
      if ((performance.now() - started) / 1000 > Number(process.env.BENCH_SETTLE_SECONDS ?? 600)) {
        const errors = await pool.query<{ last_error: string; count: string }>(
          "select last_error, count(*)::text as count from mpesa_callbacks where processed_at is null group by 1 order by 2 desc limit 5",
        );
        for (const row of errors.rows) console.log(`   unprocessed (${row.count}): ${row.last_error}`);
        throw new Error(`only ${settled} settled in time`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const endToEndSeconds = (performance.now() - started) / 1000;

    // ── The money check ───────────────────────────────────────────────────────────────────────────────
    const perInvoice = await pool.query<{
      invoice_id: string;
      total: string;
      received: string;
      payments: string;
      applied: string;
    }>(
      `select i.id as invoice_id, i.total_minor::text as total,
              coalesce(sum(p.amount_minor), 0)::text as received, count(p.id)::text as payments,
              i.amount_paid_minor::text as applied
       from invoices i left join mpesa_payments p on p.invoice_id = i.id and p.business_id = i.business_id
       where i.business_id = $1 group by i.id`,
      [businessId],
    );
    let mismatched = 0;
    let booksMismatched = 0;
    for (const row of perInvoice.rows) {
      if (row.total !== row.received || row.payments !== String(PAYMENTS_PER_INVOICE)) mismatched += 1;
      if (row.total !== row.applied) booksMismatched += 1;
    }
    const totalsRow = await pool.query<{
      payments: string;
      receipts: string;
      received: string;
      expected: string;
      applied_payments: string;
      income: string;
    }>(
      `select (select count(*) from mpesa_payments where business_id = $1)::text as payments,
              (select count(distinct receipt) from mpesa_payments where business_id = $1)::text as receipts,
              (select coalesce(sum(amount_minor), 0) from mpesa_payments where business_id = $1)::text as received,
              (select coalesce(sum(total_minor), 0) from invoices where business_id = $1)::text as expected,
              (select count(*) from mpesa_payments where business_id = $1 and status = 'applied')::text as applied_payments,
              (select coalesce(sum(amount_minor), 0) from transactions where business_id = $1 and type = 'income')::text as income`,
      [businessId],
    );
    const totalsCheck = totalsRow.rows[0];
    const duplicates = deliveries.length - planned.length;
    console.log(
      `2. End to end: ${planned.length} STK callbacks for ${INVOICES} invoices, ${duplicates} delivered twice (${deliveries.length} POSTs, shuffled), ONE worker process`,
    );
    console.log(
      `   all POSTs acknowledged in ${fmt(allSentSeconds, 2)} s (${sent.failures} failed); p99 ack ${fmt(sent.p99, 2)} ms`,
    );
    console.log(
      `   every request settled after ${fmt(endToEndSeconds, 2)} s → ${fmt(planned.length / endToEndSeconds, 0)} callbacks/s (target ≥ 500)`,
    );
    console.log(
      `   payments recorded ${totalsCheck?.payments} (distinct receipts ${totalsCheck?.receipts}) for ${planned.length} paid requests; KES ${BigInt(totalsCheck?.received ?? "0") / 100n} received of KES ${BigInt(totalsCheck?.expected ?? "0") / 100n} invoiced`,
    );
    const lost = planned.length - Number(totalsCheck?.payments ?? 0);
    console.log(
      `   per invoice: ${perInvoice.rows.length - mismatched}/${perInvoice.rows.length} exact (five payments, sum = total); lost ${Math.max(0, lost)}, applied twice ${Math.max(0, -lost)}`,
    );
    if (Number(totalsCheck?.applied_payments ?? 0) > 0) {
      console.log(
        `   books: ${perInvoice.rows.length - booksMismatched}/${perInvoice.rows.length} invoices with amount paid = total; income transactions KES ${BigInt(totalsCheck?.income ?? "0") / 100n}`,
      );
    } else {
      console.log("   books: invoice application is not wired yet (payments wait in the Unreconciled inbox)");
    }
    const ok =
      mismatched === 0 &&
      lost === 0 &&
      totalsCheck?.payments === totalsCheck?.receipts &&
      totalsCheck?.received === totalsCheck?.expected;
    console.log(`\n${ok ? "PASS" : "FAIL"}: zero lost, zero applied twice${ok ? "" : " — NOT met"}`);
    if (!ok) process.exitCode = 1;
  } finally {
    if (worker) await stopApp(worker);
    await stopApp(server);
    daraja.closeAllConnections();
    await new Promise<void>((resolve) => daraja.close(() => resolve()));
    await pool.end();
    for (const key of await redis.keys(`${redisPrefix}*`)) await redis.del(key);
    redis.disconnect();
    await maintenance(async (client) => {
      await client.query(
        "select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()",
        [databaseName],
      );
      await client.query(`drop database if exists "${databaseName}"`);
    });
  }
}

process.on("SIGINT", () => {
  for (const child of children) child.kill("SIGTERM");
  process.exit(130);
});

main().catch(async (error: unknown) => {
  console.error("benchmark failed:", error);
  for (const child of children) await stopApp(child);
  process.exit(1);
});
