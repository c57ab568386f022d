import {
  formatBps,
  formatMoney,
  formatQuantity,
  INVOICE_STATUS_LABELS,
  PAYMENT_METHOD_LABELS,
  type PaymentMethod,
  paymentTermsLabel,
  taxLabel,
} from "@kavi/domain";
import PDFDocument from "pdfkit";
import type { InvoiceDocument, InvoiceDocumentParty } from "./document";

/**
 * The invoice as a PDF, drawn with pdfkit's built-in Helvetica (no font files, no network, no native code).
 * Layout: A4, the business at the top left and the invoice facts at the top right, who it is billed to and
 * what is due, the lines, the tax summary beside the totals, how to pay, notes and terms, and a footer with
 * page numbers. Paid and void invoices carry a stamp.
 */

const PAGE_MARGIN = 48;
const ACCENT = "#0f766e";
const INK = "#0f172a";
const MUTED = "#64748b";
const RULE = "#e2e8f0";
const SHADE = "#f1f5f9";
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

function formatCalendarDate(date: string): string {
  return new Intl.DateTimeFormat("en-KE", { dateStyle: "medium", timeZone: "UTC" }).format(
    new Date(`${date}T00:00:00Z`),
  );
}

function partyLines(party: InvoiceDocumentParty, withTaxId: boolean): string[] {
  const lines: string[] = [];
  if (party.address) lines.push(...party.address.split(/\r?\n/));
  if (party.city)
    lines.push(party.country && party.country !== "KE" ? `${party.city}, ${party.country}` : party.city);
  if (party.phone) lines.push(party.phone);
  if (party.email) lines.push(party.email);
  if (withTaxId && party.taxId) lines.push(`KRA PIN: ${party.taxId}`);
  return lines;
}

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
  const currency = invoice.currency;
  const title = invoice.invoiceNumber ? `Invoice ${invoice.invoiceNumber}` : "Draft invoice";
  const doc = new PDFDocument({
    size: "A4",
    margin: PAGE_MARGIN,
    bufferPages: true,
    info: {
      Title: pdfSafeText(`${title} - ${document.business.name}`),
      Author: pdfSafeText(document.business.name),
      Subject: pdfSafeText(`${title} for ${document.customer.name}`),
      Creator: "KAVI",
    },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    doc.on("end", resolve);
    doc.on("error", reject);
  });

  const left = PAGE_MARGIN;
  const right = doc.page.width - PAGE_MARGIN;
  const width = right - left;
  const bottom = () => doc.page.height - PAGE_MARGIN - FOOTER_SPACE;
  const money = (amount: bigint) => formatMoney(amount, currency, { display: "none" });
  const moneyWithCode = (amount: bigint) => formatMoney(amount, currency);
  const text = (value: string) => pdfSafeText(value);

  // ── Header: the business (left), the invoice facts (right) ─────────────────────────────────────
  const top = PAGE_MARGIN;
  doc
    .font("Helvetica-Bold")
    .fontSize(18)
    .fillColor(INK)
    .text(text(document.business.name), left, top, {
      width: width * 0.55,
    });
  doc.font("Helvetica").fontSize(9).fillColor(MUTED);
  if (document.business.legalName && document.business.legalName !== document.business.name) {
    doc.text(text(document.business.legalName), { width: width * 0.55 });
  }
  for (const line of partyLines(document.business, false)) doc.text(text(line), { width: width * 0.55 });
  if (document.business.taxId) {
    doc
      .font("Helvetica-Bold")
      .fillColor(INK)
      .text(text(`KRA PIN: ${document.business.taxId}`), { width: width * 0.55 });
  }
  const businessBottom = doc.y;

  const factsX = left + width * 0.58;
  const factsWidth = right - factsX;
  doc
    .font("Helvetica-Bold")
    .fontSize(22)
    .fillColor(ACCENT)
    .text(invoice.status === "draft" ? "DRAFT INVOICE" : "INVOICE", factsX, top, {
      width: factsWidth,
      align: "right",
    });
  doc.moveDown(0.4);
  const facts: [string, string][] = [
    ["Invoice no.", invoice.invoiceNumber ?? "Not issued yet"],
    ["Issue date", formatCalendarDate(invoice.issueDate)],
    ["Due date", formatCalendarDate(invoice.dueDate)],
    ["Terms", paymentTermsLabel(invoice.paymentTermsDays)],
  ];
  if (invoice.status !== "draft") facts.push(["Status", INVOICE_STATUS_LABELS[invoice.status]]);
  if (currency !== document.business.baseCurrency) facts.push(["Currency", currency]);
  for (const [label, value] of facts) {
    const y = doc.y;
    doc
      .font("Helvetica")
      .fontSize(9)
      .fillColor(MUTED)
      .text(label, factsX, y, { width: factsWidth * 0.45 });
    doc
      .font("Helvetica-Bold")
      .fillColor(INK)
      .text(text(value), factsX + factsWidth * 0.45, y, { width: factsWidth * 0.55, align: "right" });
    doc.moveDown(0.15);
  }
  const factsBottom = doc.y;

  let y = Math.max(businessBottom, factsBottom) + 16;
  doc.moveTo(left, y).lineTo(right, y).lineWidth(1).strokeColor(RULE).stroke();
  y += 14;

  // ── Billed to (left) and amount due (right) ───────────────────────────────────────────────────
  const billTop = y;
  doc
    .font("Helvetica-Bold")
    .fontSize(8)
    .fillColor(MUTED)
    .text("BILL TO", left, billTop, { characterSpacing: 0.8 });
  doc
    .font("Helvetica-Bold")
    .fontSize(11)
    .fillColor(INK)
    .text(text(document.customer.name), left, doc.y + 3, {
      width: width * 0.55,
    });
  doc.font("Helvetica").fontSize(9).fillColor(MUTED);
  for (const line of partyLines(document.customer, true)) doc.text(text(line), { width: width * 0.55 });
  if (document.customer.accountNumber) doc.text(text(`Account no.: ${document.customer.accountNumber}`));
  const billBottom = doc.y;

  const boxX = left + width * 0.58;
  const boxWidth = right - boxX;
  const boxHeight = 62;
  doc.roundedRect(boxX, billTop, boxWidth, boxHeight, 6).fill(SHADE);
  const paidInFull =
    invoice.status !== "void" && invoice.status !== "draft" && document.balanceDueMinor === 0n;
  const dueLabel = invoice.status === "void" ? "Void" : paidInFull ? "Paid in full" : "Amount due";
  const boxAmount = paidInFull ? invoice.amountPaidMinor : document.balanceDueMinor;
  doc
    .font("Helvetica-Bold")
    .fontSize(8)
    .fillColor(MUTED)
    .text(dueLabel.toUpperCase(), boxX + 12, billTop + 10, { width: boxWidth - 24, characterSpacing: 0.8 });
  doc
    .font("Helvetica-Bold")
    .fontSize(18)
    .fillColor(INK)
    .text(moneyWithCode(boxAmount), boxX + 12, billTop + 22, { width: boxWidth - 24 });
  const boxNote =
    invoice.status === "void"
      ? "This invoice has been cancelled"
      : paidInFull
        ? invoice.paidAt
          ? `Paid ${new Intl.DateTimeFormat("en-KE", { dateStyle: "medium", timeZone: document.business.timezone }).format(invoice.paidAt)}. Thank you!`
          : "Thank you!"
        : `Due ${formatCalendarDate(invoice.dueDate)}`;
  doc
    .font("Helvetica")
    .fontSize(8.5)
    .fillColor(MUTED)
    .text(boxNote, boxX + 12, billTop + 44, { width: boxWidth - 24 });
  y = Math.max(billBottom, billTop + boxHeight) + 20;

  // ── Lines ──────────────────────────────────────────────────────────────────────────────────────
  const hasDiscount = document.lines.some((line) => line.discountMinor > 0n);
  const hasTax = document.lines.some((line) => line.taxRateBps > 0 || line.taxTreatment !== "standard");
  const amountNote = hasTax
    ? `Amounts in ${currency}, ${invoice.pricesIncludeTax ? "including" : "excluding"} VAT`
    : `Amounts in ${currency}`;
  type Column = { key: string; label: string; width: number; align: "left" | "right" };
  const columns: Column[] = [
    { key: "index", label: "#", width: 18, align: "left" },
    { key: "description", label: "Description", width: 0, align: "left" },
    { key: "quantity", label: "Qty", width: 36, align: "right" },
    { key: "price", label: "Unit price", width: 66, align: "right" },
    ...(hasDiscount ? [{ key: "discount", label: "Discount", width: 54, align: "right" as const }] : []),
    ...(hasTax ? [{ key: "tax", label: "VAT", width: 40, align: "right" as const }] : []),
    { key: "amount", label: "Amount", width: 78, align: "right" },
  ];
  const fixed = columns.reduce((sum, column) => sum + column.width, 0);
  const descriptionColumn = columns.find((column) => column.key === "description");
  const cellPadding = 8;
  // Cells start 4pt in from the shaded header's edge and end 4pt before the other.
  if (descriptionColumn) descriptionColumn.width = width - 8 - fixed - cellPadding * (columns.length - 1);

  const drawHeader = () => {
    doc.rect(left, y, width, 20).fill(SHADE);
    let x = left + 4;
    doc.font("Helvetica-Bold").fontSize(8).fillColor(MUTED);
    for (const column of columns) {
      doc.text(column.label.toUpperCase(), x, y + 6.5, {
        width: column.width,
        align: column.align,
        characterSpacing: 0.4,
        lineBreak: false,
      });
      x += column.width + cellPadding;
    }
    y += 24;
  };

  const newPage = () => {
    doc.addPage();
    y = PAGE_MARGIN;
  };

  doc.font("Helvetica").fontSize(8).fillColor(MUTED).text(amountNote, left, y, { width, align: "right" });
  y = doc.y + 4;
  drawHeader();
  document.lines.forEach((line, index) => {
    const cells: Record<string, string> = {
      index: String(index + 1),
      description: text(line.description),
      quantity: formatQuantity(line.quantityMilli),
      price: money(line.unitPriceMinor),
      discount: line.discountMinor > 0n ? money(line.discountMinor) : "-",
      tax:
        line.taxTreatment === "exempt"
          ? "Exempt"
          : line.taxTreatment === "zero_rated"
            ? "0%"
            : `${formatBps(line.taxRateBps)}%`,
      amount: money(invoice.pricesIncludeTax ? line.totalMinor : line.netMinor),
    };
    doc.font("Helvetica").fontSize(9);
    const rowHeight =
      Math.max(
        ...columns.map((column) => doc.heightOfString(cells[column.key] ?? "", { width: column.width })),
      ) + 10;
    if (y + rowHeight > bottom()) {
      newPage();
      drawHeader();
    }
    let x = left + 4;
    for (const column of columns) {
      doc
        .font("Helvetica")
        .fontSize(9)
        .fillColor(column.key === "index" ? MUTED : INK)
        .text(cells[column.key] ?? "", x, y + 4, { width: column.width, align: column.align });
      x += column.width + cellPadding;
    }
    y += rowHeight;
    doc.moveTo(left, y).lineTo(right, y).lineWidth(0.5).strokeColor(RULE).stroke();
  });
  y += 14;

  // ── Tax summary (left) and totals (right) ────────────────────────────────────────────────────
  const totals: { label: string; value: string; strong?: boolean }[] = [];
  if (invoice.pricesIncludeTax) {
    totals.push({ label: "Subtotal (incl. VAT)", value: money(invoice.subtotalMinor) });
    if (invoice.discountMinor > 0n)
      totals.push({ label: "Discount", value: `-${money(invoice.discountMinor)}` });
    totals.push({ label: "Total", value: moneyWithCode(invoice.totalMinor), strong: true });
    if (invoice.taxMinor > 0n) totals.push({ label: "Includes VAT of", value: money(invoice.taxMinor) });
  } else {
    totals.push({ label: "Subtotal", value: money(invoice.subtotalMinor) });
    if (invoice.discountMinor > 0n)
      totals.push({ label: "Discount", value: `-${money(invoice.discountMinor)}` });
    if (hasTax) totals.push({ label: "VAT", value: money(invoice.taxMinor) });
    totals.push({ label: "Total", value: moneyWithCode(invoice.totalMinor), strong: true });
  }
  if (invoice.amountPaidMinor > 0n)
    totals.push({ label: "Paid", value: `-${money(invoice.amountPaidMinor)}` });
  if (invoice.creditedMinor > 0n)
    totals.push({ label: "Credit notes", value: `-${money(invoice.creditedMinor)}` });
  if (invoice.status !== "void" && (invoice.amountPaidMinor > 0n || invoice.creditedMinor > 0n)) {
    totals.push({ label: "Balance due", value: moneyWithCode(document.balanceDueMinor), strong: true });
  }
  const showTaxSummary = hasTax && document.taxSummary.length > 0;
  const blockHeight = Math.max(
    totals.length * 17 + 6,
    showTaxSummary ? document.taxSummary.length * 15 + 30 : 0,
  );
  if (y + blockHeight > bottom()) newPage();
  const blockTop = y;

  if (showTaxSummary) {
    const taxWidth = width * 0.46;
    const taxColumns = [taxWidth * 0.4, taxWidth * 0.32, taxWidth * 0.28];
    doc
      .font("Helvetica-Bold")
      .fontSize(8)
      .fillColor(MUTED)
      .text("TAX SUMMARY", left, y, { characterSpacing: 0.8 });
    y = doc.y + 4;
    const headers = ["Rate", "Taxable amount", "VAT"];
    let x = left;
    headers.forEach((header, index) => {
      doc
        .font("Helvetica-Bold")
        .fontSize(8)
        .fillColor(MUTED)
        .text(header, x, y, {
          width: taxColumns[index] ?? 0,
          align: index === 0 ? "left" : "right",
        });
      x += taxColumns[index] ?? 0;
    });
    y += 13;
    for (const row of document.taxSummary) {
      const values = [
        taxLabel(row.taxTreatment, row.taxRateBps),
        money(row.taxableMinor),
        money(row.taxMinor),
      ];
      x = left;
      values.forEach((value, index) => {
        doc
          .font("Helvetica")
          .fontSize(8.5)
          .fillColor(INK)
          .text(value, x, y, {
            width: taxColumns[index] ?? 0,
            align: index === 0 ? "left" : "right",
          });
        x += taxColumns[index] ?? 0;
      });
      y += 15;
    }
  }

  const totalsX = left + width * 0.55;
  const totalsWidth = right - totalsX;
  let ty = blockTop;
  for (const row of totals) {
    if (row.strong) {
      doc
        .moveTo(totalsX, ty - 2)
        .lineTo(right, ty - 2)
        .lineWidth(0.5)
        .strokeColor(RULE)
        .stroke();
    }
    doc
      .font(row.strong ? "Helvetica-Bold" : "Helvetica")
      .fontSize(row.strong ? 10.5 : 9)
      .fillColor(row.strong ? INK : MUTED)
      .text(row.label, totalsX, ty + 2, { width: totalsWidth * 0.5 });
    doc
      .fillColor(INK)
      .text(row.value, totalsX + totalsWidth * 0.4, ty + 2, { width: totalsWidth * 0.6, align: "right" });
    ty += 17;
  }
  y = Math.max(y, ty) + 18;

  // ── Payments received ────────────────────────────────────────────────────────────────────────
  const payments = document.payments.filter((payment) => payment.appliedMinor > 0n);
  if (payments.length > 0) {
    if (y + 30 + payments.length * 14 > bottom()) newPage();
    doc
      .font("Helvetica-Bold")
      .fontSize(8)
      .fillColor(MUTED)
      .text("PAYMENTS RECEIVED", left, y, { characterSpacing: 0.8 });
    y = doc.y + 4;
    for (const payment of payments) {
      const method =
        payment.source === "customer_credit"
          ? "Customer credit"
          : PAYMENT_METHOD_LABELS[payment.method as PaymentMethod];
      const when = new Intl.DateTimeFormat("en-KE", {
        dateStyle: "medium",
        timeZone: document.business.timezone,
      }).format(payment.paidAt);
      const description = [when, method, payment.reference].filter(Boolean).join(" · ");
      doc
        .font("Helvetica")
        .fontSize(8.5)
        .fillColor(INK)
        .text(text(description), left, y, { width: width * 0.7 });
      doc.text(money(payment.appliedMinor), left + width * 0.7, y, { width: width * 0.3, align: "right" });
      y += 14;
    }
    y += 10;
  }

  // ── How to pay ───────────────────────────────────────────────────────────────────────────────
  const { instructions } = document;
  const showInstructions =
    invoice.status !== "void" && document.balanceDueMinor > 0n && (instructions.mpesa || instructions.other);
  if (showInstructions) {
    const instructionLines: { text: string; bold?: boolean }[] = [];
    if (instructions.mpesa) {
      instructionLines.push({
        text: instructions.mpesa.kind === "paybill" ? "M-Pesa Paybill" : "M-Pesa Till (Buy Goods)",
        bold: true,
      });
      for (const step of instructions.mpesa.steps) instructionLines.push({ text: step });
    }
    if (instructions.other) {
      if (instructions.mpesa) instructionLines.push({ text: "" });
      for (const line of instructions.other.split(/\r?\n/)) instructionLines.push({ text: line });
    }
    doc.font("Helvetica").fontSize(9);
    const innerWidth = width - 24;
    const contentHeight = instructionLines.reduce(
      (sum, line) => sum + (line.text ? doc.heightOfString(text(line.text), { width: innerWidth }) + 2 : 6),
      0,
    );
    const boxTotal = contentHeight + 34;
    if (y + boxTotal > bottom()) newPage();
    doc.roundedRect(left, y, width, boxTotal, 6).lineWidth(1).strokeColor(ACCENT).stroke();
    doc
      .font("Helvetica-Bold")
      .fontSize(8)
      .fillColor(ACCENT)
      .text("HOW TO PAY", left + 12, y + 10, { characterSpacing: 0.8 });
    let iy = y + 24;
    for (const line of instructionLines) {
      if (!line.text) {
        iy += 6;
        continue;
      }
      doc
        .font(line.bold ? "Helvetica-Bold" : "Helvetica")
        .fontSize(9)
        .fillColor(INK)
        .text(text(line.text), left + 12, iy, { width: innerWidth });
      iy = doc.y + 2;
    }
    y += boxTotal + 16;
  }

  // ── Notes and terms (side by side when both are there) ───────────────────────────────────────
  const blocks = (
    [
      ["NOTES", invoice.notes],
      ["TERMS", invoice.terms],
    ] as const
  ).filter((block): block is readonly ["NOTES" | "TERMS", string] => Boolean(block[1]));
  if (blocks.length > 0) {
    const gap = 24;
    const blockWidth = blocks.length === 2 ? (width - gap) / 2 : width;
    doc.font("Helvetica").fontSize(9);
    const height =
      Math.max(...blocks.map(([, body]) => doc.heightOfString(text(body), { width: blockWidth }))) + 16;
    if (y + height > bottom()) newPage();
    blocks.forEach(([label, body], index) => {
      const x = left + index * (blockWidth + gap);
      doc.font("Helvetica-Bold").fontSize(8).fillColor(MUTED).text(label, x, y, { characterSpacing: 0.8 });
      doc
        .font("Helvetica")
        .fontSize(9)
        .fillColor(INK)
        .text(text(body), x, y + 13, { width: blockWidth });
    });
    y += height + 10;
  }

  if (invoice.status === "void" && invoice.voidReason) {
    if (y + 30 > bottom()) newPage();
    doc
      .font("Helvetica-Bold")
      .fontSize(9)
      .fillColor("#b91c1c")
      .text(text(`Void: ${invoice.voidReason}`), left, y, {
        width,
      });
  }

  // ── Stamp, footer and page numbers on every page ─────────────────────────────────────────────
  const stamp =
    invoice.status === "void"
      ? { label: "VOID", color: "#b91c1c" }
      : invoice.status === "paid"
        ? { label: "PAID", color: "#15803d" }
        : null;
  const range = doc.bufferedPageRange();
  for (let page = range.start; page < range.start + range.count; page += 1) {
    doc.switchToPage(page);
    if (stamp) {
      // A faint diagonal mark across the page, behind nothing that matters to read.
      const centerX = doc.page.width / 2;
      const centerY = doc.page.height / 2;
      doc.save();
      doc.rotate(-30, { origin: [centerX, centerY] });
      doc.opacity(0.09);
      doc
        .font("Helvetica-Bold")
        .fontSize(120)
        .fillColor(stamp.color)
        .text(stamp.label, centerX - 250, centerY - 60, { width: 500, align: "center", lineBreak: false });
      doc.restore();
      doc.opacity(1);
    }
    const footerY = doc.page.height - 34;
    doc
      .moveTo(left, footerY - 8)
      .lineTo(right, footerY - 8)
      .lineWidth(0.5)
      .strokeColor(RULE)
      .stroke();
    const footerLeft = [
      document.business.name,
      document.business.taxId ? `KRA PIN ${document.business.taxId}` : null,
      invoice.invoiceNumber,
    ]
      .filter(Boolean)
      .join("  |  ");
    // Writing below the bottom margin would add a page: lift the margin while drawing the footer.
    const margins = doc.page.margins;
    doc.page.margins = { ...margins, bottom: 0 };
    doc
      .font("Helvetica")
      .fontSize(7.5)
      .fillColor(MUTED)
      .text(text(footerLeft), left, footerY, {
        width: width * 0.75,
        lineBreak: false,
      });
    doc.text(`Page ${page - range.start + 1} of ${range.count}`, left + width * 0.75, footerY, {
      width: width * 0.25,
      align: "right",
      lineBreak: false,
    });
    doc.page.margins = margins;
  }

  doc.end();
  await finished;
  return { filename: invoicePdfFilename(document), content: Buffer.concat(chunks) };
}
