import { ZVoidInvoiceSchema } from "@kavi/domain";
import { useMutation } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useTRPC } from "../../../lib/trpc";
import { useAppForm } from "../../../lib/use-app-form";
import { AppForm } from "../../../ui/app-form";
import { Field } from "../../../ui/field";
import { Input } from "../../../ui/input";
import { toast } from "../../../ui/toast";
import { useBusiness } from "../../shell/business-context";
import { type DialogBaseProps, FormDialog, useRefresh } from "./form-dialog";

export function VoidInvoiceDialog({ invoice, open, onOpenChange }: DialogBaseProps) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const { business } = useBusiness();
  const { t } = useTranslation("invoices");
  const voidInvoice = useMutation(trpc.invoices.void.mutationOptions());
  const form = useAppForm({
    defaultValues: { reason: "" },
    schema: ZVoidInvoiceSchema,
    toInput: (values) => ({ invoiceId: invoice.id, reason: values.reason }),
    onSubmit: async (input) => {
      await voidInvoice.mutateAsync({ businessId: business.id, ...input });
      await refresh();
      toast("success", t("voidDialog.done", { number: invoice.invoiceNumber }));
      onOpenChange(false);
    },
  });
  return (
    <FormDialog
      id="void-invoice"
      open={open}
      onOpenChange={onOpenChange}
      title={t("voidDialog.title", { number: invoice.invoiceNumber })}
      description={t("voidDialog.description")}
      submitLabel={t("actions.void")}
      danger
      submitting={form.submitting}
    >
      <AppForm form={form} id="void-invoice">
        <Field
          label={t("voidDialog.reason")}
          error={form.error("reason")}
          required
          description={t("voidDialog.reasonHelp")}
        >
          <Input {...form.register("reason")} placeholder={t("voidDialog.reasonPlaceholder")} />
        </Field>
      </AppForm>
    </FormDialog>
  );
}
