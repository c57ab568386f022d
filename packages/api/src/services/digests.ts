import {
  businesses,
  type Database,
  type DbOrTx,
  memberships,
  moduleAssignments,
  scheduledReportSends,
  type TEmailAttachmentRef,
  userProfiles,
  users,
} from "@kavi/db";
import {
  addDays,
  addMonths,
  can,
  dateInZone,
  type Language,
  type Module,
  type Role,
  startOfMonth,
  toLanguage,
} from "@kavi/domain";
import { and, eq, isNull, sql } from "drizzle-orm";
import { monthlyReportEmail, weeklySummaryEmail } from "../email/templates/digests";
import { receivables } from "./dashboard";
import { queueEmail, type RenderedAttachment } from "./email-outbox";
import { businessDisplayName } from "./invoices/context";
import { recipientsWhoWant } from "./notification-preferences";
import { profitAndLossTable, reportPdf } from "./reports/export";
import { categoryLineName, profitAndLoss } from "./reports/financial";
import { REPORT_WORDS } from "./reports/words";
import type { ServiceContext } from "./service-context";
import { inTransaction } from "./unit-of-work";

/**
 * The scheduled summary emails: a weekly summary (Monday, last week) to members who see the reports, and a
 * monthly report (the 1st, last month, PDF attached) to owners. Every figure comes from the report services
 * (`profitAndLoss`, `receivables`); a claim row per business and period makes a rerun send nothing twice.
 */

export const WEEKLY_SUMMARY_KIND = "summary.weekly";
export const MONTHLY_REPORT_KIND = "report.monthly";
export const MONTHLY_REPORT_ATTACHMENT = "monthly_report_pdf";

/** The last complete week (Monday to Sunday) before the local date `today`. */
export function previousWeek(today: string): { from: string; to: string } {
  const weekday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7;
  const thisMonday = addDays(today, -weekday);
  return { from: addDays(thisMonday, -7), to: addDays(thisMonday, -1) };
}

/** The month before the local date `today`, as "YYYY-MM". */
export function previousMonth(today: string): string {
  return addMonths(startOfMonth(today), -1).slice(0, 7);
}

function monthPeriod(month: string): { from: string; to: string } {
  const from = `${month}-01`;
  return { from, to: addDays(addMonths(from, 1), -1) };
}

/** Businesses that get scheduled emails: every one not waiting to be deleted. */
async function liveBusinessIds(db: DbOrTx): Promise<string[]> {
  const rows = await db
    .select({ id: businesses.id })
    .from(businesses)
    .where(isNull(businesses.deletionRequestedAt));
  return rows.map((row) => row.id);
}

/** The fan-out: one job per business for last week (ids name the week, so a rerun adds nothing). */
export async function enqueueWeeklySummaries(ctx: ServiceContext, now: Date = ctx.now()): Promise<number> {
  const weekStart = previousWeek(dateInZone(now)).from;
  const ids = await liveBusinessIds(ctx.db);
  for (const businessId of ids) await ctx.jobs.enqueue("digests.weekly", { businessId, weekStart });
  return ids.length;
}

export async function enqueueMonthlyReports(ctx: ServiceContext, now: Date = ctx.now()): Promise<number> {
  const month = previousMonth(dateInZone(now));
  const ids = await liveBusinessIds(ctx.db);
  for (const businessId of ids) await ctx.jobs.enqueue("digests.monthly", { businessId, month });
  return ids.length;
}

interface Recipient {
  userId: string;
  email: string;
  language: Language;
}

/** Members who may see the reports (by the permission catalogue) and, of them, those whose preferences want it. */
async function digestRecipients(
  db: DbOrTx,
  businessId: string,
  template: "weekly-summary" | "monthly-report",
  onlyOwners: boolean,
): Promise<Recipient[]> {
  const members = await db
    .select({
      userId: users.id,
      email: users.email,
      role: memberships.role,
      language: userProfiles.language,
      modules: sql<string[] | null>`(
        select array_agg(${moduleAssignments.module}::text) from ${moduleAssignments}
        where ${moduleAssignments.membershipId} = ${memberships.id}
      )`,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .leftJoin(userProfiles, eq(userProfiles.userId, users.id))
    .where(
      and(eq(memberships.businessId, businessId), onlyOwners ? eq(memberships.role, "owner") : undefined),
    );
  const allowed = members.filter((member) =>
    can({ role: member.role as Role, modules: (member.modules ?? []) as Module[] }, "reports.read"),
  );
  const wanted = new Set(
    await recipientsWhoWant(
      db,
      allowed.map((member) => member.userId),
      "email",
      template,
    ),
  );
  return allowed
    .filter((member) => wanted.has(member.userId))
    .map((member) => ({ userId: member.userId, email: member.email, language: toLanguage(member.language) }));
}

async function findLiveBusiness(db: DbOrTx, businessId: string) {
  const [business] = await db
    .select()
    .from(businesses)
    .where(and(eq(businesses.id, businessId), isNull(businesses.deletionRequestedAt)))
    .limit(1);
  return business ?? null;
}

/** Claims the period for the business inside the transaction; false when it was already sent. */
async function claimSend(tx: DbOrTx, businessId: string, kind: string, period: string, recipients: number) {
  const claimed = await tx
    .insert(scheduledReportSends)
    .values({ businessId, kind, period, recipients })
    .onConflictDoNothing()
    .returning({ businessId: scheduledReportSends.businessId });
  return claimed.length > 0;
}

export type DigestOutcome =
  | { state: "sent"; recipients: number }
  | { state: "already-sent" | "no-business" | "no-recipients" | "quiet" };

export async function sendWeeklySummary(
  ctx: ServiceContext,
  input: { businessId: string; weekStart: string },
): Promise<DigestOutcome> {
  const business = await findLiveBusiness(ctx.db, input.businessId);
  if (!business) return { state: "no-business" };
  const week = { from: input.weekStart, to: addDays(input.weekStart, 6) };
  const before = { from: addDays(input.weekStart, -7), to: addDays(input.weekStart, -1) };
  const [current, previous, owed, recipients] = await Promise.all([
    profitAndLoss(ctx.db, business, week),
    profitAndLoss(ctx.db, business, before),
    receivables(ctx.db, business, dateInZone(ctx.now(), business.timezone)),
    digestRecipients(ctx.db, business.id, "weekly-summary", false),
  ]);
  if (recipients.length === 0) return { state: "no-recipients" };
  // A business with nothing to say (no money in or out for two weeks, nothing overdue) gets no email.
  const quiet =
    current.incomeMinor === 0n &&
    current.expenseMinor === 0n &&
    previous.incomeMinor === 0n &&
    previous.expenseMinor === 0n &&
    owed.overdueCount === 0;
  if (quiet) return { state: "quiet" };
  const appUrl = ctx.config.appUrl.replace(/\/$/, "");
  return inTransaction(ctx, async (tx, afterCommit) => {
    if (!(await claimSend(tx, business.id, WEEKLY_SUMMARY_KIND, input.weekStart, recipients.length)))
      return { state: "already-sent" } as const;
    for (const recipient of recipients) {
      const email = weeklySummaryEmail(
        {
          businessName: businessDisplayName(business),
          currency: business.baseCurrency,
          ...week,
          incomeMinor: current.incomeMinor,
          expenseMinor: current.expenseMinor,
          netMinor: current.profitMinor,
          previous: {
            incomeMinor: previous.incomeMinor,
            expenseMinor: previous.expenseMinor,
            netMinor: previous.profitMinor,
          },
          topCategories: current.expenses.slice(0, 3).map((line) => ({
            name: categoryLineName(
              line,
              recipient.language,
              REPORT_WORDS[recipient.language].profitAndLoss.uncategorised,
            ),
            amountMinor: line.totalMinor,
          })),
          overdue: { count: owed.overdueCount, amountMinor: owed.overdueMinor },
          url: `${appUrl}/b/${business.id}`,
          preferencesUrl: `${appUrl}/profile`,
        },
        recipient.language,
      );
      await queueEmail(tx, afterCommit, {
        template: "weekly-summary",
        to: recipient.email,
        businessId: business.id,
        email,
      });
    }
    return { state: "sent", recipients: recipients.length } as const;
  });
}

export async function sendMonthlyReport(
  ctx: ServiceContext,
  input: { businessId: string; month: string },
): Promise<DigestOutcome> {
  const business = await findLiveBusiness(ctx.db, input.businessId);
  if (!business) return { state: "no-business" };
  const [report, recipients] = await Promise.all([
    profitAndLoss(ctx.db, business, monthPeriod(input.month)),
    digestRecipients(ctx.db, business.id, "monthly-report", true),
  ]);
  if (recipients.length === 0) return { state: "no-recipients" };
  if (report.incomeMinor === 0n && report.expenseMinor === 0n) return { state: "quiet" };
  const appUrl = ctx.config.appUrl.replace(/\/$/, "");
  // The PDF is drawn when the email goes, in its reader's language (the language travels in the reference).
  const attachmentFor = (language: Language): TEmailAttachmentRef => ({
    kind: MONTHLY_REPORT_ATTACHMENT,
    id: `${business.id}/${input.month}/${language}`,
    filename: `profit-and-loss-${input.month}.pdf`,
  });
  return inTransaction(ctx, async (tx, afterCommit) => {
    if (!(await claimSend(tx, business.id, MONTHLY_REPORT_KIND, input.month, recipients.length)))
      return { state: "already-sent" } as const;
    for (const recipient of recipients) {
      const top = (lines: typeof report.income) =>
        lines.slice(0, 3).map((line) => ({
          name: categoryLineName(
            line,
            recipient.language,
            REPORT_WORDS[recipient.language].profitAndLoss.uncategorised,
          ),
          amountMinor: line.totalMinor,
        }));
      const email = monthlyReportEmail(
        {
          businessName: businessDisplayName(business),
          currency: business.baseCurrency,
          month: input.month,
          incomeMinor: report.incomeMinor,
          expenseMinor: report.expenseMinor,
          profitMinor: report.profitMinor,
          topIncome: top(report.income),
          topExpenses: top(report.expenses),
          url: `${appUrl}/b/${business.id}/reports`,
          preferencesUrl: `${appUrl}/profile`,
        },
        recipient.language,
      );
      await queueEmail(tx, afterCommit, {
        template: "monthly-report",
        to: recipient.email,
        businessId: business.id,
        email,
        attachments: [attachmentFor(recipient.language)],
      });
    }
    return { state: "sent", recipients: recipients.length } as const;
  });
}

/** Renders the monthly report's PDF when the email is sent: the Reports page's own profit-and-loss PDF. */
export async function renderMonthlyReportAttachment(
  db: Database,
  ref: TEmailAttachmentRef,
): Promise<RenderedAttachment> {
  const match = /^([0-9a-f-]{36})\/(\d{4}-\d{2})(?:\/(en|sw))?$/i.exec(ref.id);
  if (!match?.[1] || !match[2]) throw new Error(`monthly report attachment: bad reference ${ref.id}`);
  const words = REPORT_WORDS[match[3] === "sw" ? "sw" : "en"];
  const [business] = await db.select().from(businesses).where(eq(businesses.id, match[1])).limit(1);
  if (!business) throw new Error(`business ${match[1]} for a monthly report no longer exists`);
  const report = await profitAndLoss(db, business, monthPeriod(match[2]));
  const pdf = await reportPdf(profitAndLossTable(report, businessDisplayName(business), words), words);
  return { filename: ref.filename, content: pdf, contentType: "application/pdf" };
}
