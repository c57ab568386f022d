import {
  businesses,
  loanInstalments,
  loanReminders,
  loans,
  memberships,
  userProfiles,
  users,
} from "@kavi/db";
import {
  arrearsSinceOf,
  dueLoanReminder,
  formatMoney,
  LANGUAGE_LOCALES,
  type Language,
  localDateOf,
  toLanguage,
} from "@kavi/domain";
import { normalizeKenyanMobile } from "@kavi/sms";
import { and, eq, sql } from "drizzle-orm";
import { type LoanReminderFacts, loanReminderEmail, loanReminderSms } from "../../email";
import { recordActivity, SYSTEM_ACTOR } from "../activity";
import { queueEmail } from "../email-outbox";
import { recipientsWhoWant } from "../notification-preferences";
import type { ServiceContext } from "../service-context";
import { loadSmsSettings, queueSms, smsUnavailableReason } from "../sms";
import { inTransaction } from "../unit-of-work";
import { accrueLoanPenalties } from "./lifecycle";

/** The kind reminders are checked against in the one table of notification preferences. */
export const LOAN_REMINDER_KIND = "loan.repayment_reminder" as const;

export interface LoanArrearsOutcome {
  loanId: string;
  penaltyChargedMinor: bigint;
  arrearsSince: string | null;
  reminder: { instalmentNumber: number; offsetDays: number; emails: number; sms: number } | null;
}

function longDay(day: string, language: Language): string {
  return new Intl.DateTimeFormat(LANGUAGE_LOCALES[language], { dateStyle: "long", timeZone: "UTC" }).format(
    new Date(`${day}T00:00:00Z`),
  );
}

/**
 * One active loan's daily step, for the local day `now` falls on in its business's time zone: charge what overdue
 * instalments have earned (through the lifecycle service: never lowered, so a second run the same day charges
 * nothing), keep `arrears_since` (audited when the loan falls into arrears and when it is back to current), and
 * send the reminder due today, if any, to the business's owners by email and, where SMS is set up, by SMS, each
 * in the reader's language. The reminder row is claimed first (unique per instalment and offset): it goes once.
 */
export async function checkLoanArrears(ctx: ServiceContext, loanId: string, now: Date = ctx.now()) {
  const [row] = await ctx.db
    .select({
      businessId: loans.businessId,
      timezone: businesses.timezone,
      businessName: sql<string>`coalesce(${businesses.tradingName}, ${businesses.legalName})`,
    })
    .from(loans)
    .innerJoin(businesses, eq(businesses.id, loans.businessId))
    .where(and(eq(loans.id, loanId), eq(loans.status, "active")));
  if (!row) return null;
  const today = localDateOf(now, row.timezone);
  const penaltyChargedMinor = await accrueLoanPenalties(ctx, loanId, today);
  return inTransaction(ctx, async (tx, afterCommit): Promise<LoanArrearsOutcome | null> => {
    const [loan] = await tx.select().from(loans).where(eq(loans.id, loanId)).for("update");
    if (loan?.status !== "active") return null;
    const instalments = await tx
      .select()
      .from(loanInstalments)
      .where(eq(loanInstalments.loanId, loanId))
      .orderBy(loanInstalments.number);
    const actor = { ...SYSTEM_ACTOR, businessId: loan.businessId };
    const arrearsSince = arrearsSinceOf(instalments, today);
    if (arrearsSince !== loan.arrearsSince) {
      await tx.update(loans).set({ arrearsSince }).where(eq(loans.id, loan.id));
      if ((arrearsSince === null) !== (loan.arrearsSince === null)) {
        await recordActivity(tx, actor, {
          action: arrearsSince ? "loan.in_arrears" : "loan.arrears_cleared",
          entityType: "loan",
          entityId: loan.id,
          metadata: { number: loan.number, arrearsSince, asOf: today },
        });
      }
    }
    const sent = await tx
      .select({ instalmentNumber: loanReminders.instalmentNumber, offsetDays: loanReminders.offsetDays })
      .from(loanReminders)
      .where(eq(loanReminders.loanId, loan.id));
    const due = dueLoanReminder(instalments, today, sent);
    const outcome: LoanArrearsOutcome = { loanId, penaltyChargedMinor, arrearsSince, reminder: null };
    if (!due) return outcome;
    const [claim] = await tx
      .insert(loanReminders)
      .values({
        loanId: loan.id,
        businessId: loan.businessId,
        instalmentNumber: due.instalmentNumber,
        offsetDays: due.offsetDays,
        sentOn: today,
      })
      .onConflictDoNothing()
      .returning({ id: loanReminders.id });
    if (!claim) return outcome;

    const owners = await tx
      .select({
        userId: users.id,
        email: users.email,
        fullName: users.fullName,
        language: userProfiles.language,
        phone: userProfiles.phone,
      })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .leftJoin(userProfiles, eq(userProfiles.userId, users.id))
      .where(and(eq(memberships.businessId, loan.businessId), eq(memberships.role, "owner")));
    const facts = (language: Language): LoanReminderFacts => ({
      business: row.businessName,
      loanNumber: loan.number,
      amountDue: formatMoney(due.amountDueMinor, loan.currency, { locale: LANGUAGE_LOCALES[language] }),
      dueDate: longDay(due.dueDate, language),
      daysLate: due.daysLate,
      daysAhead: Math.max(0, -due.daysLate),
      penalty:
        due.penaltyMinor > 0n
          ? formatMoney(due.penaltyMinor, loan.currency, { locale: LANGUAGE_LOCALES[language] })
          : null,
    });
    const loanUrl = `${ctx.config.appUrl}/b/${loan.businessId}/loans/${loan.id}`;
    const ownerIds = owners.map((owner) => owner.userId);
    const emailed = new Set(await recipientsWhoWant(tx, ownerIds, "email", LOAN_REMINDER_KIND));
    let emails = 0;
    for (const owner of owners.filter((candidate) => emailed.has(candidate.userId))) {
      const language = toLanguage(owner.language);
      await queueEmail(tx, afterCommit, {
        template: "loan.repayment_reminder",
        to: owner.email,
        businessId: loan.businessId,
        email: loanReminderEmail({ fullName: owner.fullName, facts: facts(language), loanUrl, language }),
      });
      emails += 1;
    }
    let sms = 0;
    const smsSettings = await loadSmsSettings(tx, loan.businessId);
    if (smsUnavailableReason(ctx.sms, smsSettings) === null) {
      const texted = new Set(await recipientsWhoWant(tx, ownerIds, "sms", LOAN_REMINDER_KIND));
      for (const owner of owners.filter((candidate) => texted.has(candidate.userId))) {
        const to = owner.phone ? normalizeKenyanMobile(owner.phone) : null;
        if (!to) continue;
        await queueSms(tx, afterCommit, {
          businessId: loan.businessId,
          purpose: "loan_reminder",
          to,
          body: loanReminderSms(facts(toLanguage(owner.language)), toLanguage(owner.language)),
          senderId: smsSettings.senderId,
        });
        sms += 1;
      }
    }
    await tx
      .update(loanReminders)
      .set({ emailCount: emails, smsCount: sms })
      .where(eq(loanReminders.id, claim.id));
    await recordActivity(tx, actor, {
      action: "loan.reminder_sent",
      entityType: "loan",
      entityId: loan.id,
      metadata: {
        number: loan.number,
        instalment: due.instalmentNumber,
        offsetDays: due.offsetDays,
        emails,
        sms,
      },
    });
    outcome.reminder = { instalmentNumber: due.instalmentNumber, offsetDays: due.offsetDays, emails, sms };
    return outcome;
  });
}

/** The daily run over every active loan; one loan's failure is logged and does not stop the others. */
export async function runLoanArrears(ctx: ServiceContext, now: Date = ctx.now()) {
  const active = await ctx.db.select({ id: loans.id }).from(loans).where(eq(loans.status, "active"));
  let penaltyChargedMinor = 0n;
  let reminders = 0;
  let inArrears = 0;
  for (const { id } of active) {
    try {
      const outcome = await checkLoanArrears(ctx, id, now);
      if (!outcome) continue;
      penaltyChargedMinor += outcome.penaltyChargedMinor;
      if (outcome.reminder) reminders += 1;
      if (outcome.arrearsSince) inArrears += 1;
    } catch (error) {
      ctx.logger.error({ err: error, loanId: id }, "loan arrears step failed for a loan");
    }
  }
  const summary = {
    loans: active.length,
    inArrears,
    reminders,
    penaltyChargedMinor: penaltyChargedMinor.toString(),
  };
  ctx.logger.info(summary, "loan arrears run");
  return summary;
}
