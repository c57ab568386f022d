import { sql } from "drizzle-orm";
import {
  boolean,
  date,
  index,
  inet,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  uniqueIndex,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";
import { id, timestamps, timestamptz } from "./columns";

export const users = pgTable(
  "users",
  {
    id: id(),
    /** Stored lower-cased; unique. */
    email: varchar({ length: 254 }).notNull(),
    fullName: varchar({ length: 120 }).notNull(),
    passwordHash: text().notNull(),
    isSuperAdmin: boolean().notNull().default(false),
    emailVerifiedAt: timestamptz(),
    passwordChangedAt: timestamptz().notNull().defaultNow(),
    lastSignInAt: timestamptz(),
    /** The business the user last worked in, restored after sign-in. */
    lastBusinessId: uuid(),
    /**
     * The person asked to delete their account: it stays restorable (by signing in) until `deleteAfter`, then the
     * daily purge job deletes it. Null when no deletion is pending.
     */
    deletionRequestedAt: timestamptz(),
    deleteAfter: timestamptz(),
    ...timestamps,
  },
  (t) => [uniqueIndex("users_email_key").on(t.email)],
);

export const riskToleranceEnum = pgEnum("risk_tolerance", ["low", "medium", "high"]);

export const userProfiles = pgTable("user_profiles", {
  userId: uuid()
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  phone: varchar({ length: 20 }),
  bio: text(),
  avatarUrl: varchar({ length: 500 }),
  dateOfBirth: date({ mode: "string" }),
  jobTitle: varchar({ length: 100 }),
  company: varchar({ length: 100 }),
  country: varchar({ length: 100 }),
  city: varchar({ length: 100 }),
  timezone: varchar({ length: 50 }).notNull().default("Africa/Nairobi"),
  language: varchar({ length: 10 }).notNull().default("en"),
  currency: varchar({ length: 3 }).notNull().default("KES"),
  notificationPreferences: jsonb().notNull().default(sql`'{}'::jsonb`),
  riskTolerance: riskToleranceEnum(),
  ...timestamps,
});

export const sessionEndReasonEnum = pgEnum("session_end_reason", [
  "signed_out",
  "signed_out_everywhere",
  "revoked",
  "password_changed",
  "password_reset",
  "token_reuse_detected",
  "idle_timeout",
]);

/** A signed-in device: one refresh-token family. */
export const sessions = pgTable(
  "sessions",
  {
    id: id(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    ip: inet(),
    userAgent: varchar({ length: 500 }),
    /** A readable device label derived from the user agent ("Chrome on Android"). */
    deviceLabel: varchar({ length: 120 }),
    lastSeenAt: timestamptz().notNull().defaultNow(),
    /** Absolute end of the family, whatever the rotations. */
    expiresAt: timestamptz().notNull(),
    endedAt: timestamptz(),
    endReason: sessionEndReasonEnum(),
    createdAt: timestamptz().notNull().defaultNow(),
  },
  (t) => [index("sessions_user_idx").on(t.userId, t.endedAt)],
);

export const refreshTokens = pgTable(
  "refresh_tokens",
  {
    id: id(),
    sessionId: uuid()
      .notNull()
      .references(() => sessions.id, { onDelete: "cascade" }),
    /** SHA-256 of the opaque token; the token itself is never stored. */
    tokenHash: varchar({ length: 64 }).notNull(),
    expiresAt: timestamptz().notNull(),
    /** Set when the token is exchanged; presenting it again means it was stolen. */
    rotatedAt: timestamptz(),
    createdAt: timestamptz().notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("refresh_tokens_hash_key").on(t.tokenHash),
    index("refresh_tokens_session_idx").on(t.sessionId),
  ],
);

export const passwordResetTokens = pgTable(
  "password_reset_tokens",
  {
    id: id(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tokenHash: varchar({ length: 64 }).notNull(),
    expiresAt: timestamptz().notNull(),
    usedAt: timestamptz(),
    requestedIp: inet(),
    createdAt: timestamptz().notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("password_reset_tokens_hash_key").on(t.tokenHash),
    index("password_reset_tokens_user_idx").on(t.userId),
  ],
);

export const failedSignInReasonEnum = pgEnum("failed_sign_in_reason", [
  "wrong_password",
  "unknown_email",
  "locked",
  /** A signed-in session gave the wrong current password when changing it: a guess like any other. */
  "wrong_current_password",
]);

export const failedLoginAttempts = pgTable(
  "failed_login_attempts",
  {
    id: id(),
    email: varchar({ length: 254 }).notNull(),
    userId: uuid().references(() => users.id, { onDelete: "set null" }),
    ip: inet(),
    userAgent: varchar({ length: 500 }),
    reason: failedSignInReasonEnum().notNull(),
    createdAt: timestamptz().notNull().defaultNow(),
  },
  (t) => [
    index("failed_login_attempts_email_idx").on(t.email, t.createdAt),
    index("failed_login_attempts_ip_idx").on(t.ip, t.createdAt),
  ],
);

/**
 * Proof that a person reads the mail of their account's address: an emailed link (a 256-bit token) and a
 * 6-digit code for people who read the email on another device. One row per account, replaced on resend.
 */
export const emailVerifications = pgTable(
  "email_verifications",
  {
    userId: uuid()
      .primaryKey()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The address being proved: the account's email when the message was sent. */
    email: varchar({ length: 254 }).notNull(),
    /** SHA-256 of the link's token. */
    tokenHash: varchar({ length: 64 }).notNull(),
    /** SHA-256 of the code, salted with the account id. */
    codeHash: varchar({ length: 64 }).notNull(),
    /** Wrong tries of the current code; a resend starts again. */
    codeAttempts: integer().notNull().default(0),
    /** Wrong tries over the row's life, never reset: the ceiling on guessing codes. */
    failedCodeAttempts: integer().notNull().default(0),
    /** SHA-256 of the sign-up ticket, which lets the browser that signed up finish with the code. */
    signUpTicketHash: varchar({ length: 64 }),
    expiresAt: timestamptz().notNull(),
    lastSentAt: timestamptz().notNull().defaultNow(),
    sendCount: integer().notNull().default(1),
    verifiedAt: timestamptz(),
    createdAt: timestamptz().notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("email_verifications_token_hash_key").on(t.tokenHash),
    uniqueIndex("email_verifications_ticket_hash_key").on(t.signUpTicketHash),
  ],
);
