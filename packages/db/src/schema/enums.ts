import {
  CATEGORY_RULE_FIELDS,
  CATEGORY_RULE_OPERATORS,
  CATEGORY_SOURCES,
  CUSTOMER_REMINDER_CHANNELS,
  MODULES,
  ROLES,
} from "@kavi/domain";
import { pgEnum } from "drizzle-orm/pg-core";

export const roleEnum = pgEnum("member_role", ROLES);
export const moduleEnum = pgEnum("business_module", MODULES);
export const reminderChannelEnum = pgEnum("reminder_channel", CUSTOMER_REMINDER_CHANNELS);

export const transactionTypeEnum = pgEnum("transaction_type", ["income", "expense", "transfer"]);
export const transactionStatusEnum = pgEnum("transaction_status", ["pending", "completed", "void"]);
export const paymentMethodEnum = pgEnum("payment_method", [
  "mpesa",
  "cash",
  "bank",
  "card",
  "cheque",
  "other",
]);
/** Where a transaction came from: typed by a person, a CSV import, M-Pesa, or an invoice payment. */
export const transactionSourceEnum = pgEnum("transaction_source", [
  "manual",
  "import",
  "mpesa",
  "invoice_payment",
  "payout",
]);
export const categoryKindEnum = pgEnum("category_kind", ["income", "expense"]);

export const invoiceStatusEnum = pgEnum("invoice_status", [
  "draft",
  "sent",
  "partially_paid",
  "paid",
  "overdue",
  "void",
]);
export const taxTreatmentEnum = pgEnum("tax_treatment", ["standard", "zero_rated", "exempt"]);
export const recurrenceEnum = pgEnum("recurrence_frequency", ["weekly", "monthly", "quarterly"]);
export const budgetPeriodEnum = pgEnum("budget_period", ["month", "custom"]);

/** How a transaction got its category (see CATEGORY_SOURCES in @kavi/domain). */
export const categorySourceEnum = pgEnum("category_source", CATEGORY_SOURCES);
export const categoryRuleFieldEnum = pgEnum("category_rule_field", CATEGORY_RULE_FIELDS);
export const categoryRuleOperatorEnum = pgEnum("category_rule_operator", CATEGORY_RULE_OPERATORS);
