import { randomBytes } from "node:crypto";
import { businesses, creditReports, creditScores, type DbOrTx } from "@kavi/db";
import { addMonths, endOfMonth, type Language, localDateOf, startOfMonth } from "@kavi/domain";
import { type CreditScoreResult, computeCreditScore } from "@kavi/insights";
import { and, desc, eq, gte, sql } from "drizzle-orm";
import { AppError } from "../../errors";
import { recordActivity } from "../activity";
import { businessesWithRecentBooks } from "../businesses-with-books";
import type { ServiceContext } from "../service-context";
import type { LedgerBusiness } from "../transactions/queries";
import { inTransaction } from "../unit-of-work";
import { gatherCreditInputs } from "./inputs";
import { renderCreditReportPdf } from "./pdf";

const HISTORY_MONTHS = 12;

async function loadBusiness(db: DbOrTx, businessId: string) {
  const [business] = await db
    .select({
      id: businesses.id,
      name: sql<string>`coalesce(${businesses.tradingName}, ${businesses.legalName})`,
      baseCurrency: businesses.baseCurrency,
      timezone: businesses.timezone,
    })
    .from(businesses)
    .where(eq(businesses.id, businessId));
  return business ?? null;
}

async function storeScore(
  db: DbOrTx,
  businessId: string,
  month: string,
  result: CreditScoreResult,
  now: Date,
) {
  const values = {
    businessId,
    month,
    modelVersion: result.modelVersion,
    score: result.score,
    band: result.band,
    result: result as unknown as Record<string, unknown>,
    computedAt: now,
  };
  await db
    .insert(creditScores)
    .values(values)
    .onConflictDoUpdate({ target: [creditScores.businessId, creditScores.month], set: values });
}

/**
 * Recomputes a business's score for the current month (as of its local today) and fills in any of the last
 * twelve months that have no score yet, each as the books stood at that month's end. Past months already
 * scored are left as they were (the history is what was computed then). Idempotent: one row per month.
 */
export async function refreshCreditScore(ctx: ServiceContext, businessId: string, now: Date = ctx.now()) {
  const business = await loadBusiness(ctx.db, businessId);
  if (!business) return null;
  const today = localDateOf(now, business.timezone);
  const thisMonth = startOfMonth(today);
  const current = computeCreditScore(await gatherCreditInputs(ctx.db, business, today));
  await storeScore(ctx.db, businessId, thisMonth, current, now);
  const known = new Set(
    (
      await ctx.db
        .select({ month: creditScores.month })
        .from(creditScores)
        .where(
          and(
            eq(creditScores.businessId, businessId),
            gte(creditScores.month, addMonths(thisMonth, -HISTORY_MONTHS)),
          ),
        )
    ).map((row) => row.month),
  );
  let backfilled = 0;
  for (let back = 1; back < HISTORY_MONTHS; back += 1) {
    const month = addMonths(thisMonth, -back);
    if (known.has(month)) continue;
    const result = computeCreditScore(await gatherCreditInputs(ctx.db, business, endOfMonth(month)));
    await storeScore(ctx.db, businessId, month, result, now);
    backfilled += 1;
  }
  return { month: thisMonth, score: current.score, band: current.band, backfilled };
}

/** The nightly run: one job per business with transactions, ids naming the day. */
export async function refreshAllCreditScores(ctx: ServiceContext, now: Date = ctx.now()): Promise<number> {
  const businessIds = await businessesWithRecentBooks(ctx.db, now);
  // The day in Nairobi (the nightly run is scheduled in it), not in UTC, so ids name the night it ran for.
  const day = localDateOf(now);
  for (const businessId of businessIds) {
    await ctx.jobs.enqueue(
      "credit.refresh",
      { businessId },
      { jobId: `credit-nightly-${businessId}-${day}` },
    );
  }
  return businessIds.length;
}

export interface CreditScoreView {
  current: CreditScoreResult;
  /** Stored monthly scores, oldest first (null score: not enough history that month). */
  history: { month: string; score: number | null; band: string | null }[];
  computedAt: Date;
  /** True when the job has not stored this month's score yet and it was computed for this request. */
  live: boolean;
}

/** The business's score now (stored this month, or computed for the request) and its monthly history. */
export async function readCreditScore(
  db: DbOrTx,
  business: LedgerBusiness,
  now: Date,
): Promise<CreditScoreView> {
  const today = localDateOf(now, business.timezone);
  const thisMonth = startOfMonth(today);
  const rows = await db
    .select()
    .from(creditScores)
    .where(
      and(
        eq(creditScores.businessId, business.id),
        gte(creditScores.month, addMonths(thisMonth, -HISTORY_MONTHS + 1)),
      ),
    )
    .orderBy(creditScores.month);
  const stored = rows.find((row) => row.month === thisMonth);
  const current = stored
    ? (stored.result as unknown as CreditScoreResult)
    : computeCreditScore(await gatherCreditInputs(db, business, today));
  const history = rows.map((row) => ({ month: row.month, score: row.score, band: row.band }));
  if (!stored) history.push({ month: thisMonth, score: current.score, band: current.band });
  return { current, history, computedAt: stored?.computedAt ?? now, live: !stored };
}

/** Verification codes: 80 random bits in Crockford base32, shown as KV-XXXX-XXXX-XXXX-XXXX. */
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
function newVerificationCode(): string {
  const bytes = randomBytes(10);
  let bits = 0;
  let value = 0;
  let code = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      code += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return code;
}

export function formatVerificationCode(code: string): string {
  return `KV-${code.match(/.{1,4}/g)?.join("-") ?? code}`;
}

/** Accepts the code as printed (any case, with or without KV- and dashes, O for 0 and I/L for 1). */
export function normaliseVerificationCode(input: string): string | null {
  const cleaned = input
    .toUpperCase()
    .replace(/^KV-?/, "")
    .replace(/[\s-]/g, "")
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");
  return /^[0-9A-HJKMNP-TV-Z]{16}$/.test(cleaned) ? cleaned : null;
}

/**
 * Issues a credit report: records it (so the verification page can confirm it) with the current score, in
 * the same transaction as its audit row, and draws the PDF: score, factors, the 12-month trend and the code.
 */
export async function issueCreditReport(
  ctx: ServiceContext,
  business: LedgerBusiness,
  now: Date,
  /** The requesting owner's: the PDF is worded in it. */
  language: Language = "en",
) {
  const view = await readCreditScore(ctx.db, business, now);
  if (view.current.score === null || view.current.band === null) {
    throw new AppError(
      "BAD_REQUEST",
      "Not enough history yet for a credit report: it needs three months of books.",
    );
  }
  const details = await loadBusiness(ctx.db, business.id);
  if (!details) throw new AppError("NOT_FOUND", "Business not found");
  const code = newVerificationCode();
  const issuedOn = localDateOf(now, business.timezone);
  await inTransaction(ctx, async (tx) => {
    await tx.insert(creditReports).values({
      businessId: business.id,
      code,
      businessName: details.name,
      score: view.current.score as number,
      band: view.current.band as string,
      modelVersion: view.current.modelVersion,
      issuedOn,
      issuedByUserId: ctx.actor.userId,
    });
    await recordActivity(tx, ctx.actor, {
      action: "credit.report_issued",
      entityType: "business",
      entityId: business.id,
      metadata: { score: view.current.score, band: view.current.band, code: formatVerificationCode(code) },
    });
  });
  const pdf = await renderCreditReportPdf({
    businessName: details.name,
    currency: business.baseCurrency,
    issuedOn,
    code: formatVerificationCode(code),
    result: view.current,
    history: view.history,
    verifyUrl: `${ctx.config.appUrl}/verify/${formatVerificationCode(code)}`,
    language,
  });
  return {
    code: formatVerificationCode(code),
    filename: pdf.filename,
    contentType: "application/pdf",
    contentBase64: pdf.content.toString("base64"),
  };
}

/** The reports a business has issued, newest first. */
export async function listCreditReports(db: DbOrTx, businessId: string) {
  const rows = await db
    .select({
      code: creditReports.code,
      score: creditReports.score,
      band: creditReports.band,
      issuedOn: creditReports.issuedOn,
      createdAt: creditReports.createdAt,
    })
    .from(creditReports)
    .where(eq(creditReports.businessId, businessId))
    .orderBy(desc(creditReports.createdAt))
    .limit(20);
  return rows.map((row) => ({ ...row, code: formatVerificationCode(row.code) }));
}

/**
 * The public check of a report's code: that KAVI issued a report with it, for which business, on which day,
 * with which score — nothing else (no factors, no figures, no ids). An unknown code is NOT_FOUND.
 */
export async function verifyCreditReport(db: DbOrTx, input: string) {
  const code = normaliseVerificationCode(input);
  if (!code) throw new AppError("NOT_FOUND", "No report has that code");
  const [report] = await db
    .select({
      businessName: creditReports.businessName,
      issuedOn: creditReports.issuedOn,
      score: creditReports.score,
      band: creditReports.band,
    })
    .from(creditReports)
    .where(eq(creditReports.code, code));
  if (!report) throw new AppError("NOT_FOUND", "No report has that code");
  return { ...report, code: formatVerificationCode(code), issuer: "KAVI" as const };
}
