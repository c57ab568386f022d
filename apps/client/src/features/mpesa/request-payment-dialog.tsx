import type { AppRouter, inferRouterOutputs } from "@kavi/api";
import { parseMoney, ZRequestInvoicePaymentSchema } from "@kavi/domain";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CheckCircle2, Smartphone, XCircle } from "lucide-react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useTRPC } from "../../lib/trpc";
import { useAppForm } from "../../lib/use-app-form";
import { AppForm, FormProblem } from "../../ui/app-form";
import { Button } from "../../ui/button";
import { Dialog } from "../../ui/dialog";
import { Field } from "../../ui/field";
import { Input } from "../../ui/input";
import { Notice, ProblemAlert } from "../../ui/problem";
import { Spinner } from "../../ui/spinner";
import { useBusiness } from "../shell/business-context";
import { useBusinessFormat } from "../shell/use-business-format";
import { useMpesaFailureReason } from "./failure-reason";
import { displayPhone, OPEN_REQUEST_STATUSES } from "./mpesa-status";

type OpenInvoice = inferRouterOutputs<AppRouter>["mpesa"]["payments"]["openInvoices"][number];

export interface InvoiceToPay {
  id: string;
  invoiceNumber: string | null;
  balanceMinor: bigint;
  customerName?: string | null;
}

/** Whole shillings, rounded up: M-Pesa moves no cents. */
function wholeShillings(amountMinor: bigint): bigint {
  return ((amountMinor + 99n) / 100n) * 100n;
}

function InvoicePicker({ onPick }: { onPick: (invoice: InvoiceToPay) => void }) {
  const trpc = useTRPC();
  const { business } = useBusiness();
  const format = useBusinessFormat();
  const { t } = useTranslation("mpesa");
  const [search, setSearch] = useState("");
  const invoices = useQuery(
    trpc.mpesa.payments.openInvoices.queryOptions({ businessId: business.id, search }),
  );
  return (
    <div className="space-y-3">
      <Field label={t("request.invoice")} description={t("request.invoiceHelp")}>
        <Input
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          placeholder={t("request.invoicePlaceholder")}
        />
      </Field>
      {invoices.error ? <ProblemAlert error={invoices.error} /> : null}
      <ul className="max-h-64 divide-y divide-ink-100 overflow-y-auto rounded-md border border-ink-200">
        {invoices.isPending ? (
          <li className="flex justify-center p-4">
            <Spinner />
          </li>
        ) : (invoices.data ?? []).length === 0 ? (
          <li className="p-4 text-sm text-ink-500">{t("request.noMatch")}</li>
        ) : (
          (invoices.data ?? []).map((invoice: OpenInvoice) => (
            <li key={invoice.id}>
              <button
                type="button"
                onClick={() => onPick(invoice)}
                className="flex w-full items-center justify-between gap-3 px-3 py-2.5 text-left text-sm hover:bg-ink-50 focus-visible:bg-ink-50 focus-visible:outline-none"
              >
                <span className="min-w-0">
                  <span className="block font-medium text-ink-900">{invoice.invoiceNumber}</span>
                  <span className="block truncate text-[13px] text-ink-500">{invoice.customerName}</span>
                </span>
                <span className="tabular text-ink-800">{format.money(invoice.balanceMinor)}</span>
              </button>
            </li>
          ))
        )}
      </ul>
    </div>
  );
}

/** The live status of a prompt: polls until paid, failed or cancelled, and says why in plain words. */
export function PaymentRequestStatus({ paymentRequestId }: { paymentRequestId: string }) {
  const trpc = useTRPC();
  const reasonOf = useMpesaFailureReason();
  const queryClient = useQueryClient();
  const { business } = useBusiness();
  const format = useBusinessFormat();
  const { t } = useTranslation("mpesa");
  const request = useQuery({
    ...trpc.mpesa.requests.get.queryOptions({ businessId: business.id, paymentRequestId }),
    refetchInterval: (query) =>
      query.state.data && !OPEN_REQUEST_STATUSES.has(query.state.data.status) ? false : 2_000,
  });
  const settledStatus =
    request.data && !OPEN_REQUEST_STATUSES.has(request.data.status) ? request.data.status : null;
  useEffect(() => {
    // Once settled, the Payments list shows it too.
    if (settledStatus) void queryClient.invalidateQueries({ queryKey: trpc.mpesa.payments.list.pathKey() });
  }, [settledStatus, queryClient, trpc]);
  if (request.error) return <ProblemAlert error={request.error} />;
  const row = request.data;
  if (!row) return <Spinner />;
  if (row.status === "paid") {
    return (
      <Notice tone="success" icon={<CheckCircle2 aria-hidden className="size-5" />}>
        <p className="font-medium">
          {t("request.paid", { amount: format.money(row.paidAmountMinor ?? row.amountMinor) })}
        </p>
        <p className="text-[13px]">
          {row.receipt ? t("request.receipt", { receipt: row.receipt }) : t("request.receiptFollows")}
        </p>
      </Notice>
    );
  }
  if (row.status === "failed" || row.status === "cancelled") {
    return (
      <Notice tone="warning" icon={<XCircle aria-hidden className="size-5" />}>
        <p className="font-medium">
          {row.status === "cancelled" ? t("request.cancelled") : t("request.notPaid")}
        </p>
        <p className="text-[13px]">{reasonOf(row) ?? t("request.notCompleted")}</p>
      </Notice>
    );
  }
  return (
    <div
      className="flex items-start gap-3 rounded-md border border-sky-200 bg-sky-50 px-4 py-3 text-sky-900"
      aria-live="polite"
    >
      <Smartphone aria-hidden className="mt-0.5 size-5 shrink-0" />
      <div className="text-sm">
        <p className="font-medium">
          {row.status === "confirming"
            ? t("request.confirming")
            : row.status === "unknown"
              ? t("request.waitingConfirm")
              : t("request.sentTo", { phone: displayPhone(row.phone) })}
        </p>
        <p className="text-[13px]">
          {row.status === "confirming"
            ? t("request.confirmingHelp")
            : row.status === "unknown"
              ? (reasonOf(row) ?? t("request.unknownHelp"))
              : t("request.enterPin", { amount: format.money(row.amountMinor) })}
        </p>
      </div>
      <Spinner className="ml-auto size-4" label={null} />
    </div>
  );
}

/**
 * "Request M-Pesa payment": phone number → STK prompt → live status until paid, failed or cancelled.
 * Pass an invoice (the invoice page) or let the person pick one.
 */
export function RequestPaymentDialog({
  open,
  onOpenChange,
  invoice: fixedInvoice,
  defaultPhone,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  invoice?: InvoiceToPay;
  defaultPhone?: string | null;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { business } = useBusiness();
  const format = useBusinessFormat();
  const { t } = useTranslation("mpesa");
  const [picked, setPicked] = useState<InvoiceToPay | null>(null);
  const invoice = fixedInvoice ?? picked;
  const [requestId, setRequestId] = useState<string | null>(null);
  const create = useMutation(trpc.mpesa.requests.create.mutationOptions());
  const form = useAppForm({
    defaultValues: { phone: defaultPhone ?? "", amount: "" },
    schema: ZRequestInvoicePaymentSchema,
    toInput: (values) => ({
      invoiceId: invoice?.id ?? "",
      phone: values.phone,
      amountMinor: values.amount.trim() === "" ? null : safeParseShillings(values.amount),
    }),
    onSubmit: async (input) => {
      const request = await create.mutateAsync({ businessId: business.id, ...input });
      setRequestId(request.id);
      await queryClient.invalidateQueries({ queryKey: trpc.mpesa.payments.list.pathKey() });
    },
  });
  const close = (next: boolean) => {
    if (!next) {
      setRequestId(null);
      setPicked(null);
      create.reset();
    }
    onOpenChange(next);
  };
  const suggested = invoice ? wholeShillings(invoice.balanceMinor) : null;
  return (
    <Dialog
      open={open}
      onOpenChange={close}
      title={t("request.title")}
      description={
        invoice
          ? [
              invoice.invoiceNumber ?? t("request.invoice"),
              invoice.customerName,
              t("request.due", { amount: format.money(invoice.balanceMinor) }),
            ]
              .filter(Boolean)
              .join(" · ")
          : t("request.choose")
      }
      footer={
        requestId ? (
          <>
            <Button variant="secondary" onClick={() => setRequestId(null)}>
              {t("request.new")}
            </Button>
            <Button onClick={() => close(false)}>{t("request.done")}</Button>
          </>
        ) : invoice ? (
          <>
            {!fixedInvoice ? (
              <Button variant="secondary" onClick={() => setPicked(null)}>
                {t("request.change")}
              </Button>
            ) : null}
            <Button type="submit" form="mpesa-request-form" loading={form.submitting}>
              <Smartphone aria-hidden /> {t("request.send")}
            </Button>
          </>
        ) : (
          <Button variant="secondary" onClick={() => close(false)}>
            {t("request.cancel")}
          </Button>
        )
      }
    >
      {requestId ? (
        <PaymentRequestStatus paymentRequestId={requestId} />
      ) : !invoice ? (
        <InvoicePicker onPick={setPicked} />
      ) : (
        <AppForm form={form} problem="manual" id="mpesa-request-form" className="space-y-4">
          <Field label={t("request.phone")} error={form.error("phone")} required>
            <Input
              {...form.register("phone")}
              inputMode="tel"
              autoComplete="tel"
              placeholder="0712 345 678"
            />
          </Field>
          <Field
            label={t("request.amount")}
            optional
            error={form.error("amountMinor")}
            description={
              suggested !== null ? t("request.amountHelp", { amount: format.money(suggested) }) : undefined
            }
          >
            <Input
              {...form.register("amount")}
              inputMode="numeric"
              placeholder={suggested !== null ? String(suggested / 100n) : ""}
            />
          </Field>
          <FormProblem form={form} />
        </AppForm>
      )}
    </Dialog>
  );
}

function safeParseShillings(text: string): bigint {
  try {
    return parseMoney(text, "KES");
  } catch {
    // An unreadable amount fails the schema (not a whole shilling) with a clear message.
    return 1n;
  }
}
