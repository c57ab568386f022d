import { formatBps, formatMoney, formatQuantity, taxLabel } from "@kavi/domain";
import { Card, CardHeader } from "../../../ui/card";
import { Money } from "../../../ui/money";
import { Table, TD, TH, THead, TR } from "../../../ui/table";
import type { InvoiceDetail } from "../invoice-ui";

/** The items with their VAT, then the totals down to the balance due. */
export function InvoiceLinesCard({ invoice }: { invoice: InvoiceDetail }) {
  return (
    <Card>
      <CardHeader
        title="Items"
        description={invoice.pricesIncludeTax ? "Prices include VAT" : "Prices exclude VAT"}
      />
      <Table>
        <THead>
          <tr>
            <TH>Description</TH>
            <TH className="text-right">Qty</TH>
            <TH className="hidden text-right sm:table-cell">Price</TH>
            <TH className="hidden text-right md:table-cell">VAT</TH>
            <TH className="text-right">Amount</TH>
          </tr>
        </THead>
        <tbody>
          {invoice.lines.map((line) => (
            <TR key={line.id}>
              <TD>
                {line.description}
                {line.discountMinor > 0n ? (
                  <p className="text-[13px] text-ink-500">
                    Discount {formatMoney(line.discountMinor, invoice.currency, { display: "none" })}
                  </p>
                ) : null}
              </TD>
              <TD className="text-right tabular">{formatQuantity(line.quantityMilli)}</TD>
              <TD className="hidden text-right tabular sm:table-cell">
                {formatMoney(line.unitPriceMinor, invoice.currency, { display: "none" })}
              </TD>
              <TD className="hidden text-right text-ink-600 md:table-cell">
                {line.taxTreatment === "standard"
                  ? `${formatBps(line.taxRateBps)}%`
                  : line.taxTreatment === "zero_rated"
                    ? "0%"
                    : "Exempt"}
              </TD>
              <TD className="text-right tabular">
                {formatMoney(invoice.pricesIncludeTax ? line.totalMinor : line.netMinor, invoice.currency, {
                  display: "none",
                })}
              </TD>
            </TR>
          ))}
        </tbody>
      </Table>
      <div className="flex justify-end border-t border-ink-100 px-5 py-4">
        <dl className="grid w-full max-w-xs grid-cols-[1fr_auto] gap-x-6 gap-y-1.5 text-sm">
          <dt className="text-ink-500">{invoice.pricesIncludeTax ? "Subtotal (incl. VAT)" : "Subtotal"}</dt>
          <dd className="text-right tabular">
            {formatMoney(invoice.subtotalMinor, invoice.currency, { display: "none" })}
          </dd>
          {invoice.discountMinor > 0n ? (
            <>
              <dt className="text-ink-500">Discount</dt>
              <dd className="text-right tabular">
                −{formatMoney(invoice.discountMinor, invoice.currency, { display: "none" })}
              </dd>
            </>
          ) : null}
          {invoice.taxSummary
            .filter((row) => row.taxMinor > 0n)
            .map((row) => (
              <div key={`${row.taxTreatment}-${row.taxRateBps}`} className="contents">
                <dt className="text-ink-500">
                  {invoice.pricesIncludeTax ? "Includes " : ""}
                  {taxLabel(row.taxTreatment, row.taxRateBps)} on{" "}
                  {formatMoney(row.taxableMinor, invoice.currency, { display: "none" })}
                </dt>
                <dd className="text-right tabular">
                  {formatMoney(row.taxMinor, invoice.currency, { display: "none" })}
                </dd>
              </div>
            ))}
          <dt className="border-t border-ink-200 pt-2 font-semibold text-ink-950">Total</dt>
          <dd className="border-t border-ink-200 pt-2 text-right font-semibold text-ink-950">
            <Money amountMinor={invoice.totalMinor} currency={invoice.currency} />
          </dd>
          {invoice.amountPaidMinor > 0n ? (
            <>
              <dt className="text-ink-500">Paid</dt>
              <dd className="text-right tabular">
                −{formatMoney(invoice.amountPaidMinor, invoice.currency, { display: "none" })}
              </dd>
            </>
          ) : null}
          {invoice.creditedMinor > 0n ? (
            <>
              <dt className="text-ink-500">Credit notes</dt>
              <dd className="text-right tabular">
                −{formatMoney(invoice.creditedMinor, invoice.currency, { display: "none" })}
              </dd>
            </>
          ) : null}
          {invoice.status !== "draft" && invoice.status !== "void" ? (
            <>
              <dt className="font-semibold text-ink-950">Balance due</dt>
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
