import { formatBps, ZInvoiceDraftSchema } from "@kavi/domain";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { businessPath } from "../../../app/navigation";
import { toProblem } from "../../../lib/errors";
import { useTRPC } from "../../../lib/trpc";
import { useAppForm } from "../../../lib/use-app-form";
import { toast } from "../../../ui/toast";
import { useBusiness } from "../../shell/business-context";
import type { InvoiceDetail } from "../invoice-ui";
import { draftInput, type EditorValues, initialEditorValues } from "./editor-values";

/**
 * The invoice editor's state and its save: create or update the draft, then (for "Save and send") send it. A new
 * invoice picks up the business's invoice settings once they arrive, and a chosen customer's payment terms.
 */
export function useInvoiceEditorForm(invoice: InvoiceDetail | undefined) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { business } = useBusiness();
  const { t } = useTranslation("invoices");
  const settings = useQuery(trpc.invoices.settings.get.queryOptions({ businessId: business.id }));
  const create = useMutation(trpc.invoices.create.mutationOptions());
  const update = useMutation(trpc.invoices.update.mutationOptions());
  const send = useMutation(trpc.invoices.send.mutationOptions());
  // Which button submitted: read when the submit runs, in the same event as the click.
  const andSend = useRef(false);
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: business.timezone }).format(new Date());

  const form = useAppForm({
    defaultValues: initialEditorValues(invoice, business.baseCurrency, today),
    schema: ZInvoiceDraftSchema,
    toInput: draftInput,
    onSubmit: async (input) => {
      const saved = invoice
        ? await update.mutateAsync({ businessId: business.id, invoiceId: invoice.id, ...input })
        : await create.mutateAsync({ businessId: business.id, ...input });
      await queryClient.invalidateQueries({ queryKey: trpc.invoices.pathKey() });
      const detailPath = businessPath(business.id, `invoices/${saved.id}`);
      if (!andSend.current) {
        toast("success", invoice ? t("toast.draftSaved") : t("toast.draftCreated"));
        navigate(detailPath);
        return;
      }
      try {
        const sent = await send.mutateAsync({ businessId: business.id, invoiceId: saved.id });
        await queryClient.invalidateQueries({ queryKey: trpc.invoices.pathKey() });
        toast("success", t("toast.sentTo", { number: sent.invoice.invoiceNumber, to: sent.to }));
      } catch (error) {
        const problem = toProblem(error);
        toast("error", t("toast.savedNotSent"), {
          description: problem.message,
          requestId: problem.requestId,
        });
      }
      navigate(detailPath);
    },
  });

  // New invoices pick up the business's defaults once the settings arrive.
  const defaultsApplied = useRef(Boolean(invoice));
  const { reset, getValues } = form;
  useEffect(() => {
    if (defaultsApplied.current || !settings.data) return;
    defaultsApplied.current = true;
    const defaults = settings.data;
    const current = getValues();
    const next: EditorValues = {
      ...current,
      pricesIncludeTax: defaults.pricesIncludeTax,
      paymentTermsDays: String(defaults.defaultPaymentTermsDays),
      notes: current.notes || (defaults.defaultNotes ?? ""),
      terms: current.terms || (defaults.defaultTerms ?? ""),
      lines: current.lines.map((line) => ({ ...line, taxRate: formatBps(defaults.defaultTaxRateBps) })),
    };
    reset(next);
  }, [settings.data, reset, getValues]);

  /** A new invoice takes the chosen customer's usual payment terms. */
  const customerChosen = (id: string) => {
    if (!id || invoice) return;
    void queryClient
      .fetchQuery(trpc.customers.get.queryOptions({ businessId: business.id, customerId: id }))
      .then((chosen) => {
        if (form.getValues("customerId") === id) {
          form.setValue("paymentTermsDays", String(chosen.paymentTermsDays));
        }
      })
      .catch(() => undefined);
  };

  return {
    form,
    andSend,
    customerChosen,
    defaultRate: settings.data ? formatBps(settings.data.defaultTaxRateBps) : "16",
    defaultRateBps: settings.data?.defaultTaxRateBps ?? 1600,
  };
}

export type InvoiceEditorForm = ReturnType<typeof useInvoiceEditorForm>["form"];
