import { type DbOrTx, lendingOfficers, users } from "@kavi/db";
import { asc, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { AppError } from "../../errors";
import { recordActivity } from "../activity";
import type { ServiceContext } from "../service-context";
import { inTransaction } from "../unit-of-work";

const addedBy = alias(users, "added_by");

/** The people on the lending desk besides super-admins, with who added them. */
export function listLendingOfficers(db: DbOrTx) {
  return db
    .select({
      userId: lendingOfficers.userId,
      fullName: users.fullName,
      email: users.email,
      isSuperAdmin: users.isSuperAdmin,
      addedAt: lendingOfficers.createdAt,
      addedByName: addedBy.fullName,
    })
    .from(lendingOfficers)
    .innerJoin(users, eq(users.id, lendingOfficers.userId))
    .leftJoin(addedBy, eq(addedBy.id, lendingOfficers.addedByUserId))
    .orderBy(asc(users.fullName));
}

/** Puts an existing account on the desk (by its email); audited. */
export async function addLendingOfficer(ctx: ServiceContext, email: string) {
  return inTransaction(ctx, async (tx) => {
    const [user] = await tx
      .select({ id: users.id, fullName: users.fullName, email: users.email })
      .from(users)
      .where(eq(users.email, email));
    if (!user) {
      const message = "No KAVI account uses this email address";
      throw new AppError("BAD_REQUEST", message, { fieldErrors: { email: [message] } });
    }
    const [added] = await tx
      .insert(lendingOfficers)
      .values({ userId: user.id, addedByUserId: ctx.actor.userId })
      .onConflictDoNothing()
      .returning({ userId: lendingOfficers.userId });
    if (!added) {
      const message = "This person is already a lending officer";
      throw new AppError("CONFLICT", message, { fieldErrors: { email: [message] } });
    }
    await recordActivity(tx, ctx.actor, {
      action: "lending_officer.added",
      entityType: "user",
      entityId: user.id,
      businessId: null,
      metadata: { email: user.email, fullName: user.fullName },
    });
    return user;
  });
}

/** Takes someone off the desk; audited. Their past recommendations and decisions stay as they were. */
export async function removeLendingOfficer(ctx: ServiceContext, userId: string) {
  return inTransaction(ctx, async (tx) => {
    const [removed] = await tx
      .delete(lendingOfficers)
      .where(eq(lendingOfficers.userId, userId))
      .returning({ userId: lendingOfficers.userId });
    if (!removed) throw new AppError("NOT_FOUND", "Lending officer not found");
    const [user] = await tx.select({ email: users.email }).from(users).where(eq(users.id, userId));
    await recordActivity(tx, ctx.actor, {
      action: "lending_officer.removed",
      entityType: "user",
      entityId: userId,
      businessId: null,
      metadata: { email: user?.email ?? null },
    });
    return { userId };
  });
}
