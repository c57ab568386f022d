import type { AppRouter, inferRouterOutputs } from "@kavi/api";
import {
  type SubscribableWebhookEvent,
  WEBHOOK_SUBSCRIBABLE_EVENTS,
  ZCreateWebhookEndpointSchema,
} from "@kavi/domain";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useWatch } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { useTRPC } from "../../lib/trpc";
import { useAppForm } from "../../lib/use-app-form";
import { AppForm } from "../../ui/app-form";
import { Button } from "../../ui/button";
import { Dialog } from "../../ui/dialog";
import { Field } from "../../ui/field";
import { Checkbox, Input } from "../../ui/input";
import { toast } from "../../ui/toast";
import { useBusiness } from "../shell/business-context";

export type WebhookEndpoint = inferRouterOutputs<AppRouter>["webhooks"]["endpoints"]["list"][number];

/** Add an endpoint (its secret is then shown once), or change one's address, description and events. */
export function EndpointDialog({
  editing,
  onClose,
  onCreated,
}: {
  editing: WebhookEndpoint | null;
  onClose: () => void;
  onCreated: (secret: string) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { business } = useBusiness();
  const { t } = useTranslation("webhooks");
  const create = useMutation(trpc.webhooks.endpoints.create.mutationOptions());
  const update = useMutation(trpc.webhooks.endpoints.update.mutationOptions());
  const form = useAppForm({
    defaultValues: {
      url: editing?.url ?? "",
      description: editing?.description ?? "",
      events: (editing?.events ?? ["invoice.paid", "payment.received"]) as SubscribableWebhookEvent[],
    },
    schema: ZCreateWebhookEndpointSchema,
    toInput: (values) => values,
    onSubmit: async (input) => {
      if (editing) {
        await update.mutateAsync({ businessId: business.id, endpointId: editing.id, ...input });
      } else {
        const created = await create.mutateAsync({ businessId: business.id, ...input });
        onCreated(created.secret);
      }
      await queryClient.invalidateQueries({ queryKey: trpc.webhooks.endpoints.pathKey() });
      toast("success", editing ? t("dialog.saved") : t("dialog.added"));
      onClose();
    },
  });
  const events = useWatch({ control: form.control, name: "events" });
  const toggle = (type: SubscribableWebhookEvent, on: boolean) =>
    form.setValue("events", on ? [...events, type] : events.filter((event) => event !== type), {
      shouldValidate: form.formState.isSubmitted,
    });
  return (
    <Dialog
      open
      onOpenChange={(open) => (open ? undefined : onClose())}
      title={editing ? t("dialog.editTitle") : t("dialog.addTitle")}
      description={t("dialog.description")}
      size="lg"
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            {t("confirm.cancel")}
          </Button>
          <Button type="submit" form="webhook-endpoint" loading={form.submitting}>
            {editing ? t("dialog.save") : t("add")}
          </Button>
        </>
      }
    >
      <AppForm form={form} id="webhook-endpoint">
        <Field label={t("dialog.url")} error={form.error("url")} description={t("dialog.urlHint")} required>
          <Input {...form.register("url")} inputMode="url" placeholder={t("dialog.urlPlaceholder")} />
        </Field>
        <Field label={t("dialog.descriptionLabel")} error={form.error("description")} optional>
          <Input {...form.register("description")} placeholder={t("dialog.descriptionPlaceholder")} />
        </Field>
        <fieldset className="flex flex-col gap-2.5" aria-describedby="webhook-events-error">
          <legend className="mb-1.5 text-[13px] font-medium text-ink-700">{t("dialog.events")}</legend>
          {WEBHOOK_SUBSCRIBABLE_EVENTS.map((event) => (
            <Checkbox
              key={event.type}
              label={t(`events.${event.type}`)}
              description={<code>{event.type}</code>}
              checked={events.includes(event.type)}
              onChange={(change) => toggle(event.type, change.target.checked)}
            />
          ))}
          {form.error("events") ? (
            <p id="webhook-events-error" className="text-[13px] font-medium text-red-700" role="alert">
              {form.error("events")}
            </p>
          ) : null}
        </fieldset>
      </AppForm>
    </Dialog>
  );
}
