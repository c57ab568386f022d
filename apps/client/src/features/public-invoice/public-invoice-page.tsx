import { formatMoney, formatQuantity, taxLabel } from "@kavi/domain";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { CircleCheck, Download, FileX, Smartphone } from "lucide-react";
import type { ReactNode } from "react";
import { useParams } from "react-router";
import { cn } from "../../lib/cn";
import { toProblem } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import { buttonClasses } from "../../ui/button";
import { EmptyState } from "../../ui/empty-state";
import { useDocumentTitle } from "../../ui/page-header";
import { ProblemAlert } from "../../ui/problem";
import { Skeleton } from "../../ui/skeleton";
import { formatCalendarDate, InvoiceStatusBadge, type PublicInvoice } from "../invoices/invoice-ui";
import { PayWithMpesa } from "../mpesa/pay-with-mpesa";

function Section({
  title,
  children,
  className,
}: {
  title?: string;
  children: ReactNode;
  className?: string;
}) {
  return (
    <section className={cn("border-t border-ink-100 px-5 py-5", className)}>
      {title ? (
        <h2 className="mb-3 text-xs font-semibold tracking-wide text-ink-500 uppercase">{title}</h2>
      ) : null}
      {children}
    </section>
  );
}

/** How to pay: "Pay with M-Pesa" (a prompt on the customer's phone) when the business has it, and the steps. */
function PaySection({ invoice, token }: { invoice: PublicInvoice; token: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { mpesa, other } = invoice.instructions;
  if (!mpesa && !other) return null;
  return (
    <Section title="How to pay">
      {invoice.canPayOnline ? (
        <div className="mb-4">
          <PayWithMpesa
            token={token}
            onPaid={() =>
              void queryClient.invalidateQueries({ queryKey: trpc.publicInvoices.get.queryKey({ token }) })
            }
          />
        </div>
      ) : null}
      {mpesa ? (
        <div className="rounded-lg border border-brand-200 bg-brand-50 p-4">
          <p className="flex items-center gap-2 font-semibold text-brand-900">
            <Smartphone className="size-4" aria-hidden />
            M-Pesa {mpesa.kind === "paybill" ? "Paybill" : "Till"} {mpesa.shortcode}
          </p>
          <ol className="mt-2 list-decimal space-y-1 pl-5 text-sm text-brand-900">
            {mpesa.steps.map((step) => (
              <li key={step}>{step}</li>
            ))}
          </ol>
        </div>
      ) : null}
      {other ? (
        <p className={cn("text-sm whitespace-pre-line text-ink-700", mpesa && "mt-4")}>{other}</p>
      ) : null}
    </Section>
  );
}

function InvoiceView({ invoice, token }: { invoice: PublicInvoice; token: string }) {
  useDocumentTitle(`Invoice ${invoice.invoiceNumber} from ${invoice.business.name}`);
  const money = (amount: bigint) => formatMoney(amount, invoice.currency);
  const plain = (amount: bigint) => formatMoney(amount, invoice.currency, { display: "none" });
  const settled = invoice.status === "paid";
  const open = !settled && invoice.status !== "void";
  return (
    <article className="overflow-hidden rounded-xl border border-ink-200/80 bg-surface shadow-card">
      <header className="px-5 pt-6 pb-5">
        <div className="flex items-start justify-between gap-3">
          <div className="min-w-0">
            {invoice.logoUrl ? (
              <img src={invoice.logoUrl} alt="" className="mb-3 max-h-12 max-w-40 object-contain" />
            ) : null}
            <p className="text-[13px] text-ink-500">Invoice {invoice.invoiceNumber}</p>
            <h1 className="text-lg font-semibold text-ink-950">{invoice.business.name}</h1>
          </div>
          <InvoiceStatusBadge status={invoice.status} />
        </div>
        <div className="mt-5 rounded-lg bg-ink-50 px-4 py-4">
          {invoice.status === "void" ? (
            <p className="text-sm font-medium text-ink-700">
              This invoice was cancelled. Nothing is owed on it.
            </p>
          ) : settled ? (
            <p className="flex items-center gap-2 text-lg font-semibold text-emerald-800">
              <CircleCheck className="size-5" aria-hidden /> Paid in full. Thank you!
            </p>
          ) : (
            <>
              <p className="text-[13px] text-ink-500">Amount due</p>
              <p className="mt-0.5 text-3xl font-semibold tracking-tight text-ink-950 tabular">
                {money(invoice.balanceDueMinor)}
              </p>
              <p
                className={cn(
                  "mt-1 text-sm",
                  invoice.status === "overdue" ? "font-medium text-red-700" : "text-ink-600",
                )}
              >
                {invoice.status === "overdue" ? "Was due" : "Due"} {formatCalendarDate(invoice.dueDate)}
              </p>
            </>
          )}
        </div>
        <a
          href={`${invoice.pdfPath}?download=1`}
          className={buttonClasses("secondary", "lg", "mt-4 w-full")}
          download
        >
          <Download aria-hidden /> Download PDF
        </a>
      </header>

      {open ? <PaySection invoice={invoice} token={token} /> : null}

      <Section>
        <dl className="grid grid-cols-2 gap-4 text-sm">
          <div>
            <dt className="text-xs text-ink-500">From</dt>
            <dd className="mt-0.5 text-ink-900">
              <p className="font-medium">{invoice.business.legalName ?? invoice.business.name}</p>
              {invoice.business.taxId ? (
                <p className="text-ink-600">KRA PIN {invoice.business.taxId}</p>
              ) : null}
              {invoice.business.phone ? <p className="text-ink-600">{invoice.business.phone}</p> : null}
              {invoice.business.email ? (
                <p className="break-all text-ink-600">{invoice.business.email}</p>
              ) : null}
            </dd>
          </div>
          <div>
            <dt className="text-xs text-ink-500">Billed to</dt>
            <dd className="mt-0.5 text-ink-900">
              <p className="font-medium">{invoice.customer.name}</p>
              {invoice.customer.taxId ? (
                <p className="text-ink-600">KRA PIN {invoice.customer.taxId}</p>
              ) : null}
            </dd>
          </div>
          <div>
            <dt className="text-xs text-ink-500">Issued</dt>
            <dd className="mt-0.5 text-ink-900">{formatCalendarDate(invoice.issueDate)}</dd>
          </div>
          <div>
            <dt className="text-xs text-ink-500">Due</dt>
            <dd className="mt-0.5 text-ink-900">{formatCalendarDate(invoice.dueDate)}</dd>
          </div>
        </dl>
      </Section>

      <Section title="Items">
        <ul className="divide-y divide-ink-100">
          {invoice.lines.map((line, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: lines are shown in their stored order, read-only
            <li key={index} className="flex items-start justify-between gap-4 py-2.5 text-sm first:pt-0">
              <div className="min-w-0">
                <p className="text-ink-900">{line.description}</p>
                <p className="text-[13px] text-ink-500 tabular">
                  {formatQuantity(line.quantityMilli)} × {plain(line.unitPriceMinor)}
                  {line.discountMinor > 0n ? ` − ${plain(line.discountMinor)}` : ""}
                </p>
              </div>
              <p className="shrink-0 text-ink-900 tabular">
                {plain(invoice.pricesIncludeTax ? line.totalMinor : line.netMinor)}
              </p>
            </li>
          ))}
        </ul>
        <dl className="mt-3 grid grid-cols-[1fr_auto] gap-y-1.5 border-t border-ink-200 pt-3 text-sm">
          <dt className="text-ink-500">{invoice.pricesIncludeTax ? "Subtotal (incl. VAT)" : "Subtotal"}</dt>
          <dd className="text-right tabular">{plain(invoice.subtotalMinor)}</dd>
          {invoice.discountMinor > 0n ? (
            <>
              <dt className="text-ink-500">Discount</dt>
              <dd className="text-right tabular">−{plain(invoice.discountMinor)}</dd>
            </>
          ) : null}
          {invoice.taxSummary
            .filter((row) => row.taxMinor > 0n)
            .map((row) => (
              <div key={`${row.taxTreatment}-${row.taxRateBps}`} className="contents">
                <dt className="text-ink-500">
                  {invoice.pricesIncludeTax ? "Includes " : ""}
                  {taxLabel(row.taxTreatment, row.taxRateBps)}
                </dt>
                <dd className="text-right tabular">{plain(row.taxMinor)}</dd>
              </div>
            ))}
          <dt className="font-semibold text-ink-950">Total</dt>
          <dd className="text-right font-semibold text-ink-950 tabular">{money(invoice.totalMinor)}</dd>
          {invoice.amountPaidMinor > 0n ? (
            <>
              <dt className="text-ink-500">Paid</dt>
              <dd className="text-right tabular">−{plain(invoice.amountPaidMinor)}</dd>
            </>
          ) : null}
          {invoice.creditedMinor > 0n ? (
            <>
              <dt className="text-ink-500">Credited</dt>
              <dd className="text-right tabular">−{plain(invoice.creditedMinor)}</dd>
            </>
          ) : null}
        </dl>
      </Section>

      {invoice.notes || invoice.terms ? (
        <Section>
          {invoice.notes ? <p className="text-sm whitespace-pre-line text-ink-700">{invoice.notes}</p> : null}
          {invoice.terms ? (
            <p className="mt-2 text-[13px] whitespace-pre-line text-ink-500">{invoice.terms}</p>
          ) : null}
        </Section>
      ) : null}
      <p className="sr-only">Invoice link {token.slice(0, 6)}</p>
    </article>
  );
}

/** /i/:token — the customer's view of an invoice, on their phone; no account needed. */
export default function PublicInvoicePage() {
  const { token = "" } = useParams();
  const trpc = useTRPC();
  // The app-wide retry policy: network and server hiccups are retried (customers are on phones), a bad link is not.
  const invoice = useQuery(trpc.publicInvoices.get.queryOptions({ token }));
  return (
    <main className="min-h-dvh bg-canvas px-3 py-6 sm:py-10">
      <div className="mx-auto flex max-w-lg flex-col gap-4">
        {invoice.isPending ? (
          <div role="status" className="flex flex-col gap-3 rounded-xl bg-surface p-5">
            <span className="sr-only">Loading the invoice…</span>
            <Skeleton className="h-5 w-40" />
            <Skeleton className="h-24" />
            <Skeleton className="h-40" />
          </div>
        ) : invoice.isError ? (
          toProblem(invoice.error).kind === "not-found" || toProblem(invoice.error).kind === "validation" ? (
            <div className="rounded-xl bg-surface">
              <EmptyState
                icon={FileX}
                title="This invoice link doesn't work"
                description="It may be mistyped, or the business made a new link. Ask them to send it again."
              />
            </div>
          ) : (
            <ProblemAlert error={invoice.error} onRetry={() => void invoice.refetch()} />
          )
        ) : (
          <InvoiceView invoice={invoice.data} token={token} />
        )}
        <p className="flex items-center justify-center gap-1.5 text-xs text-ink-500">
          Sent with <span className="font-semibold text-brand-700">KAVI</span>
        </p>
      </div>
    </main>
  );
}
