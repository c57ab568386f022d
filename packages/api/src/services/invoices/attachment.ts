import { type Database, invoices, type TEmailAttachmentRef } from "@kavi/db";
import { eq } from "drizzle-orm";
import type { RenderedAttachment } from "../email-outbox";
import { loadInvoiceDocument } from "./document";
import { renderInvoicePdf } from "./pdf";

/**
 * The email worker's renderer for `invoice_pdf` attachments: the invoice as it stands when the email goes
 * out (a payment recorded meanwhile shows on it). A deleted invoice fails the delivery loudly.
 */
export async function renderInvoicePdfAttachment(
  db: Database,
  ref: TEmailAttachmentRef,
): Promise<RenderedAttachment> {
  const [invoice] = await db
    .select({ businessId: invoices.businessId })
    .from(invoices)
    .where(eq(invoices.id, ref.id))
    .limit(1);
  if (!invoice) throw new Error(`invoice ${ref.id} for an email attachment no longer exists`);
  const pdf = await renderInvoicePdf(await loadInvoiceDocument(db, invoice.businessId, ref.id));
  return { filename: ref.filename || pdf.filename, content: pdf.content, contentType: "application/pdf" };
}
