import type { AppRouter, inferRouterInputs } from "@kavi/api";
import { MPESA_PAYMENT_FILTERS } from "@kavi/domain";
import { useInfiniteQuery, useMutation } from "@tanstack/react-query";
import { Download, Smartphone, Wallet } from "lucide-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { businessPath } from "../../app/navigation";
import { useTRPC } from "../../lib/trpc";
import { Button } from "../../ui/button";
import { Card } from "../../ui/card";
import { EmptyState } from "../../ui/empty-state";
import { Field } from "../../ui/field";
import { Input, Select } from "../../ui/input";
import { PageHeader } from "../../ui/page-header";
import { ProblemAlert } from "../../ui/problem";
import { SkeletonList } from "../../ui/skeleton";
import { Table, TD, TH, THead, TR } from "../../ui/table";
import { toast } from "../../ui/toast";
import { useBusiness } from "../shell/business-context";
import { RequireAccess } from "../shell/require-access";
import { useBusinessFormat } from "../shell/use-business-format";
import { MpesaBalanceCard } from "./balance-card";
import { displayPhone, MpesaStatusBadge } from "./mpesa-status";
import { MpesaTabs } from "./mpesa-tabs";
import { RequestPaymentDialog } from "./request-payment-dialog";

type ListInput = inferRouterInputs<AppRouter>["mpesa"]["payments"]["list"];
type Filters = Required<Pick<ListInput, "status" | "source">> & { search: string; from: string; to: string };

function PaymentsList({ filters }: { filters: Filters }) {
  const trpc = useTRPC();
  const { business } = useBusiness();
  const format = useBusinessFormat();
  const { t } = useTranslation("mpesa");
  const source = (value: string) => (value === "stk" ? t("payments.sourceStk") : t("payments.sourceC2b"));
  const input = {
    businessId: business.id,
    status: filters.status,
    source: filters.source,
    search: filters.search || null,
    from: filters.from || null,
    to: filters.to || null,
    limit: 25,
  };
  const payments = useInfiniteQuery(
    trpc.mpesa.payments.list.infiniteQueryOptions(input, {
      getNextPageParam: (page) => page.nextCursor ?? undefined,
      refetchInterval: 10_000,
    }),
  );
  if (payments.isPending) return <SkeletonList rows={6} label={t("payments.loading")} />;
  if (payments.error)
    return <ProblemAlert error={payments.error} onRetry={() => payments.refetch()} className="m-5" />;
  const items = payments.data.pages.flatMap((page) => page.items);
  if (items.length === 0) {
    return (
      <EmptyState
        icon={Wallet}
        title={t("payments.emptyTitle")}
        description={t("payments.emptyDescription")}
      />
    );
  }
  return (
    <>
      {/* Phones: one card per payment, amount and status first. */}
      <ul className="divide-y divide-ink-100 md:hidden">
        {items.map((item) => (
          <li key={`${item.source}-${item.id}`} className="px-4 py-3">
            <div className="flex items-center justify-between gap-3">
              {item.mpesaPaymentId ? (
                <Link
                  className="text-[15px] font-semibold text-brand-700 tabular hover:underline"
                  to={businessPath(business.id, `mpesa/payments/${item.mpesaPaymentId}`)}
                >
                  {format.money(item.amountMinor, item.currency)}
                </Link>
              ) : (
                <span className="text-[15px] font-semibold text-ink-950 tabular">
                  {format.money(item.amountMinor, item.currency)}
                </span>
              )}
              <MpesaStatusBadge status={item.status} />
            </div>
            <p className="mt-0.5 text-[13px] text-ink-600">
              {format.dateTime(item.occurredAt)} · {source(item.source)}
            </p>
            <p className="mt-0.5 text-[13px] text-ink-600">
              {item.invoiceNumber ?? item.reference ?? "—"}
              {item.receipt ? <span className="font-mono"> · {item.receipt}</span> : null}
              {" · "}
              {item.payerName ?? displayPhone(item.phone)}
            </p>
            {item.note && item.status !== "paid" ? (
              <p className="mt-1 text-[12px] text-ink-500">{item.note}</p>
            ) : null}
          </li>
        ))}
      </ul>
      <Table className="hidden md:table">
        <THead>
          <tr>
            <TH>{t("payments.date")}</TH>
            <TH>{t("payments.status")}</TH>
            <TH className="text-right">{t("payments.amount")}</TH>
            <TH>{t("payments.receipt")}</TH>
            <TH>{t("payments.from")}</TH>
            <TH>{t("payments.for")}</TH>
          </tr>
        </THead>
        <tbody>
          {items.map((item) => (
            <TR key={`${item.source}-${item.id}`}>
              <TD className="whitespace-nowrap">
                <span className="block text-ink-900">{format.dateTime(item.occurredAt)}</span>
                <span className="block text-[12px] text-ink-500">{source(item.source)}</span>
              </TD>
              <TD>
                <MpesaStatusBadge status={item.status} />
                {item.note && item.status !== "paid" ? (
                  <span className="mt-1 block max-w-56 text-[12px] text-ink-500">{item.note}</span>
                ) : null}
              </TD>
              <TD className="text-right whitespace-nowrap tabular">
                {item.mpesaPaymentId ? (
                  <Link
                    className="text-brand-700 hover:underline"
                    to={businessPath(business.id, `mpesa/payments/${item.mpesaPaymentId}`)}
                  >
                    {format.money(item.amountMinor, item.currency)}
                  </Link>
                ) : (
                  format.money(item.amountMinor, item.currency)
                )}
              </TD>
              <TD className="font-mono text-[13px]">{item.receipt ?? "—"}</TD>
              <TD className="whitespace-nowrap">{item.payerName ?? displayPhone(item.phone)}</TD>
              <TD className="whitespace-nowrap">
                {item.invoiceId && item.invoiceNumber ? (
                  <Link
                    className="text-brand-700 hover:underline"
                    to={businessPath(business.id, `invoices/${item.invoiceId}`)}
                  >
                    {item.invoiceNumber}
                  </Link>
                ) : (
                  <span className="text-ink-600">{item.reference ?? "—"}</span>
                )}
              </TD>
            </TR>
          ))}
        </tbody>
      </Table>
      {payments.hasNextPage ? (
        <div className="flex justify-center border-t border-ink-100 p-3">
          <Button
            variant="secondary"
            loading={payments.isFetchingNextPage}
            onClick={() => payments.fetchNextPage()}
          >
            {t("payments.showMore")}
          </Button>
        </div>
      ) : null}
    </>
  );
}

function downloadCsv(filename: string, csv: string) {
  const url = URL.createObjectURL(new Blob([csv], { type: "text/csv;charset=utf-8" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.click();
  URL.revokeObjectURL(url);
}

function PaymentsPage() {
  const trpc = useTRPC();
  const { business, can } = useBusiness();
  const { t } = useTranslation("mpesa");
  const [filters, setFilters] = useState<Filters>({
    status: "all",
    source: "all",
    search: "",
    from: "",
    to: "",
  });
  const [requesting, setRequesting] = useState(false);
  const exportCsv = useMutation(trpc.mpesa.payments.exportCsv.mutationOptions());
  const canRequest = can("invoices.requestPayment");
  const set = <K extends keyof Filters>(key: K, value: Filters[K]) =>
    setFilters((current) => ({ ...current, [key]: value }));
  return (
    <>
      <PageHeader
        title={t("payments.title")}
        description={t("payments.description")}
        actions={
          <>
            <Button
              variant="secondary"
              loading={exportCsv.isPending}
              onClick={() =>
                exportCsv.mutate(
                  {
                    businessId: business.id,
                    status: filters.status,
                    source: filters.source,
                    search: filters.search || null,
                    from: filters.from || null,
                    to: filters.to || null,
                  },
                  {
                    onSuccess: (file) => {
                      downloadCsv(file.filename, file.csv);
                      toast("success", t("payments.exported", { count: file.rows }));
                    },
                    onError: () => toast("error", t("payments.exportFailed")),
                  },
                )
              }
            >
              <Download aria-hidden /> {t("payments.export")}
            </Button>
            {canRequest ? (
              <Button onClick={() => setRequesting(true)}>
                <Smartphone aria-hidden /> {t("payments.request")}
              </Button>
            ) : null}
          </>
        }
      />
      <MpesaTabs />
      {can("mpesa.balance") ? <MpesaBalanceCard /> : null}
      <Card>
        <div className="grid grid-cols-2 gap-3 border-b border-ink-100 p-4 sm:grid-cols-3 lg:grid-cols-5">
          <Field label={t("payments.search")} className="col-span-2 sm:col-span-3 lg:col-span-1">
            <Input
              value={filters.search}
              onChange={(event) => set("search", event.target.value)}
              placeholder={t("payments.searchPlaceholder")}
              type="search"
            />
          </Field>
          <Field label={t("payments.status")}>
            <Select
              value={filters.status}
              onChange={(event) => set("status", event.target.value as Filters["status"])}
              options={MPESA_PAYMENT_FILTERS.map((value) => ({
                value,
                label: t(`payments.filter.${value}`),
              }))}
            />
          </Field>
          <Field label={t("payments.paidBy")}>
            <Select
              value={filters.source}
              onChange={(event) => set("source", event.target.value as Filters["source"])}
              options={[
                { value: "all", label: t("payments.sourceAll") },
                { value: "stk", label: t("payments.sourceStkPlural") },
                { value: "c2b", label: t("payments.sourceC2b") },
              ]}
            />
          </Field>
          <Field label={t("payments.dateFrom")}>
            <Input type="date" value={filters.from} onChange={(event) => set("from", event.target.value)} />
          </Field>
          <Field label={t("payments.dateTo")}>
            <Input type="date" value={filters.to} onChange={(event) => set("to", event.target.value)} />
          </Field>
        </div>
        <PaymentsList filters={filters} />
      </Card>
      {canRequest ? <RequestPaymentDialog open={requesting} onOpenChange={setRequesting} /> : null}
    </>
  );
}

export default function PaymentsRoute() {
  return (
    <RequireAccess requirement="payments.read">
      <PaymentsPage />
    </RequireAccess>
  );
}
