import { formatMoney, MODULE_LABELS, type Module, ROLE_LABELS, type Role } from "@kavi/domain";

/** Action codes from the audit log, in words. Unknown actions fall back to a readable form of the code. */
const ACTIONS: Record<string, string> = {
  "business.created": "created the business",
  "business.updated": "updated the business details",
  "business.ownership_transferred": "transferred ownership",
  "member.added": "added a member",
  "member.updated": "changed a member's access",
  "member.removed": "removed a member",
  "member.left": "left the business",
  "invitation.created": "sent an invitation",
  "invitation.resent": "resent an invitation",
  "invitation.revoked": "withdrew an invitation",
  "invitation.accepted": "accepted an invitation",
  "invitation.declined": "declined an invitation",
  "invoice.created": "created an invoice draft",
  "invoice.updated": "edited an invoice draft",
  "invoice.deleted": "deleted an invoice draft",
  "invoice.duplicated": "duplicated an invoice",
  "cash_flow.opening_balance_set": "set the opening balance",
  "forecast.threshold_set": "set the low-cash alert",
  "forecast.low_cash_alert": "sent a low-cash alert",
  "credit.report_issued": "issued a credit report",
  "invoice.issued": "issued an invoice",
  "invoice.sent": "emailed an invoice",
  "invoice.resent": "emailed an invoice again",
  "invoice.reminder_sent": "sent a payment reminder",
  "invoice.sms_sent": "sent an invoice by SMS",
  "invoice.whatsapp_shared": "shared an invoice on WhatsApp",
  "sms_settings.updated": "changed the SMS settings",
  "invoice.payment_recorded": "recorded an invoice payment",
  "invoice.credit_applied": "used customer credit on an invoice",
  "invoice.overdue": "marked an invoice overdue",
  "invoice.due_date_changed": "changed an invoice's due date",
  "invoice.voided": "voided an invoice",
  "invoice.link_regenerated": "made a new invoice link",
  "credit_note.issued": "issued a credit note",
  "invoice_settings.updated": "changed the invoice settings",
  "recurring_invoice.created": "set up a recurring invoice",
  "recurring_invoice.updated": "changed a recurring invoice",
  "recurring_invoice.deleted": "deleted a recurring invoice",
  "recurring_invoice.ran": "made a recurring invoice",
  "recurring_invoice.stopped": "stopped a recurring invoice",
  "account.email_verified": "confirmed their email address",
  "api_key.created": "created an API key",
  "api_key.rolled": "rolled an API key",
  "api_key.revoked": "revoked an API key",
  "account.sign_up_attempted": "someone tried to sign up with this address",
  "account.data_export_requested": "asked for a copy of their data",
  "account.data_export_ready": "prepared a copy of their data",
  "account.data_export_downloaded": "downloaded a copy of their data",
  "business.data_export_requested": "asked for an export of the business's data",
  "business.data_export_ready": "prepared an export of the business's data",
  "business.data_export_downloaded": "downloaded an export of the business's data",
  "business.deletion_scheduled": "asked for the business to be deleted",
  "business.deletion_cancelled": "restored the business (deletion cancelled)",
};

export function describeAction(action: string): string {
  return ACTIONS[action] ?? action.replace(/[._]/g, " ");
}

const FIELD_LABELS: Record<string, string> = {
  legalName: "Legal name",
  tradingName: "Trading name",
  registrationNumber: "Registration number",
  taxId: "KRA PIN",
  employeeCount: "Employees",
  foundingYear: "Year founded",
  businessModel: "Business model",
  revenueBand: "Revenue",
  baseCurrency: "Base currency",
  timezone: "Time zone",
};

export function fieldLabel(field: string): string {
  if (FIELD_LABELS[field]) return FIELD_LABELS[field];
  const spaced = field.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** A changed value as a person reads it: roles and modules by their labels, empty as an em dash. */
export function formatValue(field: string, value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (field === "role" && typeof value === "string" && value in ROLE_LABELS)
    return ROLE_LABELS[value as Role];
  if (Array.isArray(value)) {
    if (value.length === 0) return "none";
    return value
      .map((item) =>
        typeof item === "string" && item in MODULE_LABELS ? MODULE_LABELS[item as Module] : String(item),
      )
      .join(", ");
  }
  if (typeof value === "object") return JSON.stringify(value);
  // Money is recorded in minor units ("403000"): show it as an amount (2 decimals, the common case).
  if (field.endsWith("Minor") && /^-?\d+$/.test(String(value))) {
    return formatMoney(BigInt(String(value)), "KES", { display: "none" });
  }
  if (field.endsWith("Bps") && typeof value === "number") return `${value / 100}%`;
  return String(value);
}

export function entityLabel(entityType: string): string {
  const labels: Record<string, string> = {
    business: "Business",
    membership: "Members",
    invitation: "Invitations",
    user: "Accounts",
    session: "Sessions",
    invoice: "Invoices",
    invoice_settings: "Invoice settings",
    recurring_invoice: "Recurring invoices",
  };
  return labels[entityType] ?? fieldLabel(entityType);
}
