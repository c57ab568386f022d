import { formatMoney } from "@kavi/domain";
import { type RenderedEmail, renderLayout } from "../../email/layout";

function formatCalendarDate(date: string): string {
  return new Intl.DateTimeFormat("en-KE", { dateStyle: "medium", timeZone: "UTC" }).format(
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
}

export function invoiceEmail(input: InvoiceEmailInput): RenderedEmail {
  const due = formatMoney(input.balanceDueMinor, input.currency);
  const body = renderLayout({
    preheader: `${input.businessName} sent you invoice ${input.invoiceNumber}: ${due} due ${formatCalendarDate(input.dueDate)}.`,
    heading: `Invoice ${input.invoiceNumber} from ${input.businessName}`,
    paragraphs: [
      `Hello ${input.customerName},`,
      ...(input.message ? [input.message] : []),
      input.balanceDueMinor > 0n
        ? `${input.businessName} has sent you invoice ${input.invoiceNumber} for ${formatMoney(input.totalMinor, input.currency)}. ${due} is due by ${formatCalendarDate(input.dueDate)}.`
        : `${input.businessName} has sent you invoice ${input.invoiceNumber} for ${formatMoney(input.totalMinor, input.currency)}. It is fully paid: thank you.`,
      "The invoice is attached as a PDF. You can also view it, download it and see how to pay online.",
    ],
    action: { label: "View invoice", url: input.publicUrl },
    footnote: `You received this because ${input.businessName} invoices you through KAVI. Reply to them directly with any questions.`,
  });
  return {
    subject: `Invoice ${input.invoiceNumber} from ${input.businessName} (${due} due ${formatCalendarDate(input.dueDate)})`,
    ...body,
  };
}

export function reminderEmail(input: InvoiceEmailInput & { offsetDays: number }): RenderedEmail {
  const due = formatMoney(input.balanceDueMinor, input.currency);
  const when = formatCalendarDate(input.dueDate);
  const { heading, lead, subject } =
    input.offsetDays < 0
      ? {
          heading: `Invoice ${input.invoiceNumber} is due on ${when}`,
          lead: `A friendly reminder: ${due} on invoice ${input.invoiceNumber} is due in ${-input.offsetDays} day${input.offsetDays === -1 ? "" : "s"}, on ${when}.`,
          subject: `Reminder: invoice ${input.invoiceNumber} is due on ${when}`,
        }
      : input.offsetDays === 0
        ? {
            heading: `Invoice ${input.invoiceNumber} is due today`,
            lead: `A friendly reminder: ${due} on invoice ${input.invoiceNumber} is due today.`,
            subject: `Invoice ${input.invoiceNumber} is due today`,
          }
        : {
            heading: `Invoice ${input.invoiceNumber} is overdue`,
            lead: `Our records show ${due} on invoice ${input.invoiceNumber} is ${input.offsetDays} day${input.offsetDays === 1 ? "" : "s"} past its due date of ${when}.`,
            subject: `Overdue: invoice ${input.invoiceNumber} (${due})`,
          };
  const body = renderLayout({
    preheader: lead,
    heading,
    paragraphs: [
      `Hello ${input.customerName},`,
      lead,
      "If you have already paid, thank you, and please ignore this message. The invoice is attached.",
    ],
    action: { label: "View and pay", url: input.publicUrl },
    footnote: `Sent by ${input.businessName} through KAVI.`,
  });
  return { subject: `${subject} from ${input.businessName}`, ...body };
}
