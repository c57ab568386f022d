import { taxLabel } from "@kavi/domain";
import { INK, MUTED, type PdfCanvas, RULE } from "./canvas";
import { linesShowTax } from "./lines-table";

type TotalsRow = { label: string; value: string; strong?: boolean };

/** The totals column, top to bottom, the way prices were entered (VAT included or added). */
function totalsRows(canvas: PdfCanvas, hasTax: boolean): TotalsRow[] {
  const { document, invoice, money, moneyWithCode, words } = canvas;
  const totals: TotalsRow[] = [];
  if (invoice.pricesIncludeTax) {
    totals.push({ label: words.subtotalInclVat, value: money(invoice.subtotalMinor) });
    if (invoice.discountMinor > 0n)
      totals.push({ label: words.discount, value: `-${money(invoice.discountMinor)}` });
    totals.push({ label: words.total, value: moneyWithCode(invoice.totalMinor), strong: true });
    if (invoice.taxMinor > 0n) totals.push({ label: words.includesVat, value: money(invoice.taxMinor) });
  } else {
    totals.push({ label: words.subtotal, value: money(invoice.subtotalMinor) });
    if (invoice.discountMinor > 0n)
      totals.push({ label: words.discount, value: `-${money(invoice.discountMinor)}` });
    if (hasTax) totals.push({ label: words.vatSummary.vat, value: money(invoice.taxMinor) });
    totals.push({ label: words.total, value: moneyWithCode(invoice.totalMinor), strong: true });
  }
  if (invoice.amountPaidMinor > 0n)
    totals.push({ label: words.paid, value: `-${money(invoice.amountPaidMinor)}` });
  if (invoice.creditedMinor > 0n)
    totals.push({ label: words.creditNotes, value: `-${money(invoice.creditedMinor)}` });
  if (invoice.status !== "void" && (invoice.amountPaidMinor > 0n || invoice.creditedMinor > 0n)) {
    totals.push({ label: words.balanceDue, value: moneyWithCode(document.balanceDueMinor), strong: true });
  }
  return totals;
}

/** The VAT per rate: rate, taxable amount, VAT. */
function drawTaxSummary(canvas: PdfCanvas): void {
  const { doc, document, left, width, money } = canvas;
  const taxWidth = width * 0.46;
  const taxColumns = [taxWidth * 0.4, taxWidth * 0.32, taxWidth * 0.28];
  doc
    .font("Helvetica-Bold")
    .fontSize(8)
    .fillColor(MUTED)
    .text(canvas.text(canvas.words.vatSummary.title), left, canvas.y, { characterSpacing: 0.8 });
  canvas.y = doc.y + 4;
  const headers = [
    canvas.words.vatSummary.rate,
    canvas.words.vatSummary.taxable,
    canvas.words.vatSummary.vat,
  ];
  let x = left;
  headers.forEach((header, index) => {
    doc
      .font("Helvetica-Bold")
      .fontSize(8)
      .fillColor(MUTED)
      .text(header, x, canvas.y, {
        width: taxColumns[index] ?? 0,
        align: index === 0 ? "left" : "right",
      });
    x += taxColumns[index] ?? 0;
  });
  canvas.y += 13;
  for (const row of document.taxSummary) {
    const values = [taxLabel(row.taxTreatment, row.taxRateBps), money(row.taxableMinor), money(row.taxMinor)];
    x = left;
    values.forEach((value, index) => {
      doc
        .font("Helvetica")
        .fontSize(8.5)
        .fillColor(INK)
        .text(value, x, canvas.y, {
          width: taxColumns[index] ?? 0,
          align: index === 0 ? "left" : "right",
        });
      x += taxColumns[index] ?? 0;
    });
    canvas.y += 15;
  }
}

/** The tax summary (left) beside the totals (right), kept together on one page. */
export function drawTotals(canvas: PdfCanvas): void {
  const { doc, document, left, right, width } = canvas;
  const hasTax = linesShowTax(canvas);
  const totals = totalsRows(canvas, hasTax);
  const showTaxSummary = hasTax && document.taxSummary.length > 0;
  const blockHeight = Math.max(
    totals.length * 17 + 6,
    showTaxSummary ? document.taxSummary.length * 15 + 30 : 0,
  );
  if (canvas.y + blockHeight > canvas.bottom()) canvas.newPage();
  const blockTop = canvas.y;

  if (showTaxSummary) drawTaxSummary(canvas);

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
  canvas.y = Math.max(canvas.y, ty) + 18;
}
