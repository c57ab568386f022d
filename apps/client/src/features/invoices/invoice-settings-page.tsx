import type { AppRouter, inferRouterOutputs } from "@kavi/api";
import { formatDocumentNumber, ZUpdateInvoiceSettingsSchema } from "@kavi/domain";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { useTRPC } from "../../lib/trpc";
import { useAppForm } from "../../lib/use-app-form";
import { AppForm, FormProblem } from "../../ui/app-form";
import { Button } from "../../ui/button";
import { Card, CardBody, CardFooter, CardHeader } from "../../ui/card";
import { Field } from "../../ui/field";
import { Checkbox, Input, Select, Textarea } from "../../ui/input";
import { PageHeader } from "../../ui/page-header";
import { ProblemAlert } from "../../ui/problem";
import { Skeleton } from "../../ui/skeleton";
import { toast } from "../../ui/toast";
import { useBusiness } from "../shell/business-context";
import { RequireAccess } from "../shell/require-access";
import { SettingsTabs } from "../shell/settings-tabs";
import { MANAGE_SETTINGS } from "./invoice-ui";
import { SmsSettingsCard } from "./sms-settings-card";

type Settings = inferRouterOutputs<AppRouter>["invoices"]["settings"]["get"];

const REMINDER_CHOICES = [-7, -3, -1, 0, 3, 7, 14, 30];

function reminderLabel(offset: number, t: TFunction<"invoices">): string {
  if (offset === 0) return t("settings.onDueDate");
  const count = Math.abs(offset);
  return offset < 0 ? t("settings.daysBefore", { count }) : t("settings.daysAfter", { count });
}

function SettingsForm({ settings }: { settings: Settings }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { business } = useBusiness();
  const { t } = useTranslation("invoices");
  const update = useMutation(trpc.invoices.settings.update.mutationOptions());
  const form = useAppForm({
    defaultValues: {
      prefix: settings.prefix,
      includeYear: settings.includeYear,
      padding: String(settings.padding),
      creditNotePrefix: settings.creditNotePrefix,
      defaultPaymentTermsDays: String(settings.defaultPaymentTermsDays),
      defaultTaxRate: settings.defaultTaxRate,
      pricesIncludeTax: settings.pricesIncludeTax,
      defaultNotes: settings.defaultNotes ?? "",
      defaultTerms: settings.defaultTerms ?? "",
      paymentInstructions: settings.paymentInstructions ?? "",
      reminderOffsetsDays: settings.reminderOffsetsDays,
      remindersEnabled: settings.remindersEnabled,
    },
    schema: ZUpdateInvoiceSettingsSchema,
    toInput: (values) => ({
      ...values,
      padding: Number(values.padding),
      defaultPaymentTermsDays: Number(values.defaultPaymentTermsDays),
    }),
    onSubmit: async (input) => {
      await update.mutateAsync({ businessId: business.id, ...input });
      await queryClient.invalidateQueries({ queryKey: trpc.invoices.settings.pathKey() });
      toast("success", t("settings.saved"));
    },
  });
  const values = form.watch();
  const year = new Date().getFullYear();
  const example = formatDocumentNumber({
    prefix: values.prefix.toUpperCase() || "INV",
    includeYear: values.includeYear,
    year,
    padding: Number(values.padding) || 4,
    value: 42,
  });
  const toggleOffset = (offset: number, on: boolean) =>
    form.setValue(
      "reminderOffsetsDays",
      on
        ? [...values.reminderOffsetsDays, offset].sort((a, b) => a - b)
        : values.reminderOffsetsDays.filter((value) => value !== offset),
    );

  return (
    <AppForm form={form} problem="manual" className="flex flex-col gap-6">
      <FormProblem form={form} />
      <Card>
        <CardHeader title={t("settings.numbering")} description={t("settings.numberingHelp", { example })} />
        <CardBody className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          <Field label={t("settings.prefix")} error={form.error("prefix")}>
            <Input {...form.register("prefix")} className="uppercase" />
          </Field>
          <Field label={t("settings.creditNotePrefix")} error={form.error("creditNotePrefix")}>
            <Input {...form.register("creditNotePrefix")} className="uppercase" />
          </Field>
          <Field label={t("settings.digits")} error={form.error("padding")}>
            <Select
              value={values.padding}
              onChange={(event) => form.setValue("padding", event.target.value)}
              options={[3, 4, 5, 6].map((digits) => ({
                value: String(digits),
                label: `${digits} (${"0".repeat(digits - 1)}1)`,
              }))}
            />
          </Field>
          <div className="flex items-end">
            <Checkbox
              label={t("settings.includeYear")}
              checked={values.includeYear}
              onChange={(event) => form.setValue("includeYear", event.target.checked)}
            />
          </div>
        </CardBody>
      </Card>
      <Card>
        <CardHeader title={t("settings.defaults")} />
        <CardBody className="grid gap-4 sm:grid-cols-2">
          <Field
            label={t("settings.terms")}
            error={form.error("defaultPaymentTermsDays")}
            description={t("settings.termsHelp")}
          >
            <Input inputMode="numeric" {...form.register("defaultPaymentTermsDays")} />
          </Field>
          <Field
            label={t("settings.vatRate")}
            error={form.error("defaultTaxRate")}
            description={t("settings.vatRateHelp")}
          >
            <Input inputMode="decimal" {...form.register("defaultTaxRate")} />
          </Field>
          <div className="sm:col-span-2">
            <Checkbox
              label={t("editor.pricesIncludeVat")}
              description={t("settings.pricesIncludeVatHelp")}
              checked={values.pricesIncludeTax}
              onChange={(event) => form.setValue("pricesIncludeTax", event.target.checked)}
            />
          </div>
          <Field label={t("editor.notes")} error={form.error("defaultNotes")} optional>
            <Textarea {...form.register("defaultNotes")} />
          </Field>
          <Field label={t("editor.terms")} error={form.error("defaultTerms")} optional>
            <Textarea {...form.register("defaultTerms")} />
          </Field>
          <Field
            label={t("settings.howToPay")}
            error={form.error("paymentInstructions")}
            optional
            className="sm:col-span-2"
            description={t("settings.howToPayHelp")}
          >
            <Textarea
              rows={3}
              {...form.register("paymentInstructions")}
              placeholder={t("settings.howToPayPlaceholder")}
            />
          </Field>
        </CardBody>
      </Card>
      <Card>
        <CardHeader title={t("settings.reminders")} description={t("settings.remindersHelp")} />
        <CardBody className="flex flex-col gap-4">
          <Checkbox
            label={t("settings.sendReminders")}
            checked={values.remindersEnabled}
            onChange={(event) => form.setValue("remindersEnabled", event.target.checked)}
          />
          <fieldset disabled={!values.remindersEnabled} className="grid grid-cols-2 gap-3 sm:grid-cols-4">
            <legend className="sr-only">{t("settings.whenToRemind")}</legend>
            {REMINDER_CHOICES.map((offset) => (
              <Checkbox
                key={offset}
                label={reminderLabel(offset, t)}
                checked={values.reminderOffsetsDays.includes(offset)}
                onChange={(event) => toggleOffset(offset, event.target.checked)}
              />
            ))}
          </fieldset>
          {form.error("reminderOffsetsDays") ? (
            <p className="text-[13px] font-medium text-red-700">{form.error("reminderOffsetsDays")}</p>
          ) : null}
        </CardBody>
        <CardFooter>
          <Button type="submit" loading={form.submitting}>
            {t("settings.save")}
          </Button>
        </CardFooter>
      </Card>
    </AppForm>
  );
}

function InvoiceSettingsContent() {
  const trpc = useTRPC();
  const { business } = useBusiness();
  const { t } = useTranslation("invoices");
  const settings = useQuery(trpc.invoices.settings.get.queryOptions({ businessId: business.id }));
  return (
    <>
      <PageHeader title={t("settings.title")} description={t("settings.description")} />
      <SettingsTabs />
      {settings.isPending ? (
        <Skeleton className="h-96" />
      ) : settings.isError ? (
        <ProblemAlert error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        <SettingsForm settings={settings.data} />
      )}
      <SmsSettingsCard />
    </>
  );
}

export default function InvoiceSettingsPage() {
  return (
    <RequireAccess requirement={MANAGE_SETTINGS}>
      <InvoiceSettingsContent />
    </RequireAccess>
  );
}
