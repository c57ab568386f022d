import { type MpesaResultContext, mpesaFailureReasonIn } from "@kavi/domain";
import { useCallback } from "react";
import { useLocale } from "../../i18n/use-locale";

type ReasonRow = {
  failureReason: string | null;
  resultCode?: number | string | null;
  resultDesc?: string | null;
};

/**
 * Why M-Pesa did not complete something, in the reader's language: the one mapping in @kavi/domain that the
 * server's notifications use too (a reason written for something else is shown as written).
 */
export function useMpesaFailureReason(
  context: MpesaResultContext = "payment",
): (row: ReasonRow) => string | null {
  const { language } = useLocale();
  return useCallback((row) => mpesaFailureReasonIn(row, language, context), [language, context]);
}
