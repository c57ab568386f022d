import type { PaymentMethod } from "@kavi/domain";
import { ACCENT, INK, MUTED, type PdfCanvas } from "./canvas";

/** Payments applied to the invoice, one line each. */
export function drawPayments(canvas: PdfCanvas): void {
  const { doc, document, left, width, money, text } = canvas;
  const payments = document.payments.filter((payment) => payment.appliedMinor > 0n);
  if (payments.length === 0) return;
  if (canvas.y + 30 + payments.length * 14 > canvas.bottom()) canvas.newPage();
  doc
    .font("Helvetica-Bold")
    .fontSize(8)
    .fillColor(MUTED)
    .text(text(canvas.words.paymentsReceived), left, canvas.y, { characterSpacing: 0.8 });
  canvas.y = doc.y + 4;
  for (const payment of payments) {
    const method =
      payment.source === "customer_credit"
        ? canvas.words.customerCredit
        : canvas.words.methods[payment.method as PaymentMethod];
    const when = canvas.day(payment.paidAt);
    const description = [when, method, payment.reference].filter(Boolean).join(" · ");
    doc
      .font("Helvetica")
      .fontSize(8.5)
      .fillColor(INK)
      .text(text(description), left, canvas.y, { width: width * 0.7 });
    doc.text(money(payment.appliedMinor), left + width * 0.7, canvas.y, {
      width: width * 0.3,
      align: "right",
    });
    canvas.y += 14;
  }
  canvas.y += 10;
}

/** The boxed payment instructions (M-Pesa steps, then the business's own words), while money is owed. */
export function drawHowToPay(canvas: PdfCanvas): void {
  const { doc, document, invoice, left, width, text } = canvas;
  const { instructions } = document;
  const show =
    invoice.status !== "void" && document.balanceDueMinor > 0n && (instructions.mpesa || instructions.other);
  if (!show) return;
  const instructionLines: { text: string; bold?: boolean }[] = [];
  if (instructions.mpesa) {
    instructionLines.push({
      text: instructions.mpesa.kind === "paybill" ? canvas.words.paybill : canvas.words.till,
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
  if (canvas.y + boxTotal > canvas.bottom()) canvas.newPage();
  doc.roundedRect(left, canvas.y, width, boxTotal, 6).lineWidth(1).strokeColor(ACCENT).stroke();
  doc
    .font("Helvetica-Bold")
    .fontSize(8)
    .fillColor(ACCENT)
    .text(text(canvas.words.howToPay), left + 12, canvas.y + 10, { characterSpacing: 0.8 });
  let iy = canvas.y + 24;
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
  canvas.y += boxTotal + 16;
}

/** Notes and terms, side by side when both are there. */
export function drawNotesAndTerms(canvas: PdfCanvas): void {
  const { doc, invoice, left, width, text } = canvas;
  const blocks = (
    [
      [canvas.words.notes, invoice.notes],
      [canvas.words.termsHeading, invoice.terms],
    ] as const
  ).filter((block): block is readonly [string, string] => Boolean(block[1]));
  if (blocks.length === 0) return;
  const gap = 24;
  const blockWidth = blocks.length === 2 ? (width - gap) / 2 : width;
  doc.font("Helvetica").fontSize(9);
  const height =
    Math.max(...blocks.map(([, body]) => doc.heightOfString(text(body), { width: blockWidth }))) + 16;
  if (canvas.y + height > canvas.bottom()) canvas.newPage();
  blocks.forEach(([label, body], index) => {
    const x = left + index * (blockWidth + gap);
    doc
      .font("Helvetica-Bold")
      .fontSize(8)
      .fillColor(MUTED)
      .text(label, x, canvas.y, { characterSpacing: 0.8 });
    doc
      .font("Helvetica")
      .fontSize(9)
      .fillColor(INK)
      .text(text(body), x, canvas.y + 13, { width: blockWidth });
  });
  canvas.y += height + 10;
}

/** Why a void invoice was cancelled. */
export function drawVoidReason(canvas: PdfCanvas): void {
  const { doc, invoice, left, width, text } = canvas;
  if (invoice.status !== "void" || !invoice.voidReason) return;
  if (canvas.y + 30 > canvas.bottom()) canvas.newPage();
  doc
    .font("Helvetica-Bold")
    .fontSize(9)
    .fillColor("#b91c1c")
    .text(text(canvas.words.voidReason(invoice.voidReason)), left, canvas.y, {
      width,
    });
}

/** The eTIMS control unit's fields, once the invoice has been signed (nothing is printed before). */
export function drawEtims(canvas: PdfCanvas): void {
  const { doc, invoice, left, width, text } = canvas;
  if (!invoice.etimsCuSerial) return;
  const words = canvas.words.etims;
  const parts = [
    `${words.cuId}: ${invoice.etimsCuSerial}`,
    invoice.etimsCuInvoiceNumber ? `${words.cuInvoiceNo}: ${invoice.etimsCuInvoiceNumber}` : null,
    invoice.etimsSignedAt
      ? `${words.signedAt}: ${invoice.etimsSignedAt.toISOString().slice(0, 19).replace("T", " ")} UTC`
      : null,
    invoice.etimsInternalData ? invoice.etimsInternalData : null,
  ].filter((part): part is string => part !== null);
  if (canvas.y + 36 > canvas.bottom()) canvas.newPage();
  doc
    .font("Helvetica-Bold")
    .fontSize(8)
    .fillColor(MUTED)
    .text(words.heading, left, canvas.y, { characterSpacing: 0.8 });
  doc
    .font("Helvetica")
    .fontSize(8)
    .fillColor(MUTED)
    .text(text(parts.join("  ·  ")), left, doc.y + 2, { width });
  canvas.y = doc.y + 12;
}
