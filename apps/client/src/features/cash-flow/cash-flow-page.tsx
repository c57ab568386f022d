import { GRANULARITIES, ZOpeningBalanceSchema } from "@kavi/domain";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Pencil } from "lucide-react";
import { useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { useLocale } from "../../i18n/use-locale";
import { cn } from "../../lib/cn";
import { useTRPC } from "../../lib/trpc";
import { useAppForm } from "../../lib/use-app-form";
import { AppForm, FormProblem } from "../../ui/app-form";
import { Button } from "../../ui/button";
import { Card, CardBody, CardHeader } from "../../ui/card";
import { Dialog } from "../../ui/dialog";
import { Field } from "../../ui/field";
import { Input, Select } from "../../ui/input";
import { AMOUNTS_MAY_WRAP, Money } from "../../ui/money";
import { PageHeader } from "../../ui/page-header";
import { ProblemAlert } from "../../ui/problem";
import { Skeleton, SkeletonList } from "../../ui/skeleton";
import { Table, TD, TH, THead, TR } from "../../ui/table";
import { toast } from "../../ui/toast";
import { IncomeExpensesChart } from "../dashboard/charts";
import { useBusiness } from "../shell/business-context";
import { RequireAccess } from "../shell/require-access";
import { useBusinessFormat } from "../shell/use-business-format";
import { dayLabel, monthLabel, todayIn } from "../transactions/ledger";
import { ForecastSection } from "./forecast-section";

type Granularity = (typeof GRANULARITIES)[number];

function addDaysTo(date: string, days: number): string {
  const value = new Date(`${date}T00:00:00Z`);
  value.setUTCDate(value.getUTCDate() + days);
  return value.toISOString().slice(0, 10);
}

const RANGES: Record<Granularity, { days: number }> = {
  day: { days: 30 },
  week: { days: 7 * 13 },
  month: { days: 365 },
};

function OpeningBalanceDialog({ onClose }: { onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { business } = useBusiness();
  const { t } = useTranslation("cashFlow");
  const save = useMutation(trpc.cashFlow.setOpeningBalance.mutationOptions());
  const form = useAppForm({
    defaultValues: { amount: "", date: `${todayIn(business.timezone).slice(0, 8)}01` },
    schema: ZOpeningBalanceSchema,
    toInput: (values) => ({ amount: values.amount.trim(), date: values.date }),
    onSubmit: async (input) => {
      await save.mutateAsync({ businessId: business.id, ...input });
      await queryClient.invalidateQueries({ queryKey: trpc.cashFlow.pathKey() });
      toast("success", t("opening.saved"));
      onClose();
    },
  });
  return (
    <Dialog
      open
      onOpenChange={(open) => (open ? null : onClose())}
      title={t("opening.title")}
      description={t("opening.description")}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            {t("opening.cancel")}
          </Button>
          <Button type="submit" form="opening-form" loading={form.submitting}>
            {t("opening.save")}
          </Button>
        </>
      }
    >
      <AppForm form={form} problem="manual" id="opening-form" className="flex flex-col gap-4">
        <Field
          label={t("opening.amount", { currency: business.baseCurrency })}
          error={form.error("amount")}
          required
        >
          <Input inputMode="decimal" placeholder="150,000" {...form.register("amount")} />
        </Field>
        <Field label={t("opening.date")} error={form.error("date")} required>
          <Input type="date" {...form.register("date")} />
        </Field>
        <FormProblem form={form} />
      </AppForm>
    </Dialog>
  );
}

function CashFlowContent() {
  const trpc = useTRPC();
  const { business, can } = useBusiness();
  const format = useBusinessFormat();
  const { t } = useTranslation("cashFlow");
  const { locale } = useLocale();
  const [params, setParams] = useSearchParams();
  const granularity = (GRANULARITIES as readonly string[]).includes(params.get("by") ?? "")
    ? (params.get("by") as Granularity)
    : "month";
  const [editingOpening, setEditingOpening] = useState(false);
  const today = todayIn(business.timezone);
  const from =
    granularity === "month"
      ? `${addDaysTo(today, -RANGES.month.days + 31).slice(0, 8)}01`
      : addDaysTo(today, -RANGES[granularity].days + 1);
  const flow = useQuery(
    trpc.cashFlow.get.queryOptions({ businessId: business.id, from, to: today, granularity }),
  );
  const data = flow.data;
  const currency = business.baseCurrency;
  const label = (bucket: string) =>
    granularity === "month"
      ? monthLabel(bucket, true, locale)
      : granularity === "week"
        ? t("weekOf", { day: dayLabel(bucket, locale) })
        : dayLabel(bucket, locale);
  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          <>
            <div className="w-52">
              <Select
                aria-label={t("period")}
                value={granularity}
                onChange={(event) => setParams({ by: event.target.value }, { replace: true })}
                options={GRANULARITIES.map((value) => ({ value, label: t(`range.${value}`) }))}
              />
            </div>
            {can("cashFlow.settings") ? (
              <Button variant="secondary" onClick={() => setEditingOpening(true)}>
                <Pencil aria-hidden /> {t("opening.title")}
              </Button>
            ) : null}
          </>
        }
      />
      {flow.error ? (
        <ProblemAlert error={flow.error} onRetry={() => flow.refetch()} className="mb-4" />
      ) : null}
      <div className="mb-6 grid grid-cols-2 gap-3 lg:grid-cols-4">
        {[
          [t("startBalance"), data?.startBalanceMinor],
          [t("moneyIn"), data?.totals.inflowMinor],
          [t("moneyOut"), data?.totals.outflowMinor],
          [t("balanceNow"), data?.endBalanceMinor],
        ].map(([title, value]) => (
          <Card key={String(title)} className="min-w-0 p-4">
            <p className="text-[13px] font-medium text-ink-500">{title as string}</p>
            <div
              className={cn(
                "mt-1 text-lg leading-snug font-semibold text-ink-950 sm:text-xl",
                AMOUNTS_MAY_WRAP,
              )}
            >
              {typeof value === "bigint" ? (
                <Money amountMinor={value} currency={currency} compact />
              ) : (
                <Skeleton className="h-7 w-24" />
              )}
            </div>
          </Card>
        ))}
      </div>
      <ForecastSection />
      {data && !data.opening.date ? (
        <p className="mb-4 text-[13px] text-ink-500">{t("noOpening")}</p>
      ) : data?.opening.date ? (
        <p className="mb-4 text-[13px] text-ink-500">
          <Trans
            t={t}
            i18nKey="startingFrom"
            values={{ date: format.date(new Date(`${data.opening.date}T12:00:00Z`)) }}
            components={{ amount: <Money amountMinor={data.opening.amountMinor} currency={currency} /> }}
          />
        </p>
      ) : null}
      <Card>
        <CardHeader title={t(`range.${granularity}`)} />
        <CardBody>
          {data ? (
            <IncomeExpensesChart
              currency={currency}
              showBalance
              points={data.buckets.map((bucket) => ({
                label: label(bucket.bucket),
                incomeMinor: bucket.inflowMinor,
                expenseMinor: bucket.outflowMinor,
                balanceMinor: bucket.balanceMinor,
              }))}
            />
          ) : (
            <Skeleton className="h-64 w-full" />
          )}
        </CardBody>
        {!data ? (
          <div className="p-5">
            <SkeletonList rows={5} />
          </div>
        ) : (
          <Table>
            <THead>
              <TR>
                <TH>{t("table.period")}</TH>
                <TH className="text-right">{t("moneyIn")}</TH>
                <TH className="text-right">{t("moneyOut")}</TH>
                <TH className="text-right">{t("table.net")}</TH>
                <TH className="text-right">{t("table.balance")}</TH>
              </TR>
            </THead>
            <tbody>
              {[...data.buckets].reverse().map((bucket) => (
                <TR key={bucket.bucket}>
                  <TD className="whitespace-nowrap text-[13px] font-medium">{label(bucket.bucket)}</TD>
                  <TD className="text-right text-[13px]">
                    <Money amountMinor={bucket.inflowMinor} currency={currency} />
                  </TD>
                  <TD className="text-right text-[13px]">
                    <Money amountMinor={bucket.outflowMinor} currency={currency} />
                  </TD>
                  <TD className="text-right text-[13px]">
                    <Money amountMinor={bucket.netMinor} currency={currency} signed />
                  </TD>
                  <TD className="text-right text-[13px] font-semibold">
                    <Money amountMinor={bucket.balanceMinor} currency={currency} />
                  </TD>
                </TR>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
      {editingOpening ? <OpeningBalanceDialog onClose={() => setEditingOpening(false)} /> : null}
    </>
  );
}

export default function CashFlowPage() {
  return (
    <RequireAccess requirement="reports.read">
      <CashFlowContent />
    </RequireAccess>
  );
}
