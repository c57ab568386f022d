import {
  creditNotes,
  customerCreditEntries,
  customers,
  type DbOrTx,
  invoiceBalanceDue,
  invoiceIsOpen,
  invoicePayments,
  invoices,
  recurringInvoices,
  transactions,
} from "@kavi/db";
import {
  balanceDueMinor,
  convertToBase,
  dateInZone,
  isOpenInvoiceStatus,
  localDateOf,
  normalizePhone,
  type ZCreateCustomerSchema,
  type ZListContactsSchema,
  type ZUpdateCustomerSchema,
} from "@kavi/domain";
import { and, asc, count, eq, gt, ilike, inArray, isNull, ne, or, type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { z } from "zod";
import { AppError } from "../errors";
import { diffChanges, recordActivity } from "./activity";
import { type ContactKind, deleteContact, setContactArchived, updateContact } from "./contacts";
import { decodeKeyset, encodeKeyset } from "./pagination";
import type { ServiceContext } from "./service-context";
import { escapeLike, type LedgerBusiness } from "./transactions/queries";
import { holdTransactionLock, inTransaction } from "./unit-of-work";

export type TCustomerRow = typeof customers.$inferSelect;

/** Terms a person types: a name, an email, a KRA PIN, an account number, or a phone in any local form. */
export function contactSearchCondition(
  table: { name: AnyPgColumn; email: AnyPgColumn; phone: AnyPgColumn; taxId: AnyPgColumn },
  term: string,
  extra: SQL[] = [],
): SQL | undefined {
  const like = `%${escapeLike(term)}%`;
  const conditions: (SQL | undefined)[] = [
    ilike(table.name, like),
    ilike(table.email, like),
    ilike(table.taxId, like),
    ...extra,
  ];
  const digits = term.replace(/[\s\-().]/g, "");
  if (/^\+?\d{4,}$/.test(digits)) {
    conditions.push(ilike(table.phone, `%${escapeLike(digits.replace(/^0/, ""))}%`));
    try {
      conditions.push(eq(table.phone, normalizePhone(term)));
    } catch {
      // a partial number: the substring match above covers it
    }
  }
  return or(...conditions);
}

const outstanding = sql<bigint>`coalesce((
  select sum(${invoiceBalanceDue()})
  from ${invoices}
  where ${invoices.businessId} = "customers"."business_id" and ${invoices.customerId} = "customers"."id"
    and ${invoiceIsOpen()}
), 0)::bigint`;

/** Customers by name (keyset on lower(name), id), with what each owes on open invoices. */
export async function listCustomers(
  db: DbOrTx,
  businessId: string,
  input: z.output<typeof ZListContactsSchema>,
) {
  const conditions: (SQL | undefined)[] = [eq(customers.businessId, businessId)];
  if (!input.includeArchived) conditions.push(isNull(customers.archivedAt));
  const term = input.search?.trim();
  if (term) {
    conditions.push(
      contactSearchCondition(customers, term, [ilike(customers.accountNumber, `%${escapeLike(term)}%`)]),
    );
  }
  const after = decodeKeyset(input.cursor);
  const sortKey = sql<string>`lower(${customers.name})`;
  if (after)
    conditions.push(or(gt(sortKey, after.value), and(eq(sortKey, after.value), gt(customers.id, after.id))));
  const rows = await db
    .select({
      id: customers.id,
      name: customers.name,
      email: customers.email,
      phone: customers.phone,
      taxId: customers.taxId,
      accountNumber: customers.accountNumber,
      city: customers.city,
      currency: customers.currency,
      creditBalanceMinor: customers.creditBalanceMinor,
      archivedAt: customers.archivedAt,
      outstandingMinor: outstanding,
      sortKey,
    })
    .from(customers)
    .where(and(...conditions))
    .orderBy(asc(sortKey), asc(customers.id))
    .limit(input.limit + 1);
  const items = rows.slice(0, input.limit).map(({ sortKey: _sortKey, ...row }) => row);
  const last = rows[input.limit - 1];
  return {
    items,
    nextCursor: rows.length > input.limit && last ? encodeKeyset(last.sortKey, last.id) : null,
  };
}

export async function getCustomer(db: DbOrTx, businessId: string, customerId: string) {
  const [row] = await db
    .select({ customer: customers, outstandingMinor: outstanding })
    .from(customers)
    .where(and(eq(customers.businessId, businessId), eq(customers.id, customerId)))
    .limit(1);
  if (!row) throw new AppError("NOT_FOUND", "Customer not found");
  return { ...row.customer, outstandingMinor: row.outstandingMinor };
}

/**
 * The next free account number (C0001, C0002, …) for Paybill references. Serialised per business with a
 * transaction-scoped advisory lock, so two customers created together never get the same number.
 */
export async function nextAccountNumber(tx: DbOrTx, businessId: string): Promise<string> {
  await holdTransactionLock(tx, `customer-account:${businessId}`);
  const [row] = await tx
    .select({
      highest: sql<number>`coalesce(max(substring(${customers.accountNumber} from '^C([0-9]{1,9})$')::int), 0)`,
    })
    .from(customers)
    .where(eq(customers.businessId, businessId));
  let next = (row?.highest ?? 0) + 1;
  for (;;) {
    const candidate = `C${String(next).padStart(4, "0")}`;
    const [taken] = await tx
      .select({ id: customers.id })
      .from(customers)
      .where(and(eq(customers.businessId, businessId), eq(customers.accountNumber, candidate)));
    if (!taken) return candidate;
    next += 1;
  }
}

const CUSTOMER_FIELDS = [
  "name",
  "email",
  "phone",
  "taxId",
  "accountNumber",
  "address",
  "city",
  "country",
  "currency",
  "paymentTermsDays",
  "language",
  "reminderChannel",
  "notes",
  "archivedAt",
] as const satisfies readonly (keyof TCustomerRow)[];

const CUSTOMER: ContactKind<typeof customers> = {
  table: customers,
  entity: "customer",
  label: "Customer",
  fields: CUSTOMER_FIELDS,
};

export async function createCustomer(
  ctx: ServiceContext,
  businessId: string,
  input: z.output<typeof ZCreateCustomerSchema>,
) {
  return inTransaction(ctx, async (tx) => {
    const accountNumber = input.accountNumber ?? (await nextAccountNumber(tx, businessId));
    const [row] = await tx
      .insert(customers)
      .values({
        businessId,
        name: input.name,
        email: input.email ?? null,
        phone: input.phone ?? null,
        taxId: input.taxId ?? null,
        accountNumber,
        address: input.address ?? null,
        city: input.city ?? null,
        country: input.country,
        currency: input.currency,
        paymentTermsDays: input.paymentTermsDays,
        language: input.language,
        reminderChannel: input.reminderChannel,
        notes: input.notes ?? null,
        createdByUserId: ctx.actor.userId,
      })
      .returning();
    if (!row) throw new Error("customer insert returned nothing");
    await recordActivity(tx, ctx.actor, {
      action: "customer.created",
      entityType: "customer",
      entityId: row.id,
      changes: diffChanges(null, row, CUSTOMER_FIELDS),
    });
    return row;
  });
}

export function updateCustomer(
  ctx: ServiceContext,
  businessId: string,
  input: z.output<typeof ZUpdateCustomerSchema>,
) {
  const { customerId, ...fields } = input;
  return updateContact(ctx, CUSTOMER, businessId, customerId, fields, async (tx, before, patch) => {
    // Clearing the account number gives the customer one again (it is their Paybill reference).
    if (patch.accountNumber === null) {
      patch.accountNumber = before.accountNumber ?? (await nextAccountNumber(tx, businessId));
    }
  });
}

export function setCustomerArchived(
  ctx: ServiceContext,
  businessId: string,
  customerId: string,
  archived: boolean,
) {
  return setContactArchived(ctx, CUSTOMER, businessId, customerId, archived);
}

/** What refers to a customer; any of it means archive, not delete. */
async function customerReferences(tx: DbOrTx, businessId: string, customerId: string) {
  const [row] = await tx
    .execute<{ transactions: number; invoices: number; recurring: number; credit: number }>(sql`
    select
      (select count(*)::int from ${transactions} where ${transactions.businessId} = ${businessId} and ${transactions.customerId} = ${customerId}) as transactions,
      (select count(*)::int from ${invoices} where ${invoices.businessId} = ${businessId} and ${invoices.customerId} = ${customerId}) as invoices,
      (select count(*)::int from ${recurringInvoices} where ${recurringInvoices.businessId} = ${businessId} and ${recurringInvoices.customerId} = ${customerId}) as recurring,
      (select count(*)::int from ${customerCreditEntries} where ${customerCreditEntries.businessId} = ${businessId} and ${customerCreditEntries.customerId} = ${customerId}) as credit
  `)
    .then((result) => result.rows);
  return row ?? { transactions: 0, invoices: 0, recurring: 0, credit: 0 };
}

/** Deletes a customer nothing refers to yet; one with transactions, invoices or credit is archived instead. */
export function deleteCustomer(ctx: ServiceContext, businessId: string, customerId: string) {
  return deleteContact(
    ctx,
    CUSTOMER,
    businessId,
    customerId,
    async (tx, before) => {
      const refs = await customerReferences(tx, businessId, customerId);
      const parts = [
        refs.invoices ? `${refs.invoices} invoice${refs.invoices === 1 ? "" : "s"}` : null,
        refs.transactions ? `${refs.transactions} transaction${refs.transactions === 1 ? "" : "s"}` : null,
        refs.recurring ? "a recurring invoice" : null,
        refs.credit ? "credit history" : null,
      ].filter(Boolean);
      return parts.length > 0
        ? `${before.name} has ${parts.join(", ")}; archive the customer instead of deleting`
        : null;
    },
    (before) => ({ name: before.name, accountNumber: before.accountNumber }),
  );
}

export interface StatementLine {
  date: string;
  kind: "invoice" | "payment" | "credit_note";
  reference: string;
  description: string;
  currency: string;
  /** Adds to what the customer owes. */
  debitMinor: bigint;
  /** Reduces it. */
  creditMinor: bigint;
  balanceMinor: bigint;
  invoiceId: string | null;
  status: string | null;
  dueDate: string | null;
}

/**
 * A customer statement: invoices (issued, not drafts or void), payments received and credit notes, in date
 * order with a running balance per currency; what is owed on open invoices (and how much is overdue), and
 * the customer's credit. Payments made from customer credit are not counted again (the overpayment that
 * created the credit already was).
 */
export async function customerStatement(
  db: DbOrTx,
  business: LedgerBusiness,
  input: { customerId: string; from?: string | null | undefined; to?: string | null | undefined },
  now: Date,
) {
  const customer = await getCustomer(db, business.id, input.customerId);
  const today = localDateOf(now, business.timezone);
  const issued = await db
    .select()
    .from(invoices)
    .where(
      and(
        eq(invoices.businessId, business.id),
        eq(invoices.customerId, customer.id),
        inArray(invoices.status, ["sent", "partially_paid", "paid", "overdue"]),
      ),
    )
    .orderBy(asc(invoices.issueDate), asc(invoices.invoiceNumber));
  const invoiceIds = issued.map((invoice) => invoice.id);
  const [payments, notes] = invoiceIds.length
    ? await Promise.all([
        db
          .select()
          .from(invoicePayments)
          .where(
            and(
              eq(invoicePayments.businessId, business.id),
              inArray(invoicePayments.invoiceId, invoiceIds),
              ne(invoicePayments.source, "customer_credit"),
            ),
          ),
        db
          .select()
          .from(creditNotes)
          .where(and(eq(creditNotes.businessId, business.id), inArray(creditNotes.invoiceId, invoiceIds))),
      ])
    : [[], []];
  const numberOf = new Map(issued.map((invoice) => [invoice.id, invoice.invoiceNumber]));
  const events: Omit<StatementLine, "balanceMinor">[] = [
    ...issued.map((invoice) => ({
      date: invoice.issueDate,
      kind: "invoice" as const,
      reference: invoice.invoiceNumber ?? "",
      description: `Invoice ${invoice.invoiceNumber}`,
      currency: invoice.currency,
      debitMinor: invoice.totalMinor,
      creditMinor: 0n,
      invoiceId: invoice.id,
      status: invoice.status,
      dueDate: invoice.dueDate,
    })),
    ...payments.map((payment) => ({
      date: dateInZone(payment.paidAt, business.timezone),
      kind: "payment" as const,
      reference: payment.reference ?? "",
      description: `Payment for ${numberOf.get(payment.invoiceId) ?? "invoice"}${payment.creditedToCustomerMinor > 0n ? " (part kept as credit)" : ""}`,
      currency: payment.currency,
      debitMinor: 0n,
      creditMinor: payment.amountMinor,
      invoiceId: payment.invoiceId,
      status: null,
      dueDate: null,
    })),
    ...notes.map((note) => ({
      date: dateInZone(note.issuedAt, business.timezone),
      kind: "credit_note" as const,
      reference: note.creditNoteNumber,
      description: `Credit note on ${numberOf.get(note.invoiceId) ?? "invoice"}: ${note.reason}`,
      currency: note.currency,
      debitMinor: 0n,
      creditMinor: note.amountMinor,
      invoiceId: note.invoiceId,
      status: null,
      dueDate: null,
    })),
  ].sort((a, b) =>
    a.date === b.date ? (a.kind === "invoice" ? -1 : b.kind === "invoice" ? 1 : 0) : a.date < b.date ? -1 : 1,
  );

  const running = new Map<string, bigint>();
  const opening = new Map<string, bigint>();
  const lines: StatementLine[] = [];
  for (const event of events) {
    const balance = (running.get(event.currency) ?? 0n) + event.debitMinor - event.creditMinor;
    running.set(event.currency, balance);
    if (input.from && event.date < input.from) {
      opening.set(event.currency, balance);
      continue;
    }
    if (input.to && event.date > input.to) continue;
    lines.push({ ...event, balanceMinor: balance });
  }
  const owed = new Map<string, { outstandingMinor: bigint; overdueMinor: bigint; openInvoices: number }>();
  for (const invoice of issued) {
    if (!isOpenInvoiceStatus(invoice.status)) continue;
    const entry = owed.get(invoice.currency) ?? { outstandingMinor: 0n, overdueMinor: 0n, openInvoices: 0 };
    const left = balanceDueMinor(invoice);
    entry.outstandingMinor += left;
    if (invoice.dueDate < today) entry.overdueMinor += left;
    entry.openInvoices += 1;
    owed.set(invoice.currency, entry);
  }
  return {
    customer: {
      id: customer.id,
      name: customer.name,
      accountNumber: customer.accountNumber,
      email: customer.email,
      phone: customer.phone,
    },
    from: input.from ?? null,
    to: input.to ?? null,
    openingBalances: [...opening.entries()].map(([currency, balanceMinor]) => ({ currency, balanceMinor })),
    lines,
    balances: [...owed.entries()].map(([currency, entry]) => ({ currency, ...entry })),
    creditBalanceMinor: customer.creditBalanceMinor,
    totals: {
      invoices: issued.length,
      paymentsCount: payments.length,
    },
  };
}

export async function countActiveCustomers(db: DbOrTx, businessId: string): Promise<number> {
  const [row] = await db
    .select({ value: count() })
    .from(customers)
    .where(and(eq(customers.businessId, businessId), isNull(customers.archivedAt)));
  return row?.value ?? 0;
}

/** Every customer's id and name (archived too): what the assistant listens for in a question. */
export function customerNames(db: DbOrTx, businessId: string, limit = 5_000) {
  return db
    .select({ id: customers.id, name: customers.name })
    .from(customers)
    .where(eq(customers.businessId, businessId))
    .orderBy(asc(customers.name))
    .limit(limit);
}

/**
 * What customers owe on open invoices, in the base currency (each invoice converted at its own rate), most
 * first; or one customer's debt.
 */
export async function debtsByCustomer(
  db: DbOrTx,
  business: LedgerBusiness,
  options: { customerId?: string | null; limit: number },
) {
  const groups = await db
    .select({
      customerId: invoices.customerId,
      name: customers.name,
      currency: invoices.currency,
      exchangeRate: invoices.exchangeRate,
      count: sql<number>`count(*)::int`,
      outstandingMinor: sql<bigint>`sum(${invoiceBalanceDue()})::bigint`,
    })
    .from(invoices)
    .innerJoin(customers, eq(customers.id, invoices.customerId))
    .where(
      and(
        eq(invoices.businessId, business.id),
        invoiceIsOpen(),
        options.customerId ? eq(invoices.customerId, options.customerId) : undefined,
      ),
    )
    .groupBy(invoices.customerId, customers.name, invoices.currency, invoices.exchangeRate);
  const byCustomer = new Map<string, { id: string; name: string; amountMinor: bigint; count: number }>();
  for (const group of groups) {
    const entry = byCustomer.get(group.customerId) ?? {
      id: group.customerId,
      name: group.name,
      amountMinor: 0n,
      count: 0,
    };
    entry.amountMinor += amountInBase(
      business,
      BigInt(group.outstandingMinor),
      group.currency,
      group.exchangeRate,
    );
    entry.count += Number(group.count);
    byCustomer.set(group.customerId, entry);
  }
  const all = [...byCustomer.values()]
    .filter((entry) => entry.amountMinor > 0n)
    .sort((a, b) =>
      b.amountMinor > a.amountMinor ? 1 : b.amountMinor < a.amountMinor ? -1 : a.name.localeCompare(b.name),
    );
  return {
    totalMinor: all.reduce((sum, entry) => sum + entry.amountMinor, 0n),
    items: all.slice(0, options.limit),
  };
}

/** An invoice amount in the business's base currency, at the invoice's own rate. */
export function amountInBase(
  business: LedgerBusiness,
  amountMinor: bigint,
  currency: string,
  rate: string,
): bigint {
  return currency === business.baseCurrency
    ? amountMinor
    : convertToBase(amountMinor, currency, rate.replace(/0+$/, "").replace(/\.$/, ""), business.baseCurrency);
}
