import { formatPhone } from "@kavi/domain";
import { useQuery } from "@tanstack/react-query";
import { ArrowLeft } from "lucide-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { businessPath } from "../../app/navigation";
import { useTRPC } from "../../lib/trpc";
import { Badge } from "../../ui/badge";
import { Card, CardBody, CardHeader } from "../../ui/card";
import { EmptyState } from "../../ui/empty-state";
import { Money } from "../../ui/money";
import { PageHeader } from "../../ui/page-header";
import { ProblemAlert } from "../../ui/problem";
import { Skeleton } from "../../ui/skeleton";
import { ContactActions } from "../customers/contact-actions";
import { ContactDialog } from "../customers/contact-form";
import { CategoryDonut, IncomeExpensesChart } from "../dashboard/charts";
import { useBusiness } from "../shell/business-context";
import { RequireAccess } from "../shell/require-access";
import { useBusinessFormat } from "../shell/use-business-format";
import { monthLabel } from "../transactions/ledger";
import { signedAmount } from "../transactions/transaction-row";

function SupplierContent({ supplierId }: { supplierId: string }) {
  const trpc = useTRPC();
  const { business, can } = useBusiness();
  const format = useBusinessFormat();
  const { t } = useTranslation("customers");
  const [editing, setEditing] = useState(false);
  const spend = useQuery(
    trpc.suppliers.spend.queryOptions({ businessId: business.id, supplierId, months: 12 }),
  );
  if (spend.error) return <ProblemAlert error={spend.error} onRetry={() => spend.refetch()} />;
  const data = spend.data;
  const supplier = data?.supplier;
  const currency = business.baseCurrency;
  return (
    <>
      <Link
        to={businessPath(business.id, "suppliers")}
        className="mb-3 inline-flex items-center gap-1 text-[13px] font-medium text-ink-600 hover:text-ink-900"
      >
        <ArrowLeft className="size-3.5" aria-hidden /> {t("list.title.supplier")}
      </Link>
      <PageHeader
        title={supplier?.name ?? t("supplier.supplier")}
        description={
          supplier
            ? [supplier.phone ? formatPhone(supplier.phone) : null, supplier.city, supplier.paymentDetails]
                .filter(Boolean)
                .join(" · ") || undefined
            : undefined
        }
        actions={
          supplier && can("suppliers.write") ? (
            <ContactActions
              kind="supplier"
              id={supplier.id}
              archived={Boolean(supplier.archivedAt)}
              onEdit={() => setEditing(true)}
            />
          ) : null
        }
      />
      {supplier?.archivedAt ? <Badge className="mb-4">{t("list.archived")}</Badge> : null}
      <div className="grid grid-cols-1 items-start gap-6 lg:grid-cols-3">
        <Card className="min-w-0 lg:col-span-2">
          <CardHeader
            title={t("supplier.spendOverTime")}
            description={
              data ? (
                <>
                  {t("supplier.last12Months")}:{" "}
                  <Money amountMinor={data.totalMinor} currency={currency} compact />
                </>
              ) : (
                t("supplier.last12Months")
              )
            }
          />
          <CardBody>
            {data ? (
              <IncomeExpensesChart
                spendOnly
                currency={currency}
                height={220}
                points={data.series.map((point) => ({
                  label: monthLabel(`${point.month}-01`),
                  incomeMinor: 0n,
                  expenseMinor: point.amountMinor,
                }))}
              />
            ) : (
              <Skeleton className="h-56 w-full" />
            )}
          </CardBody>
        </Card>
        <Card className="min-w-0">
          <CardHeader title={t("supplier.byCategory")} />
          <CardBody>
            {!data ? (
              <Skeleton className="h-44 w-full" />
            ) : data.byCategory.length === 0 ? (
              <EmptyState title={t("supplier.noSpend")} className="py-4" />
            ) : (
              <CategoryDonut
                currency={currency}
                slices={data.byCategory.map((row) => ({
                  key: row.categoryId ?? "none",
                  name: row.name,
                  color: null,
                  amountMinor: row.amountMinor,
                }))}
              />
            )}
          </CardBody>
        </Card>
      </div>
      <Card className="mt-6">
        <CardHeader title={t("supplier.latest")} />
        {!data ? (
          <CardBody>
            <Skeleton className="h-24 w-full" />
          </CardBody>
        ) : data.recent.length === 0 ? (
          <EmptyState title={t("supplier.noTransactions")} className="py-6" />
        ) : (
          <ul className="divide-y divide-ink-100">
            {data.recent.map((item) => (
              <li key={item.id} className="flex items-center gap-3 px-5 py-3 text-sm">
                <span className="min-w-0 flex-1">
                  <span className="block truncate font-medium text-ink-900">
                    {item.description ?? t("supplier.payment")}
                  </span>
                  <span className="block text-[12px] text-ink-500">
                    {format.date(item.transactionDate)} · {item.categoryName ?? t("supplier.uncategorised")}
                  </span>
                </span>
                <Money
                  amountMinor={signedAmount({ type: "expense", amountMinor: item.amountMinor })}
                  currency={item.currency}
                  className="font-medium"
                />
              </li>
            ))}
          </ul>
        )}
      </Card>
      {supplier ? (
        <ContactDialog kind="supplier" open={editing} onOpenChange={setEditing} editing={supplier} />
      ) : null}
    </>
  );
}

export default function SupplierPage() {
  const { supplierId = "" } = useParams();
  return (
    <RequireAccess requirement="suppliers.read">
      <SupplierContent supplierId={supplierId} />
    </RequireAccess>
  );
}
