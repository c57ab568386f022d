import { formatDate, formatDateTime, formatMoney } from "@kavi/domain";
import { useMemo } from "react";
import { formatRelative } from "../../lib/format";
import { useBusiness } from "./business-context";

/** Formatters bound to the current business's currency and time zone (what its owner expects to read). */
export function useBusinessFormat() {
  const { business } = useBusiness();
  return useMemo(() => {
    const { baseCurrency, timezone } = business;
    return {
      currency: baseCurrency,
      timeZone: timezone,
      money: (amountMinor: bigint, currency = baseCurrency) => formatMoney(amountMinor, currency),
      date: (instant: Date) => formatDate(instant, timezone),
      dateTime: (instant: Date) => formatDateTime(instant, timezone),
      relative: (instant: Date) => formatRelative(instant, timezone),
    };
  }, [business]);
}
