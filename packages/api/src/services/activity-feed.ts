import { activityLog, apiKeys, type DbOrTx, users } from "@kavi/db";
import { and, desc, eq, gte, isNull, like, lt, or, type SQL } from "drizzle-orm";
import { decodeCursor, encodeCursor } from "./pagination";

export interface ActivityFilters {
  actorUserId?: string | null | undefined;
  entityType?: string | null | undefined;
  /** "invoice." matches every invoice action. */
  actionPrefix?: string | null | undefined;
  from?: Date | null | undefined;
  to?: Date | null | undefined;
}

/** A business's trail, or one person's account-level events (sign-ins, password changes, sessions). */
export type ActivityScope = { businessId: string } | { accountUserId: string };

/** The Activity page (and the Security page's recent events): newest first, keyset-paginated, filterable. */
export async function listActivity(
  db: DbOrTx,
  scope: ActivityScope,
  filters: ActivityFilters,
  page: { cursor?: string | null | undefined; limit: number },
) {
  const conditions: SQL[] =
    "businessId" in scope
      ? [eq(activityLog.businessId, scope.businessId)]
      : [eq(activityLog.actorUserId, scope.accountUserId), isNull(activityLog.businessId)];
  if (filters.actorUserId) conditions.push(eq(activityLog.actorUserId, filters.actorUserId));
  if (filters.entityType) conditions.push(eq(activityLog.entityType, filters.entityType));
  if (filters.actionPrefix)
    conditions.push(like(activityLog.action, `${filters.actionPrefix.replace(/[%_\\]/g, "\\$&")}%`));
  if (filters.from) conditions.push(gte(activityLog.createdAt, filters.from));
  if (filters.to) conditions.push(lt(activityLog.createdAt, filters.to));
  const after = decodeCursor(page.cursor);
  if (after) {
    const keyset = or(
      lt(activityLog.createdAt, after.createdAt),
      and(eq(activityLog.createdAt, after.createdAt), lt(activityLog.id, after.id)),
    );
    if (keyset) conditions.push(keyset);
  }
  const rows = await db
    .select({
      id: activityLog.id,
      action: activityLog.action,
      entityType: activityLog.entityType,
      entityId: activityLog.entityId,
      changes: activityLog.changes,
      metadata: activityLog.metadata,
      ip: activityLog.ip,
      requestId: activityLog.requestId,
      createdAt: activityLog.createdAt,
      actor: { id: users.id, fullName: users.fullName, email: users.email },
      /** Set when the change came through the REST API: the key it came with (its creator is the actor). */
      apiKey: { id: apiKeys.id, name: apiKeys.name },
    })
    .from(activityLog)
    .leftJoin(users, eq(users.id, activityLog.actorUserId))
    .leftJoin(apiKeys, eq(apiKeys.id, activityLog.actorApiKeyId))
    .where(and(...conditions))
    .orderBy(desc(activityLog.createdAt), desc(activityLog.id))
    .limit(page.limit + 1);
  const items = rows.slice(0, page.limit).map((row) => ({
    ...row,
    actor: row.actor?.id ? row.actor : null,
    apiKey: row.apiKey?.id ? row.apiKey : null,
  }));
  const last = items.at(-1);
  return { items, nextCursor: rows.length > page.limit && last ? encodeCursor(last) : null };
}

/** Distinct entity types present, for the filter menu. */
export async function listActivityEntityTypes(db: DbOrTx, businessId: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ entityType: activityLog.entityType })
    .from(activityLog)
    .where(eq(activityLog.businessId, businessId))
    .orderBy(activityLog.entityType);
  return rows.map((row) => row.entityType);
}
