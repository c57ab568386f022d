import { formatMoney, type TaxTreatment } from "@kavi/domain";
import { Plus, Trash2 } from "lucide-react";
import { useFieldArray, useWatch } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { useLocale } from "../../../i18n/use-locale";
import { Button } from "../../../ui/button";
import { Card, CardHeader } from "../../../ui/card";
import { Field } from "../../../ui/field";
import { Input, Select } from "../../../ui/input";
import { Money } from "../../../ui/money";
import { useTaxLabel } from "../invoice-ui";
import { emptyLine, type LineValues } from "./editor-values";
import type { InvoiceEditorForm } from "./use-invoice-editor-form";
import type { useLiveTotals } from "./use-live-totals";

type LiveTotals = ReturnType<typeof useLiveTotals>;

/** Every line is labelled on a phone (stacked fields); on wider screens only the first row shows its headings. */
function lineLabel(text: string, index: number) {
  return index === 0 ? text : <span className="md:sr-only">{text}</span>;
}

function LineRow({
  form,
  index,
  amountMinor,
  currency,
  defaultRate,
  onRemove,
  removable,
}: {
  form: InvoiceEditorForm;
  index: number;
  amountMinor: bigint | null | undefined;
  currency: string;
  defaultRate: string;
  onRemove: () => void;
  removable: boolean;
}) {
  const line: LineValues | undefined = useWatch({ control: form.control, name: `lines.${index}` });
  const lineError = (field: keyof LineValues) => form.error(`lines.${index}.${field}`);
  const taxTreatment = line?.taxTreatment ?? "standard";
  const taxRate = line?.taxRate ?? defaultRate;
  const { t } = useTranslation("invoices");
  const { locale } = useLocale();
  const taxLabel = useTaxLabel();
  return (
    <li className="grid grid-cols-2 gap-3 px-5 py-4 md:grid-cols-[minmax(0,3fr)_5rem_8rem_7rem_9rem_8rem_2.5rem] md:items-start">
      <Field
        label={lineLabel(t("lines.description"), index)}
        error={lineError("description")}
        className="col-span-2 md:col-span-1"
      >
        <Input placeholder={t("editor.whatYouSold")} {...form.register(`lines.${index}.description`)} />
      </Field>
      <Field label={lineLabel(t("lines.quantity"), index)} error={lineError("quantity")}>
        <Input inputMode="decimal" {...form.register(`lines.${index}.quantity`)} />
      </Field>
      <Field label={lineLabel(t("editor.unitPrice"), index)} error={lineError("unitPrice")}>
        <Input inputMode="decimal" placeholder="0.00" {...form.register(`lines.${index}.unitPrice`)} />
      </Field>
      <Field label={lineLabel(t("lines.discount"), index)} error={lineError("discount")}>
        <Input inputMode="decimal" placeholder="0.00" {...form.register(`lines.${index}.discount`)} />
      </Field>
      <Field
        label={lineLabel(t("lines.vat"), index)}
        error={lineError("taxRate") ?? lineError("taxTreatment")}
      >
        <Select
          value={taxTreatment === "standard" ? `standard:${taxRate}` : taxTreatment}
          onChange={(event) => {
            // One menu sets two values: the treatment and, for standard-rated lines, the rate.
            const [treatment, rate] = event.target.value.split(":");
            form.setValue(`lines.${index}.taxTreatment`, treatment as TaxTreatment, { shouldDirty: true });
            if (rate) form.setValue(`lines.${index}.taxRate`, rate, { shouldDirty: true });
          }}
          options={[
            ...[...new Set([defaultRate, taxRate])].map((rate) => ({
              value: `standard:${rate}`,
              label: taxLabel("standard", Math.round(Number(rate) * 100)),
            })),
            { value: "zero_rated", label: t("tax.zeroRated") },
            { value: "exempt", label: t("tax.exempt") },
          ]}
        />
      </Field>
      <div className="flex flex-col gap-1.5 md:items-end">
        <span
          className={
            index > 0
              ? "text-[13px] font-medium text-ink-800 md:sr-only"
              : "text-[13px] font-medium text-ink-800"
          }
        >
          {t("lines.amount")}
        </span>
        <span className="flex h-10 items-center text-sm font-medium text-ink-900 tabular">
          {amountMinor === null || amountMinor === undefined ? (
            <span className="text-ink-400">—</span>
          ) : (
            formatMoney(amountMinor, currency, { display: "none", locale })
          )}
        </span>
      </div>
      <div className={index > 0 ? "flex items-start justify-end" : "flex items-start justify-end md:pt-6"}>
        <Button
          variant="ghost"
          size="icon"
          aria-label={t("editor.removeLine", { number: index + 1 })}
          disabled={!removable}
          onClick={onRemove}
        >
          <Trash2 aria-hidden />
        </Button>
      </div>
    </li>
  );
}

function EditorTotals({
  totals,
  currency,
  pricesIncludeTax,
}: {
  totals: LiveTotals["totals"];
  currency: string;
  pricesIncludeTax: boolean;
}) {
  const { t } = useTranslation("invoices");
  const { locale } = useLocale();
  const taxLabel = useTaxLabel();
  const amount = (minor: bigint) => formatMoney(minor, currency, { display: "none", locale });
  return (
    <dl className="grid w-full max-w-xs grid-cols-[1fr_auto] gap-x-6 gap-y-1.5 self-end text-sm">
      <dt className="text-ink-500">{pricesIncludeTax ? t("lines.subtotalInclVat") : t("lines.subtotal")}</dt>
      <dd className="text-right tabular">{amount(totals.subtotalMinor)}</dd>
      {totals.discountMinor > 0n ? (
        <>
          <dt className="text-ink-500">{t("lines.discount")}</dt>
          <dd className="text-right tabular">−{amount(totals.discountMinor)}</dd>
        </>
      ) : null}
      {totals.taxSummary
        .filter((row) => row.taxMinor > 0n)
        .map((row) => (
          <div key={`${row.taxTreatment}-${row.taxRateBps}`} className="contents">
            <dt className="text-ink-500">
              {pricesIncludeTax
                ? t("editor.taxIncluded", { tax: taxLabel(row.taxTreatment, row.taxRateBps) })
                : taxLabel(row.taxTreatment, row.taxRateBps)}
            </dt>
            <dd className="text-right tabular">{amount(row.taxMinor)}</dd>
          </div>
        ))}
      <dt className="border-t border-ink-200 pt-2 font-semibold text-ink-950">{t("lines.total")}</dt>
      <dd className="border-t border-ink-200 pt-2 text-right font-semibold text-ink-950">
        <Money amountMinor={totals.totalMinor} currency={currency} />
      </dd>
    </dl>
  );
}

/** The invoice's lines, each with its live amount, and the totals as they will be saved. */
export function LineItemsCard({
  form,
  live,
  currency,
  pricesIncludeTax,
  defaultRate,
}: {
  form: InvoiceEditorForm;
  live: LiveTotals;
  currency: string;
  pricesIncludeTax: boolean;
  defaultRate: string;
}) {
  const lines = useFieldArray({ control: form.control, name: "lines" });
  const { t } = useTranslation("invoices");
  return (
    <Card>
      <CardHeader title={t("lines.title")} description={t("editor.itemsDescription", { currency })} />
      {form.error("lines") ? (
        <p className="px-5 pt-3 text-[13px] font-medium text-red-700">{form.error("lines")}</p>
      ) : null}
      <ol className="divide-y divide-ink-100">
        {lines.fields.map((field, index) => (
          <LineRow
            key={field.id}
            form={form}
            index={index}
            amountMinor={live.perLine[index]}
            currency={currency}
            defaultRate={defaultRate}
            removable={lines.fields.length > 1}
            onRemove={() => lines.remove(index)}
          />
        ))}
      </ol>
      <div className="flex flex-col gap-6 border-t border-ink-100 px-5 py-4 md:flex-row md:items-start md:justify-between">
        <Button variant="secondary" onClick={() => lines.append(emptyLine(defaultRate))}>
          <Plus aria-hidden /> {t("editor.addLine")}
        </Button>
        <EditorTotals totals={live.totals} currency={currency} pricesIncludeTax={pricesIncludeTax} />
      </div>
    </Card>
  );
}
