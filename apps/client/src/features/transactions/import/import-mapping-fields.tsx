import { DATE_FORMAT_EXAMPLES, DATE_FORMATS, PAYMENT_METHODS, type TImportMappingInput } from "@kavi/domain";
import { useTranslation } from "react-i18next";
import { Field } from "../../../ui/field";
import { Select } from "../../../ui/input";
import type { Preview } from "./use-import-wizard";

const COLUMN_FIELDS = [
  ["date", true],
  ["description", false],
  ["amount", false],
  ["paidIn", false],
  ["withdrawn", false],
  ["type", false],
  ["category", false],
  ["reference", false],
  ["method", false],
  ["status", false],
] as const;

/** Which column holds what, how dates are written, and the payment method when the file has none. */
export function ImportMappingFields({
  preview,
  mapping,
  onChange,
}: {
  preview: Preview;
  mapping: TImportMappingInput;
  onChange: (next: TImportMappingInput) => void;
}) {
  const { t } = useTranslation("transactions");
  const columnOptions = preview.headers.map((header, index) => ({
    value: String(index),
    label: header || t("import.columnNumber", { number: index + 1 }),
  }));
  const setColumn = (field: string, value: string) =>
    onChange({ ...mapping, [field]: value === "" ? null : Number(value) });

  return (
    <fieldset>
      <legend className="mb-3 text-sm font-semibold text-ink-900">{t("import.mapping")}</legend>
      <div className="grid gap-3 sm:grid-cols-2">
        {COLUMN_FIELDS.map(([field, required]) => (
          <Field key={field} label={t(`import.column.${field}`)} optional={!required}>
            <Select
              value={mapping[field] === null || mapping[field] === undefined ? "" : String(mapping[field])}
              onChange={(event) => setColumn(field, event.target.value)}
              placeholder={required ? undefined : t("import.notInFile")}
              options={columnOptions}
            />
          </Field>
        ))}
        <Field label={t("import.dateFormat")}>
          <Select
            value={mapping.dateFormat}
            onChange={(event) =>
              onChange({ ...mapping, dateFormat: event.target.value as TImportMappingInput["dateFormat"] })
            }
            options={DATE_FORMATS.map((format) => ({
              value: format,
              label: `${DATE_FORMAT_EXAMPLES[format]} (${format})`,
            }))}
          />
        </Field>
        <Field label={t("import.defaultMethod")}>
          <Select
            value={mapping.defaultMethod ?? "bank"}
            onChange={(event) =>
              onChange({
                ...mapping,
                defaultMethod: event.target.value as TImportMappingInput["defaultMethod"],
              })
            }
            options={PAYMENT_METHODS.map((method) => ({
              value: method,
              label: t(`method.${method}`),
            }))}
          />
        </Field>
      </div>
    </fieldset>
  );
}
