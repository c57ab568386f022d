import {
  RECURRENCE_FREQUENCIES,
  type RecurrenceFrequency,
  ZCreateRecurringInvoiceSchema,
} from "@kavi/domain";
import { useMutation } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useTRPC } from "../../../lib/trpc";
import { useAppForm } from "../../../lib/use-app-form";
import { AppForm } from "../../../ui/app-form";
import { Field } from "../../../ui/field";
import { Checkbox, Input, Select } from "../../../ui/input";
import { toast } from "../../../ui/toast";
import { useBusiness } from "../../shell/business-context";
import { useBusinessFormat } from "../../shell/use-business-format";
import { formatCalendarDate, useRecurrenceLabel } from "../invoice-ui";
import { type DialogBaseProps, FormDialog, todayIn, useRefresh } from "./form-dialog";

export function RecurringDialog({ invoice, open, onOpenChange }: DialogBaseProps) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const { business } = useBusiness();
  const { t } = useTranslation("invoices");
  const { locale } = useBusinessFormat();
  const recurrenceLabel = useRecurrenceLabel();
  const create = useMutation(trpc.invoices.recurring.create.mutationOptions());
  const form = useAppForm({
    defaultValues: {
      frequency: "monthly" as RecurrenceFrequency,
      startDate: todayIn(business.timezone),
      endDate: "",
      autoSend: Boolean(invoice.customer.email),
    },
    schema: ZCreateRecurringInvoiceSchema,
    toInput: (values) => ({
      invoiceId: invoice.id,
      frequency: values.frequency,
      startDate: values.startDate,
      endDate: values.endDate || null,
      autoSend: values.autoSend,
    }),
    onSubmit: async (input) => {
      const schedule = await create.mutateAsync({ businessId: business.id, ...input });
      await refresh();
      toast("success", t("recurringDialog.done"), {
        description: t("recurringDialog.doneHelp", {
          date: formatCalendarDate(schedule.nextRunDate, locale),
        }),
      });
      onOpenChange(false);
    },
  });
  const values = form.watch();
  return (
    <FormDialog
      id="recurring"
      open={open}
      onOpenChange={onOpenChange}
      title={t("recurringDialog.title")}
      description={t("recurringDialog.description")}
      submitLabel={t("recurringDialog.submit")}
      submitting={form.submitting}
    >
      <AppForm form={form} id="recurring">
        <Field label={t("recurringDialog.frequency")} error={form.error("frequency")}>
          <Select
            value={values.frequency}
            onChange={(event) => form.setValue("frequency", event.target.value as RecurrenceFrequency)}
            options={RECURRENCE_FREQUENCIES.map((frequency) => ({
              value: frequency,
              label: recurrenceLabel(frequency),
            }))}
          />
        </Field>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label={t("recurringDialog.start")} error={form.error("startDate")} required>
            <Input type="date" {...form.register("startDate")} />
          </Field>
          <Field label={t("recurringDialog.end")} error={form.error("endDate")} optional>
            <Input type="date" {...form.register("endDate")} />
          </Field>
        </div>
        <Checkbox
          label={t("recurringDialog.autoSend")}
          description={
            invoice.customer.email
              ? t("recurringDialog.autoSendHelp", { email: invoice.customer.email })
              : t("recurringDialog.noEmail")
          }
          checked={values.autoSend}
          onChange={(event) => form.setValue("autoSend", event.target.checked)}
        />
      </AppForm>
    </FormDialog>
  );
}
