import { formatMoney } from "@kavi/domain";
import { useLocale } from "../i18n/use-locale";
import { cn } from "../lib/cn";

/**
 * Put on the container of a headline figure in a narrow card (dashboard, cash flow, reports): its amounts may then
 * break between the currency and the digits, never inside the number, so a phone shows every digit instead of
 * cutting the figure off. Elsewhere (tables, lists) an amount stays on one line.
 */
export const AMOUNTS_MAY_WRAP = "[&_.money]:whitespace-normal";

/**
 * An amount in minor units (bigint, never a float) in its currency, formatted for the reader's locale (en-KE,
 * sw-KE) with aligned digits.
 * Negative amounts read in red; pass `signed` to show a + on positive ones (cash in).
 */
export function Money({
  amountMinor,
  currency,
  compact = false,
  signed = false,
  className,
}: {
  amountMinor: bigint;
  currency: string;
  compact?: boolean;
  signed?: boolean;
  className?: string;
}) {
  const { locale } = useLocale();
  const formatted = formatMoney(amountMinor, currency, { compact, locale });
  const text = signed && amountMinor > 0n ? `+${formatted}` : formatted;
  const parts = splitBeforeDigits(text);
  return (
    <span className={cn("money tabular whitespace-nowrap", amountMinor < 0n && "text-red-700", className)}>
      {parts ? (
        <>
          <span className="whitespace-nowrap">{parts[0]}</span>{" "}
          <span className="whitespace-nowrap">{parts[1]}</span>
        </>
      ) : (
        text
      )}
    </span>
  );
}

/** "-KES 1,234.50" as ["-KES", "1,234.50"]: the currency (and sign) before the space, the number after; else null. */
export function splitBeforeDigits(text: string): [string, string] | null {
  const match = /^(\D+) (\d.*)$/.exec(text);
  return match ? [match[1] as string, match[2] as string] : null;
}
