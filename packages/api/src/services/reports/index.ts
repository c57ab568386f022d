import { businesses, type DbOrTx } from "@kavi/db";
import { dateInZone, type Language, type TReportExport } from "@kavi/domain";
import { eq } from "drizzle-orm";
import { customerStatement } from "../customers";
import { type BusinessScope, businessDisplayName } from "../invoices/context";
import {
  agedReceivablesTable,
  cashSummaryTable,
  customerStatementTable,
  profitAndLossTable,
  type ReportTable,
  reportCsv,
  reportPdf,
  supplierSpendTable,
  vatReportTable,
} from "./export";
import { agedReceivables, cashSummary, profitAndLoss, supplierSpend } from "./financial";
import { vatReport } from "./vat";
import { REPORT_WORDS, type ReportWords } from "./words";

export * from "./financial";
export * from "./vat";

async function reportTable(
  db: DbOrTx,
  business: BusinessScope,
  input: TReportExport,
  now: Date,
  words: ReportWords,
): Promise<ReportTable> {
  const name = businessDisplayName(business);
  switch (input.report) {
    case "vat": {
      const [row] = await db
        .select({ taxId: businesses.taxId })
        .from(businesses)
        .where(eq(businesses.id, business.id));
      return vatReportTable(await vatReport(db, business, input), name, row?.taxId ?? null, words);
    }
    case "profit_and_loss":
      return profitAndLossTable(await profitAndLoss(db, business, input), name, words);
    case "cash_summary":
      return cashSummaryTable(await cashSummary(db, business, input, now), name, words);
    case "supplier_spend":
      return supplierSpendTable(await supplierSpend(db, business, input), name, words);
    case "aged_receivables":
      return agedReceivablesTable(
        await agedReceivables(db, business, input.asOf ?? dateInZone(now, business.timezone)),
        name,
        words,
      );
    case "customer_statement":
      return customerStatementTable(await customerStatement(db, business, input, now), name, words);
  }
}

/**
 * A report as a file for download: CSV text or a PDF, base64 either way (the SPA turns it into a download),
 * its headings in `language` (the reader's). The VAT CSV keeps iTax's English layout in any language.
 */
export async function exportReport(
  db: DbOrTx,
  business: BusinessScope,
  input: TReportExport,
  now: Date,
  language: Language,
) {
  const itaxLayout = input.report === "vat" && input.format === "csv";
  const words = REPORT_WORDS[itaxLayout ? "en" : language];
  const table = await reportTable(db, business, input, now, words);
  if (input.format === "csv") {
    return {
      filename: `${table.filename}.csv`,
      contentType: "text/csv",
      contentBase64: Buffer.from(reportCsv(table), "utf8").toString("base64"),
    };
  }
  return {
    filename: `${table.filename}.pdf`,
    contentType: "application/pdf",
    contentBase64: (await reportPdf(table, words)).toString("base64"),
  };
}
