import { formatMoney, LANGUAGE_LOCALES, type Language } from "@kavi/domain";
import { formatCalendarDate } from "./emails";

/** What an invoice SMS or WhatsApp message is about: the amount still owed and where to pay it. */
export interface ShortInvoiceMessageInput {
  businessName: string;
  customerName: string;
  invoiceNumber: string;
  currency: string;
  balanceDueMinor: bigint;
  dueDate: string;
  publicUrl: string;
  language: Language;
  /** Set for reminders: days from the due date (negative: before it). */
  reminderOffsetDays?: number;
}

interface Facts {
  business: string;
  customer: string;
  number: string;
  due: string;
  when: string;
  link: string;
  days: number;
}

const TEXT: Record<
  Language,
  {
    invoice: (f: Facts) => string;
    before: (f: Facts) => string;
    today: (f: Facts) => string;
    late: (f: Facts) => string;
  }
> = {
  en: {
    invoice: (f) =>
      `Hello ${f.customer}, ${f.business} has sent you invoice ${f.number}: ${f.due} due by ${f.when}. View and pay: ${f.link}`,
    before: (f) =>
      `Reminder from ${f.business}: invoice ${f.number}, ${f.due}, is due on ${f.when}. Pay here: ${f.link}`,
    today: (f) =>
      `Reminder from ${f.business}: invoice ${f.number}, ${f.due}, is due today. Pay here: ${f.link}`,
    late: (f) =>
      `${f.business}: invoice ${f.number}, ${f.due}, was due on ${f.when} (${f.days} ${f.days === 1 ? "day" : "days"} ago). Please pay here: ${f.link}`,
  },
  sw: {
    invoice: (f) =>
      `Habari ${f.customer}, ${f.business} imekutumia ankara ${f.number}: ${f.due} ya kulipa kufikia ${f.when}. Tazama na ulipe: ${f.link}`,
    before: (f) =>
      `Kumbusho kutoka ${f.business}: ankara ${f.number} ya ${f.due} inafaa kulipwa ${f.when}. Lipa hapa: ${f.link}`,
    today: (f) =>
      `Kumbusho kutoka ${f.business}: ankara ${f.number} ya ${f.due} inafaa kulipwa leo. Lipa hapa: ${f.link}`,
    late: (f) =>
      `${f.business}: ankara ${f.number} ya ${f.due} ilifaa kulipwa ${f.when} (siku ${f.days} zilizopita). Tafadhali lipa hapa: ${f.link}`,
  },
};

/**
 * The invoice or reminder as one short text (SMS, WhatsApp), in the customer's language: amount still owed,
 * due date and the pay link. Kept plain (no emoji, no curly quotes) so an SMS stays GSM-7 and cheap.
 */
export function shortInvoiceMessage(input: ShortInvoiceMessageInput): string {
  const locale = LANGUAGE_LOCALES[input.language];
  const facts: Facts = {
    business: input.businessName,
    customer: input.customerName,
    number: input.invoiceNumber,
    due: formatMoney(input.balanceDueMinor, input.currency, { locale }),
    when: formatCalendarDate(input.dueDate, input.language),
    link: input.publicUrl,
    days: Math.abs(input.reminderOffsetDays ?? 0),
  };
  const text = TEXT[input.language];
  if (input.reminderOffsetDays === undefined) return text.invoice(facts);
  if (input.reminderOffsetDays < 0) return text.before(facts);
  if (input.reminderOffsetDays === 0) return text.today(facts);
  return text.late(facts);
}

/** A wa.me link that opens WhatsApp with the message typed in (to the number when there is one). */
export function whatsappShareUrl(text: string, phoneE164: string | null): string {
  const to = phoneE164 ? phoneE164.replace(/^\+/, "") : "";
  return `https://wa.me/${to}?text=${encodeURIComponent(text)}`;
}
