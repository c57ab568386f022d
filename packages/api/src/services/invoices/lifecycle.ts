import { type DbOrTx, invoices } from "@kavi/db";
import { addDays, daysBetween, deriveIssuedStatus, isOpenInvoiceStatus } from "@kavi/domain";
import { eq } from "drizzle-orm";
import { type Actor, diffChanges, recordActivity } from "../activity";
import type { ServiceContext } from "../service-context";
import { inTransaction } from "../unit-of-work";
import { type BusinessScope, todayIn } from "./context";
import { newPublicToken } from "./drafts";
import { badField, refuse } from "./errors";
import { takeNextDocumentNumber } from "./numbering";
import { findCustomer, findInvoice, type TInvoiceRow } from "./queries";
import { getInvoiceSettings } from "./settings";

/**
 * Issues a locked draft: takes the next gapless number (in this transaction), fixes the due date from the
 * payment terms, and sets the status from the dates and money. The caller holds the invoice row lock.
 */
export async function issueLockedDraft(
  tx: DbOrTx,
  actor: Actor,
  business: BusinessScope,
  draft: TInvoiceRow,
  now: Date,
  via: "issue" | "send" | "recurring",
): Promise<TInvoiceRow> {
  if (draft.status !== "draft") return draft;
  if (draft.totalMinor <= 0n) {
    throw refuse("An invoice needs at least one line with an amount before it can be issued", "lines");
  }
  const customer = await findCustomer(tx, business.id, draft.customerId);
  if (customer.archivedAt) throw refuse("This customer is archived. Restore them to invoice them.");
  const settings = await getInvoiceSettings(tx, business.id);
  const invoiceNumber = await takeNextDocumentNumber(tx, settings, "invoice", draft.issueDate);
  const dueDate = addDays(draft.issueDate, draft.paymentTermsDays);
  const status = deriveIssuedStatus({ ...draft, dueDate, today: todayIn(business, now) });
  const [issued] = await tx
    .update(invoices)
    .set({ invoiceNumber, dueDate, status, sentAt: now })
    .where(eq(invoices.id, draft.id))
    .returning();
  if (!issued) throw new Error("invoice issue returned nothing");
  await recordActivity(tx, actor, {
    action: "invoice.issued",
    entityType: "invoice",
    entityId: draft.id,
    changes: diffChanges(draft, issued, ["invoiceNumber", "status", "dueDate"]),
    metadata: { via },
  });
  return issued;
}

/** "Mark as sent": issue without emailing (handed over in person, on WhatsApp, …). */
export async function issueInvoice(
  ctx: ServiceContext,
  business: BusinessScope,
  invoiceId: string,
): Promise<TInvoiceRow> {
  return inTransaction(ctx, async (tx) => {
    const invoice = await findInvoice(tx, business.id, invoiceId, { lock: true });
    if (invoice.status !== "draft") {
      throw refuse(
        invoice.status === "void"
          ? "This invoice is void."
          : `${invoice.invoiceNumber} has already been issued.`,
      );
    }
    return issueLockedDraft(tx, ctx.actor, business, invoice, ctx.now(), "issue");
  });
}

/** Voids an issued invoice nobody has paid. Its number stays on record; a paid one needs a credit note. */
export async function voidInvoice(
  ctx: ServiceContext,
  business: BusinessScope,
  invoiceId: string,
  reason: string,
): Promise<TInvoiceRow> {
  return inTransaction(ctx, async (tx) => {
    const invoice = await findInvoice(tx, business.id, invoiceId, { lock: true });
    if (invoice.status === "draft") throw refuse("A draft has no number yet: delete it instead.");
    if (invoice.status === "void") throw refuse("This invoice is already void.");
    if (invoice.amountPaidMinor > 0n || invoice.creditedMinor > 0n) {
      throw refuse("Payments have been recorded on this invoice: issue a credit note instead of voiding it.");
    }
    const [voided] = await tx
      .update(invoices)
      .set({ status: "void", voidedAt: ctx.now(), voidReason: reason })
      .where(eq(invoices.id, invoiceId))
      .returning();
    if (!voided) throw new Error("invoice void returned nothing");
    await recordActivity(tx, ctx.actor, {
      action: "invoice.voided",
      entityType: "invoice",
      entityId: invoiceId,
      changes: diffChanges(invoice, voided, ["status"]),
      metadata: { reason, invoiceNumber: invoice.invoiceNumber },
    });
    return voided;
  });
}

/** Moves the due date of an open invoice (an agreed extension); overdue returns to sent or partially paid. */
export async function changeDueDate(
  ctx: ServiceContext,
  business: BusinessScope,
  invoiceId: string,
  dueDate: string,
): Promise<TInvoiceRow> {
  return inTransaction(ctx, async (tx) => {
    const invoice = await findInvoice(tx, business.id, invoiceId, { lock: true });
    if (invoice.status === "draft") {
      throw refuse("A draft's due date follows its payment terms: edit the draft instead.", "dueDate");
    }
    if (!isOpenInvoiceStatus(invoice.status))
      throw refuse("Only an unpaid invoice's due date can change.", "dueDate");
    if (dueDate < invoice.issueDate)
      throw badField("dueDate", "The due date cannot be before the issue date");
    const status = deriveIssuedStatus({ ...invoice, dueDate, today: todayIn(business, ctx.now()) });
    const [after] = await tx
      .update(invoices)
      .set({ dueDate, status, paymentTermsDays: daysBetween(invoice.issueDate, dueDate) })
      .where(eq(invoices.id, invoiceId))
      .returning();
    if (!after) throw new Error("invoice update returned nothing");
    await recordActivity(tx, ctx.actor, {
      action: "invoice.due_date_changed",
      entityType: "invoice",
      entityId: invoiceId,
      changes: diffChanges(invoice, after, ["dueDate", "status", "paymentTermsDays"]),
    });
    return after;
  });
}

/** A new link for the customer; the old one stops working at once. */
export async function regeneratePublicToken(
  ctx: ServiceContext,
  business: BusinessScope,
  invoiceId: string,
): Promise<TInvoiceRow> {
  return inTransaction(ctx, async (tx) => {
    await findInvoice(tx, business.id, invoiceId, { lock: true });
    const [after] = await tx
      .update(invoices)
      .set({ publicToken: newPublicToken() })
      .where(eq(invoices.id, invoiceId))
      .returning();
    if (!after) throw new Error("invoice update returned nothing");
    await recordActivity(tx, ctx.actor, {
      action: "invoice.link_regenerated",
      entityType: "invoice",
      entityId: invoiceId,
    });
    return after;
  });
}
