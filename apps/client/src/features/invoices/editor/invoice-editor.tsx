import { addDays } from "@kavi/domain";
import { useQuery } from "@tanstack/react-query";
import { Send } from "lucide-react";
import { useState } from "react";
import { useWatch } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { useTRPC } from "../../../lib/trpc";
import { AppForm } from "../../../ui/app-form";
import { Button } from "../../../ui/button";
import { Card, CardBody, CardHeader } from "../../../ui/card";
import { Field } from "../../../ui/field";
import { Textarea } from "../../../ui/input";
import { useBusiness } from "../../shell/business-context";
import type { InvoiceDetail } from "../invoice-ui";
import { CustomerDatesCard } from "./customer-dates-card";
import { EtimsCard } from "./etims-card";
import { LineItemsCard } from "./line-items-card";
import { QuickCustomerDialog } from "./quick-customer-dialog";
import { type InvoiceEditorForm, useInvoiceEditorForm } from "./use-invoice-editor-form";
import { useLiveTotals } from "./use-live-totals";

function NotesTermsCard({ form }: { form: InvoiceEditorForm }) {
  const { t } = useTranslation("invoices");
  return (
    <Card>
      <CardHeader title={t("editor.notesAndTerms")} description={t("editor.notesAndTermsHelp")} />
      <CardBody className="grid gap-4 md:grid-cols-2">
        <Field label={t("editor.notes")} error={form.error("notes")} optional>
          <Textarea {...form.register("notes")} placeholder={t("editor.notesPlaceholder")} />
        </Field>
        <Field label={t("editor.terms")} error={form.error("terms")} optional>
          <Textarea {...form.register("terms")} placeholder={t("editor.termsPlaceholder")} />
        </Field>
      </CardBody>
    </Card>
  );
}

/** New or existing draft: customer and dates, lines with live totals, notes; saves, or saves and sends. */
export function InvoiceEditor({ invoice }: { invoice?: InvoiceDetail }) {
  const trpc = useTRPC();
  const navigate = useNavigate();
  const { business } = useBusiness();
  const { t } = useTranslation("invoices");
  const customers = useQuery(
    trpc.customers.list.queryOptions({ businessId: business.id, limit: 100, includeArchived: false }),
  );
  const { form, andSend, customerChosen, defaultRate, defaultRateBps } = useInvoiceEditorForm(invoice);
  const [quickCustomer, setQuickCustomer] = useState(false);
  const [customerId, lines, pricesIncludeTax, paymentTermsDays, issueDate] = useWatch({
    control: form.control,
    name: ["customerId", "lines", "pricesIncludeTax", "paymentTermsDays", "issueDate"],
  });

  const customerList = customers.data?.items ?? [];
  const customer = customerList.find((row) => row.id === customerId);
  const currency = customer?.currency ?? invoice?.currency ?? business.baseCurrency;
  const live = useLiveTotals(lines, currency, pricesIncludeTax, defaultRateBps);
  const terms = Number(paymentTermsDays) || 0;
  const dueDate = /^\d{4}-\d{2}-\d{2}$/.test(issueDate) ? addDays(issueDate, terms) : null;

  return (
    <AppForm form={form} className="flex flex-col gap-6">
      <CustomerDatesCard
        form={form}
        customers={customerList}
        customersLoading={customers.isPending}
        currency={currency}
        dueDate={dueDate}
        terms={terms}
        onCustomerChosen={customerChosen}
        onNewCustomer={() => setQuickCustomer(true)}
      />
      <LineItemsCard
        form={form}
        live={live}
        currency={currency}
        pricesIncludeTax={pricesIncludeTax}
        defaultRate={defaultRate}
      />
      <EtimsCard form={form} customerPin={customer?.taxId ?? null} />
      <NotesTermsCard form={form} />

      {/* data-sticky-actions: on phones "Ask KAVI" rises above this bar (styles.css). */}
      <div
        data-sticky-actions=""
        className="sticky bottom-0 -mx-4 grid grid-cols-2 gap-2 border-t border-ink-200 bg-canvas/95 px-4 py-3 backdrop-blur sm:static sm:mx-0 sm:flex sm:justify-end sm:border-0 sm:bg-transparent sm:p-0"
      >
        {/* Phones have the back gesture; the bar keeps its two saves side by side. */}
        <span className="hidden sm:contents">
          <Button variant="ghost" onClick={() => navigate(-1)}>
            {t("dialog.cancel")}
          </Button>
        </span>
        <Button
          type="submit"
          variant="secondary"
          loading={form.submitting && !andSend.current}
          onClick={() => {
            andSend.current = false;
          }}
        >
          {t("editor.saveDraft")}
        </Button>
        <Button
          type="submit"
          loading={form.submitting && andSend.current}
          onClick={() => {
            andSend.current = true;
          }}
        >
          <Send aria-hidden /> {t("editor.saveAndSend")}
        </Button>
      </div>
      <QuickCustomerDialog
        open={quickCustomer}
        onOpenChange={setQuickCustomer}
        onCreated={(id) => {
          form.setValue("customerId", id, { shouldDirty: true });
          form.clearErrors("customerId");
          customerChosen(id);
        }}
      />
    </AppForm>
  );
}
