import { businesses, categories, customers, type DbOrTx, invoices, suppliers, transactions } from "@kavi/db";
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
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { AppError, flattenIssues, notFound } from "../../errors";
import { type Actor, diffChanges, recordActivity } from "../activity";
import { scheduleBudgetCheck } from "../budgets/schedule";
import { assertCategoryKind, findCategoryBySystemKey } from "../categories";
import { countRuleMatches, matchRules } from "../categorisation/rules";
import { scheduleCategorisation } from "../categorisation/schedule";
import { findRate } from "../exchange-rates/rates";
import { scheduleForecastRefresh } from "../forecast/forecast";
import type { AfterCommit } from "../unit-of-work";
import { announceTransactionCreated } from "../webhooks/domain-events";

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

/** One round trip: the base currency and whether each referenced row belongs to the business. */
export async function checkReferences(
  tx: DbOrTx,
  businessId: string,
  refs: {
    categoryId?: string | null;
    customerId?: string | null;
    supplierId?: string | null;
    invoiceId?: string | null;
  },
): Promise<ReferenceCheck> {
  const none = sql`null::uuid`;
  const result = await tx.execute<{
    base_currency: string | null;
    category_kind: "income" | "expense" | null;
    category_name: string | null;
    category_archived: boolean | null;
    customer_found: boolean;
    supplier_found: boolean;
    invoice_found: boolean;
  }>(sql`
    select
      (select ${businesses.baseCurrency} from ${businesses} where ${businesses.id} = ${businessId}) as base_currency,
      c.kind as category_kind, c.name as category_name, (c.archived_at is not null) as category_archived,
      exists (select 1 from ${customers} where ${customers.businessId} = ${businessId}
              and ${customers.id} = ${refs.customerId ?? none}) as customer_found,
      exists (select 1 from ${suppliers} where ${suppliers.businessId} = ${businessId}
              and ${suppliers.id} = ${refs.supplierId ?? none}) as supplier_found,
      exists (select 1 from ${invoices} where ${invoices.businessId} = ${businessId}
              and ${invoices.id} = ${refs.invoiceId ?? none}) as invoice_found
    from (select 1) as one
    left join ${categories} c on c.business_id = ${businessId} and c.id = ${refs.categoryId ?? none}
  `);
  const row = result.rows[0];
  return {
    baseCurrency: row?.base_currency ?? null,
    categoryKind: row?.category_kind ?? null,
    categoryName: row?.category_name ?? null,
    categoryArchived: row?.category_archived ?? null,
    customerFound: row?.customer_found ?? false,
    supplierFound: row?.supplier_found ?? false,
    invoiceFound: row?.invoice_found ?? false,
  };
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
  const parsed = ZRecordTransactionInputSchema.safeParse(rawInput);
  if (!parsed.success) {
    throw new AppError("BAD_REQUEST", "Some fields need your attention", {
      fieldErrors: flattenIssues(parsed.error.issues),
    });
  }
  const input = parsed.data;
  const { businessId } = input;

  let categoryId = input.categoryId ?? null;
  let categorySource: CategorySource | null = categoryId
    ? (input.categorySource ?? defaultCategorySource(input.source))
    : null;
  let categoryRuleId: string | null = null;
  const refs = {
    categoryId,
    customerId: input.customerId,
    supplierId: input.supplierId,
    invoiceId: input.invoiceId,
  };
  const check = await checkReferences(tx, businessId, refs);
  if (!check.baseCurrency) throw new AppError("NOT_FOUND", "Business not found");
  assertReferences(check, refs, input.type);

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

  if (!categoryId && input.type !== "transfer") {
    const [rule] = await matchRules(tx, businessId, [
      {
        type: input.type,
        description: input.description ?? null,
        baseAmountMinor,
        paymentMethod: input.paymentMethod,
        customerId: input.customerId,
        supplierId: input.supplierId,
      },
    ]);
    if (rule) {
      categoryId = rule.categoryId;
      categorySource = "rule";
      categoryRuleId = rule.id;
    }
  }
  if (!categoryId && input.categorySystemKey && input.type !== "transfer") {
    const found = await findCategoryBySystemKey(tx, businessId, input.categorySystemKey);
    categoryId = found && found.kind === input.type ? found.id : null;
    if (categoryId) categorySource = "system";
  }

  const [inserted] = await tx
    .insert(transactions)
    .values({
      businessId,
      createdByUserId: actor.userId,
      type: input.type,
      status: input.status,
      amountMinor: input.amountMinor,
      currency,
      exchangeRate,
      baseAmountMinor,
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
    })
    .onConflictDoNothing({
      target: [transactions.businessId, transactions.externalId],
      where: sql`${transactions.externalId} is not null`,
    })
    .returning();

  if (!inserted) {
    const [existing] = await tx
      .select()
      .from(transactions)
      .where(
        and(eq(transactions.businessId, businessId), eq(transactions.externalId, input.externalId ?? "")),
      )
      .limit(1);
    if (!existing) throw new Error("transaction insert returned nothing");
    return { status: "already_recorded", transaction: existing };
  }

  await countRuleMatches(tx, [inserted.categoryRuleId]);
  await recordActivity(tx, actor, {
    action: "transaction.created",
    entityType: "transaction",
    entityId: inserted.id,
    businessId,
    changes: diffChanges(null, inserted, TRANSACTION_AUDIT_FIELDS),
    metadata: inserted.categoryRuleId
      ? { source: inserted.source, categoryRuleId: inserted.categoryRuleId }
      : { source: inserted.source },
  });
  await announceTransactionCreated(tx, afterCommit, inserted, inserted.createdAt);
  if (afterCommit && inserted.status === "completed" && inserted.type !== "transfer") {
    scheduleBudgetCheck(afterCommit, businessId);
    scheduleForecastRefresh(afterCommit, businessId);
  }
  if (afterCommit && !inserted.categoryId && inserted.type !== "transfer") {
    scheduleCategorisation(afterCommit, businessId);
  }
  return { status: "recorded", transaction: inserted };
}

export { findCategoryBySystemKey };
