import { timestamp, uuid } from "drizzle-orm/pg-core";

/** Every table's primary key: a random UUID, so ids leak neither counts nor order. */
export const id = () => uuid().primaryKey().defaultRandom();

/** Millisecond precision, like JavaScript's Date, so keyset cursors round-trip exactly. */
export const timestamptz = () => timestamp({ withTimezone: true, mode: "date", precision: 3 });

export const timestamps = {
  createdAt: timestamptz().notNull().defaultNow(),
  updatedAt: timestamptz()
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date()),
};
