import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Camera, Download, FileText, Paperclip, Trash2 } from "lucide-react";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { toProblem } from "../../lib/errors";
import { useTRPC, useTRPCClient } from "../../lib/trpc";
import { acceptFor, describeFile } from "../../lib/upload";
import { Button } from "../../ui/button";
import { ProblemAlert } from "../../ui/problem";
import { Spinner } from "../../ui/spinner";
import { toast } from "../../ui/toast";
import { useBusiness } from "../shell/business-context";
import { uploadTransactionAttachment } from "./upload-attachment";

/** Photos and PDFs on a transaction: thumbnails, download, remove, and add (from files or the phone's camera). */
export function Attachments({ transactionId }: { transactionId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { business, can } = useBusiness();
  const canWrite = can("transactions.write");
  const { t } = useTranslation("transactions");
  const listOptions = trpc.transactions.attachments.list.queryOptions({
    businessId: business.id,
    transactionId,
  });
  const list = useQuery(listOptions);
  const client = useTRPCClient();
  const remove = useMutation(trpc.transactions.attachments.delete.mutationOptions());
  const [uploading, setUploading] = useState(false);
  const pickerId = useId();
  const cameraId = useId();

  const upload = async (file: File | undefined) => {
    if (!file) return;
    const described = describeFile("transaction_attachment", file);
    if (!described.ok) {
      toast("error", described.problem);
      return;
    }
    setUploading(true);
    try {
      await uploadTransactionAttachment(client, {
        businessId: business.id,
        transactionId,
        blob: file,
        fileName: described.fileName,
        contentType: described.contentType,
      });
      await queryClient.invalidateQueries({ queryKey: listOptions.queryKey });
      toast("success", t("attachments.attached"));
    } catch (error) {
      toast("error", t("attachments.notAttached"), {
        description: toProblem(error).message,
      });
    } finally {
      setUploading(false);
    }
  };

  const files = list.data ?? [];
  return (
    <section aria-label={t("attachments.label")} className="flex flex-col gap-2">
      <h3 className="flex items-center gap-1.5 text-sm font-medium text-ink-800">
        <Paperclip aria-hidden className="size-4" /> {t("attachments.title")}
      </h3>
      {list.error ? (
        <ProblemAlert error={list.error} onRetry={() => list.refetch()} />
      ) : list.isPending ? (
        <Spinner label={t("attachments.loading")} />
      ) : files.length === 0 ? (
        <p className="text-sm text-ink-600">{t("attachments.empty")}</p>
      ) : (
        <ul className="grid grid-cols-3 gap-2 sm:grid-cols-4">
          {files.map((file) => (
            <li key={file.id} className="flex flex-col gap-1 rounded-lg border border-ink-100 p-1.5">
              <a
                href={file.viewUrl}
                target="_blank"
                rel="noreferrer"
                className="block aspect-square overflow-hidden rounded-md bg-ink-50"
              >
                {file.contentType?.startsWith("image/") ? (
                  <img
                    src={file.viewUrl}
                    alt={file.fileName}
                    className="size-full object-cover"
                    loading="lazy"
                  />
                ) : (
                  <span className="flex size-full items-center justify-center text-ink-500">
                    <FileText aria-hidden className="size-8" />
                  </span>
                )}
              </a>
              <span className="truncate text-xs text-ink-700" title={file.fileName}>
                {file.fileName}
              </span>
              <span className="flex gap-1">
                <a
                  href={file.downloadUrl}
                  className="inline-flex size-7 items-center justify-center rounded-md text-ink-600 hover:bg-ink-100"
                  aria-label={t("attachments.download", { name: file.fileName })}
                >
                  <Download aria-hidden className="size-4" />
                </a>
                {canWrite ? (
                  <button
                    type="button"
                    className="inline-flex size-7 items-center justify-center rounded-md text-ink-600 hover:bg-ink-100"
                    aria-label={t("attachments.remove", { name: file.fileName })}
                    onClick={async () => {
                      if (!window.confirm(t("attachments.confirmRemove", { name: file.fileName }))) return;
                      try {
                        await remove.mutateAsync({ businessId: business.id, fileId: file.id });
                        await queryClient.invalidateQueries({ queryKey: listOptions.queryKey });
                      } catch (error) {
                        toast("error", t("attachments.notRemoved"), {
                          description: toProblem(error).message,
                        });
                      }
                    }}
                  >
                    <Trash2 aria-hidden className="size-4" />
                  </button>
                ) : null}
              </span>
            </li>
          ))}
        </ul>
      )}
      {canWrite ? (
        <div className="flex flex-wrap gap-2">
          <input
            id={pickerId}
            type="file"
            className="sr-only"
            accept={acceptFor("transaction_attachment")}
            aria-label={t("attachments.attachInput")}
            onChange={(event) => {
              void upload(event.target.files?.[0]);
              event.target.value = "";
            }}
          />
          <input
            id={cameraId}
            type="file"
            className="sr-only"
            accept="image/*"
            capture="environment"
            aria-label={t("attachments.takeInput")}
            onChange={(event) => {
              void upload(event.target.files?.[0]);
              event.target.value = "";
            }}
          />
          <Button
            size="sm"
            variant="secondary"
            loading={uploading}
            onClick={() => document.getElementById(pickerId)?.click()}
          >
            <Paperclip aria-hidden /> {t("attachments.attach")}
          </Button>
          <Button
            size="sm"
            variant="secondary"
            disabled={uploading}
            onClick={() => document.getElementById(cameraId)?.click()}
          >
            <Camera aria-hidden /> {t("attachments.take")}
          </Button>
        </div>
      ) : null}
    </section>
  );
}
