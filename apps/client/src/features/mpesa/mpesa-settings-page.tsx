import type { AppRouter, inferRouterOutputs } from "@kavi/api";
import { ZMpesaSettingsSchema } from "@kavi/domain";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Copy, PlugZap, Radio, RefreshCw } from "lucide-react";
import { useState } from "react";
import { useZodForm } from "../../lib/form";
import { useTRPC } from "../../lib/trpc";
import { Badge } from "../../ui/badge";
import { Button } from "../../ui/button";
import { Card, CardBody, CardFooter, CardHeader } from "../../ui/card";
import { Dialog } from "../../ui/dialog";
import { Field } from "../../ui/field";
import { Input, Select } from "../../ui/input";
import { PageHeader } from "../../ui/page-header";
import { Notice, ProblemAlert } from "../../ui/problem";
import { SkeletonList } from "../../ui/skeleton";
import { toast } from "../../ui/toast";
import { useBusiness } from "../shell/business-context";
import { RequireAccess } from "../shell/require-access";
import { SettingsTabs } from "../shell/settings-tabs";
import { useBusinessFormat } from "../shell/use-business-format";

type SettingsView = inferRouterOutputs<AppRouter>["mpesa"]["settings"]["get"];
type Configured = Extract<SettingsView, { configured: true }>;

type Secret = { set: boolean; hint: string | null } | undefined;

function secretPlaceholder(secret: Secret): string {
  return secret?.set ? "••••••••" : "";
}

/** Secrets are never sent back: the field says whether one is saved and how it ends. */
function secretDescription(secret: Secret): string | undefined {
  return secret?.set
    ? `Saved, ends ${secret.hint?.replace("…", "") ?? ""}. Leave empty to keep it.`
    : undefined;
}

function SettingsForm({ view }: { view: SettingsView }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { business } = useBusiness();
  const saved = view.configured ? view : null;
  const save = useMutation(trpc.mpesa.settings.save.mutationOptions());
  const form = useZodForm({
    initialValues: {
      accountType: (saved?.accountType ?? "paybill") as "paybill" | "till",
      shortcode: saved?.shortcode ?? "",
      storeNumber: saved?.storeNumber ?? "",
      environment: (saved?.environment ?? "sandbox") as "sandbox" | "production",
      consumerKey: "",
      consumerSecret: "",
      passkey: "",
      initiatorName: saved?.initiatorName ?? "",
      initiatorCredential: "",
      b2cShortcode: saved?.b2cShortcode ?? "",
      c2bValidation: (saved?.c2bValidation ?? "accept_all") as "accept_all" | "known_references",
    },
    schema: ZMpesaSettingsSchema,
    toInput: (values) => values,
    onSubmit: async (input) => {
      await save.mutateAsync({ businessId: business.id, ...input });
      await queryClient.invalidateQueries({ queryKey: trpc.mpesa.pathKey() });
      form.setValues((current) => ({
        ...current,
        consumerKey: "",
        consumerSecret: "",
        passkey: "",
        initiatorCredential: "",
      }));
      toast("success", "M-Pesa settings saved", {
        description: "Secrets are stored encrypted; only their last characters are shown.",
      });
    },
  });
  const till = form.values.accountType === "till";
  return (
    <form ref={form.formRef} onSubmit={form.handleSubmit} noValidate>
      <Card>
        <CardHeader
          title="Daraja account"
          description="From the Safaricom Daraja portal: your shortcode, the app's consumer key and secret, and the Lipa na M-Pesa passkey."
        />
        <CardBody className="grid grid-cols-1 gap-4 px-5 py-6 sm:grid-cols-2 sm:px-7 [&>*]:min-w-0">
          <Field label="Customers pay a" error={form.errors.accountType}>
            <Select
              value={form.values.accountType}
              onChange={(event) => form.setValue("accountType", event.target.value as "paybill" | "till")}
              options={[
                { value: "paybill", label: "Paybill (with an account number)" },
                { value: "till", label: "Till (Buy Goods)" },
              ]}
            />
          </Field>
          <Field label="Environment" error={form.errors.environment}>
            <Select
              value={form.values.environment}
              onChange={(event) =>
                form.setValue("environment", event.target.value as "sandbox" | "production")
              }
              options={[
                { value: "sandbox", label: "Sandbox (testing)" },
                { value: "production", label: "Production (real money)" },
              ]}
            />
          </Field>
          <Field label={till ? "Till number" : "Paybill number"} error={form.errors.shortcode} required>
            <Input {...form.text("shortcode")} inputMode="numeric" placeholder="174379" />
          </Field>
          {till ? (
            <Field
              label="Store number"
              error={form.errors.storeNumber}
              description="The head office number STK prompts go to."
              required
            >
              <Input {...form.text("storeNumber")} inputMode="numeric" />
            </Field>
          ) : (
            <div className="hidden sm:block" />
          )}
          <Field
            label="Consumer key"
            error={form.errors.consumerKey}
            required={!saved}
            description={secretDescription(saved?.secrets.consumerKey)}
          >
            <Input
              {...form.text("consumerKey")}
              type="password"
              autoComplete="off"
              placeholder={secretPlaceholder(saved?.secrets.consumerKey)}
            />
          </Field>
          <Field
            label="Consumer secret"
            error={form.errors.consumerSecret}
            required={!saved}
            description={secretDescription(saved?.secrets.consumerSecret)}
          >
            <Input
              {...form.text("consumerSecret")}
              type="password"
              autoComplete="off"
              placeholder={secretPlaceholder(saved?.secrets.consumerSecret)}
            />
          </Field>
          <Field
            label="Passkey"
            error={form.errors.passkey}
            required={!saved}
            className="sm:col-span-2"
            description={secretDescription(saved?.secrets.passkey)}
          >
            <Input
              {...form.text("passkey")}
              type="password"
              autoComplete="off"
              placeholder={secretPlaceholder(saved?.secrets.passkey)}
            />
          </Field>
          <Field
            label="Paybill payments"
            error={form.errors.c2bValidation}
            className="sm:col-span-2"
            description="What to do when a customer pays your Paybill with an account number we don't know."
          >
            <Select
              value={form.values.c2bValidation}
              onChange={(event) =>
                form.setValue("c2bValidation", event.target.value as "accept_all" | "known_references")
              }
              options={[
                { value: "accept_all", label: "Accept every payment (unknown ones wait in Unreconciled)" },
                { value: "known_references", label: "Only accept known invoice or customer account numbers" },
              ]}
            />
          </Field>
        </CardBody>
        <CardHeader
          title="Payouts (optional)"
          description="To pay suppliers and refund customers from KAVI: the API initiator and its security credential from the Daraja portal."
          className="border-t"
        />
        <CardBody className="grid grid-cols-1 gap-4 px-5 py-6 sm:grid-cols-2 sm:px-7 [&>*]:min-w-0">
          <Field label="Initiator name" error={form.errors.initiatorName} optional>
            <Input {...form.text("initiatorName")} autoComplete="off" placeholder="testapi" />
          </Field>
          <Field label="Payout shortcode" error={form.errors.b2cShortcode} optional>
            <Input {...form.text("b2cShortcode")} inputMode="numeric" placeholder="600992" />
          </Field>
          <Field
            label="Security credential"
            error={form.errors.initiatorCredential}
            optional
            className="sm:col-span-2"
          >
            <Input
              {...form.text("initiatorCredential")}
              type="password"
              autoComplete="off"
              placeholder={secretPlaceholder(saved?.secrets.initiatorCredential)}
            />
          </Field>
          {form.problem && !form.problem.fieldErrors ? (
            <ProblemAlert problem={form.problem} className="sm:col-span-2" />
          ) : null}
        </CardBody>
        <CardFooter>
          <Button type="submit" loading={form.submitting}>
            {saved ? "Save changes" : "Turn on M-Pesa"}
          </Button>
        </CardFooter>
      </Card>
    </form>
  );
}

function CopyRow({ label, value }: { label: string; value: string }) {
  return (
    <div className="flex items-start gap-2 py-2.5">
      <div className="min-w-0 flex-1">
        <span className="block text-[13px] font-medium text-ink-700">{label}</span>
        <code className="mt-1 block rounded bg-ink-50 px-2 py-1 text-[12px] break-all text-ink-700">
          {value}
        </code>
      </div>
      <Button
        variant="ghost"
        size="sm"
        className="mt-5"
        aria-label={`Copy the ${label} URL`}
        onClick={() => navigator.clipboard.writeText(value).then(() => toast("success", "Copied"))}
      >
        <Copy aria-hidden />
      </Button>
    </div>
  );
}

function ConnectionCard({ view }: { view: Configured }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { business } = useBusiness();
  const format = useBusinessFormat();
  const refresh = () =>
    queryClient.invalidateQueries({
      queryKey: trpc.mpesa.settings.get.queryKey({ businessId: business.id }),
    });
  const test = useMutation(trpc.mpesa.settings.testConnection.mutationOptions({ onSettled: refresh }));
  const register = useMutation(
    trpc.mpesa.settings.registerC2bUrls.mutationOptions({
      onSuccess: async () => {
        await refresh();
        toast("success", "Paybill URLs registered with M-Pesa");
      },
    }),
  );
  const regenerate = useMutation(
    trpc.mpesa.settings.regenerateCallbackToken.mutationOptions({ onSuccess: refresh }),
  );
  const [confirming, setConfirming] = useState(false);
  return (
    <Card>
      <CardHeader
        title="Connection"
        description={`Daraja ${view.environment}: ${view.accountType === "till" ? "Till" : "Paybill"} ${view.shortcode}`}
        actions={
          view.lastTestedAt ? (
            <Badge tone={view.lastTestOk ? "success" : "danger"}>
              {view.lastTestOk ? "Connected" : "Not connected"}
            </Badge>
          ) : (
            <Badge>Not tested</Badge>
          )
        }
      />
      <CardBody className="space-y-4">
        {view.lastTestMessage ? (
          <p className="text-[13px] text-ink-600">
            {view.lastTestMessage} {view.lastTestedAt ? `(${format.relative(view.lastTestedAt)})` : ""}
          </p>
        ) : null}
        {test.error ? <ProblemAlert error={test.error} /> : null}
        {register.error ? <ProblemAlert error={register.error} /> : null}
        <div className="flex flex-wrap gap-2">
          <Button
            variant="secondary"
            loading={test.isPending}
            onClick={() => test.mutate({ businessId: business.id })}
          >
            <PlugZap aria-hidden /> Test connection
          </Button>
          <Button
            variant="secondary"
            loading={register.isPending}
            onClick={() => register.mutate({ businessId: business.id })}
          >
            <Radio aria-hidden /> Register Paybill URLs
          </Button>
        </div>
        {view.c2bRegisteredAt && !view.c2bRegistrationCurrent ? (
          <Notice tone="warning">
            The callback address changed since the URLs were registered: register them again.
          </Notice>
        ) : view.c2bRegisteredAt ? (
          <p className="text-[13px] text-ink-500">
            Paybill URLs registered {format.relative(view.c2bRegisteredAt)}.
          </p>
        ) : null}
        {view.callbackUrls ? (
          <>
            <div className="divide-y divide-ink-100 border-t border-ink-100 pt-1">
              <CopyRow label="STK callback" value={view.callbackUrls.stk} />
              <CopyRow label="C2B validation" value={view.callbackUrls.c2bValidation} />
              <CopyRow label="C2B confirmation" value={view.callbackUrls.c2bConfirmation} />
              <CopyRow label="Payout result" value={view.callbackUrls.b2cResult} />
              <CopyRow label="Payout timeout" value={view.callbackUrls.b2cTimeout} />
            </div>
            <div className="flex flex-col items-start gap-2 border-t border-ink-100 pt-4">
              <p className="text-[13px] text-ink-500">
                The secret part of these addresses is yours alone. If it leaked, make a new one; KAVI
                registers the Paybill URLs again for you. A new one is also made whenever an owner or admin
                leaves.
              </p>
              <Button variant="secondary" size="sm" onClick={() => setConfirming(true)}>
                <RefreshCw aria-hidden /> New callback address
              </Button>
            </div>
          </>
        ) : (
          <p className="border-t border-ink-100 pt-4 text-[13px] text-ink-500">
            The callback addresses carry a secret, so only owners can see them or make new ones.
          </p>
        )}
      </CardBody>
      <Dialog
        open={confirming}
        onOpenChange={setConfirming}
        title="Make a new callback address?"
        description="The old address stops working at once. Prompts already sent still settle by status query, and KAVI registers the Paybill URLs again."
        footer={
          <>
            <Button variant="secondary" onClick={() => setConfirming(false)}>
              Keep the current one
            </Button>
            <Button
              variant="danger"
              loading={regenerate.isPending}
              onClick={() =>
                regenerate.mutate(
                  { businessId: business.id },
                  {
                    onSuccess: () => {
                      setConfirming(false);
                      toast("success", "New callback address made");
                    },
                  },
                )
              }
            >
              Make a new one
            </Button>
          </>
        }
      />
    </Card>
  );
}

function MpesaSettingsPage() {
  const trpc = useTRPC();
  const { business } = useBusiness();
  const settings = useQuery(trpc.mpesa.settings.get.queryOptions({ businessId: business.id }));
  return (
    <>
      <PageHeader
        title="M-Pesa"
        description="Collect invoice payments by M-Pesa, match Paybill payments, and pay suppliers."
      />
      <SettingsTabs />
      {settings.isPending ? (
        <SkeletonList rows={6} label="Loading M-Pesa settings" />
      ) : settings.error ? (
        <ProblemAlert error={settings.error} onRetry={() => settings.refetch()} />
      ) : !settings.data.available ? (
        <Notice tone="warning">
          M-Pesa is not available on this server yet: it has no encryption key for secrets.
        </Notice>
      ) : (
        <div className="grid grid-cols-1 gap-6 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)] [&>*]:min-w-0">
          <SettingsForm
            key={settings.data.configured ? String(settings.data.updatedAt) : "new"}
            view={settings.data}
          />
          {settings.data.configured ? <ConnectionCard view={settings.data} /> : null}
        </div>
      )}
    </>
  );
}

export default function MpesaSettingsRoute() {
  return (
    <RequireAccess requirement="mpesa.settings">
      <MpesaSettingsPage />
    </RequireAccess>
  );
}
