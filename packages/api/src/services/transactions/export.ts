import type { DbOrTx } from "@kavi/db";
import {
  dateInZone,
  PAYMENT_METHOD_LABELS,
  TRANSACTION_STATUS_LABELS,
  TRANSACTION_TYPE_LABELS,
  toCsvLine,
  toMajorString,
  type ZListTransactionsSchema,
} from "@kavi/domain";
import type { z } from "zod";
import { type LedgerBusiness, listTransactions } from "./queries";

export const EXPORT_PAGE_SIZE = 5_000;

const HEADER = [
  "Date",
  "Time",
  "Type",
  "Status",
  "Description",
  "Category",
  "Amount",
  "Currency",
  "Exchange rate",
  "Amount (base)",
  "Base currency",
  "Method",
  "Reference",
  "External id",
  "Customer",
  "Supplier",
  "Invoice",
  "Source",
  "Notes",
];

/** "129.3500000000" → "129.35". */
export function plainRate(rate: string): string {
  return rate.includes(".") ? rate.replace(/0+$/, "").replace(/\.$/, "") : rate;
}

function timeInZone(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(instant);
}

/**
 * One page of a filtered list as CSV (the header on the first page only). The client asks page after page
 * with the cursor and joins them, so any list — however long — exports without one huge response. Amounts
 * are plain decimal strings (never floats, never grouped); dates are the business's local dates.
 */
export async function exportTransactionsCsv(
  db: DbOrTx,
  business: LedgerBusiness,
  input: Omit<z.output<typeof ZListTransactionsSchema>, "limit">,
  now: Date,
) {
  const page = await listTransactions(
    db,
    business,
    { ...input, limit: EXPORT_PAGE_SIZE },
    { checkReferences: !input.cursor },
  );
  const lines: string[] = input.cursor ? [] : [toCsvLine(HEADER)];
  for (const row of page.items) {
    lines.push(
      toCsvLine([
        dateInZone(row.transactionDate, business.timezone),
        timeInZone(row.transactionDate, business.timezone),
        TRANSACTION_TYPE_LABELS[row.type],
        TRANSACTION_STATUS_LABELS[row.status],
        row.description,
        row.categoryName,
        toMajorString(row.type === "expense" ? -row.amountMinor : row.amountMinor, row.currency),
        row.currency,
        plainRate(row.exchangeRate),
        toMajorString(
          row.type === "expense" ? -row.baseAmountMinor : row.baseAmountMinor,
          business.baseCurrency,
        ),
        business.baseCurrency,
        PAYMENT_METHOD_LABELS[row.paymentMethod],
        row.referenceNumber,
        row.externalId,
        row.customerName,
        row.supplierName,
        row.invoiceNumber,
        row.source,
        row.notes,
      ]),
    );
  }
  const csv = lines.length > 0 ? `${lines.join("\r\n")}\r\n` : "";
  return {
    csv,
    rowCount: page.items.length,
    nextCursor: page.nextCursor,
    fileName: `transactions-${dateInZone(now, business.timezone)}.csv`,
  };
}
