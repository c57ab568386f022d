import { z } from "zod";
import { optionalText, requiredText, ZEmailSchema, ZIdSchema, ZPhoneSchema, ZTimeZoneSchema } from "./common";
import {
  EMAIL_TEMPLATES,
  type EmailSwitch,
  type EmailTemplate,
  IN_APP_NOTIFICATION_KINDS,
  type InAppNotificationKind,
  type InAppSwitch,
  MEMBER_SMS_KINDS,
  type MemberSmsKind,
} from "./notification-kinds";

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

export const ZNewPasswordSchema = z
  .string({ error: "Choose a password" })
  .min(PASSWORD_MIN_LENGTH, { error: `Use at least ${PASSWORD_MIN_LENGTH} characters` })
  .max(PASSWORD_MAX_LENGTH, { error: `Use at most ${PASSWORD_MAX_LENGTH} characters` });

/** Signing in never applies the policy: only the length cap that protects the hasher. */
const ZExistingPasswordSchema = z
  .string({ error: "Enter your password" })
  .min(1, { error: "Enter your password" })
  .max(PASSWORD_MAX_LENGTH, { error: "That password is too long" });

export const LANGUAGES = ["en", "sw"] as const;
export type Language = (typeof LANGUAGES)[number];
export const LANGUAGE_LABELS: Record<Language, string> = { en: "English", sw: "Kiswahili" };
export const ZLanguageSchema = z.enum(LANGUAGES, { error: "Choose English or Kiswahili" });
/** The Intl locale each language formats money and dates with: Kenyan conventions in both. */
export const LANGUAGE_LOCALES: Record<Language, string> = { en: "en-KE", sw: "sw-KE" };

/** A stored language code as a Language; anything unknown reads as English. */
export function toLanguage(value: string | null | undefined): Language {
  return (LANGUAGES as readonly string[]).includes(value ?? "") ? (value as Language) : "en";
}
export const ZFullNameSchema = requiredText(2, 120, "Your name");

export const ZSignUpSchema = z.object({
  fullName: ZFullNameSchema,
  email: ZEmailSchema,
  password: ZNewPasswordSchema,
  /** Present when the sign-up comes from an invitation link. */
  invitationToken: z.string().min(20).max(200).nullish(),
  /** The language of the screen signing up: the account's emails and screens start in it. */
  language: ZLanguageSchema.optional(),
});
export type TSignUp = z.input<typeof ZSignUpSchema>;

export const ZSignInSchema = z.object({
  email: ZEmailSchema,
  password: ZExistingPasswordSchema,
});
export type TSignIn = z.input<typeof ZSignInSchema>;

export const ZForgotPasswordSchema = z.object({ email: ZEmailSchema });

export const ZResetPasswordSchema = z.object({
  token: z.string().min(20, { error: "This reset link is not valid" }).max(200),
  password: ZNewPasswordSchema,
});

export const ZChangePasswordSchema = z
  .object({
    currentPassword: ZExistingPasswordSchema,
    newPassword: ZNewPasswordSchema,
  })
  .refine((value) => value.currentPassword !== value.newPassword, {
    error: "Choose a password different from the current one",
    path: ["newPassword"],
  });

/** The emailed verification link's token. */
export const ZVerifyEmailTokenSchema = z.object({
  token: z.string().min(20, { error: "This verification link is not valid" }).max(200),
});

export const EMAIL_CODE_LENGTH = 6;

/** The 6-digit code from the verification email; spaces and dashes people type are ignored. */
export const ZEmailCodeSchema = z
  .string({ error: "Enter the code from the email" })
  .max(20)
  .transform((value) => value.replace(/[\s-]/g, ""))
  .pipe(z.string().regex(/^\d{6}$/, { error: `Enter the ${EMAIL_CODE_LENGTH}-digit code from the email` }));

export const ZVerifyEmailCodeSchema = z.object({ code: ZEmailCodeSchema });

/** What the browser that signed up holds: finishing with the code signs it in. */
export const ZSignUpTicketSchema = z.object({ ticket: z.string().min(20).max(200) });

export const ZConfirmSignUpSchema = ZSignUpTicketSchema.extend({ code: ZEmailCodeSchema });

export const ZRevokeSessionSchema = z.object({ sessionId: ZIdSchema });

export const RISK_TOLERANCES = ["low", "medium", "high"] as const;

export const ZNotificationPreferencesSchema = z.object({
  email: z.object({
    invoicePaid: z.boolean(),
    budgetAlerts: z.boolean(),
    weeklySummary: z.boolean(),
    securityAlerts: z.boolean(),
    /** Added later: preferences stored before it read as on. */
    monthlyReport: z.boolean().default(true),
  }),
  inApp: z.object({
    invoicePaid: z.boolean(),
    budgetAlerts: z.boolean(),
    teamChanges: z.boolean(),
  }),
});
export type TNotificationPreferences = z.infer<typeof ZNotificationPreferencesSchema>;

export const DEFAULT_NOTIFICATION_PREFERENCES: TNotificationPreferences = {
  email: {
    invoicePaid: true,
    budgetAlerts: true,
    weeklySummary: true,
    securityAlerts: true,
    monthlyReport: true,
  },
  inApp: { invoicePaid: true, budgetAlerts: true, teamChanges: true },
};

const currentYear = new Date().getUTCFullYear();

export const ZUpdateProfileSchema = z.object({
  fullName: ZFullNameSchema.optional(),
  phone: ZPhoneSchema,
  bio: optionalText(1000, "Bio"),
  avatarUrl: z
    .string()
    .trim()
    .max(500)
    .transform((value) => (value === "" ? null : value))
    .pipe(
      // Other members' browsers load it: https only, on a named host, stored in its normal form.
      z
        .url({
          protocol: /^https$/,
          hostname: z.regexes.domain,
          error: "Enter an https:// address of an image",
        })
        .transform((value) => new URL(value).href)
        .nullable(),
    )
    .nullish(),
  dateOfBirth: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "Use the format YYYY-MM-DD" })
    .refine(
      (value) => {
        const year = Number(value.slice(0, 4));
        return year >= 1900 && year <= currentYear - 13 && !Number.isNaN(Date.parse(value));
      },
      { error: "Enter a real date of birth" },
    )
    .nullish()
    .or(z.literal("").transform(() => null)),
  jobTitle: optionalText(100, "Job title"),
  company: optionalText(100, "Company"),
  country: optionalText(100, "Country"),
  city: optionalText(100, "City"),
  timezone: ZTimeZoneSchema.optional(),
  language: ZLanguageSchema.optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .optional(),
  notificationPreferences: ZNotificationPreferencesSchema.optional(),
  riskTolerance: z.enum(RISK_TOLERANCES).nullish(),
});
export type TUpdateProfile = z.input<typeof ZUpdateProfileSchema>;

/** Where a notification to a member can go. */
export type NotificationChannel = "email" | "inApp" | "sms";

/** What a member can be sent on each channel: the catalogues in `notification-kinds.ts`. */
export type NotificationKindFor<C extends NotificationChannel> = C extends "email"
  ? EmailTemplate
  : C extends "inApp"
    ? InAppNotificationKind
    : MemberSmsKind;

/**
 * Which preference switch governs a notification kind on a channel, read from the catalogues every notification
 * and email is checked against (packages/api `recipientsWhoWant`); null when none does (operational, to customers,
 * or something the person must get).
 */
export function preferenceFor<C extends NotificationChannel>(
  channel: C,
  kind: NotificationKindFor<C>,
): EmailSwitch | InAppSwitch | null {
  const entry: string | undefined =
    channel === "email"
      ? EMAIL_TEMPLATES[kind as EmailTemplate]
      : channel === "inApp"
        ? IN_APP_NOTIFICATION_KINDS[kind as InAppNotificationKind]
        : MEMBER_SMS_KINDS[kind as MemberSmsKind];
  if (entry === undefined) throw new Error(`No preference entry for ${channel} kind "${kind}"`);
  return entry === "always" || entry === "customer" ? null : (entry as EmailSwitch | InAppSwitch);
}

/** Whether someone with these (stored, possibly partial) preferences wants this kind on this channel. */
export function wantsNotification<C extends NotificationChannel>(
  stored: unknown,
  channel: C,
  kind: NotificationKindFor<C>,
): boolean {
  const key = preferenceFor(channel, kind);
  if (!key || channel === "sms") return true;
  const parsed = ZNotificationPreferencesSchema.safeParse(stored);
  const preferences = parsed.success ? parsed.data : DEFAULT_NOTIFICATION_PREFERENCES;
  return (preferences[channel as "email" | "inApp"] as Record<string, boolean>)[key] ?? true;
}
