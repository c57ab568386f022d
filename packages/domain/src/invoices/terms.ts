import type { Language } from "../schemas/auth";

/**
 * Payment terms in words, the same on the invoice PDF, the customer's page and the app: "Due on receipt" for
 * 0 days, otherwise "Net 30 days" (the amount is due in full within that many days of the issue date); in
 * Kiswahili "Lipa unapopokea" / "Lipa ndani ya siku 30".
 */
export function paymentTermsLabel(days: number, language: Language = "en"): string {
  if (language === "sw") return days === 0 ? "Lipa unapopokea" : `Lipa ndani ya siku ${days}`;
  if (days === 0) return "Due on receipt";
  return `Net ${days} ${days === 1 ? "day" : "days"}`;
}
