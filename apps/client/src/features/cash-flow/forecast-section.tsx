import { formatMoney, parseMoney } from "@kavi/domain";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { BellRing, TrendingDown } from "lucide-react";
import { type FormEvent, useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { useLocale, useProblemMessage } from "../../i18n/use-locale";
import { toProblem } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import { Button } from "../../ui/button";
import { Card, CardBody, CardHeader } from "../../ui/card";
import { EmptyState } from "../../ui/empty-state";
import { Field } from "../../ui/field";
import { Input, Select } from "../../ui/input";
import { Money } from "../../ui/money";
import { ProblemAlert } from "../../ui/problem";
import { Skeleton, SkeletonList } from "../../ui/skeleton";
import { toast } from "../../ui/toast";
import { useBusiness } from "../shell/business-context";
import { useBusinessFormat } from "../shell/use-business-format";
import { dayLabel, todayIn } from "../transactions/ledger";
import { BalanceForecastChart } from "./forecast-chart";

const HISTORY_DAYS = 60;

function addDaysTo(date: string, days: number): string {
  const value = new Date(`${date}T00:00:00Z`);
  value.setUTCDate(value.getUTCDate() + days);
  return value.toISOString().slice(0, 10);
}

type InvoiceChoice = "expected" | "late" | "unpaid";
const INVOICE_CHOICES = ["expected", "late", "unpaid"] as const;
const SHIFT_CHOICES = [
  { value: "0", key: "usual" },
  { value: "-7", key: "weekEarlier" },
  { value: "7", key: "weekLater" },
  { value: "14", key: "twoWeeksLater" },
] as const;

function ThresholdForm({ current }: { current: bigint | null }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { business, can } = useBusiness();
  const { t } = useTranslation("cashFlow");
  const { locale } = useLocale();
  const problemMessage = useProblemMessage();
  const currency = business.baseCurrency;
  const [amount, setAmount] = useState(
    current === null
      ? ""
      : formatMoney(current, currency, { compact: true, locale }).replace(/^[A-Z]{3}\s*/, ""),
  );
  const [error, setError] = useState<string | null>(null);
  const save = useMutation(trpc.forecast.setThreshold.mutationOptions());
  const canManage = can("forecast.settings");
  async function submit(event: FormEvent, clear = false) {
    event.preventDefault();
    setError(null);
    const value = clear ? null : amount.trim();
    if (value !== null) {
      try {
        parseMoney(value, currency);
      } catch {
        setError(t("alert.badAmount"));
        return;
      }
    }
    try {
      await save.mutateAsync({ businessId: business.id, amount: value });
      await queryClient.invalidateQueries({ queryKey: trpc.forecast.pathKey() });
      if (clear) setAmount("");
      toast("success", clear ? t("alert.turnedOff") : t("alert.saved"));
    } catch (failure) {
      setError(problemMessage(toProblem(failure)));
    }
  }
  return (
    <Card className="min-w-0">
      <CardHeader title={t("alert.title")} description={t("alert.description")} />
      <CardBody>
        {canManage ? (
          <form onSubmit={(event) => submit(event)} className="flex flex-col gap-3" noValidate>
            <Field label={t("alert.below", { currency })} error={error ?? undefined}>
              <Input
                inputMode="decimal"
                placeholder="50,000"
                value={amount}
                onChange={(event) => setAmount(event.target.value)}
              />
            </Field>
            <div className="flex flex-wrap gap-2">
              <Button type="submit" loading={save.isPending}>
                <BellRing aria-hidden /> {t("alert.save")}
              </Button>
              {current !== null ? (
                <Button type="button" variant="secondary" onClick={(event) => submit(event, true)}>
                  {t("alert.turnOff")}
                </Button>
              ) : null}
            </div>
          </form>
        ) : (
          <p className="text-[13px] text-ink-600">
            {current === null ? (
              t("alert.none")
            ) : (
              <Trans
                t={t}
                i18nKey="alert.current"
                components={{ amount: <Money amountMinor={current} currency={currency} /> }}
              />
            )}
          </p>
        )}
      </CardBody>
    </Card>
  );
}

/**
 * The forecast part of the cash-flow page: the last 60 days of balance and the next 90 expected, with the
 * band and the alert threshold, a plain-language summary, what-ifs and the alert setting.
 */
export function ForecastSection() {
  const trpc = useTRPC();
  const { business } = useBusiness();
  const format = useBusinessFormat();
  const { t } = useTranslation("cashFlow");
  const { language, locale } = useLocale();
  const currency = business.baseCurrency;
  const today = todayIn(business.timezone);
  const [invoiceChoices, setInvoiceChoices] = useState<Record<string, InvoiceChoice>>({});
  const [expenseShifts, setExpenseShifts] = useState<Record<string, number>>({});

  const forecast = useQuery(trpc.forecast.get.queryOptions({ businessId: business.id, language }));
  const history = useQuery(
    trpc.cashFlow.get.queryOptions({
      businessId: business.id,
      from: addDaysTo(today, -HISTORY_DAYS),
      to: addDaysTo(today, -1),
      granularity: "day",
    }),
  );
  const scenario = {
    invoices: Object.entries(invoiceChoices)
      .filter(([, choice]) => choice !== "expected")
      .map(([invoiceId, choice]) => ({
        invoiceId,
        outcome: choice as "late" | "unpaid",
        delayDays: 30,
      })),
    expenses: Object.entries(expenseShifts)
      .filter(([, shift]) => shift !== 0)
      .map(([key, shiftDays]) => ({ key, shiftDays })),
  };
  const scenarioActive = scenario.invoices.length > 0 || scenario.expenses.length > 0;
  const whatIf = useQuery({
    ...trpc.forecast.whatIf.queryOptions({ businessId: business.id, language, ...scenario }),
    enabled: scenarioActive,
    placeholderData: keepPreviousData,
  });

  if (forecast.error) {
    return <ProblemAlert error={forecast.error} onRetry={() => forecast.refetch()} className="mb-6" />;
  }
  const data = forecast.data;
  const shown = scenarioActive && whatIf.data ? whatIf.data : data;
  const noHistory = data && data.inputsSummary.historyDays < 14 && data.openInvoices.length === 0;

  return (
    <section aria-labelledby="forecast-heading" className="mb-6 flex flex-col gap-6">
      <Card>
        <CardHeader
          title={<span id="forecast-heading">{t("forecast.title")}</span>}
          description={
            data
              ? t("forecast.asOf", {
                  date: format.date(new Date(`${data.asOf}T12:00:00Z`)),
                  updated: format.dateTime(new Date(data.computedAt)),
                })
              : t("forecast.description")
          }
        />
        <CardBody className="flex flex-col gap-4">
          {!data || !shown ? (
            <>
              <SkeletonList rows={2} />
              <Skeleton className="h-72 w-full" />
            </>
          ) : noHistory ? (
            <EmptyState
              icon={TrendingDown}
              title={t("forecast.emptyTitle")}
              description={t("forecast.emptyDescription")}
            />
          ) : (
            <>
              <div className="flex flex-col gap-1.5" aria-live="polite">
                {shown.summary.sentencesByLanguage[language].map((sentence) => (
                  <p key={sentence} className="text-[15px] leading-relaxed text-ink-900">
                    {sentence}
                  </p>
                ))}
                {scenarioActive && whatIf.data ? (
                  <p className="text-[13px] font-medium text-violet-700">
                    <Trans
                      t={t}
                      i18nKey="whatIf.difference"
                      components={{
                        end: (
                          <Money
                            amountMinor={whatIf.data.difference.endBalanceMinor}
                            currency={currency}
                            signed
                            compact
                          />
                        ),
                        lowest: (
                          <Money
                            amountMinor={whatIf.data.difference.lowestBalanceMinor}
                            currency={currency}
                            signed
                            compact
                          />
                        ),
                      }}
                    />
                  </p>
                ) : null}
              </div>
              {history.data ? (
                <BalanceForecastChart
                  currency={currency}
                  thresholdMinor={data.thresholdMinor}
                  history={history.data.buckets.map((bucket) => ({
                    day: bucket.bucket,
                    balanceMinor: bucket.balanceMinor,
                  }))}
                  forecast={data.points}
                  compareTo={scenarioActive && whatIf.data ? whatIf.data.points : undefined}
                />
              ) : (
                <Skeleton className="h-72 w-full" />
              )}
              <p className="text-[12px] text-ink-500">
                {t("forecast.band", {
                  model: data.modelVersion,
                  recurring: data.inputsSummary.recurringExpenses,
                  invoices: data.inputsSummary.openInvoices,
                })}
              </p>
            </>
          )}
        </CardBody>
      </Card>

      {data && !noHistory ? (
        <div className="grid gap-6 lg:grid-cols-3">
          <Card className="min-w-0 lg:col-span-2">
            <CardHeader title={t("whatIf.title")} description={t("whatIf.description")} />
            <CardBody className="flex flex-col gap-5">
              {data.openInvoices.length === 0 && data.recurringExpenses.length === 0 ? (
                <p className="text-[13px] text-ink-500">{t("whatIf.nothing")}</p>
              ) : null}
              {data.openInvoices.length > 0 ? (
                <div>
                  <h3 className="mb-2 text-[13px] font-semibold text-ink-700">{t("whatIf.invoices")}</h3>
                  <ul className="flex flex-col gap-2">
                    {data.openInvoices.slice(0, 6).map((invoice) => (
                      <li
                        key={invoice.id}
                        className="flex flex-col gap-1.5 sm:flex-row sm:items-center sm:justify-between"
                      >
                        <span className="min-w-0 text-[13px] text-ink-800">
                          <span className="font-medium">{invoice.customerName}</span> ·{" "}
                          {invoice.number ?? t("whatIf.invoice")} ·{" "}
                          <Trans
                            t={t}
                            i18nKey="whatIf.due"
                            values={{ day: dayLabel(invoice.dueDate, locale) }}
                            components={{
                              amount: (
                                <Money amountMinor={invoice.outstandingMinor} currency={currency} compact />
                              ),
                            }}
                          />
                        </span>
                        <div className="w-full sm:w-48">
                          <Select
                            aria-label={t("whatIf.invoiceLabel", {
                              customer: invoice.customerName,
                              number: invoice.number ?? t("whatIf.invoice"),
                            })}
                            value={invoiceChoices[invoice.id] ?? "expected"}
                            onChange={(event) =>
                              setInvoiceChoices((choices) => ({
                                ...choices,
                                [invoice.id]: event.target.value as InvoiceChoice,
                              }))
                            }
                            options={INVOICE_CHOICES.map((value) => ({
                              value,
                              label: t(`whatIf.choice.${value}`),
                            }))}
                          />
                        </div>
                      </li>
                    ))}
                  </ul>
                </div>
              ) : null}
              {data.recurringExpenses.length > 0 ? (
                <div>
                  <h3 className="mb-2 text-[13px] font-semibold text-ink-700">{t("whatIf.regular")}</h3>
                  <ul className="flex flex-col gap-2">
                    {data.recurringExpenses.slice(0, 6).map((expense) => (
                      <li
                        key={expense.key}
                        className="flex flex-col gap-1.5 sm:flex-row sm:items-center sm:justify-between"
                      >
                        <span className="min-w-0 text-[13px] text-ink-800">
                          <span className="font-medium">{expense.label}</span> ·{" "}
                          <Money amountMinor={expense.typicalMinor} currency={currency} compact />{" "}
                          {expense.intervalDays === 30
                            ? t("whatIf.monthly")
                            : expense.intervalDays === 7
                              ? t("whatIf.weekly")
                              : t("whatIf.everyDays", { count: expense.intervalDays })}
                        </span>
                        <div className="w-full sm:w-48">
                          <Select
                            aria-label={t("whatIf.move", { label: expense.label })}
                            value={String(expenseShifts[expense.key] ?? 0)}
                            onChange={(event) =>
                              setExpenseShifts((shifts) => ({
                                ...shifts,
                                [expense.key]: Number(event.target.value),
                              }))
                            }
                            options={SHIFT_CHOICES.map((choice) => ({
                              value: choice.value,
                              label: t(`whatIf.shift.${choice.key}`),
                            }))}
                          />
                        </div>
                      </li>
                    ))}
                  </ul>
                </div>
              ) : null}
              {scenarioActive ? (
                <div className="flex items-center gap-3">
                  <Button
                    variant="secondary"
                    onClick={() => {
                      setInvoiceChoices({});
                      setExpenseShifts({});
                    }}
                  >
                    {t("whatIf.reset")}
                  </Button>
                  {whatIf.isFetching ? (
                    <span className="text-[13px] text-ink-500">{t("whatIf.recalculating")}</span>
                  ) : null}
                  {whatIf.error ? <ProblemAlert error={whatIf.error} /> : null}
                </div>
              ) : null}
            </CardBody>
          </Card>
          <div className="flex min-w-0 flex-col gap-6">
            <ThresholdForm key={String(data.thresholdMinor)} current={data.thresholdMinor} />
            <Card className="min-w-0">
              <CardHeader title={t("comingUp.title")} description={t("comingUp.description")} />
              <CardBody>
                {(() => {
                  const soon = (shown ?? data).events
                    .filter((event) => event.day < addDaysTo(today, 30))
                    .slice(0, 8);
                  if (soon.length === 0)
                    return <p className="text-[13px] text-ink-500">{t("comingUp.none")}</p>;
                  return (
                    <ul className="flex flex-col gap-2">
                      {soon.map((event) => (
                        <li
                          key={`${event.refId}-${event.day}`}
                          className="flex items-baseline justify-between gap-3 text-[13px]"
                        >
                          <span className="min-w-0 truncate text-ink-800">
                            <span className="text-ink-500">{dayLabel(event.day, locale)}</span> ·{" "}
                            {event.label}
                          </span>
                          <Money amountMinor={event.amountMinor} currency={currency} signed compact />
                        </li>
                      ))}
                    </ul>
                  );
                })()}
              </CardBody>
            </Card>
          </div>
        </div>
      ) : null}
    </section>
  );
}
