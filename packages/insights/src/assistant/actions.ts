import { ZIdSchema, ZLocalDateSchema } from "@kavi/domain";
import { z } from "zod";
import { detectLanguage, type Language, normalise } from "./language";
import { type Lexicon, matchCategory, matchContact } from "./lexicon";
import { detectMethod, invoiceNumberIn } from "./parse";
import { resolvePeriod } from "./periods";

/**
 * Requests to do something ("Send a reminder to Naivas", "Record 2,500 for fuel paid by M-Pesa today",
 * "Omba malipo ya INV-2026-0012 kutoka 0712345678"), read in English, Kiswahili or the two mixed. Pure: the API
 * turns a request into a proposal (resolving ids through the services) and does nothing until the person
 * confirms it.
 */
export const ACTION_KINDS = ["send_reminder", "record_transaction", "request_payment"] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

type Named = { id: string; name: string };

export type ActionRequest =
  | {
      kind: "send_reminder";
      language: Language;
      customer: Named | null;
      invoiceNumber: string | null;
    }
  | {
      kind: "record_transaction";
      language: Language;
      type: "income" | "expense";
      /** Major units as typed ("2500", "2500.50"); null when the request names no amount. */
      amount: string | null;
      /** With its system key, so a built-in category is named in the request's language. */
      category: (Named & { systemKey?: string | null }) | null;
      customer: Named | null;
      supplier: Named | null;
      paymentMethod: "mpesa" | "cash" | "bank" | null;
      /** The business's calendar date the money moved (today unless the request names a day). */
      date: string;
    }
  | {
      kind: "request_payment";
      language: Language;
      invoiceNumber: string | null;
      customer: Named | null;
      /** As typed, digits only ("0712345678", "254712345678"); the API checks it is an M-Pesa number. */
      phone: string | null;
    };

const optionalId = ZIdSchema.nullish();
const ZInvoiceNumberSchema = z
  .string()
  .trim()
  .min(3)
  .max(40)
  .nullish()
  .describe("The invoice number exactly as the person said it, e.g. INV-2026-0012");

/**
 * The actions as functions a model may call (Gemini's declarations are generated from these): calling one only
 * proposes the action, as a card the person must confirm; nothing happens until they do.
 */
export const ACTION_FUNCTION_SCHEMAS = {
  propose_send_reminder: z
    .object({
      customerId: optionalId.describe("The customer to remind (from the context's customers)"),
      invoiceNumber: ZInvoiceNumberSchema,
    })
    .describe(
      "Propose emailing a payment reminder for a customer's unpaid invoice. Only proposes: the person confirms it before anything is sent.",
    ),
  propose_record_transaction: z
    .object({
      type: z.enum(["income", "expense"]).describe("Money in (income) or out (expense)"),
      amount: z
        .string()
        .regex(/^\d{1,12}(\.\d{1,2})?$/, { error: "Major units as digits, e.g. 2500 or 2500.50" })
        .nullish()
        .describe("The amount in major units of the base currency as digits, e.g. 2500 or 2500.50"),
      categoryId: optionalId.describe("The category (from the context's categories), if named"),
      customerId: optionalId.describe("The customer who paid, for income, if named"),
      supplierId: optionalId.describe("The supplier paid, for an expense, if named"),
      paymentMethod: z.enum(["mpesa", "cash", "bank"]).nullish().describe("How the money moved, if said"),
      date: ZLocalDateSchema.describe("The day the money moved, YYYY-MM-DD (today unless the person said)"),
    })
    .describe(
      "Propose recording an income or expense. Only proposes: the person confirms it before it is recorded.",
    ),
  propose_request_payment: z
    .object({
      invoiceNumber: ZInvoiceNumberSchema,
      customerId: optionalId.describe("The customer to ask, if named"),
      phone: z
        .string()
        .regex(/^\+?\d{9,12}$/, { error: "A phone number as digits" })
        .nullish()
        .describe("The M-Pesa number to prompt, digits as said, e.g. 0712345678"),
    })
    .describe(
      "Propose an M-Pesa payment prompt (STK push) for an unpaid invoice. Only proposes: the person confirms it first.",
    ),
} as const;
export type ActionFunctionName = keyof typeof ACTION_FUNCTION_SCHEMAS;
export const ACTION_FUNCTION_NAMES = Object.keys(ACTION_FUNCTION_SCHEMAS) as ActionFunctionName[];

export function isActionFunction(name: string): name is ActionFunctionName {
  return Object.hasOwn(ACTION_FUNCTION_SCHEMAS, name);
}

/**
 * A model's call of an action function, as the request the offline parser would have read: ids become the
 * business's own names (an id that is not one of them is null: the model invented it). Null when the arguments
 * break the schema or name something the business does not have.
 */
export function actionRequestFromCall(
  name: ActionFunctionName,
  args: unknown,
  options: { lexicon: Lexicon; language: Language },
): ActionRequest | null {
  const find = (list: { id: string; name: string }[], id: string | null | undefined) => {
    if (!id) return { ok: true as const, item: null };
    const item = list.find((entry) => entry.id === id);
    return item ? { ok: true as const, item: { id: item.id, name: item.name } } : { ok: false as const };
  };
  const { lexicon, language } = options;
  switch (name) {
    case "propose_send_reminder": {
      const input = ACTION_FUNCTION_SCHEMAS[name].safeParse(args);
      if (!input.success) return null;
      const customer = find(lexicon.customers, input.data.customerId);
      if (!customer.ok) return null;
      return {
        kind: "send_reminder",
        language,
        customer: customer.item,
        invoiceNumber: input.data.invoiceNumber?.toUpperCase() ?? null,
      };
    }
    case "propose_record_transaction": {
      const input = ACTION_FUNCTION_SCHEMAS[name].safeParse(args);
      if (!input.success) return null;
      const category = find(lexicon.categories, input.data.categoryId);
      const customer = find(lexicon.customers, input.data.customerId);
      const supplier = find(lexicon.suppliers, input.data.supplierId);
      if (!category.ok || !customer.ok || !supplier.ok) return null;
      return {
        kind: "record_transaction",
        language,
        type: input.data.type,
        amount: input.data.amount ?? null,
        // With its system key, as the parser reads it, so a built-in category is named in the request's language.
        category: category.item
          ? {
              ...category.item,
              systemKey:
                lexicon.categories.find((entry) => entry.id === category.item?.id)?.systemKey ?? null,
            }
          : null,
        customer: customer.item,
        supplier: supplier.item,
        paymentMethod: input.data.paymentMethod ?? null,
        date: input.data.date,
      };
    }
    case "propose_request_payment": {
      const input = ACTION_FUNCTION_SCHEMAS[name].safeParse(args);
      if (!input.success) return null;
      const customer = find(lexicon.customers, input.data.customerId);
      if (!customer.ok) return null;
      return {
        kind: "request_payment",
        language,
        invoiceNumber: input.data.invoiceNumber?.toUpperCase() ?? null,
        customer: customer.item,
        phone: input.data.phone ?? null,
      };
    }
  }
}

/** The call a model would make for a request (the fake Gemini proposes what the offline parser reads). */
export function actionCallFor(request: ActionRequest): {
  name: ActionFunctionName;
  args: Record<string, unknown>;
} {
  switch (request.kind) {
    case "send_reminder":
      return {
        name: "propose_send_reminder",
        args: { customerId: request.customer?.id ?? null, invoiceNumber: request.invoiceNumber },
      };
    case "record_transaction":
      return {
        name: "propose_record_transaction",
        args: {
          type: request.type,
          amount: request.amount,
          categoryId: request.category?.id ?? null,
          customerId: request.customer?.id ?? null,
          supplierId: request.supplier?.id ?? null,
          paymentMethod: request.paymentMethod,
          date: request.date,
        },
      };
    case "request_payment":
      return {
        name: "propose_request_payment",
        args: {
          invoiceNumber: request.invoiceNumber,
          customerId: request.customer?.id ?? null,
          phone: request.phone,
        },
      };
  }
}

const PATTERNS = {
  reminder: /\b(remind|reminder|nudge|chase|kumbusha|mkumbushe|wakumbushe|umkumbushe|ukumbusho|kikumbusho)\b/,
  requestPayment:
    /\b(request (an? )?(m-?pesa |stk )?payment|request (for )?m-?pesa|ask (him |her |them )?to pay|send (an? )?(m-?pesa |stk )?(payment )?(request|prompt)|stk( push)?|omba malipo|ombi la malipo|dai malipo|muombe (alipe|malipo)|mwombe (alipe|malipo))\b/,
  record:
    /^(please |tafadhali |kavi )?(record|add|log|enter|book|note|rekodi|andika|weka|ingiza|sajili|hifadhi)\b/,
  income:
    /\b(income|received|receive|got paid|sale|sales|sold|paid us|mapato|mauzo|tumepokea|tulipokea|nimepokea|tumepata|nimepata|tumelipwa|nimelipwa)\b/,
  swahiliVerb:
    /^(tafadhali )?(mkumbushe|wakumbushe|umkumbushe|kumbusha|tuma|rekodi|andika|weka|ingiza|sajili|hifadhi|omba|muombe|mwombe|dai)\b/,
  phone: /(?:^|[^\d])((?:\+?254|0)[17]\d{2}[ -]?\d{3}[ -]?\d{3})(?!\d)/,
  amount:
    /(?:^|[^\d-])(?:kes|ksh|sh|shilingi)?\s?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?\s?(k|elfu)?(?![\d-])/,
};

/** The amount a request names, in major units ("2,500" → "2500", "2.5k" → "2500"). */
function amountIn(text: string): string | null {
  const match = text.match(PATTERNS.amount);
  if (!match?.[1]) return null;
  const whole = match[1].replace(/,/g, "");
  const fraction = match[2] ?? "";
  if (match[3]) {
    // "2.5k": thousands, with up to three decimals of them.
    const minor = BigInt(whole) * 1000n + BigInt((fraction || "0").padEnd(3, "0").slice(0, 3));
    return minor.toString();
  }
  if (BigInt(whole) === 0n && !fraction) return null;
  return fraction ? `${whole}.${fraction}` : whole;
}

/** A request to do something, or null when the message is a question (the brains answer those). */
export function parseActionRequest(
  message: string,
  options: { today: string; lexicon: Lexicon; language?: Language | null },
): ActionRequest | null {
  const text = normalise(message);
  // A request starts with its verb: a Kiswahili one decides the language even when the rest is names and numbers.
  const language = options.language ?? (PATTERNS.swahiliVerb.test(text) ? "sw" : detectLanguage(message));
  const invoiceNumber = invoiceNumberIn(text);
  // Numbers that are not amounts (an invoice number, a phone number, a date) are removed before reading one.
  const period = resolvePeriod(message, options.today);
  const phone = text.match(PATTERNS.phone)?.[1]?.replace(/[ -]/g, "") ?? null;
  let rest = text;
  for (const part of [invoiceNumber?.toLowerCase(), period?.matched, phone]) {
    if (part) rest = rest.replace(part, " ");
  }
  if (invoiceNumber) rest = rest.replace(/\b[a-z]{2,5}[- ]?\d{4}[- ]\d{1,6}\b/, " ");
  const customer = matchContact(rest, options.lexicon.customers);
  const supplier = matchContact(rest, options.lexicon.suppliers);

  if (PATTERNS.requestPayment.test(text) && (invoiceNumber || phone || customer)) {
    return { kind: "request_payment", language, invoiceNumber, customer: customer?.item ?? null, phone };
  }
  if (PATTERNS.reminder.test(text)) {
    return { kind: "send_reminder", language, customer: customer?.item ?? null, invoiceNumber };
  }
  if (PATTERNS.record.test(text)) {
    let withoutContacts = rest;
    for (const matched of [customer?.matched, supplier?.matched]) {
      if (matched) withoutContacts = withoutContacts.replace(matched, " ");
    }
    const type = PATTERNS.income.test(text) ? "income" : "expense";
    const category = matchCategory(withoutContacts, options.lexicon.categories, type)?.item ?? null;
    // Only a single day is a transaction's date ("today", "yesterday", "jana"); anything wider means today.
    const date = period && period.from === period.to ? period.from : options.today;
    return {
      kind: "record_transaction",
      language,
      type,
      amount: amountIn(withoutContacts),
      category: category ? { id: category.id, name: category.name, systemKey: category.systemKey } : null,
      customer: type === "income" ? (customer?.item ?? null) : null,
      supplier: type === "expense" ? (supplier?.item ?? null) : null,
      paymentMethod: detectMethod(text),
      date,
    };
  }
  return null;
}

export const PROPOSAL_STATUSES = ["pending", "done", "failed", "cancelled", "expired"] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

/**
 * The part of an answer card that proposes an action: what would happen, in words, and the proposal's id. The
 * payload itself stays on the server (the client confirms an id, it never sends what to do).
 */
export interface ActionCard {
  proposalId: string;
  kind: ActionKind;
  status: ProposalStatus;
  /** When the proposal stops being confirmable (ISO instant). */
  expiresAt: string;
  confirmLabel: string;
  cancelLabel: string;
  /** After it was done: what happened, and the screen that shows it. */
  outcome: { message: string; path: string | null } | null;
}
