import { useQuery } from "@tanstack/react-query";
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
  return (
    <RequireAccess requirement={WRITE_INVOICES}>
      <PageHeader
        title="New invoice"
        description="It stays a draft until you send it; then it gets its number."
      />
      <InvoiceEditor />
    </RequireAccess>
  );
}

function EditInvoiceContent() {
  const { invoiceId = "" } = useParams();
  const trpc = useTRPC();
  const { business } = useBusiness();
  const invoice = useQuery(trpc.invoices.get.queryOptions({ businessId: business.id, invoiceId }));
  if (invoice.isPending) return <Skeleton className="h-96" />;
  if (invoice.isError) return <ProblemAlert error={invoice.error} onRetry={() => void invoice.refetch()} />;
  if (invoice.data.status !== "draft") {
    return (
      <Notice tone="warning">
        {invoice.data.invoiceNumber} has been issued, so it can no longer be edited. Void it or issue a credit
        note, then duplicate it into a new draft.{" "}
        <ButtonLink variant="link" to={businessPath(business.id, `invoices/${invoiceId}`)}>
          Back to the invoice
        </ButtonLink>
      </Notice>
    );
  }
  return (
    <>
      <PageHeader title="Edit draft" description={invoice.data.customer.name} />
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
