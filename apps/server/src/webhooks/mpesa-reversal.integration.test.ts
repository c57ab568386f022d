import { randomUUID } from "node:crypto";
import { confirmReversal, processMpesaCallback } from "@kavi/api/services";
import { addMember, refusal, type SignedInUser } from "@kavi/api/testing";
import {
  activityLog,
  mpesaCallbacks,
  mpesaPayments,
  mpesaReversals,
  notifications,
  transactions,
} from "@kavi/db";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMpesaTestbed, eventually, type MpesaTestbed } from "./mpesa-testbed";

let bed: MpesaTestbed;
let coOwner: SignedInUser;

beforeAll(async () => {
  bed = await createMpesaTestbed();
  await bed.owner.caller.mpesa.settings.registerC2bUrls({ businessId: bed.businessId });
  coOwner = await addMember(bed.harness, bed.owner, bed.businessId, "owner");
});
afterAll(async () => {
  await bed?.close();
});

/** A customer pays the Paybill with an account reference that matches nothing: it lands in the inbox. */
async function paidByMistake(billRefNumber: string, amount: number) {
  await bed.customerPays(billRefNumber, amount);
  return eventually(
    async () => {
      const [row] = await bed.harness.db
        .select()
        .from(mpesaPayments)
        .where(
          and(eq(mpesaPayments.businessId, bed.businessId), eq(mpesaPayments.billRefNumber, billRefNumber)),
        );
      return row?.status === "unreconciled" ? row : undefined;
    },
    15_000,
    `the payment ${billRefNumber} in the inbox`,
  );
}

async function reversalRow(id: string) {
  const [row] = await bed.harness.db.select().from(mpesaReversals).where(eq(mpesaReversals.id, id));
  if (!row) throw new Error("no reversal");
  return row;
}

async function settled(id: string) {
  return eventually(
    async () => {
      const row = await reversalRow(id);
      return row.status === "reversed" || row.status === "failed" ? row : undefined;
    },
    20_000,
    "the reversal settled",
  );
}

const scope = () => ({ businessId: bed.businessId });

describe("reversing a payment received by mistake", () => {
  it("one owner asks, another approves, and it is marked reversed only once Transaction Status confirms it", async () => {
    const payment = await paidByMistake("WRONG-PAYBILL", 700);
    const asked = await bed.owner.caller.mpesa.reversals.request({
      ...scope(),
      mpesaPaymentId: payment.id,
      reason: "Paid to the wrong Paybill",
    });
    expect(asked.status).toBe("awaiting_approval");
    // Maker-checker: the one who asked cannot approve.
    expect(
      (await refusal(bed.owner.caller.mpesa.reversals.approve({ ...scope(), reversalId: asked.id }))).code,
    ).toBe("FORBIDDEN");
    // Only one live reversal per payment.
    expect(
      (
        await refusal(
          coOwner.caller.mpesa.reversals.request({ ...scope(), mpesaPaymentId: payment.id, reason: "Again" }),
        )
      ).code,
    ).toBe("CONFLICT");

    await coOwner.caller.mpesa.reversals.approve({ ...scope(), reversalId: asked.id });
    const done = await settled(asked.id);
    expect(done).toMatchObject({ status: "reversed", transactionId: null });
    expect(done.reversalReceipt).toBeTruthy();
    const [after] = await bed.harness.db.select().from(mpesaPayments).where(eq(mpesaPayments.id, payment.id));
    expect(after?.status).toBe("reversed");

    // The result callback was a claim; the status result is what settled it.
    const outcomes = await bed.harness.db
      .select({ kind: mpesaCallbacks.kind, outcome: mpesaCallbacks.outcome })
      .from(mpesaCallbacks)
      .where(and(eq(mpesaCallbacks.businessId, bed.businessId), eq(mpesaCallbacks.subjectId, asked.id)));
    expect(outcomes).toEqual(
      expect.arrayContaining([
        { kind: "reversal_result", outcome: "confirming" },
        { kind: "status_result", outcome: "reversed" },
      ]),
    );
    const audit = await bed.harness.db
      .select({ action: activityLog.action })
      .from(activityLog)
      .where(eq(activityLog.entityId, asked.id));
    expect(audit.map((row) => row.action).sort()).toEqual([
      "mpesa.reversal_approved",
      "mpesa.reversal_completed",
      "mpesa.reversal_requested",
    ]);
  });

  it("a payment booked as income gets the money leaving booked against it, exactly once", async () => {
    const payment = await paidByMistake("DEPOSIT-ERROR", 1_200);
    await bed.owner.caller.mpesa.payments.bookAsIncome({ ...scope(), mpesaPaymentId: payment.id });
    const asked = await coOwner.caller.mpesa.reversals.request({
      ...scope(),
      mpesaPaymentId: payment.id,
      reason: "Customer paid twice",
    });
    await bed.owner.caller.mpesa.reversals.approve({ ...scope(), reversalId: asked.id });
    const done = await settled(asked.id);
    expect(done.status).toBe("reversed");
    const booked = await bed.harness.db
      .select()
      .from(transactions)
      .where(
        and(
          eq(transactions.businessId, bed.businessId),
          eq(transactions.externalId, `reversal-${done.reversalReceipt}`),
        ),
      );
    expect(booked).toHaveLength(1);
    expect(booked[0]).toMatchObject({ type: "expense", baseAmountMinor: 1_200_00n });

    // The same status result processed again (a redelivery, a job run twice) finds it done and books nothing more.
    const [statusResult] = await bed.harness.db
      .select()
      .from(mpesaCallbacks)
      .where(
        and(
          eq(mpesaCallbacks.subjectId, asked.id),
          eq(mpesaCallbacks.kind, "status_result"),
          eq(mpesaCallbacks.outcome, "reversed"),
        ),
      );
    if (!statusResult) throw new Error("no status result");
    await bed.harness.db
      .update(mpesaCallbacks)
      .set({ processedAt: null })
      .where(eq(mpesaCallbacks.id, statusResult.id));
    expect(await processMpesaCallback(bed.harness.serviceContext(), statusResult.id)).toBe("already-settled");
    expect(await confirmReversal(bed.harness.serviceContext(), asked.id, 1)).toBe("not-needed");
    const again = await bed.harness.db
      .select()
      .from(transactions)
      .where(eq(transactions.externalId, `reversal-${done.reversalReceipt}`));
    expect(again).toHaveLength(1);
  });

  it("refuses what cannot be reversed, and a rejection ends the request", async () => {
    const payment = await paidByMistake("REJECT-ME", 300);
    const asked = await bed.owner.caller.mpesa.reversals.request({
      ...scope(),
      mpesaPaymentId: payment.id,
      reason: "Not sure yet",
    });
    await coOwner.caller.mpesa.reversals.reject({ ...scope(), reversalId: asked.id, reason: "It was ours" });
    expect((await reversalRow(asked.id)).status).toBe("rejected");
    const staff = await addMember(bed.harness, bed.owner, bed.businessId, "staff", ["payments"]);
    expect(
      (
        await refusal(
          staff.caller.mpesa.reversals.request({ ...scope(), mpesaPaymentId: payment.id, reason: "x y" }),
        )
      ).code,
    ).toBe("FORBIDDEN");
    expect((await staff.caller.mpesa.reversals.list({ ...scope(), mpesaPaymentId: payment.id })).length).toBe(
      1,
    );
  });

  it("the payment's page shows it and whether it can go back, and the requester hears the decision", async () => {
    const payment = await paidByMistake("PAGE-VIEW", 450);
    const shown = await bed.owner.caller.mpesa.payments.get({ ...scope(), mpesaPaymentId: payment.id });
    expect(shown).toMatchObject({
      id: payment.id,
      status: "unreconciled",
      amountMinor: 450_00n,
      receipt: payment.receipt,
      invoiceId: null,
      transactionId: null,
      reversible: true,
    });
    expect(
      (await refusal(bed.owner.caller.mpesa.payments.get({ ...scope(), mpesaPaymentId: randomUUID() }))).code,
    ).toBe("NOT_FOUND");

    const asked = await bed.owner.caller.mpesa.reversals.request({
      ...scope(),
      mpesaPaymentId: payment.id,
      reason: "Paid to the wrong Paybill",
    });
    expect(
      await bed.owner.caller.mpesa.payments.get({ ...scope(), mpesaPaymentId: payment.id }),
    ).toMatchObject({
      reversible: false,
      reversalUnderWay: true,
    });
    await coOwner.caller.mpesa.reversals.approve({ ...scope(), reversalId: asked.id });
    const told = async (userId: string, reversalId: string) =>
      (
        await bed.harness.db
          .select()
          .from(notifications)
          .where(and(eq(notifications.userId, userId), eq(notifications.kind, "mpesa.reversal_decided")))
      ).filter((row) => (row.data as { reversalId?: string } | null)?.reversalId === reversalId);
    const toRequester = await told(bed.owner.id, asked.id);
    expect(toRequester).toHaveLength(1);
    expect(toRequester[0]).toMatchObject({
      businessId: bed.businessId,
      link: `/b/${bed.businessId}/mpesa/payments/${payment.id}`,
    });
    expect(toRequester[0]?.title).toContain("approved");
    expect(await told(coOwner.id, asked.id)).toHaveLength(0);
    await settled(asked.id);
    const after = await bed.owner.caller.mpesa.payments.get({ ...scope(), mpesaPaymentId: payment.id });
    expect(after).toMatchObject({ status: "reversed", reversible: false, reversalUnderWay: false });

    // A rejection reaches the one who asked too, with the reason.
    const second = await paidByMistake("PAGE-REJECT", 250);
    const secondAsk = await coOwner.caller.mpesa.reversals.request({
      ...scope(),
      mpesaPaymentId: second.id,
      reason: "Looks wrong",
    });
    await bed.owner.caller.mpesa.reversals.reject({
      ...scope(),
      reversalId: secondAsk.id,
      reason: "It is a deposit",
    });
    const rejected = await told(coOwner.id, secondAsk.id);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.title).toContain("rejected");
    expect(rejected[0]?.body).toContain("It is a deposit");
    expect(
      (await bed.owner.caller.mpesa.payments.get({ ...scope(), mpesaPaymentId: second.id })).reversible,
    ).toBe(true);
  });
});
