import { type Database, invoices, type TEmailAttachmentRef } from "@kavi/db";
import type { Storage } from "@kavi/storage";
import { eq } from "drizzle-orm";
import type { Logger } from "../../logger";
import type { RenderedAttachment } from "../email-outbox";
import { readBusinessLogo } from "../files/logo";
import { loadInvoiceDocument } from "./document";
import { renderInvoicePdf } from "./pdf";

/**
 * The email worker's renderer for `invoice_pdf` attachments: the invoice as it stands when the email goes
 * out (a payment recorded meanwhile shows on it). A deleted invoice fails the delivery loudly.
 */
export async function renderInvoicePdfAttachment(
  db: Database,
  ref: TEmailAttachmentRef,
  /** Where the business's logo is read from; without it the PDF goes without the logo. */
  files?: { storage: Storage; logger: Logger },
): Promise<RenderedAttachment> {
  const [invoice] = await db
    .select({ businessId: invoices.businessId })
    .from(invoices)
    .where(eq(invoices.id, ref.id))
    .limit(1);
  if (!invoice) throw new Error(`invoice ${ref.id} for an email attachment no longer exists`);
  const document = await loadInvoiceDocument(db, invoice.businessId, ref.id);
  const logo = files ? await readBusinessLogo({ db, ...files }, invoice.businessId) : null;
  const pdf = await renderInvoicePdf({ ...document, logo: logo?.bytes ?? null });
  return { filename: ref.filename || pdf.filename, content: pdf.content, contentType: "application/pdf" };
}
