import { formatMoney, LANGUAGE_LOCALES, type Language } from "@kavi/domain";
import { type RenderedEmail, renderLayout } from "../../email/layout";

export function formatCalendarDate(date: string, language: Language): string {
  return new Intl.DateTimeFormat(LANGUAGE_LOCALES[language], { dateStyle: "medium", timeZone: "UTC" }).format(
    new Date(`${date}T00:00:00Z`),
  );
}

export interface InvoiceEmailInput {
  businessName: string;
  customerName: string;
  invoiceNumber: string;
  currency: string;
  totalMinor: bigint;
  balanceDueMinor: bigint;
  dueDate: string;
  publicUrl: string;
  /** A personal note from the sender, shown as its own paragraph. */
  message?: string | null;
  /** The customer's language (their record's `language`). */
  language: Language;
}

/** What an invoice email says, per language: whole sentences, so each language orders its own words. */
interface Facts {
  business: string;
  number: string;
  due: string;
  total: string;
  when: string;
  customer: string;
}
interface InvoiceEmailText {
  hello: (f: Facts) => string;
  invoice: {
    preheader: (f: Facts) => string;
    heading: (f: Facts) => string;
    owing: (f: Facts) => string;
    paid: (f: Facts) => string;
    attached: string;
    action: string;
    footnote: (f: Facts) => string;
    subject: (f: Facts) => string;
  };
  reminder: {
    beforeHeading: (f: Facts) => string;
    beforeLead: (f: Facts & { days: number }) => string;
    beforeSubject: (f: Facts) => string;
    todayHeading: (f: Facts) => string;
    todayLead: (f: Facts) => string;
    todaySubject: (f: Facts) => string;
    lateHeading: (f: Facts) => string;
    lateLead: (f: Facts & { days: number }) => string;
    lateSubject: (f: Facts) => string;
    alreadyPaid: string;
    action: string;
    footnote: (f: Facts) => string;
    subject: (subject: string, f: Facts) => string;
  };
}

const plural = (count: number, one: string, other: string) => (count === 1 ? one : other);

export const INVOICE_EMAIL_TEXT: Record<Language, InvoiceEmailText> = {
  en: {
    hello: (f) => `Hello ${f.customer},`,
    invoice: {
      preheader: (f) => `${f.business} sent you invoice ${f.number}: ${f.due} due ${f.when}.`,
      heading: (f) => `Invoice ${f.number} from ${f.business}`,
      owing: (f) =>
        `${f.business} has sent you invoice ${f.number} for ${f.total}. ${f.due} is due by ${f.when}.`,
      paid: (f) =>
        `${f.business} has sent you invoice ${f.number} for ${f.total}. It is fully paid: thank you.`,
      attached:
        "The invoice is attached as a PDF. You can also view it, download it and see how to pay online.",
      action: "View invoice",
      footnote: (f) =>
        `You received this because ${f.business} invoices you through KAVI. Reply to them directly with any questions.`,
      subject: (f) => `Invoice ${f.number} from ${f.business} (${f.due} due ${f.when})`,
    },
    reminder: {
      beforeHeading: (f) => `Invoice ${f.number} is due on ${f.when}`,
      beforeLead: (f) =>
        `A friendly reminder: ${f.due} on invoice ${f.number} is due in ${f.days} ${plural(f.days, "day", "days")}, on ${f.when}.`,
      beforeSubject: (f) => `Reminder: invoice ${f.number} is due on ${f.when}`,
      todayHeading: (f) => `Invoice ${f.number} is due today`,
      todayLead: (f) => `A friendly reminder: ${f.due} on invoice ${f.number} is due today.`,
      todaySubject: (f) => `Invoice ${f.number} is due today`,
      lateHeading: (f) => `Invoice ${f.number} is overdue`,
      lateLead: (f) =>
        `Our records show ${f.due} on invoice ${f.number} is ${f.days} ${plural(f.days, "day", "days")} past its due date of ${f.when}.`,
      lateSubject: (f) => `Overdue: invoice ${f.number} (${f.due})`,
      alreadyPaid:
        "If you have already paid, thank you, and please ignore this message. The invoice is attached.",
      action: "View and pay",
      footnote: (f) => `Sent by ${f.business} through KAVI.`,
      subject: (subject, f) => `${subject} from ${f.business}`,
    },
  },
  sw: {
    hello: (f) => `Habari ${f.customer},`,
    invoice: {
      preheader: (f) => `${f.business} imekutumia ankara ${f.number}: ${f.due} ya kulipa kufikia ${f.when}.`,
      heading: (f) => `Ankara ${f.number} kutoka ${f.business}`,
      owing: (f) =>
        `${f.business} imekutumia ankara ${f.number} ya ${f.total}. Unatakiwa kulipa ${f.due} kufikia ${f.when}.`,
      paid: (f) => `${f.business} imekutumia ankara ${f.number} ya ${f.total}. Imelipwa yote: asante.`,
      attached:
        "Ankara imeambatishwa kama PDF. Unaweza pia kuiona, kuipakua na kuona jinsi ya kulipa mtandaoni.",
      action: "Tazama ankara",
      footnote: (f) =>
        `Umepokea ujumbe huu kwa sababu ${f.business} inakutumia ankara kupitia KAVI. Ukiwa na swali, wajibu moja kwa moja.`,
      subject: (f) => `Ankara ${f.number} kutoka ${f.business} (${f.due} ya kulipa kufikia ${f.when})`,
    },
    reminder: {
      beforeHeading: (f) => `Ankara ${f.number} inatakiwa kulipwa tarehe ${f.when}`,
      beforeLead: (f) =>
        `Tunakukumbusha kwa heshima: ${f.due} ya ankara ${f.number} inatakiwa kulipwa baada ya siku ${f.days}, tarehe ${f.when}.`,
      beforeSubject: (f) => `Kikumbusho: ankara ${f.number} inatakiwa kulipwa tarehe ${f.when}`,
      todayHeading: (f) => `Ankara ${f.number} inatakiwa kulipwa leo`,
      todayLead: (f) => `Tunakukumbusha kwa heshima: ${f.due} ya ankara ${f.number} inatakiwa kulipwa leo.`,
      todaySubject: (f) => `Ankara ${f.number} inatakiwa kulipwa leo`,
      lateHeading: (f) => `Ankara ${f.number} imepitwa na muda`,
      lateLead: (f) =>
        `Kumbukumbu zetu zinaonyesha ${f.due} ya ankara ${f.number} imechelewa kwa siku ${f.days} tangu tarehe ya mwisho, ${f.when}.`,
      lateSubject: (f) => `Deni limepitwa na muda: ankara ${f.number} (${f.due})`,
      alreadyPaid: "Kama umeshalipa, asante, na tafadhali puuza ujumbe huu. Ankara imeambatishwa.",
      action: "Tazama na ulipe",
      footnote: (f) => `Imetumwa na ${f.business} kupitia KAVI.`,
      subject: (subject, f) => `${subject} kutoka ${f.business}`,
    },
  },
};

function factsOf(input: InvoiceEmailInput): Facts {
  const locale = LANGUAGE_LOCALES[input.language];
  return {
    business: input.businessName,
    number: input.invoiceNumber,
    customer: input.customerName,
    due: formatMoney(input.balanceDueMinor, input.currency, { locale }),
    total: formatMoney(input.totalMinor, input.currency, { locale }),
    when: formatCalendarDate(input.dueDate, input.language),
  };
}

export function invoiceEmail(input: InvoiceEmailInput): RenderedEmail {
  const words = INVOICE_EMAIL_TEXT[input.language];
  const facts = factsOf(input);
  const body = renderLayout({
    language: input.language,
    preheader: words.invoice.preheader(facts),
    heading: words.invoice.heading(facts),
    paragraphs: [
      words.hello(facts),
      ...(input.message ? [input.message] : []),
      input.balanceDueMinor > 0n ? words.invoice.owing(facts) : words.invoice.paid(facts),
      words.invoice.attached,
    ],
    action: { label: words.invoice.action, url: input.publicUrl },
    footnote: words.invoice.footnote(facts),
  });
  return { subject: words.invoice.subject(facts), ...body };
}

export function reminderEmail(input: InvoiceEmailInput & { offsetDays: number }): RenderedEmail {
  const words = INVOICE_EMAIL_TEXT[input.language].reminder;
  const facts = factsOf(input);
  const { heading, lead, subject } =
    input.offsetDays < 0
      ? {
          heading: words.beforeHeading(facts),
          lead: words.beforeLead({ ...facts, days: -input.offsetDays }),
          subject: words.beforeSubject(facts),
        }
      : input.offsetDays === 0
        ? {
            heading: words.todayHeading(facts),
            lead: words.todayLead(facts),
            subject: words.todaySubject(facts),
          }
        : {
            heading: words.lateHeading(facts),
            lead: words.lateLead({ ...facts, days: input.offsetDays }),
            subject: words.lateSubject(facts),
          };
  const body = renderLayout({
    language: input.language,
    preheader: lead,
    heading,
    paragraphs: [INVOICE_EMAIL_TEXT[input.language].hello(facts), lead, words.alreadyPaid],
    action: { label: words.action, url: input.publicUrl },
    footnote: words.footnote(facts),
  });
  return { subject: words.subject(subject, facts), ...body };
}
