import { type DbOrTx, userProfiles } from "@kavi/db";
import { type NotificationChannel, type NotificationKindFor, wantsNotification } from "@kavi/domain";
import { inArray } from "drizzle-orm";

/**
 * The one place notification preferences are applied: every in-app notification (`notify`) and every email to a
 * member about their business (budget and low-cash alerts, loan reminders, …) and every SMS to a member (loan
 * reminders) passes its recipients through here.
 */
export async function recipientsWhoWant<C extends NotificationChannel>(
  db: DbOrTx,
  userIds: readonly string[],
  channel: C,
  kind: NotificationKindFor<C>,
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
