import { toLanguage } from "@kavi/domain";
import PDFDocument from "pdfkit";
import type { InvoiceDocument } from "../document";
import { createCanvas, PAGE_MARGIN, pdfSafeText } from "./canvas";
import { drawEtims, drawHowToPay, drawNotesAndTerms, drawPayments, drawVoidReason } from "./closing";
import { drawBillTo, drawHeader } from "./header";
import { drawLines } from "./lines-table";
import { drawPageMarks } from "./page-marks";
import { drawTotals } from "./totals";
import { PDF_WORDS } from "./words";

export { pdfSafeText } from "./canvas";

/**
 * The invoice as a PDF, drawn with pdfkit's built-in Helvetica (no font files, no network, no native code).
 * Layout: A4, the business at the top left and the invoice facts at the top right, who it is billed to and
 * what is due, the lines, the tax summary beside the totals, how to pay, notes and terms, and a footer with
 * page numbers. Paid and void invoices carry a stamp. Each section is its own function, drawn in this order.
 */
const SECTIONS = [
  drawHeader,
  drawBillTo,
  drawLines,
  drawTotals,
  drawPayments,
  drawHowToPay,
  drawNotesAndTerms,
  drawEtims,
  drawVoidReason,
];

export interface RenderedPdf {
  filename: string;
  content: Buffer;
}

export function invoicePdfFilename(document: InvoiceDocument): string {
  const name = document.invoice.invoiceNumber ?? `draft-${document.invoice.id.slice(0, 8)}`;
  return `${name.replace(/[^A-Za-z0-9._-]/g, "_")}.pdf`;
}

export async function renderInvoicePdf(document: InvoiceDocument): Promise<RenderedPdf> {
  const { invoice } = document;
  const canvasWords = PDF_WORDS[toLanguage(document.customer.language)];
  const title = invoice.invoiceNumber ? canvasWords.invoice(invoice.invoiceNumber) : canvasWords.draftInvoice;
  const doc = new PDFDocument({
    size: "A4",
    margin: PAGE_MARGIN,
    bufferPages: true,
    info: {
      Title: pdfSafeText(`${title} - ${document.business.name}`),
      Author: pdfSafeText(document.business.name),
      Subject: pdfSafeText(canvasWords.titleFor(title, document.customer.name)),
      Creator: "KAVI",
    },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    doc.on("end", resolve);
    doc.on("error", reject);
  });

  const canvas = createCanvas(doc, document);
  for (const drawSection of SECTIONS) drawSection(canvas);
  drawPageMarks(canvas);

  doc.end();
  await finished;
  return { filename: invoicePdfFilename(document), content: Buffer.concat(chunks) };
}
