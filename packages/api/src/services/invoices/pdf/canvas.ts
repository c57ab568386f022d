import { formatMoney, LANGUAGE_LOCALES, toLanguage } from "@kavi/domain";
import type PDFDocument from "pdfkit";
import type { InvoiceDocument, InvoiceDocumentParty } from "../document";
import { PDF_WORDS, type PdfWords } from "./words";

export const PAGE_MARGIN = 48;
export const ACCENT = "#0f766e";
export const INK = "#0f172a";
export const MUTED = "#64748b";
export const RULE = "#e2e8f0";
export const SHADE = "#f1f5f9";
const FOOTER_SPACE = 16;

const WIN_ANSI_EXTRAS = new Set("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ");

/** The standard PDF fonts speak WinAnsi: keep what they can draw, approximate the rest. */
export function pdfSafeText(value: string): string {
  return value
    .normalize("NFC")
    .replace(/[\u2010-\u2012]/g, "-")
    .replace(/\u00a0|\u202f/g, " ")
    .replace(/[^\n\t\u0020-\u00ff]/gu, (char) => (WIN_ANSI_EXTRAS.has(char) ? char : "?"));
}

function formatCalendarDate(date: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" }).format(
    new Date(`${date}T00:00:00Z`),
  );
}

/** An instant as a date in the business's time zone. */
function formatDayIn(instant: Date, timeZone: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone }).format(instant);
}

export function partyLines(party: InvoiceDocumentParty, withTaxId: boolean, words: PdfWords): string[] {
  const lines: string[] = [];
  if (party.address) lines.push(...party.address.split(/\r?\n/));
  if (party.city)
    lines.push(party.country && party.country !== "KE" ? `${party.city}, ${party.country}` : party.city);
  if (party.phone) lines.push(party.phone);
  if (party.email) lines.push(party.email);
  if (withTaxId && party.taxId) lines.push(words.kraPin(party.taxId));
  return lines;
}

/**
 * What every section draws with: the pdfkit document, the invoice, the page's content box, and `y`, the top of
 * the free space, which each section moves down past what it drew.
 */
export interface PdfCanvas {
  doc: PDFKit.PDFDocument;
  document: InvoiceDocument;
  invoice: InvoiceDocument["invoice"];
  currency: string;
  /** The customer's words (their record's language), and dates and money in its locale. */
  words: PdfWords;
  /** A calendar date (YYYY-MM-DD). */
  date(date: string): string;
  /** An instant, as a day in the business's time zone. */
  day(instant: Date): string;
  left: number;
  right: number;
  width: number;
  y: number;
  /** The lowest y content may reach on a page (the footer sits below). */
  bottom(): number;
  /** Starts a new page; `y` goes back to its top. */
  newPage(): void;
  /** An amount without the currency code (columns say the currency once). */
  money(amount: bigint): string;
  moneyWithCode(amount: bigint): string;
  text(value: string): string;
}

export function createCanvas(doc: InstanceType<typeof PDFDocument>, document: InvoiceDocument): PdfCanvas {
  const currency = document.invoice.currency;
  const language = toLanguage(document.customer.language);
  const locale = LANGUAGE_LOCALES[language];
  const left = PAGE_MARGIN;
  const right = doc.page.width - PAGE_MARGIN;
  const canvas: PdfCanvas = {
    doc,
    document,
    invoice: document.invoice,
    currency,
    words: PDF_WORDS[language],
    date: (date) => formatCalendarDate(date, locale),
    day: (instant) => formatDayIn(instant, document.business.timezone, locale),
    left,
    right,
    width: right - left,
    y: PAGE_MARGIN,
    bottom: () => doc.page.height - PAGE_MARGIN - FOOTER_SPACE,
    newPage: () => {
      doc.addPage();
      canvas.y = PAGE_MARGIN;
    },
    money: (amount) => formatMoney(amount, currency, { display: "none", locale }),
    moneyWithCode: (amount) => formatMoney(amount, currency, { locale }),
    text: pdfSafeText,
  };
  return canvas;
}
