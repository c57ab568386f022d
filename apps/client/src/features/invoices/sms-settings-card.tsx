import type { AppRouter, inferRouterOutputs } from "@kavi/api";
import { ZUpdateSmsSettingsSchema } from "@kavi/domain";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useTRPC } from "../../lib/trpc";
import { useAppForm } from "../../lib/use-app-form";
import { AppForm, FormProblem } from "../../ui/app-form";
import { Button } from "../../ui/button";
import { Card, CardBody, CardFooter, CardHeader } from "../../ui/card";
import { Field } from "../../ui/field";
import { Checkbox, Input } from "../../ui/input";
import { Money } from "../../ui/money";
import { ProblemAlert } from "../../ui/problem";
import { Skeleton } from "../../ui/skeleton";
import { toast } from "../../ui/toast";
import { useBusiness } from "../shell/business-context";

type SmsSettings = inferRouterOutputs<AppRouter>["invoices"]["smsSettings"]["get"];

/** The business's SMS settings (on/off, sender id) and what its SMS have cost, from Africa's Talking's own figures. */
export function SmsSettingsCard() {
  const trpc = useTRPC();
  const { business } = useBusiness();
  const settings = useQuery(trpc.invoices.smsSettings.get.queryOptions({ businessId: business.id }));
  if (settings.isPending) return <Skeleton className="h-48" />;
  if (settings.isError)
    return <ProblemAlert error={settings.error} onRetry={() => void settings.refetch()} />;
  return <SmsSettingsForm settings={settings.data} />;
}

function SmsSettingsForm({ settings }: { settings: SmsSettings }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { business } = useBusiness();
  const { t } = useTranslation("invoices");
  const update = useMutation(trpc.invoices.smsSettings.update.mutationOptions());
  const form = useAppForm({
    defaultValues: { enabled: settings.enabled, senderId: settings.senderId ?? "" },
    schema: ZUpdateSmsSettingsSchema,
    toInput: (values) => values,
    onSubmit: async (input) => {
      await update.mutateAsync({ businessId: business.id, ...input });
      await queryClient.invalidateQueries({ queryKey: trpc.invoices.smsSettings.pathKey() });
      toast("success", t("smsSettings.saved"));
    },
  });
  const values = form.watch();
  return (
    <AppForm form={form} problem="manual" className="mt-6">
      <Card>
        <CardHeader title={t("smsSettings.title")} description={t("smsSettings.description")} />
        <CardBody className="flex flex-col gap-4">
          {settings.available ? null : (
            <p role="status" className="rounded-md bg-amber-50 p-3 text-sm text-amber-900">
              {t("smsSettings.notSetUp")}
            </p>
          )}
          <Checkbox
            label={t("smsSettings.enabled")}
            checked={values.enabled}
            onChange={(event) => form.setValue("enabled", event.target.checked)}
          />
          <Field
            label={t("smsSettings.senderId")}
            optional
            error={form.error("senderId")}
            description={t("smsSettings.senderIdHelp")}
          >
            <Input maxLength={11} autoComplete="off" {...form.register("senderId")} />
          </Field>
          <div>
            <p className="text-sm font-medium text-ink-900">{t("smsSettings.spend")}</p>
            {settings.spend.length === 0 ? (
              <p className="text-sm text-ink-500">{t("smsSettings.noSpend")}</p>
            ) : (
              <ul className="text-sm text-ink-700">
                {settings.spend.map((row) => (
                  <li key={row.currency}>
                    <Money amountMinor={BigInt(row.costMinor)} currency={row.currency} />{" "}
                    {t("smsSettings.spendDetail", { count: row.messages, parts: row.parts })}
                  </li>
                ))}
              </ul>
            )}
          </div>
          <FormProblem form={form} />
        </CardBody>
        <CardFooter>
          <Button type="submit" loading={form.submitting}>
            {t("smsSettings.save")}
          </Button>
        </CardFooter>
      </Card>
    </AppForm>
  );
}
