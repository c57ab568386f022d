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
  const question = { userIds, channel, kind } as PreferenceQuestion;
  const [wanted] = await recipientsWhoWantEach(db, [question]);
  return wanted ?? [];
}

/** Who of these people want a message of this kind on this channel. */
type PreferenceQuestion = {
  [C in NotificationChannel]: { userIds: readonly string[]; channel: C; kind: NotificationKindFor<C> };
}[NotificationChannel];

/** recipientsWhoWant for many messages at once (a settlement batch's notifications): one read of the preferences. */
export async function recipientsWhoWantEach(
  db: DbOrTx,
  messages: readonly PreferenceQuestion[],
): Promise<string[][]> {
  const everyone = [...new Set(messages.flatMap((message) => message.userIds))];
  if (everyone.length === 0) return messages.map(() => []);
  const rows = await db
    .select({ userId: userProfiles.userId, preferences: userProfiles.notificationPreferences })
    .from(userProfiles)
    .where(inArray(userProfiles.userId, everyone));
  const stored = new Map(rows.map((row) => [row.userId, row.preferences]));
  return messages.map((message) =>
    [...new Set(message.userIds)].filter((userId) =>
      wantsNotification(stored.get(userId), message.channel, message.kind),
    ),
  );
}
