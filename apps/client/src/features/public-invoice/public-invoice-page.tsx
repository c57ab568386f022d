import { formatMoney, formatQuantity, LANGUAGE_LOCALES, type TaxTreatment } from "@kavi/domain";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { CircleCheck, Download, FileX, Smartphone } from "lucide-react";
import { type ReactNode, useMemo } from "react";
import { I18nextProvider, Trans, useTranslation } from "react-i18next";
import { useParams } from "react-router";
import { cn } from "../../lib/cn";
import { toProblem } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import { Badge } from "../../ui/badge";
import { buttonClasses } from "../../ui/button";
import { EmptyState } from "../../ui/empty-state";
import { useDocumentTitle } from "../../ui/page-header";
import { ProblemAlert } from "../../ui/problem";
import { Skeleton } from "../../ui/skeleton";
import { type PublicInvoice, STATUS_TONES } from "../invoices/invoice-ui";
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
  const { t } = useTranslation("publicInvoice");
  const { mpesa, other } = invoice.instructions;
  if (!mpesa && !other) return null;
  return (
    <Section title={t("howToPay")}>
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
            {t(mpesa.kind === "paybill" ? "paybill" : "till", { shortcode: mpesa.shortcode })}
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
  const { t } = useTranslation("publicInvoice");
  useDocumentTitle(t("title", { number: invoice.invoiceNumber, business: invoice.business.name }));
  const locale = LANGUAGE_LOCALES[invoice.language];
  const money = (amount: bigint) => formatMoney(amount, invoice.currency, { locale });
  const plain = (amount: bigint) => formatMoney(amount, invoice.currency, { display: "none", locale });
  const date = (value: string) =>
    new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" }).format(
      new Date(`${value}T00:00:00Z`),
    );
  const taxName = (treatment: TaxTreatment, rateBps: number) =>
    treatment === "exempt"
      ? t("exempt")
      : treatment === "zero_rated"
        ? t("zeroRated")
        : t("vat", { rate: (rateBps / 100).toLocaleString(locale, { maximumFractionDigits: 2 }) });
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
            <p className="text-[13px] text-ink-500">{t("invoice", { number: invoice.invoiceNumber })}</p>
            <h1 className="text-lg font-semibold text-ink-950">{invoice.business.name}</h1>
          </div>
          <Badge
            tone={STATUS_TONES[invoice.status]}
            className={invoice.status === "void" ? "line-through" : undefined}
          >
            {t(`status.${invoice.status}`)}
          </Badge>
        </div>
        <div className="mt-5 rounded-lg bg-ink-50 px-4 py-4">
          {invoice.status === "void" ? (
            <p className="text-sm font-medium text-ink-700">{t("cancelled")}</p>
          ) : settled ? (
            <p className="flex items-center gap-2 text-lg font-semibold text-emerald-800">
              <CircleCheck className="size-5" aria-hidden /> {t("paidInFull")}
            </p>
          ) : (
            <>
              <p className="text-[13px] text-ink-500">{t("amountDue")}</p>
              <p className="mt-0.5 text-3xl font-semibold tracking-tight text-ink-950 tabular">
                {money(invoice.balanceDueMinor)}
              </p>
              <p
                className={cn(
                  "mt-1 text-sm",
                  invoice.status === "overdue" ? "font-medium text-red-700" : "text-ink-600",
                )}
              >
                {t(invoice.status === "overdue" ? "wasDue" : "due", { date: date(invoice.dueDate) })}
              </p>
            </>
          )}
        </div>
        <a
          href={`${invoice.pdfPath}?download=1`}
          className={buttonClasses("secondary", "lg", "mt-4 w-full")}
          download
        >
          <Download aria-hidden /> {t("download")}
        </a>
      </header>

      {open ? <PaySection invoice={invoice} token={token} /> : null}

      <Section>
        <dl className="grid grid-cols-2 gap-4 text-sm">
          <div>
            <dt className="text-xs text-ink-500">{t("from")}</dt>
            <dd className="mt-0.5 text-ink-900">
              <p className="font-medium">{invoice.business.legalName ?? invoice.business.name}</p>
              {invoice.business.taxId ? (
                <p className="text-ink-600">{t("kraPin", { pin: invoice.business.taxId })}</p>
              ) : null}
              {invoice.business.phone ? <p className="text-ink-600">{invoice.business.phone}</p> : null}
              {invoice.business.email ? (
                <p className="break-all text-ink-600">{invoice.business.email}</p>
              ) : null}
            </dd>
          </div>
          <div>
            <dt className="text-xs text-ink-500">{t("billedTo")}</dt>
            <dd className="mt-0.5 text-ink-900">
              <p className="font-medium">{invoice.customer.name}</p>
              {invoice.customer.taxId ? (
                <p className="text-ink-600">{t("kraPin", { pin: invoice.customer.taxId })}</p>
              ) : null}
            </dd>
          </div>
          <div>
            <dt className="text-xs text-ink-500">{t("issued")}</dt>
            <dd className="mt-0.5 text-ink-900">{date(invoice.issueDate)}</dd>
          </div>
          <div>
            <dt className="text-xs text-ink-500">{t("dueLabel")}</dt>
            <dd className="mt-0.5 text-ink-900">{date(invoice.dueDate)}</dd>
          </div>
        </dl>
      </Section>

      <Section title={t("items")}>
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
          <dt className="text-ink-500">{invoice.pricesIncludeTax ? t("subtotalInclVat") : t("subtotal")}</dt>
          <dd className="text-right tabular">{plain(invoice.subtotalMinor)}</dd>
          {invoice.discountMinor > 0n ? (
            <>
              <dt className="text-ink-500">{t("discount")}</dt>
              <dd className="text-right tabular">−{plain(invoice.discountMinor)}</dd>
            </>
          ) : null}
          {invoice.taxSummary
            .filter((row) => row.taxMinor > 0n)
            .map((row) => (
              <div key={`${row.taxTreatment}-${row.taxRateBps}`} className="contents">
                <dt className="text-ink-500">
                  {invoice.pricesIncludeTax
                    ? t("includesTax", { tax: taxName(row.taxTreatment, row.taxRateBps) })
                    : taxName(row.taxTreatment, row.taxRateBps)}
                </dt>
                <dd className="text-right tabular">{plain(row.taxMinor)}</dd>
              </div>
            ))}
          <dt className="font-semibold text-ink-950">{t("total")}</dt>
          <dd className="text-right font-semibold text-ink-950 tabular">{money(invoice.totalMinor)}</dd>
          {invoice.amountPaidMinor > 0n ? (
            <>
              <dt className="text-ink-500">{t("paid")}</dt>
              <dd className="text-right tabular">−{plain(invoice.amountPaidMinor)}</dd>
            </>
          ) : null}
          {invoice.creditedMinor > 0n ? (
            <>
              <dt className="text-ink-500">{t("credited")}</dt>
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
      <p className="sr-only">{t("linkRef", { ref: token.slice(0, 6) })}</p>
    </article>
  );
}

/** The footer, in the customer's language once the invoice says which. */
function SentWithKavi() {
  const { t } = useTranslation("publicInvoice");
  return (
    <p className="flex items-center justify-center gap-1.5 text-xs text-ink-500">
      <Trans
        t={t}
        i18nKey="sentWith"
        components={{ brand: <span className="font-semibold text-brand-700" /> }}
      />
    </p>
  );
}

/** /i/:token — the customer's view of an invoice, on their phone; no account needed. */
export default function PublicInvoicePage() {
  const { token = "" } = useParams();
  const trpc = useTRPC();
  // The app-wide retry policy: network and server hiccups are retried (customers are on phones), a bad link is not.
  const invoice = useQuery(trpc.publicInvoices.get.queryOptions({ token }));
  const { t, i18n } = useTranslation("publicInvoice");
  // The invoice speaks its customer's language (their record's), whatever this device was set to, without
  // changing the device's own choice.
  const language = invoice.data?.language;
  const customerI18n = useMemo(
    () => (language && language !== i18n.language ? i18n.cloneInstance({ lng: language }) : i18n),
    [language, i18n],
  );
  return (
    <main className="min-h-dvh bg-canvas px-3 py-6 sm:py-10">
      <div className="mx-auto flex max-w-lg flex-col gap-4">
        {invoice.isPending ? (
          <div role="status" className="flex flex-col gap-3 rounded-xl bg-surface p-5">
            <span className="sr-only">{t("loading")}</span>
            <Skeleton className="h-5 w-40" />
            <Skeleton className="h-24" />
            <Skeleton className="h-40" />
          </div>
        ) : invoice.isError ? (
          toProblem(invoice.error).kind === "not-found" || toProblem(invoice.error).kind === "validation" ? (
            <div className="rounded-xl bg-surface">
              <EmptyState icon={FileX} title={t("badLink")} description={t("badLinkHint")} />
            </div>
          ) : (
            <ProblemAlert error={invoice.error} onRetry={() => void invoice.refetch()} />
          )
        ) : (
          <I18nextProvider i18n={customerI18n}>
            <div lang={invoice.data.language}>
              <InvoiceView invoice={invoice.data} token={token} />
            </div>
          </I18nextProvider>
        )}
        <I18nextProvider i18n={customerI18n}>
          <SentWithKavi />
        </I18nextProvider>
      </div>
    </main>
  );
}
