import { ZSendInvoiceSchema } from "@kavi/domain";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useTRPC } from "../../../lib/trpc";
import { useAppForm } from "../../../lib/use-app-form";
import { AppForm } from "../../../ui/app-form";
import { Field } from "../../../ui/field";
import { Input, Textarea } from "../../../ui/input";
import { toast } from "../../../ui/toast";
import { useBusiness } from "../../shell/business-context";
import { EmailAllowanceNote } from "../../verify-email/email-allowance-note";
import { type DialogBaseProps, FormDialog, useRefresh } from "./form-dialog";

export function SendInvoiceDialog({ invoice, open, onOpenChange }: DialogBaseProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = useRefresh();
  const { business } = useBusiness();
  const { t } = useTranslation("invoices");
  const send = useMutation(trpc.invoices.send.mutationOptions());
  const first = invoice.status === "draft";
  const form = useAppForm({
    defaultValues: { to: invoice.customer.email ?? "", message: "" },
    schema: ZSendInvoiceSchema,
    toInput: (values) => ({ invoiceId: invoice.id, to: values.to, message: values.message }),
    onSubmit: async (input) => {
      const result = await send.mutateAsync({ businessId: business.id, ...input });
      await refresh();
      await queryClient.invalidateQueries({
        queryKey: trpc.business.emailAllowance.queryKey({ businessId: business.id }),
      });
      toast("success", t("send.sent", { number: result.invoice.invoiceNumber, to: result.to }), {
        description: t("send.sentHelp"),
      });
      onOpenChange(false);
    },
  });
  return (
    <FormDialog
      id="send-invoice"
      open={open}
      onOpenChange={onOpenChange}
      title={first ? t("send.firstTitle") : t("send.againTitle")}
      description={first ? t("send.firstDescription") : t("send.againDescription")}
      submitLabel={first ? t("send.first") : t("send.again")}
      submitting={form.submitting}
    >
      <AppForm form={form} id="send-invoice">
        <EmailAllowanceNote kind="invoice" />
        <Field label={t("send.to")} error={form.error("to")} required>
          <Input type="email" autoComplete="email" {...form.register("to")} />
        </Field>
        <Field
          label={t("send.message")}
          error={form.error("message")}
          optional
          description={t("send.messageHelp")}
        >
          <Textarea rows={3} {...form.register("message")} />
        </Field>
      </AppForm>
    </FormDialog>
  );
}
