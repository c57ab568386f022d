import type { AppRouter, inferRouterOutputs } from "@kavi/api";
import { parseMoney, ZRequestInvoicePaymentSchema } from "@kavi/domain";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CheckCircle2, Smartphone, XCircle } from "lucide-react";
import { useEffect, useState } from "react";
import { useZodForm } from "../../lib/form";
import { useTRPC } from "../../lib/trpc";
import { Button } from "../../ui/button";
import { Dialog } from "../../ui/dialog";
import { Field } from "../../ui/field";
import { Input } from "../../ui/input";
import { Notice, ProblemAlert } from "../../ui/problem";
import { Spinner } from "../../ui/spinner";
import { useBusiness } from "../shell/business-context";
import { useBusinessFormat } from "../shell/use-business-format";
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
  const [search, setSearch] = useState("");
  const invoices = useQuery(
    trpc.mpesa.payments.openInvoices.queryOptions({ businessId: business.id, search }),
  );
  return (
    <div className="space-y-3">
      <Field label="Invoice" description="Search by invoice number or customer.">
        <Input
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          placeholder="INV-2026-0042"
        />
      </Field>
      {invoices.error ? <ProblemAlert error={invoices.error} /> : null}
      <ul className="max-h-64 divide-y divide-ink-100 overflow-y-auto rounded-md border border-ink-200">
        {invoices.isPending ? (
          <li className="flex justify-center p-4">
            <Spinner />
          </li>
        ) : (invoices.data ?? []).length === 0 ? (
          <li className="p-4 text-sm text-ink-500">No open invoices match.</li>
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
  const queryClient = useQueryClient();
  const { business } = useBusiness();
  const format = useBusinessFormat();
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
        <p className="font-medium">Paid {format.money(row.paidAmountMinor ?? row.amountMinor)}</p>
        <p className="text-[13px]">
          {row.receipt
            ? `M-Pesa receipt ${row.receipt}.`
            : "M-Pesa confirmed the payment; the receipt number follows."}
        </p>
      </Notice>
    );
  }
  if (row.status === "failed" || row.status === "cancelled") {
    return (
      <Notice tone="warning" icon={<XCircle aria-hidden className="size-5" />}>
        <p className="font-medium">{row.status === "cancelled" ? "Cancelled" : "Not paid"}</p>
        <p className="text-[13px]">{row.failureReason ?? "M-Pesa did not complete the payment."}</p>
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
            ? "Received, confirming with M-Pesa"
            : row.status === "unknown"
              ? "Waiting for M-Pesa to confirm"
              : `Prompt sent to ${displayPhone(row.phone)}`}
        </p>
        <p className="text-[13px]">
          {row.status === "confirming"
            ? "M-Pesa says the customer paid. KAVI checks it with M-Pesa before recording it; this takes a few seconds."
            : row.status === "unknown"
              ? (row.failureReason ?? "If the customer pays, it will show here.")
              : `Ask the customer to enter their M-Pesa PIN to pay ${format.money(row.amountMinor)}. This updates by itself.`}
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
  const [picked, setPicked] = useState<InvoiceToPay | null>(null);
  const invoice = fixedInvoice ?? picked;
  const [requestId, setRequestId] = useState<string | null>(null);
  const create = useMutation(trpc.mpesa.requests.create.mutationOptions());
  const form = useZodForm({
    initialValues: { phone: defaultPhone ?? "", amount: "" },
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
      title="Request M-Pesa payment"
      description={
        invoice
          ? `${invoice.invoiceNumber ?? "Invoice"}${invoice.customerName ? ` · ${invoice.customerName}` : ""} · ${format.money(invoice.balanceMinor)} due`
          : "Choose the invoice the customer is paying."
      }
      footer={
        requestId ? (
          <>
            <Button variant="secondary" onClick={() => setRequestId(null)}>
              New request
            </Button>
            <Button onClick={() => close(false)}>Done</Button>
          </>
        ) : invoice ? (
          <>
            {!fixedInvoice ? (
              <Button variant="secondary" onClick={() => setPicked(null)}>
                Change invoice
              </Button>
            ) : null}
            <Button type="submit" form="mpesa-request-form" loading={form.submitting}>
              <Smartphone aria-hidden /> Send prompt
            </Button>
          </>
        ) : (
          <Button variant="secondary" onClick={() => close(false)}>
            Cancel
          </Button>
        )
      }
    >
      {requestId ? (
        <PaymentRequestStatus paymentRequestId={requestId} />
      ) : !invoice ? (
        <InvoicePicker onPick={setPicked} />
      ) : (
        <form
          id="mpesa-request-form"
          ref={form.formRef}
          onSubmit={form.handleSubmit}
          noValidate
          className="space-y-4"
        >
          <Field label="Customer's M-Pesa number" error={form.errors.phone} required>
            <Input {...form.text("phone")} inputMode="tel" autoComplete="tel" placeholder="0712 345 678" />
          </Field>
          <Field
            label="Amount (KES)"
            optional
            error={form.errors.amountMinor}
            description={
              suggested !== null
                ? `Leave empty to ask for the balance: ${format.money(suggested)}.`
                : undefined
            }
          >
            <Input
              {...form.text("amount")}
              inputMode="numeric"
              placeholder={suggested !== null ? String(suggested / 100n) : ""}
            />
          </Field>
          {form.problem && !form.problem.fieldErrors ? <ProblemAlert problem={form.problem} /> : null}
        </form>
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
