import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  char,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { id, timestamps, timestamptz } from "./columns";
import { moduleEnum, roleEnum } from "./enums";
import { files } from "./files";

/**
 * Names (legal or trading) are not unique: two businesses may share one, so nobody can hold a name or learn
 * from a refusal that it is on KAVI. KRA PINs are not unique either: a PIN is printed on every invoice, so a
 * unique PIN would let anyone who has seen one squat it.
 */
export const businesses = pgTable("businesses", {
  id: id(),
  legalName: varchar({ length: 255 }).notNull(),
  /** "Doing business as". */
  tradingName: varchar({ length: 255 }),
  registrationNumber: varchar({ length: 100 }),
  /** KRA PIN in Kenya. */
  taxId: varchar({ length: 100 }),
  email: varchar({ length: 254 }),
  phone: varchar({ length: 20 }),
  website: varchar({ length: 500 }),
  address: text(),
  city: varchar({ length: 100 }),
  country: char({ length: 2 }).notNull().default("KE"),
  foundingYear: integer(),
  employeeCount: integer(),
  industry: varchar({ length: 100 }),
  businessModel: varchar({ length: 100 }),
  revenueBand: varchar({ length: 50 }),
  baseCurrency: char({ length: 3 }).notNull().default("KES"),
  timezone: varchar({ length: 50 }).notNull().default("Africa/Nairobi"),
  /** Shown on invoices (PDF and public page) and emails. */
  logoFileId: uuid().references((): AnyPgColumn => files.id, { onDelete: "set null" }),
  createdByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
  /**
   * An owner asked to delete the business: it stays restorable until `deleteAfter`, then the daily purge job
   * deletes it and its stored files (docs/data-rights.md).
   */
  deletionRequestedAt: timestamptz(),
  deletionRequestedByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
  deleteAfter: timestamptz(),
  ...timestamps,
});

export const memberships = pgTable(
  "memberships",
  {
    id: id(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: roleEnum().notNull(),
    invitedByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("memberships_business_user_key").on(t.businessId, t.userId),
    index("memberships_user_idx").on(t.userId),
  ],
);

/** The modules a staff member works in. Owners, admins and viewers ignore it. */
export const moduleAssignments = pgTable(
  "module_assignments",
  {
    membershipId: uuid()
      .notNull()
      .references(() => memberships.id, { onDelete: "cascade" }),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    module: moduleEnum().notNull(),
    assignedByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamptz().notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.membershipId, t.module] })],
);

export const invitations = pgTable(
  "invitations",
  {
    id: id(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    email: varchar({ length: 254 }).notNull(),
    role: roleEnum().notNull(),
    modules: moduleEnum().array().notNull().default(sql`'{}'`),
    tokenHash: varchar({ length: 64 }).notNull(),
    invitedByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    expiresAt: timestamptz().notNull(),
    lastSentAt: timestamptz().notNull().defaultNow(),
    sendCount: integer().notNull().default(1),
    acceptedAt: timestamptz(),
    acceptedByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    declinedAt: timestamptz(),
    revokedAt: timestamptz(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("invitations_token_hash_key").on(t.tokenHash),
    // One open invitation per person per business; accepted/declined/revoked ones stay as history.
    uniqueIndex("invitations_open_email_key")
      .on(t.businessId, t.email)
      .where(sql`${t.acceptedAt} is null and ${t.declinedAt} is null and ${t.revokedAt} is null`),
    index("invitations_email_idx").on(t.email),
  ],
);
