import { budgets, categories, type DbOrTx, ledgerDailyTotals } from "@kavi/db";
import {
  addMonths,
  badField,
  endOfMonth,
  inField,
  localDateOf,
  parseMoney,
  type ZCreateBudgetSchema,
} from "@kavi/domain";
import { and, asc, eq, gte, lte, sql } from "drizzle-orm";
import type { z } from "zod";
import { AppError } from "../../errors";
import { diffChanges, recordActivity } from "../activity";
import type { ServiceContext } from "../service-context";
import type { LedgerBusiness } from "../transactions/queries";
import { type AfterCommit, inTransaction } from "../unit-of-work";
import { scheduleBudgetCheck } from "./schedule";

type TBudgetRow = typeof budgets.$inferSelect;

function parseBudgetAmount(amount: string, currency: string): bigint {
  const minor = inField("amount", () => parseMoney(amount, currency));
  if (minor <= 0n) throw badField("amount", "The budget must be more than zero");
  return minor;
}

export type BudgetStatus = "on_track" | "warning" | "over";

/**
 * Budgets overlapping a month, with what was actually spent (or earned, for income categories) in each
 * budget's own period, from the daily totals.
 */
export async function listBudgets(
  db: DbOrTx,
  business: LedgerBusiness,
  month: string | null | undefined,
  now: Date,
) {
  const first = month ? `${month}-01` : `${localDateOf(now, business.timezone).slice(0, 7)}-01`;
  const last = endOfMonth(first);
  const actual = sql<bigint>`coalesce((
    select sum(${ledgerDailyTotals.amountMinor}) from ${ledgerDailyTotals}
    where ${ledgerDailyTotals.businessId} = "budgets"."business_id"
      and ${ledgerDailyTotals.categoryId} = "budgets"."category_id"
      and ${ledgerDailyTotals.type}::text = "categories"."kind"::text
      and ${ledgerDailyTotals.day} between "budgets"."period_start" and "budgets"."period_end"
  ), 0)::bigint`;
  const rows = await db
    .select({
      id: budgets.id,
      categoryId: budgets.categoryId,
      categoryName: categories.name,
      categorySystemKey: categories.systemKey,
      categoryColor: categories.color,
      kind: categories.kind,
      period: budgets.period,
      periodStart: budgets.periodStart,
      periodEnd: budgets.periodEnd,
      amountMinor: budgets.amountMinor,
      currency: budgets.currency,
      actualMinor: actual,
      alerted80At: budgets.alerted80At,
      alerted100At: budgets.alerted100At,
    })
    .from(budgets)
    .innerJoin(categories, eq(categories.id, budgets.categoryId))
    .where(
      and(eq(budgets.businessId, business.id), lte(budgets.periodStart, last), gte(budgets.periodEnd, first)),
    )
    .orderBy(asc(categories.kind), asc(sql`lower(${categories.name})`));
  const items = rows.map((row) => {
    const progressBps = row.amountMinor > 0n ? Number((row.actualMinor * 10_000n) / row.amountMinor) : 0;
    const status: BudgetStatus =
      progressBps >= 10_000 ? "over" : progressBps >= 8_000 ? "warning" : "on_track";
    return { ...row, remainingMinor: row.amountMinor - row.actualMinor, progressBps, status };
  });
  const expense = items.filter((item) => item.kind === "expense");
  return {
    month: first.slice(0, 7),
    from: first,
    to: last,
    items,
    totals: {
      plannedMinor: expense.reduce((sum, item) => sum + item.amountMinor, 0n),
      actualMinor: expense.reduce((sum, item) => sum + item.actualMinor, 0n),
    },
  };
}

async function activeCategory(tx: DbOrTx, businessId: string, categoryId: string) {
  const [category] = await tx
    .select()
    .from(categories)
    .where(and(eq(categories.businessId, businessId), eq(categories.id, categoryId)));
  if (!category)
    throw new AppError("NOT_FOUND", "Category not found", {
      fieldErrors: { categoryId: ["Category not found"] },
    });
  if (category.archivedAt) {
    throw new AppError("BAD_REQUEST", `"${category.name}" is archived; choose another category`, {
      fieldErrors: { categoryId: [`"${category.name}" is archived`] },
    });
  }
  return category;
}

const BUDGET_FIELDS = [
  "categoryId",
  "period",
  "periodStart",
  "periodEnd",
  "amountMinor",
  "currency",
] as const;

async function insertBudget(
  tx: DbOrTx,
  ctx: ServiceContext,
  businessId: string,
  values: Omit<typeof budgets.$inferInsert, "businessId">,
  afterCommit: AfterCommit,
): Promise<TBudgetRow> {
  const [row] = await tx
    .insert(budgets)
    .values({ ...values, businessId, createdByUserId: ctx.actor.userId })
    .returning();
  if (!row) throw new Error("budget insert returned nothing");
  await recordActivity(tx, ctx.actor, {
    action: "budget.created",
    entityType: "budget",
    entityId: row.id,
    changes: diffChanges(null, row, BUDGET_FIELDS),
  });
  scheduleBudgetCheck(afterCommit, businessId);
  return row;
}

/** A monthly budget (optionally repeated for the following months) or one for a custom period. */
export async function createBudget(
  ctx: ServiceContext,
  business: LedgerBusiness,
  input: z.output<typeof ZCreateBudgetSchema>,
) {
  const amountMinor = parseBudgetAmount(input.amount, business.baseCurrency);
  return inTransaction(ctx, async (tx, afterCommit) => {
    await activeCategory(tx, business.id, input.categoryId);
    const created: TBudgetRow[] = [];
    if (input.period === "custom") {
      if (!input.periodStart || !input.periodEnd) throw new AppError("BAD_REQUEST", "Choose the period");
      created.push(
        await insertBudget(
          tx,
          ctx,
          business.id,
          {
            categoryId: input.categoryId,
            period: "custom",
            periodStart: input.periodStart,
            periodEnd: input.periodEnd,
            amountMinor,
            currency: business.baseCurrency,
          },
          afterCommit,
        ),
      );
    } else {
      const first = `${input.month}-01`;
      for (let offset = 0; offset < input.repeatMonths; offset += 1) {
        const start = addMonths(first, offset);
        created.push(
          await insertBudget(
            tx,
            ctx,
            business.id,
            {
              categoryId: input.categoryId,
              period: "month",
              periodStart: start,
              periodEnd: endOfMonth(start),
              amountMinor,
              currency: business.baseCurrency,
            },
            afterCommit,
          ),
        );
      }
    }
    return created;
  });
}

async function lockBudget(tx: DbOrTx, businessId: string, budgetId: string): Promise<TBudgetRow> {
  const [row] = await tx
    .select()
    .from(budgets)
    .where(and(eq(budgets.businessId, businessId), eq(budgets.id, budgetId)))
    .for("update");
  if (!row) throw new AppError("NOT_FOUND", "Budget not found");
  return row;
}

/** A new amount is a new plan: the 80 % and 100 % alerts may fire again. */
export async function updateBudget(
  ctx: ServiceContext,
  business: LedgerBusiness,
  budgetId: string,
  amount: string,
) {
  const amountMinor = parseBudgetAmount(amount, business.baseCurrency);
  return inTransaction(ctx, async (tx, afterCommit) => {
    const before = await lockBudget(tx, business.id, budgetId);
    if (before.amountMinor === amountMinor) return before;
    const [after] = await tx
      .update(budgets)
      .set({ amountMinor, alerted80At: null, alerted100At: null })
      .where(eq(budgets.id, before.id))
      .returning();
    await recordActivity(tx, ctx.actor, {
      action: "budget.updated",
      entityType: "budget",
      entityId: before.id,
      changes: diffChanges<TBudgetRow>(before, { amountMinor }, BUDGET_FIELDS),
    });
    scheduleBudgetCheck(afterCommit, business.id);
    return after ?? before;
  });
}

export async function deleteBudget(ctx: ServiceContext, businessId: string, budgetId: string) {
  await inTransaction(ctx, async (tx) => {
    const before = await lockBudget(tx, businessId, budgetId);
    await tx.delete(budgets).where(eq(budgets.id, before.id));
    await recordActivity(tx, ctx.actor, {
      action: "budget.deleted",
      entityType: "budget",
      entityId: before.id,
      changes: diffChanges<Record<string, unknown>>(
        before,
        { categoryId: null, periodStart: null, periodEnd: null, amountMinor: null },
        BUDGET_FIELDS,
      ),
    });
  });
  return { ok: true as const };
}

/** Copies one month's monthly budgets into another, leaving categories that already have one there alone. */
export async function copyBudgets(
  ctx: ServiceContext,
  business: LedgerBusiness,
  fromMonth: string,
  toMonth: string,
) {
  if (fromMonth === toMonth) {
    throw new AppError("BAD_REQUEST", "Choose a different month to copy into", {
      fieldErrors: { toMonth: ["Choose a different month"] },
    });
  }
  const targetStart = `${toMonth}-01`;
  return inTransaction(ctx, async (tx, afterCommit) => {
    const source = await tx
      .select()
      .from(budgets)
      .innerJoin(categories, eq(categories.id, budgets.categoryId))
      .where(
        and(
          eq(budgets.businessId, business.id),
          eq(budgets.period, "month"),
          eq(budgets.periodStart, `${fromMonth}-01`),
        ),
      );
    let copied = 0;
    for (const { budgets: budget, categories: category } of source) {
      if (category.archivedAt) continue;
      const inserted = await tx
        .insert(budgets)
        .values({
          businessId: business.id,
          categoryId: budget.categoryId,
          period: "month",
          periodStart: targetStart,
          periodEnd: endOfMonth(targetStart),
          amountMinor: budget.amountMinor,
          currency: budget.currency,
          createdByUserId: ctx.actor.userId,
        })
        .onConflictDoNothing()
        .returning({ id: budgets.id });
      const row = inserted[0];
      if (!row) continue;
      copied += 1;
      await recordActivity(tx, ctx.actor, {
        action: "budget.created",
        entityType: "budget",
        entityId: row.id,
        metadata: { copiedFrom: budget.id },
      });
    }
    if (copied > 0) scheduleBudgetCheck(afterCommit, business.id);
    return { copied, skipped: source.length - copied };
  });
}
