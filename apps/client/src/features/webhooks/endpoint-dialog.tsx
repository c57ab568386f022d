import type { AppRouter, inferRouterOutputs } from "@kavi/api";
import {
  type SubscribableWebhookEvent,
  WEBHOOK_SUBSCRIBABLE_EVENTS,
  ZCreateWebhookEndpointSchema,
} from "@kavi/domain";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useWatch } from "react-hook-form";
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
      toast("success", editing ? "Endpoint saved" : "Endpoint added");
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
      title={editing ? "Edit endpoint" : "Add a webhook endpoint"}
      description="KAVI POSTs each event you choose to this address, signed with the endpoint's secret."
      size="lg"
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" form="webhook-endpoint" loading={form.submitting}>
            {editing ? "Save" : "Add endpoint"}
          </Button>
        </>
      }
    >
      <AppForm form={form} id="webhook-endpoint">
        <Field
          label="Endpoint URL"
          error={form.error("url")}
          description="An https address on the internet, e.g. your shop's webhook handler."
          required
        >
          <Input
            {...form.register("url")}
            inputMode="url"
            placeholder="https://shop.example.co.ke/kavi/webhooks"
          />
        </Field>
        <Field label="Description" error={form.error("description")} optional>
          <Input {...form.register("description")} placeholder="Online shop" />
        </Field>
        <fieldset className="flex flex-col gap-2.5" aria-describedby="webhook-events-error">
          <legend className="mb-1.5 text-[13px] font-medium text-ink-700">Events to send</legend>
          {WEBHOOK_SUBSCRIBABLE_EVENTS.map((event) => (
            <Checkbox
              key={event.type}
              label={event.label}
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
