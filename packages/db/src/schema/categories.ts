import { sql } from "drizzle-orm";
import { boolean, pgTable, uniqueIndex, uuid, varchar } from "drizzle-orm/pg-core";
import { businesses } from "./businesses";
import { id, timestamps, timestamptz } from "./columns";
import { categoryKindEnum } from "./enums";

/** Per-business income and expense categories, created with Kenyan small-business defaults. */
export const categories = pgTable(
  "categories",
  {
    id: id(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    kind: categoryKindEnum().notNull(),
    name: varchar({ length: 100 }).notNull(),
    /** A stable key for the defaults ("mpesa_charges"), so imports and M-Pesa can find them after a rename. */
    systemKey: varchar({ length: 50 }),
    color: varchar({ length: 20 }),
    isDefault: boolean().notNull().default(false),
    archivedAt: timestamptz(),
    /** Set when this category was merged into another: lookups by system key follow it there. */
    mergedIntoCategoryId: uuid(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("categories_business_kind_name_key")
      .on(t.businessId, t.kind, sql`lower(${t.name})`)
      .where(sql`${t.archivedAt} is null`),
    uniqueIndex("categories_business_system_key").on(t.businessId, t.systemKey),
  ],
);
