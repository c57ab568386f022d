import type { ToolCall } from "./contracts";

/**
 * KAVI never invents money: every amount an answer states must be one a tool returned in that turn. The
 * offline templates hold to it by construction; this check is what any other brain's answer must pass.
 */
const AMOUNT_IN_TEXT = /\b(?:[A-Z]{3}|KSh|Ksh|Sh)\s?(-?\d[\d,]*(?:\.\d+)?)/g;

function collectAmounts(value: unknown, into: Set<string>): void {
  if (typeof value === "bigint") {
    const negative = value < 0n;
    const absolute = negative ? -value : value;
    // Minor units (2 digits) → the major amount as text, with and without cents.
    const major = absolute / 100n;
    const cents = absolute % 100n;
    const text = `${negative ? "-" : ""}${major}`;
    into.add(cents === 0n ? text : `${text}.${String(cents).padStart(2, "0")}`);
    if (cents === 0n) into.add(`${text}.00`);
    return;
  }
  if (Array.isArray(value)) for (const item of value) collectAmounts(item, into);
  else if (value && typeof value === "object") {
    for (const item of Object.values(value as Record<string, unknown>)) collectAmounts(item, into);
  }
}

/** The amounts a reply states that no tool returned (empty when the reply is grounded). */
export function ungroundedAmounts(reply: string, calls: readonly ToolCall[]): string[] {
  const known = new Set<string>();
  for (const call of calls) if (call.result.ok) collectAmounts(call.result.output, known);
  const stated = [...reply.matchAll(AMOUNT_IN_TEXT)].map((match) => (match[1] ?? "").replace(/,/g, ""));
  return stated.filter((amount) => !known.has(amount) && !known.has(amount.replace(/\.00$/, "")));
}

/**
 * A number as a figure: no thousands separators, no trailing decimal zeros, no leading zeros ("12,500.00" and
 * "12500" are the same figure; "07" is 7).
 */
function figureKey(text: string): string {
  const [whole = "", decimals = ""] = text.replace(/,/g, "").split(".");
  const integer = whole.replace(/^0+(?=\d)/, "");
  const fraction = decimals.replace(/0+$/, "");
  return fraction ? `${integer}.${fraction}` : integer;
}

/** Numbers in text as whole tokens: "INV-2026-0012", "2026-10-01" and ids are not figures and are skipped. */
const FIGURE_IN_TEXT = /(?<![\w.\-/])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?![\w\-/]|[.,]\d)/g;
const MONEY_BEFORE = /(?:[A-Z]{3}|KSh|Ksh|Sh|shilingi|\$)\s?$/;
const MONEY_AFTER = /^\s?(?:[A-Z]{3}\b|\/=|shillings?|bob)/i;
/** A count this small ("top 3", "2 invoices") is not money; anything with a currency beside it is. */
const SMALL_COUNT = 10;

function collectFigures(value: unknown, key: string, into: Set<string>): void {
  if (typeof value === "bigint") {
    const negative = value < 0n;
    const absolute = negative ? -value : value;
    const major = `${absolute / 100n}.${String(absolute % 100n).padStart(2, "0")}`;
    into.add(figureKey(major));
    return;
  }
  if (typeof value === "number" && Number.isFinite(value)) {
    into.add(figureKey(String(Math.abs(value))));
    // Basis points are said as percentages (4,550 bps: 45.5 %, 46 %).
    if (/bps$/i.test(key)) {
      into.add(figureKey((Math.abs(value) / 100).toFixed(2)));
      into.add(String(Math.round(Math.abs(value) / 100)));
    }
    return;
  }
  if (typeof value === "string") {
    for (const part of value.match(/\d[\d,]*(?:\.\d+)?/g) ?? []) into.add(figureKey(part));
    return;
  }
  if (Array.isArray(value)) {
    into.add(String(value.length));
    for (const item of value) collectFigures(item, key, into);
  } else if (value && typeof value === "object") {
    for (const [name, item] of Object.entries(value as Record<string, unknown>))
      collectFigures(item, name, into);
  }
}

/**
 * The figures a reply states that nothing in the turn gave it (empty when the reply is grounded): stricter than
 * `ungroundedAmounts`, for a model's free text. Every number counts, with or without a currency, except small
 * counts said without one; grounded are the tools' inputs and outputs (amounts in major units, dates split into
 * day, month and year, basis points as percentages) and the texts given (the question, today's date).
 */
export function ungroundedFigures(
  reply: string,
  calls: readonly ToolCall[],
  given: readonly string[] = [],
): string[] {
  const known = new Set<string>();
  for (const call of calls) {
    collectFigures(call.input, "", known);
    if (call.result.ok) collectFigures(call.result.output, "", known);
  }
  for (const text of given) collectFigures(text, "", known);
  const stated: string[] = [];
  for (const match of reply.matchAll(FIGURE_IN_TEXT)) {
    const figure = figureKey(match[0]);
    if (known.has(figure)) continue;
    const at = match.index ?? 0;
    const money =
      MONEY_BEFORE.test(reply.slice(Math.max(0, at - 9), at)) ||
      MONEY_AFTER.test(reply.slice(at + match[0].length, at + match[0].length + 10));
    if (!money && !figure.includes(".") && Number(figure) <= SMALL_COUNT) continue;
    stated.push(match[0]);
  }
  return stated;
}
