import { LANGUAGES, type Language } from "@kavi/domain";
import { describe, expect, it } from "vitest";
import type { RenderedEmail } from "../layout";
import {
  newSignInEmail,
  passwordChangedEmail,
  passwordResetEmail,
  signUpAttemptEmail,
  verifyEmailEmail,
} from "./account";
import { loanReminderEmail } from "./lending";
import { invitationEmail } from "./team";

/** Every account and team email, rendered in one language. */
const TEMPLATES: Record<string, (language: Language) => RenderedEmail> = {
  passwordReset: (language) =>
    passwordResetEmail({
      fullName: "Amina Wanjiru",
      resetUrl: "https://kavi.test/reset-password/t",
      language,
    }),
  passwordChanged: (language) =>
    passwordChangedEmail({
      fullName: "Amina Wanjiru",
      when: "3 December 2026 at 13:45",
      signInUrl: "https://kavi.test/forgot-password",
      language,
    }),
  newSignIn: (language) =>
    newSignInEmail({
      fullName: "Amina Wanjiru",
      device: "Chrome on Android",
      when: "3 December 2026 at 13:45",
      ip: "196.201.214.10",
      resetUrl: "https://kavi.test/forgot-password",
      language,
    }),
  verifyEmail: (language) =>
    verifyEmailEmail({
      fullName: "Amina Wanjiru",
      verifyUrl: "https://kavi.test/verify-email/t",
      code: "042917",
      language,
    }),
  signUpAttempt: (language) =>
    signUpAttemptEmail({
      fullName: "Amina Wanjiru",
      signInUrl: "https://kavi.test/sign-in",
      resetUrl: "https://kavi.test/forgot-password",
      language,
    }),
  invitation: (language) =>
    invitationEmail({
      inviterName: "Otieno",
      businessName: "Maua Florists",
      role: "staff",
      acceptUrl: "https://kavi.test/invite/t",
      expiresOn: "10 December 2026",
      language,
    }),
  loanReminderAhead: (language) =>
    loanReminderEmail({
      fullName: "Amina Wanjiru",
      facts: {
        business: "Maua Florists",
        loanNumber: "LN001001",
        amountDue: "KES 11,100.00",
        dueDate: "10 March 2026",
        daysLate: -3,
        daysAhead: 3,
        penalty: null,
      },
      loanUrl: "https://kavi.test/b/1/loans/2",
      language,
    }),
  loanReminderLate: (language) =>
    loanReminderEmail({
      fullName: "Amina Wanjiru",
      facts: {
        business: "Maua Florists",
        loanNumber: "LN001001",
        amountDue: "KES 11,655.00",
        dueDate: "10 March 2026",
        daysLate: 7,
        daysAhead: 0,
        penalty: "KES 555.00",
      },
      loanUrl: "https://kavi.test/b/1/loans/2",
      language,
    }),
};

/** Words that only an English email would carry; a Kiswahili email with one of them leaked a sentence. */
const ENGLISH_ONLY = /\b(Hello|your|the|If you|invited|password|Confirm|Reset)\b/;

describe("account and team emails in the reader's language", () => {
  it.each(Object.keys(TEMPLATES).flatMap((name) => LANGUAGES.map((language) => [name, language] as const)))(
    "%s renders whole in %s",
    (name, language) => {
      const email = TEMPLATES[name]?.(language);
      expect(email).toBeDefined();
      if (!email) return;
      for (const part of [email.subject, email.html, email.text]) {
        expect(part.trim()).not.toBe("");
        expect(part).not.toMatch(/undefined|null|\[object|\$\{/);
      }
      expect(email.html).toContain(`<html lang="${language}">`);
      if (language === "sw") {
        expect(email.subject).not.toBe(TEMPLATES[name]?.("en").subject);
        expect(email.text.replace(/https:\S+/g, "")).not.toMatch(ENGLISH_ONLY);
      }
    },
  );

  it("says the verification code and the role in Kiswahili", () => {
    expect(TEMPLATES.verifyEmail?.("sw").subject).toBe("042917 ndiyo namba yako ya KAVI");
    expect(TEMPLATES.verifyEmail?.("sw").text).toContain("Au andika namba hii kwenye KAVI: 042917");
    expect(TEMPLATES.invitation?.("sw").text).toContain("kama mfanyakazi");
    expect(TEMPLATES.invitation?.("en").text).toContain("as a staff member");
  });
});
