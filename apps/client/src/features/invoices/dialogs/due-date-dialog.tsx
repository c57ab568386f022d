import { ZChangeDueDateSchema } from "@kavi/domain";
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

export function DueDateDialog({ invoice, open, onOpenChange }: DialogBaseProps) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const { business } = useBusiness();
  const { t } = useTranslation("invoices");
  const change = useMutation(trpc.invoices.changeDueDate.mutationOptions());
  const form = useAppForm({
    defaultValues: { dueDate: invoice.dueDate },
    schema: ZChangeDueDateSchema,
    toInput: (values) => ({ invoiceId: invoice.id, dueDate: values.dueDate }),
    onSubmit: async (input) => {
      await change.mutateAsync({ businessId: business.id, ...input });
      await refresh();
      toast("success", t("dueDate.done"));
      onOpenChange(false);
    },
  });
  return (
    <FormDialog
      id="due-date"
      open={open}
      onOpenChange={onOpenChange}
      title={t("dueDate.title")}
      description={t("dueDate.description")}
      submitLabel={t("actions.changeDue")}
      submitting={form.submitting}
    >
      <AppForm form={form} id="due-date">
        <Field label={t("dueDate.label")} error={form.error("dueDate")} required>
          <Input type="date" min={invoice.issueDate} {...form.register("dueDate")} />
        </Field>
      </AppForm>
    </FormDialog>
  );
}
