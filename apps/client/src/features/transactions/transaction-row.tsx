import { ArrowDownLeft, ArrowLeftRight, ArrowUpRight } from "lucide-react";
import { useTranslation } from "react-i18next";
import { cn } from "../../lib/cn";
import { Money } from "../../ui/money";
import { useCategoryName } from "../categories/category-name";
import { useBusinessFormat } from "../shell/use-business-format";
import type { TransactionItem } from "./ledger";

export function TypeIcon({ type }: { type: TransactionItem["type"] }) {
  const Icon = type === "income" ? ArrowDownLeft : type === "expense" ? ArrowUpRight : ArrowLeftRight;
  return (
    <span
      className={cn(
        "grid size-8 shrink-0 place-items-center rounded-full",
        type === "income"
          ? "bg-emerald-50 text-emerald-700"
          : type === "expense"
            ? "bg-amber-50 text-amber-700"
            : "bg-ink-100 text-ink-600",
      )}
      aria-hidden
    >
      <Icon className="size-4" />
    </span>
  );
}

export function signedAmount(item: Pick<TransactionItem, "type" | "amountMinor">): bigint {
  return item.type === "expense" ? -item.amountMinor : item.amountMinor;
}

/** One transaction in a short list (dashboard, supplier page). */
export function TransactionRowCompact({ item }: { item: TransactionItem }) {
  const format = useBusinessFormat();
  const { t } = useTranslation("transactions");
  const categoryName = useCategoryName();
  return (
    <li className="flex items-center gap-3 px-5 py-3">
      <TypeIcon type={item.type} />
      <span className="min-w-0 flex-1">
        <span
          className={cn(
            "block truncate text-sm font-medium text-ink-900",
            item.status === "void" && "text-ink-400 line-through",
          )}
        >
          {item.description ||
            item.customerName ||
            item.supplierName ||
            (item.categoryName !== null
              ? categoryName({ name: item.categoryName, systemKey: item.categorySystemKey })
              : null) ||
            t("transaction")}
        </span>
        <span className="block truncate text-[12px] text-ink-500">
          {format.date(item.transactionDate)} ·{" "}
          {item.categoryName !== null
            ? categoryName({ name: item.categoryName, systemKey: item.categorySystemKey })
            : t("uncategorised")}{" "}
          · {t(`method.${item.paymentMethod}`)}
        </span>
      </span>
      <Money
        amountMinor={signedAmount(item)}
        currency={item.currency}
        signed
        compact
        className={cn("text-sm font-medium", item.type === "income" && "text-emerald-700")}
      />
    </li>
  );
}
