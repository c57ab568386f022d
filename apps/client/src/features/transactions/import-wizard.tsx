import { Smartphone } from "lucide-react";
import { useTranslation } from "react-i18next";
import { Badge } from "../../ui/badge";
import { Button } from "../../ui/button";
import { Dialog } from "../../ui/dialog";
import { Checkbox } from "../../ui/input";
import { ProblemAlert } from "../../ui/problem";
import { ImportEvaluation } from "./import/import-evaluation";
import { ImportFileStep } from "./import/import-file-step";
import { ImportMappingFields } from "./import/import-mapping-fields";
import { ImportResultStep } from "./import/import-result-step";
import { ImportSampleTable } from "./import/import-sample-table";
import { useImportWizard } from "./import/use-import-wizard";

export function ImportWizard({
  open,
  onOpenChange,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const { t } = useTranslation("transactions");
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      size="lg"
      title={t("import.title")}
      description={t("import.description")}
    >
      {open ? <Wizard onDone={() => onOpenChange(false)} /> : null}
    </Dialog>
  );
}
function Wizard({ onDone }: { onDone: () => void }) {
  const wizard = useImportWizard();
  const { t } = useTranslation("transactions");
  const { preview, mapping, result, problem } = wizard;
  if (result && preview) {
    return (
      <ImportResultStep
        preview={preview}
        result={result}
        undoing={wizard.undoing}
        onUndo={wizard.undoImport}
        onDone={onDone}
      />
    );
  }
  if (!preview || !mapping) {
    return (
      <ImportFileStep
        uploading={wizard.uploading}
        problem={problem}
        onChoose={(file) => void wizard.choose(file)}
      />
    );
  }
  const evaluation = preview.evaluation;
  return (
    <div className="flex flex-col gap-5">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span className="font-medium text-ink-900">{preview.fileName}</span>
        <span className="text-ink-500">{t("import.rows", { count: preview.dataRowCount })}</span>
        {preview.profile === "mpesa_statement" ? (
          <Badge tone="brand">
            <Smartphone className="size-3" aria-hidden /> {t("import.mpesaRecognised")}
          </Badge>
        ) : null}
        {preview.detected.dateAmbiguous ? <Badge tone="warning">{t("import.dateAmbiguous")}</Badge> : null}
      </div>
      <ImportSampleTable preview={preview} />
      <ImportMappingFields preview={preview} mapping={mapping} onChange={(next) => void wizard.check(next)} />
      <ImportEvaluation evaluation={evaluation} />
      {evaluation?.counts.rejected ? (
        <Checkbox
          checked={wizard.skipRejected}
          onChange={(event) => wizard.setSkipRejected(event.target.checked)}
          label={t("import.skipRejected", { count: evaluation.counts.rejected })}
          description={t("import.skipRejectedHelp")}
        />
      ) : null}
      {problem ? <ProblemAlert problem={problem} /> : null}
      <div className="flex flex-col-reverse gap-2 border-t border-ink-100 pt-4 sm:flex-row sm:justify-end">
        <Button variant="secondary" onClick={onDone}>
          {t("import.cancel")}
        </Button>
        <Button
          onClick={() => void wizard.run()}
          loading={wizard.running}
          disabled={
            !evaluation ||
            evaluation.counts.ready === 0 ||
            (evaluation.counts.rejected > 0 && !wizard.skipRejected)
          }
        >
          {t("import.run", { count: evaluation?.counts.ready ?? 0 })}
        </Button>
      </div>
    </div>
  );
}
