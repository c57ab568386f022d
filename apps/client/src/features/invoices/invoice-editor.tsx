import {
  addDays,
  computeInvoiceTotals,
  computeLine,
  formatBps,
  formatMoney,
  formatQuantity,
  InvoiceTotalsError,
  type ParsedInvoiceLine,
  parseInvoiceLines,
  type TaxTreatment,
  taxLabel,
  toMajorString,
  ZCreateCustomerSchema,
  ZInvoiceDraftSchema,
  ZInvoiceLineInputSchema,
} from "@kavi/domain";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Plus, Send, Trash2, UserPlus } from "lucide-react";
import { useMemo, useRef, useState } from "react";
import { useNavigate } from "react-router";
import { businessPath } from "../../app/navigation";
import { toProblem } from "../../lib/errors";
import { useZodForm } from "../../lib/form";
import { useTRPC } from "../../lib/trpc";
import { Button } from "../../ui/button";
import { Card, CardBody, CardHeader } from "../../ui/card";
import { Dialog } from "../../ui/dialog";
import { Field } from "../../ui/field";
import { Checkbox, Input, Select, Textarea } from "../../ui/input";
import { Money } from "../../ui/money";
import { ProblemAlert } from "../../ui/problem";
import { toast } from "../../ui/toast";
import { useBusiness } from "../shell/business-context";
import { formatCalendarDate, type InvoiceDetail, termsLabel } from "./invoice-ui";

interface LineState {
  key: string;
  description: string;
  quantity: string;
  unitPrice: string;
  discount: string;
  taxTreatment: TaxTreatment;
  /** Percent, for standard-rated lines. */
  taxRate: string;
}

interface EditorValues extends Record<string, unknown> {
  customerId: string;
  issueDate: string;
  paymentTermsDays: string;
  pricesIncludeTax: boolean;
  exchangeRate: string;
  notes: string;
  terms: string;
  lines: LineState[];
}

let lineKeys = 0;
const nextKey = () => `line-${++lineKeys}`;

function emptyLine(rate: string): LineState {
  return {
    key: nextKey(),
    description: "",
    quantity: "1",
    unitPrice: "",
    discount: "",
    taxTreatment: "standard",
    taxRate: rate,
  };
}

const TERMS = [0, 7, 14, 30, 45, 60];

/** Every line is labelled on a phone (stacked fields); on wider screens only the first row shows its headings. */
function lineLabel(text: string, index: number) {
  return index === 0 ? text : <span className="md:sr-only">{text}</span>;
}

/** The line as the API takes it, from what the form holds. */
function lineInput(line: LineState) {
  return {
    description: line.description,
    quantity: line.quantity,
    unitPrice: line.unitPrice,
    discount: line.discount.trim() === "" ? "0" : line.discount,
    taxTreatment: line.taxTreatment,
    taxRate: line.taxTreatment === "standard" ? line.taxRate : null,
  };
}

/**
 * Live totals with the same engine the server stores (packages/domain): each line that parses is computed
 * exactly as it will be saved; a line that does not parse yet shows no amount rather than a guess.
 */
function useLiveTotals(
  lines: LineState[],
  currency: string,
  pricesIncludeTax: boolean,
  defaultRateBps: number,
) {
  return useMemo(() => {
    const perLine: (bigint | null)[] = [];
    const valid: ParsedInvoiceLine[] = [];
    for (const line of lines) {
      const parsed = ZInvoiceLineInputSchema.safeParse({
        ...lineInput(line),
        description: line.description || "—",
      });
      if (!parsed.success) {
        perLine.push(null);
        continue;
      }
      const amounts = parseInvoiceLines([parsed.data], currency, defaultRateBps);
      const first = amounts.ok ? amounts.lines[0] : undefined;
      if (!first) {
        perLine.push(null);
        continue;
      }
      try {
        // The amount column reads like the PDF: net of VAT when prices exclude it, VAT included otherwise.
        const computed = computeLine(first, pricesIncludeTax);
        perLine.push(pricesIncludeTax ? computed.totalMinor : computed.netMinor);
        valid.push(first);
      } catch (error) {
        if (!(error instanceof InvoiceTotalsError)) throw error;
        perLine.push(null);
      }
    }
    const totals = computeInvoiceTotals(valid, { pricesIncludeTax });
    return { perLine, totals };
  }, [lines, currency, pricesIncludeTax, defaultRateBps]);
}

function QuickCustomerDialog({
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
  const form = useZodForm({
    initialValues: { name: "", email: "", phone: "", taxId: "" },
    schema: ZCreateCustomerSchema,
    toInput: (values) => values,
    onSubmit: async (input) => {
      const customer = await create.mutateAsync({ businessId: business.id, ...input });
      await queryClient.invalidateQueries({ queryKey: trpc.customers.list.pathKey() });
      toast("success", `${customer.name} added`);
      form.setValues({ name: "", email: "", phone: "", taxId: "" });
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
      <form
        id="quick-customer"
        ref={form.formRef}
        onSubmit={form.handleSubmit}
        className="flex flex-col gap-4"
        noValidate
      >
        {form.problem && Object.keys(form.errors).length === 0 ? (
          <ProblemAlert problem={form.problem} />
        ) : null}
        <Field label="Name" error={form.error("name")} required>
          <Input autoComplete="organization" {...form.text("name")} />
        </Field>
        <Field label="Email" error={form.error("email")} optional description="Invoices are emailed here.">
          <Input type="email" autoComplete="email" {...form.text("email")} />
        </Field>
        <Field label="Phone" error={form.error("phone")} optional>
          <Input type="tel" autoComplete="tel" placeholder="0712 345 678" {...form.text("phone")} />
        </Field>
        <Field label="KRA PIN" error={form.error("taxId")} optional>
          <Input {...form.text("taxId")} placeholder="P051234567X" />
        </Field>
      </form>
    </Dialog>
  );
}

export function InvoiceEditor({ invoice }: { invoice?: InvoiceDetail }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { business } = useBusiness();
  const settings = useQuery(trpc.invoices.settings.get.queryOptions({ businessId: business.id }));
  const customers = useQuery(
    trpc.customers.list.queryOptions({ businessId: business.id, limit: 100, includeArchived: false }),
  );
  const create = useMutation(trpc.invoices.create.mutationOptions());
  const update = useMutation(trpc.invoices.update.mutationOptions());
  const send = useMutation(trpc.invoices.send.mutationOptions());
  const [quickCustomer, setQuickCustomer] = useState(false);
  // Which button submitted: read when the submit runs, in the same event as the click.
  const andSend = useRef(false);
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: business.timezone }).format(new Date());
  const defaultRate = settings.data ? formatBps(settings.data.defaultTaxRateBps) : "16";

  const form = useZodForm<EditorValues, typeof ZInvoiceDraftSchema>({
    initialValues: invoice
      ? {
          customerId: invoice.customerId,
          issueDate: invoice.issueDate,
          paymentTermsDays: String(invoice.paymentTermsDays),
          pricesIncludeTax: invoice.pricesIncludeTax,
          exchangeRate:
            invoice.currency === business.baseCurrency ? "" : invoice.exchangeRate.replace(/\.?0+$/, ""),
          notes: invoice.notes ?? "",
          terms: invoice.terms ?? "",
          lines: invoice.lines.map((line) => ({
            key: nextKey(),
            description: line.description,
            quantity: formatQuantity(line.quantityMilli),
            unitPrice: toMajorString(line.unitPriceMinor, invoice.currency),
            discount: line.discountMinor > 0n ? toMajorString(line.discountMinor, invoice.currency) : "",
            taxTreatment: line.taxTreatment,
            taxRate: formatBps(line.taxRateBps || 1600),
          })),
        }
      : {
          customerId: "",
          issueDate: today,
          paymentTermsDays: "14",
          pricesIncludeTax: false,
          exchangeRate: "",
          notes: "",
          terms: "",
          lines: [emptyLine("16")],
        },
    schema: ZInvoiceDraftSchema,
    toInput: (values) => ({
      customerId: values.customerId,
      issueDate: values.issueDate,
      paymentTermsDays: Number(values.paymentTermsDays),
      pricesIncludeTax: values.pricesIncludeTax,
      exchangeRate: values.exchangeRate.trim() || null,
      notes: values.notes,
      terms: values.terms,
      lines: values.lines.map(lineInput),
    }),
    onSubmit: async (input) => {
      const saved = invoice
        ? await update.mutateAsync({ businessId: business.id, invoiceId: invoice.id, ...input })
        : await create.mutateAsync({ businessId: business.id, ...input });
      await queryClient.invalidateQueries({ queryKey: trpc.invoices.pathKey() });
      const detailPath = businessPath(business.id, `invoices/${saved.id}`);
      if (!andSend.current) {
        toast("success", invoice ? "Draft saved" : "Draft created");
        navigate(detailPath);
        return;
      }
      try {
        const sent = await send.mutateAsync({ businessId: business.id, invoiceId: saved.id });
        await queryClient.invalidateQueries({ queryKey: trpc.invoices.pathKey() });
        toast("success", `${sent.invoice.invoiceNumber} sent to ${sent.to}`);
      } catch (error) {
        const problem = toProblem(error);
        toast("error", "Saved as a draft, but not sent", {
          description: problem.message,
          requestId: problem.requestId,
        });
      }
      navigate(detailPath);
    },
  });
  const { values, setValue } = form;

  // New invoices pick up the business's defaults once the settings arrive.
  const [defaultsApplied, setDefaultsApplied] = useState(Boolean(invoice));
  if (!defaultsApplied && settings.data) {
    setDefaultsApplied(true);
    form.setValues((current) => ({
      ...current,
      pricesIncludeTax: settings.data.pricesIncludeTax,
      paymentTermsDays: String(settings.data.defaultPaymentTermsDays),
      notes: current.notes || (settings.data.defaultNotes ?? ""),
      terms: current.terms || (settings.data.defaultTerms ?? ""),
      lines: current.lines.map((line) => ({ ...line, taxRate: formatBps(settings.data.defaultTaxRateBps) })),
    }));
  }

  const customerList = customers.data?.items ?? [];
  const customer = customerList.find((row) => row.id === values.customerId);
  const currency = customer?.currency ?? invoice?.currency ?? business.baseCurrency;
  const { perLine, totals } = useLiveTotals(
    values.lines,
    currency,
    values.pricesIncludeTax,
    settings.data?.defaultTaxRateBps ?? 1600,
  );
  const terms = Number(values.paymentTermsDays) || 0;
  const dueDate = /^\d{4}-\d{2}-\d{2}$/.test(values.issueDate) ? addDays(values.issueDate, terms) : null;

  const setLine = (index: number, patch: Partial<LineState>) => {
    setValue(
      "lines",
      values.lines.map((line, position) => (position === index ? { ...line, ...patch } : line)),
    );
  };
  const lineError = (index: number, field: string) => form.error(`lines.${index}.${field}`);
  const termsOptions = [...new Set([...TERMS, terms])].sort((a, b) => a - b);

  const chooseCustomer = (id: string) => {
    setValue("customerId", id);
    if (!id || invoice) return;
    // A new invoice takes the customer's usual payment terms.
    void queryClient
      .fetchQuery(trpc.customers.get.queryOptions({ businessId: business.id, customerId: id }))
      .then((chosen) => {
        form.setValues((current) =>
          current.customerId === id
            ? { ...current, paymentTermsDays: String(chosen.paymentTermsDays) }
            : current,
        );
      })
      .catch(() => undefined);
  };

  return (
    <form ref={form.formRef} onSubmit={form.handleSubmit} noValidate className="flex flex-col gap-6">
      {form.problem && Object.keys(form.errors).length === 0 ? <ProblemAlert problem={form.problem} /> : null}
      <Card>
        <CardHeader title="Customer and dates" />
        <CardBody className="grid gap-4 md:grid-cols-2 lg:grid-cols-4">
          <Field label="Customer" error={form.error("customerId")} required className="md:col-span-2">
            <div className="flex gap-2">
              <div className="min-w-0 flex-1">
                <Select
                  value={values.customerId}
                  onChange={(event) => chooseCustomer(event.target.value)}
                  placeholder={customers.isPending ? "Loading customers…" : "Choose a customer"}
                  options={customerList.map((row) => ({ value: row.id, label: row.name }))}
                />
              </div>
              <Button variant="secondary" onClick={() => setQuickCustomer(true)} aria-label="New customer">
                <UserPlus aria-hidden /> <span className="hidden sm:inline">New</span>
              </Button>
            </div>
          </Field>
          <Field label="Issue date" error={form.error("issueDate")} required>
            <Input type="date" {...form.text("issueDate")} />
          </Field>
          <Field
            label="Payment terms"
            error={form.error("paymentTermsDays")}
            description={dueDate ? `Due ${formatCalendarDate(dueDate)}` : undefined}
          >
            <Select
              value={values.paymentTermsDays}
              onChange={(event) => setValue("paymentTermsDays", event.target.value)}
              options={termsOptions.map((days) => ({ value: String(days), label: termsLabel(days) }))}
            />
          </Field>
          {currency !== business.baseCurrency ? (
            <Field
              label={`Exchange rate (${business.baseCurrency} per ${currency})`}
              error={form.error("exchangeRate")}
              required
              className="md:col-span-2"
            >
              <Input inputMode="decimal" placeholder="129.35" {...form.text("exchangeRate")} />
            </Field>
          ) : null}
          <div className="flex items-end md:col-span-2">
            <Checkbox
              label="Prices include VAT"
              description="Turn on when the prices you type are what the customer pays, VAT included."
              checked={values.pricesIncludeTax}
              onChange={(event) => setValue("pricesIncludeTax", event.target.checked)}
            />
          </div>
        </CardBody>
      </Card>

      <Card>
        <CardHeader title="Items" description={`Amounts in ${currency}. VAT is worked out on each line.`} />
        {form.error("lines") ? (
          <p className="px-5 pt-3 text-[13px] font-medium text-red-700">{form.error("lines")}</p>
        ) : null}
        <ol className="divide-y divide-ink-100">
          {values.lines.map((line, index) => (
            <li
              key={line.key}
              className="grid grid-cols-2 gap-3 px-5 py-4 md:grid-cols-[minmax(0,3fr)_5rem_8rem_7rem_9rem_8rem_2.5rem] md:items-start"
            >
              <Field
                label={lineLabel("Description", index)}
                error={lineError(index, "description")}
                className="col-span-2 md:col-span-1"
              >
                <Input
                  value={line.description}
                  placeholder="What you sold"
                  onChange={(event) => setLine(index, { description: event.target.value })}
                />
              </Field>
              <Field label={lineLabel("Qty", index)} error={lineError(index, "quantity")}>
                <Input
                  inputMode="decimal"
                  value={line.quantity}
                  onChange={(event) => setLine(index, { quantity: event.target.value })}
                />
              </Field>
              <Field label={lineLabel("Unit price", index)} error={lineError(index, "unitPrice")}>
                <Input
                  inputMode="decimal"
                  placeholder="0.00"
                  value={line.unitPrice}
                  onChange={(event) => setLine(index, { unitPrice: event.target.value })}
                />
              </Field>
              <Field label={lineLabel("Discount", index)} error={lineError(index, "discount")}>
                <Input
                  inputMode="decimal"
                  placeholder="0.00"
                  value={line.discount}
                  onChange={(event) => setLine(index, { discount: event.target.value })}
                />
              </Field>
              <Field
                label={lineLabel("VAT", index)}
                error={lineError(index, "taxRate") ?? lineError(index, "taxTreatment")}
              >
                <Select
                  value={line.taxTreatment === "standard" ? `standard:${line.taxRate}` : line.taxTreatment}
                  onChange={(event) => {
                    const [treatment, rate] = event.target.value.split(":");
                    setLine(index, {
                      taxTreatment: treatment as TaxTreatment,
                      ...(rate ? { taxRate: rate } : {}),
                    });
                  }}
                  options={[
                    ...[...new Set([defaultRate, line.taxRate])].map((rate) => ({
                      value: `standard:${rate}`,
                      label: taxLabel("standard", Math.round(Number(rate) * 100)),
                    })),
                    { value: "zero_rated", label: "Zero-rated" },
                    { value: "exempt", label: "Exempt" },
                  ]}
                />
              </Field>
              <div className="flex flex-col gap-1.5 md:items-end">
                <span
                  className={
                    index > 0
                      ? "text-[13px] font-medium text-ink-800 md:sr-only"
                      : "text-[13px] font-medium text-ink-800"
                  }
                >
                  Amount
                </span>
                <span className="flex h-10 items-center text-sm font-medium text-ink-900 tabular">
                  {perLine[index] === null || perLine[index] === undefined ? (
                    <span className="text-ink-400">—</span>
                  ) : (
                    formatMoney(perLine[index] ?? 0n, currency, { display: "none" })
                  )}
                </span>
              </div>
              <div
                className={
                  index > 0 ? "flex items-start justify-end" : "flex items-start justify-end md:pt-6"
                }
              >
                <Button
                  variant="ghost"
                  size="icon"
                  aria-label={`Remove line ${index + 1}`}
                  disabled={values.lines.length === 1}
                  onClick={() =>
                    setValue(
                      "lines",
                      values.lines.filter((_, position) => position !== index),
                    )
                  }
                >
                  <Trash2 aria-hidden />
                </Button>
              </div>
            </li>
          ))}
        </ol>
        <div className="flex flex-col gap-6 border-t border-ink-100 px-5 py-4 md:flex-row md:items-start md:justify-between">
          <Button
            variant="secondary"
            onClick={() => setValue("lines", [...values.lines, emptyLine(defaultRate)])}
          >
            <Plus aria-hidden /> Add line
          </Button>
          <dl className="grid w-full max-w-xs grid-cols-[1fr_auto] gap-x-6 gap-y-1.5 self-end text-sm">
            <dt className="text-ink-500">{values.pricesIncludeTax ? "Subtotal (incl. VAT)" : "Subtotal"}</dt>
            <dd className="text-right tabular">
              {formatMoney(totals.subtotalMinor, currency, { display: "none" })}
            </dd>
            {totals.discountMinor > 0n ? (
              <>
                <dt className="text-ink-500">Discount</dt>
                <dd className="text-right tabular">
                  −{formatMoney(totals.discountMinor, currency, { display: "none" })}
                </dd>
              </>
            ) : null}
            {totals.taxSummary
              .filter((row) => row.taxMinor > 0n)
              .map((row) => (
                <div key={`${row.taxTreatment}-${row.taxRateBps}`} className="contents">
                  <dt className="text-ink-500">
                    {values.pricesIncludeTax ? "Includes " : ""}
                    {taxLabel(row.taxTreatment, row.taxRateBps)}
                  </dt>
                  <dd className="text-right tabular">
                    {formatMoney(row.taxMinor, currency, { display: "none" })}
                  </dd>
                </div>
              ))}
            <dt className="border-t border-ink-200 pt-2 font-semibold text-ink-950">Total</dt>
            <dd className="border-t border-ink-200 pt-2 text-right font-semibold text-ink-950">
              <Money amountMinor={totals.totalMinor} currency={currency} />
            </dd>
          </dl>
        </div>
      </Card>

      <Card>
        <CardHeader title="Notes and terms" description="Printed on the invoice." />
        <CardBody className="grid gap-4 md:grid-cols-2">
          <Field label="Notes" error={form.error("notes")} optional>
            <Textarea {...form.text("notes")} placeholder="Thank you for your business!" />
          </Field>
          <Field label="Terms" error={form.error("terms")} optional>
            <Textarea {...form.text("terms")} placeholder="Payment within 14 days" />
          </Field>
        </CardBody>
      </Card>

      <div className="sticky bottom-0 -mx-4 grid grid-cols-2 gap-2 border-t border-ink-200 bg-canvas/95 px-4 py-3 backdrop-blur sm:static sm:mx-0 sm:flex sm:justify-end sm:border-0 sm:bg-transparent sm:p-0">
        {/* Phones have the back gesture; the bar keeps its two saves side by side. */}
        <span className="hidden sm:contents">
          <Button variant="ghost" onClick={() => navigate(-1)}>
            Cancel
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
          Save draft
        </Button>
        <Button
          type="submit"
          loading={form.submitting && andSend.current}
          onClick={() => {
            andSend.current = true;
          }}
        >
          <Send aria-hidden /> Save and send
        </Button>
      </div>
      <QuickCustomerDialog open={quickCustomer} onOpenChange={setQuickCustomer} onCreated={chooseCustomer} />
    </form>
  );
}
