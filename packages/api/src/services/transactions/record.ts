import { randomUUID } from "node:crypto";
import {
  businesses,
  categories,
  customers,
  type DbOrTx,
  insertRows,
  invoices,
  suppliers,
  transactions,
} from "@kavi/db";
import {
  CATEGORY_SOURCES,
  type CategorySource,
  categoryKindFor,
  convertToBase,
  dateInZone,
  formatExchangeRate,
  inField,
  PAYMENT_METHODS,
  parseExchangeRate,
  SYSTEM_CATEGORY_KEYS,
  TRANSACTION_SOURCES,
  TRANSACTION_TYPES,
  ZCurrencySchema,
  ZIdSchema,
} from "@kavi/domain";
import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { AppError, flattenIssues, notFound } from "../../errors";
import { type Actor, diffChanges, recordActivities } from "../activity";
import { scheduleBudgetCheck } from "../budgets/schedule";
import { assertCategoryKind, findCategoryBySystemKey } from "../categories";
import { countRuleMatches, matchRules } from "../categorisation/rules";
import { scheduleCategorisation } from "../categorisation/schedule";
import { findRate } from "../exchange-rates/rates";
import { scheduleForecastRefresh } from "../forecast/forecast";
import type { AfterCommit } from "../unit-of-work";
import { announceTransactionsCreated } from "../webhooks/domain-events";

export type TTransactionRow = typeof transactions.$inferSelect;

/**
 * Base amounts are in the base currency: changing it once money is booked would mix currencies in reports.
 * The reason to refuse a change of base currency, or null.
 */
export async function baseCurrencyLockReason(db: DbOrTx, businessId: string): Promise<string | null> {
  const [booked] = await db
    .select({ id: transactions.id })
    .from(transactions)
    .where(eq(transactions.businessId, businessId))
    .limit(1);
  return booked
    ? "The base currency cannot change once transactions are recorded: every report is kept in it"
    : null;
}

/**
 * THE way money enters the ledger, for every flow: people (create, import), invoice payments, M-Pesa and
 * payouts. It runs inside the caller's database transaction, so the booking commits or rolls back with the
 * caller's own rows.
 *
 * - validates the input (positive amount, currency, rate, text lengths) and that the category, customer,
 *   supplier and invoice belong to the business (another business's id is NOT_FOUND, like a missing one);
 * - takes the base currency from the business, defaults the rate to 1 and computes the base amount;
 * - a foreign currency needs the rate the user (or the flow) used;
 * - `externalId` (an M-Pesa receipt, a bank reference) is unique per business: a second booking of the same
 *   id does not fail, it answers `{ status: "already_recorded", transaction }` with the row already there,
 *   and writes nothing — so a retried job or a duplicated callback can never book money twice;
 * - without a category, the business's rules choose one (before any default the flow names by system key), in
 *   this same transaction; a row still without one is queued for the learned categoriser after commit;
 * - writes the activity row;
 * - after commit, asks for a budget check (pass your unit of work's `afterCommit`; without it the daily
 *   check catches up).
 */
export const ZRecordTransactionInputSchema = z.object({
  businessId: ZIdSchema,
  type: z.enum(TRANSACTION_TYPES),
  /** Positive, in minor units of `currency`. */
  amountMinor: z
    .bigint()
    .refine((value) => value > 0n, { error: "The amount must be more than zero" })
    .refine((value) => value < 10n ** 15n, { error: "That amount is too large" }),
  /** Defaults to the business's base currency. */
  currency: ZCurrencySchema.nullish(),
  /** Base-currency units per one unit of `currency` ("129.35"). Defaults to 1; required for a foreign currency. */
  exchangeRate: z.string().trim().nullish(),
  categoryId: ZIdSchema.nullish(),
  /** Used when no categoryId is given: the business's default category for this key (e.g. "sales"). */
  categorySystemKey: z.enum(SYSTEM_CATEGORY_KEYS).nullish(),
  /**
   * Who chose `categoryId`. Defaults by source: typed rows are a person's choice, imported rows the file's,
   * everything else KAVI's.
   */
  categorySource: z.enum(CATEGORY_SOURCES).nullish(),
  description: z.string().trim().max(500).nullish(),
  paymentMethod: z.enum(PAYMENT_METHODS).default("cash"),
  transactionDate: z.date(),
  referenceNumber: z.string().trim().max(100).nullish(),
  /** VAT included in the amount (input VAT on an expense with a supplier PIN). */
  vatMinor: z.bigint().nonnegative().nullish(),
  externalId: z.string().trim().min(1).max(255).nullish(),
  /** The capturing device's key for a person's entry (see createTransaction): unique per business. */
  clientRequestId: ZIdSchema.nullish(),
  source: z.enum(TRANSACTION_SOURCES).default("manual"),
  status: z.enum(["pending", "completed"]).default("completed"),
  customerId: ZIdSchema.nullish(),
  supplierId: ZIdSchema.nullish(),
  invoiceId: ZIdSchema.nullish(),
  importId: ZIdSchema.nullish(),
  notes: z.string().trim().max(2000).nullish(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
});
export type RecordTransactionInput = z.input<typeof ZRecordTransactionInputSchema>;

export type RecordTransactionResult =
  | { status: "recorded"; transaction: TTransactionRow }
  | { status: "already_recorded"; transaction: TTransactionRow };

export const TRANSACTION_AUDIT_FIELDS = [
  "type",
  "status",
  "amountMinor",
  "currency",
  "exchangeRate",
  "baseAmountMinor",
  "categoryId",
  "categorySource",
  "description",
  "paymentMethod",
  "transactionDate",
  "referenceNumber",
  "vatMinor",
  "externalId",
  "source",
  "customerId",
  "supplierId",
  "invoiceId",
  "notes",
  "voidedAt",
  "voidReason",
] as const satisfies readonly (keyof TTransactionRow)[];

/** Who chose a category the caller passed, when the caller does not say. */
export function defaultCategorySource(source: (typeof TRANSACTION_SOURCES)[number]): CategorySource {
  if (source === "manual") return "person";
  if (source === "import") return "import";
  return "system";
}

/** Resolves currency, rate and base amount; shared by create, update and import. */
export function computeBaseAmount(
  amountMinor: bigint,
  currency: string,
  exchangeRate: string | null | undefined,
  baseCurrency: string,
): { exchangeRate: string; baseAmountMinor: bigint } {
  if (currency === baseCurrency) {
    if (exchangeRate && formatExchangeRate(parseRate(exchangeRate)) !== "1") {
      throw new AppError("BAD_REQUEST", `A ${baseCurrency} amount has an exchange rate of 1`, {
        fieldErrors: { exchangeRate: [`A ${baseCurrency} amount has an exchange rate of 1`] },
      });
    }
    return { exchangeRate: "1", baseAmountMinor: amountMinor };
  }
  if (!exchangeRate) {
    const message = `Enter how many ${baseCurrency} one ${currency} was worth`;
    throw new AppError("BAD_REQUEST", message, { fieldErrors: { exchangeRate: [message] } });
  }
  const rate = parseRate(exchangeRate);
  const baseAmountMinor = convertToBase(amountMinor, currency, rate, baseCurrency);
  if (baseAmountMinor <= 0n) {
    throw new AppError("BAD_REQUEST", "At this rate the amount is worth nothing", {
      fieldErrors: { exchangeRate: ["At this rate the amount is worth nothing"] },
    });
  }
  return { exchangeRate: formatExchangeRate(rate), baseAmountMinor };
}

function parseRate(text: string) {
  return inField("exchangeRate", () => parseExchangeRate(text));
}

interface ReferenceCheck {
  baseCurrency: string | null;
  categoryKind: "income" | "expense" | null;
  categoryName: string | null;
  categoryArchived: boolean | null;
  customerFound: boolean;
  supplierFound: boolean;
  invoiceFound: boolean;
}

interface References {
  categoryId?: string | null;
  customerId?: string | null;
  supplierId?: string | null;
  invoiceId?: string | null;
}

/** One round trip: the base currency and whether each referenced row belongs to the business. */
export async function checkReferences(
  tx: DbOrTx,
  businessId: string,
  refs: References,
): Promise<ReferenceCheck> {
  const [check] = await checkReferencesOfMany(tx, businessId, [refs]);
  if (!check) throw new Error("reference check returned nothing");
  return check;
}

/** checkReferences for many rows of one business (a batch), still in one round trip. */
export async function checkReferencesOfMany(
  tx: DbOrTx,
  businessId: string,
  refsOfRows: readonly References[],
): Promise<ReferenceCheck[]> {
  const ids = (pick: (refs: References) => string | null | undefined) =>
    sql.param([...new Set(refsOfRows.map(pick).filter((id): id is string => Boolean(id)))]);
  const result = await tx.execute<{
    base_currency: string | null;
    categories: { id: string; kind: "income" | "expense"; name: string; archived: boolean }[];
    customers: string[];
    suppliers: string[];
    invoices: string[];
  }>(sql`
    select
      (select ${businesses.baseCurrency} from ${businesses} where ${businesses.id} = ${businessId}) as base_currency,
      (select coalesce(json_agg(json_build_object('id', c.id, 'kind', c.kind, 'name', c.name,
                                                  'archived', c.archived_at is not null)), '[]'::json)
       from ${categories} c where c.business_id = ${businessId}
         and c.id = any(${ids((refs) => refs.categoryId)}::uuid[])) as categories,
      array(select ${customers.id}::text from ${customers} where ${customers.businessId} = ${businessId}
            and ${customers.id} = any(${ids((refs) => refs.customerId)}::uuid[])) as customers,
      array(select ${suppliers.id}::text from ${suppliers} where ${suppliers.businessId} = ${businessId}
            and ${suppliers.id} = any(${ids((refs) => refs.supplierId)}::uuid[])) as suppliers,
      array(select ${invoices.id}::text from ${invoices} where ${invoices.businessId} = ${businessId}
            and ${invoices.id} = any(${ids((refs) => refs.invoiceId)}::uuid[])) as invoices
  `);
  const row = result.rows[0];
  const found = new Map((row?.categories ?? []).map((category) => [category.id, category]));
  const customersFound = new Set(row?.customers ?? []);
  const suppliersFound = new Set(row?.suppliers ?? []);
  const invoicesFound = new Set(row?.invoices ?? []);
  return refsOfRows.map((refs) => {
    const category = refs.categoryId ? found.get(refs.categoryId) : undefined;
    return {
      baseCurrency: row?.base_currency ?? null,
      categoryKind: category?.kind ?? null,
      categoryName: category?.name ?? null,
      categoryArchived: category?.archived ?? null,
      customerFound: Boolean(refs.customerId && customersFound.has(refs.customerId)),
      supplierFound: Boolean(refs.supplierId && suppliersFound.has(refs.supplierId)),
      invoiceFound: Boolean(refs.invoiceId && invoicesFound.has(refs.invoiceId)),
    };
  });
}

/** Turns reference-check results into the right NOT_FOUND / field errors. */
export function assertReferences(
  check: ReferenceCheck,
  refs: {
    categoryId?: string | null;
    customerId?: string | null;
    supplierId?: string | null;
    invoiceId?: string | null;
  },
  type: (typeof TRANSACTION_TYPES)[number],
  options: { allowArchivedCategory?: boolean } = {},
): void {
  if (refs.categoryId) {
    if (!check.categoryKind || !check.categoryName) throw notFound("Category", "categoryId");
    if (check.categoryArchived && !options.allowArchivedCategory) {
      throw new AppError("BAD_REQUEST", `"${check.categoryName}" is archived; choose another category`, {
        fieldErrors: { categoryId: [`"${check.categoryName}" is archived; choose another category`] },
      });
    }
    assertCategoryKind({ kind: check.categoryKind, name: check.categoryName }, categoryKindFor(type));
  }
  if (refs.customerId && !check.customerFound) throw notFound("Customer", "customerId");
  if (refs.supplierId && !check.supplierFound) throw notFound("Supplier", "supplierId");
  if (refs.invoiceId && !check.invoiceFound) throw notFound("Invoice", "invoiceId");
}

export async function recordTransaction(
  tx: DbOrTx,
  actor: Actor,
  rawInput: RecordTransactionInput,
  afterCommit?: AfterCommit,
): Promise<RecordTransactionResult> {
  const [result] = await recordTransactions(tx, actor, [rawInput], afterCommit);
  if (!result) throw new Error("transaction insert returned nothing");
  return result;
}

/**
 * recordTransaction for many rows at once (a settlement batch), by the same rules, with the lookups done once per
 * business and one statement per table: the results are in the inputs' order. Any invalid input fails the call.
 */
export async function recordTransactions(
  tx: DbOrTx,
  actor: Actor,
  rawInputs: readonly RecordTransactionInput[],
  afterCommit?: AfterCommit,
): Promise<RecordTransactionResult[]> {
  const inputs = rawInputs.map((rawInput) => {
    const parsed = ZRecordTransactionInputSchema.safeParse(rawInput);
    if (!parsed.success) {
      throw new AppError("BAD_REQUEST", "Some fields need your attention", {
        fieldErrors: flattenIssues(parsed.error.issues),
      });
    }
    return parsed.data;
  });
  if (inputs.length === 0) return [];
  const rows: (typeof transactions.$inferInsert & { id: string })[] = [];
  for (const [businessId, mine] of groupBy(inputs, (input) => input.businessId)) {
    rows.push(...(await prepareRows(tx, actor, businessId, mine)));
  }
  const inserted = await insertRows(tx, transactions, rows, {
    onConflict: sql`(business_id, external_id) where external_id is not null do nothing`,
    returning: true,
  });
  const insertedById = new Map(inserted.map((row) => [row.id, row]));
  // A receipt already booked (before, or earlier in this batch): the row already there, nothing written.
  const skipped = rows.filter((row) => !insertedById.has(row.id));
  const existing = new Map<string, TTransactionRow>();
  for (const [businessId, mine] of groupBy(skipped, (row) => row.businessId)) {
    const found = await tx
      .select()
      .from(transactions)
      .where(
        and(
          eq(transactions.businessId, businessId),
          inArray(
            transactions.externalId,
            mine.map((row) => row.externalId ?? ""),
          ),
        ),
      );
    for (const row of found) existing.set(`${row.businessId}|${row.externalId}`, row);
  }
  const results = rows.map((row): RecordTransactionResult => {
    const recorded = insertedById.get(row.id);
    if (recorded) return { status: "recorded", transaction: recorded };
    const already = existing.get(`${row.businessId}|${row.externalId}`);
    if (!already) throw new Error("transaction insert returned nothing");
    return { status: "already_recorded", transaction: already };
  });

  if (inserted.length === 0) return results;
  await countRuleMatches(
    tx,
    inserted.map((row) => row.categoryRuleId),
  );
  await recordActivities(
    tx,
    actor,
    inserted.map((row) => ({
      action: "transaction.created",
      entityType: "transaction",
      entityId: row.id,
      businessId: row.businessId,
      changes: diffChanges(null, row, TRANSACTION_AUDIT_FIELDS),
      metadata: row.categoryRuleId
        ? { source: row.source, categoryRuleId: row.categoryRuleId }
        : { source: row.source },
    })),
  );
  await announceTransactionsCreated(tx, afterCommit, inserted, inserted[0]?.createdAt ?? new Date());
  if (afterCommit) {
    for (const [businessId, mine] of groupBy(inserted, (row) => row.businessId)) {
      if (mine.some((row) => row.status === "completed" && row.type !== "transfer")) {
        scheduleBudgetCheck(afterCommit, businessId);
        scheduleForecastRefresh(afterCommit, businessId);
      }
      if (mine.some((row) => !row.categoryId && row.type !== "transfer")) {
        scheduleCategorisation(afterCommit, businessId);
      }
    }
  }
  return results;
}

type TParsedRecordInput = z.output<typeof ZRecordTransactionInputSchema>;

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

/**
 * The rows to insert for one business's inputs: references checked, base amounts, and categories chosen (the
 * business's rules first, then the default the flow names by system key), each lookup once for all of them.
 */
async function prepareRows(
  tx: DbOrTx,
  actor: Actor,
  businessId: string,
  inputs: readonly TParsedRecordInput[],
) {
  const refsOfRows = inputs.map((input) => ({
    categoryId: input.categoryId ?? null,
    customerId: input.customerId,
    supplierId: input.supplierId,
    invoiceId: input.invoiceId,
  }));
  const checks = await checkReferencesOfMany(tx, businessId, refsOfRows);
  const priced: {
    input: TParsedRecordInput;
    currency: string;
    exchangeRate: string;
    baseAmountMinor: bigint;
  }[] = [];
  for (const [index, input] of inputs.entries()) {
    const check = checks[index];
    if (!check?.baseCurrency) throw new AppError("NOT_FOUND", "Business not found");
    assertReferences(check, refsOfRows[index] ?? {}, input.type);
    const currency = input.currency ?? check.baseCurrency;
    // A foreign amount without a rate takes the stored rate of its day (or the last one before it).
    const defaultRate =
      currency !== check.baseCurrency && !input.exchangeRate
        ? await findRate(tx, {
            date: dateInZone(input.transactionDate),
            from: currency,
            to: check.baseCurrency,
          })
        : null;
    const { exchangeRate, baseAmountMinor } = computeBaseAmount(
      input.amountMinor,
      currency,
      input.exchangeRate || defaultRate?.rate,
      check.baseCurrency,
    );
    priced.push({ input, currency, exchangeRate, baseAmountMinor });
  }

  const toMatch = priced.filter(({ input }) => !input.categoryId && input.type !== "transfer");
  const rules = await matchRules(
    tx,
    businessId,
    toMatch.map(({ input, baseAmountMinor }) => ({
      type: input.type,
      description: input.description ?? null,
      baseAmountMinor,
      paymentMethod: input.paymentMethod,
      customerId: input.customerId,
      supplierId: input.supplierId,
    })),
  );
  const ruleOf = new Map(toMatch.map((item, index) => [item, rules[index] ?? null]));
  const systemCategories = new Map<string, Awaited<ReturnType<typeof findCategoryBySystemKey>>>();

  const rows: (typeof transactions.$inferInsert & { id: string })[] = [];
  for (const item of priced) {
    const { input } = item;
    let categoryId = input.categoryId ?? null;
    let categorySource: CategorySource | null = categoryId
      ? (input.categorySource ?? defaultCategorySource(input.source))
      : null;
    let categoryRuleId: string | null = null;
    const rule = ruleOf.get(item);
    if (rule) {
      categoryId = rule.categoryId;
      categorySource = "rule";
      categoryRuleId = rule.id;
    }
    if (!categoryId && input.categorySystemKey && input.type !== "transfer") {
      const key = input.categorySystemKey;
      if (!systemCategories.has(key)) {
        systemCategories.set(key, await findCategoryBySystemKey(tx, businessId, key));
      }
      const found = systemCategories.get(key);
      categoryId = found && found.kind === input.type ? found.id : null;
      if (categoryId) categorySource = "system";
    }
    rows.push({
      // Our own id, so each returned row is known for its input (a skipped one is a receipt already booked).
      id: randomUUID(),
      businessId,
      createdByUserId: actor.userId,
      type: input.type,
      status: input.status,
      amountMinor: input.amountMinor,
      currency: item.currency,
      exchangeRate: item.exchangeRate,
      baseAmountMinor: item.baseAmountMinor,
      categoryId,
      categorySource,
      categoryRuleId,
      description: input.description || null,
      paymentMethod: input.paymentMethod,
      transactionDate: input.transactionDate,
      referenceNumber: input.referenceNumber || null,
      vatMinor: input.vatMinor ?? null,
      externalId: input.externalId ?? null,
      clientRequestId: input.clientRequestId ?? null,
      source: input.source,
      customerId: input.customerId ?? null,
      supplierId: input.supplierId ?? null,
      invoiceId: input.invoiceId ?? null,
      importId: input.importId ?? null,
      notes: input.notes || null,
      metadata: input.metadata ?? null,
    });
  }
  return rows;
}

export { findCategoryBySystemKey };
