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
