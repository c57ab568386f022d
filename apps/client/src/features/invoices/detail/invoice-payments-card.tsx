import { useTranslation } from "react-i18next";
import { Card, CardHeader } from "../../../ui/card";
import { Money } from "../../../ui/money";
import { useBusinessFormat } from "../../shell/use-business-format";
import type { InvoiceDetail } from "../invoice-ui";

/** Payments and credit notes against the invoice; nothing when there are none. */
export function InvoicePaymentsCard({ invoice }: { invoice: InvoiceDetail }) {
  const format = useBusinessFormat();
  const { t } = useTranslation(["invoices", "transactions"]);
  if (invoice.payments.length === 0 && invoice.creditNotes.length === 0) return null;
  return (
    <Card>
      <CardHeader title={t("paymentsCard.title")} />
      <ul className="divide-y divide-ink-100">
        {invoice.payments.map((payment) => (
          <li key={payment.id} className="flex items-start justify-between gap-4 px-5 py-3 text-sm">
            <div className="min-w-0">
              <p className="font-medium text-ink-900">
                {payment.source === "customer_credit"
                  ? t("paymentsCard.customerCredit")
                  : t(`transactions:method.${payment.method}`)}
                {payment.reference ? (
                  <span className="font-normal text-ink-600"> · {payment.reference}</span>
                ) : null}
              </p>
              <p className="text-[13px] text-ink-500">
                {format.dateTime(payment.paidAt)}
                {payment.payerName ? ` · ${payment.payerName}` : ""}
                {payment.creditedToCustomerMinor > 0n
                  ? ` · ${t("paymentsCard.keptAsCredit", { amount: format.money(payment.creditedToCustomerMinor, payment.currency) })}`
                  : ""}
              </p>
            </div>
            <Money amountMinor={payment.amountMinor} currency={payment.currency} className="font-medium" />
          </li>
        ))}
        {invoice.creditNotes.map((note) => (
          <li key={note.id} className="flex items-start justify-between gap-4 px-5 py-3 text-sm">
            <div className="min-w-0">
              <p className="font-medium text-ink-900">
                {t("paymentsCard.creditNote", { number: note.creditNoteNumber })}
              </p>
              <p className="text-[13px] text-ink-500">
                {format.date(note.issuedAt)} · {note.reason}
                {note.returnedMinor > 0n
                  ? ` · ${t(note.disposition === "refund" ? "paymentsCard.toRefund" : "paymentsCard.toCredit", { amount: format.money(note.returnedMinor, note.currency) })}`
                  : ""}
              </p>
            </div>
            <Money amountMinor={-note.amountMinor} currency={note.currency} className="font-medium" />
          </li>
        ))}
      </ul>
    </Card>
  );
}
