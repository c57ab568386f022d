import type { AppRouter, inferRouterOutputs } from "@kavi/api";
import { formatDocumentNumber, ZUpdateInvoiceSettingsSchema } from "@kavi/domain";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
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

function reminderLabel(offset: number): string {
  if (offset === 0) return "On the due date";
  const days = Math.abs(offset);
  return `${days} day${days === 1 ? "" : "s"} ${offset < 0 ? "before" : "after"}`;
}

function SettingsForm({ settings }: { settings: Settings }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { business } = useBusiness();
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
      toast("success", "Invoice settings saved");
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
        <CardHeader
          title="Numbering"
          description={`Invoices are numbered when they are sent, with no gaps. Example: ${example}`}
        />
        <CardBody className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          <Field label="Invoice prefix" error={form.error("prefix")}>
            <Input {...form.register("prefix")} className="uppercase" />
          </Field>
          <Field label="Credit-note prefix" error={form.error("creditNotePrefix")}>
            <Input {...form.register("creditNotePrefix")} className="uppercase" />
          </Field>
          <Field label="Digits" error={form.error("padding")}>
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
              label="Start again each year"
              checked={values.includeYear}
              onChange={(event) => form.setValue("includeYear", event.target.checked)}
            />
          </div>
        </CardBody>
      </Card>
      <Card>
        <CardHeader title="Defaults for new invoices" />
        <CardBody className="grid gap-4 sm:grid-cols-2">
          <Field
            label="Payment terms (days)"
            error={form.error("defaultPaymentTermsDays")}
            description="0 means due on receipt. A customer's own terms win."
          >
            <Input inputMode="numeric" {...form.register("defaultPaymentTermsDays")} />
          </Field>
          <Field
            label="VAT rate (%)"
            error={form.error("defaultTaxRate")}
            description="16 % is Kenya's standard rate."
          >
            <Input inputMode="decimal" {...form.register("defaultTaxRate")} />
          </Field>
          <div className="sm:col-span-2">
            <Checkbox
              label="Prices include VAT"
              description="The prices you type are what customers pay; VAT is the part inside them."
              checked={values.pricesIncludeTax}
              onChange={(event) => form.setValue("pricesIncludeTax", event.target.checked)}
            />
          </div>
          <Field label="Notes" error={form.error("defaultNotes")} optional>
            <Textarea {...form.register("defaultNotes")} />
          </Field>
          <Field label="Terms" error={form.error("defaultTerms")} optional>
            <Textarea {...form.register("defaultTerms")} />
          </Field>
          <Field
            label="How to pay (bank details)"
            error={form.error("paymentInstructions")}
            optional
            className="sm:col-span-2"
            description="Printed on every invoice. Paybill or Till details are added automatically once M-Pesa is set up."
          >
            <Textarea
              rows={3}
              {...form.register("paymentInstructions")}
              placeholder="Equity Bank, Tom Mboya Street branch, account 0180 2934 5561"
            />
          </Field>
        </CardBody>
      </Card>
      <Card>
        <CardHeader
          title="Payment reminders"
          description="Emailed to customers with the invoice attached, once each, only while money is owed."
        />
        <CardBody className="flex flex-col gap-4">
          <Checkbox
            label="Send reminders"
            checked={values.remindersEnabled}
            onChange={(event) => form.setValue("remindersEnabled", event.target.checked)}
          />
          <fieldset disabled={!values.remindersEnabled} className="grid grid-cols-2 gap-3 sm:grid-cols-4">
            <legend className="sr-only">When to remind</legend>
            {REMINDER_CHOICES.map((offset) => (
              <Checkbox
                key={offset}
                label={reminderLabel(offset)}
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
            Save settings
          </Button>
        </CardFooter>
      </Card>
    </AppForm>
  );
}

function InvoiceSettingsContent() {
  const trpc = useTRPC();
  const { business } = useBusiness();
  const settings = useQuery(trpc.invoices.settings.get.queryOptions({ businessId: business.id }));
  return (
    <>
      <PageHeader
        title="Invoice settings"
        description="Numbering, defaults, payment instructions and reminders."
      />
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
