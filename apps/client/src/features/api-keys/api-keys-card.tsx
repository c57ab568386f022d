import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Activity, KeyRound, RefreshCw, Trash2 } from "lucide-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
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

const STATUS_BADGES = {
  active: { tone: "success", label: "Active" },
  revoked: { tone: "neutral", label: "Revoked" },
  expired: { tone: "warning", label: "Expired" },
} as const;

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
  const { t } = useTranslation("apiKeys");
  const [confirming, setConfirming] = useState<Confirming>(null);
  const [watching, setWatching] = useState<ApiKey | null>(null);
  const keys = useQuery(trpc.apiKeys.list.queryOptions({ businessId: business.id }));
  const invalidate = () =>
    queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey({ businessId: business.id }) });
  const onError = (error: unknown) => {
    const problem = toProblem(error);
    toast("error", problem.message, { requestId: problem.requestId });
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
        toast("success", `${revoked.name} revoked`, {
          description: "Calls with it are refused from now on.",
        });
      },
      onError,
    }),
  );
  const now = new Date();
  return (
    <Card>
      <CardHeader
        title="API keys"
        description="Each key works for this business only, within the modules you chose."
      />
      {keys.isPending ? (
        <div className="p-5">
          <SkeletonList rows={3} label="Loading API keys" />
        </div>
      ) : keys.isError ? (
        <div className="p-5">
          <ProblemAlert error={keys.error} onRetry={() => void keys.refetch()} />
        </div>
      ) : keys.data.length === 0 ? (
        <EmptyState
          icon={KeyRound}
          title="No API keys yet"
          description="Create one to connect your POS, online shop or accounting software to KAVI."
          action={<Button onClick={onCreate}>Create API key</Button>}
        />
      ) : (
        <ul className="divide-y divide-ink-100">
          {keys.data.map((key) => {
            const status = keyStatus(key, now);
            const badge = STATUS_BADGES[status];
            return (
              <li key={key.id} className="flex flex-col gap-3 px-5 py-4 sm:flex-row sm:items-center">
                <div className="min-w-0 flex-1">
                  <p className="flex flex-wrap items-center gap-2 text-sm font-medium text-ink-900">
                    <span className="truncate">{key.name}</span>
                    <Badge tone={badge.tone}>{badge.label}</Badge>
                  </p>
                  <p className="mt-1 font-mono text-[13px] text-ink-700">{key.prefix}…</p>
                  <p className="mt-1 text-[13px] text-ink-500">{describeScopes(key.scopes)}</p>
                  <p className="mt-1 text-[13px] text-ink-500">
                    {key.lastUsedAt
                      ? `Last used ${format.relative(key.lastUsedAt)}${key.lastUsedIp ? ` from ${key.lastUsedIp}` : ""}`
                      : "Never used"}
                    {" · "}
                    {key.rateLimitPerHour.toLocaleString("en-KE")} requests an hour
                    {key.expiresAt ? ` · Expires ${format.date(key.expiresAt)}` : ""}
                  </p>
                  <p className="mt-1 text-[13px] text-ink-500">
                    Created by {key.createdByName} on {format.date(key.createdAt)}
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
                        <RefreshCw aria-hidden /> Roll
                      </Button>
                      <Button
                        variant="secondary"
                        size="sm"
                        onClick={() => setConfirming({ action: "revoke", key })}
                      >
                        <Trash2 aria-hidden /> Revoke
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
          confirming?.action === "roll" ? `Roll ${confirming.key.name}?` : `Revoke ${confirming?.key.name}?`
        }
        description={
          confirming?.action === "roll"
            ? "You get a new secret for the same key. The old one stops working at once: update the system that uses it."
            : "Calls with this key are refused from now on. This cannot be undone."
        }
        footer={
          <>
            <Button variant="secondary" onClick={() => setConfirming(null)}>
              Cancel
            </Button>
            {confirming?.action === "roll" ? (
              <Button
                loading={roll.isPending}
                onClick={() => roll.mutate({ businessId: business.id, apiKeyId: confirming.key.id })}
              >
                Roll key
              </Button>
            ) : (
              <Button
                variant="danger"
                loading={revoke.isPending}
                onClick={() =>
                  confirming && revoke.mutate({ businessId: business.id, apiKeyId: confirming.key.id })
                }
              >
                Revoke key
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
