import {
  computeInvoiceTotals,
  computeLine,
  InvoiceTotalsError,
  type ParsedInvoiceLine,
  parseInvoiceLines,
  ZInvoiceLineInputSchema,
} from "@kavi/domain";
import { useMemo } from "react";
import { type LineValues, lineInput } from "./editor-values";

/**
 * Live totals with the same engine the server stores (packages/domain): each line that parses is computed
 * exactly as it will be saved; a line that does not parse yet shows no amount rather than a guess.
 */
export function useLiveTotals(
  lines: LineValues[],
  currency: string,
  pricesIncludeTax: boolean,
  defaultRateBps: number,
) {
  // useWatch hands back the same array while only a nested value changed: key the memo on the content.
  const signature = JSON.stringify(lines);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `signature` stands for `lines`' content.
  return useMemo(() => {
    const perLine: (bigint | null)[] = [];
    const valid: ParsedInvoiceLine[] = [];
    for (const line of lines) {
      const parsed = ZInvoiceLineInputSchema.safeParse({
        ...lineInput(line),
        description: line.description || "—",
      });
      if (!parsed.success) {
        perLine.push(null);
        continue;
      }
      const amounts = parseInvoiceLines([parsed.data], currency, defaultRateBps);
      const first = amounts.ok ? amounts.lines[0] : undefined;
      if (!first) {
        perLine.push(null);
        continue;
      }
      try {
        // The amount column reads like the PDF: net of VAT when prices exclude it, VAT included otherwise.
        const computed = computeLine(first, pricesIncludeTax);
        perLine.push(pricesIncludeTax ? computed.totalMinor : computed.netMinor);
        valid.push(first);
      } catch (error) {
        if (!(error instanceof InvoiceTotalsError)) throw error;
        perLine.push(null);
      }
    }
    const totals = computeInvoiceTotals(valid, { pricesIncludeTax });
    return { perLine, totals };
  }, [signature, currency, pricesIncludeTax, defaultRateBps]);
}
