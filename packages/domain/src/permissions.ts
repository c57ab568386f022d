import {
  type AccessDecision,
  decideRequirement,
  type MemberGrant,
  MODULES,
  type Module,
  type Requirement,
} from "./access";

/**
 * The permissions catalogue: every action a member can take inside a business, by name. The API's
 * `businessProcedure("invoices.write")` and the client's `can("invoices.write")` read this one table, so a
 * rule changes in one place. Each entry is a module × access requirement that `decideRequirement` checks
 * against the member's role (owner, admin, staff in their modules, viewer); rules that depend on the data
 * (a checker never approves their own payout, the last owner cannot leave) stay in the services.
 *
 * Names are `<resource>.<action>`. Add an entry here before adding a procedure: the tenancy walker fails for
 * a business procedure whose permission is not in the catalogue.
 */
export const PERMISSIONS = {
  // The business itself. Any member sees it; owners and admins change its settings; owners alone delete it.
  "business.read": { module: null, access: "read", summary: "See the business and its status" },
  "business.manage": { module: null, access: "manage", summary: "Change the business's details" },
  "business.own": { module: null, access: "own", summary: "Delete the business or transfer ownership" },
  /** API keys act for the business from outside systems: owners and admins. */
  "apiKeys.manage": { module: null, access: "manage", summary: "Create, roll and revoke API keys" },
  "activity.read": { module: null, access: "manage", summary: "See the business's activity log" },

  "team.read": { module: "team", access: "read", summary: "See the team" },
  "team.manage": { module: "team", access: "manage", summary: "Change roles and remove members" },
  /** Emails the invitee: a verified address too. */
  "team.invite": { module: "team", access: "manage", verifiedEmail: true, summary: "Invite people" },

  "transactions.read": { module: "transactions", access: "read", summary: "See transactions" },
  "transactions.write": {
    module: "transactions",
    access: "write",
    summary: "Record and change transactions",
  },
  /** Anyone who books, budgets, reports or invoices needs the category list; changing it is bookkeeping. */
  "categories.read": {
    module: ["transactions", "budgets", "reports", "invoices"],
    access: "read",
    summary: "See categories",
  },
  "categories.write": { module: "transactions", access: "write", summary: "Change categories" },
  "reports.read": { module: "reports", access: "read", summary: "See the dashboard, reports and cash flow" },
  /** Exchange rates are public figures; anyone who books, invoices or reports in another currency reads them. */
  "rates.read": {
    module: ["transactions", "invoices", "reports", "payments"],
    access: "read",
    summary: "See exchange rates",
  },
  /** The opening balance is a business setting: owners and admins. */
  "cashFlow.settings": { module: null, access: "manage", summary: "Set the opening balance" },
  /** The low-cash alert threshold: owners and admins. */
  "forecast.settings": { module: null, access: "manage", summary: "Set the low-cash alert" },
  /** A credit report goes to a lender on the business's behalf: owners and admins. */
  "credit.reports": { module: null, access: "manage", summary: "Issue and list credit reports" },
  /** Loans from the platform: followed by those who see the reports; borrowing is for owners and admins. */
  "loans.read": { module: "reports", access: "read", summary: "See loan offers, applications and loans" },
  "loans.apply": { module: null, access: "manage", summary: "Apply for a loan and upload KYC documents" },
  /** A repayment prompt reaches a phone and moves money: owners and admins, with a verified address. */
  "loans.repay": {
    module: null,
    access: "manage",
    verifiedEmail: true,
    summary: "Repay a loan by M-Pesa prompt",
  },
  "budgets.read": { module: "budgets", access: "read", summary: "See budgets" },
  "budgets.write": { module: "budgets", access: "write", summary: "Set budgets" },

  /** Customers are shared by invoicing, bookkeeping and payments: any of those modules may use them. */
  "customers.read": {
    module: ["invoices", "transactions", "payments"],
    access: "read",
    summary: "See customers",
  },
  "customers.write": {
    module: ["invoices", "transactions", "payments"],
    access: "write",
    summary: "Add and change customers",
  },
  /** Suppliers are paid from bookkeeping and (with M-Pesa payouts) from payments. */
  "suppliers.read": { module: ["transactions", "payments"], access: "read", summary: "See suppliers" },
  "suppliers.write": {
    module: ["transactions", "payments"],
    access: "write",
    summary: "Add and change suppliers",
  },

  /**
   * Reading invoices, and recording money against one, are open to staff in either Invoices or Payments (the
   * person at the till or on the M-Pesa line records what came in); changing invoices needs Invoices.
   */
  "invoices.read": { module: ["invoices", "payments"], access: "read", summary: "See invoices" },
  "invoices.write": { module: "invoices", access: "write", summary: "Create and change invoices" },
  /** Emailing an invoice reaches the customer: a verified address too. */
  "invoices.send": {
    module: "invoices",
    access: "write",
    verifiedEmail: true,
    summary: "Email invoices to customers",
  },
  "invoices.recordPayments": {
    module: ["invoices", "payments"],
    access: "write",
    summary: "Record payments against invoices",
  },
  /** An STK push prompts the customer's phone: a verified address too. */
  "invoices.requestPayment": {
    module: ["invoices", "payments"],
    access: "write",
    verifiedEmail: true,
    summary: "Ask a customer to pay by M-Pesa",
  },
  /** Numbering, terms and reminders are the owner's and admins'. */
  "invoices.settings": { module: null, access: "manage", summary: "Change invoice settings" },

  "payments.read": { module: "payments", access: "read", summary: "See M-Pesa payments" },
  "payments.write": { module: "payments", access: "write", summary: "Match and resolve M-Pesa payments" },
  "payouts.read": { module: "payments", access: "read", summary: "See payouts" },
  /** Maker: owners and admins ask for payouts (money to someone's phone: a verified address too). */
  "payouts.request": {
    module: "payments",
    access: "manage",
    verifiedEmail: true,
    summary: "Ask to send money",
  },
  /** Checker: only an owner approves, and never their own request (the service checks that); approving sends the money. */
  "payouts.approve": {
    module: "payments",
    access: "own",
    verifiedEmail: true,
    summary: "Approve payouts",
  },
  "payouts.reject": { module: "payments", access: "own", summary: "Reject payouts" },
  /** Maker: owners and admins ask for a payment received by mistake to be sent back. */
  "reversals.request": { module: "payments", access: "manage", summary: "Ask to reverse an M-Pesa payment" },
  /** Checker: only an owner approves or rejects, and never their own request (the service checks that). */
  "reversals.approve": { module: "payments", access: "own", summary: "Approve or reject M-Pesa reversals" },
  /** The Paybill/Till balance is the business's cash: owners and admins. */
  "mpesa.balance": { module: null, access: "manage", summary: "See and refresh the M-Pesa balance" },
  "mpesa.settings": { module: null, access: "manage", summary: "Connect and configure M-Pesa" },
  /** The callback token is the owners' alone: seeing and rotating it. */
  "mpesa.callbackToken": { module: null, access: "own", summary: "See and rotate the M-Pesa callback token" },

  /** Webhook endpoints send the business's events to outside systems, signed with a secret: owners and admins. */
  "webhooks.manage": {
    module: null,
    access: "manage",
    summary: "Manage webhook endpoints and their deliveries",
  },

  /**
   * Asking KAVI. Each answer's tools then check the permission their figures need (reports.read,
   * invoices.read, …), so the assistant never shows more than the screens would.
   */
  "assistant.use": { module: "assistant", access: "read", summary: "Ask the assistant" },
} as const satisfies Record<string, Requirement & { summary: string }>;

export type Permission = keyof typeof PERMISSIONS;

export const PERMISSION_NAMES = Object.keys(PERMISSIONS) as Permission[];

/** A named permission, or (for old callers) the raw requirement it stands for. */
export type AccessRule = Permission | Requirement;

export function isPermission(value: unknown): value is Permission {
  return typeof value === "string" && Object.hasOwn(PERMISSIONS, value);
}

export function requirementOf(rule: AccessRule): Requirement {
  return typeof rule === "string" ? PERMISSIONS[rule] : rule;
}

/** Whether the member may do it, and if not, a reason in words a person reads. */
export function decideAccess(grant: MemberGrant, rule: AccessRule): AccessDecision {
  return decideRequirement(grant, requirementOf(rule));
}

export function can(grant: MemberGrant, rule: AccessRule): boolean {
  return decideAccess(grant, rule).allowed;
}

/**
 * Modules that exist in the data but do nothing yet. They are not offered in the team screen and a grant of
 * one is dropped (see ZModuleListSchema), so nobody is given access to an empty page; remove a module from
 * here when it ships.
 */
export const UNRELEASED_MODULES: readonly Module[] = [];

/** The modules an owner or admin can hand to staff today. */
export const GRANTABLE_MODULES: readonly Module[] = MODULES.filter(
  (module) => !UNRELEASED_MODULES.includes(module),
);
