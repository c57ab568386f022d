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
      category: Named | null;
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
      category: category ? { id: category.id, name: category.name } : null,
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
