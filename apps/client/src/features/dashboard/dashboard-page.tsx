import { DASHBOARD_PERIODS, type DashboardPeriod } from "@kavi/domain";
import { useQuery } from "@tanstack/react-query";
import {
  AlertTriangle,
  ArrowDownRight,
  ArrowRight,
  ArrowUpRight,
  ChartColumn,
  Receipt,
  Wallet,
} from "lucide-react";
import { Trans, useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { businessPath } from "../../app/navigation";
import { useLocale } from "../../i18n/use-locale";
import { cn } from "../../lib/cn";
import { useTRPC } from "../../lib/trpc";
import { Card, CardBody, CardHeader } from "../../ui/card";
import { EmptyState } from "../../ui/empty-state";
import { Select } from "../../ui/input";
import { AMOUNTS_MAY_WRAP, Money } from "../../ui/money";
import { PageHeader } from "../../ui/page-header";
import { ProblemAlert } from "../../ui/problem";
import { Skeleton } from "../../ui/skeleton";
import { BudgetBar } from "../budgets/budget-bar";
import { useCategoryName } from "../categories/category-name";
import { useBusiness } from "../shell/business-context";
import { RequireAccess } from "../shell/require-access";
import { useBusinessFormat } from "../shell/use-business-format";
import { monthLabel, percentChange } from "../transactions/ledger";
import { TransactionRowCompact } from "../transactions/transaction-row";
import { CategoryDonut, IncomeExpensesChart } from "./charts";
import { ForecastCard } from "./forecast-card";

function Change({
  current,
  previous,
  goodWhenUp,
}: {
  current: bigint;
  previous: bigint;
  goodWhenUp: boolean;
}) {
  const { t } = useTranslation("dashboard");
  const { locale } = useLocale();
  const change = percentChange(current, previous);
  if (change === null) return <span className="text-[12px] text-ink-500">{t("noComparison")}</span>;
  const up = change >= 0;
  const good = up === goodWhenUp;
  const Icon = up ? ArrowUpRight : ArrowDownRight;
  return (
    <span
      className={cn(
        "inline-flex items-center gap-0.5 text-[12px] font-medium",
        good ? "text-emerald-700" : "text-red-700",
      )}
    >
      <Icon className="size-3.5" aria-hidden />
      <Trans
        t={t}
        i18nKey="change"
        values={{
          percent: Math.abs(change).toLocaleString(locale, {
            minimumFractionDigits: 1,
            maximumFractionDigits: 1,
          }),
        }}
        components={{ muted: <span className="font-normal text-ink-500" /> }}
      />
    </span>
  );
}

function Kpi({
  label,
  children,
  footer,
  tone = "neutral",
}: {
  label: string;
  children: React.ReactNode;
  footer?: React.ReactNode;
  tone?: "neutral" | "warning";
}) {
  return (
    <Card
      role="group"
      aria-label={label}
      className={cn("min-w-0 p-4", tone === "warning" && "border-amber-200 bg-amber-50/40")}
    >
      <p className="text-[13px] font-medium text-ink-500">{label}</p>
      <p
        className={cn(
          "mt-1 text-base leading-snug font-semibold tracking-tight text-ink-950 sm:text-2xl",
          AMOUNTS_MAY_WRAP,
        )}
      >
        {children}
      </p>
      {footer ? <div className="mt-1.5">{footer}</div> : null}
    </Card>
  );
}

function DashboardContent() {
  const trpc = useTRPC();
  const { business } = useBusiness();
  const format = useBusinessFormat();
  const { t } = useTranslation("dashboard");
  const categoryName = useCategoryName();
  const [params, setParams] = useSearchParams();
  const period = (DASHBOARD_PERIODS as readonly string[]).includes(params.get("period") ?? "")
    ? (params.get("period") as DashboardPeriod)
    : "this_month";
  const overview = useQuery(trpc.dashboard.overview.queryOptions({ businessId: business.id, period }));
  const currency = business.baseCurrency;
  const data = overview.data;

  return (
    <>
      <PageHeader
        title={t("title")}
        description={
          data
            ? t("range", {
                from: format.date(new Date(`${data.range.from}T12:00:00Z`)),
                to: format.date(new Date(`${data.range.to}T12:00:00Z`)),
              })
            : t("subtitle")
        }
        actions={
          <div className="w-44">
            <Select
              aria-label={t("period")}
              value={period}
              onChange={(event) => setParams({ period: event.target.value }, { replace: true })}
              options={DASHBOARD_PERIODS.map((value) => ({ value, label: t(`periods.${value}`) }))}
            />
          </div>
        }
      />
      {overview.error ? (
        <ProblemAlert error={overview.error} onRetry={() => overview.refetch()} className="mb-6" />
      ) : null}
      <div className="grid grid-cols-2 gap-3 lg:grid-cols-3">
        {data ? (
          <>
            <Kpi
              label={t("kpi.moneyIn")}
              footer={
                <Change
                  current={data.kpis.income.currentMinor}
                  previous={data.kpis.income.previousMinor}
                  goodWhenUp
                />
              }
            >
              <Money amountMinor={data.kpis.income.currentMinor} currency={currency} compact />
            </Kpi>
            <Kpi
              label={t("kpi.moneyOut")}
              footer={
                <Change
                  current={data.kpis.expenses.currentMinor}
                  previous={data.kpis.expenses.previousMinor}
                  goodWhenUp={false}
                />
              }
            >
              <Money amountMinor={data.kpis.expenses.currentMinor} currency={currency} compact />
            </Kpi>
            <Kpi
              label={t("kpi.net")}
              footer={
                <Change
                  current={data.kpis.net.currentMinor}
                  previous={data.kpis.net.previousMinor}
                  goodWhenUp
                />
              }
            >
              <Money amountMinor={data.kpis.net.currentMinor} currency={currency} compact />
            </Kpi>
            <Kpi
              label={t("kpi.cash")}
              footer={<span className="text-[12px] text-ink-500">{t("kpi.cashHint")}</span>}
            >
              <Money amountMinor={data.kpis.cashBalanceMinor} currency={currency} compact />
            </Kpi>
            <Kpi
              label={t("kpi.owed")}
              footer={
                <span className="text-[12px] text-ink-500">
                  {t("kpi.openInvoices", { count: data.kpis.receivables.openInvoices })}
                </span>
              }
            >
              <Money amountMinor={data.kpis.receivables.outstandingMinor} currency={currency} compact />
            </Kpi>
            <Kpi
              label={t("kpi.overdue")}
              tone={data.kpis.overdue.count > 0 ? "warning" : "neutral"}
              footer={
                <span className="text-[12px] text-ink-500">
                  {t("kpi.pastDue", { count: data.kpis.overdue.count })}
                </span>
              }
            >
              <Money amountMinor={data.kpis.overdue.amountMinor} currency={currency} compact />
            </Kpi>
          </>
        ) : (
          Array.from({ length: 6 }, (_, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
            <Card key={index} className="p-4">
              <Skeleton className="h-3.5 w-20" />
              <Skeleton className="mt-3 h-7 w-28" />
              <Skeleton className="mt-2 h-3 w-32" />
            </Card>
          ))
        )}
      </div>

      <div className="mt-6">
        <ForecastCard />
      </div>

      <div className="mt-6 grid gap-6 lg:grid-cols-5">
        <Card className="min-w-0 lg:col-span-3">
          <CardHeader title={t("inVsOut")} description={t("last12Months")} />
          <CardBody>
            {data ? (
              <IncomeExpensesChart
                currency={currency}
                points={data.incomeVsExpenses.map((point) => ({
                  label: monthLabel(point.bucket, false, format.locale),
                  incomeMinor: point.incomeMinor,
                  expenseMinor: point.expenseMinor,
                }))}
              />
            ) : (
              <Skeleton className="h-64 w-full" />
            )}
          </CardBody>
        </Card>
        <Card className="min-w-0 lg:col-span-2">
          <CardHeader title={t("spendByCategory")} description={t(`periods.${period}`)} />
          <CardBody>
            {!data ? (
              <Skeleton className="h-44 w-full" />
            ) : data.spendByCategory.length === 0 ? (
              <EmptyState icon={ChartColumn} title={t("noSpending")} description={t("noSpendingHint")} />
            ) : (
              <CategoryDonut
                currency={currency}
                slices={[
                  ...data.spendByCategory.map((item) => ({
                    key: item.categoryId ?? "none",
                    name: item.categoryId ? categoryName(item) : t("uncategorised"),
                    color: item.color,
                    amountMinor: item.amountMinor,
                  })),
                  ...(data.otherSpendMinor > 0n
                    ? [
                        {
                          key: "other",
                          name: t("everythingElse"),
                          color: "#97a39f",
                          amountMinor: data.otherSpendMinor,
                        },
                      ]
                    : []),
                ]}
              />
            )}
          </CardBody>
        </Card>
      </div>

      <div className="mt-6 grid gap-6 lg:grid-cols-3">
        <Card className="min-w-0">
          <CardHeader
            title={t("recent")}
            actions={
              <Link
                to={businessPath(business.id, "transactions")}
                className="inline-flex items-center gap-1 text-[13px] font-medium text-brand-700 hover:underline"
              >
                {t("all")} <ArrowRight className="size-3.5" aria-hidden />
              </Link>
            }
          />
          {!data ? (
            <CardBody>
              <Skeleton className="h-40 w-full" />
            </CardBody>
          ) : data.recentTransactions.length === 0 ? (
            <EmptyState icon={Wallet} title={t("noTransactions")} description={t("noTransactionsHint")} />
          ) : (
            <ul className="divide-y divide-ink-100">
              {data.recentTransactions.map((item) => (
                <TransactionRowCompact key={item.id} item={item} />
              ))}
            </ul>
          )}
        </Card>
        <Card className="min-w-0">
          <CardHeader title={t("overdueInvoices")} description={t("oldestFirst")} />
          {!data ? (
            <CardBody>
              <Skeleton className="h-40 w-full" />
            </CardBody>
          ) : data.overdueInvoices.length === 0 ? (
            <EmptyState icon={Receipt} title={t("nothingOverdue")} description={t("nothingOverdueHint")} />
          ) : (
            <ul className="divide-y divide-ink-100">
              {data.overdueInvoices.map((invoice) => (
                <li key={invoice.id}>
                  <Link
                    to={businessPath(business.id, `customers/${invoice.customerId}`)}
                    className="flex items-center gap-3 px-5 py-3 hover:bg-ink-50"
                  >
                    <AlertTriangle className="size-4 shrink-0 text-amber-600" aria-hidden />
                    <span className="min-w-0 flex-1">
                      <span className="block truncate text-sm font-medium text-ink-900">
                        {invoice.customerName}
                      </span>
                      <span className="block text-[12px] text-ink-500">
                        {t("daysLate", { invoice: invoice.invoiceNumber, count: invoice.daysOverdue })}
                      </span>
                    </span>
                    <Money
                      amountMinor={invoice.outstandingMinor}
                      currency={invoice.currency}
                      className="text-sm font-medium"
                    />
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card className="min-w-0">
          <CardHeader
            title={t("budgets")}
            actions={
              <Link
                to={businessPath(business.id, "budgets")}
                className="inline-flex items-center gap-1 text-[13px] font-medium text-brand-700 hover:underline"
              >
                {t("budgetsLink")} <ArrowRight className="size-3.5" aria-hidden />
              </Link>
            }
          />
          <CardBody>
            {!data ? (
              <Skeleton className="h-40 w-full" />
            ) : data.budgets.items.length === 0 ? (
              <EmptyState title={t("noBudgets")} description={t("noBudgetsHint")} className="py-4" />
            ) : (
              <ul className="flex flex-col gap-4">
                {data.budgets.items.slice(0, 6).map((item) => (
                  <li key={item.id}>
                    <BudgetBar item={item} currency={currency} />
                  </li>
                ))}
              </ul>
            )}
          </CardBody>
        </Card>
      </div>
    </>
  );
}

export default function DashboardPage() {
  return (
    <RequireAccess requirement="reports.read">
      <DashboardContent />
    </RequireAccess>
  );
}
