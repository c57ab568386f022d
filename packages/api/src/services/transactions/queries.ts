import {
  categories,
  customers,
  type DbOrTx,
  invoices,
  prepareSelect,
  suppliers,
  transactions,
} from "@kavi/db";
import {
  fingerprint,
  inField,
  parseMoney,
  type TransactionSort,
  type TTransactionFilters,
  type ZListTransactionsSchema,
} from "@kavi/domain";
import type { Placeholder } from "drizzle-orm";
import { and, eq, gt, gte, isNull, lt, lte, or, type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { z } from "zod";
import { AppError } from "../../errors";
import { assertCategoriesExist } from "../categories";
import { decodeKeyset, encodeKeyset } from "../pagination";

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

/** The text the trigram index covers (with the business id, migration 0032); searches must use exactly this expression. */
export const searchableText = sql`(coalesce(${transactions.description}, '') || ' ' || coalesce(${transactions.referenceNumber}, ''))`;

function amountBound(value: string, currency: string, field: string): bigint {
  return inField(field, () => parseMoney(value, currency));
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

/**
 * Collects a query's parameters. Prepared, each value becomes a named placeholder (the statement is built
 * and planned once per shape of filters); direct, values are inlined as ordinary parameters.
 */
export class Binder {
  readonly values: Record<string, unknown> = {};
  /** The structure of the query, beyond which values are bound (which branches were taken). */
  readonly shape: string[] = [];
  constructor(readonly prepared: boolean) {}
  bind<T>(name: string, value: T): T | Placeholder {
    if (!this.prepared) return value;
    this.values[name] = value;
    this.shape.push(name);
    return sql.placeholder(name);
  }
  mark(branch: string): void {
    this.shape.push(`#${branch}`);
  }
  key(): string {
    return this.shape.join(",");
  }
}

/** The WHERE clause for a filtered list; the export and "select everything that matches" share it. */
export function transactionConditions(
  business: LedgerBusiness,
  filters: TTransactionFilters,
  binder: Binder = new Binder(false),
): SQL[] {
  const b = binder;
  const conditions: SQL[] = [eq(transactions.businessId, b.bind("businessId", business.id))];
  const anyOf = (column: AnyPgColumn, name: string, values: readonly string[] | undefined) => {
    if (values?.length) conditions.push(sql`${column} = any(${b.bind(name, [...values])})`);
  };
  anyOf(transactions.type, "types", filters.types);
  anyOf(transactions.status, "statuses", filters.statuses);
  anyOf(transactions.paymentMethod, "paymentMethods", filters.paymentMethods);
  anyOf(transactions.source, "sources", filters.sources);
  const categoryIds = filters.categoryIds ?? [];
  if (categoryIds.length > 0 || filters.uncategorised) {
    if (filters.uncategorised) b.mark("uncategorised");
    const either = or(
      categoryIds.length > 0
        ? sql`${transactions.categoryId} = any(${b.bind("categoryIds", [...categoryIds])})`
        : undefined,
      filters.uncategorised ? isNull(transactions.categoryId) : undefined,
    );
    if (either) conditions.push(either);
  }
  if (filters.from && filters.to && filters.to < filters.from) {
    throw new AppError("BAD_REQUEST", "The end date is before the start date", {
      fieldErrors: { to: ["The end date is before the start date"] },
    });
  }
  const zone = () => b.bind("timezone", business.timezone);
  if (filters.from) {
    conditions.push(
      gte(
        transactions.transactionDate,
        sql`(${b.bind("from", filters.from)}::date::timestamp at time zone ${zone()})`,
      ),
    );
  }
  if (filters.to) {
    conditions.push(
      lt(
        transactions.transactionDate,
        sql`((${b.bind("to", filters.to)}::date + 1)::timestamp at time zone ${zone()})`,
      ),
    );
  }
  if (filters.minAmount) {
    conditions.push(
      gte(
        transactions.baseAmountMinor,
        b.bind("minAmount", amountBound(filters.minAmount, business.baseCurrency, "minAmount")),
      ),
    );
  }
  if (filters.maxAmount) {
    conditions.push(
      lte(
        transactions.baseAmountMinor,
        b.bind("maxAmount", amountBound(filters.maxAmount, business.baseCurrency, "maxAmount")),
      ),
    );
  }
  if (filters.customerId)
    conditions.push(eq(transactions.customerId, b.bind("customerId", filters.customerId)));
  if (filters.supplierId)
    conditions.push(eq(transactions.supplierId, b.bind("supplierId", filters.supplierId)));
  if (filters.invoiceId) conditions.push(eq(transactions.invoiceId, b.bind("invoiceId", filters.invoiceId)));
  if (filters.currency) conditions.push(eq(transactions.currency, b.bind("currency", filters.currency)));
  const term = filters.search?.trim();
  if (term) conditions.push(sql`${searchableText} ilike ${b.bind("search", `%${escapeLike(term)}%`)}`);
  return conditions;
}

function sortColumn(sort: TransactionSort) {
  return sort.startsWith("amount") ? transactions.baseAmountMinor : transactions.transactionDate;
}

function keysetCondition(
  sort: TransactionSort,
  cursor: { value: string; id: string },
  binder: Binder,
): SQL | undefined {
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
  const after = binder.bind("afterValue", value);
  return or(
    beyond(column, after),
    and(eq(column, after), beyond(transactions.id, binder.bind("afterId", cursor.id))),
  );
}

type PreparedList = { execute(values: Record<string, unknown>): Promise<ListRow[]> };
/** One prepared statement per database handle and shape of filters: built and planned once, then bound. */
const preparedLists = new WeakMap<object, Map<string, PreparedList>>();

/** The list's select: the page of transactions, then the names joined to its rows. */
function listQuery(db: DbOrTx, conditions: SQL[], sort: TransactionSort) {
  // The indexes are (… DESC NULLS LAST); ordering exactly that way (or exactly its reverse) lets PostgreSQL
  // walk the index and stop after one page instead of sorting every matching row.
  const direction = sort.endsWith("desc")
    ? (column: AnyPgColumn) => sql`${column} desc nulls last`
    : (column: AnyPgColumn) => sql`${column} asc nulls first`;
  // The page is chosen from transactions alone (an ordered index scan that stops after limit + 1 rows);
  // names are joined to those rows only.
  const page = db
    .select()
    .from(transactions)
    .where(and(...conditions))
    .orderBy(direction(sortColumn(sort)), direction(transactions.id))
    .limit(sql.placeholder("limit"))
    .as("page");
  const selection = {
    id: page.id,
    type: page.type,
    status: page.status,
    amountMinor: page.amountMinor,
    currency: page.currency,
    exchangeRate: page.exchangeRate,
    baseAmountMinor: page.baseAmountMinor,
    categoryId: page.categoryId,
    categoryName: categories.name,
    categorySystemKey: categories.systemKey,
    categoryColor: categories.color,
    categorySource: page.categorySource,
    categoryConfidence: page.categoryConfidence,
    description: page.description,
    paymentMethod: page.paymentMethod,
    transactionDate: page.transactionDate,
    referenceNumber: page.referenceNumber,
    vatMinor: page.vatMinor,
    externalId: page.externalId,
    source: page.source,
    customerId: page.customerId,
    customerName: customers.name,
    supplierId: page.supplierId,
    supplierName: suppliers.name,
    invoiceId: page.invoiceId,
    invoiceNumber: invoices.invoiceNumber,
    importId: page.importId,
    notes: page.notes,
    voidedAt: page.voidedAt,
    voidReason: page.voidReason,
    createdAt: page.createdAt,
  };
  const query = db
    .select(selection)
    .from(page)
    .leftJoin(categories, eq(categories.id, page.categoryId))
    .leftJoin(customers, eq(customers.id, page.customerId))
    .leftJoin(suppliers, eq(suppliers.id, page.supplierId))
    .leftJoin(invoices, eq(invoices.id, page.invoiceId))
    .orderBy(
      direction(sort.startsWith("amount") ? page.baseAmountMinor : page.transactionDate),
      direction(page.id),
    );
  return { query, selection };
}

type ListRow = Awaited<ReturnType<ReturnType<typeof listQuery>["query"]["execute"]>>[number];

function buildList(db: DbOrTx, conditions: SQL[], sort: TransactionSort, key: string): PreparedList {
  const { query, selection } = listQuery(db, conditions, sort);
  const name = `ledger_list_${fingerprint(key)}`;
  return prepareSelect<ListRow>(db, name, query, selection);
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
  categorySystemKey: categories.systemKey,
  categoryColor: categories.color,
  categorySource: transactions.categorySource,
  categoryConfidence: transactions.categoryConfidence,
  description: transactions.description,
  paymentMethod: transactions.paymentMethod,
  transactionDate: transactions.transactionDate,
  referenceNumber: transactions.referenceNumber,
  vatMinor: transactions.vatMinor,
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
  const binder = new Binder(true);
  binder.mark(input.sort);
  const conditions = transactionConditions(business, input, binder);
  const after = decodeKeyset(input.cursor);
  if (after) {
    const keyset = keysetCondition(input.sort, after, binder);
    if (keyset) conditions.push(keyset);
  }
  binder.bind("limit", input.limit + 1);
  const cache = preparedLists.get(db) ?? new Map<string, PreparedList>();
  preparedLists.set(db, cache);
  const key = binder.key();
  let prepared = cache.get(key);
  if (!prepared) {
    prepared = buildList(db, conditions, input.sort, key);
    cache.set(key, prepared);
  }
  const rows = await prepared.execute(binder.values);
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

/**
 * How many transactions match filters and their total in the base currency: the list's figures, with the
 * list's own conditions (so a total and the list it links to can never disagree).
 */
export async function transactionTotals(db: DbOrTx, business: LedgerBusiness, filters: TTransactionFilters) {
  await assertFilterReferences(db, business.id, filters);
  // Prepared, like the list: its array filters (types, statuses, methods) bind as real arrays.
  const binder = new Binder(true);
  const conditions = transactionConditions(business, filters, binder);
  const cache = preparedTotals.get(db) ?? new Map<string, PreparedTotals>();
  preparedTotals.set(db, cache);
  const key = binder.key();
  let prepared = cache.get(key);
  if (!prepared) {
    prepared = db
      .select({
        count: sql<number>`count(*)::int`,
        totalMinor: sql<bigint>`coalesce(sum(${transactions.baseAmountMinor}), 0)::bigint`,
      })
      .from(transactions)
      .where(and(...conditions))
      .prepare(`ledger_totals_${fingerprint(key)}`);
    cache.set(key, prepared);
  }
  const [row] = await prepared.execute(binder.values);
  return { count: Number(row?.count ?? 0), totalMinor: BigInt(row?.totalMinor ?? 0n) };
}

type PreparedTotals = {
  execute(values: Record<string, unknown>): Promise<{ count: number; totalMinor: bigint }[]>;
};
const preparedTotals = new WeakMap<object, Map<string, PreparedTotals>>();
