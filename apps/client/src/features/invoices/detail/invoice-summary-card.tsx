import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Card, CardBody } from "../../../ui/card";
import { Money } from "../../../ui/money";
import { useBusinessFormat } from "../../shell/use-business-format";
import { formatCalendarDate, type InvoiceDetail, useTermsLabel } from "../invoice-ui";

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-ink-500">{label}</dt>
      <dd className="mt-0.5 text-sm text-ink-900">{children}</dd>
    </div>
  );
}

/** What is due, by when, and what has been paid. */
export function InvoiceSummaryCard({ invoice }: { invoice: InvoiceDetail }) {
  const format = useBusinessFormat();
  const { t } = useTranslation("invoices");
  const days = invoice.paymentTermsDays;
  const termsLabel = useTermsLabel();
  return (
    <Card>
      <CardBody className="grid gap-5 sm:grid-cols-3">
        <div className="sm:col-span-1">
          <p className="text-xs text-ink-500">
            {invoice.balanceDueMinor === 0n && invoice.status === "paid"
              ? t("summary.paidInFull")
              : t("summary.amountDue")}
          </p>
          <p
            className={
              invoice.isOverdue
                ? "mt-1 text-2xl font-semibold text-red-700"
                : "mt-1 text-2xl font-semibold text-ink-950"
            }
          >
            <Money
              amountMinor={invoice.status === "paid" ? invoice.amountPaidMinor : invoice.balanceDueMinor}
              currency={invoice.currency}
            />
          </p>
          {invoice.isOverdue ? (
            <p className="text-[13px] font-medium text-red-700">
              {t("summary.daysOverdue", { count: invoice.daysOverdue })}
            </p>
          ) : null}
        </div>
        <dl className="grid grid-cols-2 gap-4 sm:col-span-2 sm:grid-cols-3">
          <Fact label={t("summary.issued")}>{formatCalendarDate(invoice.issueDate, format.locale)}</Fact>
          <Fact label={t("summary.due")}>{formatCalendarDate(invoice.dueDate, format.locale)}</Fact>
          <Fact label={t("summary.terms")}>{termsLabel(days)}</Fact>
          <Fact label={t("summary.total")}>
            <Money amountMinor={invoice.totalMinor} currency={invoice.currency} />
          </Fact>
          <Fact label={t("summary.paid")}>
            <Money amountMinor={invoice.amountPaidMinor} currency={invoice.currency} />
          </Fact>
          {invoice.lastEmailedAt ? (
            <Fact label={t("summary.lastEmailed")}>{format.relative(invoice.lastEmailedAt)}</Fact>
          ) : null}
        </dl>
      </CardBody>
    </Card>
  );
}
