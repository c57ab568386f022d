import { ZLoanRepaymentInputSchema } from "@kavi/domain";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CheckCircle2, Smartphone, XCircle } from "lucide-react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useTRPC } from "../../lib/trpc";
import { useAppForm } from "../../lib/use-app-form";
import { AppForm, FormProblem } from "../../ui/app-form";
import { Badge, type BadgeTone } from "../../ui/badge";
import { Button } from "../../ui/button";
import { Card, CardBody, CardHeader } from "../../ui/card";
import { Dialog } from "../../ui/dialog";
import { Field } from "../../ui/field";
import { Input } from "../../ui/input";
import { Notice, ProblemAlert } from "../../ui/problem";
import { SkeletonList } from "../../ui/skeleton";
import { Spinner } from "../../ui/spinner";
import { Table, TD, TH, THead, TR } from "../../ui/table";
import { useMpesaFailureReason } from "../mpesa/failure-reason";
import { useBusiness } from "../shell/business-context";
import { useBusinessFormat } from "../shell/use-business-format";

const OPEN = new Set(["queued", "sending", "sent", "confirming", "unknown"]);

export const TRANSFER_TONES: Record<string, BadgeTone> = {
  queued: "info",
  sending: "info",
  sent: "info",
  confirming: "info",
  unknown: "warning",
  paid: "success",
  failed: "danger",
  unmatched: "warning",
};

type Choice = "next_instalment" | "settle" | "other";

/** A repayment prompt's live status: polls until paid or failed, and says why in plain words. */
function RepaymentStatus({ loanId, transferId }: { loanId: string; transferId: string }) {
  const trpc = useTRPC();
  const reasonOf = useMpesaFailureReason();
  const queryClient = useQueryClient();
  const { business } = useBusiness();
  const format = useBusinessFormat();
  const { t } = useTranslation("loanMoney");
  const status = useQuery({
    ...trpc.loans.repayment.queryOptions({ businessId: business.id, loanId, transferId }),
    refetchInterval: (query) => (query.state.data && !OPEN.has(query.state.data.status) ? false : 2_000),
  });
  const settled = status.data && !OPEN.has(status.data.status) ? status.data.status : null;
  useEffect(() => {
    // Once settled, the loan's schedule, status and history change.
    if (settled) void queryClient.invalidateQueries({ queryKey: trpc.loans.pathKey() });
  }, [settled, queryClient, trpc]);
  if (status.error) return <ProblemAlert error={status.error} />;
  const row = status.data;
  if (!row) return <Spinner />;
  if (row.status === "paid") {
    return (
      <Notice tone="success" icon={<CheckCircle2 aria-hidden className="size-5" />}>
        <p className="font-medium">{t("status.paidTitle", { amount: format.money(row.amountMinor) })}</p>
        <p className="text-[13px]">{t("status.paidBody", { receipt: row.receipt ?? "" })}</p>
      </Notice>
    );
  }
  if (row.status === "failed" || row.status === "unmatched") {
    return (
      <Notice tone="warning" icon={<XCircle aria-hidden className="size-5" />}>
        <p className="font-medium">{t("status.failedTitle")}</p>
        <p className="text-[13px]">{reasonOf(row) ?? t("status.failedBody")}</p>
      </Notice>
    );
  }
  return (
    <div
      className="flex items-start gap-3 rounded-md border border-sky-200 bg-sky-50 px-4 py-3 text-sky-900"
      aria-live="polite"
    >
      <Smartphone aria-hidden className="mt-0.5 size-5 shrink-0" />
      <div className="text-sm">
        <p className="font-medium">
          {row.status === "confirming" ? t("status.confirmingTitle") : t("status.sentTitle")}
        </p>
        <p className="text-[13px]">
          {row.status === "confirming"
            ? t("status.confirmingBody")
            : t("status.sentBody", { amount: format.money(row.amountMinor) })}
        </p>
      </div>
      <Spinner className="ml-auto size-4" label={null} />
    </div>
  );
}

/** "Repay": the next instalment, the whole early settlement, or an amount typed → STK prompt → live status. */
export function RepayLoanDialog({
  open,
  onOpenChange,
  loanId,
  loanNumber,
  nextMinor,
  settleMinor,
  defaultPhone,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  loanId: string;
  loanNumber: string;
  nextMinor: bigint;
  settleMinor: bigint;
  defaultPhone: string;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { business } = useBusiness();
  const format = useBusinessFormat();
  const { t } = useTranslation("loanMoney");
  const [choice, setChoice] = useState<Choice>("next_instalment");
  const [transferId, setTransferId] = useState<string | null>(null);
  const repay = useMutation(trpc.loans.repay.mutationOptions());
  const form = useAppForm({
    defaultValues: { phone: defaultPhone, amount: "" },
    schema: ZLoanRepaymentInputSchema,
    toInput: (values) => ({
      loanId,
      choice,
      phone: values.phone,
      ...(choice === "other" ? { amount: values.amount } : {}),
    }),
    onSubmit: async (input) => {
      const transfer = await repay.mutateAsync({ businessId: business.id, ...input });
      setTransferId(transfer.id);
      await queryClient.invalidateQueries({ queryKey: trpc.loans.money.pathKey() });
    },
  });
  const close = (next: boolean) => {
    if (!next) {
      setTransferId(null);
      repay.reset();
    }
    onOpenChange(next);
  };
  const options: { value: Choice; label: string; hint: string }[] = [
    { value: "next_instalment", label: t("repay.next"), hint: format.money(nextMinor) },
    { value: "settle", label: t("repay.settle"), hint: format.money(settleMinor) },
    { value: "other", label: t("repay.other"), hint: t("repay.otherHint") },
  ];
  return (
    <Dialog
      open={open}
      onOpenChange={close}
      title={t("repay.title", { number: loanNumber })}
      description={t("repay.description", { number: loanNumber })}
      footer={
        transferId ? (
          <Button onClick={() => close(false)}>{t("repay.done")}</Button>
        ) : (
          <>
            <Button variant="secondary" onClick={() => close(false)}>
              {t("repay.cancel")}
            </Button>
            <Button type="submit" form="loan-repay-form" loading={form.submitting}>
              <Smartphone aria-hidden /> {t("repay.send")}
            </Button>
          </>
        )
      }
    >
      {transferId ? (
        <RepaymentStatus loanId={loanId} transferId={transferId} />
      ) : (
        <AppForm form={form} problem="manual" id="loan-repay-form" className="space-y-4">
          <fieldset className="space-y-2">
            <legend className="mb-1 text-sm font-medium text-ink-800">{t("repay.what")}</legend>
            {options.map((option) => (
              <label
                key={option.value}
                className="flex cursor-pointer items-center justify-between gap-3 rounded-md border border-ink-200 px-3 py-2.5 text-sm has-[:checked]:border-brand-600 has-[:checked]:bg-brand-50"
              >
                <span className="flex items-center gap-2">
                  <input
                    type="radio"
                    name="choice"
                    value={option.value}
                    checked={choice === option.value}
                    onChange={() => setChoice(option.value)}
                  />
                  {option.label}
                </span>
                <span className="tabular text-ink-700">{option.hint}</span>
              </label>
            ))}
          </fieldset>
          {choice === "other" ? (
            <Field label={t("repay.amount")} error={form.error("amount")} required>
              <Input
                {...form.register("amount")}
                inputMode="numeric"
                placeholder={String(nextMinor / 100n)}
              />
            </Field>
          ) : null}
          <Field
            label={t("repay.phone")}
            description={t("repay.phoneHint")}
            error={form.error("phone")}
            required
          >
            <Input
              {...form.register("phone")}
              inputMode="tel"
              autoComplete="tel"
              placeholder="0712 345 678"
            />
          </Field>
          <FormProblem form={form} />
        </AppForm>
      )}
    </Dialog>
  );
}

/** The loan page's money card: what is owed now, the Repay button, and every movement over M-Pesa. */
export function LoanMoneyCard({
  loanId,
  loanNumber,
  payoutPhone,
  canRepay,
}: {
  loanId: string;
  loanNumber: string;
  payoutPhone: string;
  canRepay: boolean;
}) {
  const trpc = useTRPC();
  const { business } = useBusiness();
  const format = useBusinessFormat();
  const { t } = useTranslation("loanMoney");
  const [open, setOpen] = useState(false);
  const money = useQuery(trpc.loans.money.queryOptions({ businessId: business.id, loanId }));
  const data = money.data;
  return (
    <Card>
      <CardHeader
        title={t("card.title")}
        description={
          data && data.amounts.nextInstalmentMinor > 0n && data.amounts.nextDueDate
            ? t("card.next", {
                amount: format.money(data.amounts.nextInstalmentMinor),
                date: format.date(new Date(`${data.amounts.nextDueDate}T09:00:00Z`)),
              })
            : undefined
        }
        actions={
          data?.repayable && canRepay ? (
            <Button onClick={() => setOpen(true)}>
              <Smartphone aria-hidden /> {t("card.repay")}
            </Button>
          ) : null
        }
      />
      <CardBody>
        {money.error ? <ProblemAlert error={money.error} onRetry={() => void money.refetch()} /> : null}
        {money.isPending ? <SkeletonList rows={2} label={t("card.loading")} /> : null}
        {data && data.transfers.length === 0 ? (
          <p className="text-sm text-ink-500">{t("card.empty")}</p>
        ) : null}
        {data && data.transfers.length > 0 ? (
          <div className="overflow-x-auto">
            <Table>
              <THead>
                <TR>
                  <TH>{t("history.date")}</TH>
                  <TH>{t("history.what")}</TH>
                  <TH className="hidden sm:table-cell">{t("history.receipt")}</TH>
                  <TH className="text-right">{t("history.amount")}</TH>
                </TR>
              </THead>
              <tbody>
                {data.transfers.map((transfer) => (
                  <TR key={transfer.id}>
                    <TD className="whitespace-nowrap">
                      {format.date(transfer.completedAt ?? transfer.createdAt)}
                    </TD>
                    <TD>
                      <span className="flex flex-wrap items-center gap-2">
                        {t(`kind.${transfer.kind}`)}
                        <Badge tone={TRANSFER_TONES[transfer.status] ?? "neutral"}>
                          {t(`transferStatus.${transfer.status}`)}
                        </Badge>
                      </span>
                    </TD>
                    <TD className="hidden font-mono text-[13px] sm:table-cell">{transfer.receipt ?? ""}</TD>
                    <TD className="text-right tabular">
                      {format.money(transfer.amountMinor, transfer.currency)}
                    </TD>
                  </TR>
                ))}
              </tbody>
            </Table>
          </div>
        ) : null}
        {data?.repayable && data.paybill ? (
          <p className="mt-3 text-[13px] text-ink-500">
            {t("card.paybill", { paybill: data.paybill, number: loanNumber })}
          </p>
        ) : null}
      </CardBody>
      {data ? (
        <RepayLoanDialog
          open={open}
          onOpenChange={setOpen}
          loanId={loanId}
          loanNumber={loanNumber}
          nextMinor={data.amounts.promptNextMinor}
          settleMinor={data.amounts.promptSettleMinor}
          defaultPhone={payoutPhone}
        />
      ) : null}
    </Card>
  );
}
