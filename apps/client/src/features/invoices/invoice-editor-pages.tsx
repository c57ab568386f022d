import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import { businessPath } from "../../app/navigation";
import { useTRPC } from "../../lib/trpc";
import { ButtonLink } from "../../ui/button";
import { PageHeader } from "../../ui/page-header";
import { Notice, ProblemAlert } from "../../ui/problem";
import { Skeleton } from "../../ui/skeleton";
import { useBusiness } from "../shell/business-context";
import { RequireAccess } from "../shell/require-access";
import { InvoiceEditor } from "./editor/invoice-editor";
import { WRITE_INVOICES } from "./invoice-ui";

export function NewInvoicePage() {
  const { t } = useTranslation("invoices");
  return (
    <RequireAccess requirement={WRITE_INVOICES}>
      <PageHeader title={t("editor.newTitle")} description={t("editor.newDescription")} />
      <InvoiceEditor />
    </RequireAccess>
  );
}

function EditInvoiceContent() {
  const { invoiceId = "" } = useParams();
  const trpc = useTRPC();
  const { business } = useBusiness();
  const { t } = useTranslation("invoices");
  const invoice = useQuery(trpc.invoices.get.queryOptions({ businessId: business.id, invoiceId }));
  if (invoice.isPending) return <Skeleton className="h-96" />;
  if (invoice.isError) return <ProblemAlert error={invoice.error} onRetry={() => void invoice.refetch()} />;
  if (invoice.data.status !== "draft") {
    return (
      <Notice tone="warning">
        {t("editor.alreadyIssued", { number: invoice.data.invoiceNumber })}{" "}
        <ButtonLink variant="link" to={businessPath(business.id, `invoices/${invoiceId}`)}>
          {t("editor.backToInvoice")}
        </ButtonLink>
      </Notice>
    );
  }
  return (
    <>
      <PageHeader title={t("editor.editTitle")} description={invoice.data.customer.name} />
      <InvoiceEditor invoice={invoice.data} />
    </>
  );
}

export function EditInvoicePage() {
  return (
    <RequireAccess requirement={WRITE_INVOICES}>
      <EditInvoiceContent />
    </RequireAccess>
  );
}
