import { OPEN_INVOICE_STATUSES } from "@kavi/domain";
import { and, eq, inArray, lt, or, type SQL, sql } from "drizzle-orm";
import { invoices } from "../schema/invoices";

/**
 * The invoice rules every query shares, as SQL: the twins of `balanceDueMinor`, `isOpenInvoiceStatus` and
 * `isPastDueInvoice` in packages/domain. Use these instead of writing the statuses or the formula inline, so a
 * change to what "open" or "owed" means is made once. Each call builds a fresh fragment (drizzle fragments are
 * mutable), and each refers to the `invoices` table by its own name.
 */

/** What is still owed: total − credit notes − payments, never below zero (a bigint). */
export function invoiceBalanceDue(): SQL<bigint> {
  return sql<bigint>`greatest(${invoices.totalMinor} - ${invoices.creditedMinor} - ${invoices.amountPaidMinor}, 0)::bigint`;
}

/** Still expects money: sent, partially paid or overdue. */
export function invoiceIsOpen(): SQL {
  return inArray(invoices.status, [...OPEN_INVOICE_STATUSES]);
}

/** Open and due before `today` (a calendar date in the business's time zone). */
export function invoiceIsPastDue(today: string): SQL {
  return and(invoiceIsOpen(), lt(invoices.dueDate, today)) as SQL;
}

/** What the "Overdue" tab shows: marked overdue, or open and past due before the nightly job marks it. */
export function invoiceIsOverdue(today: string): SQL {
  return or(eq(invoices.status, "overdue"), invoiceIsPastDue(today)) as SQL;
}
