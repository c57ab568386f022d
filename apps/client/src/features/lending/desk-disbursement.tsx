import type { LoanApplicationStatus } from "@kavi/domain";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Send } from "lucide-react";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { toProblem } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import { Badge } from "../../ui/badge";
import { Button } from "../../ui/button";
import { Card, CardBody, CardHeader } from "../../ui/card";
import { Money } from "../../ui/money";
import { Notice, ProblemAlert } from "../../ui/problem";
import { toast } from "../../ui/toast";
import { TRANSFER_TONES } from "../loans/loan-repayment";
import { useMpesaFailureReason } from "../mpesa/failure-reason";

const IN_FLIGHT = new Set(["queued", "sending", "sent", "confirming", "unknown"]);

/**
 * The desk's disbursement card: "Disburse" on an approved loan (not by the officer who recommended it), then
 * the transfer's progress until M-Pesa confirms it (the loan turns active) or it fails (back to approved, with
 * the reason).
 */
export function DeskDisbursementCard({
  loan,
  isRecommender,
}: {
  loan: {
    id: string;
    status: LoanApplicationStatus;
    payoutPhone: string;
  };
  isRecommender: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const reasonOf = useMpesaFailureReason("payout");
  const { t } = useTranslation("loanMoney");
  const transfers = useQuery({
    ...trpc.lending.transfers.queryOptions({ loanId: loan.id }),
    refetchInterval: (query) =>
      (query.state.data ?? []).some((row) => IN_FLIGHT.has(row.status)) ? 2_000 : false,
  });
  const disburse = useMutation(trpc.lending.disburse.mutationOptions());
  const inFlight = (transfers.data ?? []).some((row) => IN_FLIGHT.has(row.status));
  const settledKey = (transfers.data ?? []).map((row) => row.status).join();
  useEffect(() => {
    // A transfer that settles moves the loan (active, or back to approved): the review page reads it again.
    if (!inFlight && settledKey)
      void queryClient.invalidateQueries({ queryKey: trpc.lending.review.pathKey() });
  }, [inFlight, settledKey, queryClient, trpc]);
  const lastFailed = (transfers.data ?? []).find(
    (row) => row.kind === "disbursement" && row.status === "failed",
  );

  const onDisburse = async () => {
    try {
      await disburse.mutateAsync({ loanId: loan.id });
      toast("success", t("desk.disbursed"));
      await queryClient.invalidateQueries({ queryKey: trpc.lending.pathKey() });
    } catch (error) {
      toast("error", toProblem(error).message);
    }
  };

  return (
    <Card>
      <CardHeader
        title={t("desk.title")}
        description={t("desk.description", { phone: loan.payoutPhone })}
        actions={
          loan.status === "approved" && !isRecommender ? (
            <Button onClick={() => void onDisburse()} loading={disburse.isPending} disabled={inFlight}>
              <Send aria-hidden /> {t("desk.disburse")}
            </Button>
          ) : null
        }
      />
      <CardBody className="flex flex-col gap-3 text-sm">
        {loan.status === "approved" && isRecommender ? (
          <p className="text-ink-600">{t("desk.recommenderCannot")}</p>
        ) : null}
        {transfers.error ? <ProblemAlert error={transfers.error} /> : null}
        {lastFailed && loan.status === "approved" ? (
          <Notice tone="warning">{t("desk.lastFailure", { reason: reasonOf(lastFailed) ?? "" })}</Notice>
        ) : null}
        {transfers.data && transfers.data.length === 0 ? (
          <p className="text-ink-500">{t("desk.empty")}</p>
        ) : null}
        <ul className="flex flex-col divide-y divide-ink-100">
          {(transfers.data ?? []).map((row) => (
            <li key={row.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
              <span className="flex items-center gap-2">
                {t(`kind.${row.kind}`)}
                <Badge tone={TRANSFER_TONES[row.status] ?? "neutral"}>
                  {t(`transferStatus.${row.status}`)}
                </Badge>
              </span>
              <span className="flex items-center gap-3">
                {row.receipt ? (
                  <span className="font-mono text-[13px] text-ink-600">{row.receipt}</span>
                ) : null}
                <Money amountMinor={row.amountMinor} currency={row.currency} />
              </span>
            </li>
          ))}
        </ul>
      </CardBody>
    </Card>
  );
}
