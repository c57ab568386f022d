import { daysBetween } from "@kavi/domain";
import type { InvoiceBrief } from "@kavi/insights/assistant";
import { debtsByCustomer, getCustomer } from "../../customers";
import { overdueInvoices, receivables } from "../../dashboard";
import { listInvoices } from "../../invoices/views";
import { defineTool } from "./tool";

/** As the invoice screens: staff in Invoices or Payments. */
const READ_INVOICES = "invoices.read";

export const topDebtors = defineTool({
  name: "top_debtors",
  requirement: READ_INVOICES,
  async run({ db, business }, input) {
    const customer = input.customerId ? await getCustomer(db, business.id, input.customerId) : null;
    const debts = await debtsByCustomer(db, business, {
      customerId: customer?.id ?? null,
      limit: input.limit,
    });
    const items = debts.items.map((item) => ({
      id: item.id,
      name: item.name,
      amountMinor: item.amountMinor,
      count: item.count,
      openInvoices: item.count,
    }));
    return {
      currency: business.baseCurrency,
      customer: customer ? { id: customer.id, name: customer.name } : null,
      totalMinor: debts.totalMinor,
      items,
    };
  },
});

export const invoiceLookup = defineTool({
  name: "invoice_lookup",
  requirement: READ_INVOICES,
  async run({ db, business, now }, input) {
    const wanted = input.invoiceNumber.toUpperCase();
    const page = await listInvoices(db, business, { search: wanted }, { limit: 10 }, now);
    const row = page.items.find((item) => item.invoiceNumber?.toUpperCase() === wanted);
    const invoice: InvoiceBrief | null = row
      ? {
          id: row.id,
          invoiceNumber: row.invoiceNumber ?? wanted,
          customerName: row.customer.name,
          status: row.isOverdue ? "overdue" : row.status,
          issueDate: row.issueDate,
          dueDate: row.dueDate,
          currency: row.currency,
          totalMinor: row.totalMinor,
          balanceDueMinor: row.balanceDueMinor,
          daysOverdue: row.daysOverdue,
        }
      : null;
    return { invoice, invoiceNumber: wanted };
  },
});

export const overdueList = defineTool({
  name: "overdue_invoices",
  requirement: READ_INVOICES,
  async run({ db, business, today }, input) {
    const [summary, rows] = await Promise.all([
      receivables(db, business, today),
      overdueInvoices(db, business.id, today, input.limit),
    ]);
    const items: InvoiceBrief[] = rows.map((row) => ({
      id: row.id,
      invoiceNumber: row.invoiceNumber ?? "",
      customerName: row.customerName,
      status: row.status,
      issueDate: null,
      dueDate: row.dueDate,
      currency: row.currency,
      totalMinor: row.outstandingMinor,
      balanceDueMinor: row.outstandingMinor,
      daysOverdue: daysBetween(row.dueDate, today),
    }));
    return {
      currency: business.baseCurrency,
      count: summary.overdueCount,
      totalMinor: summary.overdueMinor,
      today,
      items,
    };
  },
});
