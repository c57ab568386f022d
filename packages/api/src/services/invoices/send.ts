import { type DbOrTx, invoices } from "@kavi/db";
import { balanceDueMinor, toLanguage } from "@kavi/domain";
import { eq } from "drizzle-orm";
import { recordActivity } from "../activity";
import { queueEmail } from "../email-outbox";
import { claimEmailQuota, type EmailQuotas, QUOTA_TEMPLATES } from "../email-quota";
import type { ServiceContext } from "../service-context";
import type { AfterCommit } from "../unit-of-work";
import { inTransaction } from "../unit-of-work";
import { type BusinessScope, businessDisplayName, publicInvoiceUrl } from "./context";
import { invoiceEmail, reminderEmail } from "./emails";
import { badField, refuse } from "./errors";
import { issueLockedDraft } from "./lifecycle";
import { findCustomer, findInvoice, type TInvoiceRow } from "./queries";

export const INVOICE_PDF_ATTACHMENT = "invoice_pdf";

export interface QueueInvoiceEmailInput {
  business: BusinessScope;
  invoice: TInvoiceRow;
  customerName: string;
  /** The customer's language: the email, and the PDF the worker attaches, speak it. */
  customerLanguage: string;
  to: string;
  appUrl: string;
  now: Date;
  quotas: EmailQuotas;
  message?: string | null;
  /** Set for reminders: days from the due date. */
  reminderOffsetDays?: number;
}

/**
 * Puts the invoice email (with the PDF as an attachment reference) in the outbox, in the caller's
 * transaction. The email worker renders the PDF when it delivers, so the attachment is always the invoice
 * as it stands, and the outbox row plus its sweeper make the send survive a Redis or SMTP outage. It takes
 * one from the business's daily allowance first, and refuses (writing nothing) when there is none.
 */
export async function queueInvoiceEmail(
  tx: DbOrTx,
  afterCommit: AfterCommit,
  input: QueueInvoiceEmailInput,
): Promise<string> {
  const { invoice, business } = input;
  if (!invoice.invoiceNumber) throw new Error("only issued invoices are emailed");
  const kind = input.reminderOffsetDays === undefined ? "invoice" : "reminder";
  await claimEmailQuota(tx, { businessId: business.id, kind, now: input.now, quotas: input.quotas });
  const content = {
    businessName: businessDisplayName(business),
    customerName: input.customerName,
    invoiceNumber: invoice.invoiceNumber,
    currency: invoice.currency,
    totalMinor: invoice.totalMinor,
    balanceDueMinor: balanceDueMinor(invoice),
    dueDate: invoice.dueDate,
    publicUrl: publicInvoiceUrl(input.appUrl, invoice.publicToken),
    message: input.message ?? null,
    language: toLanguage(input.customerLanguage),
  };
  const email =
    input.reminderOffsetDays === undefined
      ? invoiceEmail(content)
      : reminderEmail({ ...content, offsetDays: input.reminderOffsetDays });
  const emailId = await queueEmail(tx, afterCommit, {
    template: QUOTA_TEMPLATES[kind],
    to: input.to,
    email,
    businessId: business.id,
    attachments: [{ kind: INVOICE_PDF_ATTACHMENT, id: invoice.id, filename: `${invoice.invoiceNumber}.pdf` }],
  });
  await tx
    .update(invoices)
    .set({
      lastEmailedAt: input.now,
      ...(input.reminderOffsetDays === undefined ? {} : { lastReminderAt: input.now }),
    })
    .where(eq(invoices.id, invoice.id));
  return emailId;
}

/**
 * Emails an invoice to the customer (or another address), issuing it first when it is a draft. Sending
 * again is allowed (a resend) for any issued invoice; void ones are refused.
 */
export async function sendInvoice(
  ctx: ServiceContext,
  business: BusinessScope,
  invoiceId: string,
  options: { to?: string | null; message?: string | null } = {},
): Promise<{ invoice: TInvoiceRow; emailId: string; to: string }> {
  return inTransaction(ctx, async (tx, afterCommit) => {
    const locked = await findInvoice(tx, business.id, invoiceId, { lock: true });
    if (locked.status === "void") throw refuse("This invoice is void, so it cannot be sent.");
    const customer = await findCustomer(tx, business.id, locked.customerId);
    const to = options.to ?? customer.email;
    if (!to) {
      throw badField("to", `${customer.name} has no email address. Enter one to send the invoice to.`);
    }
    const now = ctx.now();
    const wasDraft = locked.status === "draft";
    const invoice = await issueLockedDraft(tx, ctx.actor, business, locked, now, "send");
    const emailId = await queueInvoiceEmail(tx, afterCommit, {
      business,
      invoice,
      customerName: customer.name,
      customerLanguage: customer.language,
      to,
      appUrl: ctx.config.appUrl,
      now,
      quotas: ctx.config.emailQuotas,
      message: options.message ?? null,
    });
    await recordActivity(tx, ctx.actor, {
      action: wasDraft ? "invoice.sent" : "invoice.resent",
      entityType: "invoice",
      entityId: invoice.id,
      metadata: { to, emailId, invoiceNumber: invoice.invoiceNumber },
    });
    return { invoice: { ...invoice, lastEmailedAt: now }, emailId, to };
  });
}
