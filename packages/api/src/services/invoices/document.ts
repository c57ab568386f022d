import { businesses, type DbOrTx } from "@kavi/db";
import { balanceDueMinor, summarizeTax, type TaxSummaryRow, toLanguage } from "@kavi/domain";
import { eq } from "drizzle-orm";
import { AppError } from "../../errors";
import { loadMpesaCollectionDetails } from "../mpesa/collection-details";
import { type PaymentInstructions, paymentInstructionsFor } from "./payment-instructions";
import {
  findCustomer,
  findInvoice,
  listCreditNotes,
  listItems,
  listPayments,
  type TCreditNoteRow,
  type TInvoiceItemRow,
  type TInvoicePaymentRow,
  type TInvoiceRow,
} from "./queries";
import { getInvoiceSettings } from "./settings";

export interface InvoiceDocumentParty {
  name: string;
  legalName?: string | null;
  taxId: string | null;
  email: string | null;
  phone: string | null;
  address: string | null;
  city: string | null;
  country: string | null;
  website?: string | null;
  registrationNumber?: string | null;
}

/** Everything an invoice shows, wherever it is shown: the PDF, the public page, the email. */
export interface InvoiceDocument {
  /** The business's logo (PNG or JPEG bytes), drawn at the top of the PDF when present. */
  logo?: Uint8Array | null;
  invoice: TInvoiceRow;
  lines: TInvoiceItemRow[];
  taxSummary: TaxSummaryRow[];
  balanceDueMinor: bigint;
  business: InvoiceDocumentParty & { timezone: string; baseCurrency: string };
  customer: InvoiceDocumentParty & { accountNumber: string | null; language: string };
  payments: TInvoicePaymentRow[];
  creditNotes: TCreditNoteRow[];
  instructions: PaymentInstructions;
}

export async function loadInvoiceDocument(
  db: DbOrTx,
  businessId: string,
  invoiceId: string,
): Promise<InvoiceDocument> {
  const invoice = await findInvoice(db, businessId, invoiceId);
  const [business] = await db.select().from(businesses).where(eq(businesses.id, businessId)).limit(1);
  if (!business) throw new AppError("NOT_FOUND", "Business not found");
  const [customer, lines, payments, creditNotes, settings, mpesa] = await Promise.all([
    findCustomer(db, businessId, invoice.customerId),
    listItems(db, invoice.id),
    listPayments(db, invoice.id),
    listCreditNotes(db, invoice.id),
    getInvoiceSettings(db, businessId),
    loadMpesaCollectionDetails(db, businessId),
  ]);
  return {
    invoice,
    lines,
    taxSummary: summarizeTax(lines),
    balanceDueMinor: invoice.status === "void" ? 0n : balanceDueMinor(invoice),
    business: {
      name: business.tradingName ?? business.legalName,
      legalName: business.legalName,
      taxId: business.taxId,
      email: business.email,
      phone: business.phone,
      address: business.address,
      city: business.city,
      country: business.country,
      website: business.website,
      registrationNumber: business.registrationNumber,
      timezone: business.timezone,
      baseCurrency: business.baseCurrency,
    },
    customer: {
      name: customer.name,
      // The PIN the invoice names (eTIMS custTin): the buyer's as set on the invoice, else the customer's.
      taxId: invoice.buyerPin ?? customer.taxId,
      email: customer.email,
      phone: customer.phone,
      address: customer.address,
      city: customer.city,
      country: customer.country,
      accountNumber: customer.accountNumber,
      language: customer.language,
    },
    payments,
    creditNotes,
    instructions: paymentInstructionsFor(
      invoice.currency === "KES" ? mpesa : null,
      invoice.invoiceNumber,
      settings.paymentInstructions,
      toLanguage(customer.language),
    ),
  };
}
