import {
  DATE_FORMAT_EXAMPLES,
  DATE_FORMATS,
  IMPORT_UPLOAD_CHUNK_CHARS,
  MAX_IMPORT_BYTES,
  PAYMENT_METHOD_LABELS,
  PAYMENT_METHODS,
  type TImportMappingInput,
  ZImportMappingSchema,
} from "@kavi/domain";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { CircleCheck, FileUp, Smartphone } from "lucide-react";
import { useState } from "react";
import { toProblem } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import { Badge } from "../../ui/badge";
import { Button } from "../../ui/button";
import { Dialog } from "../../ui/dialog";
import { Field } from "../../ui/field";
import { Checkbox, Select } from "../../ui/input";
import { Money } from "../../ui/money";
import { Notice, ProblemAlert } from "../../ui/problem";
import { Table, TD, TH, THead, TR } from "../../ui/table";
import { toast } from "../../ui/toast";
import { useBusiness } from "../shell/business-context";
import type { RouterOutputs } from "./ledger";

type Preview = NonNullable<RouterOutputs["transactions"]["import"]["upload"]["preview"]>;
type Result = RouterOutputs["transactions"]["import"]["commit"];

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

export function ImportWizard({
  open,
  onOpenChange,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      size="lg"
      title="Import transactions"
      description="A bank export or your M-Pesa statement as CSV (up to 5 MB)."
    >
      {open ? <Wizard onDone={() => onOpenChange(false)} /> : null}
    </Dialog>
  );
}

function Wizard({ onDone }: { onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { business } = useBusiness();
  const upload = useMutation(trpc.transactions.import.upload.mutationOptions());
  const previewMutation = useMutation(trpc.transactions.import.preview.mutationOptions());
  const commit = useMutation(trpc.transactions.import.commit.mutationOptions());
  const undo = useMutation(trpc.transactions.import.undo.mutationOptions());
  const [preview, setPreview] = useState<Preview | null>(null);
  const [mapping, setMapping] = useState<TImportMappingInput | null>(null);
  const [skipRejected, setSkipRejected] = useState(false);
  const [result, setResult] = useState<Result | null>(null);
  const [problem, setProblem] = useState<ReturnType<typeof toProblem> | null>(null);
  const [uploading, setUploading] = useState(false);

  const choose = async (file: File | undefined) => {
    if (!file) return;
    setProblem(null);
    if (file.size > MAX_IMPORT_BYTES) {
      setProblem({
        ...toProblem(new Error("too large")),
        kind: "validation",
        message: "The file is larger than 5 MB. Split it into smaller files.",
      });
      return;
    }
    setUploading(true);
    try {
      const text = await file.text();
      let importId: string | null = null;
      let last: Preview | null = null;
      for (let start = 0; start < Math.max(text.length, 1); start += IMPORT_UPLOAD_CHUNK_CHARS) {
        const complete = start + IMPORT_UPLOAD_CHUNK_CHARS >= text.length;
        const part = await upload.mutateAsync({
          businessId: business.id,
          fileName: file.name,
          content: text.slice(start, start + IMPORT_UPLOAD_CHUNK_CHARS),
          complete,
          importId,
        });
        importId = part.importId;
        last = part.preview;
      }
      setPreview(last);
      setMapping(last?.suggestedMapping ?? null);
    } catch (error) {
      setProblem(toProblem(error));
    } finally {
      setUploading(false);
    }
  };

  const check = async (next: TImportMappingInput) => {
    if (!preview) return;
    setMapping(next);
    const parsed = ZImportMappingSchema.safeParse(next);
    if (!parsed.success) return;
    try {
      setPreview(
        await previewMutation.mutateAsync({
          businessId: business.id,
          importId: preview.importId,
          mapping: parsed.data,
        }),
      );
      setProblem(null);
    } catch (error) {
      setProblem(toProblem(error));
    }
  };

  const run = async () => {
    if (!preview || !mapping) return;
    try {
      const done = await commit.mutateAsync({
        businessId: business.id,
        importId: preview.importId,
        mapping: ZImportMappingSchema.parse(mapping),
        skipRejected,
      });
      setResult(done);
      await queryClient.invalidateQueries({ queryKey: trpc.transactions.pathKey() });
      await queryClient.invalidateQueries({ queryKey: trpc.dashboard.pathKey() });
    } catch (error) {
      setProblem(toProblem(error));
    }
  };

  if (result && preview) {
    return (
      <div className="flex flex-col gap-4">
        <div className="flex items-start gap-3 rounded-lg bg-brand-50 p-4 ring-1 ring-brand-100">
          <CircleCheck className="mt-0.5 size-5 text-brand-700" aria-hidden />
          <div>
            <p className="font-medium text-ink-900">
              {result.imported} transaction{result.imported === 1 ? "" : "s"} imported from {preview.fileName}
            </p>
            <p className="mt-1 text-sm text-ink-600">
              {[
                result.alreadyImported ? `${result.alreadyImported} already in KAVI` : null,
                result.duplicates ? `${result.duplicates} repeated in the file` : null,
                result.skipped ? `${result.skipped} skipped` : null,
                result.rejected ? `${result.rejected} rejected` : null,
              ]
                .filter(Boolean)
                .join(" · ") || "Nothing was left out."}
            </p>
          </div>
        </div>
        <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
          {result.imported > 0 ? (
            <Button
              variant="secondary"
              loading={undo.isPending}
              onClick={async () => {
                await undo.mutateAsync({ businessId: business.id, importId: preview.importId });
                await queryClient.invalidateQueries({ queryKey: trpc.transactions.pathKey() });
                toast("info", "Import undone", { description: "The transactions it added were removed." });
                onDone();
              }}
            >
              Undo this import
            </Button>
          ) : null}
          <Button onClick={onDone}>Done</Button>
        </div>
      </div>
    );
  }

  if (!preview || !mapping) {
    return (
      <div className="flex flex-col gap-4">
        <label className="flex cursor-pointer flex-col items-center gap-2 rounded-lg border-2 border-dashed border-ink-300 px-6 py-10 text-center hover:border-brand-600 hover:bg-brand-50/40">
          <FileUp className="size-7 text-brand-700" aria-hidden />
          <span className="font-medium text-ink-900">
            {uploading ? "Reading the file…" : "Choose a CSV file"}
          </span>
          <span className="text-sm text-ink-500">
            An M-Pesa statement is recognised on its own; other files are mapped in the next step.
          </span>
          <input
            type="file"
            accept=".csv,text/csv"
            className="sr-only"
            disabled={uploading}
            onChange={(event) => choose(event.target.files?.[0])}
          />
        </label>
        {problem ? <ProblemAlert problem={problem} /> : null}
      </div>
    );
  }

  const columnOptions = preview.headers.map((header, index) => ({
    value: String(index),
    label: header || `Column ${index + 1}`,
  }));
  const evaluation = preview.evaluation;
  const setColumn = (field: string, value: string) =>
    check({ ...mapping, [field]: value === "" ? null : Number(value) });

  return (
    <div className="flex flex-col gap-5">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span className="font-medium text-ink-900">{preview.fileName}</span>
        <span className="text-ink-500">{preview.dataRowCount} rows</span>
        {preview.profile === "mpesa_statement" ? (
          <Badge tone="brand">
            <Smartphone className="size-3" aria-hidden /> M-Pesa statement recognised
          </Badge>
        ) : null}
        {preview.detected.dateAmbiguous ? (
          <Badge tone="warning">Dates could be day-first or month-first: check below</Badge>
        ) : null}
      </div>
      <div className="max-h-48 overflow-auto rounded-md border border-ink-200">
        <Table>
          <THead>
            <TR>
              {preview.headers.map((header, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: columns are positional
                <TH key={index}>{header}</TH>
              ))}
            </TR>
          </THead>
          <tbody>
            {preview.sampleRows.slice(0, 5).map((row, rowIndex) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: sample rows are positional
              <TR key={rowIndex}>
                {preview.headers.map((_, index) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: columns are positional
                  <TD key={index} className="text-[13px] whitespace-nowrap">
                    {row[index]}
                  </TD>
                ))}
              </TR>
            ))}
          </tbody>
        </Table>
      </div>
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
                check({ ...mapping, dateFormat: event.target.value as TImportMappingInput["dateFormat"] })
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
                check({
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
      {evaluation ? (
        <div className="rounded-lg border border-ink-200">
          <div className="flex flex-wrap gap-x-5 gap-y-1 border-b border-ink-100 px-4 py-3 text-sm">
            <span>
              <strong className="text-ink-950">{evaluation.counts.ready}</strong> to import
            </span>
            <span>
              Money in{" "}
              <Money amountMinor={evaluation.totals.incomeMinor} currency={business.baseCurrency} compact />
            </span>
            <span>
              Money out{" "}
              <Money amountMinor={evaluation.totals.expenseMinor} currency={business.baseCurrency} compact />
            </span>
            {evaluation.counts.alreadyImported ? (
              <span className="text-ink-500">{evaluation.counts.alreadyImported} already in KAVI</span>
            ) : null}
            {evaluation.counts.duplicates ? (
              <span className="text-ink-500">{evaluation.counts.duplicates} repeated</span>
            ) : null}
            {evaluation.counts.skipped ? (
              <span className="text-ink-500">{evaluation.counts.skipped} skipped</span>
            ) : null}
            {evaluation.counts.rejected ? (
              <span className="font-medium text-red-700">{evaluation.counts.rejected} rejected</span>
            ) : null}
          </div>
          {evaluation.problems.length > 0 ? (
            <ul className="max-h-40 overflow-auto px-4 py-2 text-[13px]">
              {evaluation.problems.map((item) => (
                <li key={`${item.row}-${item.status}`} className="flex gap-2 py-0.5">
                  <span className="w-16 shrink-0 text-ink-500">Row {item.row}</span>
                  <span className={item.status === "rejected" ? "text-red-700" : "text-ink-600"}>
                    {item.reason}
                  </span>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : (
        <Notice tone="warning">Choose the date and amount columns to see what will be imported.</Notice>
      )}
      {evaluation?.counts.rejected ? (
        <Checkbox
          checked={skipRejected}
          onChange={(event) => setSkipRejected(event.target.checked)}
          label={`Import the other rows and leave the ${evaluation.counts.rejected} rejected out`}
          description="Otherwise fix the file and upload it again. Nothing is imported half-way."
        />
      ) : null}
      {problem ? <ProblemAlert problem={problem} /> : null}
      <div className="flex flex-col-reverse gap-2 border-t border-ink-100 pt-4 sm:flex-row sm:justify-end">
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
        <Button
          onClick={run}
          loading={commit.isPending}
          disabled={
            !evaluation || evaluation.counts.ready === 0 || (evaluation.counts.rejected > 0 && !skipRejected)
          }
        >
          Import {evaluation?.counts.ready ?? 0} transactions
        </Button>
      </div>
    </div>
  );
}
