import { type DbOrTx, invoices } from "@kavi/db";
import { toLanguage } from "@kavi/domain";
import type { Storage } from "@kavi/storage";
import { eq } from "drizzle-orm";
import { AppError } from "../../errors";
import type { Logger } from "../../logger";
import { businessLogoUrl, readBusinessLogo } from "../files/logo";
import type { ServiceContext } from "../service-context";
import { loadInvoiceDocument } from "./document";
import { renderInvoicePdf } from "./pdf";

/** The same answer for a wrong token, a revoked one, and a draft's: the link simply does not exist. */
function linkNotFound(): AppError {
  return new AppError("NOT_FOUND", "This invoice link is not valid. Ask the business for a new one.");
}

async function findByToken(db: DbOrTx, token: string) {
  const [row] = await db
    .select({ id: invoices.id, businessId: invoices.businessId, status: invoices.status })
    .from(invoices)
    .where(eq(invoices.publicToken, token))
    .limit(1);
  if (!row || row.status === "draft") throw linkNotFound();
  return row;
}

/**
 * What the customer may see through their link: the business's public details, themselves, the lines and
 * totals, the status and what is due, and how to pay. No internal ids beyond the invoice's own, no notes
 * about other customers, no payment references of others.
 */
export async function getPublicInvoice(
  ctx: Pick<ServiceContext, "db" | "storage" | "config" | "now">,
  token: string,
) {
  const { db } = ctx;
  const found = await findByToken(db, token);
  const document = await loadInvoiceDocument(db, found.businessId, found.id);
  const { invoice } = document;
  return {
    invoiceId: invoice.id,
    /** The business's logo, a short-lived link (null without one). */
    logoUrl: await businessLogoUrl(ctx, found.businessId),
    invoiceNumber: invoice.invoiceNumber ?? "",
    /** The customer's language: the page speaks it, as the email and the PDF do. */
    language: toLanguage(document.customer.language),
    status: invoice.status,
    issueDate: invoice.issueDate,
    dueDate: invoice.dueDate,
    paymentTermsDays: invoice.paymentTermsDays,
    currency: invoice.currency,
    pricesIncludeTax: invoice.pricesIncludeTax,
    subtotalMinor: invoice.subtotalMinor,
    discountMinor: invoice.discountMinor,
    taxMinor: invoice.taxMinor,
    totalMinor: invoice.totalMinor,
    amountPaidMinor: invoice.amountPaidMinor,
    creditedMinor: invoice.creditedMinor,
    balanceDueMinor: document.balanceDueMinor,
    notes: invoice.notes,
    terms: invoice.terms,
    paidAt: invoice.paidAt,
    voidedAt: invoice.voidedAt,
    business: {
      name: document.business.name,
      legalName: document.business.legalName ?? null,
      taxId: document.business.taxId,
      email: document.business.email,
      phone: document.business.phone,
      address: document.business.address,
      city: document.business.city,
      website: document.business.website ?? null,
    },
    customer: {
      name: document.customer.name,
      taxId: document.customer.taxId,
      email: document.customer.email,
    },
    lines: document.lines.map((line) => ({
      description: line.description,
      quantityMilli: line.quantityMilli,
      unitPriceMinor: line.unitPriceMinor,
      discountMinor: line.discountMinor,
      taxTreatment: line.taxTreatment,
      taxRateBps: line.taxRateBps,
      netMinor: line.netMinor,
      taxMinor: line.taxMinor,
      totalMinor: line.totalMinor,
    })),
    taxSummary: document.taxSummary,
    payments: document.payments
      .filter((payment) => payment.appliedMinor > 0n)
      .map((payment) => ({
        paidAt: payment.paidAt,
        amountMinor: payment.appliedMinor,
        method: payment.method,
      })),
    instructions: document.instructions,
    /** Where "Pay with M-Pesa" (STK push) plugs in; false until the business has M-Pesa set up. */
    canPayOnline:
      document.instructions.mpesa !== null && document.balanceDueMinor > 0n && invoice.status !== "void",
    pdfPath: `/api/public/invoices/${token}/pdf`,
  };
}

export async function getPublicInvoicePdf(
  ctx: { db: DbOrTx; storage: Storage; logger: Logger },
  token: string,
) {
  const found = await findByToken(ctx.db, token);
  const document = await loadInvoiceDocument(ctx.db, found.businessId, found.id);
  const logo = await readBusinessLogo({ ...ctx }, found.businessId);
  return renderInvoicePdf({ ...document, logo: logo?.bytes ?? null });
}
