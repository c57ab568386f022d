import { CircleCheck } from "lucide-react";
import { useTranslation } from "react-i18next";
import { Button } from "../../../ui/button";
import type { ImportResult, Preview } from "./use-import-wizard";

/** The last step: what was imported and left out, with a way to take it all back. */
export function ImportResultStep({
  preview,
  result,
  undoing,
  onUndo,
  onDone,
}: {
  preview: Preview;
  result: ImportResult;
  undoing: boolean;
  onUndo: () => Promise<void>;
  onDone: () => void;
}) {
  const { t } = useTranslation("transactions");
  return (
    <div className="flex flex-col gap-4">
      <div className="flex items-start gap-3 rounded-lg bg-brand-50 p-4 ring-1 ring-brand-100">
        <CircleCheck className="mt-0.5 size-5 text-brand-700" aria-hidden />
        <div>
          <p className="font-medium text-ink-900">
            {t("import.imported", { count: result.imported, file: preview.fileName })}
          </p>
          <p className="mt-1 text-sm text-ink-600">
            {[
              result.alreadyImported ? t("import.alreadyImported", { count: result.alreadyImported }) : null,
              result.duplicates ? t("import.repeatedInFile", { count: result.duplicates }) : null,
              result.skipped ? t("import.skipped", { count: result.skipped }) : null,
              result.rejected ? t("import.rejected", { count: result.rejected }) : null,
            ]
              .filter(Boolean)
              .join(" · ") || t("import.nothingLeftOut")}
          </p>
        </div>
      </div>
      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
        {result.imported > 0 ? (
          <Button
            variant="secondary"
            loading={undoing}
            onClick={async () => {
              await onUndo();
              onDone();
            }}
          >
            {t("import.undo")}
          </Button>
        ) : null}
        <Button onClick={onDone}>{t("import.done")}</Button>
      </div>
    </div>
  );
}
