import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Download, Gauge } from "lucide-react";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { cn } from "../../lib/cn";
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

const STATUS: Record<string, { tone: BadgeTone; label: string }> = {
  healthy: { tone: "success", label: "Healthy" },
  fair: { tone: "warning", label: "Fair" },
  weak: { tone: "danger", label: "Weak" },
  unknown: { tone: "neutral", label: "Not known yet" },
};

function valueText(value: number | null, unit: string): string {
  if (value === null) return "—";
  if (unit === "%") return `${value} %`;
  if (unit === "days") return `${Math.round(value)} days`;
  if (unit === "KES/month") return `KES ${Math.round(value).toLocaleString("en-KE")} / month`;
  return value.toFixed(2);
}

function ScoreDial({ score, band }: { score: number | null; band: string | null }) {
  const share = score === null ? 0 : (score - 300) / 550;
  return (
    <div className="flex flex-col items-start gap-2">
      <p className="text-5xl font-semibold tracking-tight text-ink-950 tabular">{score ?? "—"}</p>
      <p className="text-lg font-medium text-brand-800">{band ?? "Not enough history yet"}</p>
      <div
        className="h-2.5 w-full max-w-72 overflow-hidden rounded-full bg-gradient-to-r from-red-200 via-amber-200 to-emerald-300"
        aria-hidden
      >
        <div className="h-full border-r-4 border-ink-950" style={{ width: `${Math.round(share * 100)}%` }} />
      </div>
      <p className="text-[12px] text-ink-500">300 (Poor) to 850 (Excellent)</p>
    </div>
  );
}

function CreditScoreContent() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { business, can } = useBusiness();
  const canManage = can("credit.reports");
  const credit = useQuery(trpc.credit.get.queryOptions({ businessId: business.id }));
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
      toast("success", `Report issued: ${file.code}`);
      await queryClient.invalidateQueries({ queryKey: trpc.credit.reports.pathKey() });
    } catch (error) {
      toast("error", error instanceof Error ? error.message : "Could not issue the report");
    }
  }

  return (
    <>
      <PageHeader
        title="Credit score"
        description="How a lender might read your books: a score from 300 to 850, what drives it and what would raise it."
        actions={
          canManage && current?.score !== null && current ? (
            <Button onClick={download} loading={issue.isPending}>
              <Download aria-hidden /> Download report
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
                <p className="text-[13px] text-ink-600">{current.message}</p>
                <p className="text-[12px] text-ink-500">
                  From your own books in KAVI, recomputed every night. Not a Credit Reference Bureau (CRB)
                  score.
                </p>
              </CardBody>
            </Card>
            <Card className="min-w-0 lg:col-span-2">
              <CardHeader
                title="What lowers it most"
                description="Reason codes, like a consumer credit report"
              />
              <CardBody>
                {current.reasons.length === 0 ? (
                  <p className="text-[13px] text-ink-600">Nothing is costing the score much. Keep it up.</p>
                ) : (
                  <ol className="flex flex-col gap-3">
                    {current.reasons.map((reason) => (
                      <li key={reason.code} className="text-[13px]">
                        <p className="font-semibold text-ink-900">
                          {reason.code} · {reason.label}{" "}
                          <span className="font-normal text-red-700">
                            −{Math.round(reason.pointsLost)} points
                          </span>
                        </p>
                        <p className="text-ink-700">{reason.reason}</p>
                        {reason.suggestion ? (
                          <p className="text-brand-800">What would raise it: {reason.suggestion}</p>
                        ) : null}
                      </li>
                    ))}
                  </ol>
                )}
              </CardBody>
            </Card>
          </div>

          <Card className="min-w-0">
            <CardHeader title="The last 12 months" description="The score at each month's end" />
            <CardBody>
              {data.history.every((month) => month.score === null) ? (
                <EmptyState
                  icon={Gauge}
                  title="No monthly scores yet"
                  description="Scores appear once there are three months of books."
                />
              ) : (
                <div style={{ height: 200 }} role="img" aria-label="Credit score by month">
                  <ResponsiveContainer width="100%" height="100%">
                    <BarChart
                      data={data.history.map((month) => ({
                        label: monthLabel(month.month),
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
                        name="Score"
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
            <CardHeader
              title="Factors"
              description="Each factor's weight, value and the range lenders like to see"
            />
            <div className="hidden md:block">
              <Table>
                <THead>
                  <TR>
                    <TH>Factor</TH>
                    <TH className="text-right">Weight</TH>
                    <TH>Value</TH>
                    <TH>Healthy range</TH>
                    <TH className="text-right">Points</TH>
                  </TR>
                </THead>
                <tbody>
                  {current.factors.map((factor) => (
                    <TR key={factor.key}>
                      <TD className="text-[13px]">
                        <p className="font-medium text-ink-900">
                          {factor.label}{" "}
                          <Badge tone={STATUS[factor.status]?.tone}>{STATUS[factor.status]?.label}</Badge>
                        </p>
                        <p className="text-ink-600">{factor.reason}</p>
                      </TD>
                      <TD className="text-right text-[13px]">{Math.round(factor.weight * 100)} %</TD>
                      <TD className="text-[13px] whitespace-nowrap">
                        {valueText(factor.value, factor.unit)}
                      </TD>
                      <TD className="text-[13px] text-ink-600">{factor.healthy}</TD>
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
                      {factor.label} · {Math.round(factor.weight * 100)} %
                    </span>
                    <Badge tone={STATUS[factor.status]?.tone}>{STATUS[factor.status]?.label}</Badge>
                  </p>
                  <p className="text-ink-800">{valueText(factor.value, factor.unit)}</p>
                  <p className="text-ink-600">{factor.reason}</p>
                  <p className="text-ink-500">Healthy: {factor.healthy}</p>
                </li>
              ))}
            </ul>
          </Card>

          {canManage ? (
            <Card className="min-w-0">
              <CardHeader
                title="Reports issued"
                description="Each carries a code a lender can check at /verify/<code>"
              />
              <CardBody>
                {reports.isPending ? (
                  <SkeletonList rows={2} />
                ) : reports.error ? (
                  <ProblemAlert error={reports.error} onRetry={() => reports.refetch()} />
                ) : (reports.data ?? []).length === 0 ? (
                  <p className="text-[13px] text-ink-500">No report issued yet.</p>
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
                          {report.issuedOn} · {report.score} ({report.band})
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
