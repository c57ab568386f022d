import type { AppRouter, inferRouterOutputs } from "@kavi/api";
import { ZMpesaSettingsSchema } from "@kavi/domain";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { TFunction } from "i18next";
import { Copy, PlugZap, Radio, RefreshCw } from "lucide-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useTRPC } from "../../lib/trpc";
import { useAppForm } from "../../lib/use-app-form";
import { AppForm, FormProblem } from "../../ui/app-form";
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
function secretDescription(secret: Secret, t: TFunction<"mpesa">): string | undefined {
  return secret?.set ? t("settings.secretSaved", { ending: secret.hint?.replace("…", "") ?? "" }) : undefined;
}

function SettingsForm({ view }: { view: SettingsView }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { business } = useBusiness();
  const { t } = useTranslation("mpesa");
  const saved = view.configured ? view : null;
  const save = useMutation(trpc.mpesa.settings.save.mutationOptions());
  const form = useAppForm({
    defaultValues: {
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
      form.reset({
        ...form.getValues(),
        consumerKey: "",
        consumerSecret: "",
        passkey: "",
        initiatorCredential: "",
      });
      toast("success", t("settings.saved"), {
        description: t("settings.savedHelp"),
      });
    },
  });
  const values = form.watch();
  const till = values.accountType === "till";
  return (
    <AppForm form={form} problem="manual" className="">
      <Card>
        <CardHeader title={t("settings.daraja")} description={t("settings.darajaHelp")} />
        <CardBody className="grid grid-cols-1 gap-4 px-5 py-6 sm:grid-cols-2 sm:px-7 [&>*]:min-w-0">
          <Field label={t("settings.accountType")} error={form.error("accountType")}>
            <Select
              value={values.accountType}
              onChange={(event) => form.setValue("accountType", event.target.value as "paybill" | "till")}
              options={[
                { value: "paybill", label: t("settings.paybillOption") },
                { value: "till", label: t("settings.tillOption") },
              ]}
            />
          </Field>
          <Field label={t("settings.environment")} error={form.error("environment")}>
            <Select
              value={values.environment}
              onChange={(event) =>
                form.setValue("environment", event.target.value as "sandbox" | "production")
              }
              options={[
                { value: "sandbox", label: t("settings.sandbox") },
                { value: "production", label: t("settings.production") },
              ]}
            />
          </Field>
          <Field
            label={till ? t("settings.tillNumber") : t("settings.paybillNumber")}
            error={form.error("shortcode")}
            required
          >
            <Input {...form.register("shortcode")} inputMode="numeric" placeholder="174379" />
          </Field>
          {till ? (
            <Field
              label={t("settings.storeNumber")}
              error={form.error("storeNumber")}
              description={t("settings.storeNumberHelp")}
              required
            >
              <Input {...form.register("storeNumber")} inputMode="numeric" />
            </Field>
          ) : (
            <div className="hidden sm:block" />
          )}
          <Field
            label={t("settings.consumerKey")}
            error={form.error("consumerKey")}
            required={!saved}
            description={secretDescription(saved?.secrets.consumerKey, t)}
          >
            <Input
              {...form.register("consumerKey")}
              type="password"
              autoComplete="off"
              placeholder={secretPlaceholder(saved?.secrets.consumerKey)}
            />
          </Field>
          <Field
            label={t("settings.consumerSecret")}
            error={form.error("consumerSecret")}
            required={!saved}
            description={secretDescription(saved?.secrets.consumerSecret, t)}
          >
            <Input
              {...form.register("consumerSecret")}
              type="password"
              autoComplete="off"
              placeholder={secretPlaceholder(saved?.secrets.consumerSecret)}
            />
          </Field>
          <Field
            label={t("settings.passkey")}
            error={form.error("passkey")}
            required={!saved}
            className="sm:col-span-2"
            description={secretDescription(saved?.secrets.passkey, t)}
          >
            <Input
              {...form.register("passkey")}
              type="password"
              autoComplete="off"
              placeholder={secretPlaceholder(saved?.secrets.passkey)}
            />
          </Field>
          <Field
            label={t("settings.c2b")}
            error={form.error("c2bValidation")}
            className="sm:col-span-2"
            description={t("settings.c2bHelp")}
          >
            <Select
              value={values.c2bValidation}
              onChange={(event) =>
                form.setValue("c2bValidation", event.target.value as "accept_all" | "known_references")
              }
              options={[
                { value: "accept_all", label: t("settings.acceptAll") },
                { value: "known_references", label: t("settings.knownOnly") },
              ]}
            />
          </Field>
        </CardBody>
        <CardHeader
          title={t("settings.payouts")}
          description={t("settings.payoutsHelp")}
          className="border-t"
        />
        <CardBody className="grid grid-cols-1 gap-4 px-5 py-6 sm:grid-cols-2 sm:px-7 [&>*]:min-w-0">
          <Field label={t("settings.initiator")} error={form.error("initiatorName")} optional>
            <Input
              {...form.register("initiatorName")}
              autoComplete="off"
              placeholder={t("settings.initiatorPlaceholder")}
            />
          </Field>
          <Field label={t("settings.payoutShortcode")} error={form.error("b2cShortcode")} optional>
            <Input {...form.register("b2cShortcode")} inputMode="numeric" placeholder="600992" />
          </Field>
          <Field
            label={t("settings.credential")}
            error={form.error("initiatorCredential")}
            optional
            className="sm:col-span-2"
          >
            <Input
              {...form.register("initiatorCredential")}
              type="password"
              autoComplete="off"
              placeholder={secretPlaceholder(saved?.secrets.initiatorCredential)}
            />
          </Field>
          <FormProblem form={form} className="sm:col-span-2" />
        </CardBody>
        <CardFooter>
          <Button type="submit" loading={form.submitting}>
            {saved ? t("settings.saveChanges") : t("settings.turnOn")}
          </Button>
        </CardFooter>
      </Card>
    </AppForm>
  );
}

function CopyRow({ label, value }: { label: string; value: string }) {
  const { t } = useTranslation("mpesa");
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
        aria-label={t("connection.copyUrl", { label })}
        onClick={() =>
          navigator.clipboard.writeText(value).then(() => toast("success", t("connection.copied")))
        }
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
  const { t } = useTranslation("mpesa");
  const refresh = () =>
    queryClient.invalidateQueries({
      queryKey: trpc.mpesa.settings.get.queryKey({ businessId: business.id }),
    });
  const test = useMutation(trpc.mpesa.settings.testConnection.mutationOptions({ onSettled: refresh }));
  const register = useMutation(
    trpc.mpesa.settings.registerC2bUrls.mutationOptions({
      onSuccess: async () => {
        await refresh();
        toast("success", t("connection.registeredToast"));
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
        title={t("connection.title")}
        description={t("connection.description", {
          environment: t(`connection.environment.${view.environment}`),
          account: view.accountType === "till" ? "Till" : "Paybill",
          shortcode: view.shortcode,
        })}
        actions={
          view.lastTestedAt ? (
            <Badge tone={view.lastTestOk ? "success" : "danger"}>
              {view.lastTestOk ? t("connection.connected") : t("connection.notConnected")}
            </Badge>
          ) : (
            <Badge>{t("connection.notTested")}</Badge>
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
            <PlugZap aria-hidden /> {t("connection.test")}
          </Button>
          <Button
            variant="secondary"
            loading={register.isPending}
            onClick={() => register.mutate({ businessId: business.id })}
          >
            <Radio aria-hidden /> {t("connection.register")}
          </Button>
        </div>
        {view.c2bRegisteredAt && !view.c2bRegistrationCurrent ? (
          <Notice tone="warning">{t("connection.changed")}</Notice>
        ) : view.c2bRegisteredAt ? (
          <p className="text-[13px] text-ink-500">
            {t("connection.registered", { time: format.relative(view.c2bRegisteredAt) })}
          </p>
        ) : null}
        {view.callbackUrls ? (
          <>
            <div className="divide-y divide-ink-100 border-t border-ink-100 pt-1">
              <CopyRow label={t("connection.stk")} value={view.callbackUrls.stk} />
              <CopyRow label={t("connection.c2bValidation")} value={view.callbackUrls.c2bValidation} />
              <CopyRow label={t("connection.c2bConfirmation")} value={view.callbackUrls.c2bConfirmation} />
              <CopyRow label={t("connection.payoutResult")} value={view.callbackUrls.b2cResult} />
              <CopyRow label={t("connection.payoutTimeout")} value={view.callbackUrls.b2cTimeout} />
            </div>
            <div className="flex flex-col items-start gap-2 border-t border-ink-100 pt-4">
              <p className="text-[13px] text-ink-500">{t("connection.secretHelp")}</p>
              <Button variant="secondary" size="sm" onClick={() => setConfirming(true)}>
                <RefreshCw aria-hidden /> {t("connection.newAddress")}
              </Button>
            </div>
          </>
        ) : (
          <p className="border-t border-ink-100 pt-4 text-[13px] text-ink-500">
            {t("connection.ownersOnly")}
          </p>
        )}
      </CardBody>
      <Dialog
        open={confirming}
        onOpenChange={setConfirming}
        title={t("connection.confirmTitle")}
        description={t("connection.confirmDescription")}
        footer={
          <>
            <Button variant="secondary" onClick={() => setConfirming(false)}>
              {t("connection.keep")}
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
                      toast("success", t("connection.newAddressMade"));
                    },
                  },
                )
              }
            >
              {t("connection.makeNew")}
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
  const { t } = useTranslation("mpesa");
  const settings = useQuery(trpc.mpesa.settings.get.queryOptions({ businessId: business.id }));
  return (
    <>
      <PageHeader title={t("settings.title")} description={t("settings.description")} />
      <SettingsTabs />
      {settings.isPending ? (
        <SkeletonList rows={6} label={t("settings.loading")} />
      ) : settings.error ? (
        <ProblemAlert error={settings.error} onRetry={() => settings.refetch()} />
      ) : !settings.data.available ? (
        <Notice tone="warning">{t("settings.unavailable")}</Notice>
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
