import { Link2 } from "lucide-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { businessPath } from "../../../app/navigation";
import { Button } from "../../../ui/button";
import { Card, CardBody, CardHeader } from "../../../ui/card";
import { useBusiness } from "../../shell/business-context";
import { useBusinessFormat } from "../../shell/use-business-format";
import { formatCalendarDate, type InvoiceDetail, useRecurrenceLabel } from "../invoice-ui";

/** Who the invoice is for, and the credit they hold. */
export function InvoiceCustomerCard({ invoice }: { invoice: InvoiceDetail }) {
  const { t } = useTranslation("invoices");
  const format = useBusinessFormat();
  return (
    <Card>
      <CardHeader title={t("customerCard.title")} />
      <CardBody className="flex flex-col gap-1 text-sm">
        <p className="font-medium text-ink-950">{invoice.customer.name}</p>
        {invoice.customer.email ? <p className="text-ink-600">{invoice.customer.email}</p> : null}
        {invoice.customer.phone ? <p className="text-ink-600">{invoice.customer.phone}</p> : null}
        {invoice.customer.taxId ? (
          <p className="text-ink-600">{t("customerCard.kraPin", { pin: invoice.customer.taxId })}</p>
        ) : null}
        {invoice.customer.creditBalanceMinor > 0n ? (
          <p className="mt-2 rounded-md bg-brand-50 px-3 py-2 text-[13px] text-brand-900">
            {t("customerCard.credit", { amount: format.money(invoice.customer.creditBalanceMinor) })}
          </p>
        ) : null}
      </CardBody>
    </Card>
  );
}

/** The customer's view-and-pay link; nothing before the invoice has one. */
export function InvoiceLinkCard({ invoice, onCopy }: { invoice: InvoiceDetail; onCopy: () => void }) {
  const { t } = useTranslation("invoices");
  if (!invoice.publicUrl) return null;
  return (
    <Card>
      <CardHeader title={t("linkCard.title")} description={t("linkCard.description")} />
      <CardBody className="flex flex-col gap-2">
        <code className="block truncate rounded-md bg-ink-50 px-2 py-1.5 text-xs text-ink-700">
          {invoice.publicUrl}
        </code>
        <Button variant="secondary" size="sm" onClick={() => onCopy()}>
          <Link2 aria-hidden /> {t("linkCard.copy")}
        </Button>
      </CardBody>
    </Card>
  );
}

/** The schedule that repeats this invoice, or made it. */
export function InvoiceRecurringCard({ invoice }: { invoice: InvoiceDetail }) {
  const { business } = useBusiness();
  const { t } = useTranslation("invoices");
  const { locale } = useBusinessFormat();
  const recurrenceLabel = useRecurrenceLabel();
  if (!invoice.recurring && !invoice.generatedBy) return null;
  const base = businessPath(business.id, "invoices");
  return (
    <Card>
      <CardHeader title={t("recurringCard.title")} />
      <CardBody className="text-sm text-ink-700">
        {invoice.recurring ? (
          <p>
            {t(invoice.recurring.active ? "recurringCard.next" : "recurringCard.nextPaused", {
              frequency: recurrenceLabel(invoice.recurring.frequency),
              date: formatCalendarDate(invoice.recurring.nextRunDate, locale),
            })}
          </p>
        ) : (
          <p>{t("recurringCard.madeBy")}</p>
        )}
        <Link to={`${base}/recurring`} className="mt-2 inline-block text-brand-700 hover:underline">
          {t("recurringCard.manage")}
        </Link>
      </CardBody>
    </Card>
  );
}
