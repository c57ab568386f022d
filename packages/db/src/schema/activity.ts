import { index, inet, jsonb, pgTable, uuid, varchar } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { apiKeys } from "./api-keys";
import { businesses } from "./businesses";
import { id, timestamptz } from "./columns";

export type TActivityChanges = Record<string, { before: unknown; after: unknown }>;

/** Append-only audit trail, written in the same transaction as the change it records. */
export const activityLog = pgTable(
  "activity_log",
  {
    id: id(),
    /** Null for account-level actions (sign-in, password change). */
    businessId: uuid().references(() => businesses.id, { onDelete: "cascade" }),
    /** Null when the system acted (a worker, a webhook). */
    actorUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    /** Set when the change came through the REST API with an API key (the user is the key's creator). */
    actorApiKeyId: uuid().references(() => apiKeys.id, { onDelete: "set null" }),
    action: varchar({ length: 100 }).notNull(),
    entityType: varchar({ length: 50 }).notNull(),
    entityId: varchar({ length: 100 }),
    changes: jsonb().$type<TActivityChanges>(),
    metadata: jsonb().$type<Record<string, unknown>>(),
    ip: inet(),
    userAgent: varchar({ length: 500 }),
    requestId: varchar({ length: 100 }),
    createdAt: timestamptz().notNull().defaultNow(),
  },
  (t) => [
    index("activity_log_business_time_idx").on(t.businessId, t.createdAt.desc(), t.id.desc()),
    index("activity_log_entity_idx").on(t.businessId, t.entityType, t.entityId),
    index("activity_log_actor_idx").on(t.actorUserId, t.createdAt.desc()),
  ],
);
