import type { CreditScoreResult } from "@kavi/insights";
import PDFDocument from "pdfkit";
import { pdfSafeText, type RenderedPdf } from "../invoices/pdf";

const MARGIN = 48;
const ACCENT = "#0f766e";
const INK = "#0f172a";
const MUTED = "#64748b";
const RULE = "#e2e8f0";
const STATUS_COLORS = { healthy: "#047857", fair: "#b45309", weak: "#b91c1c", unknown: MUTED } as const;

export interface CreditReportDocument {
  businessName: string;
  currency: string;
  issuedOn: string;
  code: string;
  verifyUrl: string;
  result: CreditScoreResult;
  history: { month: string; score: number | null; band: string | null }[];
}

function longDate(day: string): string {
  return new Intl.DateTimeFormat("en-KE", { dateStyle: "long", timeZone: "UTC" }).format(
    new Date(`${day}T00:00:00Z`),
  );
}

function monthShort(month: string): string {
  return new Intl.DateTimeFormat("en-KE", { month: "short", year: "2-digit", timeZone: "UTC" }).format(
    new Date(`${month}T00:00:00Z`),
  );
}

function valueText(factor: CreditScoreResult["factors"][number]): string {
  if (factor.value === null) return "Not known yet";
  if (factor.unit === "%") return `${factor.value} %`;
  if (factor.unit === "days") return `${Math.round(factor.value)} days`;
  if (factor.unit === "KES/month") return `KES ${Math.round(factor.value).toLocaleString("en-KE")} / month`;
  return String(factor.value);
}

/**
 * The credit report a business owner shares with a lender, drawn with the same pdfkit machinery as invoices:
 * the score and band, the factors with weight, value, healthy range and reason, the reasons lowering the
 * score, a 12-month trend and the verification code with the page that confirms it.
 */
export async function renderCreditReportPdf(document: CreditReportDocument): Promise<RenderedPdf> {
  const text = pdfSafeText;
  const doc = new PDFDocument({
    size: "A4",
    margin: MARGIN,
    bufferPages: true,
    info: {
      Title: text(`Credit report - ${document.businessName}`),
      Author: "KAVI",
      Subject: text(`KAVI credit score for ${document.businessName}, ${document.issuedOn}`),
      Creator: "KAVI",
    },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    doc.on("end", resolve);
    doc.on("error", reject);
  });
  const left = MARGIN;
  const right = doc.page.width - MARGIN;
  const width = right - left;
  const { result } = document;

  doc.font("Helvetica-Bold").fontSize(20).fillColor(ACCENT).text("KAVI credit report", left, MARGIN);
  doc.font("Helvetica-Bold").fontSize(14).fillColor(INK).text(text(document.businessName));
  doc
    .font("Helvetica")
    .fontSize(9)
    .fillColor(MUTED)
    .text(
      text(
        `Issued ${longDate(document.issuedOn)} · model ${result.modelVersion} · verification code ${document.code}`,
      ),
    );
  doc.moveDown(1);

  const boxTop = doc.y;
  doc.roundedRect(left, boxTop, width, 74, 6).fillAndStroke("#f0fdfa", "#99f6e4");
  doc
    .font("Helvetica-Bold")
    .fontSize(34)
    .fillColor(ACCENT)
    .text(String(result.score ?? "-"), left + 18, boxTop + 14, { width: 110 });
  doc
    .font("Helvetica-Bold")
    .fontSize(14)
    .fillColor(INK)
    .text(text(result.band ?? "Not enough history"), left + 130, boxTop + 16, { width: width - 150 });
  doc
    .font("Helvetica")
    .fontSize(9)
    .fillColor(MUTED)
    .text(
      "On a scale of 300 to 850 (Poor < 580, Fair < 670, Good < 740, Very good < 800, Excellent), computed from this business's own books in KAVI. It is not a Credit Reference Bureau score.",
      left + 130,
      boxTop + 36,
      { width: width - 150 },
    );
  doc.y = boxTop + 90;

  if (result.reasons.length > 0) {
    doc.font("Helvetica-Bold").fontSize(11).fillColor(INK).text("What lowers the score most", left);
    doc.moveDown(0.3);
    for (const reason of result.reasons) {
      doc
        .font("Helvetica-Bold")
        .fontSize(9)
        .fillColor(INK)
        .text(
          text(`${reason.code} ${reason.label} (-${Math.round(reason.pointsLost)} points)`),
          left,
          doc.y,
          { width },
        );
      doc
        .font("Helvetica")
        .fontSize(9)
        .fillColor(MUTED)
        .text(text(`${reason.reason} ${reason.suggestion ?? ""}`), { width });
      doc.moveDown(0.3);
    }
    doc.moveDown(0.5);
  }

  doc.font("Helvetica-Bold").fontSize(11).fillColor(INK).text("Factors", left);
  doc.moveDown(0.3);
  const columns = [left, left + 150, left + 195, left + 300, left + 345];
  const header = doc.y;
  doc.font("Helvetica-Bold").fontSize(8).fillColor(MUTED);
  doc.text("FACTOR", columns[0], header);
  doc.text("WEIGHT", columns[1], header);
  doc.text("VALUE", columns[2], header);
  doc.text("POINTS", columns[3], header);
  doc.text("HEALTHY RANGE / REASON", columns[4], header);
  doc
    .moveTo(left, doc.y + 2)
    .lineTo(right, doc.y + 2)
    .strokeColor(RULE)
    .stroke();
  doc.moveDown(0.5);
  for (const factor of result.factors) {
    if (doc.y > doc.page.height - MARGIN - 80) doc.addPage();
    const rowTop = doc.y;
    doc.font("Helvetica-Bold").fontSize(8.5).fillColor(STATUS_COLORS[factor.status]);
    doc.text(text(`${factor.code} ${factor.label}`), columns[0], rowTop, { width: 145 });
    const afterLabel = doc.y;
    doc.font("Helvetica").fillColor(INK);
    doc.text(`${Math.round(factor.weight * 100)} %`, columns[1], rowTop);
    doc.text(text(valueText(factor)), columns[2], rowTop, { width: 100 });
    doc.text(`${Math.round(factor.points)} / ${Math.round(factor.maxPoints)}`, columns[3], rowTop);
    doc.fillColor(MUTED).text(text(`${factor.healthy}. ${factor.reason}`), columns[4] as number, rowTop, {
      width: right - (columns[4] as number),
    });
    doc.y = Math.max(doc.y, afterLabel) + 4;
  }
  doc.moveDown(0.8);

  if (doc.y > doc.page.height - MARGIN - 170) doc.addPage();
  doc.font("Helvetica-Bold").fontSize(11).fillColor(INK).text("12-month trend", left);
  doc.moveDown(0.4);
  const chartTop = doc.y;
  const chartHeight = 90;
  const months = document.history.slice(-12);
  const barWidth = width / Math.max(months.length, 1);
  doc
    .moveTo(left, chartTop + chartHeight)
    .lineTo(right, chartTop + chartHeight)
    .strokeColor(RULE)
    .stroke();
  months.forEach((month, index) => {
    const x = left + index * barWidth;
    if (month.score !== null) {
      const height = ((month.score - 300) / 550) * chartHeight;
      doc.rect(x + 4, chartTop + chartHeight - height, barWidth - 8, height).fill(ACCENT);
      doc
        .font("Helvetica")
        .fontSize(7)
        .fillColor(INK)
        .text(String(month.score), x, chartTop + chartHeight - height - 10, {
          width: barWidth,
          align: "center",
        });
    } else {
      doc
        .font("Helvetica")
        .fontSize(7)
        .fillColor(MUTED)
        .text("n/a", x, chartTop + chartHeight - 10, {
          width: barWidth,
          align: "center",
        });
    }
    doc
      .font("Helvetica")
      .fontSize(7)
      .fillColor(MUTED)
      .text(monthShort(month.month), x, chartTop + chartHeight + 4, {
        width: barWidth,
        align: "center",
      });
  });
  doc.y = chartTop + chartHeight + 24;

  doc
    .font("Helvetica-Bold")
    .fontSize(10)
    .fillColor(INK)
    .text(text(`Verify this report: ${document.code}`), left);
  doc
    .font("Helvetica")
    .fontSize(9)
    .fillColor(MUTED)
    .text(
      text(
        `Open ${document.verifyUrl} to confirm that KAVI issued a report with this code for ${document.businessName} on ${longDate(document.issuedOn)} with a score of ${result.score ?? "-"}. The page shows nothing else.`,
      ),
      { width },
    );
  doc.moveDown(0.6);
  doc
    .fontSize(8)
    .text(
      "What this is not: a Credit Reference Bureau (CRB) score or a lending decision. It reflects only what the business has recorded in KAVI; a lender should check the figures it relies on. Method: docs/credit-score.md in the KAVI repository.",
      { width },
    );

  doc.end();
  await finished;
  return {
    filename: `kavi-credit-report-${document.issuedOn}.pdf`,
    content: Buffer.concat(chunks),
  };
}
