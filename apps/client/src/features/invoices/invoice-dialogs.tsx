import {
  type CREDIT_NOTE_DISPOSITIONS,
  formatMoney,
  minMinor,
  PAYMENT_METHOD_LABELS,
  PAYMENT_METHODS,
  type PaymentMethod,
  RECURRENCE_FREQUENCIES,
  RECURRENCE_LABELS,
  type RecurrenceFrequency,
  toMajorString,
  ZApplyCreditSchema,
  ZChangeDueDateSchema,
  ZCreateCreditNoteSchema,
  ZCreateRecurringInvoiceSchema,
  ZRecordPaymentSchema,
  ZSendInvoiceSchema,
  ZVoidInvoiceSchema,
} from "@kavi/domain";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { startOfDayInZone } from "../../lib/format";
import { useTRPC } from "../../lib/trpc";
import { useAppForm } from "../../lib/use-app-form";
import { AppForm } from "../../ui/app-form";
import { Button } from "../../ui/button";
import { Dialog } from "../../ui/dialog";
import { Field } from "../../ui/field";
import { Checkbox, Input, Select, Textarea } from "../../ui/input";
import { toast } from "../../ui/toast";
import { useBusiness } from "../shell/business-context";
import { EmailAllowanceNote } from "../verify-email/email-allowance-note";
import type { InvoiceDetail } from "./invoice-ui";

interface DialogBaseProps {
  invoice: InvoiceDetail;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}

function useRefresh() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.invoices.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.customers.pathKey() }),
    ]);
}

function FormDialog({
  id,
  open,
  onOpenChange,
  title,
  description,
  submitLabel,
  danger = false,
  submitting,
  children,
}: {
  id: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description?: ReactNode;
  submitLabel: string;
  danger?: boolean;
  submitting: boolean;
  children: ReactNode;
}) {
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title={title}
      description={description}
      footer={
        <>
          <Button variant="secondary" onClick={() => onOpenChange(false)}>
            Cancel
          </Button>
          <Button type="submit" form={id} variant={danger ? "danger" : "primary"} loading={submitting}>
            {submitLabel}
          </Button>
        </>
      }
    >
      {children}
    </Dialog>
  );
}

const todayIn = (timeZone: string) => new Intl.DateTimeFormat("en-CA", { timeZone }).format(new Date());

export function RecordPaymentDialog({ invoice, open, onOpenChange }: DialogBaseProps) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const { business } = useBusiness();
  const record = useMutation(trpc.invoices.recordPayment.mutationOptions());
  const today = todayIn(business.timezone);
  const form = useAppForm({
    defaultValues: {
      amount: toMajorString(invoice.balanceDueMinor, invoice.currency),
      method: (invoice.currency === "KES" ? "mpesa" : "bank") as PaymentMethod,
      reference: "",
      paidOn: today,
      notes: "",
    },
    schema: ZRecordPaymentSchema,
    toInput: (values) => ({
      invoiceId: invoice.id,
      amount: values.amount,
      method: values.method,
      reference: values.reference,
      notes: values.notes,
      // The day the money came, as the business counts days; today means "now".
      paidAt: values.paidOn === today ? null : startOfDayInZone(values.paidOn, business.timezone),
    }),
    onSubmit: async (input) => {
      const result = await record.mutateAsync({ businessId: business.id, ...input });
      await refresh();
      toast(
        "success",
        "Payment recorded",
        result.creditedToCustomerMinor > 0n
          ? {
              description: `${formatMoney(result.creditedToCustomerMinor, invoice.currency)} more than was owed is kept as the customer's credit.`,
            }
          : {},
      );
      onOpenChange(false);
    },
  });
  const values = form.watch();
  return (
    <FormDialog
      id="record-payment"
      open={open}
      onOpenChange={onOpenChange}
      title="Record a payment"
      description={`${formatMoney(invoice.balanceDueMinor, invoice.currency)} is still owed. Paying more keeps the excess as the customer's credit.`}
      submitLabel="Record payment"
      submitting={form.submitting}
    >
      <AppForm form={form} id="record-payment">
        <Field label={`Amount (${invoice.currency})`} error={form.error("amount")} required>
          <Input inputMode="decimal" {...form.register("amount")} />
        </Field>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Paid by" error={form.error("method")}>
            <Select
              value={values.method}
              onChange={(event) => form.setValue("method", event.target.value as PaymentMethod)}
              options={PAYMENT_METHODS.map((method) => ({
                value: method,
                label: PAYMENT_METHOD_LABELS[method],
              }))}
            />
          </Field>
          <Field label="Date received" error={form.error("paidAt")}>
            <Input type="date" max={today} {...form.register("paidOn")} />
          </Field>
        </div>
        <Field
          label={values.method === "mpesa" ? "M-Pesa receipt" : "Reference"}
          error={form.error("reference")}
          optional
          description={
            values.method === "mpesa"
              ? "Such as QKL1ABC2DE: it stops the same payment being recorded twice."
              : undefined
          }
        >
          <Input {...form.register("reference")} />
        </Field>
        <Field label="Note" error={form.error("notes")} optional>
          <Textarea rows={2} {...form.register("notes")} />
        </Field>
      </AppForm>
    </FormDialog>
  );
}

export function SendInvoiceDialog({ invoice, open, onOpenChange }: DialogBaseProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = useRefresh();
  const { business } = useBusiness();
  const send = useMutation(trpc.invoices.send.mutationOptions());
  const first = invoice.status === "draft";
  const form = useAppForm({
    defaultValues: { to: invoice.customer.email ?? "", message: "" },
    schema: ZSendInvoiceSchema,
    toInput: (values) => ({ invoiceId: invoice.id, to: values.to, message: values.message }),
    onSubmit: async (input) => {
      const result = await send.mutateAsync({ businessId: business.id, ...input });
      await refresh();
      await queryClient.invalidateQueries({
        queryKey: trpc.business.emailAllowance.queryKey({ businessId: business.id }),
      });
      toast("success", `${result.invoice.invoiceNumber} is on its way to ${result.to}`, {
        description: "The PDF is attached, with a link to view and pay online.",
      });
      onOpenChange(false);
    },
  });
  return (
    <FormDialog
      id="send-invoice"
      open={open}
      onOpenChange={onOpenChange}
      title={first ? "Send the invoice" : "Send it again"}
      description={
        first
          ? "Sending gives it its number. It can no longer be edited after that."
          : "The customer gets the invoice as it stands now."
      }
      submitLabel={first ? "Send invoice" : "Send again"}
      submitting={form.submitting}
    >
      <AppForm form={form} id="send-invoice">
        <EmailAllowanceNote kind="invoice" />
        <Field label="To" error={form.error("to")} required>
          <Input type="email" autoComplete="email" {...form.register("to")} />
        </Field>
        <Field
          label="Message"
          error={form.error("message")}
          optional
          description="Added above the invoice details."
        >
          <Textarea rows={3} {...form.register("message")} />
        </Field>
      </AppForm>
    </FormDialog>
  );
}

export function VoidInvoiceDialog({ invoice, open, onOpenChange }: DialogBaseProps) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const { business } = useBusiness();
  const voidInvoice = useMutation(trpc.invoices.void.mutationOptions());
  const form = useAppForm({
    defaultValues: { reason: "" },
    schema: ZVoidInvoiceSchema,
    toInput: (values) => ({ invoiceId: invoice.id, reason: values.reason }),
    onSubmit: async (input) => {
      await voidInvoice.mutateAsync({ businessId: business.id, ...input });
      await refresh();
      toast("success", `${invoice.invoiceNumber} is void`);
      onOpenChange(false);
    },
  });
  return (
    <FormDialog
      id="void-invoice"
      open={open}
      onOpenChange={onOpenChange}
      title={`Void ${invoice.invoiceNumber}?`}
      description="It stays on record with its number, marked void, and nothing is owed on it any more."
      submitLabel="Void invoice"
      danger
      submitting={form.submitting}
    >
      <AppForm form={form} id="void-invoice">
        <Field
          label="Reason"
          error={form.error("reason")}
          required
          description="Kept with the invoice and in the activity log."
        >
          <Input {...form.register("reason")} placeholder="Raised twice for the same delivery" />
        </Field>
      </AppForm>
    </FormDialog>
  );
}

export function CreditNoteDialog({ invoice, open, onOpenChange }: DialogBaseProps) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const { business } = useBusiness();
  const create = useMutation(trpc.invoices.createCreditNote.mutationOptions());
  const form = useAppForm({
    defaultValues: {
      amount: "",
      reason: "",
      disposition: "customer_credit" as (typeof CREDIT_NOTE_DISPOSITIONS)[number],
    },
    schema: ZCreateCreditNoteSchema,
    toInput: (values) => ({ invoiceId: invoice.id, ...values }),
    onSubmit: async (input) => {
      const result = await create.mutateAsync({ businessId: business.id, ...input });
      await refresh();
      toast("success", `Credit note ${result.creditNote.creditNoteNumber} issued`, {
        description:
          result.creditNote.returnedMinor > 0n
            ? `${formatMoney(result.creditNote.returnedMinor, invoice.currency)} ${input.disposition === "refund" ? "is due back to the customer" : "went to the customer's credit"}.`
            : "It reduced what the customer owes.",
      });
      onOpenChange(false);
    },
  });
  const values = form.watch();
  return (
    <FormDialog
      id="credit-note"
      open={open}
      onOpenChange={onOpenChange}
      title="Issue a credit note"
      description="Takes money off this invoice (returns, damaged goods, a price agreed after the fact). What was still owed is reduced first."
      submitLabel="Issue credit note"
      submitting={form.submitting}
    >
      <AppForm form={form} id="credit-note">
        <Field label={`Amount (${invoice.currency}, VAT included)`} error={form.error("amount")} required>
          <Input inputMode="decimal" {...form.register("amount")} />
        </Field>
        <Field label="Reason" error={form.error("reason")} required>
          <Input {...form.register("reason")} placeholder="Two crates of tomatoes arrived bruised" />
        </Field>
        <Field label="If the customer has paid more than they now owe" error={form.error("disposition")}>
          <Select
            value={values.disposition}
            onChange={(event) =>
              form.setValue("disposition", event.target.value as "customer_credit" | "refund")
            }
            options={[
              { value: "customer_credit", label: "Keep it as credit for their next invoice" },
              { value: "refund", label: "Refund it to them" },
            ]}
          />
        </Field>
      </AppForm>
    </FormDialog>
  );
}

export function DueDateDialog({ invoice, open, onOpenChange }: DialogBaseProps) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const { business } = useBusiness();
  const change = useMutation(trpc.invoices.changeDueDate.mutationOptions());
  const form = useAppForm({
    defaultValues: { dueDate: invoice.dueDate },
    schema: ZChangeDueDateSchema,
    toInput: (values) => ({ invoiceId: invoice.id, dueDate: values.dueDate }),
    onSubmit: async (input) => {
      await change.mutateAsync({ businessId: business.id, ...input });
      await refresh();
      toast("success", "Due date changed");
      onOpenChange(false);
    },
  });
  return (
    <FormDialog
      id="due-date"
      open={open}
      onOpenChange={onOpenChange}
      title="Change the due date"
      description="For an agreed extension. Reminders follow the new date."
      submitLabel="Change due date"
      submitting={form.submitting}
    >
      <AppForm form={form} id="due-date">
        <Field label="Due date" error={form.error("dueDate")} required>
          <Input type="date" min={invoice.issueDate} {...form.register("dueDate")} />
        </Field>
      </AppForm>
    </FormDialog>
  );
}

export function ApplyCreditDialog({ invoice, open, onOpenChange }: DialogBaseProps) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const { business } = useBusiness();
  const apply = useMutation(trpc.invoices.applyCredit.mutationOptions());
  const most = minMinor(invoice.customer.creditBalanceMinor, invoice.balanceDueMinor);
  const form = useAppForm({
    defaultValues: { amount: toMajorString(most, invoice.currency) },
    schema: ZApplyCreditSchema,
    toInput: (values) => ({ invoiceId: invoice.id, amount: values.amount }),
    onSubmit: async (input) => {
      const result = await apply.mutateAsync({ businessId: business.id, ...input });
      await refresh();
      toast("success", `${formatMoney(result.appliedMinor, invoice.currency)} of credit used`);
      onOpenChange(false);
    },
  });
  return (
    <FormDialog
      id="apply-credit"
      open={open}
      onOpenChange={onOpenChange}
      title="Use the customer's credit"
      description={`${invoice.customer.name} has ${formatMoney(invoice.customer.creditBalanceMinor, invoice.currency)} of credit from earlier overpayments and credit notes.`}
      submitLabel="Apply credit"
      submitting={form.submitting}
    >
      <AppForm form={form} id="apply-credit">
        <Field label={`Amount (${invoice.currency})`} error={form.error("amount")} required>
          <Input inputMode="decimal" {...form.register("amount")} />
        </Field>
      </AppForm>
    </FormDialog>
  );
}

export function RecurringDialog({ invoice, open, onOpenChange }: DialogBaseProps) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const { business } = useBusiness();
  const create = useMutation(trpc.invoices.recurring.create.mutationOptions());
  const form = useAppForm({
    defaultValues: {
      frequency: "monthly" as RecurrenceFrequency,
      startDate: todayIn(business.timezone),
      endDate: "",
      autoSend: Boolean(invoice.customer.email),
    },
    schema: ZCreateRecurringInvoiceSchema,
    toInput: (values) => ({
      invoiceId: invoice.id,
      frequency: values.frequency,
      startDate: values.startDate,
      endDate: values.endDate || null,
      autoSend: values.autoSend,
    }),
    onSubmit: async (input) => {
      const schedule = await create.mutateAsync({ businessId: business.id, ...input });
      await refresh();
      toast("success", "Recurring invoice set up", {
        description: `The next one is made on ${schedule.nextRunDate}.`,
      });
      onOpenChange(false);
    },
  });
  const values = form.watch();
  return (
    <FormDialog
      id="recurring"
      open={open}
      onOpenChange={onOpenChange}
      title="Repeat this invoice"
      description="Each run copies this invoice's customer, lines, notes and terms into a new invoice dated that day."
      submitLabel="Set up"
      submitting={form.submitting}
    >
      <AppForm form={form} id="recurring">
        <Field label="How often" error={form.error("frequency")}>
          <Select
            value={values.frequency}
            onChange={(event) => form.setValue("frequency", event.target.value as RecurrenceFrequency)}
            options={RECURRENCE_FREQUENCIES.map((frequency) => ({
              value: frequency,
              label: RECURRENCE_LABELS[frequency],
            }))}
          />
        </Field>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Starting" error={form.error("startDate")} required>
            <Input type="date" {...form.register("startDate")} />
          </Field>
          <Field label="Ending" error={form.error("endDate")} optional>
            <Input type="date" {...form.register("endDate")} />
          </Field>
        </div>
        <Checkbox
          label="Send each one by email straight away"
          description={
            invoice.customer.email
              ? `To ${invoice.customer.email}. Otherwise each is kept as a draft for you to check.`
              : "This customer has no email address: each will be kept as a draft for you to send."
          }
          checked={values.autoSend}
          onChange={(event) => form.setValue("autoSend", event.target.checked)}
        />
      </AppForm>
    </FormDialog>
  );
}
