import {
  RECURRENCE_FREQUENCIES,
  RECURRENCE_LABELS,
  type RecurrenceFrequency,
  ZCreateRecurringInvoiceSchema,
} from "@kavi/domain";
import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "../../../lib/trpc";
import { useAppForm } from "../../../lib/use-app-form";
import { AppForm } from "../../../ui/app-form";
import { Field } from "../../../ui/field";
import { Checkbox, Input, Select } from "../../../ui/input";
import { toast } from "../../../ui/toast";
import { useBusiness } from "../../shell/business-context";
import { type DialogBaseProps, FormDialog, todayIn, useRefresh } from "./form-dialog";

export function RecurringDialog({ invoice, open, onOpenChange }: DialogBaseProps) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const { business } = useBusiness();
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
      toast("success", "Recurring invoice set up", {
        description: `The next one is made on ${schedule.nextRunDate}.`,
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
      title="Repeat this invoice"
      description="Each run copies this invoice's customer, lines, notes and terms into a new invoice dated that day."
      submitLabel="Set up"
      submitting={form.submitting}
    >
      <AppForm form={form} id="recurring">
        <Field label="How often" error={form.error("frequency")}>
          <Select
            value={values.frequency}
            onChange={(event) => form.setValue("frequency", event.target.value as RecurrenceFrequency)}
            options={RECURRENCE_FREQUENCIES.map((frequency) => ({
              value: frequency,
              label: RECURRENCE_LABELS[frequency],
            }))}
          />
        </Field>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Starting" error={form.error("startDate")} required>
            <Input type="date" {...form.register("startDate")} />
          </Field>
          <Field label="Ending" error={form.error("endDate")} optional>
            <Input type="date" {...form.register("endDate")} />
          </Field>
        </div>
        <Checkbox
          label="Send each one by email straight away"
          description={
            invoice.customer.email
              ? `To ${invoice.customer.email}. Otherwise each is kept as a draft for you to check.`
              : "This customer has no email address: each will be kept as a draft for you to send."
          }
          checked={values.autoSend}
          onChange={(event) => form.setValue("autoSend", event.target.checked)}
        />
      </AppForm>
    </FormDialog>
  );
}
