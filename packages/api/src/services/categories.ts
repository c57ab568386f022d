import { budgets, categories, type DbOrTx, transactions } from "@kavi/db";
import {
  type CategoryKind,
  DEFAULT_CATEGORIES,
  type SystemCategoryKey,
  type ZCreateCategorySchema,
  type ZListCategoriesSchema,
  type ZUpdateCategorySchema,
} from "@kavi/domain";
import { and, asc, count, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import type { z } from "zod";
import { AppError } from "../errors";
import { type Actor, diffChanges, recordActivity } from "./activity";
import type { ServiceContext } from "./service-context";
import { inTransaction } from "./unit-of-work";

export type TCategoryRow = typeof categories.$inferSelect;

/** Creates any default category the business lacks (by system key). Safe to run again: the seed backfills. */
export async function ensureDefaultCategories(tx: DbOrTx, businessId: string): Promise<number> {
  const inserted = await tx
    .insert(categories)
    .values(
      DEFAULT_CATEGORIES.map((category) => ({
        businessId,
        kind: category.kind,
        name: category.name,
        systemKey: category.systemKey,
        color: category.color,
        isDefault: true,
      })),
    )
    .onConflictDoNothing()
    .returning({ id: categories.id });
  return inserted.length;
}

/**
 * The business's active category for a default key ("mpesa_charges"), following merges: when the user merged
 * "M-Pesa and bank charges" into "Bank fees", charges land in "Bank fees". Null when it was archived.
 */
export async function findCategoryBySystemKey(
  tx: DbOrTx,
  businessId: string,
  key: SystemCategoryKey,
): Promise<TCategoryRow | null> {
  const [start] = await tx
    .select()
    .from(categories)
    .where(and(eq(categories.businessId, businessId), eq(categories.systemKey, key)))
    .limit(1);
  let current = start;
  for (let hops = 0; current && hops < 10; hops += 1) {
    if (!current.archivedAt) return current;
    if (!current.mergedIntoCategoryId) return null;
    const [next] = await tx
      .select()
      .from(categories)
      .where(and(eq(categories.businessId, businessId), eq(categories.id, current.mergedIntoCategoryId)))
      .limit(1);
    current = next;
  }
  return null;
}

export async function getCategory(db: DbOrTx, businessId: string, categoryId: string): Promise<TCategoryRow> {
  const [row] = await db
    .select()
    .from(categories)
    .where(and(eq(categories.businessId, businessId), eq(categories.id, categoryId)))
    .limit(1);
  if (!row)
    throw new AppError("NOT_FOUND", "Category not found", {
      fieldErrors: { categoryId: ["Category not found"] },
    });
  return row;
}

/** Categories with how many transactions use each, income first, then by name. */
export async function listCategories(
  db: DbOrTx,
  businessId: string,
  filter: z.output<typeof ZListCategoriesSchema>,
) {
  const usage = db
    .select({ categoryId: transactions.categoryId, uses: count().as("uses") })
    .from(transactions)
    .where(eq(transactions.businessId, businessId))
    .groupBy(transactions.categoryId)
    .as("usage");
  const rows = await db
    .select({
      id: categories.id,
      kind: categories.kind,
      name: categories.name,
      color: categories.color,
      systemKey: categories.systemKey,
      isDefault: categories.isDefault,
      archivedAt: categories.archivedAt,
      mergedIntoCategoryId: categories.mergedIntoCategoryId,
      transactionCount: sql<number>`coalesce(${usage.uses}, 0)::int`,
    })
    .from(categories)
    .leftJoin(usage, eq(usage.categoryId, categories.id))
    .where(
      and(
        eq(categories.businessId, businessId),
        filter.kind ? eq(categories.kind, filter.kind) : undefined,
        filter.includeArchived ? undefined : isNull(categories.archivedAt),
      ),
    )
    .orderBy(asc(categories.kind), asc(sql`lower(${categories.name})`));
  return rows;
}

const CATEGORY_FIELDS = ["kind", "name", "color", "archivedAt"] as const;

export async function createCategory(
  ctx: ServiceContext,
  businessId: string,
  input: z.output<typeof ZCreateCategorySchema>,
) {
  return inTransaction(ctx, async (tx) => {
    const [row] = await tx
      .insert(categories)
      .values({ businessId, kind: input.kind, name: input.name, color: input.color ?? null })
      .returning();
    if (!row) throw new Error("category insert returned nothing");
    await recordActivity(tx, ctx.actor, {
      action: "category.created",
      entityType: "category",
      entityId: row.id,
      changes: diffChanges(null, row, CATEGORY_FIELDS),
    });
    return row;
  });
}

async function lockCategory(tx: DbOrTx, businessId: string, categoryId: string, field = "categoryId") {
  const [row] = await tx
    .select()
    .from(categories)
    .where(and(eq(categories.businessId, businessId), eq(categories.id, categoryId)))
    .for("update");
  if (!row)
    throw new AppError("NOT_FOUND", "Category not found", {
      fieldErrors: { [field]: ["Category not found"] },
    });
  return row;
}

export async function updateCategory(
  ctx: ServiceContext,
  businessId: string,
  input: z.output<typeof ZUpdateCategorySchema>,
) {
  return inTransaction(ctx, async (tx) => {
    const before = await lockCategory(tx, businessId, input.categoryId);
    const patch: Partial<TCategoryRow> = {};
    if (input.name !== undefined) patch.name = input.name;
    if (input.color !== undefined) patch.color = input.color;
    const changes = diffChanges(before, patch, CATEGORY_FIELDS);
    if (!changes) return before;
    const [after] = await tx.update(categories).set(patch).where(eq(categories.id, before.id)).returning();
    await recordActivity(tx, ctx.actor, {
      action: "category.updated",
      entityType: "category",
      entityId: before.id,
      changes,
    });
    return after ?? before;
  });
}

/** Archived categories disappear from pickers; their transactions keep them. */
export async function setCategoryArchived(
  ctx: ServiceContext,
  businessId: string,
  categoryId: string,
  archived: boolean,
) {
  return inTransaction(ctx, async (tx) => {
    const before = await lockCategory(tx, businessId, categoryId);
    if (Boolean(before.archivedAt) === archived) return before;
    if (!archived && before.mergedIntoCategoryId) {
      throw new AppError("PRECONDITION_FAILED", "This category was merged into another and cannot come back");
    }
    const archivedAt = archived ? ctx.now() : null;
    const [after] = await tx
      .update(categories)
      .set({ archivedAt })
      .where(eq(categories.id, before.id))
      .returning();
    await recordActivity(tx, ctx.actor, {
      action: archived ? "category.archived" : "category.restored",
      entityType: "category",
      entityId: before.id,
      changes: diffChanges<TCategoryRow>(before, { archivedAt }, CATEGORY_FIELDS),
    });
    return after ?? before;
  });
}

/**
 * Moves every transaction and budget from the source category to the target, then archives the source
 * (remembering where it went, so lookups by its system key follow). Budgets that would collide with one the
 * target already has for the same period are added into it. One transaction, one activity row.
 */
export async function mergeCategories(
  ctx: ServiceContext,
  businessId: string,
  sourceCategoryId: string,
  targetCategoryId: string,
  actor: Actor = ctx.actor,
) {
  if (sourceCategoryId === targetCategoryId) {
    throw new AppError("BAD_REQUEST", "Choose two different categories", {
      fieldErrors: { targetCategoryId: ["Choose a different category to merge into"] },
    });
  }
  return inTransaction(ctx, async (tx) => {
    // Lock both in a fixed order so two merges of the same pair cannot deadlock.
    const [firstId, secondId] = [sourceCategoryId, targetCategoryId].sort() as [string, string];
    const first = await lockCategory(
      tx,
      businessId,
      firstId,
      firstId === sourceCategoryId ? "sourceCategoryId" : "targetCategoryId",
    );
    const second = await lockCategory(
      tx,
      businessId,
      secondId,
      secondId === sourceCategoryId ? "sourceCategoryId" : "targetCategoryId",
    );
    const source = first.id === sourceCategoryId ? first : second;
    const target = first.id === targetCategoryId ? first : second;
    if (source.kind !== target.kind) {
      throw new AppError(
        "BAD_REQUEST",
        "An income category can only be merged into another income category",
        {
          fieldErrors: { targetCategoryId: [`Choose another ${source.kind} category`] },
        },
      );
    }
    if (source.archivedAt) {
      throw new AppError("PRECONDITION_FAILED", "This category is already archived", {
        fieldErrors: { sourceCategoryId: ["This category is already archived"] },
      });
    }
    if (target.archivedAt) {
      throw new AppError("PRECONDITION_FAILED", "You cannot merge into an archived category", {
        fieldErrors: { targetCategoryId: ["This category is archived"] },
      });
    }
    const moved = await tx
      .update(transactions)
      .set({ categoryId: target.id })
      .where(and(eq(transactions.businessId, businessId), eq(transactions.categoryId, source.id)))
      .returning({ id: transactions.id });

    const sourceBudgets = await tx
      .select()
      .from(budgets)
      .where(and(eq(budgets.businessId, businessId), eq(budgets.categoryId, source.id)))
      .for("update");
    let budgetsMoved = 0;
    let budgetsCombined = 0;
    for (const budget of sourceBudgets) {
      const [clash] = await tx
        .select()
        .from(budgets)
        .where(
          and(
            eq(budgets.businessId, businessId),
            eq(budgets.categoryId, target.id),
            eq(budgets.periodStart, budget.periodStart),
            eq(budgets.periodEnd, budget.periodEnd),
          ),
        )
        .for("update");
      if (clash) {
        await tx
          .update(budgets)
          .set({ amountMinor: clash.amountMinor + budget.amountMinor, alerted80At: null, alerted100At: null })
          .where(eq(budgets.id, clash.id));
        await tx.delete(budgets).where(eq(budgets.id, budget.id));
        budgetsCombined += 1;
      } else {
        await tx.update(budgets).set({ categoryId: target.id }).where(eq(budgets.id, budget.id));
        budgetsMoved += 1;
      }
    }
    await tx
      .update(categories)
      .set({ archivedAt: ctx.now(), mergedIntoCategoryId: target.id })
      .where(eq(categories.id, source.id));
    // Categories merged into the source earlier now lead to the target directly.
    await tx
      .update(categories)
      .set({ mergedIntoCategoryId: target.id })
      .where(
        and(
          eq(categories.businessId, businessId),
          eq(categories.mergedIntoCategoryId, source.id),
          ne(categories.id, source.id),
        ),
      );
    await recordActivity(tx, actor, {
      action: "category.merged",
      entityType: "category",
      entityId: source.id,
      changes: { mergedIntoCategoryId: { before: null, after: target.id } },
      metadata: {
        sourceName: source.name,
        targetId: target.id,
        targetName: target.name,
        transactionsMoved: moved.length,
        budgetsMoved,
        budgetsCombined,
      },
    });
    return { target, transactionsMoved: moved.length, budgetsMoved, budgetsCombined };
  });
}

/** Checks that categories exist in the business (archived ones too: filters may name them). */
export async function assertCategoriesExist(
  db: DbOrTx,
  businessId: string,
  ids: readonly string[],
): Promise<void> {
  if (ids.length === 0) return;
  const unique = [...new Set(ids)];
  const found = await db
    .select({ id: categories.id })
    .from(categories)
    .where(and(eq(categories.businessId, businessId), inArray(categories.id, unique)));
  if (found.length !== unique.length) throw new AppError("NOT_FOUND", "Category not found");
}

export function assertCategoryKind(
  category: Pick<TCategoryRow, "kind" | "name">,
  kind: CategoryKind | null,
  field = "categoryId",
) {
  if (kind === null) {
    throw new AppError("BAD_REQUEST", "Transfers do not take a category", {
      fieldErrors: { [field]: ["Transfers do not take a category"] },
    });
  }
  if (category.kind !== kind) {
    const message = `"${category.name}" is an ${category.kind} category; choose an ${kind} category`;
    throw new AppError("BAD_REQUEST", message, { fieldErrors: { [field]: [message] } });
  }
}

/** Active categories' names and kinds, without usage counts: what the assistant listens for in a question. */
export function categoryNames(db: DbOrTx, businessId: string) {
  return db
    .select({
      id: categories.id,
      name: categories.name,
      kind: categories.kind,
      systemKey: categories.systemKey,
    })
    .from(categories)
    .where(and(eq(categories.businessId, businessId), isNull(categories.archivedAt)))
    .orderBy(asc(categories.kind), asc(categories.name));
}
