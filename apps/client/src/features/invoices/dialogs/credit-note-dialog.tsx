import { type CREDIT_NOTE_DISPOSITIONS, ZCreateCreditNoteSchema } from "@kavi/domain";
import { useMutation } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useTRPC } from "../../../lib/trpc";
import { useAppForm } from "../../../lib/use-app-form";
import { AppForm } from "../../../ui/app-form";
import { Field } from "../../../ui/field";
import { Input, Select } from "../../../ui/input";
import { toast } from "../../../ui/toast";
import { useBusiness } from "../../shell/business-context";
import { useBusinessFormat } from "../../shell/use-business-format";
import { type DialogBaseProps, FormDialog, useRefresh } from "./form-dialog";

export function CreditNoteDialog({ invoice, open, onOpenChange }: DialogBaseProps) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const { business } = useBusiness();
  const { t } = useTranslation("invoices");
  const format = useBusinessFormat();
  const create = useMutation(trpc.invoices.createCreditNote.mutationOptions());
  const form = useAppForm({
    defaultValues: {
      amount: "",
      reason: "",
      disposition: "customer_credit" as (typeof CREDIT_NOTE_DISPOSITIONS)[number],
    },
    schema: ZCreateCreditNoteSchema,
    toInput: (values) => ({ invoiceId: invoice.id, ...values }),
    onSubmit: async (input) => {
      const result = await create.mutateAsync({ businessId: business.id, ...input });
      await refresh();
      toast("success", t("creditNote.done", { number: result.creditNote.creditNoteNumber }), {
        description:
          result.creditNote.returnedMinor > 0n
            ? t(input.disposition === "refund" ? "creditNote.dueBack" : "creditNote.toCredit", {
                amount: format.money(result.creditNote.returnedMinor, invoice.currency),
              })
            : t("creditNote.reduced"),
      });
      onOpenChange(false);
    },
  });
  const values = form.watch();
  return (
    <FormDialog
      id="credit-note"
      open={open}
      onOpenChange={onOpenChange}
      title={t("creditNote.title")}
      description={t("creditNote.description")}
      submitLabel={t("actions.creditNote")}
      submitting={form.submitting}
    >
      <AppForm form={form} id="credit-note">
        <Field
          label={t("creditNote.amount", { currency: invoice.currency })}
          error={form.error("amount")}
          required
        >
          <Input inputMode="decimal" {...form.register("amount")} />
        </Field>
        <Field label={t("voidDialog.reason")} error={form.error("reason")} required>
          <Input {...form.register("reason")} placeholder={t("creditNote.reasonPlaceholder")} />
        </Field>
        <Field label={t("creditNote.overpaid")} error={form.error("disposition")}>
          <Select
            value={values.disposition}
            onChange={(event) =>
              form.setValue("disposition", event.target.value as "customer_credit" | "refund")
            }
            options={[
              { value: "customer_credit", label: t("creditNote.keepCredit") },
              { value: "refund", label: t("creditNote.refund") },
            ]}
          />
        </Field>
      </AppForm>
    </FormDialog>
  );
}
