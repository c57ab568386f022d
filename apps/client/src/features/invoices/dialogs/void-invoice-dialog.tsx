import { ZVoidInvoiceSchema } from "@kavi/domain";
import { useMutation } from "@tanstack/react-query";
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
  const voidInvoice = useMutation(trpc.invoices.void.mutationOptions());
  const form = useAppForm({
    defaultValues: { reason: "" },
    schema: ZVoidInvoiceSchema,
    toInput: (values) => ({ invoiceId: invoice.id, reason: values.reason }),
    onSubmit: async (input) => {
      await voidInvoice.mutateAsync({ businessId: business.id, ...input });
      await refresh();
      toast("success", `${invoice.invoiceNumber} is void`);
      onOpenChange(false);
    },
  });
  return (
    <FormDialog
      id="void-invoice"
      open={open}
      onOpenChange={onOpenChange}
      title={`Void ${invoice.invoiceNumber}?`}
      description="It stays on record with its number, marked void, and nothing is owed on it any more."
      submitLabel="Void invoice"
      danger
      submitting={form.submitting}
    >
      <AppForm form={form} id="void-invoice">
        <Field
          label="Reason"
          error={form.error("reason")}
          required
          description="Kept with the invoice and in the activity log."
        >
          <Input {...form.register("reason")} placeholder="Raised twice for the same delivery" />
        </Field>
      </AppForm>
    </FormDialog>
  );
}
