import { KRA_TAX_TYPES, type KraTaxType, toCsv, toMajorString } from "@kavi/domain";
import PDFDocument from "pdfkit";
import type { customerStatement } from "../customers";
import { pdfSafeText } from "../invoices/pdf";
import { ACCENT, INK, MUTED, PAGE_MARGIN, RULE } from "../invoices/pdf/canvas";
import {
  type agedReceivables,
  type cashSummary,
  categoryLineName,
  type profitAndLoss,
  type supplierSpend,
} from "./financial";
import type { VatReport } from "./vat";
import type { ReportWords } from "./words";

/**
 * Reports as tables: one model, written out as CSV (the shared writer, CRLF, plain decimals) or as a PDF.
 * A report is titled sections; each section a header row and rows of cells.
 */

type Cell = string | number | bigint | null;
export interface ReportSection {
  heading: string;
  header: string[];
  rows: Cell[][];
}
export interface ReportTable {
  title: string;
  subtitle: string;
  filename: string;
  sections: ReportSection[];
  /** The PDF's row for an empty section, in the reader's language ("None" unless given). */
  emptyText?: string;
}

/** iTax shows dates as DD/MM/YYYY. */
function itaxDate(date: string): string {
  return `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;
}

/** A section whose rows end in a total row (every summary table but the VAT return's). */
function withTotal(heading: string, header: string[], rows: Cell[][], total: Cell[]): ReportSection {
  return { heading, header, rows: [...rows, total] };
}

export function vatReportTable(
  report: VatReport,
  businessName: string,
  businessPin: string | null,
  words: ReportWords,
): ReportTable {
  const w = words.vat;
  const c = w.columns;
  const money = (minor: bigint) => toMajorString(minor, report.currency);
  const rated = (types: KraTaxType[]) => report.sales.filter((row) => types.includes(row.taxType));
  const saleRow = (row: VatReport["sales"][number]) => [
    row.buyerPin ?? "",
    row.buyerName,
    row.cuSerial ?? "",
    itaxDate(row.date),
    row.documentNumber,
    row.description,
    money(row.taxableMinor),
    money(row.vatMinor),
    row.relevantInvoiceNumber ?? "",
    row.relevantInvoiceDate ? itaxDate(row.relevantInvoiceDate) : "",
  ];
  const salesHeader = [
    c.buyerPin,
    c.buyerName,
    c.etrSerial,
    c.invoiceDate,
    c.invoiceNumber,
    c.description,
    c.taxable,
    c.vat,
    c.relevantNumber,
    c.relevantDate,
  ];
  const sales = (heading: string, types: KraTaxType[]): ReportSection => ({
    heading,
    header: salesHeader,
    rows: rated(types).map(saleRow),
  });
  const summary = (heading: string, byType: VatReport["salesByType"]): ReportSection => ({
    heading,
    header: [c.taxType, c.taxable, c.vat],
    rows: KRA_TAX_TYPES.map((type) => [
      w.taxTypes[type],
      money(byType[type].taxableMinor),
      money(byType[type].vatMinor),
    ]),
  });
  return {
    title: w.title(report.month),
    subtitle: `${businessName}${businessPin ? ` · ${w.pin(businessPin)}` : ""} · ${words.range(report.from, report.to)} · ${w.due(report.dueDate)} · ${report.currency}`,
    filename: `vat-${report.month}`,
    sections: [
      sales(w.sections.generalRated, ["B"]),
      sales(w.sections.otherRated, ["E", "D"]),
      sales(w.sections.zeroRated, ["C"]),
      {
        heading: w.sections.exempt,
        header: [...salesHeader.slice(0, 6), c.salesValue],
        rows: rated(["A"]).map((row) => saleRow(row).slice(0, 7)),
      },
      {
        heading: w.sections.purchases,
        header: [
          c.purchaseType,
          c.supplierPin,
          c.supplierName,
          c.invoiceDate,
          c.invoiceNumber,
          c.description,
          c.customsEntry,
          c.taxable,
          c.vat,
          c.relevantNumber,
          c.relevantDate,
        ],
        rows: report.purchases.map((row) => [
          w.local,
          row.supplierPin,
          row.supplierName,
          itaxDate(row.date),
          row.invoiceNumber ?? "",
          row.description,
          "",
          money(row.taxableMinor),
          money(row.vatMinor),
          "",
          "",
        ]),
      },
      {
        heading: w.sections.salesTotals,
        header: [c.buyer, c.taxable, c.vat],
        rows: [
          [
            w.registered,
            money(report.salesToRegisteredMinor.taxableMinor),
            money(report.salesToRegisteredMinor.vatMinor),
          ],
          [
            w.unregistered,
            money(report.salesToUnregisteredMinor.taxableMinor),
            money(report.salesToUnregisteredMinor.vatMinor),
          ],
        ],
      },
      summary(w.sections.salesSummary, report.salesByType),
      summary(w.sections.purchasesSummary, report.purchasesByType),
      {
        heading: w.sections.calculation,
        header: [c.item, c.amount],
        rows: [
          [w.outputVat, money(report.outputVatMinor)],
          [w.inputVat, money(report.inputVatMinor)],
          [w.payable, money(report.vatPayableMinor)],
          [w.carriedForward, money(report.creditCarriedForwardMinor)],
          [w.withoutPin, money(report.purchasesWithoutPin.vatMinor)],
        ],
      },
    ],
  };
}

export function profitAndLossTable(
  report: Awaited<ReturnType<typeof profitAndLoss>>,
  businessName: string,
  words: ReportWords,
): ReportTable {
  const w = words.profitAndLoss;
  const money = (minor: bigint | undefined) => toMajorString(minor ?? 0n, report.currency);
  const header = [w.category, ...report.months, words.total];
  /** A label, its amount in each month, then its total: every row of this report. */
  const monthly = (label: string, byMonth: Record<string, bigint>, totalMinor: bigint): Cell[] => [
    label,
    ...report.months.map((m) => money(byMonth[m])),
    money(totalMinor),
  ];
  const categories = (
    heading: string,
    lines: typeof report.income,
    total: { label: string; byMonth: Record<string, bigint>; minor: bigint },
  ): ReportSection =>
    withTotal(
      heading,
      header,
      lines.map((l) =>
        monthly(categoryLineName(l, words.language, w.uncategorised), l.byMonth, l.totalMinor),
      ),
      monthly(total.label, total.byMonth, total.minor),
    );
  return {
    title: w.title,
    subtitle: `${businessName} · ${words.range(report.from, report.to)} · ${report.currency}`,
    filename: `profit-and-loss-${report.from}-${report.to}`,
    sections: [
      categories(w.income, report.income, {
        label: w.totalIncome,
        byMonth: report.incomeByMonth,
        minor: report.incomeMinor,
      }),
      categories(w.expenses, report.expenses, {
        label: w.totalExpenses,
        byMonth: report.expenseByMonth,
        minor: report.expenseMinor,
      }),
      { heading: w.profit, header, rows: [monthly(w.profit, report.profitByMonth, report.profitMinor)] },
    ],
  };
}

export function cashSummaryTable(
  report: Awaited<ReturnType<typeof cashSummary>>,
  businessName: string,
  words: ReportWords,
): ReportTable {
  const w = words.cashSummary;
  const money = (minor: bigint) => toMajorString(minor, report.currency);
  return {
    title: w.title,
    subtitle: `${businessName} · ${words.range(report.from, report.to)} · ${report.currency}`,
    filename: `cash-summary-${report.from}-${report.to}`,
    sections: [
      withTotal(
        w.byMonth,
        [w.month, w.moneyIn, w.moneyOut, w.net, w.balanceAtEnd],
        [
          [w.balanceAtStart, "", "", "", money(report.startBalanceMinor)],
          ...report.buckets.map((b) => [
            b.bucket.slice(0, 7),
            money(b.inflowMinor),
            money(b.outflowMinor),
            money(b.netMinor),
            money(b.balanceMinor),
          ]),
        ],
        [
          words.total,
          money(report.totals.inflowMinor),
          money(report.totals.outflowMinor),
          money(report.totals.netMinor),
          money(report.endBalanceMinor),
        ],
      ),
    ],
  };
}

export function agedReceivablesTable(
  report: Awaited<ReturnType<typeof agedReceivables>>,
  businessName: string,
  words: ReportWords,
): ReportTable {
  const w = words.agedReceivables;
  const money = (minor: bigint) => toMajorString(minor, report.currency);
  const buckets = Object.keys(w.buckets) as (keyof typeof w.buckets)[];
  return {
    title: w.title,
    subtitle: `${businessName} · ${words.asOf(report.asOf)} · ${report.currency}`,
    filename: `aged-receivables-${report.asOf}`,
    sections: [
      withTotal(
        w.byCustomer,
        [w.customer, ...buckets.map((b) => w.buckets[b]), words.total],
        report.customers.map((c) => [
          c.customerName,
          ...buckets.map((b) => money(c.buckets[b])),
          money(c.totalMinor),
        ]),
        [words.total, ...buckets.map((b) => money(report.totals[b])), money(report.totalMinor)],
      ),
      {
        heading: w.openInvoices,
        header: [w.invoice, w.customer, w.issued, w.due, w.daysOverdue, w.age, w.balance],
        rows: report.invoices.map((i) => [
          i.invoiceNumber,
          i.customerName,
          i.issueDate,
          i.dueDate,
          i.daysOverdue,
          w.buckets[i.bucket],
          money(i.balanceMinor),
        ]),
      },
    ],
  };
}

export function supplierSpendTable(
  report: Awaited<ReturnType<typeof supplierSpend>>,
  businessName: string,
  words: ReportWords,
): ReportTable {
  const w = words.supplierSpend;
  const money = (minor: bigint) => toMajorString(minor, report.currency);
  return {
    title: w.title,
    subtitle: `${businessName} · ${words.range(report.from, report.to)} · ${report.currency}`,
    filename: `supplier-spend-${report.from}-${report.to}`,
    sections: [
      withTotal(
        w.bySupplier,
        [w.supplier, w.kraPin, w.payments, w.amount, w.vatIncluded],
        report.suppliers.map((s) => [
          s.supplierName ?? w.noSupplier,
          s.supplierPin ?? "",
          s.count,
          money(s.amountMinor),
          money(s.vatMinor),
        ]),
        [words.total, "", "", money(report.totalMinor), ""],
      ),
    ],
  };
}

/** One section per currency the customer has been invoiced in, each with its balance brought forward. */
export function customerStatementTable(
  report: Awaited<ReturnType<typeof customerStatement>>,
  businessName: string,
  words: ReportWords,
): ReportTable {
  const w = words.statement;
  const kinds = w.kinds;
  const currencies = [
    ...new Set([
      ...report.openingBalances.map((row) => row.currency),
      ...report.lines.map((row) => row.currency),
    ]),
  ];
  return {
    title: w.title(report.customer.name),
    subtitle: `${businessName} · ${words.range(report.from ?? words.start, report.to ?? words.today)}`,
    filename: `statement-${report.customer.accountNumber ?? report.customer.id.slice(0, 8)}-${report.to ?? "today"}`,
    sections: currencies.map((currency) => {
      const money = (minor: bigint) => toMajorString(minor, currency);
      const opening = report.openingBalances.find((row) => row.currency === currency)?.balanceMinor ?? 0n;
      const lines = report.lines.filter((line) => line.currency === currency);
      const balanceRow = (date: string | null, label: string, minor: bigint): Cell[] => [
        date ?? "",
        label,
        "",
        "",
        "",
        "",
        money(minor),
      ];
      return withTotal(
        w.activity(currency),
        [w.date, w.type, w.reference, w.description, w.debit, w.credit, w.balance],
        [
          balanceRow(report.from, w.broughtForward, opening),
          ...lines.map((l) => [
            l.date,
            kinds[l.kind],
            l.reference,
            l.description,
            l.debitMinor ? money(l.debitMinor) : "",
            l.creditMinor ? money(l.creditMinor) : "",
            money(l.balanceMinor),
          ]),
        ],
        balanceRow(report.to, w.balanceDue, lines.at(-1)?.balanceMinor ?? opening),
      );
    }),
  };
}

/** Sections one after another, each under its heading row, a blank line between. */
export function reportCsv(table: ReportTable): string {
  const rows: Cell[][] = [[table.title], [table.subtitle], []];
  table.sections.forEach((section, index) => {
    if (index > 0) rows.push([]);
    rows.push([section.heading], section.header, ...section.rows);
  });
  return toCsv(rows);
}

/** A plain A4 landscape PDF of the table: columns share the width, the first one twice as wide. */
export async function reportPdf(table: ReportTable, words: ReportWords): Promise<Buffer> {
  const doc = new PDFDocument({
    size: "A4",
    layout: "landscape",
    margin: PAGE_MARGIN,
    bufferPages: true,
    info: { Title: pdfSafeText(table.title), Creator: "KAVI" },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    doc.on("end", resolve);
    doc.on("error", reject);
  });
  const width = doc.page.width - PAGE_MARGIN * 2;
  const bottom = doc.page.height - PAGE_MARGIN;
  doc.font("Helvetica-Bold").fontSize(16).fillColor(INK).text(pdfSafeText(table.title));
  doc.font("Helvetica").fontSize(9).fillColor(MUTED).text(pdfSafeText(table.subtitle)).moveDown();
  for (const section of table.sections) {
    const columns = section.header.length;
    const unit = width / (columns + 1);
    const widths = section.header.map((_, i) => (i === 0 ? unit * 2 : unit));
    const drawRow = (cells: Cell[], bold: boolean) => {
      const texts = cells.map((cell) => pdfSafeText(cell === null ? "" : String(cell)));
      doc.font(bold ? "Helvetica-Bold" : "Helvetica").fontSize(7.5);
      const height = Math.max(
        ...texts.map((text, i) => doc.heightOfString(text, { width: (widths[i] ?? unit) - 4 })),
        9,
      );
      if (doc.y + height > bottom) doc.addPage();
      const y = doc.y;
      let x = PAGE_MARGIN;
      texts.forEach((text, i) => {
        const w = widths[i] ?? unit;
        doc.fillColor(INK).text(text, x, y, { width: w - 4, align: i === 0 ? "left" : "right" });
        x += w;
      });
      doc.y = y + height + 3;
      doc
        .moveTo(PAGE_MARGIN, doc.y - 1.5)
        .lineTo(PAGE_MARGIN + width, doc.y - 1.5)
        .strokeColor(RULE)
        .lineWidth(0.5)
        .stroke();
    };
    if (doc.y + 40 > bottom) doc.addPage();
    doc.x = PAGE_MARGIN;
    doc
      .font("Helvetica-Bold")
      .fontSize(10)
      .fillColor(ACCENT)
      .text(pdfSafeText(section.heading), PAGE_MARGIN, doc.y);
    doc.moveDown(0.3);
    drawRow(section.header, true);
    if (section.rows.length === 0) drawRow([table.emptyText ?? words.none], false);
    for (const row of section.rows) drawRow(row, false);
    doc.moveDown();
  }
  doc.end();
  await finished;
  return Buffer.concat(chunks);
}
