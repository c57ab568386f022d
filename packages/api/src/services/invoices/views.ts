import {
  activityLog,
  customers,
  type DbOrTx,
  invoiceBalanceDue,
  invoiceIsOpen,
  invoiceIsOverdue,
  invoiceIsPastDue,
  invoiceReminders,
  invoices,
  recurringInvoices,
  users,
} from "@kavi/db";
import {
  balanceDueMinor,
  daysBetween,
  type InvoiceStatus,
  invoiceActions,
  isOpenInvoiceStatus,
  isPastDueInvoice,
  type TListInvoicesInput,
} from "@kavi/domain";
import { and, asc, count, desc, eq, gte, ilike, lt, lte, or, type SQL, sql } from "drizzle-orm";
import { decodeCursor, encodeCursor } from "../pagination";
import { type BusinessScope, publicInvoiceUrl, todayIn } from "./context";
import { loadInvoiceDocument } from "./document";

function escapeLike(value: string): string {
  return value.replace(/[%_\\]/g, "\\$&");
}

export async function getInvoiceDetail(
  db: DbOrTx,
  business: BusinessScope,
  invoiceId: string,
  appUrl: string,
  now: Date,
) {
  const document = await loadInvoiceDocument(db, business.id, invoiceId);
  const { invoice } = document;
  const today = todayIn(business, now);
  const [customer] = await db
    .select({ creditBalanceMinor: customers.creditBalanceMinor, archivedAt: customers.archivedAt })
    .from(customers)
    .where(eq(customers.id, invoice.customerId));
  const schedules = await db
    .select()
    .from(recurringInvoices)
    .where(
      and(
        eq(recurringInvoices.businessId, business.id),
        or(
          eq(recurringInvoices.templateInvoiceId, invoice.id),
          invoice.recurringInvoiceId ? eq(recurringInvoices.id, invoice.recurringInvoiceId) : sql`false`,
        ),
      ),
    );
  const reminders = await db
    .select({ offsetDays: invoiceReminders.offsetDays, sentAt: invoiceReminders.sentAt })
    .from(invoiceReminders)
    .where(eq(invoiceReminders.invoiceId, invoice.id))
    .orderBy(asc(invoiceReminders.sentAt));
  const pastDue = isPastDueInvoice(invoice, today);
  return {
    ...invoice,
    balanceDueMinor: document.balanceDueMinor,
    isOverdue: pastDue,
    daysOverdue: pastDue ? daysBetween(invoice.dueDate, today) : 0,
    customer: {
      id: invoice.customerId,
      ...document.customer,
      creditBalanceMinor: customer?.creditBalanceMinor ?? 0n,
      archived: Boolean(customer?.archivedAt),
    },
    business: document.business,
    lines: document.lines,
    taxSummary: document.taxSummary,
    payments: document.payments,
    creditNotes: document.creditNotes,
    reminders,
    recurring: schedules.find((schedule) => schedule.templateInvoiceId === invoice.id) ?? null,
    generatedBy: schedules.find((schedule) => schedule.id === invoice.recurringInvoiceId) ?? null,
    instructions: document.instructions,
    actions: invoiceActions(invoice),
    publicUrl: invoice.status === "draft" ? null : publicInvoiceUrl(appUrl, invoice.publicToken),
  };
}

export async function listInvoices(
  db: DbOrTx,
  business: BusinessScope,
  filters: Omit<TListInvoicesInput, "cursor" | "limit">,
  page: { cursor?: string | null | undefined; limit: number },
  now: Date,
) {
  const today = todayIn(business, now);
  const conditions: SQL[] = [eq(invoices.businessId, business.id)];
  if (filters.status === "open") conditions.push(invoiceIsOpen());
  else if (filters.status === "overdue") conditions.push(invoiceIsOverdue(today));
  else if (filters.status) conditions.push(eq(invoices.status, filters.status));
  if (filters.overdueOnly) conditions.push(invoiceIsPastDue(today));
  if (filters.customerId) conditions.push(eq(invoices.customerId, filters.customerId));
  if (filters.from) conditions.push(gte(invoices.issueDate, filters.from));
  if (filters.to) conditions.push(lte(invoices.issueDate, filters.to));
  if (filters.search) {
    const pattern = `%${escapeLike(filters.search)}%`;
    const match = or(ilike(invoices.invoiceNumber, pattern), ilike(customers.name, pattern));
    if (match) conditions.push(match);
  }
  const after = decodeCursor(page.cursor);
  if (after) {
    const keyset = or(
      lt(invoices.createdAt, after.createdAt),
      and(eq(invoices.createdAt, after.createdAt), lt(invoices.id, after.id)),
    );
    if (keyset) conditions.push(keyset);
  }
  const rows = await db
    .select({
      id: invoices.id,
      invoiceNumber: invoices.invoiceNumber,
      status: invoices.status,
      issueDate: invoices.issueDate,
      dueDate: invoices.dueDate,
      currency: invoices.currency,
      totalMinor: invoices.totalMinor,
      amountPaidMinor: invoices.amountPaidMinor,
      creditedMinor: invoices.creditedMinor,
      sentAt: invoices.sentAt,
      lastEmailedAt: invoices.lastEmailedAt,
      recurringInvoiceId: invoices.recurringInvoiceId,
      createdAt: invoices.createdAt,
      customer: { id: customers.id, name: customers.name },
    })
    .from(invoices)
    .innerJoin(customers, eq(customers.id, invoices.customerId))
    .where(and(...conditions))
    .orderBy(desc(invoices.createdAt), desc(invoices.id))
    .limit(page.limit + 1);
  const items = rows.slice(0, page.limit).map((row) => {
    const pastDue = isPastDueInvoice(row, today);
    return {
      ...row,
      balanceDueMinor: row.status === "void" || row.status === "draft" ? 0n : balanceDueMinor(row),
      isOverdue: pastDue,
      daysOverdue: pastDue ? daysBetween(row.dueDate, today) : 0,
    };
  });
  const last = items.at(-1);
  return { items, nextCursor: rows.length > page.limit && last ? encodeCursor(last) : null };
}

/** Counts per status and money outstanding per currency: the list's tabs and the dashboard's receivables. */
export async function invoiceStats(db: DbOrTx, business: BusinessScope, now: Date) {
  const today = todayIn(business, now);
  const rows = await db
    .select({
      status: invoices.status,
      pastDue: sql<boolean>`${invoices.dueDate} < ${today}`,
      currency: invoices.currency,
      count: count(),
      outstandingMinor: sql<string>`coalesce(sum(${invoiceBalanceDue()}), 0)`,
    })
    .from(invoices)
    .where(eq(invoices.businessId, business.id))
    .groupBy(invoices.status, sql`2`, invoices.currency);
  const counts: Record<InvoiceStatus | "open", number> = {
    draft: 0,
    sent: 0,
    partially_paid: 0,
    paid: 0,
    overdue: 0,
    void: 0,
    open: 0,
  };
  const outstanding = new Map<string, { outstandingMinor: bigint; overdueMinor: bigint }>();
  for (const row of rows) {
    const open = isOpenInvoiceStatus(row.status);
    const overdue = open && (row.status === "overdue" || row.pastDue);
    counts[overdue ? "overdue" : row.status] += row.count;
    if (!open) continue;
    counts.open += row.count;
    const entry = outstanding.get(row.currency) ?? { outstandingMinor: 0n, overdueMinor: 0n };
    entry.outstandingMinor += BigInt(row.outstandingMinor);
    if (overdue) entry.overdueMinor += BigInt(row.outstandingMinor);
    outstanding.set(row.currency, entry);
  }
  return {
    counts,
    outstanding: [...outstanding.entries()].map(([currency, totals]) => ({ currency, ...totals })),
  };
}

/** The invoice's own history (who created, sent, was paid, …), for everyone who can read the invoice. */
export async function invoiceActivity(db: DbOrTx, businessId: string, invoiceId: string) {
  return db
    .select({
      id: activityLog.id,
      action: activityLog.action,
      changes: activityLog.changes,
      metadata: activityLog.metadata,
      createdAt: activityLog.createdAt,
      actor: { id: users.id, fullName: users.fullName },
    })
    .from(activityLog)
    .leftJoin(users, eq(users.id, activityLog.actorUserId))
    .where(
      and(
        eq(activityLog.businessId, businessId),
        eq(activityLog.entityType, "invoice"),
        eq(activityLog.entityId, invoiceId),
      ),
    )
    .orderBy(desc(activityLog.createdAt), desc(activityLog.id))
    .limit(200)
    .then((rows) => rows.map((row) => ({ ...row, actor: row.actor?.id ? row.actor : null })));
}
