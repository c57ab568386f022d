import { index, jsonb, pgTable, text, uuid, varchar } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { businesses } from "./businesses";
import { id, timestamptz } from "./columns";

/** In-app notifications: the bell in the app shell. */
export const notifications = pgTable(
  "notifications",
  {
    id: id(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    businessId: uuid().references(() => businesses.id, { onDelete: "cascade" }),
    kind: varchar({ length: 50 }).notNull(),
    title: varchar({ length: 200 }).notNull(),
    body: text(),
    /** In-app path to open, e.g. /invoices/…; never an external URL. */
    link: varchar({ length: 500 }),
    data: jsonb().$type<Record<string, unknown>>(),
    readAt: timestamptz(),
    createdAt: timestamptz().notNull().defaultNow(),
  },
  (t) => [index("notifications_user_idx").on(t.userId, t.createdAt.desc())],
);
