import { ZCreateCustomerSchema } from "@kavi/domain";
import { useMutation, useQueryClient } from "@tanstack/react-query";
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
  const create = useMutation(trpc.customers.create.mutationOptions());
  const form = useAppForm({
    defaultValues: EMPTY_CUSTOMER,
    schema: ZCreateCustomerSchema,
    toInput: (values) => values,
    onSubmit: async (input) => {
      const customer = await create.mutateAsync({ businessId: business.id, ...input });
      await queryClient.invalidateQueries({ queryKey: trpc.customers.list.pathKey() });
      toast("success", `${customer.name} added`);
      form.reset(EMPTY_CUSTOMER);
      onCreated(customer.id);
      onOpenChange(false);
    },
  });
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title="New customer"
      description="Just the essentials; you can add the rest from Customers later."
      footer={
        <>
          <Button variant="secondary" onClick={() => onOpenChange(false)}>
            Cancel
          </Button>
          <Button type="submit" form="quick-customer" loading={form.submitting}>
            Add customer
          </Button>
        </>
      }
    >
      <AppForm form={form} id="quick-customer">
        <Field label="Name" error={form.error("name")} required>
          <Input autoComplete="organization" {...form.register("name")} />
        </Field>
        <Field label="Email" error={form.error("email")} optional description="Invoices are emailed here.">
          <Input type="email" autoComplete="email" {...form.register("email")} />
        </Field>
        <Field label="Phone" error={form.error("phone")} optional>
          <Input type="tel" autoComplete="tel" placeholder="0712 345 678" {...form.register("phone")} />
        </Field>
        <Field label="KRA PIN" error={form.error("taxId")} optional>
          <Input {...form.register("taxId")} placeholder="P051234567X" />
        </Field>
      </AppForm>
    </Dialog>
  );
}
