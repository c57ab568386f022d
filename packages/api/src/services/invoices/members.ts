import { businesses, type DbOrTx, memberships } from "@kavi/db";
import { and, eq, inArray } from "drizzle-orm";
import { AppError } from "../../errors";
import { type Actor, SYSTEM_ACTOR } from "../activity";
import type { BusinessScope } from "./context";

/** Who hears about invoice events that need a person (overdue invoices, recurring drafts to review). */
export async function invoiceManagerIds(db: DbOrTx, businessId: string): Promise<string[]> {
  const rows = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.businessId, businessId), inArray(memberships.role, ["owner", "admin"])));
  return rows.map((row) => row.userId);
}

export async function loadBusinessScope(db: DbOrTx, businessId: string): Promise<BusinessScope> {
  const [row] = await db
    .select({
      id: businesses.id,
      legalName: businesses.legalName,
      tradingName: businesses.tradingName,
      baseCurrency: businesses.baseCurrency,
      timezone: businesses.timezone,
    })
    .from(businesses)
    .where(eq(businesses.id, businessId))
    .limit(1);
  if (!row) throw new AppError("NOT_FOUND", "Business not found");
  return row;
}

/** The actor for work the system does on a business's behalf (jobs): no user, the business set. */
export function systemActorFor(businessId: string): Actor {
  return { ...SYSTEM_ACTOR, businessId };
}
