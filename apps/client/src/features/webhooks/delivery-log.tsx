import type { AppRouter, inferRouterOutputs } from "@kavi/api";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { RotateCw } from "lucide-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useTRPC } from "../../lib/trpc";
import { Badge, type BadgeTone } from "../../ui/badge";
import { Button } from "../../ui/button";
import { Dialog } from "../../ui/dialog";
import { LoadMore } from "../../ui/load-more";
import { ProblemAlert } from "../../ui/problem";
import { SkeletonList } from "../../ui/skeleton";
import { toast } from "../../ui/toast";
import { useBusiness } from "../shell/business-context";
import { useBusinessFormat } from "../shell/use-business-format";

type Delivery = inferRouterOutputs<AppRouter>["webhooks"]["deliveries"]["list"]["items"][number];

const STATUS: Record<Delivery["status"], { key: "retrying" | "delivered" | "failed"; tone: BadgeTone }> = {
  pending: { key: "retrying", tone: "warning" },
  succeeded: { key: "delivered", tone: "success" },
  failed: { key: "failed", tone: "danger" },
};

function statusOf(delivery: Pick<Delivery, "status" | "attempts">) {
  return delivery.status === "pending" && delivery.attempts === 0
    ? { key: "queued" as const, tone: "neutral" as const }
    : STATUS[delivery.status];
}

function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** One delivery: the body, and each attempt's request headers, answer and timing; "Resend". */
function DeliveryDialog({ deliveryId, onClose }: { deliveryId: string; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { business } = useBusiness();
  const format = useBusinessFormat();
  const { t } = useTranslation("webhooks");
  const detail = useQuery(trpc.webhooks.deliveries.get.queryOptions({ businessId: business.id, deliveryId }));
  const resend = useMutation(
    trpc.webhooks.deliveries.resend.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.webhooks.deliveries.pathKey() });
        toast("success", t("log.sentAgain"), { description: t("log.sentAgainBody") });
        onClose();
      },
    }),
  );
  return (
    <Dialog
      open
      onOpenChange={(open) => (open ? undefined : onClose())}
      title={detail.data ? detail.data.eventType : t("log.delivery")}
      description={
        detail.data ? t("log.created", { when: format.dateTime(detail.data.createdAt) }) : undefined
      }
      size="lg"
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            {t("log.close")}
          </Button>
          <Button
            loading={resend.isPending}
            disabled={!detail.data}
            onClick={() => resend.mutate({ businessId: business.id, deliveryId })}
          >
            <RotateCw aria-hidden /> {t("log.resend")}
          </Button>
        </>
      }
    >
      {detail.isPending ? (
        <SkeletonList rows={3} label={t("log.loadingOne")} />
      ) : detail.error ? (
        <ProblemAlert error={detail.error} onRetry={() => detail.refetch()} />
      ) : (
        <div className="flex flex-col gap-4 text-[13px]">
          {resend.error ? <ProblemAlert error={resend.error} /> : null}
          <div>
            <h4 className="mb-1 font-medium text-ink-800">{t("log.body")}</h4>
            <pre className="max-h-56 overflow-auto rounded bg-ink-50 p-2 text-[12px] break-all whitespace-pre-wrap">
              {prettyJson(detail.data.body)}
            </pre>
          </div>
          <h4 className="font-medium text-ink-800">
            {t("log.attemptsHeading", { count: detail.data.attemptLog.length })}
          </h4>
          {detail.data.attemptLog.length === 0 ? (
            <p className="text-ink-500">{t("log.notTried")}</p>
          ) : (
            detail.data.attemptLog.map((attempt) => (
              <div key={attempt.id} className="rounded-md border border-ink-100 p-3">
                <p className="flex flex-wrap items-center gap-2">
                  <Badge tone={attempt.error ? "danger" : "success"}>
                    {attempt.responseStatus ?? t("log.noAnswer")}
                  </Badge>
                  <span>{format.dateTime(attempt.attemptedAt)}</span>
                  <span className="text-ink-500">{t("log.duration", { count: attempt.durationMs })}</span>
                </p>
                {attempt.error ? <p className="mt-1 text-red-700">{attempt.error}</p> : null}
                <details className="mt-2">
                  <summary className="cursor-pointer text-ink-600">{t("log.requestHeaders")}</summary>
                  <pre className="mt-1 overflow-auto rounded bg-ink-50 p-2 text-[12px] break-all whitespace-pre-wrap">
                    {Object.entries(attempt.requestHeaders)
                      .map(([name, value]) => `${name}: ${value}`)
                      .join("\n")}
                  </pre>
                </details>
                {attempt.responseBody ? (
                  <details className="mt-1">
                    <summary className="cursor-pointer text-ink-600">{t("log.response")}</summary>
                    <pre className="mt-1 max-h-40 overflow-auto rounded bg-ink-50 p-2 text-[12px] break-all whitespace-pre-wrap">
                      {attempt.responseBody}
                    </pre>
                  </details>
                ) : null}
              </div>
            ))
          )}
        </div>
      )}
    </Dialog>
  );
}

/** An endpoint's deliveries, newest first; a row opens its attempts. */
export function DeliveryLog({ endpointId }: { endpointId: string }) {
  const trpc = useTRPC();
  const { business } = useBusiness();
  const format = useBusinessFormat();
  const { t } = useTranslation("webhooks");
  const [open, setOpen] = useState<string | null>(null);
  const deliveries = useInfiniteQuery(
    trpc.webhooks.deliveries.list.infiniteQueryOptions(
      { businessId: business.id, endpointId, limit: 10 },
      { getNextPageParam: (page) => page.nextCursor ?? undefined, refetchInterval: 5_000 },
    ),
  );
  const items = deliveries.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <div className="border-t border-ink-100">
      <h4 className="px-5 pt-4 text-[13px] font-medium text-ink-700 sm:px-7">{t("log.title")}</h4>
      {deliveries.isPending ? (
        <div className="px-5 py-3 sm:px-7">
          <SkeletonList rows={2} label={t("log.loading")} />
        </div>
      ) : deliveries.error ? (
        <div className="px-5 py-3 sm:px-7">
          <ProblemAlert error={deliveries.error} onRetry={() => deliveries.refetch()} />
        </div>
      ) : items.length === 0 ? (
        <p className="px-5 py-3 text-[13px] text-ink-500 sm:px-7">{t("log.empty")}</p>
      ) : (
        <ul className="divide-y divide-ink-100">
          {items.map((delivery) => {
            const status = statusOf(delivery);
            return (
              <li key={delivery.id}>
                <button
                  type="button"
                  className="flex w-full flex-wrap items-center gap-x-3 gap-y-1 px-5 py-2.5 text-left text-[13px] hover:bg-ink-50 focus-visible:outline-2 focus-visible:outline-brand-600 sm:px-7"
                  onClick={() => setOpen(delivery.id)}
                >
                  <Badge tone={status.tone}>{t(`log.status.${status.key}`)}</Badge>
                  <code className="text-ink-800">{delivery.eventType}</code>
                  <span className="text-ink-500">{format.relative(delivery.createdAt)}</span>
                  <span className="ml-auto text-ink-500">
                    {delivery.lastResponseStatus ? `HTTP ${delivery.lastResponseStatus} · ` : ""}
                    {t("log.attempts", { count: delivery.attempts })}
                    {delivery.manual ? ` · ${t("log.manual")}` : ""}
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <LoadMore query={deliveries} placement="footer" />
      {open ? <DeliveryDialog deliveryId={open} onClose={() => setOpen(null)} /> : null}
    </div>
  );
}
