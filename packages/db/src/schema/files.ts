import { FILE_PURPOSES } from "@kavi/domain";
import { sql } from "drizzle-orm";
import {
  bigint,
  char,
  date,
  index,
  integer,
  pgEnum,
  pgTable,
  real,
  text,
  uniqueIndex,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { businesses } from "./businesses";
import { id, timestamps, timestamptz } from "./columns";
import { transactions } from "./transactions";

/** What a stored file is for; it decides the types and sizes allowed (packages/domain/src/files.ts). */
export const filePurposeEnum = pgEnum("file_purpose", FILE_PURPOSES);
/** `pending` until the browser's upload is checked; `rejected` when its bytes were not an allowed type. */
export const fileStatusEnum = pgEnum("file_status", ["pending", "ready", "rejected"]);

/**
 * Every object KAVI keeps in storage (the S3 uploads bucket). A row exists before the upload (its key is
 * unguessable and under the business's prefix), so no object is ever without an owner. Links to what the file
 * belongs to are optional columns: a transaction today, loan applications later.
 */
export const files = pgTable(
  "files",
  {
    id: id(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    uploadedByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    purpose: filePurposeEnum().notNull(),
    status: fileStatusEnum().notNull().default("pending"),
    objectKey: varchar({ length: 300 }).notNull(),
    /** The name the person's device gave it (shown and used for downloads; never trusted for the type). */
    fileName: varchar({ length: 255 }).notNull(),
    /** The type the browser declared and the presigned upload was signed for. */
    declaredContentType: varchar({ length: 100 }).notNull(),
    /** The type read from the bytes once uploaded. */
    contentType: varchar({ length: 100 }),
    sizeBytes: integer().notNull(),
    transactionId: uuid().references(() => transactions.id, { onDelete: "cascade" }),
    uploadedAt: timestamptz(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("files_object_key_key").on(t.objectKey),
    index("files_business_purpose_idx").on(t.businessId, t.purpose, t.createdAt.desc()),
    index("files_transaction_idx").on(t.transactionId).where(sql`${t.transactionId} is not null`),
  ],
);

/**
 * Objects to remove from storage. A trigger adds a row whenever a `files` row goes (deleted itself, or with its
 * business or transaction), in the same transaction, so an object is never forgotten; a sweeper removes the
 * object and then the row (see the files migration).
 */
export const fileDeletions = pgTable("file_deletions", {
  objectKey: varchar({ length: 300 }).primaryKey(),
  attempts: integer().notNull().default(0),
  lastError: text(),
  createdAt: timestamptz().notNull().defaultNow(),
});

export const receiptScanStatusEnum = pgEnum("receipt_scan_status", [
  "queued",
  "read",
  "failed",
  "confirmed",
  "discarded",
]);

/** A photographed receipt being read into an expense: what the reader found, then the expense it became. */
export const receiptScans = pgTable(
  "receipt_scans",
  {
    id: id(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    fileId: uuid()
      .notNull()
      .references(() => files.id, { onDelete: "cascade" }),
    createdByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    status: receiptScanStatusEnum().notNull().default("queued"),
    /** "tesseract" (offline OCR) or "gemini" (vision). */
    engine: varchar({ length: 20 }),
    merchant: varchar({ length: 200 }),
    receiptDate: date({ mode: "string" }),
    totalMinor: bigint({ mode: "bigint" }),
    vatMinor: bigint({ mode: "bigint" }),
    currency: char({ length: 3 }).notNull().default("KES"),
    /** The reader's confidence in its fields, 0–1. */
    confidence: real(),
    rawText: text(),
    error: text(),
    transactionId: uuid().references(() => transactions.id, { onDelete: "set null" }),
    readAt: timestamptz(),
    ...timestamps,
  },
  (t) => [index("receipt_scans_business_idx").on(t.businessId, t.createdAt.desc())],
);
