import { processMpesaCallback, queryStkRequest } from "@kavi/api/services";
import { magicPhoneFor } from "@kavi/daraja/simulator";
import { mpesaCallbacks, mpesaPaymentRequests, mpesaPayments } from "@kavi/db";
import { createQueueWorker, createRedis } from "@kavi/jobs";
import { createOwnRedis, type OwnRedis, testRun } from "@kavi/testing";
import { QueueEvents } from "bullmq";
import { eq, inArray } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { createMpesaTestbed, eventually, type MpesaTestbed } from "./mpesa-testbed";

const beds: MpesaTestbed[] = [];
let ownRedis: OwnRedis | null = null;
afterAll(async () => {
  for (const bed of beds) await bed.close();
  await ownRedis?.dispose();
});

function contextOf(bed: MpesaTestbed) {
  return bed.harness.serviceContext({ jobs: bed.jobs });
}

async function paymentsFor(bed: MpesaTestbed, requestIds: string[]) {
  return bed.harness.db
    .select()
    .from(mpesaPayments)
    .where(inArray(mpesaPayments.paymentRequestId, requestIds));
}

describe("Redis stopped while callbacks arrive", () => {
  it("stores and acknowledges every callback, then processes all of them once Redis is back", async () => {
    ownRedis = await createOwnRedis();
    // STK queries would settle the requests on their own; push them out of the way so callbacks must do it.
    const bed = await createMpesaTestbed({ redisUrl: ownRedis.url, mpesa: { stkQueryDelaysMs: [600_000] } });
    beds.push(bed);
    const invoices = await Promise.all(
      Array.from({ length: 6 }, () => bed.createInvoice({ totalMinor: 20_000n })),
    );

    await ownRedis.stop();
    const requests = [];
    for (const invoice of invoices) {
      requests.push(
        await bed.owner.caller.mpesa.requests.create({
          businessId: bed.businessId,
          invoiceId: invoice.invoiceId,
          phone: magicPhoneFor("success"),
        }),
      );
    }
    const ids = requests.map((request) => request.id);
    // Every callback was answered 200 on its first attempt, with Redis down.
    await eventually(
      async () => {
        const deliveries = bed.simulator
          .deliveries()
          .filter((delivery) => ids.some((id) => delivery.url.endsWith(id)));
        return (
          deliveries.length === ids.length &&
          deliveries.every((delivery) => delivery.attempts[0]?.httpStatus === 200)
        );
      },
      10_000,
      "acknowledged deliveries",
    );
    const stored = await bed.harness.db
      .select()
      .from(mpesaCallbacks)
      .where(inArray(mpesaCallbacks.subjectId, ids));
    expect(stored).toHaveLength(6);
    expect(stored.every((callback) => callback.processedAt === null)).toBe(true);
    expect(await paymentsFor(bed, ids)).toHaveLength(0);

    await ownRedis.start();
    // The minute schedule's job, run now: it finds the stored callbacks and enqueues them.
    await eventually(
      async () => {
        await bed.jobs.enqueue("mpesa.sweep", {});
        return true;
      },
      10_000,
      "Redis to accept jobs again",
    );
    const settled = await eventually(
      async () => {
        const rows = await bed.harness.db
          .select()
          .from(mpesaPaymentRequests)
          .where(inArray(mpesaPaymentRequests.id, ids));
        return rows.every((row) => row.status === "paid") ? rows : undefined;
      },
      15_000,
      "every request to be paid",
    );
    expect(settled.every((row) => row.settledBy === "callback")).toBe(true);
    const payments = await paymentsFor(bed, ids);
    expect(payments).toHaveLength(6);
    expect(new Set(payments.map((payment) => payment.receipt)).size).toBe(6);
  });
});

describe("a worker that dies mid-job", () => {
  it("rolls back a crash before commit; a re-run after a crash after commit changes nothing", async () => {
    const bed = await createMpesaTestbed({ startWorker: false });
    beds.push(bed);
    const invoice = await bed.createInvoice({ totalMinor: 90_000n });
    const request = await bed.owner.caller.mpesa.requests.create({
      businessId: bed.businessId,
      invoiceId: invoice.invoiceId,
      phone: magicPhoneFor("success"),
    });
    const callback = await eventually(
      async () => {
        const [row] = await bed.harness.db
          .select()
          .from(mpesaCallbacks)
          .where(eq(mpesaCallbacks.subjectId, request.id));
        return row;
      },
      10_000,
      "the stored callback",
    );

    // Dies after doing all the work, before COMMIT: nothing happened.
    await expect(
      processMpesaCallback(contextOf(bed), callback.id, {
        beforeCommit: async () => {
          throw new Error("worker killed before commit");
        },
      }),
    ).rejects.toThrow("worker killed before commit");
    expect(await paymentsFor(bed, [request.id])).toHaveLength(0);
    const [afterCrash] = await bed.harness.db
      .select()
      .from(mpesaCallbacks)
      .where(eq(mpesaCallbacks.id, callback.id));
    expect(afterCrash).toMatchObject({
      processedAt: null,
      attempts: 1,
      lastError: "worker killed before commit",
    });

    // The webhook's own job for this callback is set aside, so the job below is the only one.
    await (await bed.jobs.queue("mpesa").getJob(`mpesa-callback-${callback.id}`))?.remove();
    // A real BullMQ worker whose first run commits and then dies before reporting completion; BullMQ runs it again.
    const connection = createRedis(testRun().redisUrl, "worker");
    const events = new QueueEvents("mpesa", {
      connection: createRedis(testRun().redisUrl, "worker"),
      prefix: bed.prefix,
    });
    await events.waitUntilReady();
    const outcomes: string[] = [];
    const worker = createQueueWorker(
      "mpesa",
      {
        "mpesa.process-callback": async ({ callbackId }, job) => {
          const outcome = await processMpesaCallback(contextOf(bed), callbackId);
          outcomes.push(outcome);
          if (job.attemptsMade === 0) throw new Error("worker killed after commit");
          return outcome;
        },
        "mpesa.query-stk": async () => "skipped",
        "mpesa.send-payout": async () => "skipped",
        "mpesa.query-payout": async () => "skipped",
        "mpesa.confirm-payment": async () => "skipped",
        "mpesa.register-c2b-urls": async () => "skipped",
        "mpesa.query-balance": async () => "skipped",
        "mpesa.send-reversal": async () => "skipped",
        "mpesa.confirm-reversal": async () => "skipped",
        "mpesa.refresh-balances": async () => ({ businesses: 0 }),
        "mpesa.sweep": async () => "skipped",
        "lending.process-callback": async () => "skipped",
        "lending.send-disbursement": async () => "skipped",
        "lending.query-transfer": async () => "skipped",
        "lending.query-stk": async () => "skipped",
      },
      { connection, prefix: bed.prefix },
    );
    try {
      const job = await bed.jobs
        .queue("mpesa")
        .add(
          "mpesa.process-callback",
          { callbackId: callback.id },
          { jobId: `crash-test-${callback.id}`, attempts: 3, backoff: { type: "fixed", delay: 50 } },
        );
      expect(await job.waitUntilFinished(events, 15_000)).toBe("already-processed");
    } finally {
      await worker.close();
      await events.close();
      connection.disconnect();
    }
    // The callback is a claim: the request waits for its STK query ("received, confirming").
    expect(outcomes).toEqual(["confirming", "already-processed"]);
    expect(await paymentsFor(bed, [request.id])).toHaveLength(0);

    // Two workers racing on the same callback: the row lock lets one do the work.
    const [first, second] = await Promise.all([
      processMpesaCallback(contextOf(bed), callback.id),
      processMpesaCallback(contextOf(bed), callback.id),
    ]);
    expect([first, second]).toEqual(["already-processed", "already-processed"]);

    // Two confirming queries racing: the request's row lock lets one settle it, once.
    const queried = await Promise.all([
      queryStkRequest(contextOf(bed), request.id, 1),
      queryStkRequest(contextOf(bed), request.id, 1),
    ]);
    expect(queried.sort()).toEqual(["already-settled", "settled"]);
    const payments = await paymentsFor(bed, [request.id]);
    expect(payments).toHaveLength(1);
    expect(payments[0]).toMatchObject({
      status: "applied",
      receipt: expect.stringMatching(/^[A-Z0-9]{10}$/),
    });
  });
});

describe("abuse limits", () => {
  it("limits STK pushes per phone, and the public pay page per IP", async () => {
    const bed = await createMpesaTestbed({
      startWorker: false,
      mpesa: { limits: { stkPerPhonePerMinute: 3, stkPerBusinessPerMinute: 60, publicPayPerIpPerMinute: 2 } },
    });
    beds.push(bed);
    const invoice = await bed.createInvoice({ totalMinor: 10_000n });
    const ask = () =>
      bed.owner.caller.mpesa.requests.create({
        businessId: bed.businessId,
        invoiceId: invoice.invoiceId,
        phone: "0700 000 000",
      });
    await ask();
    await ask();
    await ask();
    await expect(ask()).rejects.toMatchObject({
      code: "TOO_MANY_REQUESTS",
      message: expect.stringMatching(/This phone/),
    });
    // Another phone is still fine.
    await bed.owner.caller.mpesa.requests.create({
      businessId: bed.businessId,
      invoiceId: invoice.invoiceId,
      phone: magicPhoneFor("cancelled"),
    });

    const { caller: anonymous } = await bed.harness.client({ ip: "203.0.113.9" });
    const paid = await anonymous.mpesa.public.payInvoice({
      token: invoice.publicToken,
      phone: "0700 000 001",
    });
    expect(paid).toMatchObject({ status: "pending", amountMinor: 10_000n });
    // The payer sees M-Pesa's result code and text so the page can say why a prompt failed in their language.
    expect(Object.keys(paid).sort()).toEqual([
      "amountMinor",
      "failureReason",
      "paymentRequestId",
      "receipt",
      "resultCode",
      "resultDesc",
      "status",
    ]);
    const status = await anonymous.mpesa.public.paymentStatus({
      token: invoice.publicToken,
      paymentRequestId: paid.paymentRequestId,
    });
    expect(status.paymentRequestId).toBe(paid.paymentRequestId);
    await expect(
      anonymous.mpesa.public.paymentStatus({
        token: `${invoice.publicToken}x`,
        paymentRequestId: paid.paymentRequestId,
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await anonymous.mpesa.public.payInvoice({ token: invoice.publicToken, phone: "0700 000 002" });
    await expect(
      anonymous.mpesa.public.payInvoice({ token: invoice.publicToken, phone: "0700 000 003" }),
    ).rejects.toMatchObject({
      code: "TOO_MANY_REQUESTS",
    });
    const [row] = await bed.harness.db
      .select()
      .from(mpesaPaymentRequests)
      .where(eq(mpesaPaymentRequests.id, paid.paymentRequestId));
    expect(row).toMatchObject({ origin: "public_page", requestedByUserId: null });
  });
});
