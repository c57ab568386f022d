import {
  creditNotes,
  customers,
  type DbOrTx,
  invoiceItems,
  invoicePayments,
  type invoiceSettings,
  invoices,
} from "@kavi/db";
import { and, asc, desc, eq } from "drizzle-orm";
import { AppError } from "../../errors";
import { invoiceNotFound } from "./errors";

export type TInvoiceRow = typeof invoices.$inferSelect;
export type TInvoiceItemRow = typeof invoiceItems.$inferSelect;
export type TInvoicePaymentRow = typeof invoicePayments.$inferSelect;
export type TCreditNoteRow = typeof creditNotes.$inferSelect;
export type TCustomerRow = typeof customers.$inferSelect;
export type TInvoiceSettingsRow = typeof invoiceSettings.$inferSelect;

/** One invoice of one business; another business's invoice is "not found", exactly like a missing one. */
export async function findInvoice(
  db: DbOrTx,
  businessId: string,
  invoiceId: string,
  options: { lock?: boolean } = {},
): Promise<TInvoiceRow> {
  const query = db
    .select()
    .from(invoices)
    .where(and(eq(invoices.id, invoiceId), eq(invoices.businessId, businessId)))
    .limit(1);
  const [row] = options.lock ? await query.for("update") : await query;
  if (!row) throw invoiceNotFound();
  return row;
}

export async function findCustomer(
  db: DbOrTx,
  businessId: string,
  customerId: string,
  options: { lock?: boolean; field?: string } = {},
): Promise<TCustomerRow> {
  const query = db
    .select()
    .from(customers)
    .where(and(eq(customers.id, customerId), eq(customers.businessId, businessId)))
    .limit(1);
  const [row] = options.lock ? await query.for("update") : await query;
  if (!row) {
    throw new AppError(
      "NOT_FOUND",
      "Customer not found",
      options.field ? { fieldErrors: { [options.field]: ["Customer not found"] } } : {},
    );
  }
  return row;
}

export function listItems(db: DbOrTx, invoiceId: string): Promise<TInvoiceItemRow[]> {
  return db
    .select()
    .from(invoiceItems)
    .where(eq(invoiceItems.invoiceId, invoiceId))
    .orderBy(asc(invoiceItems.position));
}

export function listPayments(db: DbOrTx, invoiceId: string): Promise<TInvoicePaymentRow[]> {
  return db
    .select()
    .from(invoicePayments)
    .where(eq(invoicePayments.invoiceId, invoiceId))
    .orderBy(asc(invoicePayments.paidAt), asc(invoicePayments.createdAt));
}

export function listCreditNotes(db: DbOrTx, invoiceId: string): Promise<TCreditNoteRow[]> {
  return db
    .select()
    .from(creditNotes)
    .where(eq(creditNotes.invoiceId, invoiceId))
    .orderBy(desc(creditNotes.issuedAt), desc(creditNotes.creditNoteNumber));
}
