import { type DbOrTx, userProfiles } from "@kavi/db";
import { wantsNotification } from "@kavi/domain";
import { inArray } from "drizzle-orm";

/**
 * The one place notification preferences are applied: every in-app notification (`notify`) and every email to a
 * member about their business (budget and low-cash alerts, …) passes its recipients through here.
 */
export async function recipientsWhoWant(
  db: DbOrTx,
  userIds: readonly string[],
  channel: "email" | "inApp",
  kind: string,
): Promise<string[]> {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return [];
  const rows = await db
    .select({ userId: userProfiles.userId, preferences: userProfiles.notificationPreferences })
    .from(userProfiles)
    .where(inArray(userProfiles.userId, unique));
  const stored = new Map(rows.map((row) => [row.userId, row.preferences]));
  return unique.filter((userId) => wantsNotification(stored.get(userId), channel, kind));
}
