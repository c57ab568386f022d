import { formatDate, formatDateTime, formatMoney } from "@kavi/domain";
import { useMemo } from "react";
import { useLocale } from "../../i18n/use-locale";
import { formatRelative } from "../../lib/format";
import { useBusiness } from "./business-context";

/**
 * Formatters bound to the current business's currency and time zone (what its owner expects to read), in the
 * reader's language (en-KE or sw-KE).
 */
export function useBusinessFormat() {
  const { business } = useBusiness();
  const { locale } = useLocale();
  return useMemo(() => {
    const { baseCurrency, timezone } = business;
    return {
      currency: baseCurrency,
      timeZone: timezone,
      locale,
      money: (amountMinor: bigint, currency = baseCurrency, options: { compact?: boolean } = {}) =>
        formatMoney(amountMinor, currency, { ...options, locale }),
      date: (instant: Date) => formatDate(instant, timezone, locale),
      dateTime: (instant: Date) => formatDateTime(instant, timezone, locale),
      relative: (instant: Date, now?: Date) => formatRelative(instant, timezone, now, locale),
    };
  }, [business, locale]);
}
