/**
 * Chaos benchmark (issue 13): customers approve STK prompts (each callback delivered twice, shuffled) while
 *   1. the worker is killed with SIGKILL mid-burst and replaced,
 *   2. Redis restarts empty mid-burst (a failover or a flush) with the worker running,
 *   3. PostgreSQL restarts mid-burst,
 * and prints, for each, "settled / approved" and the seconds from the fault until the last payment settled, then
 * checks the money: zero lost, zero applied twice.
 *
 *   pnpm bench chaos
 *
 * It never touches the shared servers: it starts its own PostgreSQL cluster (initdb + pg_ctl, own port and data
 * directory) and its own redis-server, the real server and worker as their own processes, and a Daraja stand-in that
 * confirms every STK Query; everything is stopped and deleted afterwards. The sender retries a callback that was not
 * acknowledged (as Daraja does) until it is.
 */
import type { ChildProcess } from "node:child_process";
import { createDatabase, runMigrations } from "@kavi/db";
import { freePort } from "@kavi/testing";
import pg from "pg";
import { signUpAndConfirm } from "./accounts";
import {
  children,
  createCallbackSender,
  createMpesaBusiness,
  fmt,
  receiptFor,
  shuffle,
  startApp,
  startDarajaStandIn,
  stkBody,
  stopApp,
  trpc,
  waitForHttp,
} from "./mpesa-kit";
import { startOwnPostgres, startOwnRedis } from "./own-services";

const PAYMENTS = Number(process.env.BENCH_CHAOS_PAYMENTS ?? 200);
const SENDERS = Number(process.env.BENCH_CONCURRENCY ?? 20);
const TIMEOUT_SECONDS = Number(process.env.BENCH_CHAOS_TIMEOUT_SECONDS ?? 300);
const RETRY_MS = 500;

type Fault = "worker SIGKILL, replaced" | "Redis restarted empty" | "PostgreSQL restarted";

interface PhaseResult {
  fault: Fault;
  approved: number;
  settled: number;
  recoverSeconds: number | null;
  lost: number;
  twice: number;
  exactInvoices: number;
  retriedPosts: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
  console.log(
    `Chaos benchmark — ${PAYMENTS} approved STK payments per fault, each callback delivered twice\n`,
  );
  const postgres = await startOwnPostgres();
  const redis = await startOwnRedis();
  const daraja = await startDarajaStandIn();
  cleanUp = async () => {
    cleanUp = null;
    await daraja.close();
    await redis.dispose();
    postgres.dispose();
  };
  try {
    await runScenarios(postgres, redis, daraja);
  } finally {
    await cleanUp?.();
  }
}

async function runScenarios(
  postgres: Awaited<ReturnType<typeof startOwnPostgres>>,
  redis: Awaited<ReturnType<typeof startOwnRedis>>,
  daraja: { url: string },
) {
  const databaseUrl = postgres.url.replace(/\/postgres$/, "/kavi_chaos");
  const admin = new pg.Client({ connectionString: postgres.url });
  await admin.connect();
  await admin.query("create database kavi_chaos");
  await admin.end();
  const migrator = createDatabase({ url: databaseUrl, max: 1 });
  await runMigrations(migrator.db);
  await migrator.close();

  const port = await freePort();
  const api = `http://127.0.0.1:${port}`;
  const shared = {
    DATABASE_URL: databaseUrl,
    REDIS_URL: redis.url,
    REDIS_PREFIX: "kavi-chaos",
    API_PUBLIC_URL: api,
    DARAJA_BASE_URL: daraja.url,
  };
  const server = startApp("apps/server/src/main.ts", {
    ...shared,
    PORT: String(port),
    HOST: "127.0.0.1",
    RATE_LIMIT_ANONYMOUS_PER_HOUR: "1000000",
  });
  const startWorker = () => startApp("apps/worker/src/main.ts", { ...shared, WORKER_QUEUES: "mpesa" });
  let worker: ChildProcess = startWorker();
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  pool.on("error", () => undefined);
  pool.on("connect", (client) => client.on("error", () => undefined));
  const results: PhaseResult[] = [];
  try {
    await waitForHttp(`${api}/api/health`);
    const { accessToken } = await signUpAndConfirm((procedure, input) => trpc(api, procedure, input), pool, {
      fullName: "Chaos Owner",
      email: "owner@example.co.ke",
      password: "Resilient-Payments-2026",
    });
    const business = await createMpesaBusiness(api, accessToken, "chaos");
    const post = createCallbackSender(SENDERS);
    await sleep(3_000);

    const faults: Array<[Fault, () => Promise<void>]> = [
      [
        "worker SIGKILL, replaced",
        async () => {
          worker.kill("SIGKILL");
          worker = startWorker();
        },
      ],
      ["Redis restarted empty", () => redis.restartEmpty()],
      ["PostgreSQL restarted", () => postgres.restart()],
    ];
    console.log(
      `   ${"fault (mid-burst)".padEnd(26)} ${"settled / approved".padStart(19)} ${"s to recover".padStart(13)} ${"lost".padStart(5)} ${"twice".padStart(6)} ${"invoices exact".padStart(15)} ${"re-sent POSTs".padStart(14)}`,
    );
    for (const [phase, [fault, inject]] of faults.entries()) {
      const result = await runPhase(pool, post, business, phase, fault, inject);
      results.push(result);
      printResult(result);
    }
  } finally {
    await pool.end().catch(() => undefined);
    for (const child of [worker, server]) await stopApp(child);
  }

  const ok = results.every(
    (result) => result.settled === result.approved && result.lost === 0 && result.twice === 0,
  );
  console.log(`\n${ok ? "PASS" : "FAIL"}: every approved payment settled, zero lost, zero applied twice`);
  if (!ok) process.exitCode = 1;
}

function printResult(result: PhaseResult) {
  console.log(
    `   ${result.fault.padEnd(26)} ${`${result.settled} / ${result.approved}`.padStart(19)} ${(result.recoverSeconds === null ? "not recovered" : fmt(result.recoverSeconds, 1)).padStart(13)} ${String(result.lost).padStart(5)} ${String(result.twice).padStart(6)} ${`${result.exactInvoices}/${result.approved}`.padStart(15)} ${String(result.retriedPosts).padStart(14)}`,
  );
}

/** One fault: PAYMENTS invoices, one pending prompt each, every callback POSTed twice; the fault at half-way. */
async function runPhase(
  pool: pg.Pool,
  post: (url: string, body: string) => Promise<boolean>,
  business: { id: string; stkUrl: string },
  phase: number,
  fault: Fault,
  inject: () => Promise<void>,
): Promise<PhaseResult> {
  const customers = await pool.query<{ id: string }>(
    "insert into customers (business_id, name) select $1, 'Chaos customer ' || n from generate_series(1, $2::int) n returning id",
    [business.id, PAYMENTS],
  );
  const amounts = customers.rows.map(() => 100 + Math.floor(Math.random() * 4_900));
  const invoices = await pool.query<{ id: string; customer_id: string; total_minor: string }>(
    `insert into invoices (business_id, customer_id, invoice_number, status, issue_date, due_date, currency, subtotal_minor, total_minor, public_token)
     select $1, c, 'CHAOS-${phase}-' || n, 'sent', '2026-11-01', '2026-11-15', 'KES', t, t, md5(random()::text || n)
     from unnest($2::uuid[], $3::bigint[]) with ordinality as x(c, t, n) order by n
     returning id, customer_id, total_minor::text`,
    [business.id, customers.rows.map((row) => row.id), amounts.map((amount) => String(amount * 100))],
  );
  const requests = await pool.query<{ id: string; checkout_request_id: string; amount_minor: string }>(
    `insert into mpesa_payment_requests (business_id, invoice_id, customer_id, phone, amount_minor, account_reference, description, status, checkout_request_id)
     select $1, i, c, '254712345678', t, 'CHAOS', 'Invoice', 'pending', 'ws_CO_chaos_${phase}_' || n
     from unnest($2::uuid[], $3::uuid[], $4::bigint[]) with ordinality as x(i, c, t, n)
     returning id, checkout_request_id, amount_minor::text`,
    [
      business.id,
      invoices.rows.map((row) => row.id),
      invoices.rows.map((row) => row.customer_id),
      invoices.rows.map((row) => row.total_minor),
    ],
  );
  const requestIds = requests.rows.map((row) => row.id);
  const deliveries = shuffle(
    requests.rows.flatMap((row, index) => [
      { row, index },
      { row, index },
    ]),
  );

  let sent = 0;
  let retried = 0;
  let faultAt = 0;
  let injected: Promise<void> | null = null;
  const deliver = async (delivery: (typeof deliveries)[number]) => {
    const url = `${business.stkUrl}/${delivery.row.id}`;
    const body = stkBody(
      delivery.row.checkout_request_id,
      receiptFor(phase * 1_000_000 + delivery.index),
      Number(BigInt(delivery.row.amount_minor) / 100n),
      "254712345678",
    );
    const deadline = performance.now() + TIMEOUT_SECONDS * 1000;
    // Daraja re-sends a callback that was not acknowledged: so does this sender, until it is.
    while (!(await post(url, body).catch(() => false))) {
      retried += 1;
      if (performance.now() > deadline) throw new Error("a callback was never acknowledged");
      await sleep(RETRY_MS);
    }
    sent += 1;
    if (!injected && sent >= deliveries.length / 2) {
      faultAt = performance.now();
      injected = inject();
    }
  };
  let next = 0;
  await Promise.all(
    Array.from({ length: SENDERS }, async () => {
      while (next < deliveries.length) await deliver(deliveries[next++] as (typeof deliveries)[number]);
    }),
  );
  await injected;

  let settled = 0;
  let recoverSeconds: number | null = null;
  const deadline = performance.now() + TIMEOUT_SECONDS * 1000;
  while (performance.now() < deadline) {
    const result = await pool
      .query<{ settled: string }>(
        "select count(*)::text as settled from mpesa_payment_requests where id = any($1::uuid[]) and status = 'paid'",
        [requestIds],
      )
      .catch(() => null);
    if (result) settled = Number(result.rows[0]?.settled ?? 0);
    if (settled === requestIds.length) {
      recoverSeconds = (performance.now() - faultAt) / 1000;
      break;
    }
    await sleep(200);
  }

  const money = await pool.query<{ payments: string; receipts: string; exact: string; over: string }>(
    `select (select count(*) from mpesa_payments where payment_request_id = any($1::uuid[]))::text as payments,
            (select count(distinct receipt) from mpesa_payments where payment_request_id = any($1::uuid[]))::text as receipts,
            (select count(*) from invoices where id = any($2::uuid[]) and amount_paid_minor = total_minor and status = 'paid')::text as exact,
            (select count(*) from invoices where id = any($2::uuid[]) and amount_paid_minor > total_minor)::text as over`,
    [requestIds, invoices.rows.map((row) => row.id)],
  );
  const row = money.rows[0];
  const payments = Number(row?.payments ?? 0);
  return {
    fault,
    approved: requestIds.length,
    settled,
    recoverSeconds,
    lost: Math.max(0, requestIds.length - payments),
    twice: Math.max(0, payments - Number(row?.receipts ?? 0)) + Number(row?.over ?? 0),
    exactInvoices: Number(row?.exact ?? 0),
    retriedPosts: retried,
  };
}

let cleanUp: (() => Promise<void>) | null = null;
process.on("SIGINT", () => {
  for (const child of children) child.kill("SIGTERM");
  void (cleanUp?.() ?? Promise.resolve()).finally(() => process.exit(130));
});

main().catch(async (error: unknown) => {
  console.error("chaos benchmark failed:", error);
  for (const child of children) await stopApp(child);
  process.exit(1);
});
