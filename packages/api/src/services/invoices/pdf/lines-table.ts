import { formatBps, formatQuantity, kraTaxTypeOf } from "@kavi/domain";
import { INK, MUTED, type PdfCanvas, RULE, SHADE } from "./canvas";

type Column = { key: string; label: string; width: number; align: "left" | "right" };

/** Whether any line carries VAT wording (a rate, or zero-rated/exempt): the VAT column and totals follow it. */
export function linesShowTax(canvas: PdfCanvas): boolean {
  return canvas.document.lines.some((line) => line.taxRateBps > 0 || line.taxTreatment !== "standard");
}

function tableColumns(canvas: PdfCanvas, hasTax: boolean, cellPadding: number): Column[] {
  const hasDiscount = canvas.document.lines.some((line) => line.discountMinor > 0n);
  const labels = canvas.words.columns;
  const columns: Column[] = [
    { key: "index", label: "#", width: 18, align: "left" },
    { key: "description", label: labels.description, width: 0, align: "left" },
    { key: "quantity", label: labels.quantity, width: 36, align: "right" },
    { key: "price", label: labels.price, width: 66, align: "right" },
    ...(hasDiscount ? [{ key: "discount", label: labels.discount, width: 54, align: "right" as const }] : []),
    ...(hasTax ? [{ key: "tax", label: labels.tax, width: 54, align: "right" as const }] : []),
    { key: "amount", label: labels.amount, width: 78, align: "right" },
  ];
  const fixed = columns.reduce((sum, column) => sum + column.width, 0);
  const descriptionColumn = columns.find((column) => column.key === "description");
  // Cells start 4pt in from the shaded header's edge and end 4pt before the other.
  if (descriptionColumn)
    descriptionColumn.width = canvas.width - 8 - fixed - cellPadding * (columns.length - 1);
  return columns;
}

/** The lines table, its header repeated on every page it runs onto. */
export function drawLines(canvas: PdfCanvas): void {
  const { doc, document, invoice, left, right, width, money, text } = canvas;
  const hasTax = linesShowTax(canvas);
  const amountNote = hasTax
    ? canvas.words.amountsInWithVat(canvas.currency, invoice.pricesIncludeTax)
    : canvas.words.amountsIn(canvas.currency);
  const cellPadding = 8;
  const columns = tableColumns(canvas, hasTax, cellPadding);

  const drawTableHeader = () => {
    doc.rect(left, canvas.y, width, 20).fill(SHADE);
    let x = left + 4;
    doc.font("Helvetica-Bold").fontSize(8).fillColor(MUTED);
    for (const column of columns) {
      doc.text(column.label.toUpperCase(), x, canvas.y + 6.5, {
        width: column.width,
        align: column.align,
        characterSpacing: 0.4,
        lineBreak: false,
      });
      x += column.width + cellPadding;
    }
    canvas.y += 24;
  };

  doc
    .font("Helvetica")
    .fontSize(8)
    .fillColor(MUTED)
    .text(amountNote, left, canvas.y, { width, align: "right" });
  canvas.y = doc.y + 4;
  drawTableHeader();
  document.lines.forEach((line, index) => {
    const cells: Record<string, string> = {
      index: String(index + 1),
      description: text(line.description),
      quantity: formatQuantity(line.quantityMilli),
      price: money(line.unitPriceMinor),
      discount: line.discountMinor > 0n ? money(line.discountMinor) : "-",
      // Led by the eTIMS tax type (A exempt, B 16 %, C zero-rated, E 8 %), as KRA receipts print it.
      tax: `${kraTaxTypeOf(line.taxTreatment, line.taxRateBps)} ${
        line.taxTreatment === "exempt"
          ? canvas.words.exempt
          : line.taxTreatment === "zero_rated"
            ? "0%"
            : `${formatBps(line.taxRateBps)}%`
      }`,
      amount: money(invoice.pricesIncludeTax ? line.totalMinor : line.netMinor),
    };
    doc.font("Helvetica").fontSize(9);
    const rowHeight =
      Math.max(
        ...columns.map((column) => doc.heightOfString(cells[column.key] ?? "", { width: column.width })),
      ) + 10;
    if (canvas.y + rowHeight > canvas.bottom()) {
      canvas.newPage();
      drawTableHeader();
    }
    let x = left + 4;
    for (const column of columns) {
      doc
        .font("Helvetica")
        .fontSize(9)
        .fillColor(column.key === "index" ? MUTED : INK)
        .text(cells[column.key] ?? "", x, canvas.y + 4, { width: column.width, align: column.align });
      x += column.width + cellPadding;
    }
    canvas.y += rowHeight;
    doc.moveTo(left, canvas.y).lineTo(right, canvas.y).lineWidth(0.5).strokeColor(RULE).stroke();
  });
  canvas.y += 14;
}
