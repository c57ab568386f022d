import { minMinor, toMajorString, ZApplyCreditSchema } from "@kavi/domain";
import { useMutation } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useTRPC } from "../../../lib/trpc";
import { useAppForm } from "../../../lib/use-app-form";
import { AppForm } from "../../../ui/app-form";
import { Field } from "../../../ui/field";
import { Input } from "../../../ui/input";
import { toast } from "../../../ui/toast";
import { useBusiness } from "../../shell/business-context";
import { useBusinessFormat } from "../../shell/use-business-format";
import { type DialogBaseProps, FormDialog, useRefresh } from "./form-dialog";

export function ApplyCreditDialog({ invoice, open, onOpenChange }: DialogBaseProps) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const { business } = useBusiness();
  const { t } = useTranslation("invoices");
  const format = useBusinessFormat();
  const apply = useMutation(trpc.invoices.applyCredit.mutationOptions());
  const most = minMinor(invoice.customer.creditBalanceMinor, invoice.balanceDueMinor);
  const form = useAppForm({
    defaultValues: { amount: toMajorString(most, invoice.currency) },
    schema: ZApplyCreditSchema,
    toInput: (values) => ({ invoiceId: invoice.id, amount: values.amount }),
    onSubmit: async (input) => {
      const result = await apply.mutateAsync({ businessId: business.id, ...input });
      await refresh();
      toast(
        "success",
        t("applyCredit.done", { amount: format.money(result.appliedMinor, invoice.currency) }),
      );
      onOpenChange(false);
    },
  });
  return (
    <FormDialog
      id="apply-credit"
      open={open}
      onOpenChange={onOpenChange}
      title={t("applyCredit.title")}
      description={t("applyCredit.description", {
        name: invoice.customer.name,
        amount: format.money(invoice.customer.creditBalanceMinor, invoice.currency),
      })}
      submitLabel={t("applyCredit.submit")}
      submitting={form.submitting}
    >
      <AppForm form={form} id="apply-credit">
        <Field
          label={t("payment.amount", { currency: invoice.currency })}
          error={form.error("amount")}
          required
        >
          <Input inputMode="decimal" {...form.register("amount")} />
        </Field>
      </AppForm>
    </FormDialog>
  );
}
