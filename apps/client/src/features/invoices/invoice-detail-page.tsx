import {
  formatBps,
  formatMoney,
  formatQuantity,
  PAYMENT_METHOD_LABELS,
  RECURRENCE_LABELS,
  taxLabel,
} from "@kavi/domain";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  Ban,
  Copy,
  CreditCard,
  Download,
  FileMinus,
  Files,
  Link2,
  MoreHorizontal,
  Pencil,
  Receipt,
  RefreshCw,
  Repeat,
  SearchX,
  Send,
  Smartphone,
  Trash2,
  Wallet,
} from "lucide-react";
import { type ReactNode, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { businessPath } from "../../app/navigation";
import { toProblem } from "../../lib/errors";
import { useTRPC, useTRPCClient } from "../../lib/trpc";
import { Avatar } from "../../ui/avatar";
import { Button, ButtonLink } from "../../ui/button";
import { Card, CardBody, CardHeader } from "../../ui/card";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "../../ui/dropdown-menu";
import { EmptyState } from "../../ui/empty-state";
import { Money } from "../../ui/money";
import { PageHeader } from "../../ui/page-header";
import { Notice, ProblemAlert } from "../../ui/problem";
import { Skeleton } from "../../ui/skeleton";
import { Table, TD, TH, THead, TR } from "../../ui/table";
import { toast } from "../../ui/toast";
import { displayPhone, MpesaStatusBadge, OPEN_REQUEST_STATUSES } from "../mpesa/mpesa-status";
import { RequestPaymentDialog } from "../mpesa/request-payment-dialog";
import { useBusiness } from "../shell/business-context";
import { RequireAccess } from "../shell/require-access";
import { useBusinessFormat } from "../shell/use-business-format";
import {
  ApplyCreditDialog,
  CreditNoteDialog,
  DueDateDialog,
  RecordPaymentDialog,
  RecurringDialog,
  SendInvoiceDialog,
  VoidInvoiceDialog,
} from "./invoice-dialogs";
import {
  downloadBase64,
  formatCalendarDate,
  type InvoiceDetail,
  InvoiceStatusBadge,
  READ_INVOICES,
  RECORD_PAYMENTS,
  termsLabel,
  WRITE_INVOICES,
} from "./invoice-ui";

type DialogName = "pay" | "send" | "void" | "credit" | "due" | "applyCredit" | "recurring" | null;

const ACTIVITY_WORDS: Record<string, string> = {
  "invoice.created": "created the draft",
  "invoice.updated": "edited the draft",
  "invoice.duplicated": "created it as a copy",
  "invoice.issued": "issued it",
  "invoice.sent": "emailed it",
  "invoice.resent": "emailed it again",
  "invoice.reminder_sent": "sent a payment reminder",
  "invoice.payment_recorded": "recorded a payment",
  "invoice.credit_applied": "applied customer credit",
  "credit_note.issued": "issued a credit note",
  "invoice.overdue": "marked it overdue",
  "invoice.due_date_changed": "changed the due date",
  "invoice.voided": "voided it",
  "invoice.link_regenerated": "made a new customer link",
};

function activityDetail(metadata: Record<string, unknown> | null, currency: string): string | null {
  if (!metadata) return null;
  const amount = typeof metadata.amountMinor === "string" ? BigInt(metadata.amountMinor) : null;
  const parts: string[] = [];
  if (amount !== null) parts.push(formatMoney(amount, currency));
  if (typeof metadata.method === "string" && metadata.method in PAYMENT_METHOD_LABELS) {
    parts.push(PAYMENT_METHOD_LABELS[metadata.method as keyof typeof PAYMENT_METHOD_LABELS]);
  }
  if (typeof metadata.reference === "string") parts.push(metadata.reference);
  if (typeof metadata.to === "string") parts.push(`to ${metadata.to}`);
  if (typeof metadata.creditNoteNumber === "string") parts.unshift(metadata.creditNoteNumber);
  if (typeof metadata.reason === "string") parts.push(`“${metadata.reason}”`);
  return parts.length > 0 ? parts.join(" · ") : null;
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-ink-500">{label}</dt>
      <dd className="mt-0.5 text-sm text-ink-900">{children}</dd>
    </div>
  );
}

function InvoiceActivity({ invoice }: { invoice: InvoiceDetail }) {
  const trpc = useTRPC();
  const { business } = useBusiness();
  const format = useBusinessFormat();
  const activity = useQuery(
    trpc.invoices.activity.queryOptions({ businessId: business.id, invoiceId: invoice.id }),
  );
  return (
    <Card>
      <CardHeader title="History" />
      {activity.isPending ? (
        <CardBody>
          <Skeleton className="h-16" />
        </CardBody>
      ) : activity.isError ? (
        <CardBody>
          <ProblemAlert error={activity.error} onRetry={() => void activity.refetch()} />
        </CardBody>
      ) : (
        <ol className="relative px-5 py-4" aria-label="Invoice history">
          {activity.data.map((item, index) => (
            <li key={item.id} className="relative flex gap-3 pb-4 last:pb-0">
              {index < activity.data.length - 1 ? (
                <span className="absolute top-7 bottom-0 left-3.5 w-px bg-ink-200" aria-hidden />
              ) : null}
              <Avatar name={item.actor?.fullName ?? "KAVI"} size="sm" />
              <div className="min-w-0 flex-1 text-sm">
                <p className="text-ink-800">
                  <span className="font-medium text-ink-950">{item.actor?.fullName ?? "KAVI"}</span>{" "}
                  {ACTIVITY_WORDS[item.action] ?? item.action}
                </p>
                {activityDetail(item.metadata, invoice.currency) ? (
                  <p className="text-[13px] text-ink-600">
                    {activityDetail(item.metadata, invoice.currency)}
                  </p>
                ) : null}
                <p className="text-xs text-ink-500">{format.dateTime(item.createdAt)}</p>
              </div>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}

function InvoiceContent({ invoice }: { invoice: InvoiceDetail }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { business, can } = useBusiness();
  const format = useBusinessFormat();
  const [dialog, setDialog] = useState<DialogName>(null);
  const [requestingMpesa, setRequestingMpesa] = useState(false);
  const mpesaStatus = useQuery(trpc.mpesa.status.queryOptions({ businessId: business.id }));
  const mpesaReady = mpesaStatus.data?.configured === true;
  const [downloading, setDownloading] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.invoices.pathKey() });
  const onError = (error: unknown) => {
    const problem = toProblem(error);
    toast("error", problem.message, { requestId: problem.requestId });
  };
  const issue = useMutation(trpc.invoices.issue.mutationOptions({ onSuccess: refresh, onError }));
  const duplicate = useMutation(
    trpc.invoices.duplicate.mutationOptions({
      onSuccess: async (copy) => {
        await refresh();
        toast("success", "Copied into a new draft");
        navigate(businessPath(business.id, `invoices/${copy.id}/edit`));
      },
      onError,
    }),
  );
  const remove = useMutation(
    trpc.invoices.delete.mutationOptions({
      onSuccess: async () => {
        await refresh();
        toast("success", "Draft deleted");
        navigate(businessPath(business.id, "invoices"));
      },
      onError,
    }),
  );
  const regenerate = useMutation(
    trpc.invoices.regenerateLink.mutationOptions({
      onSuccess: async () => {
        await refresh();
        toast("success", "New customer link made", { description: "The old link no longer works." });
      },
      onError,
    }),
  );
  const scope = { businessId: business.id, invoiceId: invoice.id };
  const canWrite = can(WRITE_INVOICES);
  const canPay = can(RECORD_PAYMENTS);
  const { actions } = invoice;
  const base = businessPath(business.id, "invoices");

  const downloadPdf = async () => {
    setDownloading(true);
    try {
      downloadBase64(await client.invoices.pdf.query(scope));
    } catch (error) {
      onError(error);
    } finally {
      setDownloading(false);
    }
  };
  const copyLink = async () => {
    if (!invoice.publicUrl) return;
    await navigator.clipboard.writeText(invoice.publicUrl);
    toast("success", "Customer link copied", {
      description: "Anyone with the link can view and pay this invoice.",
    });
  };

  const primary =
    invoice.status === "draft" ? (
      canWrite ? (
        <>
          <ButtonLink to={`${base}/${invoice.id}/edit`} variant="secondary">
            <Pencil aria-hidden /> Edit
          </ButtonLink>
          <Button onClick={() => setDialog("send")}>
            <Send aria-hidden /> Send
          </Button>
        </>
      ) : null
    ) : actions.recordPayment && canPay && invoice.balanceDueMinor > 0n ? (
      <>
        {mpesaReady && invoice.currency === "KES" ? (
          <Button variant="secondary" onClick={() => setRequestingMpesa(true)}>
            <Smartphone aria-hidden /> Request M-Pesa payment
          </Button>
        ) : null}
        <Button onClick={() => setDialog("pay")}>
          <Wallet aria-hidden /> Record payment
        </Button>
      </>
    ) : null;

  return (
    <>
      <PageHeader
        eyebrow={
          <Link to={base} className="hover:underline">
            Invoices
          </Link>
        }
        title={invoice.invoiceNumber ?? "Draft invoice"}
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            <InvoiceStatusBadge
              status={invoice.status}
              isOverdue={invoice.isOverdue}
              daysOverdue={invoice.daysOverdue}
            />
            <span>{invoice.customer.name}</span>
          </span>
        }
        actions={
          <>
            <Button variant="secondary" onClick={() => void downloadPdf()} loading={downloading}>
              <Download aria-hidden /> PDF
            </Button>
            {primary}
            <DropdownMenu>
              <DropdownMenuTrigger asChild>
                <Button variant="secondary" size="icon" aria-label="More actions">
                  <MoreHorizontal aria-hidden />
                </Button>
              </DropdownMenuTrigger>
              <DropdownMenuContent>
                {invoice.publicUrl ? (
                  <DropdownMenuItem onSelect={() => void copyLink()}>
                    <Link2 aria-hidden /> Copy customer link
                  </DropdownMenuItem>
                ) : null}
                {canWrite && actions.send && invoice.status !== "draft" ? (
                  <DropdownMenuItem onSelect={() => setDialog("send")}>
                    <Send aria-hidden /> Send again
                  </DropdownMenuItem>
                ) : null}
                {canWrite && actions.issue ? (
                  <DropdownMenuItem onSelect={() => issue.mutate(scope)}>
                    <Receipt aria-hidden /> Mark as sent (no email)
                  </DropdownMenuItem>
                ) : null}
                {canPay && actions.applyCredit && invoice.customer.creditBalanceMinor > 0n ? (
                  <DropdownMenuItem onSelect={() => setDialog("applyCredit")}>
                    <CreditCard aria-hidden /> Use customer credit
                  </DropdownMenuItem>
                ) : null}
                {canWrite && actions.changeDueDate ? (
                  <DropdownMenuItem onSelect={() => setDialog("due")}>
                    <RefreshCw aria-hidden /> Change due date
                  </DropdownMenuItem>
                ) : null}
                {canWrite ? (
                  <DropdownMenuItem onSelect={() => duplicate.mutate(scope)}>
                    <Files aria-hidden /> Duplicate
                  </DropdownMenuItem>
                ) : null}
                {canWrite && !invoice.recurring && invoice.status !== "void" ? (
                  <DropdownMenuItem onSelect={() => setDialog("recurring")}>
                    <Repeat aria-hidden /> Repeat on a schedule
                  </DropdownMenuItem>
                ) : null}
                {canWrite && invoice.publicUrl ? (
                  <DropdownMenuItem onSelect={() => regenerate.mutate(scope)}>
                    <Copy aria-hidden /> New customer link
                  </DropdownMenuItem>
                ) : null}
                {canWrite && (actions.creditNote || actions.void || actions.delete) ? (
                  <DropdownMenuSeparator />
                ) : null}
                {canWrite && actions.creditNote ? (
                  <DropdownMenuItem onSelect={() => setDialog("credit")}>
                    <FileMinus aria-hidden /> Issue credit note
                  </DropdownMenuItem>
                ) : null}
                {canWrite && actions.void ? (
                  <DropdownMenuItem tone="danger" onSelect={() => setDialog("void")}>
                    <Ban aria-hidden /> Void invoice
                  </DropdownMenuItem>
                ) : null}
                {canWrite && actions.delete ? (
                  <DropdownMenuItem tone="danger" onSelect={() => remove.mutate(scope)}>
                    <Trash2 aria-hidden /> Delete draft
                  </DropdownMenuItem>
                ) : null}
              </DropdownMenuContent>
            </DropdownMenu>
          </>
        }
      />

      {invoice.status === "void" ? (
        <Notice tone="warning" className="mb-6">
          Voided{invoice.voidedAt ? ` on ${format.date(invoice.voidedAt)}` : ""}: {invoice.voidReason}
        </Notice>
      ) : invoice.status === "draft" ? (
        <Notice className="mb-6">
          A draft has no number yet. It gets the next one when you send it or mark it as sent.
        </Notice>
      ) : null}

      <div className="grid grid-cols-[minmax(0,1fr)] gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <div className="flex min-w-0 flex-col gap-6">
          <Card>
            <CardBody className="grid gap-5 sm:grid-cols-3">
              <div className="sm:col-span-1">
                <p className="text-xs text-ink-500">
                  {invoice.balanceDueMinor === 0n && invoice.status === "paid"
                    ? "Paid in full"
                    : "Amount due"}
                </p>
                <p
                  className={
                    invoice.isOverdue
                      ? "mt-1 text-2xl font-semibold text-red-700"
                      : "mt-1 text-2xl font-semibold text-ink-950"
                  }
                >
                  <Money
                    amountMinor={
                      invoice.status === "paid" ? invoice.amountPaidMinor : invoice.balanceDueMinor
                    }
                    currency={invoice.currency}
                  />
                </p>
                {invoice.isOverdue ? (
                  <p className="text-[13px] font-medium text-red-700">{invoice.daysOverdue} days overdue</p>
                ) : null}
              </div>
              <dl className="grid grid-cols-2 gap-4 sm:col-span-2 sm:grid-cols-3">
                <Fact label="Issued">{formatCalendarDate(invoice.issueDate)}</Fact>
                <Fact label="Due">{formatCalendarDate(invoice.dueDate)}</Fact>
                <Fact label="Terms">{termsLabel(invoice.paymentTermsDays)}</Fact>
                <Fact label="Total">
                  <Money amountMinor={invoice.totalMinor} currency={invoice.currency} />
                </Fact>
                <Fact label="Paid">
                  <Money amountMinor={invoice.amountPaidMinor} currency={invoice.currency} />
                </Fact>
                {invoice.lastEmailedAt ? (
                  <Fact label="Last emailed">{format.relative(invoice.lastEmailedAt)}</Fact>
                ) : null}
              </dl>
            </CardBody>
          </Card>

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
                      {formatMoney(
                        invoice.pricesIncludeTax ? line.totalMinor : line.netMinor,
                        invoice.currency,
                        {
                          display: "none",
                        },
                      )}
                    </TD>
                  </TR>
                ))}
              </tbody>
            </Table>
            <div className="flex justify-end border-t border-ink-100 px-5 py-4">
              <dl className="grid w-full max-w-xs grid-cols-[1fr_auto] gap-x-6 gap-y-1.5 text-sm">
                <dt className="text-ink-500">
                  {invoice.pricesIncludeTax ? "Subtotal (incl. VAT)" : "Subtotal"}
                </dt>
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

          {mpesaReady ? <MpesaInProgress invoiceId={invoice.id} /> : null}

          {invoice.payments.length > 0 || invoice.creditNotes.length > 0 ? (
            <Card>
              <CardHeader title="Payments and credits" />
              <ul className="divide-y divide-ink-100">
                {invoice.payments.map((payment) => (
                  <li key={payment.id} className="flex items-start justify-between gap-4 px-5 py-3 text-sm">
                    <div className="min-w-0">
                      <p className="font-medium text-ink-900">
                        {payment.source === "customer_credit"
                          ? "Customer credit"
                          : PAYMENT_METHOD_LABELS[payment.method]}
                        {payment.reference ? (
                          <span className="font-normal text-ink-600"> · {payment.reference}</span>
                        ) : null}
                      </p>
                      <p className="text-[13px] text-ink-500">
                        {format.dateTime(payment.paidAt)}
                        {payment.payerName ? ` · ${payment.payerName}` : ""}
                        {payment.creditedToCustomerMinor > 0n
                          ? ` · ${formatMoney(payment.creditedToCustomerMinor, payment.currency)} kept as credit`
                          : ""}
                      </p>
                    </div>
                    <Money
                      amountMinor={payment.amountMinor}
                      currency={payment.currency}
                      className="font-medium"
                    />
                  </li>
                ))}
                {invoice.creditNotes.map((note) => (
                  <li key={note.id} className="flex items-start justify-between gap-4 px-5 py-3 text-sm">
                    <div className="min-w-0">
                      <p className="font-medium text-ink-900">Credit note {note.creditNoteNumber}</p>
                      <p className="text-[13px] text-ink-500">
                        {format.date(note.issuedAt)} · {note.reason}
                        {note.returnedMinor > 0n
                          ? ` · ${formatMoney(note.returnedMinor, note.currency)} ${note.disposition === "refund" ? "to refund" : "to credit"}`
                          : ""}
                      </p>
                    </div>
                    <Money amountMinor={-note.amountMinor} currency={note.currency} className="font-medium" />
                  </li>
                ))}
              </ul>
            </Card>
          ) : null}

          {invoice.notes || invoice.terms ? (
            <Card>
              <CardBody className="grid gap-4 text-sm sm:grid-cols-2">
                {invoice.notes ? (
                  <div>
                    <p className="text-xs font-medium text-ink-500">Notes</p>
                    <p className="mt-1 whitespace-pre-line text-ink-800">{invoice.notes}</p>
                  </div>
                ) : null}
                {invoice.terms ? (
                  <div>
                    <p className="text-xs font-medium text-ink-500">Terms</p>
                    <p className="mt-1 whitespace-pre-line text-ink-800">{invoice.terms}</p>
                  </div>
                ) : null}
              </CardBody>
            </Card>
          ) : null}
        </div>

        <div className="flex min-w-0 flex-col gap-6">
          <Card>
            <CardHeader title="Customer" />
            <CardBody className="flex flex-col gap-1 text-sm">
              <p className="font-medium text-ink-950">{invoice.customer.name}</p>
              {invoice.customer.email ? <p className="text-ink-600">{invoice.customer.email}</p> : null}
              {invoice.customer.phone ? <p className="text-ink-600">{invoice.customer.phone}</p> : null}
              {invoice.customer.taxId ? (
                <p className="text-ink-600">KRA PIN {invoice.customer.taxId}</p>
              ) : null}
              {invoice.customer.creditBalanceMinor > 0n ? (
                <p className="mt-2 rounded-md bg-brand-50 px-3 py-2 text-[13px] text-brand-900">
                  Has {formatMoney(invoice.customer.creditBalanceMinor, business.baseCurrency)} of credit to
                  use.
                </p>
              ) : null}
            </CardBody>
          </Card>
          {invoice.publicUrl ? (
            <Card>
              <CardHeader title="Customer link" description="They can view, download and pay here." />
              <CardBody className="flex flex-col gap-2">
                <code className="block truncate rounded-md bg-ink-50 px-2 py-1.5 text-xs text-ink-700">
                  {invoice.publicUrl}
                </code>
                <Button variant="secondary" size="sm" onClick={() => void copyLink()}>
                  <Link2 aria-hidden /> Copy link
                </Button>
              </CardBody>
            </Card>
          ) : null}
          {invoice.recurring || invoice.generatedBy ? (
            <Card>
              <CardHeader title="Recurring" />
              <CardBody className="text-sm text-ink-700">
                {invoice.recurring ? (
                  <p>
                    {RECURRENCE_LABELS[invoice.recurring.frequency]}, next on{" "}
                    {formatCalendarDate(invoice.recurring.nextRunDate)}
                    {invoice.recurring.active ? "" : " (paused)"}.
                  </p>
                ) : (
                  <p>Made by a recurring schedule.</p>
                )}
                <Link to={`${base}/recurring`} className="mt-2 inline-block text-brand-700 hover:underline">
                  Manage recurring invoices
                </Link>
              </CardBody>
            </Card>
          ) : null}
          <InvoiceActivity invoice={invoice} />
        </div>
      </div>

      {mpesaReady ? (
        <RequestPaymentDialog
          open={requestingMpesa}
          onOpenChange={(open) => {
            setRequestingMpesa(open);
            // Back on the invoice: show what M-Pesa changed (payments, balance, status).
            if (!open) void queryClient.invalidateQueries({ queryKey: trpc.invoices.pathKey() });
          }}
          invoice={{
            id: invoice.id,
            invoiceNumber: invoice.invoiceNumber,
            balanceMinor: invoice.balanceDueMinor,
            customerName: invoice.customer.name,
          }}
          defaultPhone={invoice.customer.phone}
        />
      ) : null}
      <RecordPaymentDialog
        key={`pay-${invoice.balanceDueMinor}`}
        invoice={invoice}
        open={dialog === "pay"}
        onOpenChange={(open) => setDialog(open ? "pay" : null)}
      />
      <SendInvoiceDialog
        invoice={invoice}
        open={dialog === "send"}
        onOpenChange={(open) => setDialog(open ? "send" : null)}
      />
      <VoidInvoiceDialog
        invoice={invoice}
        open={dialog === "void"}
        onOpenChange={(open) => setDialog(open ? "void" : null)}
      />
      <CreditNoteDialog
        invoice={invoice}
        open={dialog === "credit"}
        onOpenChange={(open) => setDialog(open ? "credit" : null)}
      />
      <DueDateDialog
        invoice={invoice}
        open={dialog === "due"}
        onOpenChange={(open) => setDialog(open ? "due" : null)}
      />
      <ApplyCreditDialog
        key={`credit-${invoice.customer.creditBalanceMinor}`}
        invoice={invoice}
        open={dialog === "applyCredit"}
        onOpenChange={(open) => setDialog(open ? "applyCredit" : null)}
      />
      <RecurringDialog
        invoice={invoice}
        open={dialog === "recurring"}
        onOpenChange={(open) => setDialog(open ? "recurring" : null)}
      />
    </>
  );
}

function InvoiceDetailLoader() {
  const { invoiceId = "" } = useParams();
  const trpc = useTRPC();
  const { business } = useBusiness();
  const invoice = useQuery(trpc.invoices.get.queryOptions({ businessId: business.id, invoiceId }));
  if (invoice.isPending) {
    return (
      <div role="status" className="flex flex-col gap-4">
        <span className="sr-only">Loading invoice…</span>
        <Skeleton className="h-8 w-56" />
        <Skeleton className="h-28" />
        <Skeleton className="h-64" />
      </div>
    );
  }
  if (invoice.isError) {
    if (toProblem(invoice.error).kind === "not-found" || toProblem(invoice.error).kind === "validation") {
      return (
        <EmptyState
          className="py-20"
          icon={SearchX}
          title="Invoice not found"
          description="It may have been a draft that was deleted, or the link is wrong."
          action={<ButtonLink to={businessPath(business.id, "invoices")}>All invoices</ButtonLink>}
        />
      );
    }
    return <ProblemAlert error={invoice.error} onRetry={() => void invoice.refetch()} />;
  }
  return <InvoiceContent invoice={invoice.data} />;
}

export default function InvoiceDetailPage() {
  return (
    <RequireAccess requirement={READ_INVOICES}>
      <InvoiceDetailLoader />
    </RequireAccess>
  );
}

/**
 * M-Pesa prompts for this invoice that have not ended yet, "Received, confirming" among them: money a callback
 * announced that KAVI is still confirming with M-Pesa before it counts. Nothing when there are none.
 */
function MpesaInProgress({ invoiceId }: { invoiceId: string }) {
  const trpc = useTRPC();
  const { business } = useBusiness();
  const format = useBusinessFormat();
  const requests = useQuery({
    ...trpc.mpesa.requests.forInvoice.queryOptions({ businessId: business.id, invoiceId }),
    refetchInterval: (query) =>
      query.state.data?.some((row) => OPEN_REQUEST_STATUSES.has(row.status)) ? 3_000 : 15_000,
  });
  const open = (requests.data ?? []).filter((row) => OPEN_REQUEST_STATUSES.has(row.status));
  if (open.length === 0) return null;
  return (
    <Card>
      <CardHeader title="M-Pesa in progress" />
      <ul className="divide-y divide-ink-100">
        {open.map((row) => (
          <li key={row.id} className="flex items-center justify-between gap-4 px-5 py-3 text-sm">
            <div className="min-w-0">
              <MpesaStatusBadge status={row.status} />
              <p className="mt-1 text-[13px] text-ink-500">
                {displayPhone(row.phone)} · {format.dateTime(row.createdAt)}
              </p>
            </div>
            <Money amountMinor={row.amountMinor} currency={row.currency} className="font-medium" />
          </li>
        ))}
      </ul>
    </Card>
  );
}
