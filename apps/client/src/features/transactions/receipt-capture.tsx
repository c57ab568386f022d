import { toMajorString, ZCreateTransactionSchema } from "@kavi/domain";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Camera, ImageUp } from "lucide-react";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { toProblem } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import { acceptFor, describeFile, putToStorage } from "../../lib/upload";
import { useAppForm } from "../../lib/use-app-form";
import { AppForm, FormProblem } from "../../ui/app-form";
import { Button } from "../../ui/button";
import { Dialog } from "../../ui/dialog";
import { Field } from "../../ui/field";
import { Input, Select } from "../../ui/input";
import { Notice, ProblemAlert } from "../../ui/problem";
import { Spinner } from "../../ui/spinner";
import { toast } from "../../ui/toast";
import { useCategoryName } from "../categories/category-name";
import { useBusiness } from "../shell/business-context";
import { useBusinessFormat } from "../shell/use-business-format";
import { todayIn, useCategories } from "./ledger";

/**
 * Snap a receipt → KAVI reads merchant, date, total and VAT (in the worker) → the person checks a prefilled expense
 * and saves it; the photo stays attached to the expense.
 */
export function ReceiptCaptureDialog({
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
      title={t("receipt.title")}
      description={t("receipt.description")}
    >
      {open ? <ReceiptCapture onDone={() => onOpenChange(false)} /> : null}
    </Dialog>
  );
}

function ReceiptCapture({ onDone }: { onDone: () => void }) {
  const trpc = useTRPC();
  const { business } = useBusiness();
  const { t } = useTranslation("transactions");
  const requestUpload = useMutation(trpc.receipts.requestUpload.mutationOptions());
  const capture = useMutation(trpc.receipts.capture.mutationOptions());
  const [scanId, setScanId] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const cameraId = useId();
  const pickerId = useId();
  const scan = useQuery({
    ...trpc.receipts.get.queryOptions({ businessId: business.id, scanId: scanId ?? "" }),
    enabled: scanId !== null,
    // Reading takes a few seconds in the worker: ask again until it is done.
    refetchInterval: (query) => (query.state.data?.status === "queued" ? 1500 : false),
  });

  const upload = async (file: File | undefined) => {
    if (!file) return;
    setProblem(null);
    const described = describeFile("receipt", file);
    if (!described.ok) {
      setProblem(described.problem);
      return;
    }
    setUploading(true);
    try {
      const { fileId, upload: signed } = await requestUpload.mutateAsync({
        businessId: business.id,
        fileName: described.fileName,
        contentType: described.contentType,
        size: described.size,
      });
      await putToStorage(signed, file);
      const created = await capture.mutateAsync({ businessId: business.id, fileId });
      setScanId(created.id);
    } catch (error) {
      setProblem(toProblem(error).message);
    } finally {
      setUploading(false);
    }
  };

  if (!scanId) {
    return (
      <div className="flex flex-col gap-4">
        {problem ? <Notice tone="warning">{problem}</Notice> : null}
        <input
          id={cameraId}
          type="file"
          accept="image/*"
          capture="environment"
          className="sr-only"
          aria-label={t("receipt.takeInput")}
          onChange={(event) => void upload(event.target.files?.[0])}
        />
        <input
          id={pickerId}
          type="file"
          accept={acceptFor("receipt")}
          className="sr-only"
          aria-label={t("receipt.chooseInput")}
          onChange={(event) => void upload(event.target.files?.[0])}
        />
        <div className="grid gap-3 sm:grid-cols-2">
          <Button size="lg" loading={uploading} onClick={() => document.getElementById(cameraId)?.click()}>
            <Camera aria-hidden /> {t("receipt.take")}
          </Button>
          <Button
            size="lg"
            variant="secondary"
            disabled={uploading}
            onClick={() => document.getElementById(pickerId)?.click()}
          >
            <ImageUp aria-hidden /> {t("receipt.choose")}
          </Button>
        </div>
        <p className="text-sm text-ink-600">{t("receipt.tip")}</p>
      </div>
    );
  }
  if (scan.error) return <ProblemAlert error={scan.error} onRetry={() => scan.refetch()} />;
  if (!scan.data || scan.data.status === "queued") {
    return (
      <div className="flex items-center gap-3 py-8 text-ink-700" role="status">
        <Spinner label={null} /> {t("receipt.reading")}
      </div>
    );
  }
  return <ConfirmReceipt scan={scan.data} onDone={onDone} />;
}

interface ScanView {
  id: string;
  status: string;
  merchant: string | null;
  receiptDate: string | null;
  totalMinor: bigint | null;
  vatMinor: bigint | null;
  currency: string;
  error: string | null;
  imageUrl: string;
}

interface Values extends Record<string, unknown> {
  amount: string;
  date: string;
  description: string;
  categoryId: string;
}

function ConfirmReceipt({ scan, onDone }: { scan: ScanView; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { business } = useBusiness();
  const categories = useCategories();
  const format = useBusinessFormat();
  const { t } = useTranslation("transactions");
  const categoryName = useCategoryName();
  const confirm = useMutation(trpc.receipts.confirm.mutationOptions());
  const discard = useMutation(trpc.receipts.discard.mutationOptions());
  const form = useAppForm({
    defaultValues: {
      amount: scan.totalMinor !== null ? toMajorString(scan.totalMinor, scan.currency) : "",
      date: scan.receiptDate ?? todayIn(business.timezone),
      description: scan.merchant ?? "",
      categoryId: "",
    } as Values,
    schema: ZCreateTransactionSchema,
    toInput: (values) => ({
      type: "expense" as const,
      amount: values.amount.trim(),
      transactionDate: values.date,
      description: values.description,
      categoryId: values.categoryId || null,
      paymentMethod: "mpesa" as const,
      notes:
        scan.vatMinor !== null
          ? `VAT ${toMajorString(scan.vatMinor, scan.currency)} ${scan.currency} (from the receipt)`
          : "",
    }),
    onSubmit: async (input) => {
      await confirm.mutateAsync({
        ...(input as Omit<Parameters<typeof confirm.mutateAsync>[0], "businessId" | "scanId">),
        businessId: business.id,
        scanId: scan.id,
      });
      await queryClient.invalidateQueries({ queryKey: trpc.transactions.pathKey() });
      await queryClient.invalidateQueries({ queryKey: trpc.dashboard.pathKey() });
      toast("success", t("receipt.added"));
      onDone();
    },
  });
  const values = form.watch();
  return (
    <div className="grid gap-4 sm:grid-cols-[180px_1fr]">
      <a
        href={scan.imageUrl}
        target="_blank"
        rel="noreferrer"
        className="block overflow-hidden rounded-lg border border-ink-100"
      >
        <img src={scan.imageUrl} alt={t("receipt.image")} className="max-h-72 w-full object-contain" />
      </a>
      <AppForm form={form} problem="manual" className="flex flex-col gap-4">
        {scan.status === "failed" ? (
          <Notice tone="warning">
            {t("receipt.failed", { reason: scan.error ?? t("receipt.unreadable") })}
          </Notice>
        ) : (
          <Notice tone="info">{t("receipt.check")}</Notice>
        )}
        <Field label={t("receipt.amount")} error={form.error("amount")} required>
          <Input inputMode="decimal" autoComplete="off" {...form.register("amount")} />
        </Field>
        {scan.vatMinor !== null ? (
          <p className="text-sm text-ink-600">
            {t("receipt.vat", { amount: format.money(scan.vatMinor, scan.currency) })}
          </p>
        ) : null}
        <Field label={t("receipt.date")} error={form.error("transactionDate")} required>
          <Input type="date" {...form.register("date")} />
        </Field>
        <Field label={t("receipt.merchant")} optional error={form.error("description")}>
          <Input {...form.register("description")} />
        </Field>
        <Field label={t("receipt.category")} optional error={form.error("categoryId")}>
          <Select
            value={values.categoryId}
            onChange={(event) => form.setValue("categoryId", event.target.value)}
            placeholder={t("uncategorised")}
            options={(categories.data ?? [])
              .filter((category) => category.kind === "expense")
              .map((category) => ({ value: category.id, label: categoryName(category) }))}
          />
        </Field>
        <FormProblem form={form} />
        <div className="flex flex-col-reverse gap-2 border-t border-ink-100 pt-4 sm:flex-row sm:justify-end">
          <Button
            variant="secondary"
            loading={discard.isPending}
            onClick={async () => {
              try {
                await discard.mutateAsync({ businessId: business.id, scanId: scan.id });
                onDone();
              } catch (error) {
                toast("error", t("receipt.notDiscarded"), { description: toProblem(error).message });
              }
            }}
          >
            {t("receipt.discard")}
          </Button>
          <Button type="submit" loading={form.submitting}>
            {t("receipt.save")}
          </Button>
        </div>
      </AppForm>
    </div>
  );
}
