import type { AppRouter, inferRouterOutputs } from "@kavi/api";
import { useQuery } from "@tanstack/react-query";
import {
  ArrowRight,
  CircleCheck,
  FileWarning,
  type LucideIcon,
  PiggyBank,
  ShieldCheck,
  Smartphone,
  TrendingDown,
  Undo2,
} from "lucide-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { businessPath } from "../../app/navigation";
import { useTRPC } from "../../lib/trpc";
import { Card, CardHeader } from "../../ui/card";
import { EmptyState } from "../../ui/empty-state";
import { Money } from "../../ui/money";
import { ProblemAlert } from "../../ui/problem";
import { SkeletonList } from "../../ui/skeleton";
import { useBusiness } from "../shell/business-context";
import { useBusinessFormat } from "../shell/use-business-format";

type Attention = inferRouterOutputs<AppRouter>["dashboard"]["attention"];

interface Row {
  id: string;
  icon: LucideIcon;
  label: string;
  detail: string | null;
  amountMinor: bigint;
  currency: string;
  to: string;
}

function rowsOf(
  data: Attention,
  businessId: string,
  t: ReturnType<typeof useTranslation<"home">>["t"],
  date: (day: string) => string,
): Row[] {
  const rows: Row[] = [];
  const path = (to: string) => businessPath(businessId, to);
  if (data.overdueInvoices && data.overdueInvoices.count > 0) {
    rows.push({
      id: "overdue",
      icon: FileWarning,
      label: t("attention.overdue", { count: data.overdueInvoices.count }),
      detail: null,
      amountMinor: data.overdueInvoices.amountMinor,
      currency: data.overdueInvoices.currency,
      to: path("invoices?status=overdue"),
    });
  }
  if (data.unreconciledPayments && data.unreconciledPayments.count > 0) {
    rows.push({
      id: "unreconciled",
      icon: Smartphone,
      label: t("attention.unreconciled", { count: data.unreconciledPayments.count }),
      detail: null,
      amountMinor: data.unreconciledPayments.amountMinor,
      currency: data.unreconciledPayments.currency,
      to: path("mpesa/unreconciled"),
    });
  }
  if (data.budgetsOver && data.budgetsOver.count > 0) {
    rows.push({
      id: "budgets",
      icon: PiggyBank,
      label: t("attention.budgetsOver", { count: data.budgetsOver.count }),
      detail: t("attention.budgetsOverDetail"),
      amountMinor: data.budgetsOver.amountMinor,
      currency: data.budgetsOver.currency,
      to: path(`budgets?month=${data.budgetsOver.month}`),
    });
  }
  const low = data.lowCash?.low;
  if (low) {
    rows.push({
      id: "cash",
      icon: TrendingDown,
      label: low.thresholdMinor !== null ? t("attention.lowCashThreshold") : t("attention.lowCash"),
      detail: t("attention.lowCashDetail", { date: date(low.lowestOn) }),
      amountMinor: low.lowestMinor,
      currency: low.currency,
      to: path("cash-flow"),
    });
  }
  if (data.payoutApprovals && data.payoutApprovals.count > 0) {
    rows.push({
      id: "payouts",
      icon: ShieldCheck,
      label: t("attention.payouts", { count: data.payoutApprovals.count }),
      detail: null,
      amountMinor: data.payoutApprovals.amountMinor,
      currency: data.payoutApprovals.currency,
      to: path("mpesa/payouts"),
    });
  }
  if (data.reversalApprovals && data.reversalApprovals.count > 0) {
    rows.push({
      id: "reversals",
      icon: Undo2,
      label: t("attention.reversals", { count: data.reversalApprovals.count }),
      detail: null,
      amountMinor: data.reversalApprovals.amountMinor,
      currency: data.reversalApprovals.currency,
      to: path("mpesa/payments"),
    });
  }
  return rows;
}

/** What needs attention today: one row per thing to act on, each opening its screen; "All clear" when none. */
export function NeedsAttention() {
  const trpc = useTRPC();
  const { business } = useBusiness();
  const { t } = useTranslation("home");
  const format = useBusinessFormat();
  const attention = useQuery(trpc.dashboard.attention.queryOptions({ businessId: business.id }));
  const rows = attention.data
    ? rowsOf(attention.data, business.id, t, (day) => format.date(new Date(`${day}T12:00:00Z`)))
    : [];
  return (
    <Card>
      <CardHeader title={<span id="attention-heading">{t("attention.title")}</span>} />
      <section aria-labelledby="attention-heading">
        {attention.error ? (
          <div className="p-5">
            <ProblemAlert error={attention.error} onRetry={() => attention.refetch()} />
          </div>
        ) : !attention.data ? (
          <div className="p-5">
            <SkeletonList rows={3} />
          </div>
        ) : rows.length === 0 ? (
          <EmptyState
            icon={CircleCheck}
            title={t("attention.clear")}
            description={t("attention.clearHint")}
          />
        ) : (
          <ul className="divide-y divide-ink-100">
            {rows.map((row) => (
              <li key={row.id}>
                <Link
                  to={row.to}
                  className="group flex items-center gap-3 px-5 py-3.5 hover:bg-ink-50"
                  data-testid={`attention-${row.id}`}
                >
                  <row.icon className="size-5 shrink-0 text-amber-600" aria-hidden />
                  <span className="min-w-0 flex-1">
                    <span className="block text-sm font-medium text-ink-900">{row.label}</span>
                    {row.detail ? <span className="block text-[13px] text-ink-500">{row.detail}</span> : null}
                  </span>
                  <Money
                    amountMinor={row.amountMinor}
                    currency={row.currency}
                    className="shrink-0 text-sm font-semibold text-ink-900"
                  />
                  <ArrowRight
                    className="size-4 shrink-0 text-ink-400 transition-transform group-hover:translate-x-0.5"
                    aria-hidden
                  />
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    </Card>
  );
}
