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

type T = ReturnType<typeof useTranslation<"home">>["t"];
type Counted =
  | "overdueInvoices"
  | "unreconciledPayments"
  | "budgetsOver"
  | "payoutApprovals"
  | "reversalApprovals";
/** One kind of thing to act on: its row, or null when there is nothing of that kind today. */
type Entry = (data: Attention, t: T, date: (day: string) => string) => Row | null;

/** A kind the service counts and sums: shown when its count is above zero. */
function counted(
  key: Counted,
  icon: LucideIcon,
  label: "overdue" | "unreconciled" | "budgetsOver" | "payouts" | "reversals",
  to: (data: Attention) => string,
  detail?: "budgetsOverDetail",
): Entry {
  return (data, t) => {
    const item = data[key];
    if (!item || item.count === 0) return null;
    return {
      id: label,
      icon,
      label: t(`attention.${label}`, { count: item.count }),
      detail: detail ? t(`attention.${detail}`) : null,
      amountMinor: item.amountMinor,
      currency: item.currency,
      to: to(data),
    };
  };
}

const lowCash: Entry = (data, t, date) => {
  const low = data.lowCash?.low;
  if (!low) return null;
  return {
    id: "cash",
    icon: TrendingDown,
    label: low.thresholdMinor !== null ? t("attention.lowCashThreshold") : t("attention.lowCash"),
    detail: t("attention.lowCashDetail", { date: date(low.lowestOn) }),
    amountMinor: low.lowestMinor,
    currency: low.currency,
    to: "cash-flow",
  };
};

/** In the order they are shown; `to` is relative to the business. */
const ENTRIES: Entry[] = [
  counted("overdueInvoices", FileWarning, "overdue", () => "invoices?status=overdue"),
  counted("unreconciledPayments", Smartphone, "unreconciled", () => "mpesa/unreconciled"),
  counted(
    "budgetsOver",
    PiggyBank,
    "budgetsOver",
    (data) => `budgets?month=${data.budgetsOver?.month ?? ""}`,
    "budgetsOverDetail",
  ),
  lowCash,
  counted("payoutApprovals", ShieldCheck, "payouts", () => "mpesa/payouts"),
  counted("reversalApprovals", Undo2, "reversals", () => "mpesa/payments"),
];

function rowsOf(data: Attention, businessId: string, t: T, date: (day: string) => string): Row[] {
  return ENTRIES.flatMap((entry) => {
    const row = entry(data, t, date);
    return row ? [{ ...row, to: businessPath(businessId, row.to) }] : [];
  });
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
