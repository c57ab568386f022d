import type { TReportExport } from "@kavi/domain";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { BarChart3, Download, FileText } from "lucide-react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { useLocale } from "../../i18n/use-locale";
import { cn } from "../../lib/cn";
import { useTRPC } from "../../lib/trpc";
import { Button } from "../../ui/button";
import { Card } from "../../ui/card";
import { EmptyState } from "../../ui/empty-state";
import { Field } from "../../ui/field";
import { Input, Select } from "../../ui/input";
import { AMOUNTS_MAY_WRAP, Money } from "../../ui/money";
import { PageHeader } from "../../ui/page-header";
import { ProblemAlert } from "../../ui/problem";
import { SkeletonList } from "../../ui/skeleton";
import { Table, TD, TH, THead, TR } from "../../ui/table";
import { toast } from "../../ui/toast";
import { downloadBase64, formatCalendarDate } from "../invoices/invoice-ui";
import { useBusiness } from "../shell/business-context";
import { RequireAccess } from "../shell/require-access";
import { todayIn } from "../transactions/ledger";

/**
 * Reports: the monthly VAT report (VAT3 figures) and the owner's financial reports over any period, each
 * exportable as CSV and PDF. The report and its period live in the URL, so a report can be bookmarked.
 */

const REPORTS = ["vat", "profit_and_loss", "cash_summary", "aged_receivables", "supplier_spend"] as const;
type Report = (typeof REPORTS)[number];
const TAX_TYPES = ["B", "E", "C", "A", "D"] as const;
const BUCKETS = ["current", "1_30", "31_60", "61_90", "over_90"] as const;
type Format = TReportExport["format"];

function previousMonth(today: string): string {
  const [year, month] = today.split("-").map(Number) as [number, number];
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, "0")}`;
}

function Figure({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Card className="min-w-0 p-4">
      <p className="text-[13px] font-medium text-ink-500">{label}</p>
      <div className={cn("mt-1 text-lg leading-snug font-semibold text-ink-950", AMOUNTS_MAY_WRAP)}>
        {children}
      </div>
    </Card>
  );
}

function ExportButtons({ request }: { request: (format: Format) => TReportExport }) {
  const { t } = useTranslation("reports");
  const { language } = useLocale();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { business } = useBusiness();
  const download = useMutation({
    mutationFn: async (format: Format) =>
      downloadBase64(
        await queryClient.fetchQuery({
          ...trpc.reports.export.queryOptions({ businessId: business.id, ...request(format), language }),
          staleTime: 0,
        }),
      ),
    onError: () => toast("error", t("export.failed")),
  });
  return (
    <div className="flex gap-2">
      {(["csv", "pdf"] as const).map((format) => (
        <Button
          key={format}
          variant="secondary"
          loading={download.isPending && download.variables === format}
          onClick={() => download.mutate(format)}
        >
          {format === "csv" ? <Download aria-hidden /> : <FileText aria-hidden />} {t(`export.${format}`)}
        </Button>
      ))}
    </div>
  );
}

function Loading({ error, retry }: { error: unknown; retry: () => void }) {
  return error ? <ProblemAlert error={error as Error} onRetry={retry} /> : <SkeletonList rows={5} />;
}

function VatReport({ month }: { month: string }) {
  const { t } = useTranslation("reports");
  const { locale } = useLocale();
  const trpc = useTRPC();
  const { business } = useBusiness();
  const query = useQuery(trpc.reports.vat.queryOptions({ businessId: business.id, month }));
  const data = query.data;
  if (!data) return <Loading error={query.error} retry={() => query.refetch()} />;
  const money = (minor: bigint) => <Money amountMinor={minor} currency={data.currency} />;
  const nothing = data.sales.length === 0 && data.purchases.length === 0;
  return (
    <>
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-ink-600">
          {t("vat.due", { date: formatCalendarDate(data.dueDate, locale) })}
        </p>
        <ExportButtons request={(format) => ({ report: "vat", format, month })} />
      </div>
      <div className="mb-6 grid grid-cols-2 gap-3 lg:grid-cols-4">
        <Figure label={t("vat.output")}>{money(data.outputVatMinor)}</Figure>
        <Figure label={t("vat.input")}>{money(data.inputVatMinor)}</Figure>
        <Figure label={t("vat.payable")}>{money(data.vatPayableMinor)}</Figure>
        <Figure label={t("vat.credit")}>{money(data.creditCarriedForwardMinor)}</Figure>
      </div>
      {nothing ? (
        <EmptyState icon={BarChart3} title={t("vat.emptyTitle")} description={t("vat.emptyBody")} />
      ) : (
        <Card className="overflow-x-auto">
          <Table>
            <THead>
              <TR>
                <TH>{t("vat.taxType")}</TH>
                <TH className="text-right">{t("vat.salesTaxable")}</TH>
                <TH className="text-right">{t("vat.salesVat")}</TH>
                <TH className="text-right">{t("vat.purchasesTaxable")}</TH>
                <TH className="text-right">{t("vat.purchasesVat")}</TH>
              </TR>
            </THead>
            <tbody>
              {TAX_TYPES.map((type) => (
                <TR key={type}>
                  <TD className="text-[13px] font-medium">{t(`taxTypes.${type}`)}</TD>
                  <TD className="text-right text-[13px]">{money(data.salesByType[type].taxableMinor)}</TD>
                  <TD className="text-right text-[13px]">{money(data.salesByType[type].vatMinor)}</TD>
                  <TD className="text-right text-[13px]">{money(data.purchasesByType[type].taxableMinor)}</TD>
                  <TD className="text-right text-[13px]">{money(data.purchasesByType[type].vatMinor)}</TD>
                </TR>
              ))}
            </tbody>
          </Table>
        </Card>
      )}
      {data.purchasesWithoutPin.count > 0 ? (
        <p className="mt-4 text-sm text-amber-800">
          {t("vat.withoutPin", { count: data.purchasesWithoutPin.count })}{" "}
          <Money amountMinor={data.purchasesWithoutPin.vatMinor} currency={data.currency} />
        </p>
      ) : null}
    </>
  );
}

function ProfitAndLoss({ from, to }: { from: string; to: string }) {
  const { t } = useTranslation("reports");
  const trpc = useTRPC();
  const { business } = useBusiness();
  const query = useQuery(trpc.reports.profitAndLoss.queryOptions({ businessId: business.id, from, to }));
  const data = query.data;
  if (!data) return <Loading error={query.error} retry={() => query.refetch()} />;
  const money = (minor: bigint | undefined, signed = false) => (
    <Money amountMinor={minor ?? 0n} currency={data.currency} signed={signed} />
  );
  const section = (
    title: string,
    lines: typeof data.income,
    totals: Record<string, bigint>,
    total: bigint,
  ) => (
    <>
      <TR>
        <TD colSpan={data.months.length + 2} className="bg-ink-50 text-[13px] font-semibold">
          {title}
        </TD>
      </TR>
      {lines.map((line) => (
        <TR key={line.categoryId ?? "none"}>
          <TD className="text-[13px]">{line.name ?? t("pnl.uncategorised")}</TD>
          {data.months.map((month) => (
            <TD key={month} className="text-right text-[13px]">
              {money(line.byMonth[month])}
            </TD>
          ))}
          <TD className="text-right text-[13px] font-medium">{money(line.totalMinor)}</TD>
        </TR>
      ))}
      <TR>
        <TD className="text-[13px] font-semibold">{t("pnl.total")}</TD>
        {data.months.map((month) => (
          <TD key={month} className="text-right text-[13px] font-semibold">
            {money(totals[month])}
          </TD>
        ))}
        <TD className="text-right text-[13px] font-semibold">{money(total)}</TD>
      </TR>
    </>
  );
  return (
    <>
      <div className="mb-4 flex justify-end">
        <ExportButtons request={(format) => ({ report: "profit_and_loss", format, from, to })} />
      </div>
      <div className="mb-6 grid grid-cols-1 gap-3 sm:grid-cols-3">
        <Figure label={t("pnl.income")}>{money(data.incomeMinor)}</Figure>
        <Figure label={t("pnl.expenses")}>{money(data.expenseMinor)}</Figure>
        <Figure label={t("pnl.profit")}>{money(data.profitMinor, true)}</Figure>
      </div>
      {data.months.length === 0 ? (
        <EmptyState icon={BarChart3} title={t("empty")} />
      ) : (
        <Card className="overflow-x-auto">
          <Table>
            <THead>
              <TR>
                <TH>{t("pnl.category")}</TH>
                {data.months.map((month) => (
                  <TH key={month} className="text-right">
                    {month}
                  </TH>
                ))}
                <TH className="text-right">{t("pnl.total")}</TH>
              </TR>
            </THead>
            <tbody>
              {section(t("pnl.income"), data.income, data.incomeByMonth, data.incomeMinor)}
              {section(t("pnl.expenses"), data.expenses, data.expenseByMonth, data.expenseMinor)}
            </tbody>
          </Table>
        </Card>
      )}
    </>
  );
}

function CashSummary({ from, to }: { from: string; to: string }) {
  const { t } = useTranslation("reports");
  const trpc = useTRPC();
  const { business } = useBusiness();
  const query = useQuery(trpc.reports.cashSummary.queryOptions({ businessId: business.id, from, to }));
  const data = query.data;
  if (!data) return <Loading error={query.error} retry={() => query.refetch()} />;
  const money = (minor: bigint, signed = false) => (
    <Money amountMinor={minor} currency={data.currency} signed={signed} />
  );
  return (
    <>
      <div className="mb-4 flex justify-end">
        <ExportButtons request={(format) => ({ report: "cash_summary", format, from, to })} />
      </div>
      <div className="mb-6 grid grid-cols-2 gap-3 lg:grid-cols-4">
        <Figure label={t("cash.start")}>{money(data.startBalanceMinor)}</Figure>
        <Figure label={t("cash.in")}>{money(data.totals.inflowMinor)}</Figure>
        <Figure label={t("cash.out")}>{money(data.totals.outflowMinor)}</Figure>
        <Figure label={t("cash.end")}>{money(data.endBalanceMinor)}</Figure>
      </div>
      <Card className="overflow-x-auto">
        <Table>
          <THead>
            <TR>
              <TH>{t("cash.month")}</TH>
              <TH className="text-right">{t("cash.in")}</TH>
              <TH className="text-right">{t("cash.out")}</TH>
              <TH className="text-right">{t("cash.net")}</TH>
              <TH className="text-right">{t("cash.balance")}</TH>
            </TR>
          </THead>
          <tbody>
            {data.buckets.map((bucket) => (
              <TR key={bucket.bucket}>
                <TD className="text-[13px] font-medium">{bucket.bucket.slice(0, 7)}</TD>
                <TD className="text-right text-[13px]">{money(bucket.inflowMinor)}</TD>
                <TD className="text-right text-[13px]">{money(bucket.outflowMinor)}</TD>
                <TD className="text-right text-[13px]">{money(bucket.netMinor, true)}</TD>
                <TD className="text-right text-[13px] font-semibold">{money(bucket.balanceMinor)}</TD>
              </TR>
            ))}
          </tbody>
        </Table>
      </Card>
    </>
  );
}

function AgedReceivables({ asOf }: { asOf: string }) {
  const { t } = useTranslation("reports");
  const trpc = useTRPC();
  const { business } = useBusiness();
  const query = useQuery(trpc.reports.agedReceivables.queryOptions({ businessId: business.id, asOf }));
  const data = query.data;
  if (!data) return <Loading error={query.error} retry={() => query.refetch()} />;
  const money = (minor: bigint) => <Money amountMinor={minor} currency={data.currency} />;
  return (
    <>
      <div className="mb-4 flex justify-end">
        <ExportButtons request={(format) => ({ report: "aged_receivables", format, asOf })} />
      </div>
      {data.customers.length === 0 ? (
        <EmptyState icon={BarChart3} title={t("aged.emptyTitle")} description={t("aged.emptyBody")} />
      ) : (
        <Card className="overflow-x-auto">
          <Table>
            <THead>
              <TR>
                <TH>{t("aged.customer")}</TH>
                {BUCKETS.map((bucket) => (
                  <TH key={bucket} className="text-right">
                    {t(`aged.buckets.${bucket}`)}
                  </TH>
                ))}
                <TH className="text-right">{t("pnl.total")}</TH>
              </TR>
            </THead>
            <tbody>
              {data.customers.map((customer) => (
                <TR key={customer.customerId}>
                  <TD className="text-[13px] font-medium">{customer.customerName}</TD>
                  {BUCKETS.map((bucket) => (
                    <TD key={bucket} className="text-right text-[13px]">
                      {money(customer.buckets[bucket])}
                    </TD>
                  ))}
                  <TD className="text-right text-[13px] font-semibold">{money(customer.totalMinor)}</TD>
                </TR>
              ))}
              <TR>
                <TD className="text-[13px] font-semibold">{t("pnl.total")}</TD>
                {BUCKETS.map((bucket) => (
                  <TD key={bucket} className="text-right text-[13px] font-semibold">
                    {money(data.totals[bucket])}
                  </TD>
                ))}
                <TD className="text-right text-[13px] font-semibold">{money(data.totalMinor)}</TD>
              </TR>
            </tbody>
          </Table>
        </Card>
      )}
    </>
  );
}

function SupplierSpend({ from, to }: { from: string; to: string }) {
  const { t } = useTranslation("reports");
  const trpc = useTRPC();
  const { business } = useBusiness();
  const query = useQuery(trpc.reports.supplierSpend.queryOptions({ businessId: business.id, from, to }));
  const data = query.data;
  if (!data) return <Loading error={query.error} retry={() => query.refetch()} />;
  const money = (minor: bigint) => <Money amountMinor={minor} currency={data.currency} />;
  return (
    <>
      <div className="mb-4 flex justify-end">
        <ExportButtons request={(format) => ({ report: "supplier_spend", format, from, to })} />
      </div>
      {data.suppliers.length === 0 ? (
        <EmptyState icon={BarChart3} title={t("empty")} />
      ) : (
        <Card className="overflow-x-auto">
          <Table>
            <THead>
              <TR>
                <TH>{t("suppliers.supplier")}</TH>
                <TH className="text-right">{t("suppliers.payments")}</TH>
                <TH className="text-right">{t("suppliers.amount")}</TH>
                <TH className="text-right">{t("suppliers.vat")}</TH>
              </TR>
            </THead>
            <tbody>
              {data.suppliers.map((row) => (
                <TR key={row.supplierId ?? "none"}>
                  <TD className="text-[13px] font-medium">
                    {row.supplierName ?? t("suppliers.none")}
                    {row.supplierPin ? <span className="ml-2 text-ink-500">{row.supplierPin}</span> : null}
                  </TD>
                  <TD className="text-right text-[13px]">{row.count}</TD>
                  <TD className="text-right text-[13px]">{money(row.amountMinor)}</TD>
                  <TD className="text-right text-[13px]">{money(row.vatMinor)}</TD>
                </TR>
              ))}
            </tbody>
          </Table>
        </Card>
      )}
    </>
  );
}

function ReportsContent() {
  const { t } = useTranslation("reports");
  const { business } = useBusiness();
  const [params, setParams] = useSearchParams();
  const today = todayIn(business.timezone);
  const report: Report = (REPORTS as readonly string[]).includes(params.get("report") ?? "")
    ? (params.get("report") as Report)
    : "vat";
  const month = params.get("month") ?? previousMonth(today);
  const from = params.get("from") ?? `${today.slice(0, 4)}-01-01`;
  const to = params.get("to") ?? today;
  const asOf = params.get("asOf") ?? today;
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const usesPeriod = report === "profit_and_loss" || report === "cash_summary" || report === "supplier_spend";
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <div className="mb-6 flex flex-wrap items-end gap-3">
        <div className="w-full sm:w-60">
          <Field label={t("report")}>
            <Select
              value={report}
              onChange={(event) => set("report", event.target.value)}
              options={REPORTS.map((value) => ({ value, label: t(`reports.${value}`) }))}
            />
          </Field>
        </div>
        {report === "vat" ? (
          <div className="w-44">
            <Field label={t("month")}>
              <Input
                type="month"
                value={month}
                max={today.slice(0, 7)}
                onChange={(e) => set("month", e.target.value)}
              />
            </Field>
          </div>
        ) : null}
        {usesPeriod ? (
          <>
            <div className="w-40">
              <Field label={t("from")}>
                <Input type="date" value={from} onChange={(e) => set("from", e.target.value)} />
              </Field>
            </div>
            <div className="w-40">
              <Field label={t("to")}>
                <Input type="date" value={to} onChange={(e) => set("to", e.target.value)} />
              </Field>
            </div>
          </>
        ) : null}
        {report === "aged_receivables" ? (
          <div className="w-40">
            <Field label={t("asOf")}>
              <Input type="date" value={asOf} onChange={(e) => set("asOf", e.target.value)} />
            </Field>
          </div>
        ) : null}
      </div>
      {report === "vat" && /^\d{4}-\d{2}$/.test(month) ? <VatReport month={month} /> : null}
      {report === "profit_and_loss" ? <ProfitAndLoss from={from} to={to} /> : null}
      {report === "cash_summary" ? <CashSummary from={from} to={to} /> : null}
      {report === "aged_receivables" ? <AgedReceivables asOf={asOf} /> : null}
      {report === "supplier_spend" ? <SupplierSpend from={from} to={to} /> : null}
    </>
  );
}

export default function ReportsPage() {
  return (
    <RequireAccess requirement="reports.read">
      <ReportsContent />
    </RequireAccess>
  );
}
