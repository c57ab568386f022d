import { z } from "zod";
import { MODULES, ROLES } from "../access";
import { SUPPORTED_CURRENCIES } from "../money";
import { UNRELEASED_MODULES } from "../permissions";
import {
  optionalText,
  requiredText,
  ZCurrencySchema,
  ZEmailSchema,
  ZIdSchema,
  ZPhoneSchema,
  ZTimeZoneSchema,
  ZWebsiteSchema,
} from "./common";

export const INDUSTRIES = [
  "Retail & shops",
  "Wholesale & distribution",
  "Food & restaurants",
  "Agriculture & agribusiness",
  "Transport & logistics",
  "Construction & hardware",
  "Beauty & salons",
  "Health & pharmacy",
  "Education & training",
  "Professional services",
  "Technology & digital",
  "Manufacturing",
  "Hospitality & tourism",
  "Media & creative",
  "Other",
] as const;

export const BUSINESS_MODELS = [
  "Sells products",
  "Sells services",
  "Products and services",
  "Marketplace",
  "Other",
] as const;

/** Kenyan turnover bands; KES 25M is where turnover tax stops and VAT registration applies. */
export const REVENUE_BANDS = [
  "Under KES 1M",
  "KES 1M – 5M",
  "KES 5M – 25M",
  "KES 25M – 100M",
  "Over KES 100M",
] as const;

/** KRA PIN: A (individual) or P (company), nine digits, a check letter. */
export const KRA_PIN_PATTERN = /^[AP]\d{9}[A-Z]$/;

const currentYear = new Date().getUTCFullYear();

export const ZBusinessDetailsSchema = z.object({
  legalName: requiredText(2, 255, "Legal name"),
  tradingName: optionalText(255, "Trading name"),
  registrationNumber: optionalText(100, "Registration number"),
  taxId: z
    .string()
    .trim()
    .toUpperCase()
    .refine((value) => value === "" || KRA_PIN_PATTERN.test(value), {
      error: "A KRA PIN looks like P051234567X: a letter, nine digits and a letter",
    })
    .transform((value) => (value === "" ? null : value))
    .nullish(),
  email: z.union([z.literal("").transform(() => null), ZEmailSchema]).nullish(),
  phone: ZPhoneSchema,
  website: ZWebsiteSchema,
  address: optionalText(1000, "Address"),
  city: optionalText(100, "City"),
  country: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, { error: "Choose a country" })
    .default("KE"),
  foundingYear: z
    .number({ error: "Enter a year" })
    .int()
    .min(1900, { error: "Enter a year after 1900" })
    .max(currentYear, { error: "The founding year cannot be in the future" })
    .nullish(),
  employeeCount: z
    .number({ error: "Enter a number" })
    .int({ error: "Enter a whole number" })
    .min(0, { error: "Enter zero or more" })
    .max(1_000_000)
    .nullish(),
  industry: z.enum(INDUSTRIES, { error: "Choose an industry from the list" }).nullish(),
  businessModel: z.enum(BUSINESS_MODELS, { error: "Choose a business model from the list" }).nullish(),
  revenueBand: z.enum(REVENUE_BANDS, { error: "Choose a revenue band from the list" }).nullish(),
  baseCurrency: ZCurrencySchema.pipe(
    z.enum(SUPPORTED_CURRENCIES, { error: "This currency is not supported yet" }),
  ).default("KES"),
  timezone: ZTimeZoneSchema.default("Africa/Nairobi"),
});
export type TBusinessDetails = z.input<typeof ZBusinessDetailsSchema>;

export const ZCreateBusinessSchema = ZBusinessDetailsSchema;
/** Everything optional on update; the base currency is fixed once money has been recorded (checked by the service). */
export const ZUpdateBusinessSchema = ZBusinessDetailsSchema.partial();

export const ZRoleSchema = z.enum(ROLES, { error: "Choose a role" });
export const ZModuleSchema = z.enum(MODULES, { error: "Choose a module from the list" });
/**
 * The modules given to a staff member. An unreleased module (the assistant) is dropped rather than refused, so
 * a screen that sends back a member's existing modules keeps working while nobody is newly given an empty page.
 */
export const ZModuleListSchema = z
  .array(ZModuleSchema)
  .max(MODULES.length)
  .transform((modules) => [...new Set(modules)].filter((module) => !UNRELEASED_MODULES.includes(module)));

export const ZInviteMemberSchema = z.object({
  email: ZEmailSchema,
  role: ZRoleSchema,
  modules: ZModuleListSchema.default([]),
});
export type TInviteMember = z.input<typeof ZInviteMemberSchema>;

export const ZUpdateMemberSchema = z.object({
  membershipId: ZIdSchema,
  role: ZRoleSchema.optional(),
  modules: ZModuleListSchema.optional(),
});

export const ZMembershipRefSchema = z.object({ membershipId: ZIdSchema });
export const ZInvitationRefSchema = z.object({ invitationId: ZIdSchema });
export const ZInvitationTokenSchema = z.object({ token: z.string().min(20).max(200) });
