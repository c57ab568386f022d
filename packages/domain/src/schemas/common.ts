import { z } from "zod";
import { isValidPhone, normalizePhone } from "../phone";
import { isValidTimeZone } from "../time";

export const ZIdSchema = z.uuid({ error: "This id is not valid" });

export const ZEmailSchema = z
  .string({ error: "Enter an email address" })
  .trim()
  .toLowerCase()
  .max(254, { error: "An email address has at most 254 characters" })
  .pipe(z.email({ error: "Enter a valid email address, like name@example.co.ke" }));

/** Free text from a form: trimmed; an empty field means "no value" (null). */
export function optionalText(max: number, label = "This field") {
  return z
    .string()
    .trim()
    .max(max, { error: `${label} has at most ${max} characters` })
    .transform((value) => (value === "" ? null : value))
    .nullish();
}

export function requiredText(min: number, max: number, label: string) {
  return z
    .string({ error: `${label} is required` })
    .trim()
    .min(min, { error: min <= 1 ? `${label} is required` : `${label} needs at least ${min} characters` })
    .max(max, { error: `${label} has at most ${max} characters` });
}

export const ZPhoneSchema = z
  .string()
  .trim()
  .refine((value) => value === "" || isValidPhone(value), {
    error: "Enter a phone number such as 0712 345 678 or +44 20 7946 0958",
  })
  .transform((value) => (value === "" ? null : normalizePhone(value)))
  .nullish();

export const ZTimeZoneSchema = z
  .string()
  .refine(isValidTimeZone, { error: "Choose a valid time zone, such as Africa/Nairobi" });

export const ZCurrencySchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{3}$/, { error: "Use a three-letter currency code such as KES" });

export const ZWebsiteSchema = z
  .string()
  .trim()
  .max(500, { error: "A website address has at most 500 characters" })
  .transform((value) => (value === "" ? null : /^https?:\/\//i.test(value) ? value : `https://${value}`))
  .pipe(z.url({ error: "Enter a website address such as https://example.co.ke" }).nullable())
  .nullish();

/** Keyset pagination: an opaque cursor from the previous page, and a page size. */
export const ZPageSchema = z.object({
  cursor: z.string().max(500).nullish(),
  limit: z.number().int().min(1).max(100).default(25),
});
