import { Money } from "../../../ui/money";
import { Notice } from "../../../ui/problem";
import { useBusiness } from "../../shell/business-context";
import type { Preview } from "./use-import-wizard";

/** What the mapping would import: counts, money in and out, and each row left out with its reason. */
export function ImportEvaluation({ evaluation }: { evaluation: Preview["evaluation"] }) {
  const { business } = useBusiness();
  return evaluation ? (
    <div className="rounded-lg border border-ink-200">
      <div className="flex flex-wrap gap-x-5 gap-y-1 border-b border-ink-100 px-4 py-3 text-sm">
        <span>
          <strong className="text-ink-950">{evaluation.counts.ready}</strong> to import
        </span>
        <span>
          Money in{" "}
          <Money amountMinor={evaluation.totals.incomeMinor} currency={business.baseCurrency} compact />
        </span>
        <span>
          Money out{" "}
          <Money amountMinor={evaluation.totals.expenseMinor} currency={business.baseCurrency} compact />
        </span>
        {evaluation.counts.alreadyImported ? (
          <span className="text-ink-500">{evaluation.counts.alreadyImported} already in KAVI</span>
        ) : null}
        {evaluation.counts.duplicates ? (
          <span className="text-ink-500">{evaluation.counts.duplicates} repeated</span>
        ) : null}
        {evaluation.counts.skipped ? (
          <span className="text-ink-500">{evaluation.counts.skipped} skipped</span>
        ) : null}
        {evaluation.counts.rejected ? (
          <span className="font-medium text-red-700">{evaluation.counts.rejected} rejected</span>
        ) : null}
      </div>
      {evaluation.problems.length > 0 ? (
        <ul className="max-h-40 overflow-auto px-4 py-2 text-[13px]">
          {evaluation.problems.map((item) => (
            <li key={`${item.row}-${item.status}`} className="flex gap-2 py-0.5">
              <span className="w-16 shrink-0 text-ink-500">Row {item.row}</span>
              <span className={item.status === "rejected" ? "text-red-700" : "text-ink-600"}>
                {item.reason}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  ) : (
    <Notice tone="warning">Choose the date and amount columns to see what will be imported.</Notice>
  );
}
