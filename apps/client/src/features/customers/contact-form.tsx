import {
  CUSTOMER_REMINDER_CHANNELS,
  LANGUAGE_LABELS,
  LANGUAGES,
  ZCreateCustomerSchema,
  ZCreateSupplierSchema,
} from "@kavi/domain";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useTRPC } from "../../lib/trpc";
import { useAppForm } from "../../lib/use-app-form";
import { AppForm, FormProblem } from "../../ui/app-form";
import { Button } from "../../ui/button";
import { Dialog } from "../../ui/dialog";
import { Field } from "../../ui/field";
import { Input, Select, Textarea } from "../../ui/input";
import { toast } from "../../ui/toast";
import { useBusiness } from "../shell/business-context";

export interface ContactValues extends Record<string, unknown> {
  name: string;
  phone: string;
  email: string;
  taxId: string;
  accountNumber: string;
  city: string;
  address: string;
  paymentDetails: string;
  notes: string;
  language: string;
  reminderChannel: string;
}

export type ContactKind = "customer" | "supplier";

type ContactField =
  | "name"
  | "phone"
  | "email"
  | "taxId"
  | "accountNumber"
  | "city"
  | "address"
  | "paymentDetails"
  | "notes"
  | "language"
  | "reminderChannel";
export type EditableContact = { id: string } & Partial<Record<ContactField, string | null>>;

const EMPTY: ContactValues = {
  name: "",
  phone: "",
  email: "",
  taxId: "",
  accountNumber: "",
  city: "",
  address: "",
  paymentDetails: "",
  notes: "",
  language: "en",
  reminderChannel: "email",
};

/** Create or edit a customer or supplier; phones are normalised to +254… by the shared schema. */
export function ContactDialog({
  kind,
  open,
  onOpenChange,
  editing,
}: {
  kind: ContactKind;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  editing?: EditableContact | null;
}) {
  const { t } = useTranslation("customers");
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title={editing ? t(`form.edit_${kind}`) : t(`form.add_${kind}`)}
      size="md"
    >
      {open ? <ContactForm kind={kind} editing={editing ?? null} onDone={() => onOpenChange(false)} /> : null}
    </Dialog>
  );
}

function ContactForm({
  kind,
  editing,
  onDone,
}: {
  kind: ContactKind;
  editing: EditableContact | null;
  onDone: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { business } = useBusiness();
  const { t } = useTranslation("customers");
  const createCustomer = useMutation(trpc.customers.create.mutationOptions());
  const updateCustomer = useMutation(trpc.customers.update.mutationOptions());
  const createSupplier = useMutation(trpc.suppliers.create.mutationOptions());
  const updateSupplier = useMutation(trpc.suppliers.update.mutationOptions());
  const initial = { ...EMPTY };
  for (const key of Object.keys(EMPTY) as ContactField[]) initial[key] = editing?.[key] ?? EMPTY[key];
  const form = useAppForm({
    defaultValues: initial,
    schema: kind === "customer" ? ZCreateCustomerSchema : ZCreateSupplierSchema,
    toInput: (values) => {
      const { accountNumber, paymentDetails, language, reminderChannel, ...common } = values;
      return kind === "customer"
        ? { ...common, accountNumber, language, reminderChannel }
        : { ...common, paymentDetails };
    },
    onSubmit: async (input) => {
      const scoped = { businessId: business.id, ...(input as Record<string, string>) };
      if (kind === "customer") {
        if (editing) await updateCustomer.mutateAsync({ ...scoped, customerId: editing.id });
        else await createCustomer.mutateAsync(scoped as Parameters<typeof createCustomer.mutateAsync>[0]);
        await queryClient.invalidateQueries({ queryKey: trpc.customers.pathKey() });
      } else {
        if (editing) await updateSupplier.mutateAsync({ ...scoped, supplierId: editing.id });
        else await createSupplier.mutateAsync(scoped as Parameters<typeof createSupplier.mutateAsync>[0]);
        await queryClient.invalidateQueries({ queryKey: trpc.suppliers.pathKey() });
      }
      toast(
        "success",
        editing ? t("form.saved") : kind === "customer" ? t("form.customerAdded") : t("form.supplierAdded"),
      );
      onDone();
    },
  });
  return (
    <AppForm form={form} problem="manual" className="flex flex-col gap-4">
      <Field label={t("form.name")} required error={form.error("name")}>
        <Input autoComplete="organization" {...form.register("name")} />
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label={t("form.phone")} optional error={form.error("phone")}>
          <Input type="tel" inputMode="tel" placeholder="0712 345 678" {...form.register("phone")} />
        </Field>
        <Field label={t("form.email")} optional error={form.error("email")}>
          <Input type="email" {...form.register("email")} />
        </Field>
        <Field label={t("form.kraPin")} optional error={form.error("taxId")}>
          <Input placeholder="P051234567X" {...form.register("taxId")} />
        </Field>
        {kind === "customer" ? (
          <Field
            label={t("form.accountNumber")}
            optional
            error={form.error("accountNumber")}
            description={t("form.accountNumberHint")}
          >
            <Input placeholder="C0042" {...form.register("accountNumber")} />
          </Field>
        ) : (
          <Field label={t("form.city")} optional error={form.error("city")}>
            <Input {...form.register("city")} />
          </Field>
        )}
      </div>
      {kind === "supplier" ? (
        <Field
          label={t("form.howToPay")}
          optional
          error={form.error("paymentDetails")}
          description={t("form.howToPayHint")}
        >
          <Input {...form.register("paymentDetails")} />
        </Field>
      ) : (
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label={t("form.city")} optional error={form.error("city")}>
            <Input {...form.register("city")} />
          </Field>
          <Field
            label={t("form.language")}
            error={form.error("language")}
            description={t("form.languageHint")}
          >
            <Select
              {...form.register("language")}
              options={LANGUAGES.map((code) => ({ value: code, label: LANGUAGE_LABELS[code] }))}
            />
          </Field>
          <Field
            label={t("form.reminderChannel")}
            error={form.error("reminderChannel")}
            description={t("form.reminderChannelHint")}
            className="sm:col-span-2"
          >
            <Select
              {...form.register("reminderChannel")}
              options={CUSTOMER_REMINDER_CHANNELS.map((channel) => ({
                value: channel,
                label: t(`form.reminderChannels.${channel}`),
              }))}
            />
          </Field>
        </div>
      )}
      <Field label={t("form.notes")} optional error={form.error("notes")}>
        <Textarea rows={2} {...form.register("notes")} />
      </Field>
      <FormProblem form={form} />
      <div className="flex flex-col-reverse gap-2 border-t border-ink-100 pt-4 sm:flex-row sm:justify-end">
        <Button variant="secondary" onClick={onDone}>
          {t("form.cancel")}
        </Button>
        <Button type="submit" loading={form.submitting}>
          {editing ? t("form.save") : t("form.add")}
        </Button>
      </div>
    </AppForm>
  );
}
