import { useInfiniteQuery } from "@tanstack/react-query";
import { Activity } from "lucide-react";
import { useTranslation } from "react-i18next";
import { useTRPC } from "../../lib/trpc";
import { Badge, type BadgeTone } from "../../ui/badge";
import { Button } from "../../ui/button";
import { Dialog } from "../../ui/dialog";
import { EmptyState } from "../../ui/empty-state";
import { ProblemAlert } from "../../ui/problem";
import { SkeletonList } from "../../ui/skeleton";
import { useBusiness } from "../shell/business-context";
import { useBusinessFormat } from "../shell/use-business-format";

function statusTone(status: number): BadgeTone {
  if (status >= 500) return "danger";
  if (status >= 400) return "warning";
  return "success";
}

/** A key's recent calls, newest first: what it asked for, what it got, from where and when. */
export function ApiKeyCallsDialog({
  apiKey,
  onClose,
}: {
  apiKey: { id: string; name: string } | null;
  onClose: () => void;
}) {
  const { t } = useTranslation("apiKeys");
  return (
    <Dialog
      open={apiKey !== null}
      onOpenChange={(open) => {
        if (!open) onClose();
      }}
      size="lg"
      title={t("calls.title", { name: apiKey?.name ?? "" })}
      description={t("calls.description")}
    >
      {apiKey ? <ApiKeyCalls apiKeyId={apiKey.id} /> : null}
    </Dialog>
  );
}

function ApiKeyCalls({ apiKeyId }: { apiKeyId: string }) {
  const { t } = useTranslation("apiKeys");
  const trpc = useTRPC();
  const { business } = useBusiness();
  const format = useBusinessFormat();
  const calls = useInfiniteQuery(
    trpc.apiKeys.requests.infiniteQueryOptions(
      { businessId: business.id, apiKeyId, limit: 25 },
      // Calls arrive all the time: opening the dialog always asks again.
      { getNextPageParam: (page) => page.nextCursor ?? undefined, refetchOnMount: "always" },
    ),
  );
  if (calls.isPending) return <SkeletonList rows={4} label={t("calls.loading")} />;
  if (calls.isError) return <ProblemAlert error={calls.error} onRetry={() => void calls.refetch()} />;
  const items = calls.data.pages.flatMap((page) => page.items);
  if (items.length === 0) {
    return (
      <EmptyState icon={Activity} title={t("calls.emptyTitle")} description={t("calls.emptyDescription")} />
    );
  }
  return (
    <div>
      <ol className="divide-y divide-ink-100" aria-label={t("calls.listLabel")}>
        {items.map((call) => (
          <li key={call.id} className="flex flex-col gap-1 py-3 sm:flex-row sm:items-center sm:gap-3">
            <div className="flex min-w-0 flex-1 items-center gap-2">
              <Badge tone={statusTone(call.status)}>{call.status}</Badge>
              <span className="font-mono text-xs font-medium text-ink-700">{call.method}</span>
              <span className="truncate font-mono text-xs text-ink-900" title={call.path}>
                {call.operation ?? call.path}
              </span>
            </div>
            <p className="text-xs text-ink-500 sm:text-right">
              {call.ip
                ? t("calls.whenFrom", { when: format.dateTime(call.createdAt), ip: call.ip })
                : format.dateTime(call.createdAt)}
              {" · "}
              {t("calls.duration", { count: call.durationMs })}
            </p>
          </li>
        ))}
      </ol>
      {calls.hasNextPage ? (
        <div className="pt-3">
          <Button
            variant="secondary"
            size="sm"
            loading={calls.isFetchingNextPage}
            onClick={() => void calls.fetchNextPage()}
          >
            {t("calls.more")}
          </Button>
        </div>
      ) : null}
      <p className="pt-3 text-xs text-ink-500">{t("calls.retention")}</p>
    </div>
  );
}
