import { parseMoney } from "@kavi/domain";
import { AlertTriangle, CloudCheck, CloudUpload, ImageIcon, Pencil, RefreshCw, Trash2 } from "lucide-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { useLocale, useTranslateMessage } from "../../i18n/use-locale";
import { cn } from "../../lib/cn";
import { Badge } from "../../ui/badge";
import { Button } from "../../ui/button";
import { Dialog } from "../../ui/dialog";
import { EmptyState } from "../../ui/empty-state";
import { Money } from "../../ui/money";
import { useOnline } from "../../ui/offline-banner";
import { toast } from "../../ui/toast";
import type { CapturedEntry } from "./capture-store";
import { useCaptures } from "./captures-provider";

/** The amount as typed, in minor units, signed like the ledger (an expense is money out); null if unreadable. */
export function queuedAmount(entry: CapturedEntry): bigint | null {
  try {
    const minor = parseMoney(entry.input.amount, entry.input.currency);
    return entry.input.type === "expense" ? -minor : minor;
  } catch {
    return null;
  }
}

export function queuedTitle(entry: CapturedEntry, fallback: string): string {
  const description = entry.input.description;
  return typeof description === "string" && description.trim() ? description : fallback;
}

export function StateBadge({ entry }: { entry: CapturedEntry }) {
  const { t } = useTranslation("offline");
  return (
    <Badge tone={entry.state === "conflict" ? "danger" : "warning"}>
      {entry.state === "conflict" ? (
        <AlertTriangle aria-hidden className="size-3" />
      ) : (
        <CloudUpload aria-hidden className="size-3" />
      )}
      {t(`state.${entry.state}`)}
    </Badge>
  );
}

function useTimeText() {
  const { locale } = useLocale();
  return (epochMs: number) =>
    new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(new Date(epochMs));
}

/** The shell's indicator: how many entries wait (or need attention); opens the queue. */
export function SyncQueueButton({ className }: { className?: string }) {
  const { entries } = useCaptures();
  const online = useOnline();
  const [open, setOpen] = useState(false);
  const { t } = useTranslation("offline");
  const conflicts = entries.filter((entry) => entry.state === "conflict").length;
  if (entries.length === 0 && online) return null;
  const label =
    conflicts > 0
      ? t("indicator.conflicts", { count: conflicts })
      : entries.length > 0
        ? t("indicator.label", { count: entries.length })
        : t("indicator.empty");
  return (
    <>
      <button
        type="button"
        onClick={() => setOpen(true)}
        aria-label={label}
        title={label}
        data-testid="sync-queue-indicator"
        className={cn(
          "relative inline-flex h-9 items-center gap-1.5 rounded-md px-2 text-sm font-medium hover:bg-ink-100",
          conflicts > 0 ? "text-red-700" : "text-amber-800",
          className,
        )}
      >
        {conflicts > 0 ? (
          <AlertTriangle aria-hidden className="size-5" />
        ) : (
          <CloudUpload aria-hidden className="size-5" />
        )}
        {entries.length > 0 ? (
          <span className="tabular min-w-5 rounded-full bg-amber-100 px-1.5 text-center text-[12px] leading-5 text-amber-900">
            {entries.length}
          </span>
        ) : null}
      </button>
      <SyncQueueSheet open={open} onOpenChange={setOpen} />
    </>
  );
}

/** Everything waiting on this device for the signed-in person: sync now, edit a refused entry, discard. */
export function SyncQueueSheet({
  open,
  onOpenChange,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const { entries, syncing, syncNow, discard } = useCaptures();
  const online = useOnline();
  const navigate = useNavigate();
  const { t } = useTranslation("offline");
  const timeText = useTimeText();
  const translateMessage = useTranslateMessage();
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title={t("queue.title")}
      description={t("queue.description")}
      footer={
        <>
          <Button variant="secondary" onClick={() => onOpenChange(false)}>
            {t("queue.close")}
          </Button>
          <Button
            onClick={() => void syncNow()}
            loading={syncing}
            disabled={!online || entries.every((entry) => entry.state === "conflict")}
          >
            <RefreshCw aria-hidden /> {syncing ? t("queue.syncing") : t("queue.syncNow")}
          </Button>
        </>
      }
    >
      {online ? null : (
        <p className="mb-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {t("queue.offlineHint")}
        </p>
      )}
      {entries.length === 0 ? (
        <EmptyState
          icon={CloudCheck}
          title={t("queue.emptyTitle")}
          description={t("queue.emptyDescription")}
        />
      ) : (
        <ul className="flex flex-col divide-y divide-ink-100" aria-label={t("queue.title")}>
          {entries.map((entry) => {
            const amount = queuedAmount(entry);
            return (
              <li key={entry.id} className="flex flex-col gap-2 py-3" data-testid="queued-entry">
                <div className="flex items-start gap-3">
                  <div className="min-w-0 flex-1">
                    <p className="truncate text-sm font-medium text-ink-900">
                      {queuedTitle(entry, t("state.waiting"))}
                    </p>
                    <p className="flex flex-wrap items-center gap-x-2 text-[12px] text-ink-500">
                      <span>{t("queue.capturedAt", { time: timeText(entry.capturedAt) })}</span>
                      {entry.receipt ? (
                        <span className="inline-flex items-center gap-1">
                          <ImageIcon aria-hidden className="size-3" /> {t("queue.withPhoto")}
                        </span>
                      ) : null}
                      {entry.state !== "conflict" && entry.attempts > 0 ? (
                        <span>{t("queue.retryAt", { time: timeText(entry.nextAttemptAt) })}</span>
                      ) : null}
                    </p>
                  </div>
                  <div className="flex shrink-0 flex-col items-end gap-1">
                    {amount === null ? (
                      <span className="text-sm">{entry.input.amount}</span>
                    ) : (
                      <Money
                        amountMinor={amount}
                        currency={entry.input.currency}
                        signed
                        className="text-sm font-semibold"
                      />
                    )}
                    <StateBadge entry={entry} />
                  </div>
                </div>
                {entry.state === "conflict" && entry.problem ? (
                  <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
                    {entry.transactionId
                      ? t("conflict.photoRefused", { message: translateMessage(entry.problem.message) })
                      : t("conflict.refused", { message: translateMessage(entry.problem.message) })}
                  </p>
                ) : null}
                <div className="flex flex-wrap justify-end gap-2">
                  {entry.state === "conflict" && !entry.transactionId ? (
                    <Button
                      size="sm"
                      variant="secondary"
                      onClick={() => {
                        onOpenChange(false);
                        void navigate(`/b/${entry.businessId}/transactions?queued=${entry.id}`);
                      }}
                    >
                      <Pencil aria-hidden /> {t("queue.edit")}
                    </Button>
                  ) : null}
                  <Button
                    size="sm"
                    variant="ghost"
                    onClick={async () => {
                      const question = entry.transactionId
                        ? t("queue.confirmDiscardPhoto")
                        : t("queue.confirmDiscard");
                      if (!window.confirm(question)) return;
                      await discard(entry.id);
                      toast("success", t("queue.discarded"));
                    }}
                  >
                    <Trash2 aria-hidden />{" "}
                    {entry.transactionId ? t("queue.discardPhoto") : t("queue.discard")}
                  </Button>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </Dialog>
  );
}
