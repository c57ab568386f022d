import { queryStkRequest, SettlementDeferredError, settleCallbackBatch } from "@kavi/api/services";
import { magicPhoneFor } from "@kavi/daraja/simulator";
import {
  createDatabase,
  invoicePayments,
  invoices,
  mpesaCallbacks,
  mpesaPaymentRequests,
  mpesaPayments,
} from "@kavi/db";
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMpesaTestbed, eventually, type MpesaTestbed } from "./mpesa-testbed";

/**
 * Batched settlement (issue 13): the worker's job settles its callback together with other ready ones in one
 * transaction. These tests drive settleCallbackBatch directly (no worker running), so each batch is ours to shape.
 */
let bed: MpesaTestbed;

beforeAll(async () => {
  // Queries the push schedules would settle requests on their own: far away, so only the batches settle.
  bed = await createMpesaTestbed({ startWorker: false, mpesa: { stkQueryDelaysMs: [600_000] } });
});
afterAll(async () => {
  await bed?.close();
});

/** The testbed's M-Pesa settings (queries far away), not the harness's defaults. */
function contextOf() {
  const ctx = bed.harness.serviceContext({ jobs: bed.jobs });
  return { ...ctx, config: { ...ctx.config, mpesa: bed.mpesa } };
}

/** What a BullMQ job does: settle its callback with others; a deferral is retried (BullMQ would, later). */
async function runJob(callbackId: string, limit: number, ctx = contextOf()): Promise<string> {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    try {
      return await settleCallbackBatch(ctx, { callbackId, limit });
    } catch (error) {
      if (!(error instanceof SettlementDeferredError)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  throw new Error(`callback ${callbackId} was deferred 20 times`);
}

/** Pushes `parts` prompts for one invoice; the simulator's callbacks are stored (and their jobs left waiting). */
async function invoicePaidInParts(parts: bigint[], fault: "none" | "duplicated" | "out-of-order" = "none") {
  const total = parts.reduce((sum, part) => sum + part, 0n);
  const invoice = await bed.createInvoice({ totalMinor: total, email: null });
  const requestIds: string[] = [];
  for (const amountMinor of parts) {
    const request = await bed.owner.caller.mpesa.requests.create({
      businessId: bed.businessId,
      invoiceId: invoice.invoiceId,
      phone: magicPhoneFor("success", fault),
      amountMinor,
    });
    requestIds.push(request.id);
  }
  return { ...invoice, total, requestIds };
}

async function storedCallbacks(requestIds: string[], expected: number) {
  return eventually(
    async () => {
      const rows = await bed.harness.db
        .select()
        .from(mpesaCallbacks)
        .where(inArray(mpesaCallbacks.subjectId, requestIds));
      return rows.length >= expected ? rows : undefined;
    },
    10_000,
    `${expected} stored callbacks`,
  );
}

async function unprocessed(requestIds: string[]) {
  return bed.harness.db
    .select({ id: mpesaCallbacks.id })
    .from(mpesaCallbacks)
    .where(and(inArray(mpesaCallbacks.subjectId, requestIds), isNull(mpesaCallbacks.processedAt)));
}

async function moneyOf(invoiceId: string, requestIds: string[]) {
  const [invoice] = await bed.harness.db.select().from(invoices).where(eq(invoices.id, invoiceId));
  const payments = await bed.harness.db
    .select()
    .from(mpesaPayments)
    .where(inArray(mpesaPayments.paymentRequestId, requestIds));
  const applied = await bed.harness.db
    .select()
    .from(invoicePayments)
    .where(eq(invoicePayments.invoiceId, invoiceId));
  const requests = await bed.harness.db
    .select()
    .from(mpesaPaymentRequests)
    .where(inArray(mpesaPaymentRequests.id, requestIds));
  return { invoice, payments, applied, requests };
}

/** Sets the callbacks' arrival a second apart, in the order given (the webhook may store several in one statement). */
async function arrivedInTurn(ids: string[], from: Date) {
  for (const [index, id] of ids.entries())
    await bed.harness.db
      .update(mpesaCallbacks)
      .set({ receivedAt: new Date(from.getTime() + index * 1_000) })
      .where(eq(mpesaCallbacks.id, id));
}

/** Holds the callback's row lock, as a batch does from its claim to its commit, until `release` is called. */
async function holdCallback(id: string): Promise<{ release: () => Promise<void> }> {
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let claimed = () => {};
  const held = new Promise<void>((resolve) => {
    claimed = resolve;
  });
  const batch = bed.harness.db.transaction(async (tx) => {
    await tx.select().from(mpesaCallbacks).where(eq(mpesaCallbacks.id, id)).for("update");
    claimed();
    await released;
  });
  await held;
  return {
    release: async () => {
      release();
      await batch;
    },
  };
}

describe("batched settlement", () => {
  it("settles a burst in one transaction: duplicates once, out-of-order arrivals, every payment confirmed", async () => {
    const duplicated = await invoicePaidInParts([30_000n, 20_000n], "duplicated");
    const reordered = await invoicePaidInParts([10_000n, 40_000n, 50_000n], "out-of-order");
    const requestIds = [...duplicated.requestIds, ...reordered.requestIds];
    const rows = await storedCallbacks(requestIds, requestIds.length);
    // Copies of one callback are one inbox row.
    expect(rows).toHaveLength(requestIds.length);
    const [first, ...rest] = rows.map((row) => row.id);

    const outcome = await runJob(String(first), 50);
    expect(outcome).toBe("confirmed-paid");
    expect(await unprocessed(requestIds)).toHaveLength(0);
    // The other callbacks' own jobs find their work done.
    for (const id of rest) expect(await runJob(id, 50)).toBe("already-processed");

    for (const invoice of [duplicated, reordered]) {
      const money = await moneyOf(invoice.invoiceId, invoice.requestIds);
      expect(money.invoice).toMatchObject({ status: "paid", amountPaidMinor: invoice.total });
      expect(money.payments).toHaveLength(invoice.requestIds.length);
      expect(money.payments.every((payment) => payment.status === "applied")).toBe(true);
      expect(new Set(money.payments.map((payment) => payment.receipt)).size).toBe(invoice.requestIds.length);
      expect(money.applied).toHaveLength(invoice.requestIds.length);
      // The query confirmed each one; the callback brought its receipt.
      expect(money.requests.every((row) => row.status === "paid" && row.settledBy === "callback")).toBe(true);
      expect(money.requests.every((row) => row.queryAttempts === 1)).toBe(true);
    }
    const outcomes = await bed.harness.db
      .select({ outcome: mpesaCallbacks.outcome, attempts: mpesaCallbacks.attempts })
      .from(mpesaCallbacks)
      .where(inArray(mpesaCallbacks.subjectId, requestIds));
    expect(outcomes.every((row) => row.outcome === "confirmed-paid" && row.attempts === 1)).toBe(true);
  });

  it("a batch needs only its own connection: it settles on a pool of one", async () => {
    // Found by `pnpm bench load`: the batch read the business's M-Pesa credentials from the pool while holding its
    // transaction's connection, so 16 batches at once on the worker's 10 connections all waited for an 11th.
    const single = createDatabase({ url: bed.harness.databaseUrl, max: 1, connectionTimeoutMs: 2_000 });
    try {
      const invoice = await invoicePaidInParts([12_000n, 8_000n]);
      const [first] = await storedCallbacks(invoice.requestIds, invoice.requestIds.length);
      expect(await runJob(String(first?.id), 50, { ...contextOf(), db: single.db })).toBe("confirmed-paid");
      expect(await unprocessed(invoice.requestIds)).toHaveLength(0);
      const money = await moneyOf(invoice.invoiceId, invoice.requestIds);
      expect(money.invoice).toMatchObject({ status: "paid", amountPaidMinor: invoice.total });
      expect(money.payments).toHaveLength(2);
    } finally {
      await single.close();
    }
  });

  it("concurrent batches never share a callback, keep each invoice's payments in order, and pay each once", async () => {
    const planned = [];
    for (let index = 0; index < 6; index += 1)
      planned.push(await invoicePaidInParts([10_000n, 15_000n, 5_000n]));
    const requestIds = planned.flatMap((invoice) => invoice.requestIds);
    const rows = await storedCallbacks(requestIds, requestIds.length);
    // Every callback's job runs, four at a time, in small batches: as a worker with concurrency would.
    const ids = rows.map((row) => row.id);
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < ids.length) await runJob(String(ids[next++]), 4);
      }),
    );
    expect(await unprocessed(requestIds)).toHaveLength(0);
    for (const invoice of planned) {
      const money = await moneyOf(invoice.invoiceId, invoice.requestIds);
      expect(money.invoice).toMatchObject({ status: "paid", amountPaidMinor: invoice.total });
      expect(money.payments).toHaveLength(3);
      expect(money.applied).toHaveLength(3);
      // In arrival order: no callback of an invoice was settled by an earlier batch than an older one of it.
      const settledAt = await bed.harness.db
        .select({
          receivedAt: mpesaCallbacks.receivedAt,
          processedAt: mpesaCallbacks.processedAt,
          attempts: mpesaCallbacks.attempts,
          outcome: mpesaCallbacks.outcome,
          lastError: mpesaCallbacks.lastError,
        })
        .from(mpesaCallbacks)
        .where(inArray(mpesaCallbacks.subjectId, invoice.requestIds))
        .orderBy(asc(mpesaCallbacks.receivedAt), asc(mpesaCallbacks.id));
      // Callbacks stored in the same millisecond arrived together: there is no order between them to keep
      // (settlement orders by arrival time only), so only strictly earlier arrivals are compared.
      const outOfOrder = settledAt.flatMap((earlier, index) =>
        settledAt
          .slice(index + 1)
          .filter(
            (later) =>
              earlier.receivedAt.getTime() < later.receivedAt.getTime() &&
              (later.processedAt?.getTime() ?? Number.NaN) < (earlier.processedAt?.getTime() ?? Number.NaN),
          ),
      );
      expect(outOfOrder).toEqual([]);
    }
  });

  it("a payment whose invoice has an older one in a running batch waits for that batch and settles at once", async () => {
    // Found by `pnpm bench mpesa`: such a job used to give up and be retried seconds later (BullMQ's back-off),
    // so a burst's last seconds were mostly waiting. Now it waits for the older payment's batch and settles.
    const invoice = await invoicePaidInParts([20_000n, 10_000n]);
    const rows = await storedCallbacks(invoice.requestIds, 2);
    const [older, newer] = rows.map((row) => row.id) as [string, string];
    await arrivedInTurn([older, newer], rows[0]?.receivedAt ?? new Date());

    // Another batch has claimed the older payment (its lock, from claim to commit) and not yet reached the
    // invoice: job B, for the newer one, takes the invoice first and finds an older payment unsettled.
    const otherBatch = await holdCallback(older);

    // Job B directly (no retry loop): it must wait for that batch, not give up.
    const outcome = settleCallbackBatch(contextOf(), { callbackId: newer, limit: 50 }).then(
      (value) => ({ value }),
      (error: unknown) => ({ error: String(error) }),
    );
    let finished = false;
    void outcome.then(() => {
      finished = true;
    });
    await eventually(
      async () => {
        const waiting = await bed.harness.db.$client.query(
          "select 1 from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
        );
        return waiting.rows.length > 0 || finished ? true : undefined;
      },
      10_000,
      "job B waiting for the other batch, or finished",
    );
    // The other batch ends without settling it (rolled back, or deferred it): B settles both, in arrival order.
    await otherBatch.release();
    expect(await outcome).toEqual({ value: "confirmed-paid" });
    expect(await unprocessed(invoice.requestIds)).toHaveLength(0);
    const money = await moneyOf(invoice.invoiceId, invoice.requestIds);
    expect(money.invoice).toMatchObject({ status: "paid", amountPaidMinor: invoice.total });
    expect(money.applied).toHaveLength(2);
  });

  it("a batch settles an invoice's payments older than one another batch holds, and leaves the newer for later", async () => {
    // Found by `pnpm bench mpesa`: two batches each holding one of an invoice's payments while a third held one
    // between them all gave the whole invoice up and waited for back-offs. The oldest payment always settles now.
    const invoice = await invoicePaidInParts([10_000n, 20_000n, 30_000n]);
    const rows = await storedCallbacks(invoice.requestIds, 3);
    const [first, middle, last] = rows.map((row) => row.id) as [string, string, string];
    await arrivedInTurn([first, middle, last], rows[0]?.receivedAt ?? new Date());

    // Another batch holds the middle payment while this one claims the first and the last.
    const otherBatch = await holdCallback(middle);
    try {
      expect(await settleCallbackBatch(contextOf(), { callbackId: first, limit: 50 })).toBe("confirmed-paid");
      expect((await unprocessed(invoice.requestIds)).map((row) => row.id).sort()).toEqual(
        [middle, last].sort(),
      );
    } finally {
      await otherBatch.release();
    }
    expect(await runJob(middle, 50)).toBe("confirmed-paid");
    expect(await unprocessed(invoice.requestIds)).toHaveLength(0);
    const money = await moneyOf(invoice.invoiceId, invoice.requestIds);
    expect(money.invoice).toMatchObject({ status: "paid", amountPaidMinor: invoice.total });
    expect(money.applied).toHaveLength(3);
  });

  it("a batch over mixed invoices settles together; a payment the books refuse waits in the inbox alone", async () => {
    const open = await invoicePaidInParts([12_000n, 8_000n]);
    const other = await invoicePaidInParts([30_000n]);
    const voided = await invoicePaidInParts([5_000n]);
    // Voided while its customer was paying: M-Pesa took the money, the books refuse it.
    await bed.harness.db.update(invoices).set({ status: "void" }).where(eq(invoices.id, voided.invoiceId));
    const requestIds = [...open.requestIds, ...other.requestIds, ...voided.requestIds];
    const rows = await storedCallbacks(requestIds, requestIds.length);
    expect(await runJob(String(rows[0]?.id), 50)).toBe("confirmed-paid");
    expect(await unprocessed(requestIds)).toHaveLength(0);
    for (const invoice of [open, other]) {
      const money = await moneyOf(invoice.invoiceId, invoice.requestIds);
      expect(money.invoice).toMatchObject({ status: "paid", amountPaidMinor: invoice.total });
      expect(money.payments.every((payment) => payment.status === "applied" && payment.transactionId)).toBe(
        true,
      );
      expect(money.applied).toHaveLength(invoice.requestIds.length);
    }
    const refused = await moneyOf(voided.invoiceId, voided.requestIds);
    expect(refused.invoice).toMatchObject({ status: "void", amountPaidMinor: 0n });
    expect(refused.applied).toHaveLength(0);
    expect(refused.payments).toHaveLength(1);
    expect(refused.payments[0]).toMatchObject({ status: "unreconciled", transactionId: null });
    expect(refused.payments[0]?.unreconciledReason).toMatch(/void/);
    expect(refused.requests[0]).toMatchObject({ status: "paid" });
  });

  it("a crash before commit leaves the whole batch unsettled; the re-run settles it once", async () => {
    const invoice = await invoicePaidInParts([25_000n, 25_000n]);
    const rows = await storedCallbacks(invoice.requestIds, 2);
    const own = String(rows[0]?.id);
    await expect(
      settleCallbackBatch(contextOf(), {
        callbackId: own,
        limit: 10,
        beforeCommit: async () => {
          throw new Error("worker killed mid-batch");
        },
      }),
    ).rejects.toThrow("worker killed mid-batch");
    expect(await unprocessed(invoice.requestIds)).toHaveLength(2);
    const crashed = await moneyOf(invoice.invoiceId, invoice.requestIds);
    expect(crashed.invoice).toMatchObject({ amountPaidMinor: 0n });
    expect(crashed.payments).toHaveLength(0);
    expect(crashed.requests.every((row) => row.status === "pending" && row.queryAttempts === 0)).toBe(true);
    const [failed] = await bed.harness.db.select().from(mpesaCallbacks).where(eq(mpesaCallbacks.id, own));
    expect(failed).toMatchObject({ processedAt: null, attempts: 1, lastError: "worker killed mid-batch" });

    expect(await runJob(own, 10)).toBe("confirmed-paid");
    // Committed, then the job is run again (its completion was lost): nothing changes.
    expect(await runJob(own, 10)).toBe("already-processed");
    const money = await moneyOf(invoice.invoiceId, invoice.requestIds);
    expect(money.invoice).toMatchObject({ status: "paid", amountPaidMinor: 50_000n });
    expect(money.payments).toHaveLength(2);
    expect(money.applied).toHaveLength(2);
  });

  it("a claim the query does not confirm moves no money: the request waits, confirming, for its query chain", async () => {
    const invoice = await bed.createInvoice({ totalMinor: 40_000n, email: null });
    const request = await bed.owner.caller.mpesa.requests.create({
      businessId: bed.businessId,
      invoiceId: invoice.invoiceId,
      phone: magicPhoneFor("manual"),
    });
    const view = await bed.owner.caller.mpesa.settings.get({ businessId: bed.businessId });
    if (!view.configured || !view.callbackUrls) throw new Error("M-Pesa is not configured");
    const forged = {
      Body: {
        stkCallback: {
          MerchantRequestID: "29115-34620561-1",
          CheckoutRequestID: String(request.checkoutRequestId),
          ResultCode: 0,
          ResultDesc: "The service request is processed successfully.",
          CallbackMetadata: {
            Item: [
              { Name: "Amount", Value: 400 },
              { Name: "MpesaReceiptNumber", Value: "BATCHFORGE1" },
              { Name: "PhoneNumber", Value: Number(request.phone) },
            ],
          },
        },
      },
    };
    const response = await fetch(`${view.callbackUrls.stk}/${request.id}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(forged),
    });
    expect(response.status).toBe(200);
    const [row] = await storedCallbacks([request.id], 1);
    // The simulator still says "being processed": no definitive answer, so nothing is applied.
    expect(await runJob(String(row?.id), 10)).toBe("confirming");
    const money = await moneyOf(invoice.invoiceId, [request.id]);
    expect(money.requests[0]).toMatchObject({ status: "confirming", queryAttempts: 1 });
    expect(money.payments).toHaveLength(0);
    expect(money.invoice).toMatchObject({ amountPaidMinor: 0n });
    const chained = await bed.jobs.queue("mpesa").getJob(`mpesa-stk-confirm-${row?.id}`);
    expect(chained?.data).toEqual({ paymentRequestId: request.id, attempt: 2 });
  });
});

describe("one payment per job (MPESA_SETTLE_BATCH_SIZE=0)", () => {
  it("two queries confirming payments to one invoice at once settle both, without a deadlock", async () => {
    const paid = await invoicePaidInParts([10_000n, 15_000n]);
    await storedCallbacks(paid.requestIds, 2);
    // Each settlement writes its M-Pesa payment row, which names the invoice (the foreign key's check takes a
    // share lock on it), and then locks the invoice to apply the money. A pause after the insert makes both
    // settlements hold the share lock before either asks for the invoice: two upgrades, a deadlock, unless the
    // invoice is locked first.
    await bed.harness.db.execute(sql`
      create function kavi_test_pause_after_payment() returns trigger language plpgsql as $$
      begin perform pg_sleep(0.4); return null; end $$`);
    await bed.harness.db.execute(sql`
      create trigger kavi_test_pause_after_payment after insert on mpesa_payments
      for each statement execute function kavi_test_pause_after_payment()`);
    try {
      const outcomes = await Promise.all(paid.requestIds.map((id) => queryStkRequest(contextOf(), id, 1)));
      expect(outcomes).toEqual(["settled", "settled"]);
    } finally {
      await bed.harness.db.execute(sql`drop trigger kavi_test_pause_after_payment on mpesa_payments`);
      await bed.harness.db.execute(sql`drop function kavi_test_pause_after_payment()`);
    }
    const money = await moneyOf(paid.invoiceId, paid.requestIds);
    expect(money.invoice).toMatchObject({ amountPaidMinor: 25_000n, status: "paid" });
    expect(money.payments.map((payment) => payment.status)).toEqual(["applied", "applied"]);
    expect(money.applied).toHaveLength(2);
  });
});
