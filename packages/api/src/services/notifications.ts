import { type DbOrTx, insertRows, notifications } from "@kavi/db";
import type { InAppNotificationKind } from "@kavi/domain";
import { and, count, desc, eq, isNull, lt, or, type SQL, sql } from "drizzle-orm";
import { recipientsWhoWantEach } from "./notification-preferences";
import { decodeCursor, encodeCursor } from "./pagination";
import { type LocalizedText, languagesOfUsers, textIn } from "./user-language";

export interface NotificationInput {
  userIds: string[];
  businessId: string | null;
  kind: InAppNotificationKind;
  /** Written per language when it is KAVI's own words: each person reads it in their profile's language. */
  title: LocalizedText;
  body?: LocalizedText | null;
  link?: string | null;
  data?: Record<string, unknown> | null;
}

/** In-app notifications, to those of `userIds` whose preferences want this kind (recipientsWhoWant). */
export async function notify(tx: DbOrTx, input: NotificationInput): Promise<void> {
  await notifyAll(tx, [input]);
}

/** notify for many notifications (a settlement batch): preferences and languages read once, one insert. */
export async function notifyAll(tx: DbOrTx, inputs: readonly NotificationInput[]): Promise<void> {
  const recipients = await recipientsWhoWantEach(
    tx,
    inputs.map((input) => ({ userIds: input.userIds, channel: "inApp" as const, kind: input.kind })),
  );
  const translated = new Set<string>();
  inputs.forEach((input, index) => {
    if (typeof input.title !== "string" || (input.body != null && typeof input.body !== "string")) {
      for (const userId of recipients[index] ?? []) translated.add(userId);
    }
  });
  const languages = translated.size > 0 ? await languagesOfUsers(tx, [...translated]) : null;
  const rows = inputs.flatMap((input, index) =>
    (recipients[index] ?? []).map((userId) => ({
      userId,
      businessId: input.businessId,
      kind: input.kind,
      title: textIn(input.title, languages?.get(userId) ?? "en"),
      body: input.body == null ? null : textIn(input.body, languages?.get(userId) ?? "en"),
      link: input.link ?? null,
      data: input.data ?? null,
    })),
  );
  if (rows.length === 0) return;
  await insertRows(tx, notifications, rows);
}

export async function listNotifications(
  db: DbOrTx,
  userId: string,
  page: { cursor?: string | null | undefined; limit: number; unreadOnly?: boolean | undefined },
) {
  const after = decodeCursor(page.cursor);
  const conditions: SQL[] = [eq(notifications.userId, userId)];
  if (page.unreadOnly) conditions.push(isNull(notifications.readAt));
  if (after) {
    const keyset = or(
      lt(notifications.createdAt, after.createdAt),
      and(eq(notifications.createdAt, after.createdAt), lt(notifications.id, after.id)),
    );
    if (keyset) conditions.push(keyset);
  }
  const rows = await db
    .select()
    .from(notifications)
    .where(and(...conditions))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(page.limit + 1);
  const items = rows.slice(0, page.limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > page.limit && last ? encodeCursor(last) : null };
}

function buildUnreadCount(db: DbOrTx) {
  return db
    .select({ value: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, sql.placeholder("userId")), isNull(notifications.readAt)))
    .prepare("kavi_count_unread_notifications");
}

// The app shell polls this on every screen: built once per database handle, planned once per connection.
const preparedUnreadCounts = new WeakMap<object, ReturnType<typeof buildUnreadCount>>();

export async function countUnread(db: DbOrTx, userId: string): Promise<number> {
  let prepared = preparedUnreadCounts.get(db);
  if (!prepared) {
    prepared = buildUnreadCount(db);
    preparedUnreadCounts.set(db, prepared);
  }
  const [row] = await prepared.execute({ userId });
  return row?.value ?? 0;
}

export async function markNotificationsRead(db: DbOrTx, userId: string, ids: string[] | "all", now: Date) {
  const scope =
    ids === "all"
      ? and(eq(notifications.userId, userId), isNull(notifications.readAt))
      : and(
          eq(notifications.userId, userId),
          isNull(notifications.readAt),
          or(...ids.map((id) => eq(notifications.id, id))),
        );
  const updated = await db
    .update(notifications)
    .set({ readAt: now })
    .where(scope)
    .returning({ id: notifications.id });
  return updated.length;
}
