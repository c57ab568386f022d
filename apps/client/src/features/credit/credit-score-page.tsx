import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Download, Gauge } from "lucide-react";
import { useTranslation } from "react-i18next";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useLocale, useProblemMessage } from "../../i18n/use-locale";
import { cn } from "../../lib/cn";
import { toProblem } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import { Badge, type BadgeTone } from "../../ui/badge";
import { Button } from "../../ui/button";
import { Card, CardBody, CardHeader } from "../../ui/card";
import { EmptyState } from "../../ui/empty-state";
import { PageHeader } from "../../ui/page-header";
import { ProblemAlert } from "../../ui/problem";
import { Skeleton, SkeletonList } from "../../ui/skeleton";
import { Table, TD, TH, THead, TR } from "../../ui/table";
import { toast } from "../../ui/toast";
import { downloadBase64 } from "../invoices/invoice-ui";
import { useBusiness } from "../shell/business-context";
import { RequireAccess } from "../shell/require-access";
import { monthLabel } from "../transactions/ledger";
import { useCreditWords } from "./credit-words";

const STATUS_TONES: Record<string, BadgeTone> = {
  healthy: "success",
  fair: "warning",
  weak: "danger",
  unknown: "neutral",
};
const STATUS_KEYS = ["healthy", "fair", "weak", "unknown"] as const;
type StatusKey = (typeof STATUS_KEYS)[number];
const statusKey = (status: string): StatusKey =>
  (STATUS_KEYS as readonly string[]).includes(status) ? (status as StatusKey) : "unknown";

/** How many times the page looks again for a score the worker is storing (every 3 s). */
const CREDIT_REFRESH_TRIES = 20;

function useValueText() {
  const { t } = useTranslation("credit");
  const { locale } = useLocale();
  return (value: number | null, unit: string): string => {
    if (value === null) return "—";
    if (unit === "%") return `${value} %`;
    if (unit === "days") return t("unit.days", { count: Math.round(value) });
    if (unit === "KES/month")
      return t("unit.perMonth", { amount: `KES ${Math.round(value).toLocaleString(locale)}` });
    return value.toLocaleString(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  };
}

function ScoreDial({ score, band }: { score: number | null; band: string | null }) {
  const { t } = useTranslation("credit");
  const words = useCreditWords();
  const share = score === null ? 0 : (score - 300) / 550;
  return (
    <div className="flex flex-col items-start gap-2">
      <p className="text-5xl font-semibold tracking-tight text-ink-950 tabular">{score ?? "—"}</p>
      <p className="text-lg font-medium text-brand-800">{band ? words.band(band) : t("notEnoughHistory")}</p>
      <div
        className="h-2.5 w-full max-w-72 overflow-hidden rounded-full bg-gradient-to-r from-red-200 via-amber-200 to-emerald-300"
        aria-hidden
      >
        <div className="h-full border-r-4 border-ink-950" style={{ width: `${Math.round(share * 100)}%` }} />
      </div>
      <p className="text-[12px] text-ink-500">{t("scale")}</p>
    </div>
  );
}

function CreditScoreContent() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { business, can } = useBusiness();
  const canManage = can("credit.reports");
  const { t } = useTranslation("credit");
  const { locale } = useLocale();
  const problemMessage = useProblemMessage();
  const valueText = useValueText();
  const words = useCreditWords();
  const keyOf = (label: string) => credit.data?.current.factors.find((factor) => factor.label === label)?.key;
  const credit = useQuery({
    ...trpc.credit.get.queryOptions({ businessId: business.id }),
    // Computed for this read (the month not stored yet): the read asked the worker to store it and score the past
    // month ends, so look again for a minute, until the history it fills in is there.
    refetchInterval: (query) =>
      query.state.data?.live && query.state.dataUpdateCount <= CREDIT_REFRESH_TRIES ? 3_000 : false,
  });
  const reports = useQuery({
    ...trpc.credit.reports.queryOptions({ businessId: business.id }),
    enabled: canManage,
  });
  const issue = useMutation(trpc.credit.issueReport.mutationOptions());
  const data = credit.data;
  const current = data?.current;

  async function download() {
    try {
      const file = await issue.mutateAsync({ businessId: business.id });
      downloadBase64(file);
      toast("success", t("issued", { code: file.code }));
      await queryClient.invalidateQueries({ queryKey: trpc.credit.reports.pathKey() });
    } catch (error) {
      toast("error", problemMessage(toProblem(error)));
    }
  }

  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          canManage && current?.score !== null && current ? (
            <Button onClick={download} loading={issue.isPending}>
              <Download aria-hidden /> {t("download")}
            </Button>
          ) : null
        }
      />
      {credit.error ? (
        <ProblemAlert error={credit.error} onRetry={() => credit.refetch()} className="mb-4" />
      ) : null}
      {!current || !data ? (
        credit.error ? null : (
          <div className="grid gap-6 lg:grid-cols-3">
            <Skeleton className="h-48 w-full" />
            <Skeleton className="h-48 w-full lg:col-span-2" />
          </div>
        )
      ) : (
        <div className="flex flex-col gap-6">
          <div className="grid gap-6 lg:grid-cols-3">
            <Card className="min-w-0">
              <CardBody className="flex flex-col gap-4">
                <ScoreDial score={current.score} band={current.band} />
                <p className="text-[13px] text-ink-600">{words.text(current.message, current.messageSw)}</p>
                <p className="text-[12px] text-ink-500">{t("source")}</p>
              </CardBody>
            </Card>
            <Card className="min-w-0 lg:col-span-2">
              <CardHeader title={t("reasons.title")} description={t("reasons.description")} />
              <CardBody>
                {current.reasons.length === 0 ? (
                  <p className="text-[13px] text-ink-600">{t("reasons.none")}</p>
                ) : (
                  <ol className="flex flex-col gap-3">
                    {current.reasons.map((reason) => (
                      <li key={reason.code} className="text-[13px]">
                        <p className="font-semibold text-ink-900">
                          {reason.code} · {words.factor(reason.key ?? keyOf(reason.label), reason.label)}{" "}
                          <span className="font-normal text-red-700">
                            {t("reasons.pointsLost", { count: Math.round(reason.pointsLost) })}
                          </span>
                        </p>
                        <p className="text-ink-700">{words.text(reason.reason, reason.reasonSw)}</p>
                        {reason.suggestion ? (
                          <p className="text-brand-800">
                            {t("reasons.raise", {
                              suggestion: words.suggestion(
                                reason.key ?? keyOf(reason.label),
                                reason.suggestion,
                              ),
                            })}
                          </p>
                        ) : null}
                      </li>
                    ))}
                  </ol>
                )}
              </CardBody>
            </Card>
          </div>

          <Card className="min-w-0">
            <CardHeader title={t("history.title")} description={t("history.description")} />
            <CardBody>
              {data.history.every((month) => month.score === null) ? (
                <EmptyState
                  icon={Gauge}
                  title={t("history.emptyTitle")}
                  description={t("history.emptyDescription")}
                />
              ) : (
                <div style={{ height: 200 }} role="img" aria-label={t("history.chartLabel")}>
                  <ResponsiveContainer width="100%" height="100%">
                    <BarChart
                      data={data.history.map((month) => ({
                        label: monthLabel(month.month, false, locale),
                        score: month.score,
                      }))}
                      margin={{ top: 8, right: 4, left: 0, bottom: 0 }}
                    >
                      <CartesianGrid vertical={false} stroke="#eef1f0" />
                      <XAxis dataKey="label" tickLine={false} axisLine={false} fontSize={12} minTickGap={8} />
                      <YAxis domain={[300, 850]} tickLine={false} axisLine={false} fontSize={12} width={36} />
                      <Tooltip />
                      <Bar
                        dataKey="score"
                        name={t("history.score")}
                        fill="#13846d"
                        radius={[3, 3, 0, 0]}
                        maxBarSize={32}
                      />
                    </BarChart>
                  </ResponsiveContainer>
                </div>
              )}
            </CardBody>
          </Card>

          <Card className="min-w-0">
            <CardHeader title={t("factors.title")} description={t("factors.description")} />
            <div className="hidden md:block">
              <Table>
                <THead>
                  <TR>
                    <TH>{t("factors.factor")}</TH>
                    <TH className="text-right">{t("factors.weight")}</TH>
                    <TH>{t("factors.value")}</TH>
                    <TH>{t("factors.healthyRange")}</TH>
                    <TH className="text-right">{t("factors.points")}</TH>
                  </TR>
                </THead>
                <tbody>
                  {current.factors.map((factor) => (
                    <TR key={factor.key}>
                      <TD className="text-[13px]">
                        <p className="font-medium text-ink-900">
                          {words.factor(factor.key, factor.label)}{" "}
                          <Badge tone={STATUS_TONES[statusKey(factor.status)]}>
                            {t(`status.${statusKey(factor.status)}`)}
                          </Badge>
                        </p>
                        <p className="text-ink-600">{words.text(factor.reason, factor.sw?.reason)}</p>
                      </TD>
                      <TD className="text-right text-[13px]">{Math.round(factor.weight * 100)} %</TD>
                      <TD className="text-[13px] whitespace-nowrap">
                        {valueText(factor.value, factor.unit)}
                      </TD>
                      <TD className="text-[13px] text-ink-600">
                        {words.text(factor.healthy, factor.sw?.healthy)}
                      </TD>
                      <TD className="text-right text-[13px] tabular whitespace-nowrap">
                        {Math.round(factor.points)} / {Math.round(factor.maxPoints)}
                      </TD>
                    </TR>
                  ))}
                </tbody>
              </Table>
            </div>
            <ul className="flex flex-col divide-y divide-ink-100 md:hidden">
              {current.factors.map((factor) => (
                <li key={factor.key} className="px-5 py-3 text-[13px]">
                  <p className="flex flex-wrap items-center justify-between gap-2 font-medium text-ink-900">
                    <span>
                      {words.factor(factor.key, factor.label)} · {Math.round(factor.weight * 100)} %
                    </span>
                    <Badge tone={STATUS_TONES[statusKey(factor.status)]}>
                      {t(`status.${statusKey(factor.status)}`)}
                    </Badge>
                  </p>
                  <p className="text-ink-800">{valueText(factor.value, factor.unit)}</p>
                  <p className="text-ink-600">{words.text(factor.reason, factor.sw?.reason)}</p>
                  <p className="text-ink-500">
                    {t("factors.healthy", { range: words.text(factor.healthy, factor.sw?.healthy) })}
                  </p>
                </li>
              ))}
            </ul>
          </Card>

          {canManage ? (
            <Card className="min-w-0">
              <CardHeader title={t("reports.title")} description={t("reports.description")} />
              <CardBody>
                {reports.isPending ? (
                  <SkeletonList rows={2} />
                ) : reports.error ? (
                  <ProblemAlert error={reports.error} onRetry={() => reports.refetch()} />
                ) : (reports.data ?? []).length === 0 ? (
                  <p className="text-[13px] text-ink-500">{t("reports.none")}</p>
                ) : (
                  <ul className="flex flex-col gap-2 text-[13px]">
                    {reports.data?.map((report) => (
                      <li key={report.code} className={cn("flex flex-wrap justify-between gap-2")}>
                        <a
                          className="font-mono text-brand-700 hover:underline"
                          href={`/verify/${report.code}`}
                        >
                          {report.code}
                        </a>
                        <span className="text-ink-600">
                          {report.issuedOn} · {report.score} ({words.band(report.band)})
                        </span>
                      </li>
                    ))}
                  </ul>
                )}
              </CardBody>
            </Card>
          ) : null}
        </div>
      )}
    </>
  );
}

export default function CreditScorePage() {
  return (
    <RequireAccess requirement="reports.read">
      <CreditScoreContent />
    </RequireAccess>
  );
}
