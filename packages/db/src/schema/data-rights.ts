import { bigint, index, pgEnum, pgTable, primaryKey, text, uuid, varchar } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { businesses } from "./businesses";
import { id, timestamps, timestamptz } from "./columns";

/**
 * Kenya's Data Protection Act: a person's copy of their own data, or an owner's copy of the whole business, built
 * by a worker job into a zip in storage under an unguessable key, and fetched with a short-lived link.
 */
export const dataExportKindEnum = pgEnum("data_export_kind", ["account", "business"]);
export const dataExportStatusEnum = pgEnum("data_export_status", [
  "queued",
  "building",
  "ready",
  "failed",
  "expired",
]);

export const dataExports = pgTable(
  "data_exports",
  {
    id: id(),
    kind: dataExportKindEnum().notNull(),
    requestedByUserId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The business exported (kind "business"); null for an account export. */
    businessId: uuid().references(() => businesses.id, { onDelete: "cascade" }),
    status: dataExportStatusEnum().notNull().default("queued"),
    objectKey: varchar({ length: 300 }),
    sizeBytes: bigint({ mode: "number" }),
    error: text(),
    startedAt: timestamptz(),
    completedAt: timestamptz(),
    /** After this the zip is deleted and the export shows as expired. */
    expiresAt: timestamptz(),
    ...timestamps,
  },
  (t) => [
    index("data_exports_user_idx").on(t.requestedByUserId, t.createdAt),
    index("data_exports_business_idx").on(t.businessId, t.createdAt),
  ],
);

/**
 * Scheduled report emails already sent, one row per business, kind and period ("2026-W49", "2026-11"): the
 * claim that makes a rerun of the weekly or monthly job send nothing twice.
 */
export const scheduledReportSends = pgTable(
  "scheduled_report_sends",
  {
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    kind: varchar({ length: 30 }).notNull(),
    period: varchar({ length: 10 }).notNull(),
    recipients: bigint({ mode: "number" }).notNull().default(0),
    createdAt: timestamptz().notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.businessId, t.kind, t.period] })],
);
