import { categories, categoryRules, customers, type DbOrTx, suppliers } from "@kavi/db";
import {
  counterpartyNameFromDescription,
  findMatchingRule,
  inField,
  type PaymentMethod,
  parseMoney,
  type TCategoryRuleMatcher,
  type TRuleSubject,
  toMajorString,
  type ZCreateCategoryRuleSchema,
  type ZUpdateCategoryRuleSchema,
} from "@kavi/domain";
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { z } from "zod";
import { AppError } from "../../errors";
import { diffChanges, recordActivity } from "../activity";
import type { ServiceContext } from "../service-context";
import { inTransaction } from "../unit-of-work";

export type TCategoryRuleRow = typeof categoryRules.$inferSelect;

/** The business's enabled rules whose category is still in use, as the matcher wants them. */
export async function loadActiveRules(db: DbOrTx, businessId: string): Promise<TCategoryRuleMatcher[]> {
  const rows = await db
    .select({ rule: categoryRules, categoryKind: categories.kind })
    .from(categoryRules)
    .innerJoin(categories, eq(categories.id, categoryRules.categoryId))
    .where(
      and(
        eq(categoryRules.businessId, businessId),
        eq(categoryRules.enabled, true),
        isNull(categories.archivedAt),
      ),
    );
  return rows.map(({ rule, categoryKind }) => ({ ...rule, categoryKind }));
}

export interface TRuleCandidate {
  type: "income" | "expense" | "transfer";
  description: string | null;
  baseAmountMinor: bigint;
  paymentMethod: PaymentMethod;
  customerId?: string | null;
  supplierId?: string | null;
}

/** Names of the linked customers and suppliers, for rules on the counterparty. */
async function counterpartyNames(
  db: DbOrTx,
  businessId: string,
  candidates: readonly TRuleCandidate[],
): Promise<Map<string, string>> {
  const customerIds = [...new Set(candidates.flatMap((row) => (row.customerId ? [row.customerId] : [])))];
  const supplierIds = [...new Set(candidates.flatMap((row) => (row.supplierId ? [row.supplierId] : [])))];
  const names = new Map<string, string>();
  if (customerIds.length > 0) {
    const rows = await db
      .select({ id: customers.id, name: customers.name })
      .from(customers)
      .where(and(eq(customers.businessId, businessId), inArray(customers.id, customerIds)));
    for (const row of rows) names.set(row.id, row.name);
  }
  if (supplierIds.length > 0) {
    const rows = await db
      .select({ id: suppliers.id, name: suppliers.name })
      .from(suppliers)
      .where(and(eq(suppliers.businessId, businessId), inArray(suppliers.id, supplierIds)));
    for (const row of rows) names.set(row.id, row.name);
  }
  return names;
}

export function ruleSubject(candidate: TRuleCandidate, linkedName: string | null): TRuleSubject {
  return {
    type: candidate.type,
    description: candidate.description,
    counterparty: linkedName ?? counterpartyNameFromDescription(candidate.description),
    amountMinor: candidate.baseAmountMinor,
    paymentMethod: candidate.paymentMethod,
  };
}

/**
 * Applies the business's rules to transactions about to be booked without a category (one booking, or a whole
 * import): the matching rule per row (or null). Count what was booked with `countRuleMatches`.
 */
export async function matchRules(
  tx: DbOrTx,
  businessId: string,
  candidates: readonly TRuleCandidate[],
  preloaded?: TCategoryRuleMatcher[],
): Promise<(TCategoryRuleMatcher | null)[]> {
  const open = candidates.filter((row) => row.type !== "transfer");
  if (open.length === 0) return candidates.map(() => null);
  const rules = preloaded ?? (await loadActiveRules(tx, businessId));
  if (rules.length === 0) return candidates.map(() => null);
  const names = rules.some((rule) => rule.field !== "description" && rule.text)
    ? await counterpartyNames(tx, businessId, open)
    : new Map<string, string>();
  return candidates.map((candidate) => {
    if (candidate.type === "transfer") return null;
    const linked =
      (candidate.customerId && names.get(candidate.customerId)) ||
      (candidate.supplierId && names.get(candidate.supplierId)) ||
      null;
    return findMatchingRule(rules, ruleSubject(candidate, linked));
  });
}

/** Bumps each rule's match count by the rows it categorised (ids may repeat), in the booking's transaction. */
export async function countRuleMatches(tx: DbOrTx, ruleIds: readonly (string | null)[]): Promise<void> {
  const used = new Map<string, number>();
  for (const ruleId of ruleIds) if (ruleId) used.set(ruleId, (used.get(ruleId) ?? 0) + 1);
  for (const [ruleId, count] of used) {
    await tx
      .update(categoryRules)
      .set({ matchCount: sql`${categoryRules.matchCount} + ${count}`, lastMatchedAt: sql`now()` })
      .where(eq(categoryRules.id, ruleId));
  }
}

function parseRuleAmount(value: string | null | undefined, currency: string, field: string): bigint | null {
  if (!value) return null;
  return inField(field, () => parseMoney(value, currency));
}

type TRuleInput = z.output<typeof ZCreateCategoryRuleSchema>;

async function ruleValues(tx: DbOrTx, business: { id: string; baseCurrency: string }, input: TRuleInput) {
  const [category] = await tx
    .select({ id: categories.id, name: categories.name, archivedAt: categories.archivedAt })
    .from(categories)
    .where(and(eq(categories.businessId, business.id), eq(categories.id, input.categoryId)));
  if (!category) {
    throw new AppError("NOT_FOUND", "Category not found", {
      fieldErrors: { categoryId: ["Category not found"] },
    });
  }
  if (category.archivedAt) {
    const message = `"${category.name}" is archived; choose another category`;
    throw new AppError("BAD_REQUEST", message, { fieldErrors: { categoryId: [message] } });
  }
  const minAmountMinor = parseRuleAmount(input.minAmount, business.baseCurrency, "minAmount");
  const maxAmountMinor = parseRuleAmount(input.maxAmount, business.baseCurrency, "maxAmount");
  if (minAmountMinor !== null && maxAmountMinor !== null && minAmountMinor > maxAmountMinor) {
    const message = "The smallest amount is more than the largest";
    throw new AppError("BAD_REQUEST", message, { fieldErrors: { maxAmount: [message] } });
  }
  return {
    categoryId: category.id,
    field: input.field,
    operator: input.operator,
    text: input.text,
    minAmountMinor,
    maxAmountMinor,
    paymentMethod: input.paymentMethod ?? null,
    priority: input.priority,
    enabled: input.enabled,
  };
}

const RULE_AUDIT_FIELDS = [
  "categoryId",
  "field",
  "operator",
  "text",
  "minAmountMinor",
  "maxAmountMinor",
  "paymentMethod",
  "priority",
  "enabled",
] as const satisfies readonly (keyof TCategoryRuleRow)[];

export function presentRule(
  row: TCategoryRuleRow & { categoryName: string; categorySystemKey: string | null; categoryKind: string },
  currency: string,
) {
  return {
    id: row.id,
    categoryId: row.categoryId,
    categoryName: row.categoryName,
    categorySystemKey: row.categorySystemKey,
    categoryKind: row.categoryKind,
    field: row.field,
    operator: row.operator,
    text: row.text,
    minAmount: row.minAmountMinor === null ? null : toMajorString(row.minAmountMinor, currency),
    maxAmount: row.maxAmountMinor === null ? null : toMajorString(row.maxAmountMinor, currency),
    minAmountMinor: row.minAmountMinor,
    maxAmountMinor: row.maxAmountMinor,
    paymentMethod: row.paymentMethod,
    priority: row.priority,
    enabled: row.enabled,
    matchCount: row.matchCount,
    lastMatchedAt: row.lastMatchedAt,
    createdAt: row.createdAt,
  };
}

export async function listRules(db: DbOrTx, business: { id: string; baseCurrency: string }, ruleId?: string) {
  const rows = await db
    .select({
      rule: categoryRules,
      categoryName: categories.name,
      categorySystemKey: categories.systemKey,
      categoryKind: categories.kind,
    })
    .from(categoryRules)
    .innerJoin(categories, eq(categories.id, categoryRules.categoryId))
    .where(
      ruleId
        ? and(eq(categoryRules.businessId, business.id), eq(categoryRules.id, ruleId))
        : eq(categoryRules.businessId, business.id),
    )
    .orderBy(asc(categoryRules.priority), asc(categoryRules.createdAt));
  return rows.map(({ rule, categoryName, categorySystemKey, categoryKind }) =>
    presentRule({ ...rule, categoryName, categorySystemKey, categoryKind }, business.baseCurrency),
  );
}

async function getRule(db: DbOrTx, business: { id: string; baseCurrency: string }, ruleId: string) {
  const [rule] = await listRules(db, business, ruleId);
  if (!rule) throw new AppError("NOT_FOUND", "Rule not found");
  return rule;
}

/** Creates a rule inside the caller's transaction (the review queue's "make this a rule" uses it too). */
export async function createRuleInTx(
  tx: DbOrTx,
  ctx: Pick<ServiceContext, "actor">,
  business: { id: string; baseCurrency: string },
  input: TRuleInput,
): Promise<TCategoryRuleRow> {
  const values = await ruleValues(tx, business, input);
  const [created] = await tx
    .insert(categoryRules)
    .values({ ...values, businessId: business.id, createdByUserId: ctx.actor.userId })
    .returning();
  if (!created) throw new Error("rule insert returned nothing");
  await recordActivity(tx, ctx.actor, {
    action: "category_rule.created",
    entityType: "category_rule",
    entityId: created.id,
    businessId: business.id,
    changes: diffChanges(null, created, RULE_AUDIT_FIELDS),
  });
  return created;
}

export async function createRule(
  ctx: ServiceContext,
  business: { id: string; baseCurrency: string },
  input: TRuleInput,
) {
  const created = await inTransaction(ctx, (tx) => createRuleInTx(tx, ctx, business, input));
  return getRule(ctx.db, business, created.id);
}

async function lockRule(tx: DbOrTx, businessId: string, ruleId: string): Promise<TCategoryRuleRow> {
  const [row] = await tx
    .select()
    .from(categoryRules)
    .where(and(eq(categoryRules.businessId, businessId), eq(categoryRules.id, ruleId)))
    .for("update");
  if (!row) throw new AppError("NOT_FOUND", "Rule not found");
  return row;
}

export async function updateRule(
  ctx: ServiceContext,
  business: { id: string; baseCurrency: string },
  input: z.output<typeof ZUpdateCategoryRuleSchema>,
) {
  await inTransaction(ctx, async (tx) => {
    const before = await lockRule(tx, business.id, input.ruleId);
    const values = await ruleValues(tx, business, input);
    const [after] = await tx
      .update(categoryRules)
      .set(values)
      .where(eq(categoryRules.id, before.id))
      .returning();
    const changes = after ? diffChanges(before, after, RULE_AUDIT_FIELDS) : null;
    if (changes) {
      await recordActivity(tx, ctx.actor, {
        action: "category_rule.updated",
        entityType: "category_rule",
        entityId: before.id,
        changes,
      });
    }
  });
  return getRule(ctx.db, business, input.ruleId);
}

export async function deleteRule(ctx: ServiceContext, businessId: string, ruleId: string) {
  return inTransaction(ctx, async (tx) => {
    const before = await lockRule(tx, businessId, ruleId);
    await tx.delete(categoryRules).where(eq(categoryRules.id, before.id));
    await recordActivity(tx, ctx.actor, {
      action: "category_rule.deleted",
      entityType: "category_rule",
      entityId: before.id,
      changes: diffChanges(
        before,
        Object.fromEntries(RULE_AUDIT_FIELDS.map((field) => [field, null])),
        RULE_AUDIT_FIELDS,
      ),
    });
    return { deleted: true };
  });
}
