import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Copy, Pencil, Plus, Power, RefreshCw, Send, Trash2, Webhook } from "lucide-react";
import { useState } from "react";
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
  return (
    <Dialog
      open
      onOpenChange={(open) => (open ? undefined : onClose())}
      title="Copy the signing secret now"
      description="Your receiver uses it to check that each webhook came from KAVI. It is shown only this once; if it is lost, make a new one."
      footer={<Button onClick={onClose}>I have copied it</Button>}
    >
      <div className="flex items-start gap-2">
        <code className="block min-w-0 flex-1 rounded bg-ink-50 px-2 py-1.5 text-[12px] break-all text-ink-800">
          {secret}
        </code>
        <Button
          variant="secondary"
          size="sm"
          aria-label="Copy the signing secret"
          onClick={() => navigator.clipboard.writeText(secret).then(() => toast("success", "Copied"))}
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
  const [confirm, setConfirm] = useState<"rotate" | "delete" | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.webhooks.pathKey() });
  const scope = { businessId: business.id, endpointId: endpoint.id };
  const sendTest = useMutation(
    trpc.webhooks.endpoints.sendTest.mutationOptions({
      onSuccess: async () => {
        await refresh();
        toast("success", "Test event queued", { description: "Its delivery appears in the log below." });
      },
    }),
  );
  const toggle = useMutation(
    trpc.webhooks.endpoints.update.mutationOptions({
      onSuccess: async (saved) => {
        await refresh();
        toast("success", saved.enabled ? "Endpoint switched on" : "Endpoint switched off");
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
        toast("success", "Endpoint deleted");
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
            <Badge tone="danger">Switched off: failing</Badge>
          ) : endpoint.enabled ? (
            <Badge tone="success">On</Badge>
          ) : (
            <Badge>Off</Badge>
          )
        }
      />
      <CardBody className="flex flex-col gap-3">
        {endpoint.flaggedAt ? (
          <Notice tone="warning">
            Deliveries kept failing for a day, so KAVI switched this endpoint off{" "}
            {format.relative(endpoint.flaggedAt)}.{endpoint.flagReason ? ` ${endpoint.flagReason}.` : ""} Fix
            the receiver, then switch it back on.
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
            <Send aria-hidden /> Send test event
          </Button>
          <Button
            variant="secondary"
            size="sm"
            loading={toggle.isPending}
            onClick={() => toggle.mutate({ ...scope, enabled: !endpoint.enabled })}
          >
            <Power aria-hidden /> {endpoint.enabled ? "Switch off" : "Switch on"}
          </Button>
          <Button variant="ghost" size="sm" onClick={onEdit}>
            <Pencil aria-hidden /> Edit
          </Button>
          <Button variant="ghost" size="sm" onClick={() => setConfirm("rotate")}>
            <RefreshCw aria-hidden /> New secret
          </Button>
          <Button variant="ghost" size="sm" onClick={() => setConfirm("delete")}>
            <Trash2 aria-hidden /> Delete
          </Button>
        </div>
      </CardBody>
      <DeliveryLog endpointId={endpoint.id} />
      <Dialog
        open={confirm !== null}
        onOpenChange={(open) => (open ? undefined : setConfirm(null))}
        title={confirm === "delete" ? "Delete this endpoint?" : "Make a new signing secret?"}
        description={
          confirm === "delete"
            ? "KAVI stops sending to it at once, and its delivery log is deleted with it."
            : "The old secret stops working at once: update your receiver with the new one straight away."
        }
        footer={
          <>
            <Button variant="secondary" onClick={() => setConfirm(null)}>
              Cancel
            </Button>
            <Button
              variant="danger"
              loading={rotate.isPending || remove.isPending}
              onClick={() => (confirm === "delete" ? remove.mutate(scope) : rotate.mutate(scope))}
            >
              {confirm === "delete" ? "Delete" : "Make a new secret"}
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
  const endpoints = useQuery(trpc.webhooks.endpoints.list.queryOptions({ businessId: business.id }));
  const [editing, setEditing] = useState<WebhookEndpoint | "new" | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const add = (
    <Button onClick={() => setEditing("new")}>
      <Plus aria-hidden /> Add endpoint
    </Button>
  );
  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Tell your other systems the moment an invoice is paid or money arrives: KAVI POSTs signed events to your endpoints."
        actions={endpoints.data && endpoints.data.length > 0 ? add : undefined}
      />
      <SettingsTabs />
      {endpoints.isPending ? (
        <SkeletonList rows={4} label="Loading webhook endpoints" />
      ) : endpoints.error ? (
        <ProblemAlert error={endpoints.error} onRetry={() => endpoints.refetch()} />
      ) : endpoints.data.length === 0 ? (
        <Card>
          <EmptyState
            icon={Webhook}
            title="No webhook endpoints yet"
            description="Add the address of your shop, POS or script, choose the events it needs, and KAVI sends each one as it happens, signed so your receiver can trust it."
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
