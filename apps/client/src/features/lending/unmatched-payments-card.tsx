import { DEFAULT_TIMEZONE, formatDateTime, ZAssignLoanPaymentFormSchema } from "@kavi/domain";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CheckCircle2, Link2 } from "lucide-react";
import { useTranslation } from "react-i18next";
import { useLocale } from "../../i18n/use-locale";
import { useTRPC } from "../../lib/trpc";
import { useAppForm } from "../../lib/use-app-form";
import { AppForm } from "../../ui/app-form";
import { Button } from "../../ui/button";
import { Card, CardBody, CardHeader } from "../../ui/card";
import { EmptyState } from "../../ui/empty-state";
import { Field } from "../../ui/field";
import { Input } from "../../ui/input";
import { Money } from "../../ui/money";
import { ProblemAlert } from "../../ui/problem";
import { SkeletonList } from "../../ui/skeleton";
import { toast } from "../../ui/toast";

interface UnmatchedPayment {
  id: string;
  amountMinor: bigint;
  currency: string;
  receipt: string | null;
  accountReference: string | null;
  payerName: string | null;
  createdAt: Date;
  completedAt: Date | null;
}

/** One payment with its own "Assign to loan" form (the loan number as the officer reads it off the loan). */
function PaymentRow({
  payment,
  onAssigned,
}: {
  payment: UnmatchedPayment;
  onAssigned: () => Promise<unknown>;
}) {
  const trpc = useTRPC();
  const { t } = useTranslation("lending");
  const { locale } = useLocale();
  const assign = useMutation(trpc.lending.assignPayment.mutationOptions());
  const form = useAppForm({
    defaultValues: { loanNumber: "" },
    schema: ZAssignLoanPaymentFormSchema,
    toInput: (values) => values,
    onSubmit: async (input) => {
      await assign.mutateAsync({ transferId: payment.id, loanNumber: input.loanNumber });
      toast("success", t("unmatched.assigned", { receipt: payment.receipt ?? "", loan: input.loanNumber }));
      await onAssigned();
    },
  });
  const fieldId = `unmatched-${payment.id}`;
  return (
    <li className="flex flex-col gap-3 py-3 sm:flex-row sm:items-start sm:justify-between">
      <div className="min-w-0">
        <p className="font-medium text-ink-900">
          <Money amountMinor={payment.amountMinor} currency={payment.currency} /> · {payment.receipt ?? "—"}
        </p>
        <p className="text-[13px] text-ink-500">
          {t("unmatched.account", { account: payment.accountReference || t("unmatched.noAccount") })}
          {payment.payerName ? ` · ${payment.payerName}` : ""}
        </p>
        <p className="text-[13px] text-ink-500">
          {formatDateTime(payment.completedAt ?? payment.createdAt, DEFAULT_TIMEZONE, locale)}
        </p>
      </div>
      <AppForm
        form={form}
        id={`${fieldId}-form`}
        className="flex flex-col gap-2 sm:w-96 sm:flex-row sm:items-start"
      >
        <Field label={t("unmatched.loanNumber")} error={form.error("loanNumber")} className="sm:flex-1">
          <Input autoComplete="off" {...form.register("loanNumber")} />
        </Field>
        <Button type="submit" loading={form.submitting} className="sm:mt-6">
          <Link2 aria-hidden /> {t("unmatched.assign")}
        </Button>
      </AppForm>
    </li>
  );
}

/** Paybill payments whose account named no loan: kept, never lost, until an officer assigns each to a loan. */
export function UnmatchedPaymentsCard() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { t } = useTranslation("lending");
  const payments = useQuery(trpc.lending.unmatchedPayments.queryOptions());
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.lending.unmatchedPayments.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.lending.portfolio.queryKey() }),
    ]);
  return (
    <Card>
      <CardHeader title={t("unmatched.title")} description={t("unmatched.description")} />
      <CardBody>
        {payments.error ? (
          <ProblemAlert error={payments.error} onRetry={() => void payments.refetch()} />
        ) : payments.isPending ? (
          <SkeletonList rows={2} label={t("desk.loading")} />
        ) : payments.data.length === 0 ? (
          <EmptyState icon={CheckCircle2} title={t("unmatched.empty")} />
        ) : (
          <ul className="flex flex-col divide-y divide-ink-100">
            {payments.data.map((payment) => (
              <PaymentRow key={payment.id} payment={payment} onAssigned={refresh} />
            ))}
          </ul>
        )}
      </CardBody>
    </Card>
  );
}
