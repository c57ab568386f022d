import { budgets, businesses, categories, ledgerDailyTotals, memberships, users } from "@kavi/db";
import {
  addDays,
  categoryDisplayName,
  formatMoney,
  LANGUAGE_LOCALES,
  type Language,
  localDateOf,
} from "@kavi/domain";
import { and, eq, gte, inArray, isNull, lte, or, sql } from "drizzle-orm";
import { type RenderedEmail, renderLayout } from "../../email/layout";
import { ALERT_TEXT } from "../../email/templates/alerts";
import { recordActivity, SYSTEM_ACTOR } from "../activity";
import { queueEmail } from "../email-outbox";
import { recipientsWhoWant } from "../notification-preferences";
import { notify } from "../notifications";
import type { ServiceContext } from "../service-context";
import { inTransaction } from "../unit-of-work";
import { inEveryLanguage, languagesOfUsers } from "../user-language";

/** Budgets whose period ended longer ago than this are not checked any more. */
const LOOKBACK_DAYS = 45;

export interface BudgetAlertSent {
  budgetId: string;
  threshold: 80 | 100;
}

/**
 * Compares a business's expense budgets (current and recently ended) with what was spent, and alerts owners
 * and admins — in the app and by email — when spending reaches 80 % and 100 %. Each threshold alerts once:
 * the flag is claimed with a conditional update, so two checks running together cannot both send. When
 * both thresholds are crossed at once only the 100 % alert goes out.
 */
export async function checkBudgetAlerts(
  ctx: ServiceContext,
  businessId: string,
  now: Date = ctx.now(),
): Promise<BudgetAlertSent[]> {
  const [business] = await ctx.db
    .select({
      id: businesses.id,
      name: sql<string>`coalesce(${businesses.tradingName}, ${businesses.legalName})`,
      timezone: businesses.timezone,
      baseCurrency: businesses.baseCurrency,
    })
    .from(businesses)
    .where(eq(businesses.id, businessId));
  if (!business) return [];
  const today = localDateOf(now, business.timezone);
  const spent = sql<bigint>`coalesce((
    select sum(${ledgerDailyTotals.amountMinor}) from ${ledgerDailyTotals}
    where ${ledgerDailyTotals.businessId} = "budgets"."business_id"
      and ${ledgerDailyTotals.categoryId} = "budgets"."category_id"
      and ${ledgerDailyTotals.type} = 'expense'
      and ${ledgerDailyTotals.day} between "budgets"."period_start" and "budgets"."period_end"
  ), 0)::bigint`;
  const candidates = await ctx.db
    .select({
      id: budgets.id,
      amountMinor: budgets.amountMinor,
      currency: budgets.currency,
      periodStart: budgets.periodStart,
      periodEnd: budgets.periodEnd,
      alerted80At: budgets.alerted80At,
      alerted100At: budgets.alerted100At,
      categoryName: categories.name,
      categorySystemKey: categories.systemKey,
      spentMinor: spent,
    })
    .from(budgets)
    .innerJoin(categories, eq(categories.id, budgets.categoryId))
    .where(
      and(
        eq(budgets.businessId, businessId),
        eq(categories.kind, "expense"),
        lte(budgets.periodStart, today),
        gte(budgets.periodEnd, addDays(today, -LOOKBACK_DAYS)),
        or(isNull(budgets.alerted80At), isNull(budgets.alerted100At)),
      ),
    );
  const due = candidates.flatMap((budget): { budget: (typeof candidates)[number]; threshold: 80 | 100 }[] => {
    if (budget.amountMinor <= 0n) return [];
    const reached100 = budget.spentMinor >= budget.amountMinor;
    const reached80 = budget.spentMinor * 100n >= budget.amountMinor * 80n;
    if (reached100 && !budget.alerted100At) return [{ budget, threshold: 100 }];
    if (reached80 && !budget.alerted80At) return [{ budget, threshold: 80 }];
    return [];
  });
  if (due.length === 0) return [];

  const recipients = await ctx.db
    .select({ userId: users.id, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.businessId, businessId), inArray(memberships.role, ["owner", "admin"])));

  const sent: BudgetAlertSent[] = [];
  for (const { budget, threshold } of due) {
    const claimed = await inTransaction(ctx, async (tx, afterCommit) => {
      const claim = await tx
        .update(budgets)
        .set(
          threshold === 100
            ? { alerted100At: now, alerted80At: budget.alerted80At ?? now }
            : { alerted80At: now },
        )
        .where(
          and(
            eq(budgets.id, budget.id),
            threshold === 100 ? isNull(budgets.alerted100At) : isNull(budgets.alerted80At),
          ),
        )
        .returning({ id: budgets.id });
      if (claim.length === 0) return false;
      const wholeMonth =
        budget.periodStart.slice(0, 7) === budget.periodEnd.slice(0, 7) && budget.periodStart.endsWith("-01");
      const category = inEveryLanguage((language) =>
        categoryDisplayName({ name: budget.categoryName, systemKey: budget.categorySystemKey }, language),
      );
      const title = inEveryLanguage((language) =>
        threshold === 100
          ? ALERT_TEXT[language].budget.overTitle(category[language])
          : ALERT_TEXT[language].budget.warningTitle(category[language]),
      );
      const body = inEveryLanguage((language) => {
        const locale = LANGUAGE_LOCALES[language];
        return ALERT_TEXT[language].budget.body({
          business: business.name,
          spent: formatMoney(budget.spentMinor, budget.currency, { locale }),
          planned: formatMoney(budget.amountMinor, budget.currency, { locale }),
          category: category[language],
          period: wholeMonth
            ? new Intl.DateTimeFormat(locale, { month: "long", year: "numeric", timeZone: "UTC" }).format(
                new Date(`${budget.periodStart}T00:00:00Z`),
              )
            : ALERT_TEXT[language].budget.range(budget.periodStart, budget.periodEnd),
        });
      });
      const link = `/b/${businessId}/budgets`;
      await notify(tx, {
        userIds: recipients.map((recipient) => recipient.userId),
        businessId,
        kind: threshold === 100 ? "budget.exceeded" : "budget.warning",
        title,
        body,
        link,
        data: { budgetId: budget.id, threshold },
      });
      const render = (language: Language): RenderedEmail => {
        const words = ALERT_TEXT[language].budget;
        return {
          ...renderLayout({
            preheader: body[language],
            heading: title[language],
            paragraphs: [body[language], threshold === 100 ? words.over : words.warning],
            action: { label: words.action, url: `${ctx.config.appUrl}${link}` },
            footnote: words.footnote,
            language,
          }),
          subject: `${title[language]} — ${business.name}`,
        };
      };
      const emailed = new Set(
        await recipientsWhoWant(
          tx,
          recipients.map((recipient) => recipient.userId),
          "email",
          threshold === 100 ? "budget-exceeded" : "budget-warning",
        ),
      );
      const readers = recipients.filter((candidate) => emailed.has(candidate.userId));
      const languages = await languagesOfUsers(
        tx,
        readers.map((reader) => reader.userId),
      );
      for (const recipient of readers) {
        await queueEmail(tx, afterCommit, {
          template: threshold === 100 ? "budget-exceeded" : "budget-warning",
          to: recipient.email,
          businessId,
          email: render(languages.get(recipient.userId) ?? "en"),
        });
      }
      await recordActivity(
        tx,
        { ...SYSTEM_ACTOR, businessId },
        {
          action: threshold === 100 ? "budget.exceeded_alert" : "budget.warning_alert",
          entityType: "budget",
          entityId: budget.id,
          metadata: {
            threshold,
            spentMinor: budget.spentMinor.toString(),
            plannedMinor: budget.amountMinor.toString(),
          },
        },
      );
      return true;
    });
    if (claimed) sent.push({ budgetId: budget.id, threshold });
  }
  if (sent.length > 0) ctx.logger.info({ businessId, sent }, "budget alerts sent");
  return sent;
}

/** The daily safety net: every business that has an expense budget covering the last few weeks. */
export async function checkAllBudgetAlerts(ctx: ServiceContext, now: Date = ctx.now()): Promise<number> {
  const horizon = addDays(localDateOf(now), -LOOKBACK_DAYS - 1);
  const rows = await ctx.db
    .selectDistinct({ businessId: budgets.businessId })
    .from(budgets)
    .where(
      and(gte(budgets.periodEnd, horizon), or(isNull(budgets.alerted80At), isNull(budgets.alerted100At))),
    );
  for (const { businessId } of rows) {
    try {
      await checkBudgetAlerts(ctx, businessId, now);
    } catch (error) {
      ctx.logger.error({ err: error, businessId }, "budget check failed for a business");
    }
  }
  return rows.length;
}
