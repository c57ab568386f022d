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
import {
  accountDeletedEmail,
  accountDeletionScheduledEmail,
  businessDeletedEmail,
  businessDeletionScheduledEmail,
  businessRestoredEmail,
  dataExportReadyEmail,
} from "./data-rights";
import { monthlyReportEmail, weeklySummaryEmail } from "./digests";
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
  weeklySummary: (language) =>
    weeklySummaryEmail(
      {
        businessName: "Maua Florists",
        currency: "KES",
        from: "2026-11-23",
        to: "2026-11-29",
        incomeMinor: 1_000_000n,
        expenseMinor: 250_000n,
        netMinor: 750_000n,
        previous: { incomeMinor: 500_000n, expenseMinor: 0n, netMinor: 500_000n },
        topCategories: [{ name: "Mafuta", amountMinor: 250_000n }],
        overdue: { count: 2, amountMinor: 120_000n },
        url: "https://kavi.test/b/1",
        preferencesUrl: "https://kavi.test/profile",
      },
      language,
    ),
  monthlyReport: (language) =>
    monthlyReportEmail(
      {
        businessName: "Maua Florists",
        currency: "KES",
        month: "2026-11",
        incomeMinor: 1_000_000n,
        expenseMinor: 1_250_000n,
        profitMinor: -250_000n,
        topIncome: [{ name: "Mauzo", amountMinor: 1_000_000n }],
        topExpenses: [{ name: "Kodi", amountMinor: 1_250_000n }],
        url: "https://kavi.test/b/1/reports",
        preferencesUrl: "https://kavi.test/profile",
      },
      language,
    ),
  dataExportReady: (language) =>
    dataExportReadyEmail({
      language,
      businessName: "Maua Florists",
      url: "https://kavi.test/export.zip",
      linkExpires: "4 December 2026",
      settingsUrl: "https://kavi.test/account/security",
    }),
  businessDeletionScheduled: (language) =>
    businessDeletionScheduledEmail({
      language,
      businessName: "Maua Florists",
      requestedBy: "Otieno",
      deleteOn: "17 December 2026",
      restoreUrl: "https://kavi.test/b/1/settings/business",
    }),
  businessRestored: (language) =>
    businessRestoredEmail({
      language,
      businessName: "Maua Florists",
      restoredBy: "Otieno",
      url: "https://kavi.test",
    }),
  businessDeleted: (language) => businessDeletedEmail({ language, businessName: "Maua Florists" }),
  accountDeleted: (language) => accountDeletedEmail({ language, fullName: "Amina Wanjiru" }),
  accountDeletionScheduled: (language) =>
    accountDeletionScheduledEmail({
      language,
      fullName: "Amina Wanjiru",
      deleteOn: "17 December 2026",
      restoreUrl: "https://app.kavi.test/account/security",
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

  it("words the summary figures and a loss in each language", () => {
    expect(TEMPLATES.weeklySummary?.("en").text).toContain("(up 100% on the week before)");
    expect(TEMPLATES.weeklySummary?.("sw").text).toContain("juu kwa 100% kuliko wiki iliyopita");
    expect(TEMPLATES.weeklySummary?.("sw").text).toContain("Ankara 2 zimepita tarehe ya malipo");
    expect(TEMPLATES.monthlyReport?.("en").text).toMatch(/Loss: (KES|Ksh)\s?2,500\.00/);
    expect(TEMPLATES.monthlyReport?.("sw").text).toMatch(/Hasara: (KES|Ksh)\s?2,500\.00/);
  });

  it("escapes a business name in the HTML", () => {
    const email = businessDeletedEmail({ language: "en", businessName: "<script>x</script> Ltd" });
    expect(email.html).not.toContain("<script>x");
    expect(email.html).toContain("&lt;script&gt;");
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
