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
import { useTranslation } from "react-i18next";
import { useLocale } from "../../i18n/use-locale";
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

/** Where KAVI's businesses are; names come from Intl in the reader's language. */
const COUNTRY_CODES = ["KE", "UG", "TZ", "RW", "ET", "SS", "SO", "ZA", "NG", "GB", "US", "AE"];
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

/** "KES · Kenyan shilling" / "KES · shilingi ya Kenya": the name in the reader's language. */
function displayNames(locale: string, type: "region" | "currency") {
  const names = new Intl.DisplayNames([locale], { type, fallback: "code" });
  return (code: string) => names.of(code) ?? code;
}

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
  const { t } = useTranslation("business");
  const { locale } = useLocale();
  const countryName = displayNames(locale, "region");
  const currencyName = displayNames(locale, "currency");
  return (
    <>
      <Fieldset title={t("fields.about")} description={t("fields.aboutHint")}>
        <Field
          label={t("fields.legalName")}
          error={form.error("legalName")}
          required
          className="sm:col-span-2"
          description={t("fields.legalNameHint")}
        >
          <Input
            autoComplete="organization"
            placeholder={t("fields.legalNamePlaceholder")}
            disabled={disabled}
            {...form.register("legalName")}
          />
        </Field>
        <Field
          label={t("fields.tradingName")}
          optional
          error={form.error("tradingName")}
          description={t("fields.tradingNameHint")}
        >
          <Input
            placeholder={t("fields.tradingNamePlaceholder")}
            disabled={disabled}
            {...form.register("tradingName")}
          />
        </Field>
        <Field label={t("fields.industry")} optional error={form.error("industry")}>
          <Select
            options={INDUSTRIES.map((value) => ({ value, label: t(`industries.${value}`) }))}
            placeholder={t("fields.industryPlaceholder")}
            disabled={disabled}
            {...form.register("industry")}
          />
        </Field>
        <Field label={t("fields.businessModel")} optional error={form.error("businessModel")}>
          <Select
            options={BUSINESS_MODELS.map((value) => ({ value, label: t(`models.${value}`) }))}
            placeholder={t("fields.businessModelPlaceholder")}
            disabled={disabled}
            {...form.register("businessModel")}
          />
        </Field>
        <Field
          label={t("fields.revenue")}
          optional
          error={form.error("revenueBand")}
          description={t("fields.revenueHint")}
        >
          <Select
            options={REVENUE_BANDS.map((value) => ({ value, label: t(`revenueBands.${value}`) }))}
            placeholder={t("fields.revenuePlaceholder")}
            disabled={disabled}
            {...form.register("revenueBand")}
          />
        </Field>
        <Field label={t("fields.employees")} optional error={form.error("employeeCount")}>
          <Input
            inputMode="numeric"
            placeholder="4"
            disabled={disabled}
            {...form.register("employeeCount")}
          />
        </Field>
        <Field label={t("fields.founded")} optional error={form.error("foundingYear")}>
          <Input
            inputMode="numeric"
            placeholder="2019"
            maxLength={4}
            disabled={disabled}
            {...form.register("foundingYear")}
          />
        </Field>
      </Fieldset>
      <Fieldset title={t("fields.tax")} description={t("fields.taxHint")}>
        <Field
          label={t("fields.kraPin")}
          optional
          error={form.error("taxId")}
          description={t("fields.kraPinHint")}
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
          label={t("fields.registration")}
          optional
          error={form.error("registrationNumber")}
          description={t("fields.registrationHint")}
        >
          <Input
            placeholder={t("fields.registrationPlaceholder")}
            disabled={disabled}
            {...form.register("registrationNumber")}
          />
        </Field>
      </Fieldset>
      <Fieldset title={t("fields.contact")} description={t("fields.contactHint")}>
        <Field label={t("fields.email")} optional error={form.error("email")}>
          <Input
            type="email"
            inputMode="email"
            placeholder={t("fields.emailPlaceholder")}
            disabled={disabled}
            {...form.register("email")}
          />
        </Field>
        <Field
          label={t("fields.phone")}
          optional
          error={form.error("phone")}
          description={t("fields.phoneHint")}
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
        <Field label={t("fields.website")} optional error={form.error("website")} className="sm:col-span-2">
          <Input
            inputMode="url"
            placeholder={t("fields.websitePlaceholder")}
            disabled={disabled}
            {...form.register("website")}
          />
        </Field>
        <Field label={t("fields.address")} optional error={form.error("address")} className="sm:col-span-2">
          <Textarea
            rows={2}
            placeholder={t("fields.addressPlaceholder")}
            disabled={disabled}
            {...form.register("address")}
          />
        </Field>
        <Field label={t("fields.city")} optional error={form.error("city")}>
          <Input placeholder={t("fields.cityPlaceholder")} disabled={disabled} {...form.register("city")} />
        </Field>
        <Field label={t("fields.country")} error={form.error("country")}>
          <Select
            options={COUNTRY_CODES.map((code) => ({ value: code, label: countryName(code) }))}
            disabled={disabled}
            {...form.register("country")}
          />
        </Field>
      </Fieldset>
      <Fieldset title={t("fields.money")} description={t("fields.moneyHint")}>
        <Field label={t("fields.currency")} error={form.error("baseCurrency")}>
          <Select
            options={SUPPORTED_CURRENCIES.map((code) => ({
              value: code,
              label: `${code} · ${currencyName(code)}`,
            }))}
            disabled={disabled}
            {...form.register("baseCurrency")}
          />
        </Field>
        <Field label={t("fields.timezone")} error={form.error("timezone")}>
          <Select options={TIME_ZONES} disabled={disabled} {...form.register("timezone")} />
        </Field>
      </Fieldset>
    </>
  );
}
