import { DEFAULT_TIMEZONE, formatDate } from "@kavi/domain";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowLeft } from "lucide-react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import { businessPath } from "../../app/navigation";
import { useLocale } from "../../i18n/use-locale";
import { toProblem } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import { Button, ButtonLink } from "../../ui/button";
import { Card, CardBody, CardHeader } from "../../ui/card";
import { Money } from "../../ui/money";
import { PageHeader } from "../../ui/page-header";
import { ProblemAlert } from "../../ui/problem";
import { SkeletonList } from "../../ui/skeleton";
import { Table, TD, TH, THead, TR } from "../../ui/table";
import { toast } from "../../ui/toast";
import NotFoundPage from "../errors/not-found-page";
import { useBusiness } from "../shell/business-context";
import { RequireAccess } from "../shell/require-access";
import { LoanMoneyCard } from "./loan-repayment";
import { calendarDay, LoanStatusBadge } from "./loan-status";
import { StatementButton } from "./statement-button";

interface ScheduleRow {
  number: number;
  dueDate: string;
  principalMinor: bigint;
  interestMinor: bigint;
  feeMinor: bigint;
  penaltyMinor?: bigint;
}

export function ScheduleTable({ rows, currency }: { rows: readonly ScheduleRow[]; currency: string }) {
  const { t } = useTranslation("lending");
  const { locale } = useLocale();
  return (
    <div className="overflow-x-auto">
      <Table>
        <THead>
          <TR>
            <TH>#</TH>
            <TH>{t("schedule.due")}</TH>
            <TH className="text-right">{t("schedule.principal")}</TH>
            <TH className="hidden text-right sm:table-cell">{t("schedule.interest")}</TH>
            <TH className="hidden text-right sm:table-cell">{t("schedule.fee")}</TH>
            <TH className="text-right">{t("schedule.total")}</TH>
          </TR>
        </THead>
        <tbody>
          {rows.map((row) => (
            <TR key={row.number}>
              <TD>{row.number}</TD>
              <TD className="whitespace-nowrap">
                {formatDate(calendarDay(row.dueDate), DEFAULT_TIMEZONE, locale)}
              </TD>
              <TD className="text-right">
                <Money amountMinor={row.principalMinor} currency={currency} />
              </TD>
              <TD className="hidden text-right sm:table-cell">
                <Money amountMinor={row.interestMinor} currency={currency} />
              </TD>
              <TD className="hidden text-right sm:table-cell">
                <Money amountMinor={row.feeMinor} currency={currency} />
              </TD>
              <TD className="text-right font-medium">
                <Money
                  amountMinor={
                    row.principalMinor + row.interestMinor + row.feeMinor + (row.penaltyMinor ?? 0n)
                  }
                  currency={currency}
                />
              </TD>
            </TR>
          ))}
        </tbody>
      </Table>
    </div>
  );
}

function LoanContent() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { loanId = "" } = useParams();
  const { business, can } = useBusiness();
  const { t } = useTranslation("lending");
  const detail = useQuery(trpc.loans.get.queryOptions({ businessId: business.id, loanId }));
  const withdraw = useMutation(trpc.loans.withdraw.mutationOptions());

  if (detail.isError && toProblem(detail.error).kind === "not-found") return <NotFoundPage />;
  const data = detail.data;
  const loan = data?.loan;
  const rows = data
    ? data.instalments.length > 0
      ? data.instalments
      : (data.preview?.instalments ?? [])
    : [];

  const onWithdraw = async () => {
    try {
      await withdraw.mutateAsync({ businessId: business.id, loanId });
      await queryClient.invalidateQueries({ queryKey: trpc.loans.pathKey() });
      toast("success", t("detail.withdrawn"));
    } catch (error) {
      toast("error", toProblem(error).message);
    }
  };

  return (
    <>
      <PageHeader
        eyebrow={
          <ButtonLink to={businessPath(business.id, "loans")} variant="link" size="sm">
            <ArrowLeft aria-hidden /> {t("detail.back")}
          </ButtonLink>
        }
        title={loan ? t("detail.title", { number: loan.number }) : t("detail.loading")}
        actions={
          loan ? (
            <>
              <StatementButton loanId={loan.id} businessId={business.id} />
              {can("loans.apply") && (loan.status === "submitted" || loan.status === "recommended") ? (
                <Button variant="secondary" onClick={() => void onWithdraw()} loading={withdraw.isPending}>
                  {t("detail.withdraw")}
                </Button>
              ) : null}
            </>
          ) : null
        }
      />
      {detail.error ? <ProblemAlert error={detail.error} onRetry={() => void detail.refetch()} /> : null}
      {detail.isPending ? <SkeletonList rows={4} label={t("detail.loading")} /> : null}
      {loan && data ? (
        <div className="flex flex-col gap-6">
          <Card>
            <CardBody className="grid gap-4 sm:grid-cols-4">
              <div>
                <p className="text-[13px] text-ink-500">{t("detail.status")}</p>
                <LoanStatusBadge status={loan.status} />
              </div>
              <div>
                <p className="text-[13px] text-ink-500">{t("detail.amount")}</p>
                <Money amountMinor={loan.principalMinor} currency={loan.currency} className="font-semibold" />
              </div>
              <div>
                <p className="text-[13px] text-ink-500">{t("detail.tenor")}</p>
                <p>{t(`tenor.${loan.tenorUnit}`, { count: loan.tenorCount })}</p>
              </div>
              <div>
                <p className="text-[13px] text-ink-500">{t("detail.purpose")}</p>
                <p className="text-sm">{loan.purpose}</p>
              </div>
              {loan.decisionReason ? (
                <div className="sm:col-span-4">
                  <p className="text-[13px] text-ink-500">{t("detail.decisionReason")}</p>
                  <p className="text-sm">{loan.decisionReason}</p>
                </div>
              ) : null}
            </CardBody>
          </Card>
          {["disbursing", "active", "settled"].includes(loan.status) ? (
            <LoanMoneyCard
              loanId={loan.id}
              loanNumber={loan.number}
              payoutPhone={loan.payoutPhone}
              canRepay={can("loans.repay")}
            />
          ) : null}
          <Card>
            <CardHeader
              title={t("schedule.title")}
              description={data.instalments.length > 0 ? undefined : t("schedule.preview")}
            />
            <CardBody>
              <ScheduleTable rows={rows} currency={loan.currency} />
            </CardBody>
          </Card>
          <Card>
            <CardHeader title={t("detail.documents")} />
            <CardBody>
              <ul className="flex flex-col gap-1 text-sm">
                {data.kyc.map((item) => (
                  <li key={item.kind} className="flex justify-between gap-2">
                    <span>{t(`kyc.${item.kind}`)}</span>
                    <span className={item.provided ? "text-emerald-700" : "text-ink-500"}>
                      {item.provided ? t("detail.provided") : t("detail.missing")}
                    </span>
                  </li>
                ))}
              </ul>
            </CardBody>
          </Card>
        </div>
      ) : null}
    </>
  );
}

export default function LoanPage() {
  return (
    <RequireAccess requirement="loans.read">
      <LoanContent />
    </RequireAccess>
  );
}
