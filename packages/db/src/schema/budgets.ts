import { bigint, char, date, index, pgTable, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { businesses } from "./businesses";
import { categories } from "./categories";
import { id, timestamps, timestamptz } from "./columns";
import { budgetPeriodEnum } from "./enums";

/** Planned spend (or income) for a category over a period; actuals come from transactions. */
export const budgets = pgTable(
  "budgets",
  {
    id: id(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    categoryId: uuid()
      .notNull()
      .references(() => categories.id, { onDelete: "cascade" }),
    period: budgetPeriodEnum().notNull().default("month"),
    periodStart: date({ mode: "string" }).notNull(),
    periodEnd: date({ mode: "string" }).notNull(),
    amountMinor: bigint({ mode: "bigint" }).notNull(),
    currency: char({ length: 3 }).notNull(),
    /** Each threshold alerts once. */
    alerted80At: timestamptz(),
    alerted100At: timestamptz(),
    createdByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("budgets_business_category_period_key").on(
      t.businessId,
      t.categoryId,
      t.periodStart,
      t.periodEnd,
    ),
    index("budgets_business_period_idx").on(t.businessId, t.periodStart, t.periodEnd),
  ],
);
