import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { businessPath } from "../../../app/navigation";
import { toProblem } from "../../../lib/errors";
import { useTRPC, useTRPCClient } from "../../../lib/trpc";
import { toast } from "../../../ui/toast";
import { useBusiness } from "../../shell/business-context";
import { downloadBase64, type InvoiceDetail, RECORD_PAYMENTS, WRITE_INVOICES } from "../invoice-ui";

export type InvoiceDialogName =
  | "pay"
  | "send"
  | "sms"
  | "void"
  | "credit"
  | "due"
  | "applyCredit"
  | "recurring"
  | null;

/**
 * Everything the invoice page can do to one invoice: its mutations (with their toasts and navigation), the PDF and
 * link helpers, which dialog is open, and what the member may do.
 */
export function useInvoiceActions(invoice: InvoiceDetail) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { business, can } = useBusiness();
  const { t } = useTranslation("invoices");
  const [dialog, setDialog] = useState<InvoiceDialogName>(null);
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
        toast("success", t("toast.duplicated"));
        navigate(businessPath(business.id, `invoices/${copy.id}/edit`));
      },
      onError,
    }),
  );
  const remove = useMutation(
    trpc.invoices.delete.mutationOptions({
      onSuccess: async () => {
        await refresh();
        toast("success", t("toast.draftDeleted"));
        navigate(businessPath(business.id, "invoices"));
      },
      onError,
    }),
  );
  const regenerate = useMutation(
    trpc.invoices.regenerateLink.mutationOptions({
      onSuccess: async () => {
        await refresh();
        toast("success", t("toast.newLink"), { description: t("toast.newLinkHelp") });
      },
      onError,
    }),
  );
  const shareWhatsapp = useMutation(
    trpc.invoices.shareWhatsapp.mutationOptions({
      onSuccess: async ({ url }) => {
        // WhatsApp opens (the app on a phone, WhatsApp Web on a computer) with the message typed in.
        window.open(url, "_blank", "noopener,noreferrer");
        await refresh();
      },
      onError,
    }),
  );
  const scope = { businessId: business.id, invoiceId: invoice.id };
  const canWrite = can(WRITE_INVOICES);
  const canPay = can(RECORD_PAYMENTS);
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
    toast("success", t("toast.linkCopied"), {
      description: t("toast.linkCopiedHelp"),
    });
  };
  return {
    dialog,
    setDialog,
    requestingMpesa,
    setRequestingMpesa,
    mpesaReady,
    downloading,
    downloadPdf,
    copyLink,
    issue,
    duplicate,
    remove,
    regenerate,
    shareWhatsapp,
    scope,
    canWrite,
    canPay,
    base,
  };
}

export type InvoiceActions = ReturnType<typeof useInvoiceActions>;
