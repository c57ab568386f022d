import { categories, type DbOrTx, transactionImports, transactions } from "@kavi/db";
import {
  analyzeCsv,
  type CategoryKind,
  type CategorySource,
  CsvFormatError,
  evaluateImport,
  type ImportRowOutcome,
  MAX_IMPORT_BYTES,
  MAX_IMPORT_ROWS,
  parseCsv,
  type SystemCategoryKey,
  type TImportMapping,
  toMajorString,
  type ZImportCommitSchema,
  ZImportMappingSchema,
  type ZImportUploadSchema,
} from "@kavi/domain";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { z } from "zod";
import { AppError } from "../../errors";
import { recordActivity } from "../activity";
import { scheduleBudgetCheck } from "../budgets/schedule";
import { countRuleMatches, loadActiveRules, matchRules } from "../categorisation/rules";
import { scheduleCategorisation } from "../categorisation/schedule";
import { scheduleForecastRefresh } from "../forecast/forecast";
import type { ServiceContext } from "../service-context";
import { inTransaction } from "../unit-of-work";
import type { LedgerBusiness } from "./queries";

type TImportRow = typeof transactionImports.$inferSelect;

/**
 * An imported row's category and who chose it: a category named in the file wins; otherwise the business's
 * rule; otherwise the importer's default (M-Pesa charges, …); otherwise none, for the learned categoriser.
 */
function importedCategory(
  transaction: { categoryId: string | null; categoryIsDefault?: boolean },
  rule: { id: string; categoryId: string } | null,
): { categoryId: string | null; categorySource: CategorySource | null; categoryRuleId: string | null } {
  if (transaction.categoryId && !transaction.categoryIsDefault) {
    return { categoryId: transaction.categoryId, categorySource: "import", categoryRuleId: null };
  }
  if (rule) return { categoryId: rule.categoryId, categorySource: "rule", categoryRuleId: rule.id };
  if (transaction.categoryId) {
    return { categoryId: transaction.categoryId, categorySource: "system", categoryRuleId: null };
  }
  return { categoryId: null, categorySource: null, categoryRuleId: null };
}

async function loadImport(
  db: DbOrTx,
  businessId: string,
  importId: string,
  lock = false,
): Promise<TImportRow> {
  const query = db
    .select()
    .from(transactionImports)
    .where(and(eq(transactionImports.businessId, businessId), eq(transactionImports.id, importId)));
  const [row] = lock ? await query.for("update") : await query;
  if (!row) throw new AppError("NOT_FOUND", "Import not found");
  return row;
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

function tooLarge(): AppError {
  return new AppError("BAD_REQUEST", "The file is larger than 5 MB. Split it into smaller files.", {
    fieldErrors: { content: ["The file is larger than 5 MB"] },
  });
}

/**
 * Stores an uploaded CSV (in parts when it is larger than one request may be) and, once complete, reads it
 * for the preview. Nothing is booked until `commitImport`.
 */
export async function uploadImport(
  ctx: ServiceContext,
  business: LedgerBusiness,
  input: z.output<typeof ZImportUploadSchema>,
) {
  const importId = await inTransaction(ctx, async (tx) => {
    if (input.importId) {
      const existing = await loadImport(tx, business.id, input.importId, true);
      if (existing.status !== "uploading") {
        throw new AppError("PRECONDITION_FAILED", "This upload is already complete; start a new import");
      }
      const content = `${existing.content ?? ""}${input.content}`;
      if (byteLength(content) > MAX_IMPORT_BYTES) throw tooLarge();
      await tx
        .update(transactionImports)
        .set({ content, status: input.complete ? "previewed" : "uploading" })
        .where(eq(transactionImports.id, existing.id));
      return existing.id;
    }
    if (byteLength(input.content) > MAX_IMPORT_BYTES) throw tooLarge();
    const [created] = await tx
      .insert(transactionImports)
      .values({
        businessId: business.id,
        createdByUserId: ctx.actor.userId,
        fileName: input.fileName,
        format: "generic",
        content: input.content,
        status: input.complete ? "previewed" : "uploading",
      })
      .returning({ id: transactionImports.id });
    if (!created) throw new Error("import insert returned nothing");
    await recordActivity(tx, ctx.actor, {
      action: "transaction_import.uploaded",
      entityType: "transaction_import",
      entityId: created.id,
      metadata: { fileName: input.fileName },
    });
    return created.id;
  });
  if (!input.complete) return { importId, complete: false as const, preview: null };
  return {
    importId,
    complete: true as const,
    preview: await previewImport(ctx.db, business, importId, null),
  };
}

interface CategoryDirectory {
  findCategoryByName(name: string, kind: CategoryKind): string | null;
  findSystemCategory(key: SystemCategoryKey): string | null;
  nameOf(id: string | null): string | null;
}

/** Every category of the business in memory, with system keys resolved through merges. */
async function loadCategoryDirectory(db: DbOrTx, businessId: string): Promise<CategoryDirectory> {
  const rows = await db.select().from(categories).where(eq(categories.businessId, businessId));
  const byId = new Map(rows.map((row) => [row.id, row]));
  const byName = new Map(
    rows
      .filter((row) => !row.archivedAt)
      .map((row) => [`${row.kind}:${row.name.trim().toLowerCase()}`, row.id]),
  );
  const resolve = (id: string | null | undefined, hops = 0): string | null => {
    const row = id ? byId.get(id) : undefined;
    if (!row || hops > 10) return null;
    if (!row.archivedAt) return row.id;
    return row.mergedIntoCategoryId ? resolve(row.mergedIntoCategoryId, hops + 1) : null;
  };
  return {
    findCategoryByName: (name, kind) => byName.get(`${kind}:${name.trim().toLowerCase()}`) ?? null,
    findSystemCategory: (key) => resolve(rows.find((row) => row.systemKey === key)?.id),
    nameOf: (id) => (id ? (byId.get(id)?.name ?? null) : null),
  };
}

function readTable(content: string) {
  try {
    const table = parseCsv(content);
    if (table.length > MAX_IMPORT_ROWS + 100) {
      throw new AppError(
        "BAD_REQUEST",
        `The file has more than ${MAX_IMPORT_ROWS.toLocaleString("en")} rows. Split it.`,
      );
    }
    return table;
  } catch (error) {
    if (error instanceof CsvFormatError) {
      throw new AppError("BAD_REQUEST", `This file is not a readable CSV: ${error.message}`, {
        fieldErrors: { content: [error.message] },
      });
    }
    throw error;
  }
}

/** External ids of the file that the ledger already holds. */
async function existingExternalIds(db: DbOrTx, businessId: string, ids: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let start = 0; start < ids.length; start += 5_000) {
    const chunk = ids.slice(start, start + 5_000);
    const rows = await db
      .select({ externalId: transactions.externalId })
      .from(transactions)
      .where(and(eq(transactions.businessId, businessId), inArray(transactions.externalId, chunk)));
    for (const row of rows) if (row.externalId) found.add(row.externalId);
  }
  return found;
}

interface Evaluation {
  outcomes: ImportRowOutcome[];
  existing: Set<string>;
  directory: CategoryDirectory;
}

async function evaluate(
  db: DbOrTx,
  business: LedgerBusiness,
  content: string,
  mapping: TImportMapping,
): Promise<Evaluation> {
  const table = readTable(content);
  const headerWidth = (table[mapping.headerRow] ?? []).length;
  for (const [field, index] of Object.entries(mapping)) {
    if (typeof index === "number" && field !== "headerRow" && index >= Math.max(headerWidth, 1)) {
      throw new AppError("BAD_REQUEST", "The mapping names a column the file does not have", {
        fieldErrors: { [`mapping.${field}`]: ["This column is not in the file"] },
      });
    }
  }
  const directory = await loadCategoryDirectory(db, business.id);
  const outcomes = evaluateImport(table, mapping, {
    currency: business.baseCurrency,
    timeZone: business.timezone,
    findCategoryByName: directory.findCategoryByName,
    findSystemCategory: directory.findSystemCategory,
  });
  const ready = outcomes.flatMap((outcome) =>
    outcome.status === "ready" ? [outcome.transaction.externalId] : [],
  );
  const existing = await existingExternalIds(db, business.id, ready);
  return { outcomes, existing, directory };
}

function summarise(evaluation: Evaluation, baseCurrency: string) {
  const { outcomes, existing, directory } = evaluation;
  const counts = { ready: 0, rejected: 0, skipped: 0, duplicates: 0, alreadyImported: 0 };
  let incomeMinor = 0n;
  let expenseMinor = 0n;
  const problems: { row: number; status: string; reason: string }[] = [];
  const readyRows: {
    row: number;
    date: Date;
    type: string;
    amount: string;
    description: string | null;
    category: string | null;
    reference: string | null;
    warning: string | null;
  }[] = [];
  for (const outcome of outcomes) {
    if (outcome.status !== "ready") {
      counts[outcome.status === "duplicate" ? "duplicates" : outcome.status] += 1;
      if (problems.length < 500)
        problems.push({ row: outcome.row, status: outcome.status, reason: outcome.reason });
      continue;
    }
    if (existing.has(outcome.transaction.externalId)) {
      counts.alreadyImported += 1;
      if (problems.length < 500) {
        problems.push({
          row: outcome.row,
          status: "already_imported",
          reason: "Already in your transactions (same reference)",
        });
      }
      continue;
    }
    counts.ready += 1;
    const { transaction } = outcome;
    if (transaction.type === "income") incomeMinor += transaction.amountMinor;
    if (transaction.type === "expense") expenseMinor += transaction.amountMinor;
    if (readyRows.length < 20) {
      readyRows.push({
        row: outcome.row,
        date: transaction.transactionDate,
        type: transaction.type,
        amount: toMajorString(transaction.amountMinor, baseCurrency),
        description: transaction.description,
        category: directory.nameOf(transaction.categoryId),
        reference: transaction.referenceNumber,
        warning: outcome.warning ?? null,
      });
    }
  }
  return { counts, problems, readyRows, totals: { incomeMinor, expenseMinor } };
}

/**
 * What the file holds and how it would import: the headers, the first rows, the detected date and amount
 * formats, a suggested mapping (recognising the M-Pesa statement), and — for a given mapping — every row
 * that would be rejected, skipped or is a duplicate, with its reason.
 */
export async function previewImport(
  db: DbOrTx,
  business: LedgerBusiness,
  importId: string,
  mapping: TImportMapping | null,
) {
  const row = await loadImport(db, business.id, importId);
  if (row.status === "uploading") {
    throw new AppError("PRECONDITION_FAILED", "The upload is not complete yet");
  }
  const content = row.content ?? "";
  readTable(content);
  const analysis = analyzeCsv(content, business.baseCurrency);
  const chosen = mapping ?? (row.mapping as TImportMapping | null) ?? null;
  let evaluation: ReturnType<typeof summarise> | null = null;
  if (row.status === "previewed") {
    const effective = chosen ?? ZImportMappingSchema.safeParse(analysis.mapping).data ?? null;
    if (effective)
      evaluation = summarise(await evaluate(db, business, content, effective), business.baseCurrency);
    if (mapping || analysis.profile !== row.format) {
      await db
        .update(transactionImports)
        .set({ ...(mapping ? { mapping } : {}), format: analysis.profile })
        .where(eq(transactionImports.id, row.id));
    }
  }
  return {
    importId: row.id,
    fileName: row.fileName,
    status: row.status,
    profile: analysis.profile,
    headers: analysis.headers,
    sampleRows: analysis.sampleRows,
    dataRowCount: analysis.dataRowCount,
    detected: {
      dateFormat: analysis.dateDetection.format,
      dateCandidates: analysis.dateDetection.candidates,
      dateAmbiguous: analysis.dateDetection.ambiguous,
      amountFormat: analysis.amountFormat,
    },
    suggestedMapping: analysis.mapping,
    mapping: chosen,
    evaluation,
    importedCount: row.importedCount,
    completedAt: row.completedAt,
  };
}

/**
 * Books the file: every ready row in ONE database transaction, or nothing. Rows already in the ledger (same
 * external id: an M-Pesa receipt, a bank reference, or the fingerprint of a row without one) and repeats
 * inside the file are skipped, so importing a file twice books it once. A rejected row stops the import
 * unless the caller chose to skip rejected rows.
 */
export async function commitImport(
  ctx: ServiceContext,
  business: LedgerBusiness,
  input: z.output<typeof ZImportCommitSchema>,
) {
  return inTransaction(ctx, async (tx, afterCommit) => {
    const row = await loadImport(tx, business.id, input.importId, true);
    if (row.status === "imported" || row.status === "undone") {
      throw new AppError("PRECONDITION_FAILED", "This file was already imported");
    }
    if (row.status !== "previewed")
      throw new AppError("PRECONDITION_FAILED", "The upload is not complete yet");
    const evaluation = await evaluate(tx, business, row.content ?? "", input.mapping);
    const summary = summarise(evaluation, business.baseCurrency);
    const rejected = evaluation.outcomes.filter((outcome) => outcome.status === "rejected");
    if (rejected.length > 0 && !input.skipRejected) {
      const lines = rejected
        .slice(0, 20)
        .map((outcome) => `Row ${outcome.row}: ${"reason" in outcome ? outcome.reason : ""}`);
      throw new AppError(
        "PRECONDITION_FAILED",
        `${rejected.length} ${rejected.length === 1 ? "row" : "rows"} cannot be imported. Fix the file, or choose to skip ${rejected.length === 1 ? "it" : "them"}. Nothing was imported.`,
        { fieldErrors: { rows: lines } },
      );
    }
    const toInsert = evaluation.outcomes.flatMap((outcome) =>
      outcome.status === "ready" && !evaluation.existing.has(outcome.transaction.externalId)
        ? [outcome.transaction]
        : [],
    );
    // Rows the file left without a category (or gave only a default) meet the business's rules first.
    const rules = await loadActiveRules(tx, business.id);
    const ruled = await matchRules(
      tx,
      business.id,
      toInsert.map((transaction) =>
        transaction.categoryId && !transaction.categoryIsDefault
          ? { ...transaction, type: "transfer" as const, baseAmountMinor: transaction.amountMinor }
          : { ...transaction, baseAmountMinor: transaction.amountMinor },
      ),
      rules,
    );
    let inserted = 0;
    let uncategorised = 0;
    for (let start = 0; start < toInsert.length; start += 1_000) {
      const chunk = toInsert.slice(start, start + 1_000);
      const chunkRules = ruled.slice(start, start + 1_000);
      const rows = await tx
        .insert(transactions)
        .values(
          chunk.map((transaction, index) => ({
            businessId: business.id,
            createdByUserId: ctx.actor.userId,
            type: transaction.type,
            status: "completed" as const,
            amountMinor: transaction.amountMinor,
            currency: business.baseCurrency,
            exchangeRate: "1",
            baseAmountMinor: transaction.amountMinor,
            ...importedCategory(transaction, chunkRules[index] ?? null),
            description: transaction.description,
            paymentMethod: transaction.paymentMethod,
            transactionDate: transaction.transactionDate,
            referenceNumber: transaction.referenceNumber,
            externalId: transaction.externalId,
            source: "import" as const,
            importId: row.id,
          })),
        )
        .onConflictDoNothing({
          target: [transactions.businessId, transactions.externalId],
          where: sql`${transactions.externalId} is not null`,
        })
        .returning({
          id: transactions.id,
          categoryId: transactions.categoryId,
          categoryRuleId: transactions.categoryRuleId,
          type: transactions.type,
        });
      inserted += rows.length;
      uncategorised += rows.filter((row) => !row.categoryId && row.type !== "transfer").length;
      await countRuleMatches(
        tx,
        rows.map((row) => row.categoryRuleId),
      );
    }
    const alreadyImported = summary.counts.alreadyImported + (toInsert.length - inserted);
    const problems = evaluation.outcomes.flatMap((outcome) =>
      outcome.status === "ready"
        ? []
        : [{ row: outcome.row, reason: `${outcome.status}: ${outcome.reason}` }],
    );
    const now = ctx.now();
    await tx
      .update(transactionImports)
      .set({
        status: "imported",
        mapping: input.mapping,
        format: input.mapping.profile,
        rowCount: evaluation.outcomes.length,
        importedCount: inserted,
        rejectedRows: problems.slice(0, 1_000),
        completedAt: now,
        content: null,
      })
      .where(eq(transactionImports.id, row.id));
    const result = {
      imported: inserted,
      rejected: summary.counts.rejected,
      skipped: summary.counts.skipped,
      duplicates: summary.counts.duplicates,
      alreadyImported,
      problems: summary.problems,
    };
    await recordActivity(tx, ctx.actor, {
      action: "transaction_import.completed",
      entityType: "transaction_import",
      entityId: row.id,
      metadata: {
        fileName: row.fileName,
        profile: input.mapping.profile,
        imported: inserted,
        rejected: result.rejected,
        skipped: result.skipped,
        duplicates: result.duplicates,
        alreadyImported,
      },
    });
    if (inserted > 0) {
      scheduleBudgetCheck(afterCommit, business.id);
      scheduleForecastRefresh(afterCommit, business.id);
    }
    if (uncategorised > 0) scheduleCategorisation(afterCommit, business.id);
    return result;
  });
}

/** Takes an import back out: deletes the transactions it created (in one transaction, with activity). */
export async function undoImport(ctx: ServiceContext, businessId: string, importId: string) {
  return inTransaction(ctx, async (tx, afterCommit) => {
    const row = await loadImport(tx, businessId, importId, true);
    if (row.status !== "imported") {
      throw new AppError("PRECONDITION_FAILED", "Only a completed import can be undone");
    }
    const deleted = await tx
      .delete(transactions)
      .where(
        and(
          eq(transactions.businessId, businessId),
          eq(transactions.importId, row.id),
          eq(transactions.source, "import"),
        ),
      )
      .returning({ id: transactions.id });
    await tx.update(transactionImports).set({ status: "undone" }).where(eq(transactionImports.id, row.id));
    await recordActivity(tx, ctx.actor, {
      action: "transaction_import.undone",
      entityType: "transaction_import",
      entityId: row.id,
      metadata: { fileName: row.fileName, deleted: deleted.length },
    });
    scheduleBudgetCheck(afterCommit, businessId);
    scheduleForecastRefresh(afterCommit, businessId);
    return { deleted: deleted.length };
  });
}

export async function listImports(db: DbOrTx, businessId: string) {
  return db
    .select({
      id: transactionImports.id,
      fileName: transactionImports.fileName,
      format: transactionImports.format,
      status: transactionImports.status,
      rowCount: transactionImports.rowCount,
      importedCount: transactionImports.importedCount,
      createdAt: transactionImports.createdAt,
      completedAt: transactionImports.completedAt,
    })
    .from(transactionImports)
    .where(eq(transactionImports.businessId, businessId))
    .orderBy(desc(transactionImports.createdAt))
    .limit(50);
}
