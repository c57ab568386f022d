import { Trans, useTranslation } from "react-i18next";
import { cn } from "../../lib/cn";
import { Money } from "../../ui/money";
import { useCategoryName } from "../categories/category-name";
import type { RouterOutputs } from "../transactions/ledger";

export type BudgetItem = RouterOutputs["budgets"]["list"]["items"][number];

/** Planned vs actual as a bar: green on track, amber from 80 %, red over. Income budgets read as targets. */
export function BudgetBar({ item, currency }: { item: BudgetItem; currency: string }) {
  const percent = item.progressBps / 100;
  const income = item.kind === "income";
  const tone = income
    ? "bg-brand-600"
    : item.status === "over"
      ? "bg-red-600"
      : item.status === "warning"
        ? "bg-amber-500"
        : "bg-brand-600";
  const left = item.remainingMinor;
  const { t } = useTranslation("budgets");
  const categoryName = useCategoryName();
  const shown = percent.toFixed(0);
  return (
    <div>
      <div className="flex items-baseline justify-between gap-3 text-sm">
        <span className="flex min-w-0 items-center gap-2 font-medium text-ink-900">
          <span
            className="inline-block size-2 shrink-0 rounded-full"
            style={{ background: item.categoryColor ?? "#97a39f" }}
            aria-hidden
          />
          <span className="truncate">
            {categoryName({ name: item.categoryName, systemKey: item.categorySystemKey })}
          </span>
        </span>
        <span className="tabular shrink-0 text-[13px] text-ink-600">
          <Trans
            t={t}
            i18nKey="ofBudget"
            components={{
              amount: <Money amountMinor={item.actualMinor} currency={currency} compact />,
              budget: <Money amountMinor={item.amountMinor} currency={currency} compact />,
            }}
          />
        </span>
      </div>
      <div
        className="mt-1.5 h-2 overflow-hidden rounded-full bg-ink-100"
        role="progressbar"
        aria-label={t("progress", {
          category: categoryName({ name: item.categoryName, systemKey: item.categorySystemKey }),
          percent: shown,
        })}
        aria-valuenow={Math.round(percent)}
        aria-valuemin={0}
        aria-valuemax={100}
      >
        <div className={cn("h-full rounded-full", tone)} style={{ width: `${Math.min(100, percent)}%` }} />
      </div>
      <p
        className={cn(
          "mt-1 text-[12px]",
          !income && item.status === "over" ? "font-medium text-red-700" : "text-ink-500",
        )}
      >
        {income ? (
          t("ofTarget", { percent: shown })
        ) : left >= 0n ? (
          t("used", { percent: shown })
        ) : (
          <Trans
            t={t}
            i18nKey="over"
            components={{ amount: <Money amountMinor={-left} currency={currency} compact /> }}
          />
        )}
      </p>
    </div>
  );
}
