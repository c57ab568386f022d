import { businesses, invoiceIsOpen, invoices } from "@kavi/db";
import { and, eq, ne, sql } from "drizzle-orm";
import { recordActivity } from "../activity";
import { notify } from "../notifications";
import type { ServiceContext } from "../service-context";
import { inTransaction } from "../unit-of-work";
import { announceInvoiceOverdue } from "../webhooks/domain-events";
import { invoiceManagerIds, systemActorFor } from "./members";

/**
 * The daily overdue pass: every sent or partially paid invoice whose due date is before today (in its
 * business's time zone) becomes overdue, with an activity row each and one notification per business.
 * Running it twice in a day changes nothing the second time.
 */
export async function markOverdueInvoices(services: ServiceContext, now: Date): Promise<number> {
  return inTransaction(services, async (tx, afterCommit) => {
    const marked = await tx
      .update(invoices)
      .set({ status: "overdue" })
      .from(businesses)
      .where(
        and(
          eq(businesses.id, invoices.businessId),
          invoiceIsOpen(),
          ne(invoices.status, "overdue"),
          sql`${invoices.dueDate} < (${now.toISOString()}::timestamptz at time zone ${businesses.timezone})::date`,
        ),
      )
      .returning({
        id: invoices.id,
        businessId: invoices.businessId,
        invoiceNumber: invoices.invoiceNumber,
        dueDate: invoices.dueDate,
        customerId: invoices.customerId,
        totalMinor: invoices.totalMinor,
        amountPaidMinor: invoices.amountPaidMinor,
        currency: invoices.currency,
      });
    const byBusiness = new Map<string, typeof marked>();
    for (const invoice of marked) {
      await recordActivity(tx, systemActorFor(invoice.businessId), {
        action: "invoice.overdue",
        entityType: "invoice",
        entityId: invoice.id,
        changes: { status: { before: "sent", after: "overdue" } },
        metadata: { invoiceNumber: invoice.invoiceNumber, dueDate: invoice.dueDate },
      });
      await announceInvoiceOverdue(tx, afterCommit, invoice, now);
      byBusiness.set(invoice.businessId, [...(byBusiness.get(invoice.businessId) ?? []), invoice]);
    }
    for (const [businessId, list] of byBusiness) {
      const first = list[0];
      await notify(tx, {
        userIds: await invoiceManagerIds(tx, businessId),
        businessId,
        kind: "invoice.overdue",
        title:
          list.length === 1 && first
            ? `Invoice ${first.invoiceNumber} is now overdue`
            : `${list.length} invoices are now overdue`,
        body: "Send a reminder or record the payment if it has arrived.",
        link:
          list.length === 1 && first
            ? `/b/${businessId}/invoices/${first.id}`
            : `/b/${businessId}/invoices?status=overdue`,
        data: { invoiceIds: list.map((invoice) => invoice.id) },
      });
    }
    return marked.length;
  });
}
