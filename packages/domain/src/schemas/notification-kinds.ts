import type { TNotificationPreferences } from "./auth";

export type InAppSwitch = keyof TNotificationPreferences["inApp"];
export type EmailSwitch = keyof TNotificationPreferences["email"];

/**
 * Every in-app notification kind and the switch under Profile → Notifications → _In KAVI_ that governs it.
 * `"always"`: delivered whatever the switches say, because it asks the reader to act (approve, match, fix) or
 * reports the outcome of something they started. A new kind must be added here (`notify` only takes these), and
 * `notification-kinds.test.ts` in packages/api fails on a kind sent without an entry or an entry never sent.
 */
export const IN_APP_NOTIFICATION_KINDS = {
  "budget.warning": "budgetAlerts",
  "budget.exceeded": "budgetAlerts",
  "forecast.low_cash": "budgetAlerts",
  "mpesa.payment_received": "invoicePaid",
  "team.access_changed": "teamChanges",
  "team.invitation_accepted": "teamChanges",
  "invoice.overdue": "always",
  "invoice.whatsapp_reminder": "always",
  "recurring_invoice.draft": "always",
  "recurring_invoice.stopped": "always",
  "mpesa.payment_unreconciled": "always",
  "mpesa.stk_failed": "always",
  "mpesa.c2b_urls_stale": "always",
  "mpesa.reversal_decided": "always",
  "mpesa.payout_awaiting_approval": "always",
  "mpesa.payout_rejected": "always",
  "mpesa.payout_outcome": "always",
  "webhooks.endpoint_flagged": "always",
} as const satisfies Record<string, InAppSwitch | "always">;
export type InAppNotificationKind = keyof typeof IN_APP_NOTIFICATION_KINDS;

/**
 * Every email KAVI sends, by its outbox template, and who it is for:
 * - an email switch: a member's email about their business, sent only to those whose switch is on;
 * - `"customer"`: to a business's customer (invoices, reminders, receipts), governed by the business, not a profile;
 * - `"always"`: the person must get it whatever their switches say: codes and links they asked for, a password
 *   change, an invitation, their data export, deletion notices, loan repayment reminders (a contract's terms).
 */
export const EMAIL_TEMPLATES = {
  "budget-warning": "budgetAlerts",
  "budget-exceeded": "budgetAlerts",
  "forecast-low-cash": "budgetAlerts",
  "invoice.paid": "invoicePaid",
  "weekly-summary": "weeklySummary",
  "monthly-report": "monthlyReport",
  "account.new_sign_in": "securityAlerts",
  "invoice.sent": "customer",
  "invoice.reminder": "customer",
  "mpesa.payment-receipt": "customer",
  "account.verify_email": "always",
  "account.sign_up_attempt": "always",
  "account.password_changed": "always",
  "account.password_reset": "always",
  "team.invitation": "always",
  "data-export-ready": "always",
  "business-deletion-scheduled": "always",
  "business-restored": "always",
  "business-deleted": "always",
  "account-deletion-scheduled": "always",
  "account-deleted": "always",
  "loan.repayment_reminder": "always",
} as const satisfies Record<string, EmailSwitch | "customer" | "always">;
export type EmailTemplate = keyof typeof EMAIL_TEMPLATES;

/** The kinds of SMS to members; none has a switch yet (loan reminders are a contract's terms). */
export const MEMBER_SMS_KINDS = { "loan.repayment_reminder": "always" } as const;
export type MemberSmsKind = keyof typeof MEMBER_SMS_KINDS;
