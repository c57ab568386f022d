import { addMonths, endOfMonth, startOfMonth } from "@kavi/domain";
import type { ToolName } from "./contracts";
import { detectLanguage, type Language, normalise } from "./language";
import { type Lexicon, matchCategory, matchContact } from "./lexicon";
import { type Period, resolvePeriod, thisMonth } from "./periods";

export const INTENTS = [
  "period_summary",
  "spend_by_category",
  "income_by_customer",
  "spend_by_supplier",
  "top_debtors",
  "invoice_lookup",
  "overdue_invoices",
  "budget_status",
  "cash_balance",
  "cash_forecast",
  "credit_score",
  "mpesa_payments",
  "transaction_search",
  "greeting",
  /** A request to do something (record, remind, ask to pay): proposed as a card, done only when confirmed. */
  "action",
  "unknown",
] as const;
export type Intent = (typeof INTENTS)[number];

/** For a period summary: which of its figures the question was about. */
export type SummaryFocus = "income" | "expense" | "net" | "all";

export interface ParsedQuestion {
  language: Language;
  intent: Intent;
  focus: SummaryFocus;
  period: Period | null;
  category: Lexicon["categories"][number] | null;
  customer: Lexicon["customers"][number] | null;
  supplier: Lexicon["suppliers"][number] | null;
  invoiceNumber: string | null;
  /** "over 5,000": a lower bound in major units, as typed. */
  minAmount: string | null;
  paymentMethod: "mpesa" | "cash" | "bank" | null;
  /** "top 3 customers". */
  limit: number | null;
}

export interface PlannedCall {
  name: ToolName;
  input: Record<string, unknown>;
}

const has = (text: string, pattern: RegExp) => pattern.test(text);

const PATTERNS = {
  greeting: /^(hi|hello|hey|habari|jambo|mambo|sasa|niaje|hujambo|good (morning|afternoon|evening))\b/,
  help: /\b(help|what can you do|unaweza kufanya nini|nisaidie|msaada)\b/,
  invoiceNumber: /\b([a-z]{2,5})[- ]?(\d{4})[- ](\d{1,6})\b/,
  credit:
    /\b(credit ?score|credit rating|creditworth|alama (?:yangu |yetu )?(?:ya|za) mkopo|kopesheka|score yangu|my score)\b/,
  forecast:
    /\b(forecast|projection|enough cash|enough money|run out|will we have|end of (the )?month|utabiri|tutakuwa na|mwisho wa mwezi|pesa za kutosha|zitatosha|tutaishiwa|zitaisha)\b/,
  overdue:
    /\b(overdue|late invoices?|past due|zilizochelewa|zimechelewa|zilizopitwa|zimepitwa|ambazo hazijalipwa kwa wakati)\b/,
  debt: /\b(owes?|owing|owed|debt|debts|debtors?|deni|madeni|anadaiwa|wanadaiwa|tunadai|receivables?|outstanding|hajalipa|hawajalipa|unpaid)\b/,
  budget: /\b(budgets?|bajeti)\b/,
  mpesa: /\bm ?-?pesa\b/,
  mpesaCharges: /\b(charges|fees|makato|ada)\b/,
  cash: /\b(cash balance|cash on hand|cash do we have|cash we have|how much cash|bank balance|balance|salio|pesa (ngapi )?(tuko nazo|tulizo nazo|tuliyo nayo|iliyopo|ziko)|pesa taslimu|tuna pesa (ngapi|kiasi gani))\b/,
  spend:
    /\b(spend|spent|spending|expenses?|expenditure|costs?|paid for|pay for|paid to|pay to|bought|buy|matumizi|tumetumia|tulitumia|nimetumia|gharama|tumelipa|tulilipa|tumenunua|tulinunua)\b/,
  income:
    /\b(make|made|earn|earned|earnings|income|revenue|sales|sell|sold|takings|turnover|received|receive|brought in|paid us|pay us|pays us|mapato|tumepata|tulipata|mauzo|tumeuza|tuliuza|tumelipwa|tulilipwa|ameleta|walilipa|amelipa)\b/,
  profit: /\b(profit|profits|net|loss|margin|faida|hasara)\b/,
  summary:
    /\b(summary|how are we doing|how is (the )?business|overview|doing|hali ya biashara|biashara inaendeleaje|muhtasari)\b/,
  search: /\b(show|find|list|search|transactions?|nionyeshe|onyesha|tafuta|miamala|muamala)\b/,
  topCustomers:
    /\b(top|best|biggest|largest|most|leading|bora|wakubwa|zaidi|kubwa) (\d+ )?(customers?|clients?|buyers?|wateja|mteja)\b|\b(which|what) customers?\b|\bmteja (gani|yupi)\b|\b(mteja|wateja) (wetu |wangu )?(bora|mkubwa|wakubwa)\b|\bwateja (gani|wapi)\b/,
  topSuppliers:
    /\b(top|biggest|largest|most|wakubwa|zaidi) (\d+ )?(suppliers?|vendors?|wasambazaji|msambazaji)\b|\b(which|what) suppliers?\b|\bmsambazaji (gani|yupi)\b/,
  byCategory:
    /\b(categor(y|ies)|on what|spend (the )?most on|biggest expenses?|where did (the |our )?money go|breakdown|aina|zaidi kwa nini|zaidi kwenye nini|kwa vitu gani|vitu gani)\b/,
  over: /\b(over|above|more than|greater than|zaidi ya|juu ya)\s+(?:kes|ksh|sh)?\s?(\d[\d,]*(?:\.\d{1,2})?)\s?(k)?\b/,
  topN: /\b(top|best) (\d{1,2})\b/,
};

/** How the money moved, when the (normalised) question says so. */
export function detectMethod(text: string): ParsedQuestion["paymentMethod"] {
  if (has(text, PATTERNS.mpesa) && !has(text, PATTERNS.mpesaCharges)) return "mpesa";
  if (has(text, /\b(in cash|by cash|cash payments|kwa taslimu|pesa taslimu)\b/)) return "cash";
  if (has(text, /\b(by bank|bank transfer|kupitia benki|kwa benki)\b/)) return "bank";
  return null;
}

/** The invoice number a (normalised) question names, as the invoices are numbered: "INV-2026-0012". */
export function invoiceNumberIn(text: string): string | null {
  const invoice = text.match(PATTERNS.invoiceNumber);
  return invoice && /inv|ank|in/.test(invoice[1] ?? "")
    ? `${(invoice[1] ?? "").toUpperCase()}-${invoice[2]}-${invoice[3]}`
    : null;
}

/** Reads a question: its language, what it asks, for when, about whom. Pure; `today` is the business's date. */
export function parseQuestion(
  question: string,
  options: { today: string; lexicon: Lexicon; language?: Language | null },
): ParsedQuestion {
  const language = options.language ?? detectLanguage(question);
  const text = normalise(question);
  const periodMatch = resolvePeriod(question, options.today);
  const period = periodMatch ? (({ matched: _matched, ...rest }) => rest)(periodMatch) : null;
  // Names are read from the question without its period words, so "Machi" is a month and not a customer.
  const rest = periodMatch ? text.replace(periodMatch.matched, " ") : text;
  const invoiceNumber = invoiceNumberIn(text);
  const customerMatch = matchContact(rest, options.lexicon.customers);
  const supplierMatch = matchContact(rest, options.lexicon.suppliers);
  // A contact's name can hold a category's word ("Mwangi Transporters"): contacts are removed first.
  let withoutContacts = rest;
  for (const matched of [customerMatch?.matched, supplierMatch?.matched]) {
    if (matched) withoutContacts = withoutContacts.replace(matched, " ");
  }
  const over = text.match(PATTERNS.over);
  const minAmount = over?.[2]
    ? over[3]
      ? `${over[2].replace(/,/g, "").split(".")[0]}000`
      : over[2].replace(/,/g, "")
    : null;
  const topN = text.match(PATTERNS.topN);
  const base = {
    language,
    period,
    customer: customerMatch?.item ?? null,
    supplier: supplierMatch?.item ?? null,
    invoiceNumber,
    minAmount,
    paymentMethod: detectMethod(text),
    limit: topN ? Math.min(20, Number(topN[2])) : null,
  };
  const category = (kind?: "income" | "expense") =>
    matchCategory(withoutContacts, options.lexicon.categories, kind)?.item ?? null;
  const parsed = (
    intent: Intent,
    focus: SummaryFocus = "all",
    withCategory: ParsedQuestion["category"] = null,
  ) => ({ ...base, intent, focus, category: withCategory }) satisfies ParsedQuestion;

  if (invoiceNumber) return parsed("invoice_lookup");
  if (has(text, PATTERNS.credit)) return parsed("credit_score");
  if (has(text, PATTERNS.forecast)) return parsed("cash_forecast");
  if (has(text, PATTERNS.budget)) return parsed("budget_status", "all", category("expense") ?? category());
  if (has(text, PATTERNS.overdue)) return parsed("overdue_invoices");
  if (has(text, PATTERNS.debt)) return parsed("top_debtors");
  const spend = has(text, PATTERNS.spend);
  const income = has(text, PATTERNS.income);
  const profit = has(text, PATTERNS.profit);
  if (
    base.paymentMethod === "mpesa" &&
    !spend &&
    (income || has(text, /\b(payments?|malipo|paid|from|kutoka)\b/))
  )
    return parsed("mpesa_payments");
  if (has(text, PATTERNS.cash) && !spend && !income) return parsed("cash_balance");
  if (base.minAmount || (has(text, PATTERNS.search) && !profit && !has(text, PATTERNS.topCustomers))) {
    if (
      base.minAmount ||
      has(text, /\b(transactions?|miamala|muamala|payments?|malipo)\b/) ||
      !(spend || income)
    )
      return parsed("transaction_search", spend ? "expense" : income ? "income" : "all", category());
  }
  if (profit && !has(text, PATTERNS.byCategory)) return parsed("period_summary", "net");
  if (spend || (!income && (base.supplier || category("expense")))) {
    if (base.supplier) return parsed("spend_by_supplier", "expense");
    if (has(text, PATTERNS.topSuppliers)) return parsed("spend_by_supplier", "expense");
    const spentOn = category("expense");
    if (spentOn || has(text, PATTERNS.byCategory)) return parsed("spend_by_category", "expense", spentOn);
    return parsed("period_summary", "expense");
  }
  if (income || base.customer || has(text, PATTERNS.topCustomers)) {
    if (base.customer || has(text, PATTERNS.topCustomers)) return parsed("income_by_customer", "income");
    if (has(text, PATTERNS.byCategory)) return parsed("spend_by_category", "income", category("income"));
    return parsed("period_summary", "income");
  }
  if (has(text, PATTERNS.summary)) return parsed("period_summary", "all");
  if (has(text, PATTERNS.greeting) || has(text, PATTERNS.help)) return parsed("greeting");
  return parsed("unknown");
}

/**
 * The day a forecast question asks about: "…at the end of December" is the coming December's last day (a
 * named month reads as past for every other question); a period ending later than today, its end; otherwise
 * the tool's default, the end of this month.
 */
function forecastTarget(period: Period | null, today: string): { to?: string } {
  if (period?.kind === "named_month") {
    const end = endOfMonth(period.from);
    return { to: end >= today ? end : endOfMonth(addMonths(period.from, 12)) };
  }
  return period && period.to > today ? { to: period.to } : {};
}

/** The tool calls that answer a parsed question (none for greetings and questions it cannot read). */
export function planCalls(parsed: ParsedQuestion, today: string): PlannedCall[] {
  const period = parsed.period ?? thisMonth(today);
  const range = { from: period.from, to: period.to };
  switch (parsed.intent) {
    case "period_summary":
      return [{ name: "period_summary", input: range }];
    case "spend_by_category":
      return [
        {
          name: "spend_by_category",
          input: {
            ...range,
            type: parsed.focus === "income" ? "income" : "expense",
            categoryId: parsed.category?.id ?? null,
          },
        },
      ];
    case "income_by_customer":
      return [
        {
          name: "income_by_customer",
          input: { ...range, customerId: parsed.customer?.id ?? null, limit: parsed.limit ?? 5 },
        },
      ];
    case "spend_by_supplier":
      return [
        {
          name: "spend_by_supplier",
          input: { ...range, supplierId: parsed.supplier?.id ?? null, limit: parsed.limit ?? 5 },
        },
      ];
    case "top_debtors":
      return [
        { name: "top_debtors", input: { customerId: parsed.customer?.id ?? null, limit: parsed.limit ?? 5 } },
      ];
    case "invoice_lookup":
      return [{ name: "invoice_lookup", input: { invoiceNumber: parsed.invoiceNumber ?? "" } }];
    case "overdue_invoices":
      return [{ name: "overdue_invoices", input: { limit: parsed.limit ?? 10 } }];
    case "budget_status":
      return [
        {
          name: "budget_status",
          input: { month: startOfMonth(period.from).slice(0, 7), categoryId: parsed.category?.id ?? null },
        },
      ];
    case "cash_balance":
      return [{ name: "cash_balance", input: {} }];
    case "cash_forecast":
      return [{ name: "cash_forecast", input: forecastTarget(parsed.period, today) }];
    case "credit_score":
      return [{ name: "credit_score", input: {} }];
    case "mpesa_payments":
      return [{ name: "mpesa_payments", input: { ...range, customerId: parsed.customer?.id ?? null } }];
    case "transaction_search":
      return [
        {
          name: "transaction_search",
          input: {
            ...(parsed.period ? range : {}),
            type: parsed.focus === "income" || parsed.focus === "expense" ? parsed.focus : null,
            categoryId: parsed.category?.id ?? null,
            customerId: parsed.customer?.id ?? null,
            supplierId: parsed.supplier?.id ?? null,
            paymentMethod: parsed.paymentMethod,
            minAmount: parsed.minAmount,
            limit: parsed.limit ?? 10,
          },
        },
      ];
    case "greeting":
    case "action":
    case "unknown":
      return [];
  }
}
