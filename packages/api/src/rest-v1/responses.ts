import {
  budgets,
  businesses,
  customers,
  invoiceItems,
  invoicePayments,
  invoices,
  mpesaPaymentRequests,
  recurringInvoices,
  transactions,
} from "@kavi/db";
import { getTableColumns, type Table } from "drizzle-orm";
import type { JsonSchema } from "./schema";

/**
 * The documented success bodies of REST v1, in their wire form (what `toRestJson` makes of a procedure's
 * answer): money as a decimal string next to its `currency`, quantities as decimal strings, instants as ISO
 * 8601 date-times, calendar days as ISO dates. Rows are described from their drizzle tables, so a new column
 * shows up in the document by itself; the rest is written out here. Objects are open (no
 * `additionalProperties: false`): v1 may add fields, and clients ignore what they do not know.
 */

const DECIMAL = "^-?\\d+(\\.\\d+)?$";

export const money: JsonSchema = {
  type: "string",
  pattern: DECIMAL,
  description:
    'A decimal amount in the `currency` beside it (or the business\'s base currency), e.g. "1250.00"',
};
const decimal: JsonSchema = { type: "string", pattern: DECIMAL };
const dateTime: JsonSchema = { type: "string", format: "date-time" };
const date: JsonSchema = { type: "string", format: "date" };
const uuid: JsonSchema = { type: "string", format: "uuid" };
const string: JsonSchema = { type: "string" };
const integer: JsonSchema = { type: "integer" };
const boolean: JsonSchema = { type: "boolean" };
const anyObject: JsonSchema = { type: "object" };

function nullable(schema: JsonSchema): JsonSchema {
  return { anyOf: [schema, { type: "null" }] };
}

function array(items: JsonSchema): JsonSchema {
  return { type: "array", items };
}

/** An object whose every property is present (null where it has no value). */
function object(properties: Record<string, JsonSchema>): JsonSchema {
  return { type: "object", properties, required: Object.keys(properties) };
}

function extend(base: JsonSchema, properties: Record<string, JsonSchema>): JsonSchema {
  return object({ ...(base.properties ?? {}), ...properties });
}

function pick(base: JsonSchema, names: string[], extra: Record<string, JsonSchema> = {}): JsonSchema {
  const properties = base.properties ?? {};
  return object({
    ...Object.fromEntries(
      names.map((name) => {
        const schema = properties[name];
        if (!schema) throw new Error(`REST v1 responses: no ${name} to pick`);
        return [name, schema];
      }),
    ),
    ...extra,
  });
}

function page(item: JsonSchema): JsonSchema {
  return object({
    items: array(item),
    nextCursor: {
      ...nullable(string),
      description: "Pass back as `cursor` for the next page; null on the last",
    },
  });
}

interface ColumnShape {
  dataType: string;
  columnType: string;
  notNull: boolean;
  enumValues?: readonly string[];
}

/** One column in its wire form, under its wire name (`amountMinor` → `amount`, `quantityMilli` → `quantity`). */
function wireColumn(key: string, column: ColumnShape): [string, JsonSchema] {
  const minor = /^(.+)Minor$/.exec(key);
  const milli = /^(.+)Milli$/.exec(key);
  let name = key;
  let schema: JsonSchema;
  if (column.dataType === "bigint" && minor) {
    name = minor[1] as string;
    schema = money;
  } else if (column.dataType === "bigint" && milli) {
    name = milli[1] as string;
    schema = decimal;
  } else if (column.dataType === "bigint") schema = { type: "string", pattern: "^-?\\d+$" };
  else if (column.dataType === "date") schema = dateTime;
  else if (column.columnType === "PgDateString") schema = date;
  else if (column.columnType === "PgNumeric") schema = decimal;
  else if (column.columnType === "PgUUID") schema = uuid;
  else if (column.enumValues && column.enumValues.length > 0)
    schema = { type: "string", enum: [...column.enumValues] };
  else if (column.dataType === "number") schema = integer;
  else if (column.dataType === "boolean") schema = boolean;
  else if (column.dataType === "json") schema = {};
  else schema = string;
  return [name, column.notNull ? schema : nullable(schema)];
}

/** A table's row as the REST API answers it. */
export function rowSchema(table: Table, omit: string[] = []): JsonSchema {
  const columns = getTableColumns(table) as unknown as Record<string, ColumnShape>;
  return object(
    Object.fromEntries(
      Object.entries(columns)
        .filter(([key]) => !omit.includes(key))
        .map(([key, column]) => wireColumn(key, column)),
    ),
  );
}

const ok = object({ ok: { const: true } });
const range = object({ from: date, to: date });
const flows = object({ income: money, expense: money, net: money });
const bucket = object({ bucket: date, income: money, expense: money, net: money, count: integer });
const categoryShare = object({
  categoryId: nullable(uuid),
  type: string,
  name: string,
  systemKey: nullable(string),
  color: nullable(string),
  amount: money,
  count: integer,
  shareBps: { type: "integer", description: "Share of the total in basis points (10000 = 100%)" },
});

const business = extend(rowSchema(businesses), {
  logoUrl: nullable(string),
  membership: object({ id: uuid, role: string, modules: array(string) }),
});

const category = object({
  id: uuid,
  kind: string,
  name: string,
  color: nullable(string),
  systemKey: nullable(string),
  isDefault: boolean,
  archivedAt: nullable(dateTime),
  mergedIntoCategoryId: nullable(uuid),
  transactionCount: integer,
});

const customer = rowSchema(customers);
const customerListItem = pick(
  customer,
  [
    "id",
    "name",
    "email",
    "phone",
    "taxId",
    "accountNumber",
    "city",
    "currency",
    "creditBalance",
    "archivedAt",
  ],
  { outstanding: money },
);

const transaction = rowSchema(transactions);
const transactionListItem = pick(
  transaction,
  [
    "id",
    "type",
    "status",
    "amount",
    "vat",
    "currency",
    "exchangeRate",
    "baseAmount",
    "categoryId",
    "categorySource",
    "categoryConfidence",
    "description",
    "paymentMethod",
    "transactionDate",
    "referenceNumber",
    "externalId",
    "source",
    "customerId",
    "supplierId",
    "invoiceId",
    "importId",
    "notes",
    "voidedAt",
    "voidReason",
    "createdAt",
  ],
  {
    categoryName: nullable(string),
    categoryColor: nullable(string),
    /** The built-in category's stable key (`sales`, `rent`, …), null for a category the business made. */
    categorySystemKey: nullable(string),
    customerName: nullable(string),
    supplierName: nullable(string),
    invoiceNumber: nullable(string),
  },
);
const transactionDetail = extend(transactionListItem, {
  createdByUserId: nullable(uuid),
  metadata: {},
  updatedAt: dateTime,
});

const invoice = rowSchema(invoices);
const invoicePayment = rowSchema(invoicePayments);
const invoiceDetail = extend(invoice, {
  balanceDue: money,
  isOverdue: boolean,
  daysOverdue: integer,
  customer: object({
    id: uuid,
    name: string,
    taxId: nullable(string),
    email: nullable(string),
    phone: nullable(string),
    address: nullable(string),
    city: nullable(string),
    country: nullable(string),
    accountNumber: nullable(string),
    language: string,
    creditBalance: money,
    archived: boolean,
  }),
  business: object({
    name: string,
    legalName: string,
    taxId: nullable(string),
    email: nullable(string),
    phone: nullable(string),
    address: nullable(string),
    city: nullable(string),
    country: string,
    website: nullable(string),
    registrationNumber: nullable(string),
    timezone: string,
    baseCurrency: string,
  }),
  lines: array(
    extend(rowSchema(invoiceItems, ["createdAt", "updatedAt"]), { net: money, tax: money, total: money }),
  ),
  taxSummary: array(object({ taxTreatment: string, taxRateBps: integer, taxable: money, tax: money })),
  payments: array(invoicePayment),
  creditNotes: array(anyObject),
  reminders: array(object({ offsetDays: integer, sentAt: dateTime })),
  recurring: nullable(rowSchema(recurringInvoices)),
  generatedBy: nullable(rowSchema(recurringInvoices)),
  instructions: object({ mpesa: nullable(anyObject), other: nullable(string) }),
  actions: {
    type: "object",
    description: "What the invoice's state allows now",
    additionalProperties: boolean,
  },
  publicUrl: { ...nullable(string), description: "The customer's link (null for a draft)" },
});
const invoiceListItem = pick(
  invoice,
  [
    "id",
    "invoiceNumber",
    "status",
    "issueDate",
    "dueDate",
    "currency",
    "total",
    "amountPaid",
    "credited",
    "sentAt",
    "lastEmailedAt",
    "recurringInvoiceId",
    "createdAt",
  ],
  {
    customer: object({ id: uuid, name: string }),
    balanceDue: money,
    isOverdue: boolean,
    daysOverdue: integer,
  },
);

const mpesaRequest = rowSchema(mpesaPaymentRequests);
const mpesaPayment = object({
  source: { type: "string", enum: ["stk", "c2b"] },
  id: uuid,
  createdAt: dateTime,
  occurredAt: dateTime,
  status: string,
  amount: money,
  currency: string,
  phone: nullable(string),
  receipt: nullable(string),
  reference: nullable(string),
  invoiceId: nullable(uuid),
  invoiceNumber: nullable(string),
  payerName: nullable(string),
  note: nullable(string),
  mpesaPaymentId: nullable(uuid),
});

const budget = rowSchema(budgets);
const budgetMonth = object({
  month: { type: "string", pattern: "^\\d{4}-\\d{2}$" },
  from: date,
  to: date,
  items: array(
    extend(
      pick(budget, [
        "id",
        "categoryId",
        "period",
        "periodStart",
        "periodEnd",
        "amount",
        "currency",
        "alerted80At",
        "alerted100At",
      ]),
      {
        categoryName: string,
        categoryColor: nullable(string),
        categorySystemKey: nullable(string),
        kind: string,
        actual: money,
        remaining: money,
        progressBps: integer,
        status: string,
      },
    ),
  ),
  totals: object({ planned: money, actual: money }),
});

const summary = object({
  range,
  currency: string,
  totals: flows,
  series: array(bucket),
  byCategory: object({ income: array(categoryShare), expense: array(categoryShare) }),
  monthToDate: object({
    current: flows,
    lastMonthToDate: flows,
    lastMonth: flows,
    incomeChangePercent: nullable({ type: "number" }),
    expenseChangePercent: nullable({ type: "number" }),
  }),
  burn: object({
    from: date,
    to: date,
    grossBurn: money,
    netBurn: money,
    cashBalance: money,
    runwayMonths: nullable({ type: "number" }),
  }),
});

const comparison = object({ current: money, previous: money });
const dashboard = object({
  period: string,
  range,
  previousRange: range,
  currency: string,
  kpis: object({
    income: comparison,
    expenses: comparison,
    net: comparison,
    receivables: object({ outstanding: money, openInvoices: integer }),
    overdue: object({ amount: money, count: integer }),
    cashBalance: money,
  }),
  incomeVsExpenses: array(bucket),
  spendByCategory: array(categoryShare),
  otherSpend: money,
  recentTransactions: array(transactionListItem),
  overdueInvoices: array(anyObject),
  budgets: budgetMonth,
});

const cashFlow = object({
  from: date,
  to: date,
  granularity: string,
  currency: string,
  opening: object({ amount: money, date: nullable(date) }),
  startBalance: money,
  endBalance: money,
  totals: object({ inflow: money, outflow: money, net: money }),
  buckets: array(object({ bucket: date, inflow: money, outflow: money, net: money, balance: money })),
});

const kaviAnswer = object({
  conversationId: uuid,
  messageId: uuid,
  reply: { type: "string", description: "KAVI's answer, for people" },
  speech: nullable(string),
  language: { type: "string", enum: ["en", "sw"] },
  brain: string,
  intent: nullable(string),
  cards: array({ ...anyObject, description: "Figures, rows and a chart behind the answer" }),
  suggestions: array(string),
  toolCalls: array({ ...anyObject, description: "The tools KAVI ran, with their input and output" }),
  fallback: nullable(anyObject),
  notice: nullable(string),
});

/** Each operation's success body, by operationId. */
export const REST_RESPONSES: Record<string, JsonSchema> = {
  getBusiness: business,
  listCategories: array(category),
  listTransactions: page(transactionListItem),
  createTransaction: transaction,
  getTransactionSummary: summary,
  getTransaction: transactionDetail,
  updateTransaction: transaction,
  deleteTransaction: object({ deleted: integer }),
  getAnalyticsSeries: array(bucket),
  getAnalyticsByCategory: array(categoryShare),
  getDashboard: dashboard,
  getCashFlow: cashFlow,
  listCustomers: page(customerListItem),
  createCustomer: customer,
  getCustomer: extend(customer, { outstanding: money }),
  updateCustomer: customer,
  listInvoices: page(invoiceListItem),
  createInvoice: invoice,
  getInvoice: invoiceDetail,
  updateInvoice: invoice,
  deleteInvoice: ok,
  issueInvoice: invoice,
  sendInvoice: object({ invoice, emailId: uuid, to: string }),
  voidInvoice: invoice,
  recordInvoicePayment: object({
    payment: invoicePayment,
    invoice,
    transactionId: uuid,
    creditedToCustomer: money,
  }),
  requestMpesaPayment: mpesaRequest,
  getMpesaRequest: mpesaRequest,
  listMpesaPayments: page(mpesaPayment),
  listBudgets: budgetMonth,
  createBudget: array(budget),
  updateBudget: budget,
  deleteBudget: ok,
  askKavi: kaviAnswer,
};

export function responseSchemaOf(operationId: string): JsonSchema {
  const schema = REST_RESPONSES[operationId];
  if (!schema) throw new Error(`REST v1: no response schema for ${operationId}`);
  return schema;
}
