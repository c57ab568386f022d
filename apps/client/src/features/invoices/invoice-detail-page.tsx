import { useQuery } from "@tanstack/react-query";
import { SearchX } from "lucide-react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { businessPath } from "../../app/navigation";
import { toProblem } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import { ButtonLink } from "../../ui/button";
import { EmptyState } from "../../ui/empty-state";
import { PageHeader } from "../../ui/page-header";
import { Notice, ProblemAlert } from "../../ui/problem";
import { Skeleton } from "../../ui/skeleton";
import { useBusiness } from "../shell/business-context";
import { RequireAccess } from "../shell/require-access";
import { useBusinessFormat } from "../shell/use-business-format";
import { InvoiceActivityCard } from "./detail/invoice-activity-card";
import { InvoiceDialogs } from "./detail/invoice-detail-dialogs";
import { InvoiceHeaderActions } from "./detail/invoice-header-actions";
import { InvoiceLinesCard } from "./detail/invoice-lines-card";
import { InvoiceMpesaCard } from "./detail/invoice-mpesa-card";
import { InvoiceNotesCard } from "./detail/invoice-notes-card";
import { InvoicePaymentsCard } from "./detail/invoice-payments-card";
import { InvoiceCustomerCard, InvoiceLinkCard, InvoiceRecurringCard } from "./detail/invoice-side-cards";
import { InvoiceSummaryCard } from "./detail/invoice-summary-card";
import { useInvoiceActions } from "./detail/use-invoice-actions";
import { type InvoiceDetail, InvoiceStatusBadge, READ_INVOICES } from "./invoice-ui";

function InvoiceContent({ invoice }: { invoice: InvoiceDetail }) {
  const format = useBusinessFormat();
  const actions = useInvoiceActions(invoice);
  const { t } = useTranslation("invoices");
  const { base } = actions;
  return (
    <>
      <PageHeader
        eyebrow={
          <Link to={base} className="hover:underline">
            {t("detail.invoices")}
          </Link>
        }
        title={invoice.invoiceNumber ?? t("detail.draftTitle")}
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
        actions={<InvoiceHeaderActions invoice={invoice} actions={actions} />}
      />

      {invoice.status === "void" ? (
        <Notice tone="warning" className="mb-6">
          {invoice.voidedAt
            ? t("detail.voidedOn", { date: format.date(invoice.voidedAt), reason: invoice.voidReason ?? "" })
            : t("detail.voided", { reason: invoice.voidReason ?? "" })}
        </Notice>
      ) : invoice.status === "draft" ? (
        <Notice className="mb-6">{t("detail.draftNote")}</Notice>
      ) : null}

      <div className="grid grid-cols-[minmax(0,1fr)] gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <div className="flex min-w-0 flex-col gap-6">
          <InvoiceSummaryCard invoice={invoice} />
          <InvoiceLinesCard invoice={invoice} />
          {actions.mpesaReady ? <InvoiceMpesaCard invoiceId={invoice.id} /> : null}
          <InvoicePaymentsCard invoice={invoice} />
          <InvoiceNotesCard invoice={invoice} />
        </div>

        <div className="flex min-w-0 flex-col gap-6">
          <InvoiceCustomerCard invoice={invoice} />
          <InvoiceLinkCard invoice={invoice} onCopy={() => void actions.copyLink()} />
          <InvoiceRecurringCard invoice={invoice} />
          <InvoiceActivityCard invoice={invoice} />
        </div>
      </div>

      <InvoiceDialogs invoice={invoice} actions={actions} />
    </>
  );
}

function InvoiceDetailLoader() {
  const { invoiceId = "" } = useParams();
  const trpc = useTRPC();
  const { business } = useBusiness();
  const { t } = useTranslation("invoices");
  const invoice = useQuery(trpc.invoices.get.queryOptions({ businessId: business.id, invoiceId }));
  if (invoice.isPending) {
    return (
      <div role="status" className="flex flex-col gap-4">
        <span className="sr-only">{t("detail.loading")}</span>
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
          title={t("detail.notFoundTitle")}
          description={t("detail.notFoundDescription")}
          action={
            <ButtonLink to={businessPath(business.id, "invoices")}>{t("detail.allInvoices")}</ButtonLink>
          }
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
