import { businesses, type DbOrTx, memberships, moduleAssignments, users } from "@kavi/db";
import type { Module, TBusinessDetails, ZCreateBusinessSchema, ZUpdateBusinessSchema } from "@kavi/domain";
import { and, asc, count, eq, ne, sql } from "drizzle-orm";
import type { z } from "zod";
import { AppError } from "../errors";
import { type Actor, diffChanges, recordActivity } from "./activity";
import { ensureDefaultCategories } from "./categories";
import { createDefaultInvoiceSettings } from "./invoices/settings";
import { rotateCallbackTokenAfterLeaving } from "./mpesa/settings";
import type { ServiceContext } from "./service-context";
import { baseCurrencyLockReason } from "./transactions/record";
import { inTransaction } from "./unit-of-work";

export type TBusinessRow = typeof businesses.$inferSelect;
type TCreateBusiness = z.output<typeof ZCreateBusinessSchema>;
type TUpdateBusiness = z.output<typeof ZUpdateBusinessSchema>;

const BUSINESS_FIELDS = [
  "legalName",
  "tradingName",
  "registrationNumber",
  "taxId",
  "email",
  "phone",
  "website",
  "address",
  "city",
  "country",
  "foundingYear",
  "employeeCount",
  "industry",
  "businessModel",
  "revenueBand",
  "baseCurrency",
  "timezone",
] as const satisfies readonly (keyof TBusinessDetails & keyof TBusinessRow)[];

/** The businesses a user belongs to, with their role in each: the business switcher. */
export async function listMyBusinesses(db: DbOrTx, userId: string) {
  const rows = await db
    .select({
      id: businesses.id,
      legalName: businesses.legalName,
      tradingName: businesses.tradingName,
      baseCurrency: businesses.baseCurrency,
      timezone: businesses.timezone,
      membershipId: memberships.id,
      role: memberships.role,
      modules: sql<string[] | null>`(
        select array_agg(${moduleAssignments.module}::text order by ${moduleAssignments.module})
        from ${moduleAssignments} where ${moduleAssignments.membershipId} = ${memberships.id}
      )`,
    })
    .from(memberships)
    .innerJoin(businesses, eq(businesses.id, memberships.businessId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(sql`lower(coalesce(${businesses.tradingName}, ${businesses.legalName}))`));
  return rows.map((row) => ({ ...row, modules: (row.modules ?? []) as Module[] }));
}

export async function getBusiness(db: DbOrTx, businessId: string): Promise<TBusinessRow> {
  const [row] = await db.select().from(businesses).where(eq(businesses.id, businessId)).limit(1);
  if (!row) throw new AppError("NOT_FOUND", "Business not found");
  return row;
}

export async function createBusiness(ctx: ServiceContext, input: TCreateBusiness): Promise<TBusinessRow> {
  const userId = ctx.actor.userId;
  if (!userId) throw new AppError("UNAUTHORIZED", "Please sign in to continue");
  return inTransaction(ctx, async (tx) => {
    const [business] = await tx
      .insert(businesses)
      .values({ ...input, createdByUserId: userId })
      .returning();
    if (!business) throw new Error("business insert returned nothing");
    const [membership] = await tx
      .insert(memberships)
      .values({ businessId: business.id, userId, role: "owner" })
      .returning({ id: memberships.id });
    await tx.update(users).set({ lastBusinessId: business.id }).where(eq(users.id, userId));
    const actor: Actor = { ...ctx.actor, businessId: business.id };
    await recordActivity(tx, actor, {
      action: "business.created",
      entityType: "business",
      entityId: business.id,
      changes: diffChanges(null, business, BUSINESS_FIELDS),
    });
    await recordActivity(tx, actor, {
      action: "member.added",
      entityType: "membership",
      entityId: membership?.id ?? null,
      metadata: { role: "owner", userId },
    });
    // What every new business starts with, in the same transaction.
    await ensureDefaultCategories(tx, business.id);
    await createDefaultInvoiceSettings(tx, business.id);
    return business;
  });
}

export async function updateBusiness(
  ctx: ServiceContext,
  businessId: string,
  patch: TUpdateBusiness,
): Promise<TBusinessRow> {
  return inTransaction(ctx, async (tx, afterCommit) => {
    const [before] = await tx.select().from(businesses).where(eq(businesses.id, businessId)).for("update");
    if (!before) throw new AppError("NOT_FOUND", "Business not found");
    if (patch.baseCurrency && patch.baseCurrency !== before.baseCurrency) {
      const reason = await baseCurrencyLockReason(tx, businessId);
      if (reason) throw new AppError("CONFLICT", reason, { fieldErrors: { baseCurrency: [reason] } });
    }
    const changes = diffChanges(before, patch, BUSINESS_FIELDS);
    if (!changes) return before;
    const [after] = await tx.update(businesses).set(patch).where(eq(businesses.id, businessId)).returning();
    afterCommit.forgetCallers({ businessId });
    if (!after) throw new AppError("NOT_FOUND", "Business not found");
    await recordActivity(tx, ctx.actor, {
      action: "business.updated",
      entityType: "business",
      entityId: businessId,
      changes,
    });
    return after;
  });
}

export async function countOwners(
  db: DbOrTx,
  businessId: string,
  excludingMembershipId?: string,
): Promise<number> {
  const [row] = await db
    .select({ value: count() })
    .from(memberships)
    .where(
      and(
        eq(memberships.businessId, businessId),
        eq(memberships.role, "owner"),
        excludingMembershipId ? ne(memberships.id, excludingMembershipId) : undefined,
      ),
    );
  return row?.value ?? 0;
}

export async function leaveBusiness(
  ctx: ServiceContext,
  businessId: string,
  membershipId: string,
): Promise<void> {
  await inTransaction(ctx, async (tx, afterCommit) => {
    const [membership] = await tx
      .select()
      .from(memberships)
      .where(and(eq(memberships.id, membershipId), eq(memberships.businessId, businessId)))
      .for("update");
    if (!membership) throw new AppError("NOT_FOUND", "Business not found");
    if (membership.role === "owner") {
      // Lock every owner row so two owners leaving at once cannot both succeed.
      await tx
        .select({ id: memberships.id })
        .from(memberships)
        .where(and(eq(memberships.businessId, businessId), eq(memberships.role, "owner")))
        .for("update");
      if ((await countOwners(tx, businessId, membershipId)) === 0) {
        throw new AppError(
          "PRECONDITION_FAILED",
          "You are the last owner. Make someone else an owner before you leave.",
          {
            reason: "LAST_OWNER",
          },
        );
      }
    }
    await tx.delete(memberships).where(eq(memberships.id, membershipId));
    afterCommit.forgetCallers({ businessId });
    await tx
      .update(users)
      .set({ lastBusinessId: null })
      .where(and(eq(users.id, membership.userId), eq(users.lastBusinessId, businessId)));
    await recordActivity(tx, ctx.actor, {
      action: "member.left",
      entityType: "membership",
      entityId: membershipId,
      metadata: { userId: membership.userId, role: membership.role },
    });
    await rotateCallbackTokenAfterLeaving(tx, afterCommit, ctx, businessId, membership.role);
  });
}

export async function transferOwnership(
  ctx: ServiceContext,
  businessId: string,
  fromMembershipId: string,
  toMembershipId: string,
  keepOwnerRole: boolean,
): Promise<void> {
  if (fromMembershipId === toMembershipId) {
    throw new AppError("BAD_REQUEST", "Choose another member to transfer ownership to", {
      fieldErrors: { membershipId: ["Choose another member"] },
    });
  }
  await inTransaction(ctx, async (tx, afterCommit) => {
    const [target] = await tx
      .select()
      .from(memberships)
      .where(and(eq(memberships.id, toMembershipId), eq(memberships.businessId, businessId)))
      .for("update");
    if (!target) throw new AppError("NOT_FOUND", "Member not found");
    await tx.update(memberships).set({ role: "owner" }).where(eq(memberships.id, toMembershipId));
    await tx.delete(moduleAssignments).where(eq(moduleAssignments.membershipId, toMembershipId));
    afterCommit.forgetCallers({ businessId });
    if (!keepOwnerRole) {
      await tx.update(memberships).set({ role: "admin" }).where(eq(memberships.id, fromMembershipId));
    }
    await recordActivity(tx, ctx.actor, {
      action: "business.ownership_transferred",
      entityType: "membership",
      entityId: toMembershipId,
      changes: { role: { before: target.role, after: "owner" } },
      metadata: { fromMembershipId, previousOwnerKeptOwnerRole: keepOwnerRole },
    });
  });
}

export async function rememberActiveBusiness(db: DbOrTx, userId: string, businessId: string): Promise<void> {
  await db.update(users).set({ lastBusinessId: businessId }).where(eq(users.id, userId));
}
