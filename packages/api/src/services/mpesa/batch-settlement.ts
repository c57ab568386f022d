import {
  type DarajaClient,
  parseStkCallback,
  type StkCallbackEvent,
  type StkQueryResult,
} from "@kavi/daraja";
import { mpesaPaymentRequests, type Transaction } from "@kavi/db";
import { asc, inArray, or, sql } from "drizzle-orm";
import { type Actor, SYSTEM_ACTOR } from "../activity";
import type { ServiceContext } from "../service-context";
import { type AfterCommit, inTransaction } from "../unit-of-work";
import { BUSINESS_INBOX, processInboxCallbacks } from "./callback-inbox";
import { recordCallbackFailure } from "./inbox";
import {
  type LockedCallback,
  type LockedCallbackRow,
  lockCallback,
  lockedCallbackOf,
  processMpesaCallback,
  refuseStkClaim,
  settleLockedCallback,
} from "./process";
import { createDarajaClient, loadMpesaCredentials, type MpesaCredentials } from "./settings";
import {
  createSettlementMemo,
  recordLateReceipt,
  type SettlementContext,
  type SettlementMemo,
  settleStkSuccesses,
} from "./settlement";
import {
  confirmedSuccess,
  isOpenRequest,
  latestPaidClaim,
  paidClaimOf,
  pickPaidClaim,
  type StkPaidClaim,
  settleStkQueryAnswer,
  type TPaymentRequestRow,
} from "./stk";

/** Daraja STK Queries a batch has in flight at once. */
const QUERY_CONCURRENCY = 16;

export interface SettleBatchInput {
  /** The job's callback. */
  callbackId: string;
  /** Callbacks per transaction, the job's own included; 1 settles it alone (still confirmed inline). */
  limit: number;
  /** Tests: runs inside the transaction after every effect, before commit (a crash there must roll back). */
  beforeCommit?: () => Promise<void>;
  /** Internal: how many times this job has waited for another batch and run again (at most MAX_WAITS). */
  waits?: number;
}

/**
 * Times a job waits for another batch and runs again before it leaves its callback to BullMQ's back-off. Each wait
 * ends when that batch commits; a second or third is needed when a third batch took an older payment meanwhile.
 */
const MAX_WAITS = 3;

/** The job's own callback could not be settled yet (an older payment to the same invoice is in another batch). */
export class SettlementDeferredError extends Error {
  override name = "SettlementDeferredError";
}

interface BatchItem {
  row: LockedCallbackRow;
  callback: LockedCallback;
  receivedAt: number;
  event: StkCallbackEvent | null;
  request: TPaymentRequestRow | undefined;
  /** Set once the item is decided; items without one at commit stay unprocessed. */
  outcome: string | null;
}

/** One payment request's callbacks in this batch, in arrival order, and what Daraja answered about it. */
interface RequestGroup {
  request: TPaymentRequestRow;
  items: BatchItem[];
  /** Its status before the batch: an earlier callback already made it "confirming". */
  statusBefore: TPaymentRequestRow["status"];
  answer: StkQueryResult | null;
}

/**
 * Worker: a job's stored callbacks (a webhook write's worth), each settled once in effect: in batches of up to
 * `batchSize` with other ready ones, or one by one when it is 0 (the path before batching).
 */
export function processMpesaCallbacks(
  ctx: ServiceContext,
  callbackIds: readonly string[],
  batchSize: number,
) {
  return processInboxCallbacks(BUSINESS_INBOX, ctx, callbackIds, (callbackId) =>
    batchSize > 0
      ? settleCallbackBatch(ctx, { callbackId, limit: batchSize })
      : processMpesaCallback(ctx, callbackId),
  );
}

/**
 * Worker: settles the job's callback together with up to `limit - 1` other ready STK callbacks, in one
 * transaction. Every row is taken with SKIP LOCKED, so concurrent batches never share a callback nor wait for each
 * other; a job whose callback another batch holds settles other ready ones meanwhile, and is retried shortly
 * (SettlementDeferredError) unless that batch has committed by then. Every paid claim is still
 * confirmed by an STK Query before money moves — the batch's queries run concurrently, once per request — and
 * only Daraja's definitive answer settles a request; a pending or failed query leaves it "confirming" with the
 * query chain scheduled, as a single callback would. Each request settles in its own savepoint (a failure there
 * leaves its callbacks unprocessed, the rest commit); invoices are locked in id order, and a callback whose invoice
 * has an older unsettled callback in another batch waits for it (per-invoice order: the job waits for that batch's
 * locks and settles it then; the older payments of the invoice in this batch settle now). Callbacks are marked
 * processed in the same transaction as their effects, so a crash anywhere commits nothing, and a re-run finds
 * the work done: exactly once.
 */
export async function settleCallbackBatch(ctx: ServiceContext, input: SettleBatchInput): Promise<string> {
  const { callbackId } = input;
  // Most jobs of a burst find their callback already settled by another job's batch: one cheap read.
  const processed = await isProcessed(ctx, callbackId);
  if (processed === null) return "missing";
  if (processed) return "already-processed";

  const failures = new Map<string, unknown>();
  let ownOutcome: string;
  try {
    ownOutcome = await inTransaction(ctx, async (tx, afterCommit) => {
      // Never waits for another batch: if one holds this callback, this job settles other ready ones meanwhile.
      const own = await lockCallback(tx, callbackId, { skipLocked: true });
      if (own?.processed_at) return "already-processed";
      if (own && own.kind !== "stk") {
        const outcome = await settleLockedCallback({ tx, afterCommit, ctx }, own);
        await input.beforeCommit?.();
        return outcome;
      }
      const room = own ? input.limit - 1 : Math.max(1, input.limit);
      const others = await claimReadyStkCallbacks(tx, own, callbackId, room);
      const items = [...(own ? [own] : []), ...others].map(toItem).sort(byArrival);
      await settleItems({ tx, afterCommit, ctx }, items, failures);
      const done = items.filter((item) => item.outcome !== null);
      await markProcessed(tx, ctx.now(), done);
      await input.beforeCommit?.();
      if (!own) return IN_ANOTHER_BATCH;
      return items.find((item) => item.row.id === callbackId)?.outcome ?? DEFERRED;
    });
  } catch (error) {
    // The whole batch rolled back: only the job's own callback counts the attempt (the others' jobs will run).
    await recordCallbackFailure(ctx.db, callbackId, error).catch(() => undefined);
    throw error;
  }
  for (const [id, error] of failures) {
    await recordCallbackFailure(ctx.db, id, error).catch(() => undefined);
  }
  const ownFailure = failures.get(callbackId);
  if (ownFailure) throw ownFailure;
  const waits = input.waits ?? 0;
  if (ownOutcome === IN_ANOTHER_BATCH) {
    // Held by a batch still running: wait for it (holding nothing else, so no deadlock). Committed: done; left
    // unsettled (it deferred the callback, or rolled back): settle it now, once.
    if (await waitForCallback(ctx, callbackId)) return "already-processed";
    if (waits < MAX_WAITS) return settleCallbackBatch(ctx, { ...input, waits: waits + 1 });
    throw new SettlementDeferredError("the callback is in another batch that has not settled it");
  }
  if (ownOutcome === DEFERRED) {
    // An older payment to the same invoice is in a batch still running: wait for that batch (holding nothing),
    // then settle this one at once, instead of a retry seconds later (bench: the burst's tail was these back-offs).
    if (waits < MAX_WAITS) {
      await waitForOlderPayments(ctx, callbackId);
      return settleCallbackBatch(ctx, { ...input, waits: waits + 1 });
    }
    throw new SettlementDeferredError("an older payment to the same invoice is being settled; trying again");
  }
  return ownOutcome;
}

const IN_ANOTHER_BATCH = "in-another-batch";
const DEFERRED = "deferred";

/** Whether the callback is processed (null: no such callback), by a named statement outside any transaction. */
async function isProcessed(ctx: ServiceContext, callbackId: string): Promise<boolean | null> {
  const result = await ctx.db.$client.query<{ processed: boolean }>({
    name: "mpesa-callback-processed",
    text: "select processed_at is not null as processed from mpesa_callbacks where id = $1",
    values: [callbackId],
  });
  return result.rows[0]?.processed ?? null;
}

/** Waits until whoever holds the callback commits or rolls back; then whether it is processed. */
async function waitForCallback(ctx: ServiceContext, callbackId: string): Promise<boolean> {
  return ctx.db.transaction(async (tx) => {
    const row = await lockCallback(tx, callbackId);
    return row === null || row.processed_at !== null;
  });
}

/**
 * Waits until every batch holding an older unsettled callback for the same invoice as this one has committed or
 * rolled back: each row's lock is taken and released by its own statement (holding none while waiting for the
 * next, so batches never skip a row a waiter holds).
 */
async function waitForOlderPayments(ctx: ServiceContext, callbackId: string): Promise<void> {
  const older = await ctx.db.execute<{ id: string }>(
    sql`select c.id from mpesa_callbacks own
        join mpesa_payment_requests mine on mine.id = own.subject_id
        join mpesa_payment_requests r on r.invoice_id = mine.invoice_id
        join mpesa_callbacks c on c.subject_id = r.id
        where own.id = ${callbackId} and c.kind = 'stk' and c.processed_at is null
          and c.received_at < own.received_at and c.id <> own.id
        order by c.id`,
  );
  for (const row of older.rows) {
    await ctx.db.execute(sql`select id from mpesa_callbacks where id = ${row.id} for update`);
  }
}

/**
 * The oldest ready STK callbacks (SKIP LOCKED), then every other ready callback for the invoices they pay: an
 * invoice's payments are settled by one batch, in arrival order, instead of racing through several.
 */
async function claimReadyStkCallbacks(
  tx: Transaction,
  own: LockedCallbackRow | null,
  ownId: string,
  limit: number,
) {
  const head =
    limit > 0
      ? (
          await tx.execute<LockedCallbackRow>(
            sql`select id, business_id, kind, subject_id, raw_body, processed_at, source_allowed, received_at
                from mpesa_callbacks
                where processed_at is null and kind = 'stk' and attempts < 50 and id <> ${ownId}
                order by received_at, id
                limit ${limit}
                for update skip locked`,
          )
        ).rows
      : [];
  const taken = [...(own ? [own] : []), ...head];
  const subjects = taken.map((row) => row.subject_id).filter((id): id is string => id !== null);
  if (subjects.length === 0) return head;
  const sameInvoices = await tx.execute<LockedCallbackRow>(
    sql`select c.id, c.business_id, c.kind, c.subject_id, c.raw_body, c.processed_at, c.source_allowed, c.received_at
        from mpesa_callbacks c join mpesa_payment_requests r on r.id = c.subject_id
        where r.invoice_id in (select invoice_id from mpesa_payment_requests
                               where id = any(${pgArray(subjects)}::uuid[]) and invoice_id is not null)
          and c.processed_at is null and c.kind = 'stk' and c.attempts < 50
          and c.id <> all(${pgArray(taken.map((row) => row.id))}::uuid[])
        order by c.received_at, c.id
        limit ${limit * 4 + 4}
        for update of c skip locked`,
  );
  return [...head, ...sameInvoices.rows];
}

function toItem(row: LockedCallbackRow): BatchItem {
  let event: StkCallbackEvent | null = null;
  try {
    event = parseStkCallback(JSON.parse(row.raw_body));
  } catch {
    // Validated before it was stored; one that no longer parses is kept as unreadable, not retried.
  }
  return {
    row,
    callback: lockedCallbackOf(row),
    receivedAt: new Date(row.received_at).getTime(),
    event,
    request: undefined,
    outcome: event ? null : "unreadable",
  };
}

function byArrival(a: BatchItem, b: BatchItem) {
  return a.receivedAt - b.receivedAt || (a.row.id < b.row.id ? -1 : a.row.id > b.row.id ? 1 : 0);
}

interface Unit {
  tx: Transaction;
  afterCommit: AfterCommit;
  ctx: ServiceContext;
}

async function settleItems(unit: Unit, items: BatchItem[], failures: Map<string, unknown>) {
  const { tx, ctx } = unit;
  const groups = await lockRequests(unit, items);

  // Requests with something to confirm: asked once each, concurrently, outside any savepoint.
  const toQuery = [...groups.values()].filter(
    (group) => isOpenRequest(group.request.status) && group.request.checkoutRequestId,
  );
  await countQueries(tx, ctx.now(), toQuery);
  await askDaraja(ctx, tx, toQuery);

  // Money moves only for definitive answers; invoices are locked in id order, then checked for older claims.
  const settling = toQuery.filter((group) => group.answer?.status === "completed");
  const { oldestOutside, invoiceRows } = await lockInvoicesAndFindOlderCallbacks(
    tx,
    settling,
    items.map((item) => item.row.id),
  );
  const memo = createSettlementMemo();
  await readAhead(tx, memo, settling, invoiceRows);
  // An invoice's payments settle in arrival order: those older than every unsettled callback outside this batch
  // settle now; the rest wait for it (the invoice's oldest payment can always settle, so a burst never stalls).
  const ready = [...groups.values()].filter((group) => {
    const invoiceId = group.request.invoiceId;
    const oldest = invoiceId ? oldestOutside.get(invoiceId) : undefined;
    return !(oldest !== undefined && group.answer?.status === "completed" && oldest < newestOf(group));
  });
  const settled = await settlePaidTogether({ ...unit, memo }, ready);
  for (const group of ready) {
    if (settled.has(group)) continue;
    const actor: Actor = { ...SYSTEM_ACTOR, businessId: group.request.businessId };
    try {
      await tx.transaction(async (savepoint) => {
        await settleGroup({ ...unit, tx: savepoint, actor, memo }, group);
      });
    } catch (error) {
      for (const item of group.items) {
        item.outcome = null;
        failures.set(item.row.id, error);
      }
    }
  }
}

/**
 * The common case of a burst, set-based: requests Daraja confirmed as paid whose claim is in this batch, settled
 * per business with settleStkSuccesses in one savepoint. If that fails, nothing of it stays and the groups go
 * the one-by-one way (each in its own savepoint), so one bad payment cannot hold up the others.
 */
async function settlePaidTogether(unit: Unit & { memo: SettlementMemo }, groups: RequestGroup[]) {
  const settled = new Set<RequestGroup>();
  const byBusiness = new Map<string, RequestGroup[]>();
  for (const group of groups) {
    const { request, answer } = group;
    const paidNow =
      answer?.status === "completed" &&
      answer.success &&
      isOpenRequest(request.status) &&
      group.statusBefore !== "confirming";
    if (!paidNow) continue;
    const mine = byBusiness.get(request.businessId);
    if (mine) mine.push(group);
    else byBusiness.set(request.businessId, [group]);
  }
  const now = unit.ctx.now();
  for (const [businessId, mine] of byBusiness) {
    const actor: Actor = { ...SYSTEM_ACTOR, businessId };
    try {
      await unit.tx.transaction(async (savepoint) => {
        await settleStkSuccesses(
          { ...unit, tx: savepoint, actor },
          mine.map((group) => ({
            request: group.request,
            success: confirmedSuccess(group.request, pickPaidClaim(group.request, claimsOf(group)), now),
          })),
        );
      });
    } catch (error) {
      unit.ctx.logger.warn({ err: error, businessId }, "batched settlement failed; settling one by one");
      continue;
    }
    for (const group of mine) {
      group.request.status = "paid";
      for (const item of group.items) item.outcome = "confirmed-paid";
      settled.add(group);
    }
  }
  return settled;
}

/** The paid claims of a request's callbacks in this batch, newest first. */
function claimsOf(group: RequestGroup): StkPaidClaim[] {
  return group.items
    .map((item) => (item.event ? paidClaimOf(group.request, item.event) : null))
    .filter((claim): claim is StkPaidClaim => claim !== null)
    .reverse();
}

/**
 * Finds and locks (id order) the request each callback names, in one statement, and decides the callbacks that
 * cannot touch theirs. Returns the rest grouped by request, in arrival order.
 */
async function lockRequests(unit: Unit, items: BatchItem[]): Promise<Map<string, RequestGroup>> {
  const { tx, ctx } = unit;
  const subjectIds = new Set<string>();
  const checkouts = new Set<string>();
  for (const item of items) {
    if (!item.event) continue;
    if (item.callback.subjectId) subjectIds.add(item.callback.subjectId);
    else checkouts.add(item.event.checkoutRequestId);
  }
  const conditions = [
    subjectIds.size > 0 ? inArray(mpesaPaymentRequests.id, [...subjectIds]) : undefined,
    checkouts.size > 0 ? inArray(mpesaPaymentRequests.checkoutRequestId, [...checkouts]) : undefined,
  ].filter((condition) => condition !== undefined);
  const rows =
    conditions.length > 0
      ? await tx
          .select()
          .from(mpesaPaymentRequests)
          .where(or(...conditions))
          .orderBy(asc(mpesaPaymentRequests.id))
          .for("update")
      : [];
  const byId = new Map(rows.map((row) => [row.id, row]));
  const byCheckout = new Map(rows.map((row) => [`${row.businessId}|${row.checkoutRequestId}`, row]));

  const groups = new Map<string, RequestGroup>();
  const checkoutsToRecord: TPaymentRequestRow[] = [];
  for (const item of items) {
    const event = item.event;
    if (!event) continue;
    const found = item.callback.subjectId
      ? byId.get(item.callback.subjectId)
      : byCheckout.get(`${item.callback.businessId}|${event.checkoutRequestId}`);
    const request = found?.businessId === item.callback.businessId ? found : undefined;
    const refused = refuseStkClaim(ctx.logger, item.callback, event, request);
    if (refused || !request) {
      item.outcome = refused ?? "unmatched";
      continue;
    }
    if (!request.checkoutRequestId) {
      // A push whose reply was lost: the callback brings its CheckoutRequestID (kept for the queries).
      request.checkoutRequestId = event.checkoutRequestId;
      request.merchantRequestId = event.merchantRequestId || null;
      checkoutsToRecord.push(request);
    }
    item.request = request;
    let group = groups.get(request.id);
    if (!group) {
      group = { request, items: [], statusBefore: request.status, answer: null };
      groups.set(request.id, group);
    }
    group.items.push(item);
  }
  if (checkoutsToRecord.length > 0) {
    await tx.execute(
      sql`update mpesa_payment_requests r set checkout_request_id = x.checkout, merchant_request_id = x.merchant
          from unnest(${pgArray(checkoutsToRecord.map((row) => row.id))}::uuid[],
                      ${pgArray(checkoutsToRecord.map((row) => row.checkoutRequestId))}::varchar[],
                      ${pgArray(checkoutsToRecord.map((row) => row.merchantRequestId))}::varchar[]) as x(id, checkout, merchant)
          where r.id = x.id`,
    );
  }
  return groups;
}

/** A JS array as one SQL parameter (node-postgres sends it as a PostgreSQL array). */
function pgArray(values: ReadonlyArray<string | null>) {
  return sql.param(values);
}

async function countQueries(tx: Transaction, now: Date, groups: RequestGroup[]) {
  if (groups.length === 0) return;
  await tx.execute(
    sql`update mpesa_payment_requests set query_attempts = query_attempts + 1, last_queried_at = ${now.toISOString()}::timestamptz
        where id = any(${pgArray(groups.map((group) => group.request.id))}::uuid[])`,
  );
}

/**
 * STK Query for each request, QUERY_CONCURRENCY at a time; an error (or no M-Pesa set-up) leaves answer null.
 * The credentials are read on the batch's own connection: taking a second one from the pool while holding the
 * first let a burst of batches (16 M-Pesa jobs at once, a pool of 10) hold every connection and wait for another,
 * until the pool's wait ran out (found by `pnpm bench load`).
 */
async function askDaraja(ctx: ServiceContext, tx: Transaction, groups: RequestGroup[]) {
  // A connection runs one statement at a time: the credentials are read first, one business after another; a
  // business whose read fails (M-Pesa not set up) leaves its requests unanswered, as a failed query would.
  type Client = { credentials: MpesaCredentials; daraja: DarajaClient } | { error: unknown };
  const clients = new Map<string, Client>();
  for (const businessId of new Set(groups.map((group) => group.request.businessId))) {
    try {
      const credentials = await loadMpesaCredentials(tx, ctx.config.mpesa, businessId);
      clients.set(businessId, { credentials, daraja: createDarajaClient(ctx.config.mpesa, credentials) });
    } catch (error) {
      clients.set(businessId, { error });
    }
  }
  let next = 0;
  const ask = async () => {
    while (next < groups.length) {
      const group = groups[next++] as RequestGroup;
      const { request } = group;
      try {
        // Every group's business was read above.
        const client = clients.get(request.businessId) as Client;
        if ("error" in client) throw client.error;
        const { credentials, daraja } = client;
        group.answer = await daraja.lipaNaMpesaQuery({
          businessShortCode: credentials.stkShortcode,
          passkey: credentials.passkey,
          checkoutRequestId: String(request.checkoutRequestId),
        });
      } catch (error) {
        ctx.logger.warn({ err: error, paymentRequestId: request.id }, "STK query failed; trying again later");
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(QUERY_CONCURRENCY, groups.length) }, ask));
}

/** When the group's newest callback arrived (ms). */
function newestOf(group: RequestGroup): number {
  return Math.max(...group.items.map((item) => item.receivedAt));
}

/**
 * Locks the invoices the batch will pay (id order, so concurrent batches never deadlock) and returns, per invoice,
 * when the oldest unsettled callback outside this batch arrived (ms), among those older than the batch's newest one
 * for the invoice (older than its first is not enough: a concurrent batch may hold one received between two of
 * ours). The batch's payments older than it settle now; it settles before the rest, which wait for a later run.
 */
async function lockInvoicesAndFindOlderCallbacks(
  tx: Transaction,
  groups: RequestGroup[],
  batchIds: string[],
) {
  const newestByInvoice = new Map<string, number>();
  for (const group of groups) {
    const invoiceId = group.request.invoiceId;
    if (!invoiceId || group.items.length === 0) continue;
    const newest = newestOf(group);
    newestByInvoice.set(invoiceId, Math.max(newest, newestByInvoice.get(invoiceId) ?? newest));
  }
  const oldestOutside = new Map<string, number>();
  if (newestByInvoice.size === 0) return { oldestOutside, invoiceRows: [] };
  const invoiceIds = [...newestByInvoice.keys()].sort();
  const locked = await tx.execute<InvoiceHead>(
    sql`select id, invoice_number, public_token from invoices where id = any(${pgArray(invoiceIds)}::uuid[]) order by id for update`,
  );
  const older = await tx.execute<{ invoice_id: string; oldest: Date | string }>(
    sql`select mine.invoice_id, min(c.received_at) as oldest
        from unnest(${pgArray(invoiceIds)}::uuid[],
                    ${pgArray(invoiceIds.map((id) => new Date(newestByInvoice.get(id) ?? 0).toISOString()))}::timestamptz[])
               as mine(invoice_id, newest_received)
        join mpesa_payment_requests r on r.invoice_id = mine.invoice_id
        join mpesa_callbacks c on c.subject_id = r.id
        where c.kind = 'stk' and c.processed_at is null
          and c.received_at < mine.newest_received and c.id <> all(${pgArray(batchIds)}::uuid[])
        group by mine.invoice_id`,
  );
  for (const row of older.rows) oldestOutside.set(row.invoice_id, new Date(row.oldest).getTime());
  return { oldestOutside, invoiceRows: locked.rows };
}

interface InvoiceHead extends Record<string, unknown> {
  id: string;
  invoice_number: string | null;
  public_token: string;
}

/** What each payment's announcement reads, for the whole batch in two statements (invoices come with their lock). */
async function readAhead(
  tx: Transaction,
  memo: SettlementMemo,
  groups: RequestGroup[],
  invoiceRows: InvoiceHead[],
) {
  for (const row of invoiceRows) {
    memo.invoices.set(
      row.id,
      Promise.resolve({ invoiceNumber: row.invoice_number, publicToken: row.public_token }),
    );
  }
  const customerIds = [
    ...new Set(groups.map((group) => group.request.customerId).filter((id): id is string => id !== null)),
  ];
  if (customerIds.length === 0) return;
  const rows = await tx.execute<{ id: string; name: string; email: string | null; language: string }>(
    sql`select id, name, email, language from customers where id = any(${pgArray(customerIds)}::uuid[])`,
  );
  for (const row of rows.rows)
    memo.customers.set(row.id, Promise.resolve({ name: row.name, email: row.email, language: row.language }));
}

/** Settles one request's callbacks, in arrival order, by what Daraja answered (or schedules its confirmation). */
async function settleGroup(context: SettlementContext & { ctx: ServiceContext }, group: RequestGroup) {
  const { request, items, answer } = group;
  // Untrusted sources were refused before grouping: every claim here may be used.
  const claims = claimsOf(group);

  if (request.status === "paid") {
    // A query already confirmed it; a late callback only brings the receipt, if it agrees.
    for (const item of items) item.outcome = await lateOutcome(context, request, item);
    return;
  }
  if (!isOpenRequest(request.status)) {
    for (const item of items) item.outcome = "already-settled";
    return;
  }
  if (answer?.status === "completed") {
    // The inbox may hold earlier claims for a request that was already confirming; otherwise the batch's own.
    const claim =
      group.statusBefore === "confirming"
        ? await latestPaidClaim(context.tx, request)
        : pickPaidClaim(request, claims);
    await settleStkQueryAnswer(context, request, answer, claim);
    request.status = answer.success ? "paid" : "failed";
    for (const item of items) item.outcome = answer.success ? "confirmed-paid" : "confirmed-failed";
    return;
  }
  // No definitive answer yet: a paid claim makes it "received, confirming"; the query chain decides later.
  const { ctx } = context;
  if (claims.length > 0 && request.status !== "confirming") {
    await context.tx.execute(
      sql`update mpesa_payment_requests set status = 'confirming' where id = ${request.id}`,
    );
    request.status = "confirming";
  }
  const delays =
    request.status === "confirming"
      ? ctx.config.mpesa.confirmationDelaysMs
      : ctx.config.mpesa.stkQueryDelaysMs;
  const first = items[0];
  if (first) {
    context.afterCommit.enqueue(
      "mpesa.query-stk",
      { paymentRequestId: request.id, attempt: 2 },
      { jobId: `mpesa-stk-confirm-${first.row.id}`, delayMs: delays[1] ?? delays[0] ?? 30_000 },
    );
  }
  for (const item of items) {
    item.outcome = item.event && paidClaimOf(request, item.event) ? "confirming" : "querying";
  }
}

async function lateOutcome(context: SettlementContext, request: TPaymentRequestRow, item: BatchItem) {
  const event = item.event;
  if (!event?.success || !event.receipt || request.receipt) return "already-paid";
  const sameAmount = event.amountMinor === undefined || event.amountMinor === request.amountMinor;
  const samePhone = !event.phone || event.phone === request.phone;
  if (!sameAmount || !samePhone) return "late-receipt-disagrees";
  const outcome = await recordLateReceipt(context, request, event.receipt);
  request.receipt = event.receipt;
  return outcome;
}

/** Marks the decided callbacks processed, in one statement. */
async function markProcessed(tx: Transaction, now: Date, items: BatchItem[]) {
  if (items.length === 0) return;
  await tx.execute(
    sql`update mpesa_callbacks c set processed_at = ${now.toISOString()}::timestamptz, outcome = x.outcome,
            attempts = c.attempts + 1, last_error = null
        from unnest(${pgArray(items.map((item) => item.row.id))}::uuid[],
                    ${pgArray(items.map((item) => item.outcome))}::varchar[]) as x(id, outcome)
        where c.id = x.id`,
  );
}
