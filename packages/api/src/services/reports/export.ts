import { KRA_TAX_TYPE_LABELS, KRA_TAX_TYPES, type KraTaxType, toCsv, toMajorString } from "@kavi/domain";
import PDFDocument from "pdfkit";
import type { customerStatement } from "../customers";
import { pdfSafeText } from "../invoices/pdf";
import { ACCENT, INK, MUTED, PAGE_MARGIN, RULE } from "../invoices/pdf/canvas";
import type { agedReceivables, cashSummary, profitAndLoss, supplierSpend } from "./financial";
import type { VatReport } from "./vat";

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

export function vatReportTable(
  report: VatReport,
  businessName: string,
  businessPin: string | null,
): ReportTable {
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
    "PIN of Purchaser",
    "Name of Purchaser",
    "ETR Serial Number",
    "Invoice Date",
    "Invoice Number",
    "Description of Goods / Services",
    "Taxable Value (Ksh)",
    "Amount of VAT (Ksh)",
    "Relevant Invoice Number",
    "Relevant Invoice Date",
  ];
  const summary = (byType: VatReport["salesByType"]) =>
    KRA_TAX_TYPES.map((type) => [
      KRA_TAX_TYPE_LABELS[type],
      money(byType[type].taxableMinor),
      money(byType[type].vatMinor),
    ]);
  return {
    title: `VAT report ${report.month}`,
    subtitle: `${businessName}${businessPin ? ` · PIN ${businessPin}` : ""} · ${report.from} to ${report.to} · VAT3 due ${report.dueDate} · ${report.currency}`,
    filename: `vat-${report.month}`,
    sections: [
      { heading: "B. General Rated Sales (16%)", header: salesHeader, rows: rated(["B"]).map(saleRow) },
      { heading: "B. Other Rated Sales (8%)", header: salesHeader, rows: rated(["E", "D"]).map(saleRow) },
      { heading: "C. Zero Rated Sales", header: salesHeader, rows: rated(["C"]).map(saleRow) },
      {
        heading: "E. Exempted Sales",
        header: [
          "PIN of Purchaser",
          "Name of Purchaser",
          "ETR Serial Number",
          "Invoice Date",
          "Invoice Number",
          "Description of Goods / Services",
          "Sales Value (Ksh)",
        ],
        rows: rated(["A"]).map((row) => saleRow(row).slice(0, 7)),
      },
      {
        heading: "F. Purchases",
        header: [
          "Type of Purchases",
          "PIN of Supplier",
          "Name of Supplier",
          "Invoice Date",
          "Invoice Number",
          "Description of Goods / Services",
          "Custom Entry Number",
          "Taxable Value (Ksh)",
          "Amount of VAT (Ksh)",
          "Relevant Invoice Number",
          "Relevant Invoice Date",
        ],
        rows: report.purchases.map((row) => [
          "Local",
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
        heading: "B2. Sales totals",
        header: ["Buyer", "Taxable Value (Ksh)", "Amount of VAT (Ksh)"],
        rows: [
          [
            "Registered customers",
            money(report.salesToRegisteredMinor.taxableMinor),
            money(report.salesToRegisteredMinor.vatMinor),
          ],
          [
            "Non-registered customers",
            money(report.salesToUnregisteredMinor.taxableMinor),
            money(report.salesToUnregisteredMinor.vatMinor),
          ],
        ],
      },
      {
        heading: "M. Sales summary",
        header: ["Tax type", "Taxable Value (Ksh)", "Amount of VAT (Ksh)"],
        rows: summary(report.salesByType),
      },
      {
        heading: "N. Purchases summary",
        header: ["Tax type", "Taxable Value (Ksh)", "Amount of VAT (Ksh)"],
        rows: summary(report.purchasesByType),
      },
      {
        heading: "O. Tax calculation",
        header: ["Item", "Amount (Ksh)"],
        rows: [
          ["Output VAT", money(report.outputVatMinor)],
          ["Input VAT", money(report.inputVatMinor)],
          ["VAT payable", money(report.vatPayableMinor)],
          ["Credit carried forward", money(report.creditCarriedForwardMinor)],
          [
            "VAT on purchases without a supplier PIN (not claimed)",
            money(report.purchasesWithoutPin.vatMinor),
          ],
        ],
      },
    ],
  };
}

const BUCKET_LABELS = {
  current: "Current",
  "1_30": "1-30 days",
  "31_60": "31-60 days",
  "61_90": "61-90 days",
  over_90: "90+ days",
};

export function profitAndLossTable(
  report: Awaited<ReturnType<typeof profitAndLoss>>,
  businessName: string,
): ReportTable {
  const money = (minor: bigint | undefined) => toMajorString(minor ?? 0n, report.currency);
  const header = ["Category", ...report.months, "Total"];
  const line = (l: (typeof report.income)[number]) => [
    l.name ?? "Uncategorised",
    ...report.months.map((m) => money(l.byMonth[m])),
    money(l.totalMinor),
  ];
  return {
    title: "Profit and loss",
    subtitle: `${businessName} · ${report.from} to ${report.to} · ${report.currency}`,
    filename: `profit-and-loss-${report.from}-${report.to}`,
    sections: [
      {
        heading: "Income",
        header,
        rows: [
          ...report.income.map(line),
          [
            "Total income",
            ...report.months.map((m) => money(report.incomeByMonth[m])),
            money(report.incomeMinor),
          ],
        ],
      },
      {
        heading: "Expenses",
        header,
        rows: [
          ...report.expenses.map(line),
          [
            "Total expenses",
            ...report.months.map((m) => money(report.expenseByMonth[m])),
            money(report.expenseMinor),
          ],
        ],
      },
      {
        heading: "Profit",
        header,
        rows: [
          ["Profit", ...report.months.map((m) => money(report.profitByMonth[m])), money(report.profitMinor)],
        ],
      },
    ],
  };
}

export function cashSummaryTable(
  report: Awaited<ReturnType<typeof cashSummary>>,
  businessName: string,
): ReportTable {
  const money = (minor: bigint) => toMajorString(minor, report.currency);
  return {
    title: "Cash summary",
    subtitle: `${businessName} · ${report.from} to ${report.to} · ${report.currency}`,
    filename: `cash-summary-${report.from}-${report.to}`,
    sections: [
      {
        heading: "By month",
        header: ["Month", "Money in", "Money out", "Net", "Balance at the end"],
        rows: [
          ["Balance at the start", "", "", "", money(report.startBalanceMinor)],
          ...report.buckets.map((b) => [
            b.bucket.slice(0, 7),
            money(b.inflowMinor),
            money(b.outflowMinor),
            money(b.netMinor),
            money(b.balanceMinor),
          ]),
          [
            "Total",
            money(report.totals.inflowMinor),
            money(report.totals.outflowMinor),
            money(report.totals.netMinor),
            money(report.endBalanceMinor),
          ],
        ],
      },
    ],
  };
}

export function agedReceivablesTable(
  report: Awaited<ReturnType<typeof agedReceivables>>,
  businessName: string,
): ReportTable {
  const money = (minor: bigint) => toMajorString(minor, report.currency);
  const buckets = Object.keys(BUCKET_LABELS) as (keyof typeof BUCKET_LABELS)[];
  return {
    title: "Aged receivables",
    subtitle: `${businessName} · as of ${report.asOf} · ${report.currency}`,
    filename: `aged-receivables-${report.asOf}`,
    sections: [
      {
        heading: "By customer",
        header: ["Customer", ...buckets.map((b) => BUCKET_LABELS[b]), "Total"],
        rows: [
          ...report.customers.map((c) => [
            c.customerName,
            ...buckets.map((b) => money(c.buckets[b])),
            money(c.totalMinor),
          ]),
          ["Total", ...buckets.map((b) => money(report.totals[b])), money(report.totalMinor)],
        ],
      },
      {
        heading: "Open invoices",
        header: ["Invoice", "Customer", "Issued", "Due", "Days overdue", "Age", "Balance"],
        rows: report.invoices.map((i) => [
          i.invoiceNumber,
          i.customerName,
          i.issueDate,
          i.dueDate,
          i.daysOverdue,
          BUCKET_LABELS[i.bucket],
          money(i.balanceMinor),
        ]),
      },
    ],
  };
}

export function supplierSpendTable(
  report: Awaited<ReturnType<typeof supplierSpend>>,
  businessName: string,
): ReportTable {
  const money = (minor: bigint) => toMajorString(minor, report.currency);
  return {
    title: "Supplier spend",
    subtitle: `${businessName} · ${report.from} to ${report.to} · ${report.currency}`,
    filename: `supplier-spend-${report.from}-${report.to}`,
    sections: [
      {
        heading: "By supplier",
        header: ["Supplier", "KRA PIN", "Payments", "Amount", "VAT included"],
        rows: [
          ...report.suppliers.map((s) => [
            s.supplierName ?? "No supplier",
            s.supplierPin ?? "",
            s.count,
            money(s.amountMinor),
            money(s.vatMinor),
          ]),
          ["Total", "", "", money(report.totalMinor), ""],
        ],
      },
    ],
  };
}

/** One section per currency the customer has been invoiced in, each with its balance brought forward. */
export function customerStatementTable(
  report: Awaited<ReturnType<typeof customerStatement>>,
  businessName: string,
): ReportTable {
  const kinds = { invoice: "Invoice", payment: "Payment", credit_note: "Credit note" };
  const currencies = [
    ...new Set([
      ...report.openingBalances.map((row) => row.currency),
      ...report.lines.map((row) => row.currency),
    ]),
  ];
  return {
    title: `Statement: ${report.customer.name}`,
    subtitle: `${businessName} · ${report.from ?? "start"} to ${report.to ?? "today"}`,
    filename: `statement-${report.customer.accountNumber ?? report.customer.id.slice(0, 8)}-${report.to ?? "today"}`,
    sections: currencies.map((currency) => {
      const money = (minor: bigint) => toMajorString(minor, currency);
      const opening = report.openingBalances.find((row) => row.currency === currency)?.balanceMinor ?? 0n;
      const lines = report.lines.filter((line) => line.currency === currency);
      return {
        heading: `Account activity (${currency})`,
        header: ["Date", "Type", "Reference", "Description", "Debit", "Credit", "Balance"],
        rows: [
          [report.from ?? "", "Balance brought forward", "", "", "", "", money(opening)],
          ...lines.map((l) => [
            l.date,
            kinds[l.kind],
            l.reference,
            l.description,
            l.debitMinor ? money(l.debitMinor) : "",
            l.creditMinor ? money(l.creditMinor) : "",
            money(l.balanceMinor),
          ]),
          [report.to ?? "", "Balance due", "", "", "", "", money(lines.at(-1)?.balanceMinor ?? opening)],
        ],
      };
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
export async function reportPdf(table: ReportTable): Promise<Buffer> {
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
    if (section.rows.length === 0) drawRow([table.emptyText ?? "None"], false);
    for (const row of section.rows) drawRow(row, false);
    doc.moveDown();
  }
  doc.end();
  await finished;
  return Buffer.concat(chunks);
}
