import { Trans, useTranslation } from "react-i18next";
import { Money } from "../../../ui/money";
import { Notice } from "../../../ui/problem";
import { useBusiness } from "../../shell/business-context";
import type { Preview } from "./use-import-wizard";

/** What the mapping would import: counts, money in and out, and each row left out with its reason. */
export function ImportEvaluation({ evaluation }: { evaluation: Preview["evaluation"] }) {
  const { business } = useBusiness();
  const { t } = useTranslation("transactions");
  return evaluation ? (
    <div className="rounded-lg border border-ink-200">
      <div className="flex flex-wrap gap-x-5 gap-y-1 border-b border-ink-100 px-4 py-3 text-sm">
        <span>
          <Trans
            t={t}
            i18nKey="import.toImport"
            values={{ count: evaluation.counts.ready }}
            components={{ strong: <strong className="text-ink-950" /> }}
          />
        </span>
        <span>
          {t("import.moneyIn")}{" "}
          <Money amountMinor={evaluation.totals.incomeMinor} currency={business.baseCurrency} compact />
        </span>
        <span>
          {t("import.moneyOut")}{" "}
          <Money amountMinor={evaluation.totals.expenseMinor} currency={business.baseCurrency} compact />
        </span>
        {evaluation.counts.alreadyImported ? (
          <span className="text-ink-500">
            {t("import.alreadyImported", { count: evaluation.counts.alreadyImported })}
          </span>
        ) : null}
        {evaluation.counts.duplicates ? (
          <span className="text-ink-500">
            {t("import.repeated", { count: evaluation.counts.duplicates })}
          </span>
        ) : null}
        {evaluation.counts.skipped ? (
          <span className="text-ink-500">{t("import.skipped", { count: evaluation.counts.skipped })}</span>
        ) : null}
        {evaluation.counts.rejected ? (
          <span className="font-medium text-red-700">
            {t("import.rejected", { count: evaluation.counts.rejected })}
          </span>
        ) : null}
      </div>
      {evaluation.problems.length > 0 ? (
        <ul className="max-h-40 overflow-auto px-4 py-2 text-[13px]">
          {evaluation.problems.map((item) => (
            <li key={`${item.row}-${item.status}`} className="flex gap-2 py-0.5">
              <span className="w-16 shrink-0 text-ink-500">{t("import.row", { row: item.row })}</span>
              <span className={item.status === "rejected" ? "text-red-700" : "text-ink-600"}>
                {item.reason}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  ) : (
    <Notice tone="warning">{t("import.needColumns")}</Notice>
  );
}
