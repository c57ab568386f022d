import {
  AiError,
  buildCategorisationPrompt,
  CATEGORISATION_SYSTEM_INSTRUCTION,
  ZCategorisationAnswerSchema,
} from "@kavi/ai";
import {
  activityLog,
  businesses,
  categories,
  categorisationRuns,
  categorySuggestions,
  customers,
  type DbOrTx,
  suppliers,
  transactions,
} from "@kavi/db";
import { type CategorySource, formatMoney, type PaymentMethod } from "@kavi/domain";
import {
  AUTO_APPLY_CONFIDENCE,
  CATEGORISER_VERSION,
  suggestCategory,
  type TCategoriseInput,
  type TCategoriserExample,
  type TCategorySuggestion,
  trainCategoriser,
} from "@kavi/insights";
import { and, count, desc, eq, inArray, isNotNull, isNull, ne, notInArray, or, sql } from "drizzle-orm";
import { scheduleBudgetCheck } from "../budgets/schedule";
import type { ServiceContext } from "../service-context";
import { inTransaction } from "../unit-of-work";
import { recordAiUsage, reserveAiRequest } from "./ai-usage";
import { uncategorisedCondition } from "./review";
import { countRuleMatches, loadActiveRules, matchRules } from "./rules";

/** Gemini's answer is applied without asking at this confidence; below it, it is a suggestion. */
export const AI_AUTO_APPLY_CONFIDENCE = 0.85;
/** Below this the learned model's guess is not worth showing: the row waits in the queue without one. */
export const SUGGESTION_FLOOR = 0.35;
/** Transactions per Gemini call. */
export const AI_BATCH_SIZE = 25;
/** Gemini looks at no more than this many rows per pass (the rest wait for the next pass or a person). */
export const AI_ROWS_PER_PASS = 200;
/** The learned model trains on at most this many of the most recent categorised rows. */
const HISTORY_LIMIT = 20_000;
const BATCH = 250;

interface PendingRow {
  id: string;
  type: "income" | "expense";
  description: string | null;
  paymentMethod: PaymentMethod;
  source: string;
  baseAmountMinor: bigint;
  customerId: string | null;
  supplierId: string | null;
  counterpartyName: string | null;
}

function inputOf(row: PendingRow): TCategoriseInput {
  return {
    type: row.type,
    description: row.description,
    counterpartyName: row.counterpartyName,
    counterpartyId: row.customerId ?? row.supplierId,
    paymentMethod: row.paymentMethod,
    source: row.source,
    amountMinor: row.baseAmountMinor,
  };
}

const pendingColumns = {
  id: transactions.id,
  type: transactions.type,
  description: transactions.description,
  paymentMethod: transactions.paymentMethod,
  source: transactions.source,
  baseAmountMinor: transactions.baseAmountMinor,
  customerId: transactions.customerId,
  supplierId: transactions.supplierId,
  customerName: customers.name,
  supplierName: suppliers.name,
};

async function loadPending(
  db: DbOrTx,
  businessId: string,
  afterIds: readonly string[] = [],
): Promise<PendingRow[]> {
  const rows = await db
    .select(pendingColumns)
    .from(transactions)
    .leftJoin(customers, eq(customers.id, transactions.customerId))
    .leftJoin(suppliers, eq(suppliers.id, transactions.supplierId))
    .where(
      afterIds.length > 0
        ? and(uncategorisedCondition(businessId), notInArray(transactions.id, [...afterIds]))
        : uncategorisedCondition(businessId),
    )
    .orderBy(desc(transactions.transactionDate), desc(transactions.id))
    .limit(50_000);
  return rows.flatMap((row) =>
    row.type === "transfer"
      ? []
      : [{ ...row, type: row.type, counterpartyName: row.customerName ?? row.supplierName ?? null }],
  );
}

/** The business's own decisions to learn from: categorised by people, rules, files and KAVI's defaults. */
async function loadHistory(db: DbOrTx, businessId: string): Promise<TCategoriserExample[]> {
  const rows = await db
    .select({ ...pendingColumns, categoryId: transactions.categoryId })
    .from(transactions)
    .innerJoin(categories, and(eq(categories.id, transactions.categoryId), isNull(categories.archivedAt)))
    .leftJoin(customers, eq(customers.id, transactions.customerId))
    .leftJoin(suppliers, eq(suppliers.id, transactions.supplierId))
    .where(
      and(
        eq(transactions.businessId, businessId),
        isNotNull(transactions.categoryId),
        ne(transactions.type, "transfer"),
        ne(transactions.status, "void"),
        // What a model applied is not evidence: learning from it would only repeat its own mistakes.
        or(isNull(transactions.categorySource), notInArray(transactions.categorySource, ["learned", "ai"])),
      ),
    )
    .orderBy(desc(transactions.transactionDate))
    .limit(HISTORY_LIMIT);
  return rows.flatMap((row) =>
    row.categoryId && row.type !== "transfer"
      ? [
          {
            ...inputOf({
              ...row,
              type: row.type,
              counterpartyName: row.customerName ?? row.supplierName ?? null,
            }),
            categoryId: row.categoryId,
          },
        ]
      : [],
  );
}

interface Applied {
  id: string;
  categoryId: string;
  source: CategorySource;
  confidence: number | null;
  ruleId?: string | null;
  reasons?: string[];
}

/**
 * Sets categories chosen by KAVI, only on rows still without one (a person's or a rule's choice made meanwhile
 * always wins), with an activity row each, in one transaction. Returns how many were set.
 */
async function applyCategories(
  ctx: ServiceContext,
  businessId: string,
  runId: string,
  applied: readonly Applied[],
): Promise<number> {
  if (applied.length === 0) return 0;
  return inTransaction(ctx, async (tx, afterCommit) => {
    let changed = 0;
    const byCategory = new Map<string, Applied[]>();
    for (const row of applied) {
      const key = `${row.categoryId}|${row.source}|${row.confidence ?? ""}|${row.ruleId ?? ""}`;
      byCategory.set(key, [...(byCategory.get(key) ?? []), row]);
    }
    const setIds: string[] = [];
    for (const group of byCategory.values()) {
      const first = group[0];
      if (!first) continue;
      const updated = await tx
        .update(transactions)
        .set({
          categoryId: first.categoryId,
          categorySource: first.source,
          categoryConfidence: first.confidence,
          categoryRuleId: first.ruleId ?? null,
        })
        .where(
          and(
            eq(transactions.businessId, businessId),
            inArray(
              transactions.id,
              group.map((row) => row.id),
            ),
            isNull(transactions.categoryId),
          ),
        )
        .returning({ id: transactions.id, categoryRuleId: transactions.categoryRuleId });
      changed += updated.length;
      setIds.push(...updated.map((row) => row.id));
      await countRuleMatches(
        tx,
        updated.map((row) => row.categoryRuleId),
      );
    }
    if (setIds.length === 0) return 0;
    await tx.delete(categorySuggestions).where(inArray(categorySuggestions.transactionId, setIds));
    const set = new Set(setIds);
    await tx.insert(activityLog).values(
      applied
        .filter((row) => set.has(row.id))
        .map((row) => ({
          businessId,
          actorUserId: null,
          action: "transaction.categorised",
          entityType: "transaction",
          entityId: row.id,
          changes: { categoryId: { before: null, after: row.categoryId } },
          metadata: {
            automatic: true,
            source: row.source,
            confidence: row.confidence,
            ruleId: row.ruleId ?? null,
            reasons: row.reasons ?? null,
            runId,
          },
        })),
    );
    scheduleBudgetCheck(afterCommit, businessId, ctx.now().getTime());
    return changed;
  });
}

async function saveSuggestions(
  db: DbOrTx,
  businessId: string,
  rows: readonly {
    id: string;
    suggestion: TCategorySuggestion;
    source: CategorySource;
    modelVersion: string;
  }[],
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insert(categorySuggestions)
    .values(
      rows.map((row) => ({
        transactionId: row.id,
        businessId,
        categoryId: row.suggestion.categoryId,
        source: row.source,
        confidence: row.suggestion.confidence,
        reasons: row.suggestion.reasons,
        modelVersion: row.modelVersion,
      })),
    )
    .onConflictDoUpdate({
      target: categorySuggestions.transactionId,
      set: {
        categoryId: sql`excluded.category_id`,
        source: sql`excluded.source`,
        confidence: sql`excluded.confidence`,
        reasons: sql`excluded.reasons`,
        modelVersion: sql`excluded.model_version`,
        createdAt: sql`now()`,
      },
    });
}

async function updateRun(db: DbOrTx, runId: string, values: Partial<typeof categorisationRuns.$inferInsert>) {
  await db.update(categorisationRuns).set(values).where(eq(categorisationRuns.id, runId));
}

export interface CategorisationSummary {
  runId: string;
  total: number;
  ruleApplied: number;
  learnedApplied: number;
  aiApplied: number;
  suggested: number;
  aiNote: string | null;
}

/**
 * One categorisation pass over a business's uncategorised transactions:
 * 1. the business's rules (a rule written after the rows arrived still applies);
 * 2. the learned model, trained now from the business's own categorised history: what it is sure of is applied
 *    ("auto · learned"), the rest gets a suggestion in the Review queue;
 * 3. Gemini, when configured and within the day's allowance, for what the model was unsure of, in batches with
 *    the business's category list; its answer is checked (known rows, known categories of the right kind) and
 *    applied when sure, otherwise it replaces a weaker suggestion.
 * Never overrides a category a person or a rule set; progress is written to the run row as it goes.
 */
export async function runCategorisation(
  ctx: ServiceContext,
  businessId: string,
  requestedRunId: string | null = null,
): Promise<CategorisationSummary | null> {
  const [business] = await ctx.db
    .select({
      id: businesses.id,
      name: sql<string>`coalesce(${businesses.tradingName}, ${businesses.legalName})`,
      baseCurrency: businesses.baseCurrency,
      timezone: businesses.timezone,
    })
    .from(businesses)
    .where(eq(businesses.id, businessId));
  if (!business) return null;
  const startedAt = ctx.now();
  let runId: string;
  if (requestedRunId) {
    const [run] = await ctx.db
      .update(categorisationRuns)
      .set({ status: "running", startedAt, error: null })
      .where(and(eq(categorisationRuns.id, requestedRunId), eq(categorisationRuns.businessId, businessId)))
      .returning({ id: categorisationRuns.id });
    if (!run) return null;
    runId = run.id;
  } else {
    const [run] = await ctx.db
      .insert(categorisationRuns)
      .values({ businessId, scope: "new", status: "running", startedAt })
      .returning({ id: categorisationRuns.id });
    if (!run) throw new Error("run insert returned nothing");
    runId = run.id;
  }

  try {
    const summary = await categorise(ctx, business, runId);
    await updateRun(ctx.db, runId, {
      status: "completed",
      finishedAt: ctx.now(),
      processed: summary.total,
      aiNote: summary.aiNote,
    });
    ctx.logger.info({ businessId, ...summary }, "categorisation pass finished");
    return summary;
  } catch (error) {
    await updateRun(ctx.db, runId, {
      status: "failed",
      finishedAt: ctx.now(),
      error: error instanceof Error ? error.message.slice(0, 500) : "failed",
    });
    throw error;
  }
}

async function categorise(
  ctx: ServiceContext,
  business: { id: string; name: string; baseCurrency: string; timezone: string },
  runId: string,
): Promise<CategorisationSummary> {
  const businessId = business.id;
  const [counted] = await ctx.db
    .select({ value: count() })
    .from(transactions)
    .where(uncategorisedCondition(businessId));
  const total = counted?.value ?? 0;
  const summary: CategorisationSummary = {
    runId,
    total,
    ruleApplied: 0,
    learnedApplied: 0,
    aiApplied: 0,
    suggested: 0,
    aiNote: null,
  };
  await updateRun(ctx.db, runId, { total });
  if (total === 0) return summary;

  const pending = await loadPending(ctx.db, businessId);
  const activeCategories = await ctx.db
    .select({ id: categories.id, name: categories.name, kind: categories.kind })
    .from(categories)
    .where(and(eq(categories.businessId, businessId), isNull(categories.archivedAt)));
  const allowed = new Set(activeCategories.map((category) => category.id));

  // 1. Rules.
  const rules = await loadActiveRules(ctx.db, businessId);
  const ruled = await matchRules(
    ctx.db,
    businessId,
    pending.map((row) => ({ ...row })),
    rules,
  );
  const byRule: Applied[] = [];
  const remaining: PendingRow[] = [];
  pending.forEach((row, index) => {
    const rule = ruled[index];
    if (rule)
      byRule.push({
        id: row.id,
        categoryId: rule.categoryId,
        source: "rule",
        confidence: null,
        ruleId: rule.id,
      });
    else remaining.push(row);
  });
  summary.ruleApplied = await applyCategories(ctx, businessId, runId, byRule);
  let processed = byRule.length;
  await updateRun(ctx.db, runId, { ruleApplied: summary.ruleApplied, processed });

  // 2. The learned model.
  const model = trainCategoriser(await loadHistory(ctx.db, businessId));
  const unsure: { row: PendingRow; suggestion: TCategorySuggestion | null }[] = [];
  for (let start = 0; start < remaining.length; start += BATCH) {
    const batch = remaining.slice(start, start + BATCH);
    const confident: Applied[] = [];
    const suggestions: {
      id: string;
      suggestion: TCategorySuggestion;
      source: CategorySource;
      modelVersion: string;
    }[] = [];
    for (const row of batch) {
      const suggestion = suggestCategory(model, inputOf(row), allowed);
      if (suggestion && suggestion.confidence >= AUTO_APPLY_CONFIDENCE) {
        confident.push({
          id: row.id,
          categoryId: suggestion.categoryId,
          source: "learned",
          confidence: suggestion.confidence,
          reasons: suggestion.reasons,
        });
      } else {
        unsure.push({ row, suggestion });
        if (suggestion && suggestion.confidence >= SUGGESTION_FLOOR) {
          suggestions.push({ id: row.id, suggestion, source: "learned", modelVersion: CATEGORISER_VERSION });
        }
      }
    }
    summary.learnedApplied += await applyCategories(ctx, businessId, runId, confident);
    await saveSuggestions(ctx.db, businessId, suggestions);
    summary.suggested += suggestions.length;
    processed += batch.length;
    await updateRun(ctx.db, runId, {
      learnedApplied: summary.learnedApplied,
      suggested: summary.suggested,
      processed: Math.min(processed, total),
    });
  }

  // 3. Gemini, for what the model was unsure of.
  const client = ctx.ai?.client ?? null;
  if (unsure.length === 0) return summary;
  if (!client) {
    summary.aiNote = "Gemini is not configured: unsure rows wait for review";
    return summary;
  }
  const refs = new Map(activeCategories.map((category, index) => [`c${index + 1}`, category]));
  const categoryList = [...refs].map(([ref, category]) => ({
    ref,
    name: category.name,
    kind: category.kind,
  }));
  const toAsk = unsure.slice(0, AI_ROWS_PER_PASS);
  for (let start = 0; start < toAsk.length; start += AI_BATCH_SIZE) {
    const batch = toAsk.slice(start, start + AI_BATCH_SIZE);
    const now = ctx.now();
    if (!(await reserveAiRequest(ctx.db, businessId, now, business.timezone, ctx.ai?.dailyRequestCap ?? 0))) {
      summary.aiNote = "Today's Gemini allowance for this business is used up: the rest wait for review";
      break;
    }
    const rowRefs = new Map(batch.map((entry, index) => [`t${index + 1}`, entry]));
    let answer: Awaited<ReturnType<typeof client.generateStructured<typeof ZCategorisationAnswerSchema>>>;
    try {
      answer = await client.generateStructured({
        schema: ZCategorisationAnswerSchema,
        system: CATEGORISATION_SYSTEM_INSTRUCTION,
        prompt: buildCategorisationPrompt({
          businessName: business.name,
          categories: categoryList,
          transactions: [...rowRefs].map(([ref, { row }]) => ({
            ref,
            type: row.type,
            description: (row.description ?? "").slice(0, 200),
            counterparty: row.counterpartyName,
            method: row.paymentMethod,
            amount: formatMoney(row.baseAmountMinor, business.baseCurrency),
          })),
        }),
      });
    } catch (error) {
      const failure = error instanceof AiError ? error : null;
      await recordAiUsage(ctx.db, businessId, now, business.timezone, failure?.usage ?? null, true);
      ctx.logger.warn({ err: error, businessId }, "Gemini categorisation failed; rows wait for review");
      summary.aiNote = `Gemini did not help this time (${failure?.kind ?? "error"}): unsure rows wait for review`;
      break;
    }
    await recordAiUsage(ctx.db, businessId, now, business.timezone, answer.usage, false);
    const applied: Applied[] = [];
    const suggestions: {
      id: string;
      suggestion: TCategorySuggestion;
      source: CategorySource;
      modelVersion: string;
    }[] = [];
    for (const item of answer.data.items) {
      const entry = rowRefs.get(item.ref);
      const category = refs.get(item.category);
      // Outside input: only rows we asked about, categories we listed, of the row's own kind.
      if (!entry || !category || category.kind !== entry.row.type) continue;
      rowRefs.delete(item.ref);
      const suggestion: TCategorySuggestion = {
        categoryId: category.id,
        confidence: Math.round(item.confidence * 1000) / 1000,
        reasons: [],
        alternatives: [],
      };
      if (item.confidence >= AI_AUTO_APPLY_CONFIDENCE) {
        applied.push({
          id: entry.row.id,
          categoryId: category.id,
          source: "ai",
          confidence: suggestion.confidence,
        });
      } else if (!entry.suggestion || entry.suggestion.confidence < suggestion.confidence) {
        suggestions.push({
          id: entry.row.id,
          suggestion,
          source: "ai",
          modelVersion: answer.model.slice(0, 40),
        });
      }
    }
    summary.aiApplied += await applyCategories(ctx, businessId, runId, applied);
    await saveSuggestions(ctx.db, businessId, suggestions);
    await updateRun(ctx.db, runId, { aiApplied: summary.aiApplied });
  }
  return summary;
}
