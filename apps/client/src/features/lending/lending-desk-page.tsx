import { formatBps } from "@kavi/domain";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Inbox, Pencil, Plus } from "lucide-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { toProblem } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import { Badge } from "../../ui/badge";
import { Button } from "../../ui/button";
import { Card, CardBody, CardHeader } from "../../ui/card";
import { EmptyState } from "../../ui/empty-state";
import { Money } from "../../ui/money";
import { PageHeader } from "../../ui/page-header";
import { ProblemAlert } from "../../ui/problem";
import { Skeleton, SkeletonList } from "../../ui/skeleton";
import { toast } from "../../ui/toast";
import NotFoundPage from "../errors/not-found-page";
import { LoanStatusBadge } from "../loans/loan-status";
import { useMe } from "../shell/use-me";
import { OfficersCard } from "./officers-card";
import { type LoanProduct, ProductDialog } from "./product-dialog";
import { UnmatchedPaymentsCard } from "./unmatched-payments-card";

function percent(bps: number): string {
  return `${(bps / 100).toLocaleString("en-KE", { maximumFractionDigits: 2 })} %`;
}

function Stat({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Card className="p-4">
      <p className="text-[13px] text-ink-500">{label}</p>
      <div className="mt-1 text-xl font-semibold text-ink-950">{children}</div>
    </Card>
  );
}

function Portfolio() {
  const trpc = useTRPC();
  const { t } = useTranslation("lending");
  const portfolio = useQuery(trpc.lending.portfolio.queryOptions());
  if (portfolio.error)
    return <ProblemAlert error={portfolio.error} onRetry={() => void portfolio.refetch()} />;
  const data = portfolio.data;
  if (!data) return <Skeleton className="h-24 w-full" />;
  return (
    <section aria-label={t("desk.portfolio")} className="grid grid-cols-2 gap-3 lg:grid-cols-6">
      <Stat label={t("desk.disbursed")}>
        <Money amountMinor={data.disbursedMinor} currency="KES" compact />
      </Stat>
      <Stat label={t("desk.outstanding")}>
        <Money amountMinor={data.outstandingMinor} currency="KES" compact />
      </Stat>
      <Stat label={t("desk.repaid")}>
        <Money amountMinor={data.repaidMinor} currency="KES" compact />
      </Stat>
      <Stat label={t("desk.par30")}>{percent(data.par30Bps)}</Stat>
      <Stat label={t("desk.inArrears")}>{data.inArrearsCount}</Stat>
      <Stat label={t("desk.expected")}>
        <Money amountMinor={data.expectedCollectionsMinor} currency="KES" compact />
      </Stat>
    </section>
  );
}

/** The products with their terms; each can be edited, and withdrawn from offers or offered again. */
function ProductsCard() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { t } = useTranslation("lending");
  const products = useQuery(trpc.lending.products.queryOptions());
  const setActive = useMutation(trpc.lending.setProductActive.mutationOptions());
  const [editing, setEditing] = useState<LoanProduct | "new" | null>(null);
  const toggle = async (product: LoanProduct) => {
    try {
      await setActive.mutateAsync({ productId: product.id, active: !product.active });
      await queryClient.invalidateQueries({ queryKey: trpc.lending.products.pathKey() });
      toast(
        "success",
        product.active
          ? t("products.deactivated", { name: product.name })
          : t("products.activated", { name: product.name }),
      );
    } catch (error) {
      toast("error", toProblem(error).message);
    }
  };
  return (
    <Card>
      <CardHeader
        title={t("products.title")}
        actions={
          <Button size="sm" onClick={() => setEditing("new")}>
            <Plus aria-hidden /> {t("products.new")}
          </Button>
        }
      />
      <CardBody>
        {products.error ? (
          <ProblemAlert error={products.error} onRetry={() => void products.refetch()} />
        ) : products.isPending ? (
          <SkeletonList rows={2} label={t("desk.loading")} />
        ) : products.data.length === 0 ? (
          <EmptyState title={t("products.empty")} />
        ) : (
          <ul className="flex flex-col divide-y divide-ink-100">
            {products.data.map((product) => (
              <li
                key={product.id}
                className="flex flex-wrap items-center justify-between gap-3 py-3"
                aria-label={product.name}
              >
                <div className="min-w-0">
                  <p className="flex flex-wrap items-center gap-2 font-medium text-ink-900">
                    {product.name}
                    {product.active ? null : <Badge>{t("products.inactive")}</Badge>}
                  </p>
                  <p className="text-[13px] text-ink-500">
                    <Money amountMinor={product.minAmountMinor} currency={product.currency} compact /> –{" "}
                    <Money amountMinor={product.maxAmountMinor} currency={product.currency} compact /> ·{" "}
                    {t(`tenorRange.${product.tenorUnit}`, { min: product.minTenor, max: product.maxTenor })} ·{" "}
                    {t(`method.${product.interestMethod}`, {
                      rate: formatBps(product.annualInterestRateBps),
                    })}
                  </p>
                </div>
                <div className="flex gap-2">
                  <Button variant="secondary" size="sm" onClick={() => setEditing(product)}>
                    <Pencil aria-hidden /> {t("products.edit")}
                  </Button>
                  <Button
                    variant="ghost"
                    size="sm"
                    loading={setActive.isPending && setActive.variables?.productId === product.id}
                    onClick={() => void toggle(product)}
                  >
                    {product.active ? t("products.deactivate") : t("products.activate")}
                  </Button>
                </div>
              </li>
            ))}
          </ul>
        )}
      </CardBody>
      {editing ? (
        <ProductDialog product={editing === "new" ? null : editing} onClose={() => setEditing(null)} />
      ) : null}
    </Card>
  );
}

export default function LendingDeskPage() {
  const trpc = useTRPC();
  const { t } = useTranslation("lending");
  const queue = useQuery(trpc.lending.queue.queryOptions());
  const me = useMe();

  if (queue.isError && toProblem(queue.error).kind === "not-found") return <NotFoundPage />;
  return (
    <>
      <PageHeader eyebrow={t("desk.eyebrow")} title={t("desk.title")} description={t("desk.description")} />
      <div className="flex flex-col gap-6">
        <Portfolio />
        <Card>
          <CardHeader title={t("desk.queue")} />
          <CardBody>
            {queue.error ? (
              <ProblemAlert error={queue.error} onRetry={() => void queue.refetch()} />
            ) : queue.isPending ? (
              <SkeletonList rows={3} label={t("desk.loading")} />
            ) : queue.data.length === 0 ? (
              <EmptyState icon={Inbox} title={t("desk.emptyQueue")} />
            ) : (
              <ul className="flex flex-col divide-y divide-ink-100">
                {queue.data.map((item) => (
                  <li key={item.id}>
                    <Link
                      to={`/lending/${item.id}`}
                      className="flex flex-wrap items-center justify-between gap-3 py-3 hover:bg-ink-50"
                    >
                      <div>
                        <p className="font-medium text-ink-900">
                          {item.businessName} · {item.number}
                        </p>
                        <p className="text-[13px] text-ink-500">
                          {item.productName} · {t(`tenor.${item.tenorUnit}`, { count: item.tenorCount })}
                        </p>
                      </div>
                      <div className="flex items-center gap-2">
                        <Money amountMinor={item.principalMinor} currency={item.currency} />
                        <LoanStatusBadge status={item.status} />
                      </div>
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </CardBody>
        </Card>
        <UnmatchedPaymentsCard />
        <ProductsCard />
        {me.data?.user.isSuperAdmin ? <OfficersCard /> : null}
      </div>
    </>
  );
}
