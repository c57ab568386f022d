import { creditNotes, invoices } from "@kavi/db";
import {
  allocateCreditNote,
  type CreditNoteDisposition,
  deriveIssuedStatus,
  divideRounded,
  formatMoney,
  parseAmountForCurrency,
} from "@kavi/domain";
import { eq } from "drizzle-orm";
import { diffChanges, recordActivity } from "../activity";
import type { ServiceContext } from "../service-context";
import { inTransaction } from "../unit-of-work";
import { type BusinessScope, todayIn } from "./context";
import { changeCustomerCredit } from "./customer-credit";
import { badField, refuse } from "./errors";
import { takeNextDocumentNumber } from "./numbering";
import { findInvoice, type TCreditNoteRow, type TInvoiceRow } from "./queries";
import { getInvoiceSettings } from "./settings";

export interface CreateCreditNoteInput {
  amount: string;
  reason: string;
  disposition: CreditNoteDisposition;
}

/**
 * A credit note against an invoice the customer has paid (in part or in full): it takes money off the
 * invoice. What still was owed is reduced first; anything beyond that goes back to the customer, as credit
 * on their account or as a refund to make (recorded here, paid out by hand or by an M-Pesa payout).
 * Credit notes have their own gapless numbers (CN-2026-0001), taken in this transaction.
 */
export async function createCreditNote(
  ctx: ServiceContext,
  business: BusinessScope,
  invoiceId: string,
  input: CreateCreditNoteInput,
): Promise<{ creditNote: TCreditNoteRow; invoice: TInvoiceRow }> {
  const now = ctx.now();
  const today = todayIn(business, now);
  return inTransaction(ctx, async (tx) => {
    const invoice = await findInvoice(tx, business.id, invoiceId, { lock: true });
    if (invoice.status === "draft") throw refuse("A draft can simply be edited or deleted.");
    if (invoice.status === "void") throw refuse("This invoice is void.");
    if (invoice.amountPaidMinor === 0n) {
      throw refuse("Nothing has been paid on this invoice yet: void it instead of issuing a credit note.");
    }
    const parsed = parseAmountForCurrency(input.amount, invoice.currency);
    if (!parsed.ok) throw badField("amount", parsed.message);
    const amountMinor = parsed.minor;
    const creditable = invoice.totalMinor - invoice.creditedMinor;
    if (amountMinor > creditable) {
      throw badField(
        "amount",
        creditable === 0n
          ? "This invoice has been credited in full already"
          : `You can credit at most ${formatMoney(creditable, invoice.currency)} on this invoice`,
      );
    }
    const { returnedMinor } = allocateCreditNote(amountMinor, invoice);
    if (
      returnedMinor > 0n &&
      input.disposition === "customer_credit" &&
      invoice.currency !== business.baseCurrency
    ) {
      throw badField(
        "disposition",
        `Customer credit is kept in ${business.baseCurrency}; refund the ${invoice.currency} amount instead`,
      );
    }
    const settings = await getInvoiceSettings(tx, business.id);
    const creditNoteNumber = await takeNextDocumentNumber(tx, settings, "credit_note", today);
    const [creditNote] = await tx
      .insert(creditNotes)
      .values({
        businessId: business.id,
        invoiceId,
        creditNoteNumber,
        amountMinor,
        // The tax share of the credit, in the invoice's proportion (tax per line was fixed at issue).
        taxMinor:
          invoice.totalMinor === 0n ? 0n : divideRounded(amountMinor * invoice.taxMinor, invoice.totalMinor),
        currency: invoice.currency,
        reason: input.reason,
        disposition: input.disposition,
        returnedMinor,
        issuedAt: now,
        createdByUserId: ctx.actor.userId,
      })
      .returning();
    if (!creditNote) throw new Error("credit note insert returned nothing");
    const creditedMinor = invoice.creditedMinor + amountMinor;
    const status = deriveIssuedStatus({ ...invoice, creditedMinor, today });
    const [after] = await tx
      .update(invoices)
      .set({ creditedMinor, status, ...(status === "paid" && !invoice.paidAt ? { paidAt: now } : {}) })
      .where(eq(invoices.id, invoiceId))
      .returning();
    if (!after) throw new Error("invoice update returned nothing");
    if (returnedMinor > 0n && input.disposition === "customer_credit") {
      await changeCustomerCredit(tx, {
        businessId: business.id,
        customerId: invoice.customerId,
        amountMinor: returnedMinor,
        reason: "credit_note",
        invoiceId,
        creditNoteId: creditNote.id,
      });
    }
    await recordActivity(tx, ctx.actor, {
      action: "credit_note.issued",
      entityType: "invoice",
      entityId: invoiceId,
      changes: diffChanges(invoice, after, ["creditedMinor", "status"]),
      metadata: {
        creditNoteId: creditNote.id,
        creditNoteNumber,
        amountMinor: amountMinor.toString(),
        returnedMinor: returnedMinor.toString(),
        disposition: input.disposition,
        reason: input.reason,
      },
    });
    return { creditNote, invoice: after };
  });
}
