import { UserPlus } from "lucide-react";
import { useWatch } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { Button } from "../../../ui/button";
import { Card, CardBody, CardHeader } from "../../../ui/card";
import { Field } from "../../../ui/field";
import { Checkbox, Input, Select } from "../../../ui/input";
import { useBusiness } from "../../shell/business-context";
import { useBusinessFormat } from "../../shell/use-business-format";
import { formatCalendarDate, useTermsLabel } from "../invoice-ui";
import { TERMS } from "./editor-values";
import type { InvoiceEditorForm } from "./use-invoice-editor-form";

/** Who the invoice is for, its dates and terms, the exchange rate for a foreign currency, and how prices read. */
export function CustomerDatesCard({
  form,
  customers,
  customersLoading,
  currency,
  dueDate,
  terms,
  onCustomerChosen,
  onNewCustomer,
}: {
  form: InvoiceEditorForm;
  customers: readonly { id: string; name: string }[];
  customersLoading: boolean;
  currency: string;
  dueDate: string | null;
  terms: number;
  onCustomerChosen: (customerId: string) => void;
  onNewCustomer: () => void;
}) {
  const { business } = useBusiness();
  const termsLabel = useTermsLabel();
  const { t } = useTranslation("invoices");
  const { locale } = useBusinessFormat();
  // Controlled: a customer added from the dialog, or a customer's own terms, can be chosen before its option
  // is rendered, and an uncontrolled <select> would then fall back to its first option.
  const [customerId, paymentTermsDays] = useWatch({
    control: form.control,
    name: ["customerId", "paymentTermsDays"],
  });
  const termsOptions = [...new Set([...TERMS, terms])].sort((a, b) => a - b);
  return (
    <Card>
      <CardHeader title={t("editor.customerAndDates")} />
      <CardBody className="grid gap-4 md:grid-cols-2 lg:grid-cols-4">
        <Field
          label={t("editor.customer")}
          error={form.error("customerId")}
          required
          className="md:col-span-2"
        >
          <div className="flex gap-2">
            <div className="min-w-0 flex-1">
              <Select
                {...form.register("customerId", {
                  onChange: (event) => onCustomerChosen(event.target.value),
                })}
                value={customerId}
                placeholder={customersLoading ? t("editor.loadingCustomers") : t("editor.chooseCustomer")}
                options={customers.map((row) => ({ value: row.id, label: row.name }))}
              />
            </div>
            <Button variant="secondary" onClick={onNewCustomer} aria-label={t("editor.newCustomer")}>
              <UserPlus aria-hidden /> <span className="hidden sm:inline">{t("editor.new")}</span>
            </Button>
          </div>
        </Field>
        <Field label={t("editor.issueDate")} error={form.error("issueDate")} required>
          <Input type="date" {...form.register("issueDate")} />
        </Field>
        <Field
          label={t("editor.paymentTerms")}
          error={form.error("paymentTermsDays")}
          description={dueDate ? t("editor.dueOn", { date: formatCalendarDate(dueDate, locale) }) : undefined}
        >
          <Select
            {...form.register("paymentTermsDays")}
            value={paymentTermsDays}
            options={termsOptions.map((days) => ({ value: String(days), label: termsLabel(days) }))}
          />
        </Field>
        {currency !== business.baseCurrency ? (
          <Field
            label={t("editor.exchangeRate", { base: business.baseCurrency, currency })}
            error={form.error("exchangeRate")}
            required
            className="md:col-span-2"
          >
            <Input inputMode="decimal" placeholder="129.35" {...form.register("exchangeRate")} />
          </Field>
        ) : null}
        <div className="flex items-end md:col-span-2">
          <Checkbox
            label={t("editor.pricesIncludeVat")}
            description={t("editor.pricesIncludeVatHelp")}
            {...form.register("pricesIncludeTax")}
          />
        </div>
      </CardBody>
    </Card>
  );
}
