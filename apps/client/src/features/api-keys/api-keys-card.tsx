import type { ApiKeyModule } from "@kavi/domain";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Activity, KeyRound, RefreshCw, Trash2 } from "lucide-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useLocale, useProblemMessage } from "../../i18n/use-locale";
import { toProblem } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import { Badge } from "../../ui/badge";
import { Button } from "../../ui/button";
import { Card, CardHeader } from "../../ui/card";
import { Dialog } from "../../ui/dialog";
import { EmptyState } from "../../ui/empty-state";
import { ProblemAlert } from "../../ui/problem";
import { SkeletonList } from "../../ui/skeleton";
import { toast } from "../../ui/toast";
import { useBusiness } from "../shell/business-context";
import { useBusinessFormat } from "../shell/use-business-format";
import { ApiKeyCallsDialog } from "./api-key-calls-dialog";
import { type ApiKey, describeScopes, keyStatus } from "./api-key-types";

type Confirming = { action: "roll" | "revoke"; key: ApiKey } | null;

const STATUS_TONES = { active: "success", revoked: "neutral", expired: "warning" } as const;

/** The business's keys: what each reaches, when it was last used and from where; roll or revoke. */
export function ApiKeysCard({
  onCreate,
  onSecret,
}: {
  onCreate: () => void;
  onSecret: (shown: { name: string; secret: string }) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { business } = useBusiness();
  const format = useBusinessFormat();
  const { t } = useTranslation(["apiKeys", "shell"]);
  const { locale } = useLocale();
  const problemMessage = useProblemMessage();
  const [confirming, setConfirming] = useState<Confirming>(null);
  const [watching, setWatching] = useState<ApiKey | null>(null);
  const keys = useQuery(trpc.apiKeys.list.queryOptions({ businessId: business.id }));
  const invalidate = () =>
    queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey({ businessId: business.id }) });
  const onError = (error: unknown) => {
    const problem = toProblem(error);
    toast("error", problemMessage(problem), { requestId: problem.requestId });
  };
  const roll = useMutation(
    trpc.apiKeys.roll.mutationOptions({
      onSuccess: async (rolled) => {
        await invalidate();
        setConfirming(null);
        onSecret({ name: rolled.key.name, secret: rolled.secret });
      },
      onError,
    }),
  );
  const revoke = useMutation(
    trpc.apiKeys.revoke.mutationOptions({
      onSuccess: async (revoked) => {
        await invalidate();
        setConfirming(null);
        toast("success", t("keys.revokedToast", { name: revoked.name }), {
          description: t("keys.revokedToastBody"),
        });
      },
      onError,
    }),
  );
  const now = new Date();
  return (
    <Card>
      <CardHeader title={t("keys.title")} description={t("keys.description")} />
      {keys.isPending ? (
        <div className="p-5">
          <SkeletonList rows={3} label={t("keys.loading")} />
        </div>
      ) : keys.isError ? (
        <div className="p-5">
          <ProblemAlert error={keys.error} onRetry={() => void keys.refetch()} />
        </div>
      ) : keys.data.length === 0 ? (
        <EmptyState
          icon={KeyRound}
          title={t("keys.emptyTitle")}
          description={t("keys.emptyDescription")}
          action={<Button onClick={onCreate}>{t("create")}</Button>}
        />
      ) : (
        <ul className="divide-y divide-ink-100">
          {keys.data.map((key) => {
            const status = keyStatus(key, now);

            return (
              <li key={key.id} className="flex flex-col gap-3 px-5 py-4 sm:flex-row sm:items-center">
                <div className="min-w-0 flex-1">
                  <p className="flex flex-wrap items-center gap-2 text-sm font-medium text-ink-900">
                    <span className="truncate">{key.name}</span>
                    <Badge tone={STATUS_TONES[status]}>{t(`keys.status.${status}`)}</Badge>
                  </p>
                  <p className="mt-1 font-mono text-[13px] text-ink-700">{key.prefix}…</p>
                  <p className="mt-1 text-[13px] text-ink-500">
                    {describeScopes(key.scopes, (scope) =>
                      t("keys.scope", {
                        module: t(`shell:module.${scope.module as ApiKeyModule}`),
                        access: t(`access.${scope.access === "write" ? "write" : "read"}`),
                      }),
                    )}
                  </p>
                  <p className="mt-1 text-[13px] text-ink-500">
                    {key.lastUsedAt
                      ? key.lastUsedIp
                        ? t("keys.lastUsedFrom", {
                            when: format.relative(key.lastUsedAt),
                            ip: key.lastUsedIp,
                          })
                        : t("keys.lastUsed", { when: format.relative(key.lastUsedAt) })
                      : t("keys.neverUsed")}
                    {" · "}
                    {t("keys.perHour", {
                      count: key.rateLimitPerHour,
                      formatted: key.rateLimitPerHour.toLocaleString(locale),
                    })}
                    {key.expiresAt ? ` · ${t("keys.expires", { date: format.date(key.expiresAt) })}` : ""}
                  </p>
                  <p className="mt-1 text-[13px] text-ink-500">
                    {t("keys.createdBy", { name: key.createdByName, date: format.date(key.createdAt) })}
                  </p>
                </div>
                <div className="flex flex-wrap gap-2">
                  <Button variant="secondary" size="sm" onClick={() => setWatching(key)}>
                    <Activity aria-hidden /> {t("calls.open")}
                  </Button>
                  {status === "revoked" ? null : (
                    <>
                      <Button
                        variant="secondary"
                        size="sm"
                        onClick={() => setConfirming({ action: "roll", key })}
                      >
                        <RefreshCw aria-hidden /> {t("keys.roll")}
                      </Button>
                      <Button
                        variant="secondary"
                        size="sm"
                        onClick={() => setConfirming({ action: "revoke", key })}
                      >
                        <Trash2 aria-hidden /> {t("keys.revoke")}
                      </Button>
                    </>
                  )}
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <ApiKeyCallsDialog apiKey={watching} onClose={() => setWatching(null)} />
      <Dialog
        open={confirming !== null}
        onOpenChange={(open) => {
          if (!open) setConfirming(null);
        }}
        size="sm"
        title={
          confirming?.action === "roll"
            ? t("keys.rollTitle", { name: confirming.key.name })
            : t("keys.revokeTitle", { name: confirming?.key.name ?? "" })
        }
        description={confirming?.action === "roll" ? t("keys.rollBody") : t("keys.revokeBody")}
        footer={
          <>
            <Button variant="secondary" onClick={() => setConfirming(null)}>
              {t("cancel")}
            </Button>
            {confirming?.action === "roll" ? (
              <Button
                loading={roll.isPending}
                onClick={() => roll.mutate({ businessId: business.id, apiKeyId: confirming.key.id })}
              >
                {t("keys.rollKey")}
              </Button>
            ) : (
              <Button
                variant="danger"
                loading={revoke.isPending}
                onClick={() =>
                  confirming && revoke.mutate({ businessId: business.id, apiKeyId: confirming.key.id })
                }
              >
                {t("keys.revokeKey")}
              </Button>
            )}
          </>
        }
      >
        {null}
      </Dialog>
    </Card>
  );
}
