import { businesses, type DbOrTx, emails, memberships, users } from "@kavi/db";
import type { EmailTemplate } from "@kavi/domain";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { AppError, describeWait } from "../errors";
import { holdTransactionLock } from "./unit-of-work";

/**
 * Emails a business sends to other people (invoices, reminders, invitations) are counted per business per
 * local day against an allowance, so a stolen or malicious account cannot turn KAVI into a spam relay. A
 * business whose owners and admins have not verified an email address sends none at all.
 */
export const EMAIL_QUOTA_KINDS = ["invoice", "reminder", "invitation"] as const;
export type EmailQuotaKind = (typeof EMAIL_QUOTA_KINDS)[number];

export interface EmailQuotas {
  invoicesPerDay: number;
  remindersPerDay: number;
  invitationsPerDay: number;
}

export const DEFAULT_EMAIL_QUOTAS: EmailQuotas = {
  invoicesPerDay: 200,
  remindersPerDay: 300,
  invitationsPerDay: 30,
};

const perDay = (fallback: number) => z.coerce.number().int().min(0).default(fallback);

/** The allowances' settings, for the server's and the worker's env schemas alike (docs/configuration.md). */
export const emailQuotaEnvShape = {
  EMAIL_QUOTA_INVOICES_PER_DAY: perDay(DEFAULT_EMAIL_QUOTAS.invoicesPerDay),
  EMAIL_QUOTA_REMINDERS_PER_DAY: perDay(DEFAULT_EMAIL_QUOTAS.remindersPerDay),
  EMAIL_QUOTA_INVITATIONS_PER_DAY: perDay(DEFAULT_EMAIL_QUOTAS.invitationsPerDay),
};

export function emailQuotasFromEnv(env: {
  EMAIL_QUOTA_INVOICES_PER_DAY: number;
  EMAIL_QUOTA_REMINDERS_PER_DAY: number;
  EMAIL_QUOTA_INVITATIONS_PER_DAY: number;
}): EmailQuotas {
  return {
    invoicesPerDay: env.EMAIL_QUOTA_INVOICES_PER_DAY,
    remindersPerDay: env.EMAIL_QUOTA_REMINDERS_PER_DAY,
    invitationsPerDay: env.EMAIL_QUOTA_INVITATIONS_PER_DAY,
  };
}

/** The outbox template each kind is counted by. */
export const QUOTA_TEMPLATES: Record<EmailQuotaKind, EmailTemplate> = {
  invoice: "invoice.sent",
  reminder: "invoice.reminder",
  invitation: "team.invitation",
};

const LABELS: Record<EmailQuotaKind, { one: string; many: string }> = {
  invoice: { one: "invoice email", many: "invoice emails" },
  reminder: { one: "reminder", many: "reminders" },
  invitation: { one: "invitation", many: "invitations" },
};

function limitOf(quotas: EmailQuotas, kind: EmailQuotaKind): number {
  switch (kind) {
    case "invoice":
      return quotas.invoicesPerDay;
    case "reminder":
      return quotas.remindersPerDay;
    case "invitation":
      return quotas.invitationsPerDay;
  }
}

export interface EmailAllowance {
  limit: number;
  used: number;
  remaining: number;
  /** The business's next local midnight, when the count starts again. */
  resetsAt: Date;
}

export interface EmailAllowances {
  /** Someone who runs the business (an owner or admin) has a verified email address. */
  senderVerified: boolean;
  timezone: string;
  kinds: Record<EmailQuotaKind, EmailAllowance>;
}

interface AllowanceRow extends Record<string, unknown> {
  timezone: string;
  day_starts: Date;
  day_ends: Date;
  sender_verified: boolean;
  invoice: number;
  reminder: number;
  invitation: number;
}

/** Today's counts for every kind, in one round trip. */
export async function getEmailAllowances(
  db: DbOrTx,
  businessId: string,
  now: Date,
  quotas: EmailQuotas,
): Promise<EmailAllowances> {
  const instant = now.toISOString();
  const counted = (kind: EmailQuotaKind) => sql`(
    select count(*)::int from ${emails}
    where ${emails.businessId} = b.id and ${emails.template} = ${QUOTA_TEMPLATES[kind]}
      and ${emails.createdAt} >= day.starts and ${emails.createdAt} < day.ends
  )`;
  const result = await db.execute<AllowanceRow>(sql`
    select b.timezone, day.starts as day_starts, day.ends as day_ends,
      exists (
        select 1 from ${memberships} m join ${users} u on u.id = m.user_id
        where m.business_id = b.id and m.role in ('owner', 'admin') and u.email_verified_at is not null
      ) as sender_verified,
      ${counted("invoice")} as invoice, ${counted("reminder")} as reminder, ${counted("invitation")} as invitation
    from ${businesses} b
    cross join lateral (
      select
        date_trunc('day', ${instant}::timestamptz at time zone b.timezone) at time zone b.timezone as starts,
        (date_trunc('day', ${instant}::timestamptz at time zone b.timezone) + interval '1 day')
          at time zone b.timezone as ends
    ) as day
    where b.id = ${businessId}
  `);
  const row = result.rows[0];
  if (!row) throw new AppError("NOT_FOUND", "Business not found");
  const resetsAt = new Date(row.day_ends);
  const allowance = (kind: EmailQuotaKind): EmailAllowance => {
    const limit = limitOf(quotas, kind);
    const used = Number(row[kind]);
    return { limit, used, remaining: Math.max(0, limit - used), resetsAt };
  };
  return {
    senderVerified: row.sender_verified,
    timezone: row.timezone,
    kinds: {
      invoice: allowance("invoice"),
      reminder: allowance("reminder"),
      invitation: allowance("invitation"),
    },
  };
}

export const UNVERIFIED_SENDER_MESSAGE =
  "KAVI sends this business's emails once an owner or admin has verified their email address.";

/**
 * Takes one email of a kind from the business's allowance for today, inside the transaction that queues it,
 * or refuses: EMAIL_NOT_VERIFIED when nobody who runs the business has a verified address, and
 * EMAIL_QUOTA_EXCEEDED (429, with the wait until local midnight) when the day's allowance is spent.
 * Concurrent sends of one kind queue on an advisory lock, so the allowance is never overshot.
 */
export async function claimEmailQuota(
  tx: DbOrTx,
  input: { businessId: string; kind: EmailQuotaKind; now: Date; quotas: EmailQuotas },
): Promise<EmailAllowance> {
  const { businessId, kind, now, quotas } = input;
  await holdTransactionLock(tx, `email-quota:${businessId}:${kind}`);
  const allowances = await getEmailAllowances(tx, businessId, now, quotas);
  if (!allowances.senderVerified) {
    throw new AppError("FORBIDDEN", UNVERIFIED_SENDER_MESSAGE, { reason: "EMAIL_NOT_VERIFIED" });
  }
  const allowance = allowances.kinds[kind];
  if (allowance.remaining < 1) {
    const waitSeconds = Math.max(1, Math.ceil((allowance.resetsAt.getTime() - now.getTime()) / 1000));
    const label = LABELS[kind];
    throw new AppError(
      "TOO_MANY_REQUESTS",
      `This business has sent its ${allowance.limit} ${allowance.limit === 1 ? label.one : label.many} for today. Sending starts again at midnight (in ${describeWait(waitSeconds)}).`,
      { reason: "EMAIL_QUOTA_EXCEEDED", retryAfterSeconds: waitSeconds },
    );
  }
  return { ...allowance, used: allowance.used + 1, remaining: allowance.remaining - 1 };
}

/** True for the refusals claimEmailQuota makes, which jobs treat as "skip", not as a failure to retry. */
export function isEmailQuotaRefusal(error: unknown): error is AppError {
  return (
    error instanceof AppError &&
    (error.reason === "EMAIL_QUOTA_EXCEEDED" || error.reason === "EMAIL_NOT_VERIFIED")
  );
}
