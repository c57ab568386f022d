import { useQuery } from "@tanstack/react-query";
import { ArrowRight } from "lucide-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { businessPath } from "../../app/navigation";
import { useLocale } from "../../i18n/use-locale";
import { cn } from "../../lib/cn";
import { useTRPC } from "../../lib/trpc";
import { Card, CardBody, CardHeader } from "../../ui/card";
import { AMOUNTS_MAY_WRAP, Money } from "../../ui/money";
import { ProblemAlert } from "../../ui/problem";
import { Skeleton } from "../../ui/skeleton";
import { BalanceForecastChart } from "../cash-flow/forecast-chart";
import { useBusiness } from "../shell/business-context";
import { dayLabel } from "../transactions/ledger";

/** The dashboard's look ahead: the 90-day forecast in brief, with burn rate and runway. */
export function ForecastCard() {
  const trpc = useTRPC();
  const { business } = useBusiness();
  const currency = business.baseCurrency;
  const { language, locale } = useLocale();
  const forecast = useQuery(trpc.forecast.get.queryOptions({ businessId: business.id, language }));
  const summary = useQuery(trpc.transactions.summary.queryOptions({ businessId: business.id }));
  const data = forecast.data;
  const burn = summary.data?.burn;
  const { t } = useTranslation("dashboard");
  const at = (days: number) => data?.points[Math.min(days, data.points.length) - 1];
  return (
    <Card className="min-w-0">
      <CardHeader
        title={t("forecast.title")}
        description={t("forecast.description")}
        actions={
          <Link
            to={businessPath(business.id, "/cash-flow")}
            className="inline-flex items-center gap-1 text-[13px] font-medium text-brand-700 hover:underline"
          >
            {t("forecast.cashFlow")} <ArrowRight className="size-3.5" aria-hidden />
          </Link>
        }
      />
      <CardBody className="flex flex-col gap-4">
        {forecast.error ? <ProblemAlert error={forecast.error} onRetry={() => forecast.refetch()} /> : null}
        {!data ? (
          <Skeleton className="h-40 w-full" />
        ) : (
          <>
            <p className="text-[14px] leading-relaxed text-ink-900">
              {data.summary.sentencesByLanguage[language][0]}
            </p>
            <BalanceForecastChart
              currency={currency}
              thresholdMinor={data.thresholdMinor}
              history={[{ day: data.asOf, balanceMinor: data.startBalanceMinor }]}
              forecast={data.points}
              height={170}
            />
          </>
        )}
        <dl className="grid grid-cols-2 gap-3 text-[13px] sm:grid-cols-4">
          {[
            [t("forecast.in30"), at(30)?.balanceMinor],
            [t("forecast.in90"), at(90)?.balanceMinor],
            [t("forecast.netBurn"), burn?.netBurnMinor],
            [t("forecast.grossBurn"), burn?.grossBurnMinor],
          ].map(([label, value]) => (
            <div key={String(label)} className="min-w-0">
              <dt className="text-ink-500">{label as string}</dt>
              <dd className={cn("text-base leading-snug font-semibold text-ink-950", AMOUNTS_MAY_WRAP)}>
                {typeof value === "bigint" ? (
                  <Money amountMinor={value} currency={currency} compact />
                ) : (
                  <Skeleton className="h-6 w-20" />
                )}
              </dd>
            </div>
          ))}
        </dl>
        <div className="text-[13px] text-ink-600">
          {!summary.data ? (
            <Skeleton className="h-4 w-48" />
          ) : burn?.runwayMonths === null || burn?.runwayMonths === undefined ? (
            t("forecast.notBurning")
          ) : (
            t("forecast.runway", { months: burn.runwayMonths })
          )}
          {data ? t("forecast.lowest", { day: dayLabel(data.summary.lowest.day, locale) }) : null}
          {data ? <Money amountMinor={data.summary.lowest.balanceMinor} currency={currency} compact /> : null}
        </div>
      </CardBody>
    </Card>
  );
}
