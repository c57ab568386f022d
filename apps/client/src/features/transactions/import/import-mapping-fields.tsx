import {
  DATE_FORMAT_EXAMPLES,
  DATE_FORMATS,
  PAYMENT_METHOD_LABELS,
  PAYMENT_METHODS,
  type TImportMappingInput,
} from "@kavi/domain";
import { Field } from "../../../ui/field";
import { Select } from "../../../ui/input";
import type { Preview } from "./use-import-wizard";

const COLUMN_FIELDS = [
  ["date", "Date", true],
  ["description", "Description", false],
  ["amount", "Amount (money out negative)", false],
  ["paidIn", "Paid in / credit", false],
  ["withdrawn", "Withdrawn / debit", false],
  ["type", "Type (income/expense, CR/DR)", false],
  ["category", "Category", false],
  ["reference", "Reference / receipt", false],
  ["method", "Payment method", false],
  ["status", "Status", false],
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
  const columnOptions = preview.headers.map((header, index) => ({
    value: String(index),
    label: header || `Column ${index + 1}`,
  }));
  const setColumn = (field: string, value: string) =>
    onChange({ ...mapping, [field]: value === "" ? null : Number(value) });

  return (
    <fieldset>
      <legend className="mb-3 text-sm font-semibold text-ink-900">Which column holds what</legend>
      <div className="grid gap-3 sm:grid-cols-2">
        {COLUMN_FIELDS.map(([field, label, required]) => (
          <Field key={field} label={label} optional={!required}>
            <Select
              value={mapping[field] === null || mapping[field] === undefined ? "" : String(mapping[field])}
              onChange={(event) => setColumn(field, event.target.value)}
              placeholder={required ? undefined : "Not in this file"}
              options={columnOptions}
            />
          </Field>
        ))}
        <Field label="Dates are written like">
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
        <Field label="Otherwise paid by">
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
              label: PAYMENT_METHOD_LABELS[method],
            }))}
          />
        </Field>
      </div>
    </fieldset>
  );
}
