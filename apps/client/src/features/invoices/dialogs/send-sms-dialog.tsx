import { ZSendInvoiceSmsSchema } from "@kavi/domain";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useTRPC } from "../../../lib/trpc";
import { useAppForm } from "../../../lib/use-app-form";
import { AppForm } from "../../../ui/app-form";
import { Field } from "../../../ui/field";
import { Input } from "../../../ui/input";
import { toast } from "../../../ui/toast";
import { useBusiness } from "../../shell/business-context";
import { type DialogBaseProps, FormDialog, useRefresh } from "./form-dialog";

/** Send by SMS: the amount due and the pay link, in the customer's language, through Africa's Talking. */
export function SendSmsDialog({ invoice, open, onOpenChange }: DialogBaseProps) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const { business } = useBusiness();
  const { t } = useTranslation("invoices");
  const sms = useQuery({
    ...trpc.invoices.smsSettings.get.queryOptions({ businessId: business.id }),
    enabled: open,
  });
  const send = useMutation(trpc.invoices.sendSms.mutationOptions());
  const form = useAppForm({
    defaultValues: { to: invoice.customer.phone ?? "" },
    schema: ZSendInvoiceSmsSchema,
    toInput: (values) => ({ invoiceId: invoice.id, to: values.to }),
    onSubmit: async (input) => {
      const result = await send.mutateAsync({ businessId: business.id, ...input });
      await refresh();
      toast("success", t("sms.sent", { to: result.to }), {
        description: t("sms.sentHelp", { count: result.parts }),
      });
      onOpenChange(false);
    },
  });
  const unavailable = sms.data?.unavailableReason ?? null;
  return (
    <FormDialog
      id="send-invoice-sms"
      open={open}
      onOpenChange={onOpenChange}
      title={t("sms.title")}
      description={t("sms.description")}
      submitLabel={t("sms.submit")}
      submitting={form.submitting}
    >
      <AppForm form={form} id="send-invoice-sms">
        {unavailable ? (
          <p role="alert" className="rounded-md bg-amber-50 p-3 text-sm text-amber-900">
            {sms.data?.available ? t("sms.turnedOff") : t("sms.notSetUp")}
          </p>
        ) : null}
        <Field label={t("sms.to")} error={form.error("to")} required description={t("sms.toHelp")}>
          <Input type="tel" inputMode="tel" autoComplete="tel" {...form.register("to")} />
        </Field>
      </AppForm>
    </FormDialog>
  );
}
