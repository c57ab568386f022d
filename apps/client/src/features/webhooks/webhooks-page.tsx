import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Copy, Pencil, Plus, Power, RefreshCw, Send, Trash2, Webhook } from "lucide-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useTRPC } from "../../lib/trpc";
import { Badge } from "../../ui/badge";
import { Button } from "../../ui/button";
import { Card, CardBody, CardHeader } from "../../ui/card";
import { Dialog } from "../../ui/dialog";
import { EmptyState } from "../../ui/empty-state";
import { PageHeader } from "../../ui/page-header";
import { Notice, ProblemAlert } from "../../ui/problem";
import { SkeletonList } from "../../ui/skeleton";
import { toast } from "../../ui/toast";
import { useBusiness } from "../shell/business-context";
import { RequireAccess } from "../shell/require-access";
import { SettingsTabs } from "../shell/settings-tabs";
import { useBusinessFormat } from "../shell/use-business-format";
import { DeliveryLog } from "./delivery-log";
import { EndpointDialog, type WebhookEndpoint } from "./endpoint-dialog";

/** The signing secret, shown once after it is made; KAVI cannot show it again. */
function SecretDialog({ secret, onClose }: { secret: string; onClose: () => void }) {
  const { t } = useTranslation("webhooks");
  return (
    <Dialog
      open
      onOpenChange={(open) => (open ? undefined : onClose())}
      title={t("secret.title")}
      description={t("secret.description")}
      footer={<Button onClick={onClose}>{t("secret.copied")}</Button>}
    >
      <div className="flex items-start gap-2">
        <code className="block min-w-0 flex-1 rounded bg-ink-50 px-2 py-1.5 text-[12px] break-all text-ink-800">
          {secret}
        </code>
        <Button
          variant="secondary"
          size="sm"
          aria-label={t("secret.copy")}
          onClick={() =>
            navigator.clipboard.writeText(secret).then(() => toast("success", t("secret.copiedToast")))
          }
        >
          <Copy aria-hidden />
        </Button>
      </div>
    </Dialog>
  );
}

function EndpointCard({
  endpoint,
  onEdit,
  onSecret,
}: {
  endpoint: WebhookEndpoint;
  onEdit: () => void;
  onSecret: (secret: string) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { business } = useBusiness();
  const format = useBusinessFormat();
  const { t } = useTranslation("webhooks");
  const [confirm, setConfirm] = useState<"rotate" | "delete" | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.webhooks.pathKey() });
  const scope = { businessId: business.id, endpointId: endpoint.id };
  const sendTest = useMutation(
    trpc.webhooks.endpoints.sendTest.mutationOptions({
      onSuccess: async () => {
        await refresh();
        toast("success", t("endpoint.testQueued"), { description: t("endpoint.testQueuedBody") });
      },
    }),
  );
  const toggle = useMutation(
    trpc.webhooks.endpoints.update.mutationOptions({
      onSuccess: async (saved) => {
        await refresh();
        toast("success", saved.enabled ? t("endpoint.switchedOn") : t("endpoint.switchedOff"));
      },
    }),
  );
  const rotate = useMutation(
    trpc.webhooks.endpoints.rotateSecret.mutationOptions({
      onSuccess: async (result) => {
        setConfirm(null);
        await refresh();
        onSecret(result.secret);
      },
    }),
  );
  const remove = useMutation(
    trpc.webhooks.endpoints.delete.mutationOptions({
      onSuccess: async () => {
        setConfirm(null);
        await refresh();
        toast("success", t("endpoint.deleted"));
      },
    }),
  );
  const problem = sendTest.error ?? toggle.error;
  return (
    <Card>
      <CardHeader
        title={<span className="break-all">{endpoint.description ?? endpoint.url}</span>}
        description={endpoint.description ? <span className="break-all">{endpoint.url}</span> : undefined}
        actions={
          endpoint.flaggedAt ? (
            <Badge tone="danger">{t("endpoint.failing")}</Badge>
          ) : endpoint.enabled ? (
            <Badge tone="success">{t("endpoint.on")}</Badge>
          ) : (
            <Badge>{t("endpoint.off")}</Badge>
          )
        }
      />
      <CardBody className="flex flex-col gap-3">
        {endpoint.flaggedAt ? (
          <Notice tone="warning">
            {t("endpoint.flagged", { when: format.relative(endpoint.flaggedAt) })}
            {endpoint.flagReason ? ` ${endpoint.flagReason}.` : ""} {t("endpoint.flaggedFix")}
          </Notice>
        ) : null}
        {problem ? <ProblemAlert error={problem} /> : null}
        <div className="flex flex-wrap gap-1.5">
          {endpoint.events.map((event) => (
            <Badge key={event} tone="info">
              {event}
            </Badge>
          ))}
        </div>
        <div className="flex flex-wrap gap-2">
          <Button
            variant="secondary"
            size="sm"
            loading={sendTest.isPending}
            disabled={!endpoint.enabled}
            onClick={() => sendTest.mutate(scope)}
          >
            <Send aria-hidden /> {t("endpoint.sendTest")}
          </Button>
          <Button
            variant="secondary"
            size="sm"
            loading={toggle.isPending}
            onClick={() => toggle.mutate({ ...scope, enabled: !endpoint.enabled })}
          >
            <Power aria-hidden /> {endpoint.enabled ? t("endpoint.switchOff") : t("endpoint.switchOn")}
          </Button>
          <Button variant="ghost" size="sm" onClick={onEdit}>
            <Pencil aria-hidden /> {t("endpoint.edit")}
          </Button>
          <Button variant="ghost" size="sm" onClick={() => setConfirm("rotate")}>
            <RefreshCw aria-hidden /> {t("endpoint.newSecret")}
          </Button>
          <Button variant="ghost" size="sm" onClick={() => setConfirm("delete")}>
            <Trash2 aria-hidden /> {t("endpoint.delete")}
          </Button>
        </div>
      </CardBody>
      <DeliveryLog endpointId={endpoint.id} />
      <Dialog
        open={confirm !== null}
        onOpenChange={(open) => (open ? undefined : setConfirm(null))}
        title={confirm === "delete" ? t("confirm.deleteTitle") : t("confirm.rotateTitle")}
        description={confirm === "delete" ? t("confirm.deleteBody") : t("confirm.rotateBody")}
        footer={
          <>
            <Button variant="secondary" onClick={() => setConfirm(null)}>
              {t("confirm.cancel")}
            </Button>
            <Button
              variant="danger"
              loading={rotate.isPending || remove.isPending}
              onClick={() => (confirm === "delete" ? remove.mutate(scope) : rotate.mutate(scope))}
            >
              {confirm === "delete" ? t("endpoint.delete") : t("confirm.rotate")}
            </Button>
          </>
        }
      >
        {rotate.error ? <ProblemAlert error={rotate.error} /> : null}
        {remove.error ? <ProblemAlert error={remove.error} /> : null}
      </Dialog>
    </Card>
  );
}

function WebhooksContent() {
  const trpc = useTRPC();
  const { business } = useBusiness();
  const { t } = useTranslation("webhooks");
  const endpoints = useQuery(trpc.webhooks.endpoints.list.queryOptions({ businessId: business.id }));
  const [editing, setEditing] = useState<WebhookEndpoint | "new" | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const add = (
    <Button onClick={() => setEditing("new")}>
      <Plus aria-hidden /> {t("add")}
    </Button>
  );
  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={endpoints.data && endpoints.data.length > 0 ? add : undefined}
      />
      <SettingsTabs />
      {endpoints.isPending ? (
        <SkeletonList rows={4} label={t("loading")} />
      ) : endpoints.error ? (
        <ProblemAlert error={endpoints.error} onRetry={() => endpoints.refetch()} />
      ) : endpoints.data.length === 0 ? (
        <Card>
          <EmptyState
            icon={Webhook}
            title={t("emptyTitle")}
            description={t("emptyDescription")}
            action={add}
          />
        </Card>
      ) : (
        <div className="flex flex-col gap-6">
          {endpoints.data.map((endpoint) => (
            <EndpointCard
              key={endpoint.id}
              endpoint={endpoint}
              onEdit={() => setEditing(endpoint)}
              onSecret={setSecret}
            />
          ))}
        </div>
      )}
      {editing ? (
        <EndpointDialog
          editing={editing === "new" ? null : editing}
          onClose={() => setEditing(null)}
          onCreated={setSecret}
        />
      ) : null}
      {secret ? <SecretDialog secret={secret} onClose={() => setSecret(null)} /> : null}
    </>
  );
}

export default function WebhooksPage() {
  return (
    <RequireAccess requirement="webhooks.manage">
      <WebhooksContent />
    </RequireAccess>
  );
}
