import { ZSendInvoiceSchema } from "@kavi/domain";
import { useMutation, useQueryClient } from "@tanstack/react-query";
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
      toast("success", `${result.invoice.invoiceNumber} is on its way to ${result.to}`, {
        description: "The PDF is attached, with a link to view and pay online.",
      });
      onOpenChange(false);
    },
  });
  return (
    <FormDialog
      id="send-invoice"
      open={open}
      onOpenChange={onOpenChange}
      title={first ? "Send the invoice" : "Send it again"}
      description={
        first
          ? "Sending gives it its number. It can no longer be edited after that."
          : "The customer gets the invoice as it stands now."
      }
      submitLabel={first ? "Send invoice" : "Send again"}
      submitting={form.submitting}
    >
      <AppForm form={form} id="send-invoice">
        <EmailAllowanceNote kind="invoice" />
        <Field label="To" error={form.error("to")} required>
          <Input type="email" autoComplete="email" {...form.register("to")} />
        </Field>
        <Field
          label="Message"
          error={form.error("message")}
          optional
          description="Added above the invoice details."
        >
          <Textarea rows={3} {...form.register("message")} />
        </Field>
      </AppForm>
    </FormDialog>
  );
}
