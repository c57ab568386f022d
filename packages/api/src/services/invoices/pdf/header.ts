import { ACCENT, INK, MUTED, type PdfCanvas, partyLines, RULE, SHADE } from "./canvas";

/** The business (left) and the invoice facts (right), then a rule across the page. */
export function drawHeader(canvas: PdfCanvas): void {
  const { doc, document, invoice, left, right, width, text, words } = canvas;
  const top = canvas.y;
  let businessTop = top;
  if (document.logo) {
    try {
      doc.image(Buffer.from(document.logo), left, top, { fit: [140, 56] });
      businessTop = top + 64;
    } catch {
      // An image pdfkit cannot read (it was checked as PNG/JPEG on upload) is left out rather than failing the invoice.
    }
  }
  doc
    .font("Helvetica-Bold")
    .fontSize(18)
    .fillColor(INK)
    .text(text(document.business.name), left, businessTop, {
      width: width * 0.55,
    });
  doc.font("Helvetica").fontSize(9).fillColor(MUTED);
  if (document.business.legalName && document.business.legalName !== document.business.name) {
    doc.text(text(document.business.legalName), { width: width * 0.55 });
  }
  for (const line of partyLines(document.business, false, words))
    doc.text(text(line), { width: width * 0.55 });
  if (document.business.taxId) {
    doc
      .font("Helvetica-Bold")
      .fillColor(INK)
      .text(text(words.kraPin(document.business.taxId)), { width: width * 0.55 });
  }
  const businessBottom = doc.y;

  const factsX = left + width * 0.58;
  const factsWidth = right - factsX;
  doc
    .font("Helvetica-Bold")
    .fontSize(22)
    .fillColor(ACCENT)
    .text(text(invoice.status === "draft" ? words.draftHeading : words.heading), factsX, top, {
      width: factsWidth,
      align: "right",
    });
  doc.moveDown(0.4);
  const facts: [string, string][] = [
    [words.invoiceNo, invoice.invoiceNumber ?? words.notIssued],
    [words.issueDate, canvas.date(invoice.issueDate)],
    [words.dueDate, canvas.date(invoice.dueDate)],
    [words.terms, words.paymentTerms(invoice.paymentTermsDays)],
  ];
  if (invoice.status !== "draft") facts.push([words.status, words.statuses[invoice.status]]);
  if (canvas.currency !== document.business.baseCurrency) facts.push([words.currency, canvas.currency]);
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

  canvas.y = Math.max(businessBottom, factsBottom) + 16;
  doc.moveTo(left, canvas.y).lineTo(right, canvas.y).lineWidth(1).strokeColor(RULE).stroke();
  canvas.y += 14;
}

/** Who it is billed to (left) and the shaded amount-due box (right). */
export function drawBillTo(canvas: PdfCanvas): void {
  const { doc, document, invoice, left, right, width, text, words } = canvas;
  const billTop = canvas.y;
  doc
    .font("Helvetica-Bold")
    .fontSize(8)
    .fillColor(MUTED)
    .text(text(words.billTo), left, billTop, { characterSpacing: 0.8 });
  doc
    .font("Helvetica-Bold")
    .fontSize(11)
    .fillColor(INK)
    .text(text(document.customer.name), left, doc.y + 3, {
      width: width * 0.55,
    });
  doc.font("Helvetica").fontSize(9).fillColor(MUTED);
  for (const line of partyLines(document.customer, true, canvas.words))
    doc.text(text(line), { width: width * 0.55 });
  if (document.customer.accountNumber) doc.text(text(words.accountNo(document.customer.accountNumber)));
  const billBottom = doc.y;

  const boxX = left + width * 0.58;
  const boxWidth = right - boxX;
  const boxHeight = 62;
  doc.roundedRect(boxX, billTop, boxWidth, boxHeight, 6).fill(SHADE);
  const paidInFull =
    invoice.status !== "void" && invoice.status !== "draft" && document.balanceDueMinor === 0n;
  const dueLabel = invoice.status === "void" ? words.void : paidInFull ? words.paidInFull : words.amountDue;
  const boxAmount = paidInFull ? invoice.amountPaidMinor : document.balanceDueMinor;
  doc
    .font("Helvetica-Bold")
    .fontSize(8)
    .fillColor(MUTED)
    .text(text(dueLabel.toUpperCase()), boxX + 12, billTop + 10, {
      width: boxWidth - 24,
      characterSpacing: 0.8,
    });
  doc
    .font("Helvetica-Bold")
    .fontSize(18)
    .fillColor(INK)
    .text(canvas.moneyWithCode(boxAmount), boxX + 12, billTop + 22, { width: boxWidth - 24 });
  const boxNote =
    invoice.status === "void"
      ? words.cancelled
      : paidInFull
        ? invoice.paidAt
          ? words.paidOn(canvas.day(invoice.paidAt))
          : words.thankYou
        : words.dueOn(canvas.date(invoice.dueDate));
  doc
    .font("Helvetica")
    .fontSize(8.5)
    .fillColor(MUTED)
    .text(text(boxNote), boxX + 12, billTop + 44, { width: boxWidth - 24 });
  canvas.y = Math.max(billBottom, billTop + boxHeight) + 20;
}
