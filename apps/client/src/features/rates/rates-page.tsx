import { useQuery } from "@tanstack/react-query";
import { TriangleAlert } from "lucide-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useTRPC } from "../../lib/trpc";
import { Badge } from "../../ui/badge";
import { Card, CardBody, CardHeader } from "../../ui/card";
import { Select } from "../../ui/input";
import { PageHeader } from "../../ui/page-header";
import { ProblemAlert } from "../../ui/problem";
import { Skeleton, SkeletonList } from "../../ui/skeleton";
import { Table, TD, TH, THead, TR } from "../../ui/table";
import { useBusiness } from "../shell/business-context";
import { RequireAccess } from "../shell/require-access";
import { useBusinessFormat } from "../shell/use-business-format";

/** A stored decimal shown with at most four decimals (display only: the text itself is never rounded). */
function rateText(rate: string, locale: string): string {
  const [whole = "0", fraction = ""] = rate.split(".");
  const shown = fraction.slice(0, 4).replace(/0+$/, "");
  const grouped = new Intl.NumberFormat(locale).format(BigInt(whole));
  const point = new Intl.NumberFormat(locale).format(1.5).charAt(1);
  return shown ? `${grouped}${point}${shown}` : grouped;
}

function dateText(date: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" }).format(
    new Date(`${date}T00:00:00Z`),
  );
}

function RateHistoryChart({ currency }: { currency: string }) {
  const trpc = useTRPC();
  const { t } = useTranslation("rates");
  const { business } = useBusiness();
  const { locale } = useBusinessFormat();
  const history = useQuery(trpc.rates.history.queryOptions({ businessId: business.id, currency, days: 90 }));
  if (history.isPending) return <Skeleton className="h-64 w-full" />;
  if (history.isError) return <ProblemAlert error={history.error} onRetry={() => void history.refetch()} />;
  if (history.data.length === 0)
    return <p className="py-10 text-center text-sm text-ink-500">{t("history.empty")}</p>;
  // Plotting needs numbers; the figures shown in the tooltip are the stored decimal text.
  const points = history.data.map((point) => ({ ...point, value: Number(point.kesPerUnit) }));
  return (
    <div className="h-64 w-full" role="img" aria-label={t("history.chartLabel", { currency })}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#e7ece9" vertical={false} />
          <XAxis
            dataKey="rateDate"
            tickFormatter={(date: string) => dateText(date, locale)}
            tick={{ fontSize: 12 }}
            minTickGap={32}
          />
          <YAxis domain={["auto", "auto"]} tick={{ fontSize: 12 }} width={64} />
          <Tooltip
            formatter={(_value, _name, item) => [
              `KES ${rateText((item.payload as { kesPerUnit: string }).kesPerUnit, locale)}`,
              t("history.series", { currency }),
            ]}
            labelFormatter={(date) => dateText(String(date), locale)}
          />
          <Line
            type="monotone"
            dataKey="value"
            stroke="#13846d"
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

function RatesContent() {
  const trpc = useTRPC();
  const { t } = useTranslation("rates");
  const { business } = useBusiness();
  const { locale } = useBusinessFormat();
  const latest = useQuery(trpc.rates.latest.queryOptions({ businessId: business.id }));
  const [currency, setCurrency] = useState("USD");
  const rates = latest.data?.rates ?? [];
  const staleCount = rates.filter((rate) => rate.kesPerUnit && rate.stale).length;
  return (
    <>
      <PageHeader eyebrow={t("eyebrow")} title={t("title")} description={t("description")} />
      {latest.isError ? (
        <ProblemAlert error={latest.error} onRetry={() => void latest.refetch()} className="mb-6" />
      ) : null}
      {latest.data?.freshness.alarm ? (
        <div
          role="alert"
          className="mb-6 flex gap-3 rounded-xl border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900"
        >
          <TriangleAlert className="size-5 shrink-0" aria-hidden />
          <p>
            {latest.data.freshness.newestRateDate
              ? t("stale.alarm", { date: dateText(latest.data.freshness.newestRateDate, locale) })
              : t("stale.none")}
          </p>
        </div>
      ) : staleCount > 0 ? (
        <p className="mb-4 text-sm text-ink-600">{t("stale.carried")}</p>
      ) : null}
      <div className="grid items-start gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader title={t("latest.title")} description={t("latest.description")} />
          {latest.isPending ? (
            <CardBody>
              <SkeletonList rows={6} />
            </CardBody>
          ) : rates.every((rate) => !rate.kesPerUnit) ? (
            <CardBody>
              <p className="py-6 text-center text-sm text-ink-500">{t("latest.empty")}</p>
            </CardBody>
          ) : (
            <Table aria-label={t("latest.title")}>
              <THead>
                <tr>
                  <TH>{t("latest.currency")}</TH>
                  <TH className="text-right">{t("latest.rate")}</TH>
                  <TH>{t("latest.date")}</TH>
                </tr>
              </THead>
              <tbody>
                {rates.map((rate) => (
                  <TR key={rate.currency}>
                    <TD>
                      <button
                        type="button"
                        className="font-medium text-brand-700 underline-offset-2 hover:underline"
                        onClick={() => setCurrency(rate.currency)}
                      >
                        {rate.currency}
                      </button>
                    </TD>
                    <TD className="text-right tabular">
                      {rate.kesPerUnit ? `KES ${rateText(rate.kesPerUnit, locale)}` : "—"}
                    </TD>
                    <TD>
                      {rate.rateDate ? (
                        <span className="flex flex-wrap items-center gap-2">
                          {dateText(rate.rateDate, locale)}
                          {rate.stale ? <Badge tone="warning">{t("latest.lastKnown")}</Badge> : null}
                        </span>
                      ) : (
                        <span className="text-ink-500">{t("latest.missing")}</span>
                      )}
                    </TD>
                  </TR>
                ))}
              </tbody>
            </Table>
          )}
        </Card>
        <Card>
          <CardHeader
            title={t("history.title", { currency })}
            description={t("history.description")}
            actions={
              <Select
                aria-label={t("history.choose")}
                value={currency}
                onChange={(event) => setCurrency(event.target.value)}
                options={rates.map((rate) => ({ value: rate.currency, label: rate.currency }))}
              />
            }
          />
          <CardBody>
            <RateHistoryChart currency={currency} />
          </CardBody>
        </Card>
      </div>
      <p className="mt-6 text-xs text-ink-500">{t("source")}</p>
    </>
  );
}

export default function RatesPage() {
  return (
    <RequireAccess requirement="rates.read">
      <RatesContent />
    </RequireAccess>
  );
}
