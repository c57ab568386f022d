import { type CREDIT_NOTE_DISPOSITIONS, formatMoney, ZCreateCreditNoteSchema } from "@kavi/domain";
import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "../../../lib/trpc";
import { useAppForm } from "../../../lib/use-app-form";
import { AppForm } from "../../../ui/app-form";
import { Field } from "../../../ui/field";
import { Input, Select } from "../../../ui/input";
import { toast } from "../../../ui/toast";
import { useBusiness } from "../../shell/business-context";
import { type DialogBaseProps, FormDialog, useRefresh } from "./form-dialog";

export function CreditNoteDialog({ invoice, open, onOpenChange }: DialogBaseProps) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const { business } = useBusiness();
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
      toast("success", `Credit note ${result.creditNote.creditNoteNumber} issued`, {
        description:
          result.creditNote.returnedMinor > 0n
            ? `${formatMoney(result.creditNote.returnedMinor, invoice.currency)} ${input.disposition === "refund" ? "is due back to the customer" : "went to the customer's credit"}.`
            : "It reduced what the customer owes.",
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
      title="Issue a credit note"
      description="Takes money off this invoice (returns, damaged goods, a price agreed after the fact). What was still owed is reduced first."
      submitLabel="Issue credit note"
      submitting={form.submitting}
    >
      <AppForm form={form} id="credit-note">
        <Field label={`Amount (${invoice.currency}, VAT included)`} error={form.error("amount")} required>
          <Input inputMode="decimal" {...form.register("amount")} />
        </Field>
        <Field label="Reason" error={form.error("reason")} required>
          <Input {...form.register("reason")} placeholder="Two crates of tomatoes arrived bruised" />
        </Field>
        <Field label="If the customer has paid more than they now owe" error={form.error("disposition")}>
          <Select
            value={values.disposition}
            onChange={(event) =>
              form.setValue("disposition", event.target.value as "customer_credit" | "refund")
            }
            options={[
              { value: "customer_credit", label: "Keep it as credit for their next invoice" },
              { value: "refund", label: "Refund it to them" },
            ]}
          />
        </Field>
      </AppForm>
    </FormDialog>
  );
}
