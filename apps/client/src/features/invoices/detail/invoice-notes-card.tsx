import { useTranslation } from "react-i18next";
import { Card, CardBody } from "../../../ui/card";
import type { InvoiceDetail } from "../invoice-ui";

/** The notes and terms printed on the invoice; nothing when it has neither. */
export function InvoiceNotesCard({ invoice }: { invoice: InvoiceDetail }) {
  const { t } = useTranslation("invoices");
  if (!invoice.notes && !invoice.terms) return null;
  return (
    <Card>
      <CardBody className="grid gap-4 text-sm sm:grid-cols-2">
        {invoice.notes ? (
          <div>
            <p className="text-xs font-medium text-ink-500">{t("notesCard.notes")}</p>
            <p className="mt-1 whitespace-pre-line text-ink-800">{invoice.notes}</p>
          </div>
        ) : null}
        {invoice.terms ? (
          <div>
            <p className="text-xs font-medium text-ink-500">{t("notesCard.terms")}</p>
            <p className="mt-1 whitespace-pre-line text-ink-800">{invoice.terms}</p>
          </div>
        ) : null}
      </CardBody>
    </Card>
  );
}
