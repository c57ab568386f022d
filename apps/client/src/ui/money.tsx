import { formatMoney } from "@kavi/domain";
import { useLocale } from "../i18n/use-locale";
import { cn } from "../lib/cn";

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
  const text = formatMoney(amountMinor, currency, { compact, locale });
  return (
    <span className={cn("tabular whitespace-nowrap", amountMinor < 0n && "text-red-700", className)}>
      {signed && amountMinor > 0n ? `+${text}` : text}
    </span>
  );
}
