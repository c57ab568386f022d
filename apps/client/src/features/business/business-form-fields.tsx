import {
  BUSINESS_MODELS,
  formatPhone,
  INDUSTRIES,
  REVENUE_BANDS,
  SUPPORTED_CURRENCIES,
  type TBusinessDetails,
} from "@kavi/domain";
import type { ReactNode } from "react";
import type { UseFormRegister } from "react-hook-form";
import { Field } from "../../ui/field";
import { Input, Select, Textarea } from "../../ui/input";

export interface BusinessFormValues extends Record<string, unknown> {
  legalName: string;
  tradingName: string;
  registrationNumber: string;
  taxId: string;
  email: string;
  phone: string;
  website: string;
  address: string;
  city: string;
  country: string;
  foundingYear: string;
  employeeCount: string;
  industry: string;
  businessModel: string;
  revenueBand: string;
  baseCurrency: string;
  timezone: string;
}

export const EMPTY_BUSINESS: BusinessFormValues = {
  legalName: "",
  tradingName: "",
  registrationNumber: "",
  taxId: "",
  email: "",
  phone: "",
  website: "",
  address: "",
  city: "",
  country: "KE",
  foundingYear: "",
  employeeCount: "",
  industry: "",
  businessModel: "",
  revenueBand: "",
  baseCurrency: "KES",
  timezone: "Africa/Nairobi",
};

interface StoredBusiness {
  [key: string]: unknown;
}

export function businessToValues(business: StoredBusiness): BusinessFormValues {
  const values = { ...EMPTY_BUSINESS };
  for (const key of Object.keys(values) as (keyof BusinessFormValues)[]) {
    const stored = business[key as string];
    if (stored !== null && stored !== undefined)
      (values as Record<string, unknown>)[key as string] = String(stored);
  }
  // Stored as E.164; shown the way Kenyans write it.
  return { ...values, phone: values.phone ? formatPhone(values.phone) : "" };
}

function toNumber(value: string): number | null {
  const trimmed = value.trim().replace(/,/g, "");
  if (trimmed === "") return null;
  const number = Number(trimmed);
  return Number.isFinite(number) ? number : Number.NaN;
}

/** Strings from the inputs → the domain schema's input (empty selects are "not set"). */
export function valuesToBusinessInput(values: BusinessFormValues): TBusinessDetails {
  return {
    legalName: values.legalName,
    tradingName: values.tradingName,
    registrationNumber: values.registrationNumber,
    taxId: values.taxId,
    email: values.email,
    phone: values.phone,
    website: values.website,
    address: values.address,
    city: values.city,
    country: values.country,
    foundingYear: toNumber(values.foundingYear),
    employeeCount: toNumber(values.employeeCount),
    industry: (values.industry || null) as TBusinessDetails["industry"],
    businessModel: (values.businessModel || null) as TBusinessDetails["businessModel"],
    revenueBand: (values.revenueBand || null) as TBusinessDetails["revenueBand"],
    baseCurrency: values.baseCurrency,
    timezone: values.timezone,
  };
}

const COUNTRIES = [
  { value: "KE", label: "Kenya" },
  { value: "UG", label: "Uganda" },
  { value: "TZ", label: "Tanzania" },
  { value: "RW", label: "Rwanda" },
  { value: "ET", label: "Ethiopia" },
  { value: "SS", label: "South Sudan" },
  { value: "SO", label: "Somalia" },
  { value: "ZA", label: "South Africa" },
  { value: "NG", label: "Nigeria" },
  { value: "GB", label: "United Kingdom" },
  { value: "US", label: "United States" },
  { value: "AE", label: "United Arab Emirates" },
];

export const TIME_ZONES = [
  "Africa/Nairobi",
  "Africa/Kampala",
  "Africa/Dar_es_Salaam",
  "Africa/Kigali",
  "Africa/Addis_Ababa",
  "Africa/Johannesburg",
  "Africa/Lagos",
  "Europe/London",
  "Asia/Dubai",
  "UTC",
].map((zone) => ({ value: zone, label: zone.replace(/_/g, " ") }));

const CURRENCY_NAMES: Record<string, string> = {
  KES: "Kenyan shilling",
  USD: "US dollar",
  EUR: "Euro",
  GBP: "British pound",
  UGX: "Ugandan shilling",
  TZS: "Tanzanian shilling",
  RWF: "Rwandan franc",
  ZAR: "South African rand",
  AED: "UAE dirham",
  CNY: "Chinese yuan",
  INR: "Indian rupee",
};

export function Fieldset({
  title,
  description,
  children,
}: {
  title: string;
  description?: string;
  children: ReactNode;
}) {
  return (
    <fieldset className="grid gap-x-6 gap-y-5 border-t border-ink-100 py-6 first:border-0 first:pt-0 md:grid-cols-[14rem_minmax(0,1fr)]">
      <legend className="contents">
        <span className="block">
          <span className="block text-sm font-semibold text-ink-900">{title}</span>
          {description ? <span className="mt-1 block text-[13px] text-ink-500">{description}</span> : null}
        </span>
      </legend>
      <div className="grid gap-4 sm:grid-cols-2">{children}</div>
    </fieldset>
  );
}

type FormApi = {
  register: UseFormRegister<BusinessFormValues>;
  error: (key: string) => string | undefined;
};

/** The business details, grouped the way an owner thinks about them. */
export function BusinessFormFields({ form, disabled = false }: { form: FormApi; disabled?: boolean }) {
  return (
    <>
      <Fieldset title="About the business" description="How the business is known, and what it does.">
        <Field
          label="Legal name"
          error={form.error("legalName")}
          required
          className="sm:col-span-2"
          description="As registered with the Business Registration Service."
        >
          <Input
            autoComplete="organization"
            placeholder="Mama Mboga Traders Ltd"
            disabled={disabled}
            {...form.register("legalName")}
          />
        </Field>
        <Field
          label="Trading name"
          optional
          error={form.error("tradingName")}
          description="What customers call you."
        >
          <Input placeholder="Mama Mboga" disabled={disabled} {...form.register("tradingName")} />
        </Field>
        <Field label="Industry" optional error={form.error("industry")}>
          <Select
            options={INDUSTRIES.map((value) => ({ value, label: value }))}
            placeholder="Choose an industry"
            disabled={disabled}
            {...form.register("industry")}
          />
        </Field>
        <Field label="Business model" optional error={form.error("businessModel")}>
          <Select
            options={BUSINESS_MODELS.map((value) => ({ value, label: value }))}
            placeholder="Choose one"
            disabled={disabled}
            {...form.register("businessModel")}
          />
        </Field>
        <Field
          label="Yearly revenue"
          optional
          error={form.error("revenueBand")}
          description="A rough band is enough."
        >
          <Select
            options={REVENUE_BANDS.map((value) => ({ value, label: value }))}
            placeholder="Choose a band"
            disabled={disabled}
            {...form.register("revenueBand")}
          />
        </Field>
        <Field label="Employees" optional error={form.error("employeeCount")}>
          <Input
            inputMode="numeric"
            placeholder="4"
            disabled={disabled}
            {...form.register("employeeCount")}
          />
        </Field>
        <Field label="Year founded" optional error={form.error("foundingYear")}>
          <Input
            inputMode="numeric"
            placeholder="2019"
            maxLength={4}
            disabled={disabled}
            {...form.register("foundingYear")}
          />
        </Field>
      </Fieldset>
      <Fieldset
        title="Tax and registration"
        description="Used on invoices and for KRA reports. You can add them later."
      >
        <Field
          label="KRA PIN"
          optional
          error={form.error("taxId")}
          description="Like P051234567X: P or A, nine digits, a letter."
        >
          <Input
            className="font-mono uppercase"
            placeholder="P051234567X"
            maxLength={11}
            autoCapitalize="characters"
            disabled={disabled}
            {...form.register("taxId")}
          />
        </Field>
        <Field
          label="Registration number"
          optional
          error={form.error("registrationNumber")}
          description="From your certificate of incorporation."
        >
          <Input placeholder="PVT-2019-123456" disabled={disabled} {...form.register("registrationNumber")} />
        </Field>
      </Fieldset>
      <Fieldset title="Contact" description="Shown to customers on invoices and receipts.">
        <Field label="Business email" optional error={form.error("email")}>
          <Input
            type="email"
            inputMode="email"
            placeholder="hello@biashara.co.ke"
            disabled={disabled}
            {...form.register("email")}
          />
        </Field>
        <Field
          label="Phone"
          optional
          error={form.error("phone")}
          description="0712 345 678 or +254 712 345 678"
        >
          <Input
            type="tel"
            inputMode="tel"
            autoComplete="tel"
            placeholder="0712 345 678"
            disabled={disabled}
            {...form.register("phone")}
          />
        </Field>
        <Field label="Website" optional error={form.error("website")} className="sm:col-span-2">
          <Input
            inputMode="url"
            placeholder="biashara.co.ke"
            disabled={disabled}
            {...form.register("website")}
          />
        </Field>
        <Field label="Address" optional error={form.error("address")} className="sm:col-span-2">
          <Textarea
            rows={2}
            placeholder="Shop 12, Gikomba Market"
            disabled={disabled}
            {...form.register("address")}
          />
        </Field>
        <Field label="City or town" optional error={form.error("city")}>
          <Input placeholder="Nairobi" disabled={disabled} {...form.register("city")} />
        </Field>
        <Field label="Country" error={form.error("country")}>
          <Select options={COUNTRIES} disabled={disabled} {...form.register("country")} />
        </Field>
      </Fieldset>
      <Fieldset
        title="Money and time"
        description="Reports use this currency, and days start at midnight in this time zone."
      >
        <Field label="Base currency" error={form.error("baseCurrency")}>
          <Select
            options={SUPPORTED_CURRENCIES.map((code) => ({
              value: code,
              label: `${code} · ${CURRENCY_NAMES[code] ?? code}`,
            }))}
            disabled={disabled}
            {...form.register("baseCurrency")}
          />
        </Field>
        <Field label="Time zone" error={form.error("timezone")}>
          <Select options={TIME_ZONES} disabled={disabled} {...form.register("timezone")} />
        </Field>
      </Fieldset>
    </>
  );
}
