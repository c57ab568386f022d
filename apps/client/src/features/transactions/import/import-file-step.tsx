import { FileUp } from "lucide-react";
import { useTranslation } from "react-i18next";
import type { toProblem } from "../../../lib/errors";
import { ProblemAlert } from "../../../ui/problem";

/** The first step: choose the CSV (an M-Pesa statement is recognised on its own). */
export function ImportFileStep({
  uploading,
  problem,
  onChoose,
}: {
  uploading: boolean;
  problem: ReturnType<typeof toProblem> | null;
  onChoose: (file: File | undefined) => void;
}) {
  const { t } = useTranslation("transactions");
  return (
    <div className="flex flex-col gap-4">
      <label className="flex cursor-pointer flex-col items-center gap-2 rounded-lg border-2 border-dashed border-ink-300 px-6 py-10 text-center hover:border-brand-600 hover:bg-brand-50/40">
        <FileUp className="size-7 text-brand-700" aria-hidden />
        <span className="font-medium text-ink-900">
          {uploading ? t("import.reading") : t("import.choose")}
        </span>
        <span className="text-sm text-ink-500">{t("import.chooseHelp")}</span>
        <input
          type="file"
          accept=".csv,text/csv"
          className="sr-only"
          disabled={uploading}
          onChange={(event) => onChoose(event.target.files?.[0])}
        />
      </label>
      {problem ? <ProblemAlert problem={problem} /> : null}
    </div>
  );
}
