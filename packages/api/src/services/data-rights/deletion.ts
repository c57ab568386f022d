import { businesses, type DbOrTx, dataExports, memberships, userProfiles, users } from "@kavi/db";
import { type Language, toLanguage } from "@kavi/domain";
import { verifyPassword } from "@kavi/security";
import { businessPrefix } from "@kavi/storage";
import { and, count, eq, isNotNull, lte, ne } from "drizzle-orm";
import {
  accountDeletedEmail,
  accountDeletionScheduledEmail,
  businessDeletedEmail,
  businessDeletionScheduledEmail,
  businessRestoredEmail,
} from "../../email/templates/data-rights";
import { AppError } from "../../errors";
import { type Actor, recordActivity, SYSTEM_ACTOR } from "../activity";
import { queueEmail } from "../email-outbox";
import { deleteQueuedObjects } from "../files/files";
import { businessDisplayName } from "../invoices/context";
import type { ServiceContext } from "../service-context";
import { endSessions } from "../sessions";
import { type AfterCommit, inTransaction } from "../unit-of-work";
import { formatMomentFor } from "../user-language";
import { queueObjectDeletions } from "./exports";

/**
 * Deleting (Kenya Data Protection Act, right to erasure). A business is deleted in two steps: an owner asks
 * (typing its legal name), it stays restorable for `BUSINESS_DELETION_GRACE_DAYS`, then the daily
 * `privacy.daily` job deletes it, its rows and its stored files. An account goes the same way: the person asks
 * (with their password, signed out everywhere at once), can restore it by signing in during the grace period,
 * then the same job deletes it; records it made in businesses stay with those businesses, unlinked from it.
 */

interface MemberAddress {
  userId: string;
  email: string;
  language: Language;
}

async function memberAddresses(db: DbOrTx, businessId: string): Promise<MemberAddress[]> {
  const rows = await db
    .select({ userId: users.id, email: users.email, language: userProfiles.language })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .leftJoin(userProfiles, eq(userProfiles.userId, users.id))
    .where(eq(memberships.businessId, businessId));
  return rows.map((row) => ({ ...row, language: toLanguage(row.language) }));
}

async function actorName(db: DbOrTx, userId: string | null): Promise<string> {
  if (!userId) return "KAVI";
  const [row] = await db
    .select({ fullName: users.fullName })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  return row?.fullName ?? "KAVI";
}

/** The deletion state Settings shows: when it was asked for and when it happens. */
export async function businessDeletionStatus(db: DbOrTx, businessId: string) {
  const [row] = await db
    .select({
      deletionRequestedAt: businesses.deletionRequestedAt,
      deleteAfter: businesses.deleteAfter,
      requestedBy: users.fullName,
    })
    .from(businesses)
    .leftJoin(users, eq(users.id, businesses.deletionRequestedByUserId))
    .where(eq(businesses.id, businessId))
    .limit(1);
  if (!row) throw new AppError("NOT_FOUND", "Business not found");
  return row.deletionRequestedAt
    ? {
        scheduled: true as const,
        requestedAt: row.deletionRequestedAt,
        deleteAfter: row.deleteAfter,
        requestedBy: row.requestedBy,
      }
    : { scheduled: false as const };
}

/** Step one: the business will be deleted after the grace period; every member is told by email. */
export async function scheduleBusinessDeletion(
  ctx: ServiceContext,
  businessId: string,
  confirmation: string,
): Promise<{ deleteAfter: Date }> {
  return inTransaction(ctx, async (tx, afterCommit) => {
    const [business] = await tx.select().from(businesses).where(eq(businesses.id, businessId)).for("update");
    if (!business) throw new AppError("NOT_FOUND", "Business not found");
    if (confirmation.trim().toLowerCase() !== business.legalName.trim().toLowerCase()) {
      throw new AppError("BAD_REQUEST", "Type the business's legal name exactly to confirm", {
        fieldErrors: { confirmation: ["Type the business's legal name exactly to confirm"] },
      });
    }
    if (business.deletionRequestedAt) {
      throw new AppError("CONFLICT", "This business is already going to be deleted");
    }
    const now = ctx.now();
    const deleteAfter = graceDeadline(ctx, now);
    await tx
      .update(businesses)
      .set({ deletionRequestedAt: now, deleteAfter, deletionRequestedByUserId: ctx.actor.userId })
      .where(eq(businesses.id, businessId));
    await recordActivity(tx, ctx.actor, {
      action: "business.deletion_scheduled",
      entityType: "business",
      entityId: businessId,
      businessId,
      metadata: { deleteAfter: deleteAfter.toISOString() },
    });
    const requestedBy = await actorName(tx, ctx.actor.userId);
    const appUrl = ctx.config.appUrl.replace(/\/$/, "");
    for (const member of await memberAddresses(tx, businessId)) {
      await queueEmail(tx, afterCommit, {
        template: "business-deletion-scheduled",
        to: member.email,
        businessId,
        email: businessDeletionScheduledEmail({
          language: member.language,
          businessName: businessDisplayName(business),
          requestedBy,
          deleteOn: formatMomentFor(deleteAfter, member.language, { dateStyle: "long" }),
          restoreUrl: `${appUrl}/b/${businessId}/settings/business`,
        }),
      });
    }
    return { deleteAfter };
  });
}

/** Cancels a scheduled deletion during the grace period. */
export async function restoreBusiness(ctx: ServiceContext, businessId: string): Promise<void> {
  await inTransaction(ctx, async (tx, afterCommit) => {
    const [business] = await tx.select().from(businesses).where(eq(businesses.id, businessId)).for("update");
    if (!business) throw new AppError("NOT_FOUND", "Business not found");
    if (!business.deletionRequestedAt) {
      throw new AppError("CONFLICT", "This business is not going to be deleted");
    }
    await tx
      .update(businesses)
      .set({ deletionRequestedAt: null, deleteAfter: null, deletionRequestedByUserId: null })
      .where(eq(businesses.id, businessId));
    await recordActivity(tx, ctx.actor, {
      action: "business.deletion_cancelled",
      entityType: "business",
      entityId: businessId,
      businessId,
    });
    const restoredBy = await actorName(tx, ctx.actor.userId);
    const appUrl = ctx.config.appUrl.replace(/\/$/, "");
    for (const member of await memberAddresses(tx, businessId)) {
      await queueEmail(tx, afterCommit, {
        template: "business-restored",
        to: member.email,
        businessId,
        email: businessRestoredEmail({
          language: member.language,
          businessName: businessDisplayName(business),
          restoredBy,
          url: `${appUrl}/b/${businessId}`,
        }),
      });
    }
  });
}

/**
 * Deletes a business for good in the caller's transaction: its rows go by cascade (a trigger queues each stored
 * file's object), its export zips are queued too, and after commit everything under its storage prefix is
 * removed. The members are told (the emails carry no business, or they would go with it).
 */
async function deleteBusinessNow(
  ctx: ServiceContext,
  tx: DbOrTx,
  afterCommit: AfterCommit,
  business: typeof businesses.$inferSelect,
  actor: Actor,
): Promise<void> {
  const members = await memberAddresses(tx, business.id);
  // The business's own audit trail goes with it; this row (with no business) keeps the fact on record.
  await recordActivity(tx, actor, {
    action: "business.deleted",
    entityType: "business",
    entityId: business.id,
    businessId: null,
    metadata: {
      legalName: business.legalName,
      requestedAt: business.deletionRequestedAt?.toISOString() ?? null,
    },
  });
  const exports = await tx
    .select({ objectKey: dataExports.objectKey })
    .from(dataExports)
    .where(and(eq(dataExports.businessId, business.id), isNotNull(dataExports.objectKey)));
  await queueObjectDeletions(
    tx,
    exports.flatMap((row) => (row.objectKey ? [row.objectKey] : [])),
  );
  await tx.update(users).set({ lastBusinessId: null }).where(eq(users.lastBusinessId, business.id));
  await tx.delete(businesses).where(eq(businesses.id, business.id));
  for (const member of members) {
    await queueEmail(tx, afterCommit, {
      template: "business-deleted",
      to: member.email,
      businessId: null,
      email: businessDeletedEmail({ language: member.language, businessName: businessDisplayName(business) }),
    });
  }
  afterCommit.run(async () => {
    const prefix = businessPrefix(business.id);
    await deleteQueuedObjects(ctx, { prefix });
    // Anything under the prefix no row knew of (an upload that never completed, a zip mid-build).
    await ctx.storage.deletePrefix(prefix);
  });
}

/** When something asked to be deleted now is deleted for good: after the grace period (businesses and accounts). */
function graceDeadline(ctx: ServiceContext, now: Date): Date {
  return new Date(now.getTime() + ctx.config.dataRights.businessDeletionGraceDays * 86_400_000);
}

/**
 * The daily purge shared by businesses and accounts: each due id is deleted in its own transaction by `purge`,
 * which re-reads the row under a lock (skipping one locked by another run) and answers false when it is no longer
 * due (restored in the meantime) or must wait.
 */
async function purgeDue(
  ctx: ServiceContext,
  dueIds: string[],
  purge: (tx: DbOrTx, afterCommit: AfterCommit, id: string) => Promise<boolean>,
): Promise<number> {
  let deleted = 0;
  for (const id of dueIds) {
    if (await inTransaction(ctx, (tx, afterCommit) => purge(tx, afterCommit, id))) deleted += 1;
  }
  return deleted;
}

/** The daily job: businesses whose grace period is over are deleted, one transaction each. */
export async function deleteDueBusinesses(ctx: ServiceContext, now: Date = ctx.now()): Promise<number> {
  const due = await ctx.db
    .select({ id: businesses.id })
    .from(businesses)
    .where(and(isNotNull(businesses.deletionRequestedAt), lte(businesses.deleteAfter, now)));
  const deleted = await purgeDue(
    ctx,
    due.map((row) => row.id),
    async (tx, afterCommit, id) => {
      const [business] = await tx
        .select()
        .from(businesses)
        .where(
          and(
            eq(businesses.id, id),
            isNotNull(businesses.deletionRequestedAt),
            lte(businesses.deleteAfter, now),
          ),
        )
        .for("update", { skipLocked: true });
      // Restored (or taken by another run) in the meantime.
      if (!business) return false;
      await deleteBusinessNow(ctx, tx, afterCommit, business, { ...SYSTEM_ACTOR, businessId: null });
      return true;
    },
  );
  if (deleted > 0) ctx.logger.info({ deleted }, "deleted businesses past their grace period");
  return deleted;
}

/**
 * The businesses an account owns, locked: those it runs alone (deleted with it) and a refusal while it is the only
 * owner of one that has other members (the business would be left without an owner).
 */
async function businessesGoingWithAccount(
  tx: DbOrTx,
  userId: string,
): Promise<(typeof businesses.$inferSelect)[]> {
  const owned = await tx
    .select({ business: businesses })
    .from(memberships)
    .innerJoin(businesses, eq(businesses.id, memberships.businessId))
    .where(and(eq(memberships.userId, userId), eq(memberships.role, "owner")))
    .for("update", { of: businesses });
  const runAlone: (typeof businesses.$inferSelect)[] = [];
  const blocking: string[] = [];
  for (const { business } of owned) {
    const [others] = await tx
      .select({ members: count() })
      .from(memberships)
      .where(and(eq(memberships.businessId, business.id), ne(memberships.userId, userId)));
    const [otherOwners] = await tx
      .select({ value: count() })
      .from(memberships)
      .where(
        and(
          eq(memberships.businessId, business.id),
          ne(memberships.userId, userId),
          eq(memberships.role, "owner"),
        ),
      );
    if ((others?.members ?? 0) === 0) runAlone.push(business);
    else if ((otherOwners?.value ?? 0) === 0) blocking.push(businessDisplayName(business));
  }
  if (blocking.length > 0) {
    const names = blocking.join(", ");
    throw new AppError(
      "PRECONDITION_FAILED",
      `You are the only owner of ${names}, which has other members. Make one of them an owner (Team), or delete the business, before you delete your account.`,
    );
  }
  return runAlone;
}

async function userLanguage(db: DbOrTx, userId: string): Promise<Language> {
  const [profile] = await db
    .select({ language: userProfiles.language })
    .from(userProfiles)
    .where(eq(userProfiles.userId, userId));
  return toLanguage(profile?.language);
}

/** The deletion state the Security page shows. */
export async function accountDeletionStatus(db: DbOrTx, userId: string) {
  const [row] = await db
    .select({ deletionRequestedAt: users.deletionRequestedAt, deleteAfter: users.deleteAfter })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  if (!row) throw new AppError("NOT_FOUND", "Account not found");
  return row.deletionRequestedAt && row.deleteAfter
    ? { scheduled: true as const, requestedAt: row.deletionRequestedAt, deleteAfter: row.deleteAfter }
    : { scheduled: false as const };
}

/**
 * Step one of deleting the signed-in person's account, after checking their password: it will be deleted after
 * the grace period (the same as a business's), every session ends at once, and they are emailed the date and how
 * to restore it (sign in, then Security → Restore my account). Refused while they are the only owner of a
 * business that has other members.
 */
export async function scheduleAccountDeletion(
  ctx: ServiceContext,
  input: { userId: string; password: string },
): Promise<{ deleteAfter: Date }> {
  const [user] = await ctx.db.select().from(users).where(eq(users.id, input.userId)).limit(1);
  if (!user) throw new AppError("UNAUTHORIZED", "Please sign in to continue", { reason: "SESSION_ENDED" });
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    throw new AppError("BAD_REQUEST", "That is not your password", {
      fieldErrors: { password: ["That is not your password"] },
    });
  }
  return inTransaction(ctx, async (tx, afterCommit) => {
    const [locked] = await tx.select().from(users).where(eq(users.id, user.id)).for("update");
    if (!locked)
      throw new AppError("UNAUTHORIZED", "Please sign in to continue", { reason: "SESSION_ENDED" });
    if (locked.deletionRequestedAt)
      throw new AppError("CONFLICT", "Your account is already going to be deleted");
    await businessesGoingWithAccount(tx, user.id);
    const now = ctx.now();
    const deleteAfter = graceDeadline(ctx, now);
    await tx.update(users).set({ deletionRequestedAt: now, deleteAfter }).where(eq(users.id, user.id));
    await endSessions(tx, afterCommit, { userId: user.id }, "revoked", now);
    await recordActivity(
      tx,
      { ...ctx.actor, userId: user.id, businessId: null },
      {
        action: "account.deletion_scheduled",
        entityType: "user",
        entityId: user.id,
        businessId: null,
        metadata: { deleteAfter: deleteAfter.toISOString() },
      },
    );
    const language = await userLanguage(tx, user.id);
    await queueEmail(tx, afterCommit, {
      template: "account-deletion-scheduled",
      to: user.email,
      businessId: null,
      email: accountDeletionScheduledEmail({
        language,
        fullName: user.fullName,
        deleteOn: formatMomentFor(deleteAfter, language, { dateStyle: "long" }),
        restoreUrl: `${ctx.config.appUrl.replace(/\/$/, "")}/account/security`,
      }),
    });
    return { deleteAfter };
  });
}

/** Cancels the signed-in person's scheduled account deletion during the grace period. */
export async function restoreAccount(ctx: ServiceContext, userId: string): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, userId)).for("update");
    if (!user) throw new AppError("NOT_FOUND", "Account not found");
    if (!user.deletionRequestedAt) throw new AppError("CONFLICT", "Your account is not going to be deleted");
    await tx.update(users).set({ deletionRequestedAt: null, deleteAfter: null }).where(eq(users.id, userId));
    await recordActivity(
      tx,
      { ...ctx.actor, userId, businessId: null },
      { action: "account.deletion_cancelled", entityType: "user", entityId: userId, businessId: null },
    );
  });
}

/**
 * Deletes an account for good in the caller's transaction, with the businesses it runs alone. Records it made in
 * businesses (transactions, invoices, audit rows) stay with them, unlinked.
 */
async function deleteAccountNow(
  ctx: ServiceContext,
  tx: DbOrTx,
  afterCommit: AfterCommit,
  user: typeof users.$inferSelect,
  actor: Actor,
): Promise<void> {
  const runAlone = await businessesGoingWithAccount(tx, user.id);
  for (const business of runAlone) await deleteBusinessNow(ctx, tx, afterCommit, business, actor);
  await endSessions(tx, afterCommit, { userId: user.id }, "revoked", ctx.now());
  await recordActivity(tx, actor, {
    action: "account.deleted",
    entityType: "user",
    entityId: user.id,
    businessId: null,
    metadata: {
      businessesDeleted: runAlone.map((business) => business.id),
      requestedAt: user.deletionRequestedAt?.toISOString() ?? null,
    },
  });
  await queueEmail(tx, afterCommit, {
    template: "account-deleted",
    to: user.email,
    businessId: null,
    email: accountDeletedEmail({ language: await userLanguage(tx, user.id), fullName: user.fullName }),
  });
  const exports = await tx
    .select({ objectKey: dataExports.objectKey })
    .from(dataExports)
    .where(and(eq(dataExports.requestedByUserId, user.id), isNotNull(dataExports.objectKey)));
  await queueObjectDeletions(
    tx,
    exports.flatMap((row) => (row.objectKey ? [row.objectKey] : [])),
  );
  // Memberships, profile, sessions, tokens and exports go by cascade; audit rows keep the fact, unlinked.
  await tx.delete(users).where(eq(users.id, user.id));
  afterCommit.run(async () => {
    await ctx.storage.deletePrefix(`accounts/${user.id.toLowerCase()}/`);
  });
}

/**
 * The daily job: accounts whose grace period is over are deleted, one transaction each. One that has become the
 * only owner of a shared business since asking stays scheduled (and is logged) until that is resolved.
 */
export async function deleteDueAccounts(ctx: ServiceContext, now: Date = ctx.now()): Promise<number> {
  const due = await ctx.db
    .select({ id: users.id })
    .from(users)
    .where(and(isNotNull(users.deletionRequestedAt), lte(users.deleteAfter, now)));
  const deleted = await purgeDue(
    ctx,
    due.map((row) => row.id),
    async (tx, afterCommit, id) => {
      const [user] = await tx
        .select()
        .from(users)
        .where(and(eq(users.id, id), isNotNull(users.deletionRequestedAt), lte(users.deleteAfter, now)))
        .for("update", { skipLocked: true });
      if (!user) return false;
      try {
        await deleteAccountNow(ctx, tx, afterCommit, user, {
          ...SYSTEM_ACTOR,
          userId: null,
          businessId: null,
        });
      } catch (error) {
        if (!(error instanceof AppError && error.code === "PRECONDITION_FAILED")) throw error;
        ctx.logger.warn(
          { userId: id },
          "account past its grace period is the only owner of a shared business",
        );
        return false;
      }
      return true;
    },
  );
  if (deleted > 0) ctx.logger.info({ deleted }, "deleted accounts past their grace period");
  return deleted;
}
