import {
  activityLog,
  creditNotes,
  customerCreditEntries,
  customers,
  invoicePayments,
  invoices,
  transactions,
} from "@kavi/db";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addMember,
  createBusinessFor,
  createTestHarness,
  insertCustomer,
  refusalDetails,
  type SignedInUser,
  sampleDraft,
  signUpUser,
  type TestHarness,
} from "../../testing";
import { SYSTEM_ACTOR } from "../activity";
import { inTransaction } from "../unit-of-work";
import { InvoicePaymentRefusedError } from "./errors";
import {
  type ApplyInvoicePaymentInput,
  applyInvoicePayment,
  applyInvoicePayments,
  findOpenInvoiceByReference,
} from "./payments";

let harness: TestHarness;
let owner: SignedInUser;
let businessId: string;

beforeAll(async () => {
  harness = await createTestHarness();
  harness.setNow(new Date("2027-03-01T06:00:00Z"));
  owner = await signUpUser(harness);
  businessId = (await createBusinessFor(owner)).id;
});
afterAll(async () => {
  await harness.close();
});

/** An issued invoice of KES 9,580.00 (sampleDraft: 9,000 zero-rated + 500 + 16 % VAT). */
async function issuedInvoice(
  customerId: string,
  overrides: Record<string, unknown> = {},
  business = businessId,
) {
  const draft = await owner.caller.invoices.create({
    businessId: business,
    ...sampleDraft(customerId, overrides),
  });
  return owner.caller.invoices.issue({ businessId: business, invoiceId: draft.id });
}

async function customerRow(customerId: string) {
  const [row] = await harness.db.select().from(customers).where(eq(customers.id, customerId));
  return row;
}

async function transactionsOf(invoiceId: string) {
  return harness.db.select().from(transactions).where(eq(transactions.invoiceId, invoiceId));
}

function mpesa(
  invoiceId: string,
  overrides: Partial<ApplyInvoicePaymentInput> = {},
): ApplyInvoicePaymentInput {
  return {
    businessId,
    invoiceId,
    amountMinor: 100_000n,
    currency: "KES",
    method: "mpesa",
    reference: "QKL1ABC2DE",
    paidAt: new Date("2027-03-01T08:15:00Z"),
    source: "mpesa_stk",
    payerName: "JOHN KAMAU",
    phone: "0712345678",
    ...overrides,
  };
}

const mpesaActor = () => ({ ...SYSTEM_ACTOR, businessId });

function applyAlone(input: ApplyInvoicePaymentInput) {
  return inTransaction(harness.services, (tx, afterCommit) =>
    applyInvoicePayment(tx, mpesaActor(), input, { afterCommit, now: harness.services.now() }),
  );
}

describe("recording payments", () => {
  it("takes a partial payment, then the rest, each booking its income transaction", async () => {
    const customer = await insertCustomer(harness.db, businessId);
    const invoice = await issuedInvoice(customer.id);
    expect(invoice.totalMinor).toBe(958_000n);

    const first = await owner.caller.invoices.recordPayment({
      businessId,
      invoiceId: invoice.id,
      amount: "4,000",
      method: "cash",
    });
    expect(first.invoice).toMatchObject({
      status: "partially_paid",
      amountPaidMinor: 400_000n,
      paidAt: null,
    });
    expect(first.creditedToCustomerMinor).toBe(0n);
    const second = await owner.caller.invoices.recordPayment({
      businessId,
      invoiceId: invoice.id,
      amount: "5580.00",
      method: "bank",
      reference: "FT27060ABC",
      paidAt: new Date("2027-03-01T05:00:00Z"),
    });
    expect(second.invoice).toMatchObject({ status: "paid", amountPaidMinor: 958_000n });
    expect(second.invoice.paidAt).toEqual(new Date("2027-03-01T05:00:00Z"));

    const booked = await transactionsOf(invoice.id);
    expect(booked.map((row) => [row.amountMinor, row.paymentMethod, row.referenceNumber]).sort()).toEqual([
      [400_000n, "cash", null],
      [558_000n, "bank", "FT27060ABC"],
    ]);
    for (const row of booked) {
      expect(row).toMatchObject({
        type: "income",
        source: "invoice_payment",
        customerId: customer.id,
        currency: "KES",
        baseAmountMinor: row.amountMinor,
        status: "completed",
      });
      expect(row.categoryId).not.toBeNull();
    }
    const payments = await harness.db
      .select()
      .from(invoicePayments)
      .where(eq(invoicePayments.invoiceId, invoice.id));
    expect(payments.map((payment) => payment.transactionId).sort()).toEqual(
      booked.map((row) => row.id).sort(),
    );
    const detail = await owner.caller.invoices.get({ businessId, invoiceId: invoice.id });
    expect(detail).toMatchObject({ balanceDueMinor: 0n, actions: { void: false, creditNote: true } });
  });

  it("credits an overpayment to the customer, books the whole amount, and uses the credit on the next invoice", async () => {
    const customer = await insertCustomer(harness.db, businessId);
    const invoice = await issuedInvoice(customer.id);
    const over = await owner.caller.invoices.recordPayment({
      businessId,
      invoiceId: invoice.id,
      amount: "10,000",
      method: "mpesa",
      reference: "QKM9XYZ111",
    });
    expect(over.creditedToCustomerMinor).toBe(42_000n);
    expect(over.payment).toMatchObject({
      amountMinor: 1_000_000n,
      appliedMinor: 958_000n,
      creditedToCustomerMinor: 42_000n,
    });
    expect(over.invoice.status).toBe("paid");
    expect((await transactionsOf(invoice.id)).map((row) => row.amountMinor)).toEqual([1_000_000n]);
    expect((await customerRow(customer.id))?.creditBalanceMinor).toBe(42_000n);

    const next = await issuedInvoice(customer.id);
    const applied = await owner.caller.invoices.applyCredit({ businessId, invoiceId: next.id });
    expect(applied).toMatchObject({ appliedMinor: 42_000n, remainingCreditMinor: 0n });
    expect(applied.invoice).toMatchObject({ status: "partially_paid", amountPaidMinor: 42_000n });
    expect(await transactionsOf(next.id)).toEqual([]);
    expect((await customerRow(customer.id))?.creditBalanceMinor).toBe(0n);
    const entries = await harness.db
      .select()
      .from(customerCreditEntries)
      .where(eq(customerCreditEntries.customerId, customer.id));
    expect(entries.map((entry) => [entry.reason, entry.amountMinor]).sort()).toEqual([
      ["applied_to_invoice", -42_000n],
      ["overpayment", 42_000n],
    ]);
    const none = await refusalDetails(owner.caller.invoices.applyCredit({ businessId, invoiceId: next.id }));
    expect(none.message).toMatch(/has no credit to use/);
  });

  it("credits everything when the invoice was already paid, and checks amounts against the currency", async () => {
    const customer = await insertCustomer(harness.db, businessId);
    const invoice = await issuedInvoice(customer.id);
    await owner.caller.invoices.recordPayment({
      businessId,
      invoiceId: invoice.id,
      amount: "9580",
      method: "cash",
    });
    const again = await owner.caller.invoices.recordPayment({
      businessId,
      invoiceId: invoice.id,
      amount: "100",
      method: "cash",
    });
    expect(again.payment).toMatchObject({ appliedMinor: 0n, creditedToCustomerMinor: 10_000n });
    const decimals = await refusalDetails(
      owner.caller.invoices.recordPayment({
        businessId,
        invoiceId: invoice.id,
        amount: "1.005",
        method: "cash",
      }),
    );
    expect(decimals.fieldErrors.amount).toEqual(["KES amounts have at most 2 decimals"]);
    const zero = await refusalDetails(
      owner.caller.invoices.recordPayment({ businessId, invoiceId: invoice.id, amount: "0", method: "cash" }),
    );
    expect(zero.fieldErrors.amount).toEqual(["Enter an amount more than 0"]);
    const future = await refusalDetails(
      owner.caller.invoices.recordPayment({
        businessId,
        invoiceId: invoice.id,
        amount: "1",
        method: "cash",
        paidAt: new Date("2027-04-01T00:00:00Z"),
      }),
    );
    expect(future.fieldErrors.paidAt).toEqual(["The payment date cannot be in the future"]);
  });

  it("refuses drafts, void invoices, other currencies and foreign-currency excess, with typed refusals", async () => {
    const customer = await insertCustomer(harness.db, businessId);
    const draft = await owner.caller.invoices.create({ businessId, ...sampleDraft(customer.id) });
    const voided = await issuedInvoice(customer.id);
    await owner.caller.invoices.void({ businessId, invoiceId: voided.id, reason: "Wrong branch" });
    const usdCustomer = await insertCustomer(harness.db, businessId, { currency: "USD" });
    const usd = await issuedInvoice(usdCustomer.id, {
      exchangeRate: "129.50",
      lines: [
        {
          description: "Avocado export crates",
          quantity: "10",
          unitPrice: "25.00",
          taxTreatment: "zero_rated",
        },
      ],
    });

    const refusal = async (input: ApplyInvoicePaymentInput) => {
      const error = await applyAlone(input).then(
        () => null,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(InvoicePaymentRefusedError);
      return (error as InvoicePaymentRefusedError).refusal;
    };
    expect(await refusal(mpesa(draft.id, { reference: "QDRAFT0001" }))).toBe("invoice_draft");
    expect(await refusal(mpesa(voided.id, { reference: "QVOID00001" }))).toBe("invoice_void");
    expect(await refusal(mpesa(usd.id, { reference: "QUSD000001" }))).toBe("currency_mismatch");
    expect(
      await refusal(
        mpesa(usd.id, { reference: null, method: "bank", currency: "USD", amountMinor: 30_000n }),
      ),
    ).toBe("overpayment_not_allowed");
    const exact = await applyAlone(
      mpesa(usd.id, { reference: null, method: "bank", currency: "USD", amountMinor: 25_000n }),
    );
    expect(exact.invoice.status).toBe("paid");
    expect(exact.transaction).toMatchObject({
      currency: "USD",
      exchangeRate: "129.5000000000",
      baseAmountMinor: 3_237_500n,
    });
    expect(
      await harness.db.select().from(invoicePayments).where(eq(invoicePayments.invoiceId, voided.id)),
    ).toEqual([]);

    const viaProcedure = await refusalDetails(
      owner.caller.invoices.recordPayment({ businessId, invoiceId: voided.id, amount: "10", method: "cash" }),
    );
    expect(viaProcedure).toMatchObject({
      code: "PRECONDITION_FAILED",
      message: expect.stringMatching(/void/),
    });
  });

  it("writes nothing when booking the transaction fails half way", async () => {
    const customer = await insertCustomer(harness.db, businessId, { currency: "UGX" });
    // At this rate 100 UGX is worth less than a cent: the ledger refuses the booking after the payment row exists.
    const invoice = await issuedInvoice(customer.id, {
      exchangeRate: "0.0000000001",
      lines: [{ description: "Sample", quantity: 1, unitPrice: "100", taxTreatment: "exempt" }],
    });
    const failed = await refusalDetails(
      owner.caller.invoices.recordPayment({
        businessId,
        invoiceId: invoice.id,
        amount: "100",
        method: "cash",
      }),
    );
    expect(failed.code).toBe("BAD_REQUEST");
    expect(
      await harness.db.select().from(invoicePayments).where(eq(invoicePayments.invoiceId, invoice.id)),
    ).toEqual([]);
    expect(await transactionsOf(invoice.id)).toEqual([]);
    const [after] = await harness.db.select().from(invoices).where(eq(invoices.id, invoice.id));
    expect(after).toMatchObject({ status: "sent", amountPaidMinor: 0n });
  });
});

describe("M-Pesa receipts", () => {
  it("applies a receipt once: a repeat (even concurrent) returns the first result and books nothing", async () => {
    const customer = await insertCustomer(harness.db, businessId);
    const invoice = await issuedInvoice(customer.id);
    const input = mpesa(invoice.id, { reference: "QRS7TUV8WX", amountMinor: 500_000n });
    const results = await Promise.all([applyAlone(input), applyAlone(input), applyAlone(input)]);
    expect(results.map((result) => result.duplicate).sort()).toEqual([false, true, true]);
    const ids = new Set(results.map((result) => result.payment.id));
    expect(ids.size).toBe(1);
    expect(new Set(results.map((result) => result.transaction?.id)).size).toBe(1);
    const payments = await harness.db
      .select()
      .from(invoicePayments)
      .where(eq(invoicePayments.invoiceId, invoice.id));
    expect(payments).toHaveLength(1);
    expect(payments[0]).toMatchObject({
      source: "mpesa_stk",
      payerName: "JOHN KAMAU",
      payerPhone: "+254712345678",
      reference: "QRS7TUV8WX",
    });
    const booked = await transactionsOf(invoice.id);
    expect(booked).toHaveLength(1);
    expect(booked[0]).toMatchObject({
      externalId: "QRS7TUV8WX",
      paymentMethod: "mpesa",
      amountMinor: 500_000n,
    });
    const [after] = await harness.db.select().from(invoices).where(eq(invoices.id, invoice.id));
    expect(after).toMatchObject({ amountPaidMinor: 500_000n, status: "partially_paid" });
    const recorded = await harness.db
      .select()
      .from(activityLog)
      .where(and(eq(activityLog.entityId, invoice.id), eq(activityLog.action, "invoice.payment_recorded")));
    expect(recorded).toHaveLength(1);
    expect(recorded[0]?.actorUserId).toBeNull();

    // A person typing the same receipt by hand is told it is there already.
    const typed = await refusalDetails(
      owner.caller.invoices.recordPayment({
        businessId,
        invoiceId: invoice.id,
        amount: "5000",
        method: "mpesa",
        reference: "QRS7TUV8WX",
      }),
    );
    expect(typed).toMatchObject({ code: "CONFLICT" });
    expect(typed.fieldErrors.reference?.[0]).toMatch(/already recorded on invoice INV-2027-/);
  });

  it("applies a batch by the same rules: in order per invoice, a repeated receipt once, a refusal alone", async () => {
    const customer = await insertCustomer(harness.db, businessId);
    const first = await issuedInvoice(customer.id);
    const second = await issuedInvoice(customer.id);
    const voided = await issuedInvoice(customer.id);
    await owner.caller.invoices.void({ businessId, invoiceId: voided.id, reason: "Wrong branch" });
    const outcomes = await inTransaction(harness.services, (tx, afterCommit) =>
      applyInvoicePayments(
        tx,
        mpesaActor(),
        [
          mpesa(first.id, { reference: "QBATCH0001", amountMinor: 500_000n }),
          mpesa(second.id, { reference: "QBATCH0002", amountMinor: 958_000n }),
          mpesa(voided.id, { reference: "QBATCH0003" }),
          // The same receipt again in the same batch, as a duplicated callback brings it.
          mpesa(first.id, { reference: "QBATCH0001", amountMinor: 500_000n }),
          // The rest of the first invoice and 1,000.00 more: paid, the excess is the customer's credit.
          mpesa(first.id, { reference: "QBATCH0004", amountMinor: 558_000n }),
          mpesa(first.id, { reference: "", amountMinor: 0n }),
        ],
        { afterCommit, now: harness.services.now() },
      ),
    );
    expect(outcomes.map((outcome) => outcome.ok)).toEqual([true, true, false, true, true, false]);
    const [applied, paidInFull, refused, repeated, rest, invalid] = outcomes;
    if (!applied?.ok || !paidInFull?.ok || refused?.ok || !repeated?.ok || !rest?.ok || invalid?.ok) {
      throw new Error("unexpected outcomes");
    }
    expect(refused?.error).toBeInstanceOf(InvoicePaymentRefusedError);
    expect(repeated.result).toMatchObject({ duplicate: true });
    expect(repeated.result.payment.id).toBe(applied.result.payment.id);
    // Each result shows the invoice as that payment left it.
    expect(applied.result.invoice).toMatchObject({ amountPaidMinor: 500_000n, status: "partially_paid" });
    expect(rest.result.invoice).toMatchObject({ amountPaidMinor: 958_000n, status: "paid" });
    expect(rest.result.creditedToCustomerMinor).toBe(100_000n);
    expect(paidInFull.result.invoice).toMatchObject({ amountPaidMinor: 958_000n, status: "paid" });

    const [firstAfter] = await harness.db.select().from(invoices).where(eq(invoices.id, first.id));
    expect(firstAfter).toMatchObject({ amountPaidMinor: 958_000n, status: "paid" });
    expect(firstAfter?.paidAt).toEqual(new Date("2027-03-01T08:15:00Z"));
    const payments = await harness.db
      .select()
      .from(invoicePayments)
      .where(eq(invoicePayments.invoiceId, first.id));
    expect(payments.map((payment) => payment.appliedMinor).sort()).toEqual([458_000n, 500_000n]);
    expect(payments.every((payment) => payment.transactionId !== null)).toBe(true);
    const booked = await transactionsOf(first.id);
    expect(booked.map((row) => row.amountMinor).sort()).toEqual([500_000n, 558_000n]);
    expect(await transactionsOf(voided.id)).toHaveLength(0);
    expect((await customerRow(customer.id))?.creditBalanceMinor).toBe(100_000n);
    const recorded = await harness.db
      .select({ changes: activityLog.changes })
      .from(activityLog)
      .where(and(eq(activityLog.entityId, first.id), eq(activityLog.action, "invoice.payment_recorded")));
    expect(recorded.map((row) => row.changes?.status?.after).sort()).toEqual(["paid", "partially_paid"]);
  });

  it("keeps a masked phone number as Safaricom sent it", async () => {
    const customer = await insertCustomer(harness.db, businessId);
    const invoice = await issuedInvoice(customer.id);
    const result = await applyAlone(
      mpesa(invoice.id, { reference: "QMASK00001", phone: "2547*****678", amountMinor: 1_000n }),
    );
    expect(result.payment.payerPhone).toBe("2547*****678");
  });

  it("finds the open invoice a Paybill account reference names, despite slips, and nothing when unsure", async () => {
    const business = (await createBusinessFor(owner)).id;
    const customer = await insertCustomer(harness.db, business);
    const a = await issuedInvoice(customer.id, {}, business);
    const b = await issuedInvoice(customer.id, {}, business);
    expect([a.invoiceNumber, b.invoiceNumber]).toEqual(["INV-2027-0001", "INV-2027-0002"]);
    const find = (reference: string) =>
      findOpenInvoiceByReference(harness.db, business, reference).then((row) => row?.id ?? null);
    for (const typed of [
      "INV-2027-0001",
      "inv 2027 0001",
      "INV2027OOO1",
      "1NV-2O27-0001",
      "2027-0001",
      "20270001",
    ]) {
      expect(await find(typed), typed).toBe(a.id);
    }
    expect(await find("inv-2027-0002")).toBe(b.id);
    expect(await find("INV-2027-0003")).toBeNull();
    expect(await find("0001")).toBeNull();
    expect(await find("")).toBeNull();
    // Paid invoices no longer match.
    await owner.caller.invoices.recordPayment({
      businessId: business,
      invoiceId: a.id,
      amount: "9580",
      method: "cash",
    });
    expect(await find("INV-2027-0001")).toBeNull();
  });
});

describe("credit notes", () => {
  it("credits a paid invoice back to the customer, numbered on its own gapless sequence", async () => {
    const business = (await createBusinessFor(owner)).id;
    const customer = await insertCustomer(harness.db, business);
    const invoice = await issuedInvoice(customer.id, {}, business);
    const refused = await refusalDetails(
      owner.caller.invoices.createCreditNote({
        businessId: business,
        invoiceId: invoice.id,
        amount: "100",
        reason: "Bruised",
      }),
    );
    expect(refused.message).toMatch(/void it instead/);
    await owner.caller.invoices.recordPayment({
      businessId: business,
      invoiceId: invoice.id,
      amount: "9580",
      method: "mpesa",
      reference: "QCN0000001",
    });
    const { creditNote, invoice: after } = await owner.caller.invoices.createCreditNote({
      businessId: business,
      invoiceId: invoice.id,
      amount: "958.00",
      reason: "Two crates of tomatoes were bruised",
    });
    expect(creditNote).toMatchObject({
      creditNoteNumber: "CN-2027-0001",
      amountMinor: 95_800n,
      taxMinor: 800n,
      returnedMinor: 95_800n,
      disposition: "customer_credit",
    });
    expect(after).toMatchObject({ creditedMinor: 95_800n, status: "paid" });
    expect((await customerRow(customer.id))?.creditBalanceMinor).toBe(95_800n);
    const second = await owner.caller.invoices.createCreditNote({
      businessId: business,
      invoiceId: invoice.id,
      amount: "100",
      reason: "Late delivery",
      disposition: "refund",
    });
    expect(second.creditNote).toMatchObject({
      creditNoteNumber: "CN-2027-0002",
      returnedMinor: 10_000n,
      disposition: "refund",
    });
    expect((await customerRow(customer.id))?.creditBalanceMinor).toBe(95_800n);
    const tooMuch = await refusalDetails(
      owner.caller.invoices.createCreditNote({
        businessId: business,
        invoiceId: invoice.id,
        amount: "9000",
        reason: "All of it",
      }),
    );
    expect(tooMuch.fieldErrors.amount).toEqual(["You can credit at most KES 8,522.00 on this invoice"]);
    const voidRefused = await refusalDetails(
      owner.caller.invoices.void({ businessId: business, invoiceId: invoice.id, reason: "Changed mind" }),
    );
    expect(voidRefused.message).toMatch(/issue a credit note instead/);
    const detail = await owner.caller.invoices.get({ businessId: business, invoiceId: invoice.id });
    expect(detail.creditNotes.map((note) => note.creditNoteNumber)).toEqual(["CN-2027-0002", "CN-2027-0001"]);
  });

  it("on a partly paid invoice reduces what is owed first, and only the excess goes back", async () => {
    const customer = await insertCustomer(harness.db, businessId);
    const invoice = await issuedInvoice(customer.id);
    await owner.caller.invoices.recordPayment({
      businessId,
      invoiceId: invoice.id,
      amount: "4000",
      method: "cash",
    });
    const first = await owner.caller.invoices.createCreditNote({
      businessId,
      invoiceId: invoice.id,
      amount: "3000",
      reason: "Returned stock",
    });
    expect(first.creditNote.returnedMinor).toBe(0n);
    expect(first.invoice).toMatchObject({ status: "partially_paid", creditedMinor: 300_000n });
    expect((await owner.caller.invoices.get({ businessId, invoiceId: invoice.id })).balanceDueMinor).toBe(
      258_000n,
    );
    const second = await owner.caller.invoices.createCreditNote({
      businessId,
      invoiceId: invoice.id,
      amount: "3000",
      reason: "More returned stock",
    });
    // 2,580 was still owed: that is cleared, and 420 goes to the customer's credit.
    expect(second.creditNote.returnedMinor).toBe(42_000n);
    expect(second.invoice.status).toBe("paid");
    expect((await customerRow(customer.id))?.creditBalanceMinor).toBe(42_000n);
    const notes = await harness.db.select().from(creditNotes).where(eq(creditNotes.invoiceId, invoice.id));
    expect(notes).toHaveLength(2);
  });
});

describe("who may record payments", () => {
  it("lets Payments staff record and apply credit, but not issue credit notes; viewers do neither", async () => {
    const customer = await insertCustomer(harness.db, businessId);
    const invoice = await issuedInvoice(customer.id);
    const cashier = await addMember(harness, owner, businessId, "staff", ["payments"]);
    const viewer = await addMember(harness, owner, businessId, "viewer");
    const recorded = await cashier.caller.invoices.recordPayment({
      businessId,
      invoiceId: invoice.id,
      amount: "9580",
      method: "cash",
    });
    expect(recorded.invoice.status).toBe("paid");
    expect(
      await refusalDetails(
        cashier.caller.invoices.createCreditNote({
          businessId,
          invoiceId: invoice.id,
          amount: "1",
          reason: "Oops",
        }),
      ),
    ).toMatchObject({ code: "FORBIDDEN" });
    expect(
      await refusalDetails(
        viewer.caller.invoices.recordPayment({
          businessId,
          invoiceId: invoice.id,
          amount: "1",
          method: "cash",
        }),
      ),
    ).toMatchObject({ code: "FORBIDDEN" });
  });
});
