import { INTEREST_METHODS, KYC_DOCUMENT_KINDS, LOAN_APPLICATION_STATUSES, TENOR_UNITS } from "@kavi/domain";
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  char,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgSequence,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { businesses } from "./businesses";
import { id, timestamps, timestamptz } from "./columns";
import { files } from "./files";

export const interestMethodEnum = pgEnum("loan_interest_method", INTEREST_METHODS);
export const tenorUnitEnum = pgEnum("loan_tenor_unit", TENOR_UNITS);
export const loanStatusEnum = pgEnum("loan_status", LOAN_APPLICATION_STATUSES);
export const kycDocumentKindEnum = pgEnum("kyc_document_kind", KYC_DOCUMENT_KINDS);
export const loanRecommendationEnum = pgEnum("loan_recommendation", ["approve", "decline"]);

/** Loan numbers (LN000123): the account a business types when it repays by Paybill. */
export const loanNumberSequence = pgSequence("loan_number_seq", { startWith: 1001 });

/** People who work the platform's lending desk (besides super-admins, who always can). */
export const lendingOfficers = pgTable("lending_officers", {
  userId: uuid()
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  addedByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
  ...timestamps,
});

/** What the platform lends: ranges, pricing and penalty. Businesses see the active ones they qualify for. */
export const loanProducts = pgTable(
  "loan_products",
  {
    id: id(),
    name: varchar({ length: 80 }).notNull(),
    description: text(),
    currency: char({ length: 3 }).notNull().default("KES"),
    minAmountMinor: bigint({ mode: "bigint" }).notNull(),
    maxAmountMinor: bigint({ mode: "bigint" }).notNull(),
    tenorUnit: tenorUnitEnum().notNull(),
    minTenor: integer().notNull(),
    maxTenor: integer().notNull(),
    interestMethod: interestMethodEnum().notNull(),
    annualInterestRateBps: integer().notNull(),
    feeRateBps: integer().notNull().default(0),
    feeFixedMinor: bigint({ mode: "bigint" }).notNull().default(sql`0`),
    penaltyRateBps: integer().notNull().default(0),
    penaltyGraceDays: integer().notNull().default(0),
    minCreditScore: integer().notNull().default(0),
    active: boolean().notNull().default(true),
    createdByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    ...timestamps,
  },
  (t) => [index("loan_products_active_idx").on(t.active)],
);

/**
 * An application and, once approved, the loan: one row from submission to settlement. The product's terms are
 * copied at application so a later change to the product never changes a loan.
 */
export const loans = pgTable(
  "loans",
  {
    id: id(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    number: varchar({ length: 20 }).notNull(),
    productId: uuid()
      .notNull()
      .references(() => loanProducts.id, { onDelete: "restrict" }),
    status: loanStatusEnum().notNull().default("submitted"),
    currency: char({ length: 3 }).notNull(),
    principalMinor: bigint({ mode: "bigint" }).notNull(),
    tenorCount: integer().notNull(),
    tenorUnit: tenorUnitEnum().notNull(),
    interestMethod: interestMethodEnum().notNull(),
    annualInterestRateBps: integer().notNull(),
    feeRateBps: integer().notNull(),
    feeFixedMinor: bigint({ mode: "bigint" }).notNull(),
    penaltyRateBps: integer().notNull(),
    penaltyGraceDays: integer().notNull(),
    purpose: text().notNull(),
    payoutPhone: varchar({ length: 16 }).notNull(),
    appliedByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    recommendation: loanRecommendationEnum(),
    recommendationReason: text(),
    recommendedByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    recommendedAt: timestamptz(),
    decisionReason: text(),
    decidedByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    decidedAt: timestamptz(),
    /** What the reviewer saw when deciding (score, factors, affordability, KYC), kept as it was. */
    decisionSupport: jsonb(),
    disbursedAt: timestamptz(),
    /** The local day the schedule counts from (the disbursement day). */
    startDate: date({ mode: "string" }),
    /** The due date of the oldest instalment left unpaid past it, kept by the daily arrears run; null when current. */
    arrearsSince: date({ mode: "string" }),
    settledAt: timestamptz(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("loans_number_key").on(t.number),
    index("loans_business_status_idx").on(t.businessId, t.status, t.createdAt.desc()),
    index("loans_status_idx").on(t.status, t.createdAt),
  ],
);

/** KYC documents attached to an application: each a ready file of the same business. */
export const loanDocuments = pgTable(
  "loan_documents",
  {
    loanId: uuid()
      .notNull()
      .references(() => loans.id, { onDelete: "cascade" }),
    fileId: uuid()
      .notNull()
      .references(() => files.id, { onDelete: "cascade" }),
    kind: kycDocumentKindEnum().notNull(),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.loanId, t.fileId] })],
);

/** The repayment schedule of a disbursed loan, with what has been paid against each part. */
export const loanInstalments = pgTable(
  "loan_instalments",
  {
    id: id(),
    loanId: uuid()
      .notNull()
      .references(() => loans.id, { onDelete: "cascade" }),
    number: integer().notNull(),
    dueDate: date({ mode: "string" }).notNull(),
    principalMinor: bigint({ mode: "bigint" }).notNull(),
    interestMinor: bigint({ mode: "bigint" }).notNull(),
    feeMinor: bigint({ mode: "bigint" }).notNull(),
    penaltyMinor: bigint({ mode: "bigint" }).notNull().default(sql`0`),
    principalPaidMinor: bigint({ mode: "bigint" }).notNull().default(sql`0`),
    interestPaidMinor: bigint({ mode: "bigint" }).notNull().default(sql`0`),
    feePaidMinor: bigint({ mode: "bigint" }).notNull().default(sql`0`),
    penaltyPaidMinor: bigint({ mode: "bigint" }).notNull().default(sql`0`),
    interestWaivedMinor: bigint({ mode: "bigint" }).notNull().default(sql`0`),
    ...timestamps,
  },
  (t) => [uniqueIndex("loan_instalments_loan_number_key").on(t.loanId, t.number)],
);

/** A repayment received and how it was split. `reference` is the M-Pesa receipt (one booking per receipt). */
export const loanRepayments = pgTable(
  "loan_repayments",
  {
    id: id(),
    loanId: uuid()
      .notNull()
      .references(() => loans.id, { onDelete: "cascade" }),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    amountMinor: bigint({ mode: "bigint" }).notNull(),
    principalMinor: bigint({ mode: "bigint" }).notNull(),
    interestMinor: bigint({ mode: "bigint" }).notNull(),
    feeMinor: bigint({ mode: "bigint" }).notNull(),
    penaltyMinor: bigint({ mode: "bigint" }).notNull(),
    unappliedMinor: bigint({ mode: "bigint" }).notNull().default(sql`0`),
    channel: varchar({ length: 20 }).notNull(),
    reference: varchar({ length: 40 }).notNull(),
    receivedAt: timestamptz().notNull(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("loan_repayments_reference_key").on(t.reference),
    index("loan_repayments_loan_idx").on(t.loanId, t.receivedAt),
  ],
);

/**
 * Repayment reminders sent, one per offset (days from the due date; negative: before it) per instalment: the
 * unique key is what makes the daily arrears run send each reminder once.
 */
export const loanReminders = pgTable(
  "loan_reminders",
  {
    id: id(),
    loanId: uuid()
      .notNull()
      .references(() => loans.id, { onDelete: "cascade" }),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    instalmentNumber: integer().notNull(),
    offsetDays: integer().notNull(),
    /** The local day it went out. */
    sentOn: date({ mode: "string" }).notNull(),
    emailCount: integer().notNull().default(0),
    smsCount: integer().notNull().default(0),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("loan_reminders_loan_instalment_offset_key").on(t.loanId, t.instalmentNumber, t.offsetDays),
  ],
);
