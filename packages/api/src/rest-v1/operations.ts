import { inField, parseMoney } from "@kavi/domain";

export type RestMethod = "get" | "post" | "put" | "delete";

/**
 * One REST v1 operation: a resource-style path over one tRPC procedure. The procedure stays the single source
 * of input validation, permission, tenancy, rate limits and audit; this table only says where it lives on the
 * REST surface. Path parameters, the query string (GET, DELETE) and the JSON body (POST, PUT) are merged into
 * the procedure's input.
 */
export interface RestOperation {
  operationId: string;
  method: RestMethod;
  /** OpenAPI-style template under /api/v1, e.g. /businesses/{businessId}/invoices/{invoiceId}. */
  path: string;
  /** The tRPC procedure's dotted path. */
  procedure: string;
  tag: string;
  summary: string;
  /** 201 for operations that create a resource. */
  status: 200 | 201;
  /** A list: `limit` and `cursor` in, `{ items, nextCursor }` out. */
  paged?: boolean;
  /** Reshapes the REST input into the procedure's, where the procedure's own input is not REST-friendly. */
  toProcedureInput?: (input: Record<string, unknown>, business: { baseCurrency: string }) => unknown;
  /** Body fields the REST form takes instead of the procedure's (documented in place of those). */
  bodyOverride?: { properties: Record<string, unknown>; required: string[]; replaces: string[] };
  /**
   * Set when an operation is on its way out (docs/api-versioning.md): every answer then carries Deprecation,
   * Sunset and a Link to its successor, and the OpenAPI document marks it deprecated.
   */
  deprecated?: { since: string; sunset: string; successor: string };
}

const B = "/businesses/{businessId}";

export const REST_OPERATIONS: readonly RestOperation[] = [
  // The business
  {
    operationId: "getBusiness",
    method: "get",
    path: B,
    procedure: "business.get",
    tag: "Business",
    summary: "Get the business",
    status: 200,
  },
  {
    operationId: "listCategories",
    method: "get",
    path: `${B}/categories`,
    procedure: "categories.list",
    tag: "Business",
    summary: "List income and expense categories",
    status: 200,
  },

  // Transactions (spec 000: /finance/transactions/…)
  {
    operationId: "listTransactions",
    method: "get",
    path: `${B}/transactions`,
    procedure: "transactions.list",
    tag: "Transactions",
    summary: "List transactions",
    status: 200,
    paged: true,
  },
  {
    operationId: "createTransaction",
    method: "post",
    path: `${B}/transactions`,
    procedure: "transactions.create",
    tag: "Transactions",
    summary: "Record a transaction",
    status: 201,
  },
  {
    operationId: "getTransactionSummary",
    method: "get",
    path: `${B}/transactions/summary`,
    procedure: "transactions.summary",
    tag: "Analytics",
    summary: "Income, expenses and net for a period",
    status: 200,
  },
  {
    operationId: "getTransaction",
    method: "get",
    path: `${B}/transactions/{transactionId}`,
    procedure: "transactions.get",
    tag: "Transactions",
    summary: "Get a transaction",
    status: 200,
  },
  {
    operationId: "updateTransaction",
    method: "put",
    path: `${B}/transactions/{transactionId}`,
    procedure: "transactions.update",
    tag: "Transactions",
    summary: "Replace a transaction's fields",
    status: 200,
  },
  {
    operationId: "deleteTransaction",
    method: "delete",
    path: `${B}/transactions/{transactionId}`,
    procedure: "transactions.delete",
    tag: "Transactions",
    summary: "Delete a transaction",
    status: 200,
  },

  // Analytics (spec 000: /finance/transactions/analytics/)
  {
    operationId: "getAnalyticsSeries",
    method: "get",
    path: `${B}/analytics/series`,
    procedure: "transactions.series",
    tag: "Analytics",
    summary: "Income and expenses over time",
    status: 200,
  },
  {
    operationId: "getAnalyticsByCategory",
    method: "get",
    path: `${B}/analytics/by-category`,
    procedure: "transactions.byCategory",
    tag: "Analytics",
    summary: "Totals by category",
    status: 200,
  },
  {
    operationId: "getDashboard",
    method: "get",
    path: `${B}/dashboard`,
    procedure: "dashboard.overview",
    tag: "Analytics",
    summary: "The dashboard's figures",
    status: 200,
  },
  {
    operationId: "getCashFlow",
    method: "get",
    path: `${B}/cash-flow`,
    procedure: "cashFlow.get",
    tag: "Analytics",
    summary: "Cash flow for a period",
    status: 200,
  },

  // Customers
  {
    operationId: "listCustomers",
    method: "get",
    path: `${B}/customers`,
    procedure: "customers.list",
    tag: "Customers",
    summary: "List customers",
    status: 200,
    paged: true,
  },
  {
    operationId: "createCustomer",
    method: "post",
    path: `${B}/customers`,
    procedure: "customers.create",
    tag: "Customers",
    summary: "Add a customer",
    status: 201,
  },
  {
    operationId: "getCustomer",
    method: "get",
    path: `${B}/customers/{customerId}`,
    procedure: "customers.get",
    tag: "Customers",
    summary: "Get a customer",
    status: 200,
  },
  {
    operationId: "updateCustomer",
    method: "put",
    path: `${B}/customers/{customerId}`,
    procedure: "customers.update",
    tag: "Customers",
    summary: "Replace a customer's fields",
    status: 200,
  },

  // Invoices (spec 000: /finance/invoices/…)
  {
    operationId: "listInvoices",
    method: "get",
    path: `${B}/invoices`,
    procedure: "invoices.list",
    tag: "Invoices",
    summary: "List invoices",
    status: 200,
    paged: true,
  },
  {
    operationId: "createInvoice",
    method: "post",
    path: `${B}/invoices`,
    procedure: "invoices.create",
    tag: "Invoices",
    summary: "Create a draft invoice",
    status: 201,
  },
  {
    operationId: "getInvoice",
    method: "get",
    path: `${B}/invoices/{invoiceId}`,
    procedure: "invoices.get",
    tag: "Invoices",
    summary: "Get an invoice with its lines and payments",
    status: 200,
  },
  {
    operationId: "updateInvoice",
    method: "put",
    path: `${B}/invoices/{invoiceId}`,
    procedure: "invoices.update",
    tag: "Invoices",
    summary: "Replace a draft invoice",
    status: 200,
  },
  {
    operationId: "deleteInvoice",
    method: "delete",
    path: `${B}/invoices/{invoiceId}`,
    procedure: "invoices.delete",
    tag: "Invoices",
    summary: "Delete a draft invoice",
    status: 200,
  },
  {
    operationId: "issueInvoice",
    method: "post",
    path: `${B}/invoices/{invoiceId}/issue`,
    procedure: "invoices.issue",
    tag: "Invoices",
    summary: "Issue a draft (gives it its number)",
    status: 200,
  },
  {
    operationId: "sendInvoice",
    method: "post",
    path: `${B}/invoices/{invoiceId}/send`,
    procedure: "invoices.send",
    tag: "Invoices",
    summary: "Email the invoice to the customer",
    status: 200,
  },
  {
    operationId: "voidInvoice",
    method: "post",
    path: `${B}/invoices/{invoiceId}/void`,
    procedure: "invoices.void",
    tag: "Invoices",
    summary: "Void an issued invoice",
    status: 200,
  },
  {
    operationId: "recordInvoicePayment",
    method: "post",
    path: `${B}/invoices/{invoiceId}/payments`,
    procedure: "invoices.recordPayment",
    tag: "Invoices",
    summary: "Record a payment (mark paid)",
    status: 201,
  },
  {
    operationId: "requestMpesaPayment",
    method: "post",
    path: `${B}/invoices/{invoiceId}/mpesa-requests`,
    procedure: "mpesa.requests.create",
    tag: "M-Pesa",
    summary: "Prompt the customer's phone to pay the invoice (STK push)",
    status: 201,
    bodyOverride: {
      properties: {
        phone: { type: "string", description: "The customer's phone, e.g. 0712345678 or 254712345678" },
        amount: {
          type: "string",
          description: 'KES as a decimal string, e.g. "1250.00"; defaults to what is due',
        },
      },
      required: ["phone"],
      replaces: ["amountMinor"],
    },
    toProcedureInput: ({ amount, ...rest }) => ({
      ...rest,
      // M-Pesa collects Kenya shillings only.
      amountMinor: typeof amount === "string" ? inField("amount", () => parseMoney(amount, "KES")) : amount,
    }),
  },
  {
    operationId: "getMpesaRequest",
    method: "get",
    path: `${B}/mpesa-requests/{paymentRequestId}`,
    procedure: "mpesa.requests.get",
    tag: "M-Pesa",
    summary: "Get an M-Pesa payment request and its outcome",
    status: 200,
  },
  {
    operationId: "listMpesaPayments",
    method: "get",
    path: `${B}/mpesa-payments`,
    procedure: "mpesa.payments.list",
    tag: "M-Pesa",
    summary: "List M-Pesa payments received",
    status: 200,
    paged: true,
  },

  // Budgets
  {
    operationId: "listBudgets",
    method: "get",
    path: `${B}/budgets`,
    procedure: "budgets.list",
    tag: "Budgets",
    summary: "Budgets of a month with what was spent",
    status: 200,
  },
  {
    operationId: "createBudget",
    method: "post",
    path: `${B}/budgets`,
    procedure: "budgets.create",
    tag: "Budgets",
    summary: "Set a budget for a category",
    status: 201,
  },
  {
    operationId: "updateBudget",
    method: "put",
    path: `${B}/budgets/{budgetId}`,
    procedure: "budgets.update",
    tag: "Budgets",
    summary: "Change a budget's amount",
    status: 200,
  },
  {
    operationId: "deleteBudget",
    method: "delete",
    path: `${B}/budgets/{budgetId}`,
    procedure: "budgets.delete",
    tag: "Budgets",
    summary: "Delete a budget",
    status: 200,
  },

  // KAVI (spec 000: POST /api/kavi/chat)
  {
    operationId: "askKavi",
    method: "post",
    path: `${B}/kavi/chat`,
    procedure: "assistant.ask",
    tag: "KAVI",
    summary: "Ask KAVI about the business's figures",
    status: 201,
  },
];

/** A deprecated operation says so on every answer (RFC 9745 Deprecation, RFC 8594 Sunset). */
export function deprecationHeaders(operation: RestOperation): Record<string, string> {
  if (!operation.deprecated) return {};
  return {
    deprecation: `@${Math.floor(Date.parse(operation.deprecated.since) / 1000)}`,
    sunset: new Date(operation.deprecated.sunset).toUTCString(),
    link: `<${operation.deprecated.successor}>; rel="successor-version"`,
  };
}

/** How long a retired operation answers 410 Gone before it answers 404 like any unknown address. */
export const GONE_PERIOD_MS = 92 * 86_400_000;

/**
 * Where an operation is in its life at `now`: answering ("active", with deprecation headers once declared),
 * past its sunset ("gone": 410 for about three months) or removed ("removed": 404).
 */
export function retirementOf(operation: RestOperation, now: Date): "active" | "gone" | "removed" {
  if (!operation.deprecated) return "active";
  const sunset = Date.parse(operation.deprecated.sunset);
  if (now.getTime() < sunset) return "active";
  return now.getTime() < sunset + GONE_PERIOD_MS ? "gone" : "removed";
}
