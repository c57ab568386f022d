import { ZCreateCustomerSchema } from "@kavi/domain";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useTRPC } from "../../../lib/trpc";
import { useAppForm } from "../../../lib/use-app-form";
import { AppForm } from "../../../ui/app-form";
import { Button } from "../../../ui/button";
import { Dialog } from "../../../ui/dialog";
import { Field } from "../../../ui/field";
import { Input } from "../../../ui/input";
import { toast } from "../../../ui/toast";
import { useBusiness } from "../../shell/business-context";

const EMPTY_CUSTOMER = { name: "", email: "", phone: "", taxId: "" };

/** Adds a customer without leaving the invoice: just the essentials. */
export function QuickCustomerDialog({
  open,
  onOpenChange,
  onCreated,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onCreated: (customerId: string) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { business } = useBusiness();
  const { t } = useTranslation(["invoices", "customers"]);
  const create = useMutation(trpc.customers.create.mutationOptions());
  const form = useAppForm({
    defaultValues: EMPTY_CUSTOMER,
    schema: ZCreateCustomerSchema,
    toInput: (values) => values,
    onSubmit: async (input) => {
      const customer = await create.mutateAsync({ businessId: business.id, ...input });
      await queryClient.invalidateQueries({ queryKey: trpc.customers.list.pathKey() });
      toast("success", t("quickCustomer.added", { name: customer.name }));
      form.reset(EMPTY_CUSTOMER);
      onCreated(customer.id);
      onOpenChange(false);
    },
  });
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title={t("editor.newCustomer")}
      description={t("quickCustomer.description")}
      footer={
        <>
          <Button variant="secondary" onClick={() => onOpenChange(false)}>
            {t("dialog.cancel")}
          </Button>
          <Button type="submit" form="quick-customer" loading={form.submitting}>
            {t("customers:list.add.customer")}
          </Button>
        </>
      }
    >
      <AppForm form={form} id="quick-customer">
        <Field label={t("customers:form.name")} error={form.error("name")} required>
          <Input autoComplete="organization" {...form.register("name")} />
        </Field>
        <Field
          label={t("customers:form.email")}
          error={form.error("email")}
          optional
          description={t("quickCustomer.emailHelp")}
        >
          <Input type="email" autoComplete="email" {...form.register("email")} />
        </Field>
        <Field label={t("customers:form.phone")} error={form.error("phone")} optional>
          <Input type="tel" autoComplete="tel" placeholder="0712 345 678" {...form.register("phone")} />
        </Field>
        <Field label={t("customers:form.kraPin")} error={form.error("taxId")} optional>
          <Input {...form.register("taxId")} placeholder="P051234567X" />
        </Field>
      </AppForm>
    </Dialog>
  );
}
