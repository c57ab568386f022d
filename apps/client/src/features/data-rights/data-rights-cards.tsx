import { type QueryKey, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Download, FileArchive, RotateCcw, Trash2 } from "lucide-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { useLocale, useTranslateMessage } from "../../i18n/use-locale";
import { toProblem } from "../../lib/errors";
import { useSessionManager } from "../../lib/session/session-context";
import { useTRPC, useTRPCClient } from "../../lib/trpc";
import { useAppForm } from "../../lib/use-app-form";
import { AppForm, FormProblem } from "../../ui/app-form";
import { Badge } from "../../ui/badge";
import { Button } from "../../ui/button";
import { Card, CardBody, CardHeader } from "../../ui/card";
import { Dialog } from "../../ui/dialog";
import { Field } from "../../ui/field";
import { Notice, ProblemAlert } from "../../ui/problem";
import { SkeletonList } from "../../ui/skeleton";
import { toast } from "../../ui/toast";
import { PasswordInput } from "../auth/password-input";

type ExportStatus = "queued" | "building" | "ready" | "failed" | "expired";

interface ExportRow {
  id: string;
  status: ExportStatus;
  sizeBytes: number | null;
  createdAt: Date;
  expiresAt: Date | null;
}

function formatSize(bytes: number | null, locale: string): string {
  const value = bytes ?? 0;
  const [amount, unit] =
    value >= 1_048_576
      ? [value / 1_048_576, "megabyte"]
      : value >= 1024
        ? [value / 1024, "kilobyte"]
        : [value, "byte"];
  return new Intl.NumberFormat(locale, { style: "unit", unit, maximumFractionDigits: 1 }).format(amount);
}

const BADGE_TONE: Record<ExportStatus, "neutral" | "info" | "success" | "danger"> = {
  queued: "info",
  building: "info",
  ready: "success",
  failed: "danger",
  expired: "neutral",
};

/** The exports of the account or of the business, refreshed while one is being built. */
function ExportList({
  rows,
  onDownload,
  downloading,
}: {
  rows: ExportRow[];
  onDownload: (id: string) => void;
  downloading: string | null;
}) {
  const { t } = useTranslation("dataRights");
  const { locale } = useLocale();
  const date = (value: Date) =>
    new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(value);
  if (rows.length === 0) return <p className="text-sm text-ink-500">{t("exports.empty")}</p>;
  return (
    <ul className="divide-y divide-ink-100" data-testid="data-exports">
      {rows.map((row) => (
        <li key={row.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
          <div className="min-w-0">
            <p className="text-sm font-medium text-ink-900">
              {t("exports.requestedOn", { date: date(row.createdAt) })}
            </p>
            <p className="text-xs text-ink-500">
              {row.status === "ready" && row.expiresAt
                ? t("exports.readyUntil", {
                    size: formatSize(row.sizeBytes, locale),
                    date: date(row.expiresAt),
                  })
                : null}
            </p>
          </div>
          <div className="flex items-center gap-2">
            <Badge tone={BADGE_TONE[row.status]}>{t(`exports.status.${row.status}`)}</Badge>
            {row.status === "ready" ? (
              <Button
                size="sm"
                variant="secondary"
                loading={downloading === row.id}
                onClick={() => onDownload(row.id)}
              >
                <Download aria-hidden /> {t("exports.download")}
              </Button>
            ) : null}
          </div>
        </li>
      ))}
    </ul>
  );
}

const building = (rows: ExportRow[] | undefined) =>
  rows?.some((row) => row.status === "queued" || row.status === "building") ? 3_000 : false;

/** What an export card calls: its list (and the key it is cached under), a new export, a ready one's link. */
interface ExportProcedures {
  listKey: QueryKey;
  list: () => Promise<ExportRow[]>;
  request: () => Promise<unknown>;
  download: (exportId: string) => Promise<{ url: string }>;
}

/** A card to request an export, follow it while it is built and download it: the account's or a business's. */
function ExportCard({
  title,
  description,
  requestLabel,
  procedures,
}: {
  title: string;
  description: string;
  requestLabel: string;
  procedures: ExportProcedures;
}) {
  const { t } = useTranslation("dataRights");
  const queryClient = useQueryClient();
  const translateMessage = useTranslateMessage();
  const list = useQuery({
    queryKey: procedures.listKey,
    queryFn: procedures.list,
    refetchInterval: (query) => building(query.state.data),
  });
  const request = useMutation({
    mutationFn: procedures.request,
    onSuccess: async () => {
      toast("success", t("exports.requested"));
      await queryClient.invalidateQueries({ queryKey: procedures.listKey });
    },
  });
  const download = useMutation({
    mutationFn: procedures.download,
    onSuccess: ({ url }) => window.location.assign(url),
    onError: (error) => toast("error", translateMessage(toProblem(error).message)),
  });
  const problem = request.error ? toProblem(request.error) : null;
  return (
    <Card>
      <CardHeader
        title={title}
        description={description}
        actions={
          <Button variant="secondary" size="sm" loading={request.isPending} onClick={() => request.mutate()}>
            <FileArchive aria-hidden /> {requestLabel}
          </Button>
        }
      />
      <CardBody>
        {problem ? <ProblemAlert problem={problem} className="mb-3" /> : null}
        {list.isPending ? (
          <SkeletonList rows={2} />
        ) : list.isError ? (
          <ProblemAlert problem={{ ...toProblem(list.error), message: t("exports.loadFailed") }} />
        ) : (
          <ExportList
            rows={list.data}
            onDownload={(exportId) => download.mutate(exportId)}
            downloading={download.isPending ? (download.variables ?? null) : null}
          />
        )}
      </CardBody>
    </Card>
  );
}

/** Settings → Your data: a copy of my own data (Kenya Data Protection Act). */
export function AccountExportCard() {
  const { t } = useTranslation("dataRights");
  const trpc = useTRPC();
  const client = useTRPCClient();
  return (
    <ExportCard
      title={t("exports.accountTitle")}
      description={t("exports.accountHint")}
      requestLabel={t("exports.request")}
      procedures={{
        listKey: trpc.dataRights.accountExports.queryKey(),
        list: () => client.dataRights.accountExports.query(),
        request: () => client.dataRights.requestAccountExport.mutate(),
        download: (exportId) => client.dataRights.accountExportDownload.mutate({ exportId }),
      }}
    />
  );
}

/** Business settings: every table of the business in one zip, for owners. */
export function BusinessExportCard({ businessId }: { businessId: string }) {
  const { t } = useTranslation("dataRights");
  const trpc = useTRPC();
  const client = useTRPCClient();
  return (
    <ExportCard
      title={t("exports.businessTitle")}
      description={t("exports.businessHint")}
      requestLabel={t("exports.requestBusiness")}
      procedures={{
        listKey: trpc.dataRights.businessExports.queryKey({ businessId }),
        list: () => client.dataRights.businessExports.query({ businessId }),
        request: () => client.dataRights.requestBusinessExport.mutate({ businessId }),
        download: (exportId) => client.dataRights.businessExportDownload.mutate({ businessId, exportId }),
      }}
    />
  );
}

const ZDeleteAccountFormSchema = z.object({ password: z.string().min(1, { error: "Enter your password" }) });

/** Security → Delete my account: a warning, then the password to confirm; while scheduled, the date and Restore. */
export function DeleteAccountCard() {
  const { t } = useTranslation("dataRights");
  const { locale } = useLocale();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const session = useSessionManager();
  const [open, setOpen] = useState(false);
  const status = useQuery(trpc.dataRights.accountDeletion.queryOptions());
  const remove = useMutation(trpc.dataRights.deleteAccount.mutationOptions());
  const restore = useMutation(
    trpc.dataRights.restoreAccount.mutationOptions({
      onSuccess: async () => {
        toast("success", t("deleteAccount.restored"));
        await queryClient.invalidateQueries({ queryKey: trpc.dataRights.accountDeletion.queryKey() });
      },
    }),
  );
  const formatDate = (date: Date) => new Intl.DateTimeFormat(locale, { dateStyle: "long" }).format(date);
  const form = useAppForm({
    defaultValues: { password: "" },
    schema: ZDeleteAccountFormSchema,
    toInput: (values) => values,
    onSubmit: async (input) => {
      const { deleteAfter } = await remove.mutateAsync(input);
      toast("success", t("deleteAccount.done", { date: formatDate(deleteAfter) }));
      session.end("signed-out");
    },
  });
  if (status.data?.scheduled) {
    return (
      <Card className="border-red-200">
        <CardHeader title={t("deleteAccount.title")} />
        <CardBody className="flex flex-col gap-3">
          <div
            role="alert"
            className="flex flex-wrap items-center justify-between gap-3 rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-900"
          >
            <p>{t("deleteAccount.scheduled", { date: formatDate(status.data.deleteAfter) })}</p>
            <Button
              size="sm"
              variant="secondary"
              loading={restore.isPending}
              onClick={() => restore.mutate()}
            >
              <RotateCcw aria-hidden /> {t("deleteAccount.restore")}
            </Button>
            {restore.error ? <ProblemAlert problem={toProblem(restore.error)} className="w-full" /> : null}
          </div>
        </CardBody>
      </Card>
    );
  }
  return (
    <Card className="border-red-200">
      <CardHeader title={t("deleteAccount.title")} description={t("deleteAccount.hint")} />
      <CardBody className="flex flex-col gap-3">
        <Notice tone="warning">{t("deleteAccount.warning")}</Notice>
        <div>
          <Button variant="danger" onClick={() => setOpen(true)}>
            <Trash2 aria-hidden /> {t("deleteAccount.action")}
          </Button>
        </div>
      </CardBody>
      <Dialog
        open={open}
        onOpenChange={setOpen}
        title={t("deleteAccount.confirmTitle")}
        description={t("deleteAccount.confirmBody")}
      >
        <AppForm form={form} problem="manual" className="flex flex-col gap-4">
          <Field label={t("deleteAccount.password")} error={form.error("password")}>
            <PasswordInput autoComplete="current-password" {...form.register("password")} />
          </Field>
          <FormProblem form={form} />
          <div className="flex flex-wrap justify-end gap-2">
            <Button type="button" variant="secondary" onClick={() => setOpen(false)}>
              {t("deleteAccount.keep")}
            </Button>
            <Button type="submit" variant="danger" loading={form.submitting}>
              <Trash2 aria-hidden /> {t("deleteAccount.confirm")}
            </Button>
          </div>
        </AppForm>
      </Dialog>
    </Card>
  );
}

/** The toast after an owner schedules the business's deletion: the day it happens, in the reader's words. */
export function useAnnounceDeletionScheduled(): (name: string, deleteAfter: Date) => void {
  const { t } = useTranslation("dataRights");
  const { locale } = useLocale();
  return (name, deleteAfter) =>
    toast(
      "success",
      t("businessDeletion.scheduled", {
        name,
        date: new Intl.DateTimeFormat(locale, { dateStyle: "long" }).format(deleteAfter),
      }),
    );
}

/** Shown on the business's settings while its deletion is scheduled; owners can restore it. */
export function BusinessDeletionBanner({
  businessId,
  name,
  deleteAfter,
  canRestore,
}: {
  businessId: string;
  name: string;
  deleteAfter: Date;
  canRestore: boolean;
}) {
  const { t } = useTranslation("dataRights");
  const { locale } = useLocale();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const restore = useMutation(
    trpc.business.restore.mutationOptions({
      onSuccess: async () => {
        toast("success", t("businessDeletion.restored", { name }));
        await queryClient.invalidateQueries({ queryKey: trpc.business.get.queryKey({ businessId }) });
        await queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() });
      },
    }),
  );
  const date = new Intl.DateTimeFormat(locale, { dateStyle: "long" }).format(deleteAfter);
  return (
    <div
      role="alert"
      className="flex flex-wrap items-center justify-between gap-3 rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-900"
    >
      <p>{t(canRestore ? "businessDeletion.banner" : "businessDeletion.bannerMember", { name, date })}</p>
      {canRestore ? (
        <Button
          size="sm"
          variant="secondary"
          loading={restore.isPending}
          onClick={() => restore.mutate({ businessId })}
        >
          <RotateCcw aria-hidden /> {t("businessDeletion.restore")}
        </Button>
      ) : null}
      {restore.error ? <ProblemAlert problem={toProblem(restore.error)} className="w-full" /> : null}
    </div>
  );
}
