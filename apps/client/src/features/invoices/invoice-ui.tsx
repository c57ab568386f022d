import type { AppRouter, inferRouterOutputs } from "@kavi/api";
import {
  formatBps,
  type InvoiceStatus,
  type Permission,
  paymentTermsLabel,
  type RecurrenceFrequency,
  type TaxTreatment,
} from "@kavi/domain";
import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import { useLocale } from "../../i18n/use-locale";
import { Badge, type BadgeTone } from "../../ui/badge";

type Outputs = inferRouterOutputs<AppRouter>;
export type InvoiceDetail = Outputs["invoices"]["get"];
export type InvoiceListItem = Outputs["invoices"]["list"]["items"][number];
export type PublicInvoice = Outputs["publicInvoices"]["get"];

export const STATUS_TONES: Record<InvoiceStatus, BadgeTone> = {
  draft: "neutral",
  sent: "info",
  partially_paid: "warning",
  paid: "success",
  overdue: "danger",
  void: "neutral",
};

/** The status as people read it: an open invoice past its due date says overdue even before the nightly job. */
export function InvoiceStatusBadge({
  status,
  isOverdue = false,
  daysOverdue = 0,
}: {
  status: InvoiceStatus;
  isOverdue?: boolean;
  daysOverdue?: number;
}) {
  const { t } = useTranslation("invoices");
  const shown: InvoiceStatus = isOverdue && status !== "paid" && status !== "void" ? "overdue" : status;
  return (
    <Badge tone={STATUS_TONES[shown]} className={shown === "void" ? "line-through" : undefined}>
      {t(`status.${shown}`)}
      {shown === "overdue" && daysOverdue > 0 ? (
        <span className="font-normal">{t("status.daysOverdue", { count: daysOverdue })}</span>
      ) : null}
    </Badge>
  );
}

/** "2027-03-15" → "15 Mar 2027" (calendar dates have no time zone to convert), in the reader's locale. */
export function formatCalendarDate(date: string, locale = "en-KE"): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" }).format(
    new Date(`${date}T00:00:00Z`),
  );
}

/** Payment terms in the reader's language, in the domain's wording, so the app and the PDF say the same. */
export function useTermsLabel(): (days: number) => string {
  const { language } = useLocale();
  return useCallback((days: number) => paymentTermsLabel(days, language), [language]);
}

/** A line's VAT as the reader says it ("VAT 16%", "VAT 16%" in Kiswahili too; exempt and zero-rated in words). */
export function useTaxLabel(): (treatment: TaxTreatment, rateBps: number) => string {
  const { t } = useTranslation("invoices");
  return useCallback(
    (treatment: TaxTreatment, rateBps: number) =>
      treatment === "exempt"
        ? t("tax.exempt")
        : treatment === "zero_rated"
          ? t("tax.zeroRated")
          : t("tax.standard", { rate: formatBps(rateBps) }),
    [t],
  );
}

/** How often a recurring invoice repeats, in the reader's language. */
export function useRecurrenceLabel(): (frequency: RecurrenceFrequency) => string {
  const { t } = useTranslation("invoices");
  return useCallback((frequency: RecurrenceFrequency) => t(`frequency.${frequency}`), [t]);
}

/** Saves base64 file content the API returned (the access token cannot ride on a plain link). */
export function downloadBase64(file: { filename: string; contentType: string; contentBase64: string }) {
  const bytes = Uint8Array.from(atob(file.contentBase64), (char) => char.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: file.contentType }));
  const link = document.createElement("a");
  link.href = url;
  link.download = file.filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Names from the permissions catalogue (packages/domain/src/permissions.ts), which the API enforces too. */
export const READ_INVOICES = "invoices.read" satisfies Permission;
export const WRITE_INVOICES = "invoices.write" satisfies Permission;
export const RECORD_PAYMENTS = "invoices.recordPayments" satisfies Permission;
export const MANAGE_SETTINGS = "invoices.settings" satisfies Permission;
