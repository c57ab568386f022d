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
import { ALERT_TEXT } from "./alerts";
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

describe("alert and M-Pesa words", () => {
  /** Every sentence, with sample values for the ones that take some. */
  function sentences(language: Language): Map<string, string> {
    const found = new Map<string, string>();
    const visit = (value: unknown, path: string) => {
      if (typeof value === "string") found.set(path, value);
      else if (typeof value === "function") {
        const sample = Array.from({ length: value.length }, (_, index) => `X${index}`);
        found.set(
          path,
          String(
            value(
              ...(path === "budget.body" || path === "lowCash.dip"
                ? [
                    {
                      business: "X",
                      spent: "X",
                      planned: "X",
                      category: "X",
                      period: "X",
                      day: "X",
                      balance: "X",
                      drivers: ["X"],
                    },
                  ]
                : sample),
            ),
          ),
        );
      } else if (value && typeof value === "object")
        for (const [key, child] of Object.entries(value)) visit(child, path ? `${path}.${key}` : key);
    };
    visit(ALERT_TEXT[language], "");
    return found;
  }

  it("has every sentence in every language, and Kiswahili is not English copied", () => {
    const english = sentences("en");
    for (const language of LANGUAGES) {
      const words = sentences(language);
      expect([...words.keys()].sort()).toEqual([...english.keys()].sort());
      if (language === "en") continue;
      const copied = [...words].filter(([path, text]) => text === english.get(path) && !/^X\d/.test(text));
      expect(copied).toEqual([]);
    }
  });

  it("says a budget alert in Kiswahili with the figures in place", () => {
    const words = ALERT_TEXT.sw.budget;
    expect(words.overTitle("Usafiri")).toBe("Usafiri imezidi bajeti");
    expect(
      words.body({
        business: "Duka",
        spent: "KES 10,500",
        planned: "KES 10,000",
        category: "Usafiri",
        period: "Novemba 2026",
      }),
    ).toBe("Duka imetumia KES 10,500 kati ya KES 10,000 zilizopangwa kwa Usafiri (Novemba 2026).");
    expect(
      ALERT_TEXT.sw.lowCash.dip({ day: "3 Desemba", balance: "KES 20,000", drivers: ["Kodi", "Mishahara"] }),
    ).toBe("Salio linatarajiwa kushuka hadi KES 20,000 tarehe 3 Desemba, baada ya Kodi na Mishahara.");
  });
});
