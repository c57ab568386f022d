import { MUTED, type PdfCanvas, RULE } from "./canvas";

/** On every page, once the content is laid out: the PAID/VOID stamp, the footer and "Page n of m". */
export function drawPageMarks(canvas: PdfCanvas): void {
  const { doc, document, invoice, left, right, width, text } = canvas;
  const stamp =
    invoice.status === "void"
      ? { label: canvas.words.stampVoid, color: "#b91c1c" }
      : invoice.status === "paid"
        ? { label: canvas.words.stampPaid, color: "#15803d" }
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
        .text(text(stamp.label), centerX - 250, centerY - 60, {
          width: 500,
          align: "center",
          lineBreak: false,
        });
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
      document.business.taxId ? canvas.words.kraPin(document.business.taxId) : null,
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
    doc.text(text(canvas.words.page(page - range.start + 1, range.count)), left + width * 0.75, footerY, {
      width: width * 0.25,
      align: "right",
      lineBreak: false,
    });
    doc.page.margins = margins;
  }
}
