import { ZPayInvoicePublicSchema } from "@kavi/domain";
import { useMutation, useQuery } from "@tanstack/react-query";
import { CheckCircle2, Smartphone, XCircle } from "lucide-react";
import { useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { useTRPC } from "../../lib/trpc";
import { useAppForm } from "../../lib/use-app-form";
import { AppForm, FormProblem } from "../../ui/app-form";
import { Button } from "../../ui/button";
import { Field } from "../../ui/field";
import { Input } from "../../ui/input";
import { Money } from "../../ui/money";
import { Notice } from "../../ui/problem";
import { Spinner } from "../../ui/spinner";
import { useMpesaFailureReason } from "./failure-reason";

const OPEN = new Set(["requested", "pending", "unknown", "confirming"]);

/**
 * "Pay with M-Pesa" for the public invoice page (/i/:token): the customer types their number, approves the
 * prompt on their phone, and sees the outcome here. The invoice's public token is the only authority.
 */
export function PayWithMpesa({ token, onPaid }: { token: string; onPaid?: () => void }) {
  const trpc = useTRPC();
  const reasonOf = useMpesaFailureReason();
  const { t } = useTranslation("publicInvoice");
  const [requestId, setRequestId] = useState<string | null>(null);
  const pay = useMutation(trpc.mpesa.public.payInvoice.mutationOptions());
  const status = useQuery({
    ...trpc.mpesa.public.paymentStatus.queryOptions({ token, paymentRequestId: requestId ?? "" }),
    enabled: requestId !== null,
    refetchInterval: (query) => {
      const current = query.state.data?.status;
      if (current === "paid") onPaid?.();
      return current && !OPEN.has(current) ? false : 2_000;
    },
  });
  const form = useAppForm({
    defaultValues: { phone: "" },
    schema: ZPayInvoicePublicSchema,
    toInput: (values) => ({ token, phone: values.phone }),
    onSubmit: async (input) => {
      const request = await pay.mutateAsync(input);
      setRequestId(request.paymentRequestId);
    },
  });
  const row = status.data;
  if (requestId && row?.status === "paid") {
    return (
      <Notice tone="success" icon={<CheckCircle2 aria-hidden className="size-5" />}>
        <p className="font-medium">
          <Trans
            t={t}
            i18nKey="pay.thanks"
            components={{ amount: <Money amountMinor={row.amountMinor} currency="KES" /> }}
          />
        </p>
        {row.receipt ? <p className="text-[13px]">{t("pay.receipt", { receipt: row.receipt })}</p> : null}
      </Notice>
    );
  }
  if (requestId && row && !OPEN.has(row.status)) {
    return (
      <div className="space-y-3">
        <Notice tone="warning" icon={<XCircle aria-hidden className="size-5" />}>
          <p className="font-medium">{t("pay.failed")}</p>
          <p className="text-[13px]">{reasonOf(row) ?? t("pay.failedReason")}</p>
        </Notice>
        <Button variant="secondary" onClick={() => setRequestId(null)}>
          {t("pay.tryAgain")}
        </Button>
      </div>
    );
  }
  if (requestId) {
    return (
      <div
        className="flex items-start gap-3 rounded-md border border-sky-200 bg-sky-50 px-4 py-3 text-sky-900"
        aria-live="polite"
      >
        <Smartphone aria-hidden className="mt-0.5 size-5 shrink-0" />
        <div className="text-sm">
          {row?.status === "confirming" ? (
            <>
              <p className="font-medium">{t("pay.confirming")}</p>
              <p className="text-[13px]">{t("pay.confirmingHint")}</p>
            </>
          ) : (
            <>
              <p className="font-medium">{t("pay.checkPhone")}</p>
              <p className="text-[13px]">{t("pay.checkPhoneHint")}</p>
            </>
          )}
        </div>
        <Spinner className="ml-auto size-4" label={null} />
      </div>
    );
  }
  return (
    <AppForm form={form} problem="manual" className="space-y-3">
      <Field label={t("pay.number")} error={form.error("phone")}>
        <Input {...form.register("phone")} inputMode="tel" autoComplete="tel" placeholder="0712 345 678" />
      </Field>
      <FormProblem form={form} />
      <Button type="submit" loading={form.submitting} className="w-full">
        <Smartphone aria-hidden /> {t("pay.submit")}
      </Button>
    </AppForm>
  );
}
