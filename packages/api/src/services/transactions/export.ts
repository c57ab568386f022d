import type { DbOrTx } from "@kavi/db";
import {
  categoryDisplayName,
  dateInZone,
  type Language,
  PAYMENT_METHOD_WORDS,
  type PaymentMethod,
  TRANSACTION_SOURCE_LABELS,
  TRANSACTION_STATUS_LABELS,
  TRANSACTION_TYPE_LABELS,
  type TransactionSource,
  type TransactionStatus,
  type TransactionType,
  toCsvLine,
  toMajorString,
  type ZListTransactionsSchema,
} from "@kavi/domain";
import type { z } from "zod";
import { type LedgerBusiness, listTransactions } from "./queries";

export const EXPORT_PAGE_SIZE = 5_000;

interface ExportWords {
  header: string[];
  type: Record<TransactionType, string>;
  status: Record<TransactionStatus, string>;
  method: Record<PaymentMethod, string>;
  source: Record<TransactionSource, string>;
}

/** The export's words in the reader's language; amounts, dates and rates are the same in both. */
const EXPORT_WORDS: Record<Language, ExportWords> = {
  en: {
    header: [
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
    ],
    type: TRANSACTION_TYPE_LABELS,
    status: TRANSACTION_STATUS_LABELS,
    method: PAYMENT_METHOD_WORDS.en,
    source: TRANSACTION_SOURCE_LABELS,
  },
  sw: {
    header: [
      "Tarehe",
      "Saa",
      "Aina",
      "Hali",
      "Maelezo",
      "Kundi",
      "Kiasi",
      "Sarafu",
      "Kiwango cha ubadilishaji",
      "Kiasi (sarafu ya msingi)",
      "Sarafu ya msingi",
      "Njia ya malipo",
      "Namba ya kumbukumbu",
      "Kitambulisho cha nje",
      "Mteja",
      "Msambazaji",
      "Ankara",
      "Chanzo",
      "Maelezo ya ziada",
    ],
    type: { income: "Pesa iliyoingia", expense: "Pesa iliyotoka", transfer: "Uhamisho" },
    status: { pending: "Inasubiri", completed: "Imekamilika", void: "Imebatilishwa" },
    method: PAYMENT_METHOD_WORDS.sw,
    source: {
      manual: "Imeandikwa kwa mkono",
      import: "Imeletwa kwa CSV",
      mpesa: "M-Pesa",
      invoice_payment: "Malipo ya ankara",
      payout: "Malipo ya M-Pesa kwa mtu",
    },
  },
};

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
  language: Language,
) {
  const words = EXPORT_WORDS[language];
  const page = await listTransactions(
    db,
    business,
    { ...input, limit: EXPORT_PAGE_SIZE },
    { checkReferences: !input.cursor },
  );
  const lines: string[] = input.cursor ? [] : [toCsvLine(words.header)];
  for (const row of page.items) {
    lines.push(
      toCsvLine([
        dateInZone(row.transactionDate, business.timezone),
        timeInZone(row.transactionDate, business.timezone),
        words.type[row.type],
        words.status[row.status],
        row.description,
        row.categoryName === null
          ? null
          : categoryDisplayName({ name: row.categoryName, systemKey: row.categorySystemKey }, language),
        toMajorString(row.type === "expense" ? -row.amountMinor : row.amountMinor, row.currency),
        row.currency,
        plainRate(row.exchangeRate),
        toMajorString(
          row.type === "expense" ? -row.baseAmountMinor : row.baseAmountMinor,
          business.baseCurrency,
        ),
        business.baseCurrency,
        words.method[row.paymentMethod],
        row.referenceNumber,
        row.externalId,
        row.customerName,
        row.supplierName,
        row.invoiceNumber,
        words.source[row.source],
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
