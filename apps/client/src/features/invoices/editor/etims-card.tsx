import { kraTaxTypeOf } from "@kavi/domain";
import { useWatch } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { Card, CardBody } from "../../../ui/card";
import { Field } from "../../../ui/field";
import { Input } from "../../../ui/input";
import type { InvoiceEditorForm } from "./use-invoice-editor-form";

/**
 * What KRA's eTIMS needs beyond the invoice itself, folded away: most invoices need nothing typed here (the
 * buyer's PIN comes from the customer, each line's tax type from its VAT choice).
 */
export function EtimsCard({ form, customerPin }: { form: InvoiceEditorForm; customerPin: string | null }) {
  const { t } = useTranslation("kra");
  const lines = useWatch({ control: form.control, name: "lines" }) ?? [];
  return (
    <Card>
      <details>
        <summary className="cursor-pointer px-5 py-4 text-sm font-semibold text-ink-950">
          {t("editor.title")} <span className="font-normal text-ink-500">· {t("editor.optional")}</span>
        </summary>
        <CardBody className="grid gap-4 border-t border-ink-100">
          <p className="text-[13px] text-ink-600">{t("editor.description")}</p>
          <div className="max-w-xs">
            <Field label={t("editor.buyerPin")} error={form.error("buyerPin")}>
              <Input
                autoCapitalize="characters"
                placeholder={customerPin ?? "P051234567X"}
                {...form.register("buyerPin")}
              />
            </Field>
          </div>
          <ul className="grid gap-3">
            {lines.map((line, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: lines are addressed by position, as in the form
              <li key={index} className="grid grid-cols-[minmax(0,1fr)_10rem_5rem] items-end gap-3">
                <span className="truncate pb-2.5 text-[13px] text-ink-700">
                  {line.description || t("editor.line", { number: index + 1 })}
                </span>
                <Field
                  label={t("editor.classification")}
                  error={form.error(`lines.${index}.itemClassificationCode`)}
                >
                  <Input
                    inputMode="numeric"
                    placeholder="0000000000"
                    {...form.register(`lines.${index}.itemClassificationCode`)}
                  />
                </Field>
                <span className="pb-2.5 text-[13px] text-ink-600" title={t("editor.taxTypeHint")}>
                  {t("editor.taxType", {
                    code: kraTaxTypeOf(line.taxTreatment, Math.round(Number(line.taxRate || 0) * 100)),
                  })}
                </span>
              </li>
            ))}
          </ul>
        </CardBody>
      </details>
    </Card>
  );
}
