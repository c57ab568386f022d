import {
  isSystemSource,
  PAYMENT_METHODS,
  type PaymentMethod,
  SUPPORTED_CURRENCIES,
  type TransactionType,
  toMajorString,
  ZCreateTransactionSchema,
  ZUpdateTransactionSchema,
} from "@kavi/domain";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ImagePlus, X } from "lucide-react";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { cn } from "../../lib/cn";
import { toProblem } from "../../lib/errors";
import { useTRPC, useTRPCClient } from "../../lib/trpc";
import { acceptFor, describeFile } from "../../lib/upload";
import { useAppForm } from "../../lib/use-app-form";
import { AppForm, FormProblem } from "../../ui/app-form";
import { Button } from "../../ui/button";
import { Dialog } from "../../ui/dialog";
import { Field } from "../../ui/field";
import { Input, Select, Textarea } from "../../ui/input";
import { Notice } from "../../ui/problem";
import { toast } from "../../ui/toast";
import { useCategoryName } from "../categories/category-name";
import type { CapturedEntry, TQueuedCreate } from "../offline/capture-store";
import { useCaptures } from "../offline/captures-provider";
import { useBusiness } from "../shell/business-context";
import { Attachments } from "./attachments";
import { type TransactionItem, todayIn, useCategories } from "./ledger";
import { uploadTransactionAttachment } from "./upload-attachment";

interface Values extends Record<string, unknown> {
  type: TransactionType;
  amount: string;
  currency: string;
  exchangeRate: string;
  date: string;
  time: string;
  categoryId: string;
  description: string;
  paymentMethod: PaymentMethod;
  referenceNumber: string;
  /** VAT included in an expense's amount (input VAT when the supplier has a KRA PIN). */
  vat: string;
  status: "pending" | "completed";
  customerId: string;
  supplierId: string;
  notes: string;
}

function localParts(instant: Date, timeZone: string): { date: string; time: string } {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(instant);
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? "";
  return { date: `${get("year")}-${get("month")}-${get("day")}`, time: `${get("hour")}:${get("minute")}` };
}

/** A queued entry's create input, back in the form's fields. */
function queuedValues(input: TQueuedCreate): Partial<Values> {
  const text = (key: string) => {
    const value = input[key];
    return typeof value === "string" ? value : "";
  };
  const [date = "", time = ""] = text("transactionDate").split("T");
  return {
    type: input.type,
    amount: input.amount,
    currency: input.currency,
    exchangeRate: text("exchangeRate"),
    date,
    time: time.slice(0, 5),
    categoryId: text("categoryId"),
    description: text("description"),
    paymentMethod: (text("paymentMethod") || "mpesa") as PaymentMethod,
    referenceNumber: text("referenceNumber"),
    vat: text("vat"),
    status: text("status") === "pending" ? "pending" : "completed",
    customerId: text("customerId"),
    supplierId: text("supplierId"),
    notes: text("notes"),
  };
}

const isOffline = () => typeof navigator !== "undefined" && navigator.onLine === false;

/**
 * Add or edit a transaction. Rows from invoices or M-Pesa keep their money facts; the rest stays editable.
 * `queued` edits an entry waiting in the offline queue (refused by the server) instead.
 */
export function TransactionDialog({
  open,
  onOpenChange,
  editing,
  queued = null,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  editing: TransactionItem | null;
  queued?: CapturedEntry | null;
}) {
  const { t } = useTranslation(["transactions", "offline"]);
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      size="lg"
      title={queued ? t("offline:editTitle") : editing ? t("form.editTitle") : t("form.addTitle")}
      description={editing || queued ? undefined : t("form.addDescription")}
    >
      {open ? (
        <TransactionForm
          key={editing?.id ?? queued?.id ?? "new"}
          editing={editing}
          queued={queued}
          onDone={() => onOpenChange(false)}
        />
      ) : null}
      {open && editing ? (
        <div className="mt-4 border-t border-ink-100 pt-4">
          <Attachments transactionId={editing.id} />
        </div>
      ) : null}
    </Dialog>
  );
}

function TransactionForm({
  editing,
  queued,
  onDone,
}: {
  editing: TransactionItem | null;
  queued: CapturedEntry | null;
  onDone: () => void;
}) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const captures = useCaptures();
  // Made once per new entry: a retry, or the offline queue's later send, books it at most once.
  const [clientRequestId] = useState(() => queued?.input.clientRequestId ?? crypto.randomUUID());
  const [receipt, setReceipt] = useState<NonNullable<CapturedEntry["receipt"]> | null>(null);
  const queryClient = useQueryClient();
  const { business } = useBusiness();
  const categories = useCategories();
  const { t } = useTranslation(["transactions", "offline"]);
  const categoryName = useCategoryName();
  const customers = useQuery(trpc.customers.list.queryOptions({ businessId: business.id, limit: 100 }));
  const suppliers = useQuery(trpc.suppliers.list.queryOptions({ businessId: business.id, limit: 100 }));
  const create = useMutation(trpc.transactions.create.mutationOptions());
  const update = useMutation(trpc.transactions.update.mutationOptions());
  const locked = editing ? isSystemSource(editing.source) || editing.invoiceId !== null : false;
  const when = editing
    ? localParts(editing.transactionDate, business.timezone)
    : { date: todayIn(business.timezone), time: "" };

  const form = useAppForm({
    defaultValues: {
      type: editing?.type ?? "expense",
      amount: editing ? toMajorString(editing.amountMinor, editing.currency) : "",
      currency: editing?.currency ?? business.baseCurrency,
      exchangeRate:
        editing && editing.currency !== business.baseCurrency
          ? editing.exchangeRate.replace(/0+$/, "").replace(/\.$/, "")
          : "",
      date: when.date,
      time: when.time,
      categoryId: editing?.categoryId ?? "",
      description: editing?.description ?? "",
      paymentMethod: editing?.paymentMethod ?? "mpesa",
      referenceNumber: editing?.referenceNumber ?? "",
      vat: editing?.vatMinor ? toMajorString(editing.vatMinor, editing.currency) : "",
      status: editing?.status === "pending" ? "pending" : "completed",
      customerId: editing?.customerId ?? "",
      supplierId: editing?.supplierId ?? "",
      notes: editing?.notes ?? "",
      ...(queued ? queuedValues(queued.input) : {}),
    } as Values,
    schema: editing ? ZUpdateTransactionSchema : ZCreateTransactionSchema,
    toInput: (values) => {
      const common = {
        categoryId: values.type === "transfer" ? null : values.categoryId || null,
        description: values.description,
        referenceNumber: values.referenceNumber,
        customerId: values.customerId || null,
        supplierId: values.supplierId || null,
        notes: values.notes,
      };
      const money = {
        type: values.type,
        amount: values.amount.trim(),
        currency: values.currency,
        exchangeRate: values.currency === business.baseCurrency ? null : values.exchangeRate.trim(),
        transactionDate: values.time ? `${values.date}T${values.time}` : values.date,
        paymentMethod: values.paymentMethod,
        status: values.status,
        vat: values.type === "expense" ? values.vat.trim() || null : null,
      };
      if (editing) {
        return locked
          ? { transactionId: editing.id, ...common }
          : { transactionId: editing.id, ...money, ...common };
      }
      return { ...money, ...common };
    },
    onSubmit: async (input) => {
      if (editing) {
        await update.mutateAsync({ businessId: business.id, ...(input as { transactionId: string }) });
      } else {
        const entry = {
          ...(input as Omit<TQueuedCreate, "clientRequestId">),
          clientRequestId,
        } as TQueuedCreate;
        if (queued) {
          await captures.resubmit(queued, entry);
          onDone();
          return;
        }
        const queueIt = async () => {
          await captures.capture(business.id, entry, receipt);
          toast("info", t("offline:saved.title"), { description: t("offline:saved.description") });
          onDone();
        };
        if (isOffline()) return queueIt();
        let created: { id: string };
        try {
          created = await create.mutateAsync({
            ...(entry as Parameters<typeof create.mutateAsync>[0]),
            businessId: business.id,
          });
        } catch (error) {
          // No answer at all: keep it on the device. An answer (a refusal) stays in the form.
          if (toProblem(error).kind === "network") return queueIt();
          throw error;
        }
        if (receipt) {
          try {
            await uploadTransactionAttachment(client, {
              businessId: business.id,
              transactionId: created.id,
              blob: receipt.blob,
              fileName: receipt.fileName,
              contentType: receipt.contentType as Parameters<
                typeof uploadTransactionAttachment
              >[1]["contentType"],
            });
          } catch (error) {
            if (toProblem(error).kind === "network") {
              await captures.capturePhoto(business.id, created.id, entry, receipt);
            } else {
              toast("error", t("attachments.notAttached"), { description: toProblem(error).message });
            }
          }
        }
      }
      await queryClient.invalidateQueries({ queryKey: trpc.transactions.pathKey() });
      await queryClient.invalidateQueries({ queryKey: trpc.dashboard.pathKey() });
      toast("success", editing ? t("form.saved") : t("form.added"));
      onDone();
    },
  });
  const values = form.watch();
  const { setValue } = form;
  const kind = values.type === "transfer" ? null : values.type;
  const categoryOptions = (categories.data ?? [])
    .filter((category) => category.kind === kind)
    .map((category) => ({ value: category.id, label: categoryName(category) }));
  const foreign = values.currency !== business.baseCurrency;

  return (
    <AppForm form={form} problem="manual" id="transaction-form" className="flex flex-col gap-4">
      {locked ? (
        <Notice tone="info">
          {editing?.source === "invoice_payment" || editing?.invoiceId
            ? t("form.lockedInvoice")
            : t("form.lockedMpesa")}
        </Notice>
      ) : null}
      <fieldset disabled={locked} className="flex flex-col gap-4 disabled:opacity-70">
        <fieldset className="grid grid-cols-3 gap-1 rounded-lg bg-ink-100 p-1">
          <legend className="sr-only">{t("form.type")}</legend>
          {(["income", "expense", "transfer"] as const).map((type) => (
            <label
              key={type}
              className={cn(
                "flex h-9 cursor-pointer items-center justify-center rounded-md text-sm font-medium transition-colors has-focus-visible:outline-2 has-focus-visible:outline-brand-600",
                values.type === type
                  ? "bg-surface text-ink-950 shadow-card"
                  : "text-ink-600 hover:text-ink-900",
              )}
            >
              <input
                type="radio"
                name="type"
                value={type}
                className="sr-only"
                checked={values.type === type}
                onChange={() => {
                  setValue("type", type);
                  setValue("categoryId", "");
                }}
              />
              {t(`type.${type}`)}
            </label>
          ))}
        </fieldset>
        <div className="grid gap-4 sm:grid-cols-[1fr_120px]">
          <Field label={t("form.amount")} error={form.error("amount")} required>
            <Input
              inputMode="decimal"
              autoComplete="off"
              placeholder="1,250.00"
              {...form.register("amount")}
            />
          </Field>
          <Field label={t("form.currency")} error={form.error("currency")}>
            <Select
              value={values.currency}
              onChange={(event) => setValue("currency", event.target.value)}
              options={SUPPORTED_CURRENCIES.map((code) => ({ value: code, label: code }))}
            />
          </Field>
        </div>
        {foreign ? (
          <Field
            label={t("form.exchangeRate", { base: business.baseCurrency, currency: values.currency })}
            error={form.error("exchangeRate")}
            description={t("form.exchangeRateHelp")}
            required
          >
            <Input inputMode="decimal" placeholder="129.35" {...form.register("exchangeRate")} />
          </Field>
        ) : null}
        <div className="grid gap-4 sm:grid-cols-3">
          <Field label={t("form.date")} error={form.error("transactionDate")} required>
            <Input type="date" {...form.register("date")} />
          </Field>
          <Field label={t("form.time")} optional>
            <Input type="time" {...form.register("time")} />
          </Field>
          <Field label={t("form.status")}>
            <Select
              value={values.status}
              onChange={(event) => setValue("status", event.target.value as Values["status"])}
              options={[
                { value: "completed", label: t("status.completed") },
                { value: "pending", label: t("status.pending") },
              ]}
            />
          </Field>
        </div>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label={t("form.how")} error={form.error("paymentMethod")}>
            <Select
              value={values.paymentMethod}
              onChange={(event) => setValue("paymentMethod", event.target.value as PaymentMethod)}
              options={PAYMENT_METHODS.map((method) => ({
                value: method,
                label: t(`method.${method}`),
              }))}
            />
          </Field>
          <Field
            label={t("form.reference")}
            optional
            error={form.error("referenceNumber")}
            description={t("form.referenceHelp")}
          >
            <Input autoComplete="off" {...form.register("referenceNumber")} />
          </Field>
          {values.type === "expense" && !locked ? (
            <Field label={t("form.vat")} optional error={form.error("vat")} description={t("form.vatHelp")}>
              <Input inputMode="decimal" placeholder="0.00" {...form.register("vat")} />
            </Field>
          ) : null}
        </div>
      </fieldset>
      {kind ? (
        <Field label={t("form.category")} optional error={form.error("categoryId")}>
          <Select
            value={values.categoryId}
            onChange={(event) => setValue("categoryId", event.target.value)}
            placeholder={t("uncategorised")}
            options={categoryOptions}
          />
        </Field>
      ) : null}
      <Field label={t("form.description")} optional error={form.error("description")}>
        <Input
          placeholder={values.type === "income" ? t("form.incomeExample") : t("form.expenseExample")}
          {...form.register("description")}
        />
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label={t("form.customer")} optional error={form.error("customerId")}>
          <Select
            value={values.customerId}
            onChange={(event) => setValue("customerId", event.target.value)}
            placeholder={t("form.none")}
            disabled={locked && Boolean(editing?.invoiceId)}
            options={(customers.data?.items ?? []).map((customer) => ({
              value: customer.id,
              label: customer.name,
            }))}
          />
        </Field>
        <Field label={t("form.supplier")} optional error={form.error("supplierId")}>
          <Select
            value={values.supplierId}
            onChange={(event) => setValue("supplierId", event.target.value)}
            placeholder={t("form.none")}
            options={(suppliers.data?.items ?? []).map((supplier) => ({
              value: supplier.id,
              label: supplier.name,
            }))}
          />
        </Field>
      </div>
      <Field label={t("form.notes")} optional error={form.error("notes")}>
        <Textarea rows={2} {...form.register("notes")} />
      </Field>
      {editing || queued ? null : <ReceiptPicker receipt={receipt} onChange={setReceipt} />}
      <FormProblem form={form} />
      <div className="flex flex-col-reverse gap-2 border-t border-ink-100 pt-4 sm:flex-row sm:justify-end">
        <Button variant="secondary" onClick={onDone}>
          {t("form.cancel")}
        </Button>
        <Button type="submit" loading={form.submitting}>
          {queued ? t("offline:resend") : editing ? t("form.save") : t("form.add")}
        </Button>
      </div>
    </AppForm>
  );
}

/** A photo (or PDF) to attach to a new entry: uploaded after it is booked, or kept on the device while offline. */
function ReceiptPicker({
  receipt,
  onChange,
}: {
  receipt: NonNullable<CapturedEntry["receipt"]> | null;
  onChange: (receipt: NonNullable<CapturedEntry["receipt"]> | null) => void;
}) {
  const { t } = useTranslation("offline");
  const inputId = useId();
  return (
    <div className="flex flex-col gap-1.5">
      <span className="text-sm font-medium text-ink-800">{t("receipt.label")}</span>
      <div className="flex flex-wrap items-center gap-2">
        <input
          id={inputId}
          type="file"
          className="sr-only"
          accept={acceptFor("transaction_attachment")}
          aria-label={t("receipt.choose")}
          onChange={(event) => {
            const file = event.target.files?.[0];
            event.target.value = "";
            if (!file) return;
            const described = describeFile("transaction_attachment", file);
            if (!described.ok) {
              toast("error", described.problem);
              return;
            }
            onChange({ blob: file, fileName: described.fileName, contentType: described.contentType });
          }}
        />
        {receipt ? (
          <>
            <span className="truncate text-sm text-ink-700">
              {t("receipt.chosen", { name: receipt.fileName })}
            </span>
            <Button size="sm" variant="ghost" onClick={() => onChange(null)}>
              <X aria-hidden /> {t("receipt.remove")}
            </Button>
          </>
        ) : (
          <Button size="sm" variant="secondary" onClick={() => document.getElementById(inputId)?.click()}>
            <ImagePlus aria-hidden /> {t("receipt.choose")}
          </Button>
        )}
      </div>
      <p className="text-[12px] text-ink-500">{t("receipt.help")}</p>
    </div>
  );
}
