import { categories, customers, type DbOrTx, invoices, suppliers, transactions } from "@kavi/db";
import {
  MoneyFormatError,
  parseMoney,
  type TransactionSort,
  type TTransactionFilters,
  type ZListTransactionsSchema,
} from "@kavi/domain";
import { and, asc, desc, eq, gt, gte, inArray, isNull, lt, lte, or, type SQL, sql } from "drizzle-orm";
import type { z } from "zod";
import { AppError } from "../../errors";
import { assertCategoriesExist } from "../categories";
import { decodeKeyset, encodeKeyset } from "./cursor";

export interface LedgerBusiness {
  id: string;
  baseCurrency: string;
  timezone: string;
}

/** The instant a local date starts in the business's zone, computed by PostgreSQL (index-friendly). */
export function localDayStart(localDate: string, timezone: string): SQL {
  return sql`(${localDate}::date::timestamp at time zone ${timezone})`;
}

export function escapeLike(term: string): string {
  return term.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/** The text the trigram index covers; searches must use exactly this expression. */
export const searchableText = sql`(coalesce(${transactions.description}, '') || ' ' || coalesce(${transactions.referenceNumber}, ''))`;

function amountBound(value: string, currency: string, field: string): bigint {
  try {
    return parseMoney(value, currency);
  } catch (error) {
    if (error instanceof MoneyFormatError) {
      throw new AppError("BAD_REQUEST", error.message, { fieldErrors: { [field]: [error.message] } });
    }
    throw error;
  }
}

/** Entities a filter names must belong to the business: another business's id is NOT_FOUND, like a missing one. */
export async function assertFilterReferences(
  db: DbOrTx,
  businessId: string,
  filters: TTransactionFilters,
): Promise<void> {
  const checks: Promise<unknown>[] = [];
  const exists = async (
    table: typeof customers | typeof suppliers | typeof invoices,
    id: string,
    what: string,
  ) => {
    const [row] = await db
      .select({ id: table.id })
      .from(table)
      .where(and(eq(table.businessId, businessId), eq(table.id, id)))
      .limit(1);
    if (!row) throw new AppError("NOT_FOUND", `${what} not found`);
  };
  if (filters.customerId) checks.push(exists(customers, filters.customerId, "Customer"));
  if (filters.supplierId) checks.push(exists(suppliers, filters.supplierId, "Supplier"));
  if (filters.invoiceId) checks.push(exists(invoices, filters.invoiceId, "Invoice"));
  if (filters.categoryIds?.length) checks.push(assertCategoriesExist(db, businessId, filters.categoryIds));
  await Promise.all(checks);
}

/** The WHERE clause for a filtered list; the export and "select everything that matches" share it. */
export function transactionConditions(business: LedgerBusiness, filters: TTransactionFilters): SQL[] {
  const conditions: SQL[] = [eq(transactions.businessId, business.id)];
  if (filters.types?.length) conditions.push(inArray(transactions.type, filters.types));
  if (filters.statuses?.length) conditions.push(inArray(transactions.status, filters.statuses));
  if (filters.paymentMethods?.length)
    conditions.push(inArray(transactions.paymentMethod, filters.paymentMethods));
  if (filters.sources?.length) conditions.push(inArray(transactions.source, filters.sources));
  const categoryIds = filters.categoryIds ?? [];
  if (categoryIds.length > 0 || filters.uncategorised) {
    const either = or(
      categoryIds.length > 0 ? inArray(transactions.categoryId, categoryIds) : undefined,
      filters.uncategorised ? isNull(transactions.categoryId) : undefined,
    );
    if (either) conditions.push(either);
  }
  if (filters.from && filters.to && filters.to < filters.from) {
    throw new AppError("BAD_REQUEST", "The end date is before the start date", {
      fieldErrors: { to: ["The end date is before the start date"] },
    });
  }
  if (filters.from)
    conditions.push(gte(transactions.transactionDate, localDayStart(filters.from, business.timezone)));
  if (filters.to) {
    conditions.push(
      lt(
        transactions.transactionDate,
        sql`((${filters.to}::date + 1)::timestamp at time zone ${business.timezone})`,
      ),
    );
  }
  if (filters.minAmount) {
    conditions.push(
      gte(transactions.baseAmountMinor, amountBound(filters.minAmount, business.baseCurrency, "minAmount")),
    );
  }
  if (filters.maxAmount) {
    conditions.push(
      lte(transactions.baseAmountMinor, amountBound(filters.maxAmount, business.baseCurrency, "maxAmount")),
    );
  }
  if (filters.customerId) conditions.push(eq(transactions.customerId, filters.customerId));
  if (filters.supplierId) conditions.push(eq(transactions.supplierId, filters.supplierId));
  if (filters.invoiceId) conditions.push(eq(transactions.invoiceId, filters.invoiceId));
  if (filters.currency) conditions.push(eq(transactions.currency, filters.currency));
  const term = filters.search?.trim();
  if (term) conditions.push(sql`${searchableText} ilike ${`%${escapeLike(term)}%`}`);
  return conditions;
}

function sortColumn(sort: TransactionSort) {
  return sort.startsWith("amount") ? transactions.baseAmountMinor : transactions.transactionDate;
}

function keysetCondition(sort: TransactionSort, cursor: { value: string; id: string }): SQL | undefined {
  const descending = sort.endsWith("desc");
  const column = sortColumn(sort);
  let value: Date | bigint;
  try {
    value = sort.startsWith("amount") ? BigInt(cursor.value) : new Date(cursor.value);
  } catch {
    throw new AppError("BAD_REQUEST", "This list position is no longer valid; start again from the top");
  }
  if (value instanceof Date && Number.isNaN(value.getTime())) {
    throw new AppError("BAD_REQUEST", "This list position is no longer valid; start again from the top");
  }
  const beyond = descending ? lt : gt;
  return or(beyond(column, value), and(eq(column, value), beyond(transactions.id, cursor.id)));
}

export const transactionListColumns = {
  id: transactions.id,
  type: transactions.type,
  status: transactions.status,
  amountMinor: transactions.amountMinor,
  currency: transactions.currency,
  exchangeRate: transactions.exchangeRate,
  baseAmountMinor: transactions.baseAmountMinor,
  categoryId: transactions.categoryId,
  categoryName: categories.name,
  categoryColor: categories.color,
  description: transactions.description,
  paymentMethod: transactions.paymentMethod,
  transactionDate: transactions.transactionDate,
  referenceNumber: transactions.referenceNumber,
  externalId: transactions.externalId,
  source: transactions.source,
  customerId: transactions.customerId,
  customerName: customers.name,
  supplierId: transactions.supplierId,
  supplierName: suppliers.name,
  invoiceId: transactions.invoiceId,
  invoiceNumber: invoices.invoiceNumber,
  importId: transactions.importId,
  notes: transactions.notes,
  voidedAt: transactions.voidedAt,
  voidReason: transactions.voidReason,
  createdAt: transactions.createdAt,
};

export type TTransactionListItem = Awaited<ReturnType<typeof listTransactions>>["items"][number];

export async function listTransactions(
  db: DbOrTx,
  business: LedgerBusiness,
  input: z.output<typeof ZListTransactionsSchema>,
  options: { checkReferences?: boolean } = {},
) {
  if (options.checkReferences ?? true) await assertFilterReferences(db, business.id, input);
  const conditions = transactionConditions(business, input);
  const after = decodeKeyset(input.cursor);
  if (after) {
    const keyset = keysetCondition(input.sort, after);
    if (keyset) conditions.push(keyset);
  }
  const direction = input.sort.endsWith("desc") ? desc : asc;
  const rows = await db
    .select(transactionListColumns)
    .from(transactions)
    .leftJoin(categories, eq(categories.id, transactions.categoryId))
    .leftJoin(customers, eq(customers.id, transactions.customerId))
    .leftJoin(suppliers, eq(suppliers.id, transactions.supplierId))
    .leftJoin(invoices, eq(invoices.id, transactions.invoiceId))
    .where(and(...conditions))
    .orderBy(direction(sortColumn(input.sort)), direction(transactions.id))
    .limit(input.limit + 1);
  const items = rows.slice(0, input.limit);
  const last = items.at(-1);
  const nextCursor =
    rows.length > input.limit && last
      ? encodeKeyset(
          input.sort.startsWith("amount")
            ? last.baseAmountMinor.toString()
            : last.transactionDate.toISOString(),
          last.id,
        )
      : null;
  return { items, nextCursor };
}

export async function getTransaction(db: DbOrTx, businessId: string, transactionId: string) {
  const [row] = await db
    .select({
      ...transactionListColumns,
      createdByUserId: transactions.createdByUserId,
      metadata: transactions.metadata,
      updatedAt: transactions.updatedAt,
    })
    .from(transactions)
    .leftJoin(categories, eq(categories.id, transactions.categoryId))
    .leftJoin(customers, eq(customers.id, transactions.customerId))
    .leftJoin(suppliers, eq(suppliers.id, transactions.supplierId))
    .leftJoin(invoices, eq(invoices.id, transactions.invoiceId))
    .where(and(eq(transactions.businessId, businessId), eq(transactions.id, transactionId)))
    .limit(1);
  if (!row) throw new AppError("NOT_FOUND", "Transaction not found");
  return row;
}
