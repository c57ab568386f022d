import { PAYMENT_METHODS, type PaymentMethod, toMajorString, ZRecordPaymentSchema } from "@kavi/domain";
import { useMutation } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { startOfDayInZone } from "../../../lib/format";
import { useTRPC } from "../../../lib/trpc";
import { useAppForm } from "../../../lib/use-app-form";
import { AppForm } from "../../../ui/app-form";
import { Field } from "../../../ui/field";
import { Input, Select, Textarea } from "../../../ui/input";
import { toast } from "../../../ui/toast";
import { useBusiness } from "../../shell/business-context";
import { useBusinessFormat } from "../../shell/use-business-format";
import { type DialogBaseProps, FormDialog, todayIn, useRefresh } from "./form-dialog";

export function RecordPaymentDialog({ invoice, open, onOpenChange }: DialogBaseProps) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const { business } = useBusiness();
  const { t } = useTranslation(["invoices", "transactions"]);
  const format = useBusinessFormat();
  const record = useMutation(trpc.invoices.recordPayment.mutationOptions());
  const today = todayIn(business.timezone);
  const form = useAppForm({
    defaultValues: {
      amount: toMajorString(invoice.balanceDueMinor, invoice.currency),
      method: (invoice.currency === "KES" ? "mpesa" : "bank") as PaymentMethod,
      reference: "",
      paidOn: today,
      notes: "",
    },
    schema: ZRecordPaymentSchema,
    toInput: (values) => ({
      invoiceId: invoice.id,
      amount: values.amount,
      method: values.method,
      reference: values.reference,
      notes: values.notes,
      // The day the money came, as the business counts days; today means "now".
      paidAt: values.paidOn === today ? null : startOfDayInZone(values.paidOn, business.timezone),
    }),
    onSubmit: async (input) => {
      const result = await record.mutateAsync({ businessId: business.id, ...input });
      await refresh();
      toast(
        "success",
        t("payment.recorded"),
        result.creditedToCustomerMinor > 0n
          ? {
              description: t("payment.credited", {
                amount: format.money(result.creditedToCustomerMinor, invoice.currency),
              }),
            }
          : {},
      );
      onOpenChange(false);
    },
  });
  const values = form.watch();
  return (
    <FormDialog
      id="record-payment"
      open={open}
      onOpenChange={onOpenChange}
      title={t("payment.title")}
      description={t("payment.description", {
        amount: format.money(invoice.balanceDueMinor, invoice.currency),
      })}
      submitLabel={t("payment.submit")}
      submitting={form.submitting}
    >
      <AppForm form={form} id="record-payment">
        <Field
          label={t("payment.amount", { currency: invoice.currency })}
          error={form.error("amount")}
          required
        >
          <Input inputMode="decimal" {...form.register("amount")} />
        </Field>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label={t("payment.paidBy")} error={form.error("method")}>
            <Select
              value={values.method}
              onChange={(event) => form.setValue("method", event.target.value as PaymentMethod)}
              options={PAYMENT_METHODS.map((method) => ({
                value: method,
                label: t(`transactions:method.${method}`),
              }))}
            />
          </Field>
          <Field label={t("payment.received")} error={form.error("paidAt")}>
            <Input type="date" max={today} {...form.register("paidOn")} />
          </Field>
        </div>
        <Field
          label={values.method === "mpesa" ? t("payment.mpesaReceipt") : t("payment.reference")}
          error={form.error("reference")}
          optional
          description={values.method === "mpesa" ? t("payment.mpesaHelp") : undefined}
        >
          <Input {...form.register("reference")} />
        </Field>
        <Field label={t("payment.note")} error={form.error("notes")} optional>
          <Textarea rows={2} {...form.register("notes")} />
        </Field>
      </AppForm>
    </FormDialog>
  );
}
