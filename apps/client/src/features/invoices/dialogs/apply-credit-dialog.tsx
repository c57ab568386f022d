import { formatMoney, minMinor, toMajorString, ZApplyCreditSchema } from "@kavi/domain";
import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "../../../lib/trpc";
import { useAppForm } from "../../../lib/use-app-form";
import { AppForm } from "../../../ui/app-form";
import { Field } from "../../../ui/field";
import { Input } from "../../../ui/input";
import { toast } from "../../../ui/toast";
import { useBusiness } from "../../shell/business-context";
import { type DialogBaseProps, FormDialog, useRefresh } from "./form-dialog";

export function ApplyCreditDialog({ invoice, open, onOpenChange }: DialogBaseProps) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const { business } = useBusiness();
  const apply = useMutation(trpc.invoices.applyCredit.mutationOptions());
  const most = minMinor(invoice.customer.creditBalanceMinor, invoice.balanceDueMinor);
  const form = useAppForm({
    defaultValues: { amount: toMajorString(most, invoice.currency) },
    schema: ZApplyCreditSchema,
    toInput: (values) => ({ invoiceId: invoice.id, amount: values.amount }),
    onSubmit: async (input) => {
      const result = await apply.mutateAsync({ businessId: business.id, ...input });
      await refresh();
      toast("success", `${formatMoney(result.appliedMinor, invoice.currency)} of credit used`);
      onOpenChange(false);
    },
  });
  return (
    <FormDialog
      id="apply-credit"
      open={open}
      onOpenChange={onOpenChange}
      title="Use the customer's credit"
      description={`${invoice.customer.name} has ${formatMoney(invoice.customer.creditBalanceMinor, invoice.currency)} of credit from earlier overpayments and credit notes.`}
      submitLabel="Apply credit"
      submitting={form.submitting}
    >
      <AppForm form={form} id="apply-credit">
        <Field label={`Amount (${invoice.currency})`} error={form.error("amount")} required>
          <Input inputMode="decimal" {...form.register("amount")} />
        </Field>
      </AppForm>
    </FormDialog>
  );
}
