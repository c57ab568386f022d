import { formatBps, formatMoney, formatQuantity, kraTaxTypeOf } from "@kavi/domain";
import { useTranslation } from "react-i18next";
import { useLocale } from "../../../i18n/use-locale";
import { Card, CardHeader } from "../../../ui/card";
import { Money } from "../../../ui/money";
import { Table, TD, TH, THead, TR } from "../../../ui/table";
import { type InvoiceDetail, useTaxLabel } from "../invoice-ui";

/** The items with their VAT, then the totals down to the balance due. */
export function InvoiceLinesCard({ invoice }: { invoice: InvoiceDetail }) {
  const { t } = useTranslation(["invoices", "kra"]);
  const { locale } = useLocale();
  const taxLabel = useTaxLabel();
  const amount = (minor: bigint) => formatMoney(minor, invoice.currency, { display: "none", locale });
  return (
    <Card>
      <CardHeader
        title={t("lines.title")}
        description={invoice.pricesIncludeTax ? t("lines.includeVat") : t("lines.excludeVat")}
      />
      {invoice.buyerPin ? (
        <p className="px-5 pb-3 text-[13px] text-ink-600">
          {t("kra:detail.buyerPin", { pin: invoice.buyerPin })}
        </p>
      ) : null}
      <Table>
        <THead>
          <tr>
            <TH>{t("lines.description")}</TH>
            <TH className="text-right">{t("lines.quantity")}</TH>
            <TH className="hidden text-right sm:table-cell">{t("lines.price")}</TH>
            <TH className="hidden text-right md:table-cell">{t("lines.vat")}</TH>
            <TH className="text-right">{t("lines.amount")}</TH>
          </tr>
        </THead>
        <tbody>
          {invoice.lines.map((line) => (
            <TR key={line.id}>
              <TD>
                {line.description}
                {line.discountMinor > 0n ? (
                  <p className="text-[13px] text-ink-500">
                    {t("lines.lineDiscount", { amount: amount(line.discountMinor) })}
                  </p>
                ) : null}
                {/* What eTIMS will be told about the line: its classification (when typed) and tax type. */}
                <p className="text-[13px] text-ink-500">
                  {line.itemClassificationCode
                    ? `${t("kra:detail.classification", { code: line.itemClassificationCode })} · `
                    : null}
                  {t("kra:editor.taxType", { code: kraTaxTypeOf(line.taxTreatment, line.taxRateBps) })}
                </p>
              </TD>
              <TD className="text-right tabular">{formatQuantity(line.quantityMilli)}</TD>
              <TD className="hidden text-right tabular sm:table-cell">{amount(line.unitPriceMinor)}</TD>
              <TD className="hidden text-right text-ink-600 md:table-cell">
                {line.taxTreatment === "standard"
                  ? `${formatBps(line.taxRateBps)}%`
                  : line.taxTreatment === "zero_rated"
                    ? "0%"
                    : t("lines.exempt")}
              </TD>
              <TD className="text-right tabular">
                {amount(invoice.pricesIncludeTax ? line.totalMinor : line.netMinor)}
              </TD>
            </TR>
          ))}
        </tbody>
      </Table>
      <div className="flex justify-end border-t border-ink-100 px-5 py-4">
        <dl className="grid w-full max-w-xs grid-cols-[1fr_auto] gap-x-6 gap-y-1.5 text-sm">
          <dt className="text-ink-500">
            {invoice.pricesIncludeTax ? t("lines.subtotalInclVat") : t("lines.subtotal")}
          </dt>
          <dd className="text-right tabular">{amount(invoice.subtotalMinor)}</dd>
          {invoice.discountMinor > 0n ? (
            <>
              <dt className="text-ink-500">{t("lines.discount")}</dt>
              <dd className="text-right tabular">−{amount(invoice.discountMinor)}</dd>
            </>
          ) : null}
          {invoice.taxSummary
            .filter((row) => row.taxMinor > 0n)
            .map((row) => (
              <div key={`${row.taxTreatment}-${row.taxRateBps}`} className="contents">
                <dt className="text-ink-500">
                  {t(invoice.pricesIncludeTax ? "lines.taxIncluded" : "lines.taxOn", {
                    tax: taxLabel(row.taxTreatment, row.taxRateBps),
                    amount: amount(row.taxableMinor),
                  })}
                </dt>
                <dd className="text-right tabular">{amount(row.taxMinor)}</dd>
              </div>
            ))}
          <dt className="border-t border-ink-200 pt-2 font-semibold text-ink-950">{t("lines.total")}</dt>
          <dd className="border-t border-ink-200 pt-2 text-right font-semibold text-ink-950">
            <Money amountMinor={invoice.totalMinor} currency={invoice.currency} />
          </dd>
          {invoice.amountPaidMinor > 0n ? (
            <>
              <dt className="text-ink-500">{t("lines.paid")}</dt>
              <dd className="text-right tabular">−{amount(invoice.amountPaidMinor)}</dd>
            </>
          ) : null}
          {invoice.creditedMinor > 0n ? (
            <>
              <dt className="text-ink-500">{t("lines.creditNotes")}</dt>
              <dd className="text-right tabular">−{amount(invoice.creditedMinor)}</dd>
            </>
          ) : null}
          {invoice.status !== "draft" && invoice.status !== "void" ? (
            <>
              <dt className="font-semibold text-ink-950">{t("lines.balanceDue")}</dt>
              <dd className="text-right font-semibold text-ink-950">
                <Money amountMinor={invoice.balanceDueMinor} currency={invoice.currency} />
              </dd>
            </>
          ) : null}
        </dl>
      </div>
    </Card>
  );
}
