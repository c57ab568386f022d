import {
  IMPORT_UPLOAD_CHUNK_CHARS,
  MAX_IMPORT_BYTES,
  type TImportMappingInput,
  ZImportMappingSchema,
} from "@kavi/domain";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { toProblem } from "../../../lib/errors";
import { useTRPC } from "../../../lib/trpc";
import { toast } from "../../../ui/toast";
import { useBusiness } from "../../shell/business-context";
import type { RouterOutputs } from "../ledger";

export type Preview = NonNullable<RouterOutputs["transactions"]["import"]["upload"]["preview"]>;
export type ImportResult = RouterOutputs["transactions"]["import"]["commit"];

/**
 * The import's steps as state: upload the file in chunks, re-preview on every mapping change, commit (all rows, or
 * the good ones), undo. Each call's failure is kept as `problem` for the step on screen.
 */
export function useImportWizard() {
  const trpc = useTRPC();
  const { t } = useTranslation("transactions");
  const queryClient = useQueryClient();
  const { business } = useBusiness();
  const upload = useMutation(trpc.transactions.import.upload.mutationOptions());
  const previewMutation = useMutation(trpc.transactions.import.preview.mutationOptions());
  const commit = useMutation(trpc.transactions.import.commit.mutationOptions());
  const undo = useMutation(trpc.transactions.import.undo.mutationOptions());
  const [preview, setPreview] = useState<Preview | null>(null);
  const [mapping, setMapping] = useState<TImportMappingInput | null>(null);
  const [skipRejected, setSkipRejected] = useState(false);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [problem, setProblem] = useState<ReturnType<typeof toProblem> | null>(null);
  const [uploading, setUploading] = useState(false);

  const choose = async (file: File | undefined) => {
    if (!file) return;
    setProblem(null);
    if (file.size > MAX_IMPORT_BYTES) {
      setProblem({
        ...toProblem(new Error("too large")),
        kind: "validation",
        message: t("import.tooLarge"),
      });
      return;
    }
    setUploading(true);
    try {
      const text = await file.text();
      let importId: string | null = null;
      let last: Preview | null = null;
      for (let start = 0; start < Math.max(text.length, 1); start += IMPORT_UPLOAD_CHUNK_CHARS) {
        const complete = start + IMPORT_UPLOAD_CHUNK_CHARS >= text.length;
        const part = await upload.mutateAsync({
          businessId: business.id,
          fileName: file.name,
          content: text.slice(start, start + IMPORT_UPLOAD_CHUNK_CHARS),
          complete,
          importId,
        });
        importId = part.importId;
        last = part.preview;
      }
      setPreview(last);
      setMapping(last?.suggestedMapping ?? null);
    } catch (error) {
      setProblem(toProblem(error));
    } finally {
      setUploading(false);
    }
  };

  const check = async (next: TImportMappingInput) => {
    if (!preview) return;
    setMapping(next);
    const parsed = ZImportMappingSchema.safeParse(next);
    if (!parsed.success) return;
    try {
      setPreview(
        await previewMutation.mutateAsync({
          businessId: business.id,
          importId: preview.importId,
          mapping: parsed.data,
        }),
      );
      setProblem(null);
    } catch (error) {
      setProblem(toProblem(error));
    }
  };

  const run = async () => {
    if (!preview || !mapping) return;
    try {
      const done = await commit.mutateAsync({
        businessId: business.id,
        importId: preview.importId,
        mapping: ZImportMappingSchema.parse(mapping),
        skipRejected,
      });
      setResult(done);
      await queryClient.invalidateQueries({ queryKey: trpc.transactions.pathKey() });
      await queryClient.invalidateQueries({ queryKey: trpc.dashboard.pathKey() });
    } catch (error) {
      setProblem(toProblem(error));
    }
  };

  const undoImport = async () => {
    if (!preview) return;
    await undo.mutateAsync({ businessId: business.id, importId: preview.importId });
    await queryClient.invalidateQueries({ queryKey: trpc.transactions.pathKey() });
    toast("info", t("import.undone"), { description: t("import.undoneHelp") });
  };

  return {
    preview,
    mapping,
    skipRejected,
    setSkipRejected,
    result,
    problem,
    uploading,
    choose,
    check,
    run,
    running: commit.isPending,
    undoImport,
    undoing: undo.isPending,
  };
}

export type ImportWizardState = ReturnType<typeof useImportWizard>;
