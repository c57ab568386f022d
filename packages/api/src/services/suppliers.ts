import { categories, type DbOrTx, suppliers, transactions } from "@kavi/db";
import {
  addMonths,
  bucketsBetween,
  localDateOf,
  startOfMonth,
  type ZCreateSupplierSchema,
  type ZListContactsSchema,
  type ZUpdateSupplierSchema,
} from "@kavi/domain";
import { and, asc, count, desc, eq, gt, gte, isNull, or, type SQL, sql } from "drizzle-orm";
import type { z } from "zod";
import { diffChanges, recordActivity } from "./activity";
import { type ContactKind, deleteContact, getContact, setContactArchived, updateContact } from "./contacts";
import { contactSearchCondition } from "./customers";
import { decodeKeyset, encodeKeyset } from "./pagination";
import type { ServiceContext } from "./service-context";
import { type LedgerBusiness, localDayStart } from "./transactions/queries";
import { inTransaction } from "./unit-of-work";

export type TSupplierRow = typeof suppliers.$inferSelect;

const SUPPLIER_FIELDS = [
  "name",
  "email",
  "phone",
  "taxId",
  "address",
  "city",
  "country",
  "paymentDetails",
  "notes",
  "archivedAt",
] as const satisfies readonly (keyof TSupplierRow)[];

const SUPPLIER: ContactKind<typeof suppliers> = {
  table: suppliers,
  entity: "supplier",
  label: "Supplier",
  fields: SUPPLIER_FIELDS,
};

const spentThisYear = sql<bigint>`coalesce((
  select sum(${transactions.baseAmountMinor}) from ${transactions}
  where ${transactions.businessId} = "suppliers"."business_id" and ${transactions.supplierId} = "suppliers"."id"
    and ${transactions.type} = 'expense' and ${transactions.status} = 'completed'
    and ${transactions.transactionDate} >= now() - interval '365 days'
), 0)::bigint`;

export async function listSuppliers(
  db: DbOrTx,
  businessId: string,
  input: z.output<typeof ZListContactsSchema>,
) {
  const conditions: (SQL | undefined)[] = [eq(suppliers.businessId, businessId)];
  if (!input.includeArchived) conditions.push(isNull(suppliers.archivedAt));
  const term = input.search?.trim();
  if (term) conditions.push(contactSearchCondition(suppliers, term));
  const after = decodeKeyset(input.cursor);
  const sortKey = sql<string>`lower(${suppliers.name})`;
  if (after)
    conditions.push(or(gt(sortKey, after.value), and(eq(sortKey, after.value), gt(suppliers.id, after.id))));
  const rows = await db
    .select({
      id: suppliers.id,
      name: suppliers.name,
      email: suppliers.email,
      phone: suppliers.phone,
      taxId: suppliers.taxId,
      city: suppliers.city,
      paymentDetails: suppliers.paymentDetails,
      archivedAt: suppliers.archivedAt,
      spentLast12MonthsMinor: spentThisYear,
      sortKey,
    })
    .from(suppliers)
    .where(and(...conditions))
    .orderBy(asc(sortKey), asc(suppliers.id))
    .limit(input.limit + 1);
  const items = rows.slice(0, input.limit).map(({ sortKey: _sortKey, ...row }) => row);
  const last = rows[input.limit - 1];
  return {
    items,
    nextCursor: rows.length > input.limit && last ? encodeKeyset(last.sortKey, last.id) : null,
  };
}

export function getSupplier(db: DbOrTx, businessId: string, supplierId: string): Promise<TSupplierRow> {
  return getContact(db, SUPPLIER, businessId, supplierId);
}

export async function createSupplier(
  ctx: ServiceContext,
  businessId: string,
  input: z.output<typeof ZCreateSupplierSchema>,
) {
  return inTransaction(ctx, async (tx) => {
    const [row] = await tx
      .insert(suppliers)
      .values({
        businessId,
        name: input.name,
        email: input.email ?? null,
        phone: input.phone ?? null,
        taxId: input.taxId ?? null,
        address: input.address ?? null,
        city: input.city ?? null,
        country: input.country,
        paymentDetails: input.paymentDetails ?? null,
        notes: input.notes ?? null,
        createdByUserId: ctx.actor.userId,
      })
      .returning();
    if (!row) throw new Error("supplier insert returned nothing");
    await recordActivity(tx, ctx.actor, {
      action: "supplier.created",
      entityType: "supplier",
      entityId: row.id,
      changes: diffChanges(null, row, SUPPLIER_FIELDS),
    });
    return row;
  });
}

export function updateSupplier(
  ctx: ServiceContext,
  businessId: string,
  input: z.output<typeof ZUpdateSupplierSchema>,
) {
  const { supplierId, ...fields } = input;
  return updateContact(ctx, SUPPLIER, businessId, supplierId, fields);
}

export function setSupplierArchived(
  ctx: ServiceContext,
  businessId: string,
  supplierId: string,
  archived: boolean,
) {
  return setContactArchived(ctx, SUPPLIER, businessId, supplierId, archived);
}

/** Deletes a supplier no transaction names; otherwise it must be archived (the history keeps its name). */
export function deleteSupplier(ctx: ServiceContext, businessId: string, supplierId: string) {
  return deleteContact(
    ctx,
    SUPPLIER,
    businessId,
    supplierId,
    async (tx, before) => {
      const [used] = await tx
        .select({ value: count() })
        .from(transactions)
        .where(and(eq(transactions.businessId, businessId), eq(transactions.supplierId, supplierId)));
      const value = used?.value ?? 0;
      return value > 0
        ? `${before.name} has ${value} transaction${value === 1 ? "" : "s"}; archive the supplier instead of deleting`
        : null;
    },
    (before) => ({ name: before.name }),
  );
}

/** What the business spent with a supplier: per month, by category, and the latest transactions. */
export async function supplierSpend(
  db: DbOrTx,
  business: LedgerBusiness,
  supplierId: string,
  months: number,
  now: Date,
) {
  const supplier = await getSupplier(db, business.id, supplierId);
  const today = localDateOf(now, business.timezone);
  const from = startOfMonth(addMonths(today, -(months - 1)));
  const base = and(
    eq(transactions.businessId, business.id),
    eq(transactions.supplierId, supplierId),
    eq(transactions.type, "expense"),
    eq(transactions.status, "completed"),
    gte(transactions.transactionDate, localDayStart(from, business.timezone)),
  );
  const month = sql<string>`to_char(${transactions.transactionDate} at time zone ${business.timezone}, 'YYYY-MM-01')`;
  const [monthly, byCategory, recent] = await Promise.all([
    db
      .select({
        month,
        amountMinor: sql<bigint>`sum(${transactions.baseAmountMinor})::bigint`,
        count: sql<number>`count(*)::int`,
      })
      .from(transactions)
      .where(base)
      .groupBy(sql`1`),
    db
      .select({
        categoryId: transactions.categoryId,
        name: categories.name,
        amountMinor: sql<bigint>`sum(${transactions.baseAmountMinor})::bigint`,
      })
      .from(transactions)
      .leftJoin(categories, eq(categories.id, transactions.categoryId))
      .where(base)
      .groupBy(transactions.categoryId, categories.name)
      .orderBy(desc(sql`3`)),
    db
      .select({
        id: transactions.id,
        transactionDate: transactions.transactionDate,
        description: transactions.description,
        amountMinor: transactions.amountMinor,
        currency: transactions.currency,
        baseAmountMinor: transactions.baseAmountMinor,
        status: transactions.status,
        categoryName: categories.name,
      })
      .from(transactions)
      .leftJoin(categories, eq(categories.id, transactions.categoryId))
      .where(and(eq(transactions.businessId, business.id), eq(transactions.supplierId, supplierId)))
      .orderBy(desc(transactions.transactionDate), desc(transactions.id))
      .limit(10),
  ]);
  const byMonth = new Map(monthly.map((row) => [row.month, row]));
  const series = bucketsBetween(from, today, "month").map((bucket) => ({
    month: bucket.slice(0, 7),
    amountMinor: byMonth.get(bucket)?.amountMinor ?? 0n,
    count: byMonth.get(bucket)?.count ?? 0,
  }));
  return {
    supplier,
    currency: business.baseCurrency,
    from,
    to: today,
    totalMinor: series.reduce((sum, point) => sum + point.amountMinor, 0n),
    series,
    byCategory: byCategory.map((row) => ({ ...row, name: row.name ?? "Uncategorised" })),
    recent,
  };
}

/** Every supplier's id and name (archived too): what the assistant listens for in a question. */
export function supplierNames(db: DbOrTx, businessId: string, limit = 5_000) {
  return db
    .select({ id: suppliers.id, name: suppliers.name })
    .from(suppliers)
    .where(eq(suppliers.businessId, businessId))
    .orderBy(asc(suppliers.name))
    .limit(limit);
}
