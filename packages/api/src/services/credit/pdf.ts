import { LANGUAGE_LOCALES, type Language } from "@kavi/domain";
import type { CreditScoreResult } from "@kavi/insights";
import { BAND_SW, FACTOR_SW } from "@kavi/insights/credit-words";
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
  /** The requesting owner's: every word on the report is in it (the figures and the code are the same). */
  language: Language;
}

interface CreditPdfWords {
  title: string;
  metaTitle: (business: string) => string;
  subject: (business: string, day: string) => string;
  issued: (day: string, model: string, code: string) => string;
  noBand: string;
  scale: string;
  lowers: string;
  points: (lost: number) => string;
  factors: string;
  columns: { factor: string; weight: string; value: string; points: string; range: string };
  notKnown: string;
  days: (value: number) => string;
  perMonth: (shillings: string) => string;
  trend: string;
  notAvailable: string;
  verifyTitle: (code: string) => string;
  verifyBody: (url: string, business: string, day: string, score: string) => string;
  notThis: string;
}

const CREDIT_PDF_WORDS: Record<Language, CreditPdfWords> = {
  en: {
    title: "KAVI credit report",
    metaTitle: (business) => `Credit report - ${business}`,
    subject: (business, day) => `KAVI credit score for ${business}, ${day}`,
    issued: (day, model, code) => `Issued ${day} · model ${model} · verification code ${code}`,
    noBand: "Not enough history",
    scale:
      "On a scale of 300 to 850 (Poor < 580, Fair < 670, Good < 740, Very good < 800, Excellent), computed from this business's own books in KAVI. It is not a Credit Reference Bureau score.",
    lowers: "What lowers the score most",
    points: (lost) => `(-${lost} points)`,
    factors: "Factors",
    columns: {
      factor: "FACTOR",
      weight: "WEIGHT",
      value: "VALUE",
      points: "POINTS",
      range: "HEALTHY RANGE / REASON",
    },
    notKnown: "Not known yet",
    days: (value) => `${value} days`,
    perMonth: (shillings) => `${shillings} / month`,
    trend: "12-month trend",
    notAvailable: "n/a",
    verifyTitle: (code) => `Verify this report: ${code}`,
    verifyBody: (url, business, day, score) =>
      `Open ${url} to confirm that KAVI issued a report with this code for ${business} on ${day} with a score of ${score}. The page shows nothing else.`,
    notThis:
      "What this is not: a Credit Reference Bureau (CRB) score or a lending decision. It reflects only what the business has recorded in KAVI; a lender should check the figures it relies on. Method: docs/credit-score.md in the KAVI repository.",
  },
  sw: {
    title: "Ripoti ya mkopo ya KAVI",
    metaTitle: (business) => `Ripoti ya mkopo - ${business}`,
    subject: (business, day) => `Alama ya mkopo ya KAVI ya ${business}, ${day}`,
    issued: (day, model, code) => `Imetolewa ${day} · modeli ${model} · msimbo wa uthibitisho ${code}`,
    noBand: "Historia haitoshi",
    scale:
      "Kwa kipimo cha 300 hadi 850 (Dhaifu < 580, Wastani < 670, Nzuri < 740, Nzuri sana < 800, Bora kabisa), imehesabiwa kutoka kwenye hesabu za biashara hii ndani ya KAVI. Si alama ya Credit Reference Bureau.",
    lowers: "Kinachopunguza alama zaidi",
    points: (lost) => `(alama -${lost})`,
    factors: "Vigezo",
    columns: {
      factor: "KIGEZO",
      weight: "UZITO",
      value: "THAMANI",
      points: "ALAMA",
      range: "KIWANGO KIZURI / SABABU",
    },
    notKnown: "Bado haijulikani",
    days: (value) => `siku ${value}`,
    perMonth: (shillings) => `${shillings} / mwezi`,
    trend: "Mwenendo wa miezi 12",
    notAvailable: "hakuna",
    verifyTitle: (code) => `Thibitisha ripoti hii: ${code}`,
    verifyBody: (url, business, day, score) =>
      `Fungua ${url} kuthibitisha kwamba KAVI ilitoa ripoti yenye msimbo huu kwa ${business} tarehe ${day} yenye alama ${score}. Ukurasa huo hauonyeshi kitu kingine.`,
    notThis:
      "Hii si: alama ya Credit Reference Bureau (CRB) wala uamuzi wa kukopesha. Inaonyesha tu kile biashara imerekodi ndani ya KAVI; mkopeshaji akague takwimu anazotegemea. Mbinu: docs/credit-score.md kwenye hazina ya KAVI.",
  },
};

function longDate(day: string, language: Language): string {
  return new Intl.DateTimeFormat(LANGUAGE_LOCALES[language], { dateStyle: "long", timeZone: "UTC" }).format(
    new Date(`${day}T00:00:00Z`),
  );
}

function monthShort(month: string, language: Language): string {
  return new Intl.DateTimeFormat(LANGUAGE_LOCALES[language], {
    month: "short",
    year: "2-digit",
    timeZone: "UTC",
  }).format(new Date(`${month}T00:00:00Z`));
}

function valueText(factor: CreditScoreResult["factors"][number], words: CreditPdfWords): string {
  if (factor.value === null) return words.notKnown;
  if (factor.unit === "%") return `${factor.value} %`;
  if (factor.unit === "days") return words.days(Math.round(factor.value));
  if (factor.unit === "KES/month")
    return words.perMonth(`KES ${Math.round(factor.value).toLocaleString("en-KE")}`);
  return String(factor.value);
}

/** The score's own words in the report's language (Kiswahili from insights' table; stored English otherwise). */
function scoreWords(language: Language) {
  const sw = language === "sw";
  const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
  return {
    band: (band: string) => (sw ? (BAND_SW[band] ?? band) : band),
    label: (key: string | undefined, label: string) => {
      const word = sw && key ? FACTOR_SW[key]?.label : undefined;
      return word ? capital(word) : label;
    },
    suggestion: (key: string | undefined, suggestion: string | null) =>
      (sw && key ? FACTOR_SW[key]?.suggestion : undefined) ?? suggestion ?? "",
    text: (english: string, kiswahili: string | undefined) => (sw && kiswahili ? kiswahili : english),
  };
}

/**
 * The credit report a business owner shares with a lender, drawn with the same pdfkit machinery as invoices:
 * the score and band, the factors with weight, value, healthy range and reason, the reasons lowering the
 * score, a 12-month trend and the verification code with the page that confirms it.
 */
export async function renderCreditReportPdf(document: CreditReportDocument): Promise<RenderedPdf> {
  const text = pdfSafeText;
  const words = CREDIT_PDF_WORDS[document.language];
  const say = scoreWords(document.language);
  const issuedOn = longDate(document.issuedOn, document.language);
  const doc = new PDFDocument({
    size: "A4",
    margin: MARGIN,
    bufferPages: true,
    info: {
      Title: text(words.metaTitle(document.businessName)),
      Author: "KAVI",
      Subject: text(words.subject(document.businessName, document.issuedOn)),
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

  doc.font("Helvetica-Bold").fontSize(20).fillColor(ACCENT).text(text(words.title), left, MARGIN);
  doc.font("Helvetica-Bold").fontSize(14).fillColor(INK).text(text(document.businessName));
  doc
    .font("Helvetica")
    .fontSize(9)
    .fillColor(MUTED)
    .text(text(words.issued(issuedOn, result.modelVersion, document.code)));
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
    .text(text(result.band ? say.band(result.band) : words.noBand), left + 130, boxTop + 16, {
      width: width - 150,
    });
  doc
    .font("Helvetica")
    .fontSize(9)
    .fillColor(MUTED)
    .text(text(words.scale), left + 130, boxTop + 36, { width: width - 150 });
  doc.y = boxTop + 90;

  if (result.reasons.length > 0) {
    doc.font("Helvetica-Bold").fontSize(11).fillColor(INK).text(text(words.lowers), left);
    doc.moveDown(0.3);
    for (const reason of result.reasons) {
      doc
        .font("Helvetica-Bold")
        .fontSize(9)
        .fillColor(INK)
        .text(
          text(
            `${reason.code} ${say.label(reason.key, reason.label)} ${words.points(Math.round(reason.pointsLost))}`,
          ),
          left,
          doc.y,
          { width },
        );
      doc
        .font("Helvetica")
        .fontSize(9)
        .fillColor(MUTED)
        .text(
          text(
            `${say.text(reason.reason, reason.reasonSw)} ${say.suggestion(reason.key, reason.suggestion)}`,
          ),
          { width },
        );
      doc.moveDown(0.3);
    }
    doc.moveDown(0.5);
  }

  doc.font("Helvetica-Bold").fontSize(11).fillColor(INK).text(text(words.factors), left);
  doc.moveDown(0.3);
  const columns = [left, left + 150, left + 195, left + 300, left + 345];
  const header = doc.y;
  doc.font("Helvetica-Bold").fontSize(8).fillColor(MUTED);
  doc.text(words.columns.factor, columns[0], header);
  doc.text(words.columns.weight, columns[1], header);
  doc.text(words.columns.value, columns[2], header);
  doc.text(words.columns.points, columns[3], header);
  doc.text(words.columns.range, columns[4], header);
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
    doc.text(text(`${factor.code} ${say.label(factor.key, factor.label)}`), columns[0], rowTop, {
      width: 145,
    });
    const afterLabel = doc.y;
    doc.font("Helvetica").fillColor(INK);
    doc.text(`${Math.round(factor.weight * 100)} %`, columns[1], rowTop);
    doc.text(text(valueText(factor, words)), columns[2], rowTop, { width: 100 });
    doc.text(`${Math.round(factor.points)} / ${Math.round(factor.maxPoints)}`, columns[3], rowTop);
    const healthy = say.text(factor.healthy, factor.sw?.healthy);
    const reason = say.text(factor.reason, factor.sw?.reason);
    doc.fillColor(MUTED).text(text(`${healthy}. ${reason}`), columns[4] as number, rowTop, {
      width: right - (columns[4] as number),
    });
    doc.y = Math.max(doc.y, afterLabel) + 4;
  }
  doc.moveDown(0.8);

  if (doc.y > doc.page.height - MARGIN - 170) doc.addPage();
  doc.font("Helvetica-Bold").fontSize(11).fillColor(INK).text(text(words.trend), left);
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
        .text(text(words.notAvailable), x, chartTop + chartHeight - 10, {
          width: barWidth,
          align: "center",
        });
    }
    doc
      .font("Helvetica")
      .fontSize(7)
      .fillColor(MUTED)
      .text(text(monthShort(month.month, document.language)), x, chartTop + chartHeight + 4, {
        width: barWidth,
        align: "center",
      });
  });
  doc.y = chartTop + chartHeight + 24;

  doc
    .font("Helvetica-Bold")
    .fontSize(10)
    .fillColor(INK)
    .text(text(words.verifyTitle(document.code)), left);
  doc
    .font("Helvetica")
    .fontSize(9)
    .fillColor(MUTED)
    .text(
      text(
        words.verifyBody(document.verifyUrl, document.businessName, issuedOn, String(result.score ?? "-")),
      ),
      { width },
    );
  doc.moveDown(0.6);
  doc.fontSize(8).text(text(words.notThis), { width });

  doc.end();
  await finished;
  return {
    filename: `kavi-credit-report-${document.issuedOn}.pdf`,
    content: Buffer.concat(chunks),
  };
}
