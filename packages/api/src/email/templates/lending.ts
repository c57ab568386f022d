import type { Language } from "@kavi/domain";
import { type RenderedEmail, renderLayout } from "../layout";

/** What a loan reminder says, already formatted for the reader (money and dates in their language). */
export interface LoanReminderFacts {
  business: string;
  loanNumber: string;
  amountDue: string;
  dueDate: string;
  /** Days past the due date; 0 or less when not late yet. */
  daysLate: number;
  /** The penalty charged so far on that instalment, formatted, or null when none. */
  penalty: string | null;
  /** Days to the due date when it is still ahead. */
  daysAhead: number;
}

interface LoanReminderText {
  hello: (name: string) => string;
  subject: (f: LoanReminderFacts) => string;
  body: (f: LoanReminderFacts) => string;
  penalty: (penalty: string) => string;
  howToPay: (f: LoanReminderFacts) => string;
  action: string;
  footnote: string;
  sms: (f: LoanReminderFacts) => string;
}

function when(f: LoanReminderFacts, words: { ahead: string; today: string; late: string }): string {
  if (f.daysLate > 0) return words.late;
  if (f.daysLate === 0) return words.today;
  return words.ahead;
}

/** Whole sentences per language, so each orders its own words. */
export const LOAN_REMINDER_TEXT: Record<Language, LoanReminderText> = {
  en: {
    hello: (name) => `Hello ${name},`,
    subject: (f) =>
      when(f, {
        ahead: `Loan ${f.loanNumber}: ${f.amountDue} due on ${f.dueDate}`,
        today: `Loan ${f.loanNumber}: ${f.amountDue} is due today`,
        late: `Loan ${f.loanNumber} is ${f.daysLate} ${f.daysLate === 1 ? "day" : "days"} overdue`,
      }),
    body: (f) =>
      when(f, {
        ahead: `${f.business}'s next loan instalment of ${f.amountDue} is due in ${f.daysAhead} ${f.daysAhead === 1 ? "day" : "days"}, on ${f.dueDate}.`,
        today: `${f.business}'s loan instalment of ${f.amountDue} is due today, ${f.dueDate}.`,
        late: `${f.business}'s loan instalment due on ${f.dueDate} is ${f.daysLate} ${f.daysLate === 1 ? "day" : "days"} overdue: ${f.amountDue} is still owed. Paying now stops the penalty from growing.`,
      }),
    penalty: (penalty) => `This includes a late-payment penalty of ${penalty} so far.`,
    howToPay: (f) =>
      `Pay from the loan's page in KAVI, or by M-Pesa Paybill with ${f.loanNumber} as the account number.`,
    action: "Open the loan",
    footnote: "You receive loan reminders as an owner of this business.",
    sms: (f) =>
      when(f, {
        ahead: `KAVI: loan ${f.loanNumber} instalment of ${f.amountDue} is due on ${f.dueDate}. Paybill account: ${f.loanNumber}.`,
        today: `KAVI: loan ${f.loanNumber} instalment of ${f.amountDue} is due today. Paybill account: ${f.loanNumber}.`,
        late: `KAVI: loan ${f.loanNumber} is ${f.daysLate} days overdue. ${f.amountDue} owed. Pay now to stop penalties. Paybill account: ${f.loanNumber}.`,
      }),
  },
  sw: {
    hello: (name) => `Habari ${name},`,
    subject: (f) =>
      when(f, {
        ahead: `Mkopo ${f.loanNumber}: ${f.amountDue} unalipwa tarehe ${f.dueDate}`,
        today: `Mkopo ${f.loanNumber}: ${f.amountDue} unalipwa leo`,
        late: `Mkopo ${f.loanNumber} umechelewa kwa siku ${f.daysLate}`,
      }),
    body: (f) =>
      when(f, {
        ahead: `Awamu inayofuata ya mkopo wa ${f.business}, ${f.amountDue}, inalipwa baada ya siku ${f.daysAhead}, tarehe ${f.dueDate}.`,
        today: `Awamu ya mkopo wa ${f.business}, ${f.amountDue}, inalipwa leo, tarehe ${f.dueDate}.`,
        late: `Awamu ya mkopo wa ${f.business} iliyopaswa kulipwa tarehe ${f.dueDate} imechelewa kwa siku ${f.daysLate}: bado unadaiwa ${f.amountDue}. Ukilipa sasa, faini haitaongezeka.`,
      }),
    penalty: (penalty) => `Kiasi hiki kinajumuisha faini ya kuchelewa ya ${penalty} hadi sasa.`,
    howToPay: (f) =>
      `Lipa kwenye ukurasa wa mkopo ndani ya KAVI, au kwa Paybill ya M-Pesa ukitumia ${f.loanNumber} kama namba ya akaunti.`,
    action: "Fungua mkopo",
    footnote: "Unapokea vikumbusho vya mkopo kwa sababu wewe ni mmiliki wa biashara hii.",
    sms: (f) =>
      when(f, {
        ahead: `KAVI: awamu ya mkopo ${f.loanNumber} ya ${f.amountDue} inalipwa tarehe ${f.dueDate}. Akaunti ya Paybill: ${f.loanNumber}.`,
        today: `KAVI: awamu ya mkopo ${f.loanNumber} ya ${f.amountDue} inalipwa leo. Akaunti ya Paybill: ${f.loanNumber}.`,
        late: `KAVI: mkopo ${f.loanNumber} umechelewa siku ${f.daysLate}. Unadaiwa ${f.amountDue}. Lipa sasa kuepuka faini. Akaunti ya Paybill: ${f.loanNumber}.`,
      }),
  },
};

export function loanReminderEmail(input: {
  fullName: string;
  facts: LoanReminderFacts;
  loanUrl: string;
  language: Language;
}): RenderedEmail {
  const words = LOAN_REMINDER_TEXT[input.language];
  const subject = words.subject(input.facts);
  const body = renderLayout({
    language: input.language,
    preheader: words.body(input.facts),
    heading: subject,
    paragraphs: [
      words.hello(input.fullName),
      words.body(input.facts),
      ...(input.facts.penalty ? [words.penalty(input.facts.penalty)] : []),
      words.howToPay(input.facts),
    ],
    action: { label: words.action, url: input.loanUrl },
    footnote: words.footnote,
  });
  return { subject, ...body };
}

export function loanReminderSms(facts: LoanReminderFacts, language: Language): string {
  return LOAN_REMINDER_TEXT[language].sms(facts);
}
