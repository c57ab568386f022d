import { categories, categorySuggestions, customers, type DbOrTx, suppliers, transactions } from "@kavi/db";
import { type CategorySource, categoryKindFor, ZIdSchema, type ZReviewCategorySchema } from "@kavi/domain";
import { and, count, desc, eq, inArray, isNull, lt, ne, or, sql } from "drizzle-orm";
import { z } from "zod";
import { AppError } from "../../errors";
import { recordActivity } from "../activity";
import { scheduleBudgetCheck } from "../budgets/schedule";
import type { ServiceContext } from "../service-context";
import type { LedgerBusiness } from "../transactions/queries";
import { inTransaction } from "../unit-of-work";
import { createRuleInTx } from "./rules";
import { scheduleCategorisation } from "./schedule";

/** The columns a person's choice sets: their source, and no rule or model confidence behind it. */
export function personChoseCategory(categoryId: string | null): {
  categorySource: CategorySource | null;
  categoryRuleId: null;
  categoryConfidence: null;
} {
  return { categorySource: categoryId ? "person" : null, categoryRuleId: null, categoryConfidence: null };
}

/** Suggestions are for rows without a category: gone once one is set. */
export async function clearSuggestions(tx: DbOrTx, transactionIds: readonly string[]): Promise<void> {
  if (transactionIds.length === 0) return;
  await tx.delete(categorySuggestions).where(inArray(categorySuggestions.transactionId, [...transactionIds]));
}

/** Rows waiting for a person: no category, not a transfer, not void. */
export function uncategorisedCondition(businessId: string) {
  return and(
    eq(transactions.businessId, businessId),
    isNull(transactions.categoryId),
    ne(transactions.type, "transfer"),
    ne(transactions.status, "void"),
  );
}

export const ZReviewQueueSchema = z.object({
  limit: z.number().int().min(1).max(100).default(25),
  /** The id of the last row of the previous page. */
  cursor: z.object({ transactionDate: z.date(), id: ZIdSchema }).nullish(),
});

/**
 * The Review queue: uncategorised transactions, newest first, each with the model's suggestion (if it has one)
 * and why, plus how many wait in all.
 */
export async function listReviewQueue(
  db: DbOrTx,
  business: LedgerBusiness,
  input: z.output<typeof ZReviewQueueSchema>,
) {
  const suggested = sql<string | null>`${categorySuggestions.categoryId}`;
  const conditions = [uncategorisedCondition(business.id)];
  if (input.cursor) {
    conditions.push(
      or(
        lt(transactions.transactionDate, input.cursor.transactionDate),
        and(
          eq(transactions.transactionDate, input.cursor.transactionDate),
          lt(transactions.id, input.cursor.id),
        ),
      ),
    );
  }
  const rows = await db
    .select({
      id: transactions.id,
      type: transactions.type,
      status: transactions.status,
      amountMinor: transactions.amountMinor,
      currency: transactions.currency,
      baseAmountMinor: transactions.baseAmountMinor,
      description: transactions.description,
      paymentMethod: transactions.paymentMethod,
      source: transactions.source,
      transactionDate: transactions.transactionDate,
      referenceNumber: transactions.referenceNumber,
      customerName: customers.name,
      supplierName: suppliers.name,
      suggestedCategoryId: suggested,
      suggestedCategoryName: categories.name,
      suggestedCategoryColor: categories.color,
      suggestionSource: categorySuggestions.source,
      suggestionConfidence: categorySuggestions.confidence,
      suggestionReasons: categorySuggestions.reasons,
    })
    .from(transactions)
    .leftJoin(customers, eq(customers.id, transactions.customerId))
    .leftJoin(suppliers, eq(suppliers.id, transactions.supplierId))
    .leftJoin(categorySuggestions, eq(categorySuggestions.transactionId, transactions.id))
    .leftJoin(
      categories,
      and(eq(categories.id, categorySuggestions.categoryId), isNull(categories.archivedAt)),
    )
    .where(and(...conditions))
    .orderBy(desc(transactions.transactionDate), desc(transactions.id))
    .limit(input.limit + 1);
  const items = rows.slice(0, input.limit).map((row) => ({
    ...row,
    suggestion:
      row.suggestedCategoryId && row.suggestedCategoryName
        ? {
            categoryId: row.suggestedCategoryId,
            categoryName: row.suggestedCategoryName,
            categoryColor: row.suggestedCategoryColor,
            source: row.suggestionSource,
            confidence: row.suggestionConfidence,
            reasons: row.suggestionReasons ?? [],
          }
        : null,
  }));
  const last = items.at(-1);
  const [total] = input.cursor
    ? [null]
    : await db.select({ value: count() }).from(transactions).where(uncategorisedCondition(business.id));
  return {
    items,
    nextCursor:
      rows.length > input.limit && last ? { transactionDate: last.transactionDate, id: last.id } : null,
    total: total?.value ?? null,
  };
}

/**
 * A person settles one row of the Review queue: accepts the suggestion, or chooses another category, and may
 * turn the choice into a rule for the future. The category is the person's (never overridden later), the
 * correction teaches the learned model at its next pass, which is asked for now.
 */
export async function reviewCategory(
  ctx: ServiceContext,
  business: LedgerBusiness,
  input: z.output<typeof ZReviewCategorySchema>,
) {
  return inTransaction(ctx, async (tx, afterCommit) => {
    const [row] = await tx
      .select({
        id: transactions.id,
        type: transactions.type,
        status: transactions.status,
        categoryId: transactions.categoryId,
        suggestedCategoryId: categorySuggestions.categoryId,
        suggestionSource: categorySuggestions.source,
        suggestionConfidence: categorySuggestions.confidence,
      })
      .from(transactions)
      .leftJoin(categorySuggestions, eq(categorySuggestions.transactionId, transactions.id))
      .where(and(eq(transactions.businessId, business.id), eq(transactions.id, input.transactionId)))
      .for("update", { of: transactions });
    if (!row) throw new AppError("NOT_FOUND", "Transaction not found");
    if (row.status === "void") {
      throw new AppError("PRECONDITION_FAILED", "This transaction is void and can no longer be changed");
    }
    const kind = categoryKindFor(row.type);
    if (!kind) throw new AppError("BAD_REQUEST", "Transfers have no category");
    const categoryId = input.categoryId ?? row.suggestedCategoryId;
    if (!categoryId) {
      const message = "There is no suggestion for this transaction: choose a category";
      throw new AppError("BAD_REQUEST", message, { fieldErrors: { categoryId: [message] } });
    }
    const [category] = await tx
      .select({
        id: categories.id,
        kind: categories.kind,
        name: categories.name,
        archivedAt: categories.archivedAt,
      })
      .from(categories)
      .where(and(eq(categories.businessId, business.id), eq(categories.id, categoryId)));
    if (!category) {
      throw new AppError("NOT_FOUND", "Category not found", {
        fieldErrors: { categoryId: ["Category not found"] },
      });
    }
    if (category.archivedAt || category.kind !== kind) {
      const message = category.archivedAt
        ? `"${category.name}" is archived; choose another category`
        : `"${category.name}" is an ${category.kind} category; this is ${kind === "income" ? "money in" : "money out"}`;
      throw new AppError("BAD_REQUEST", message, { fieldErrors: { categoryId: [message] } });
    }
    await tx
      .update(transactions)
      .set({ categoryId, ...personChoseCategory(categoryId) })
      .where(eq(transactions.id, row.id));
    await clearSuggestions(tx, [row.id]);
    const outcome = row.suggestedCategoryId === categoryId ? "accepted" : "corrected";
    await recordActivity(tx, ctx.actor, {
      action: "transaction.categorised",
      entityType: "transaction",
      entityId: row.id,
      businessId: business.id,
      changes: { categoryId: { before: row.categoryId, after: categoryId } },
      metadata: {
        review: outcome,
        suggestedCategoryId: row.suggestedCategoryId,
        suggestionSource: row.suggestionSource,
        suggestionConfidence: row.suggestionConfidence,
      },
    });
    const rule = input.ruleText
      ? await createRuleInTx(tx, ctx, business, {
          categoryId,
          field: input.ruleField,
          operator: "contains",
          text: input.ruleText,
          priority: 100,
          enabled: true,
        })
      : null;
    scheduleBudgetCheck(afterCommit, business.id);
    scheduleCategorisation(afterCommit, business.id);
    return { transactionId: row.id, categoryId, outcome, ruleId: rule?.id ?? null };
  });
}
