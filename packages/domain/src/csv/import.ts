import { z } from "zod";
import type { SystemCategoryKey } from "../ledger/categories";
import {
  type CategoryKind,
  PAYMENT_METHODS,
  type PaymentMethod,
  type TransactionType,
} from "../ledger/constants";
import { zonedDateTimeToInstant } from "../ledger/dates";
import { requiredText, ZIdSchema } from "../schemas/common";
import {
  AMOUNT_FORMATS,
  type AmountFormat,
  AmountFormatError,
  DATE_FORMAT_EXAMPLES,
  DATE_FORMATS,
  type DateFormatDetection,
  detectAmountFormat,
  detectDateFormat,
  parseAmountCell,
  parseDateCell,
} from "./formats";
import { type CsvTable, isBlankRow, parseCsv } from "./parse";

/**
 * CSV import, the pure part: find the header, recognise the M-Pesa statement, suggest a mapping, then turn
 * every row into a transaction to book or a reason it cannot be. The API adds what needs the database
 * (existing external ids, categories) and writes everything in one transaction.
 */

export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 50_000;
export const IMPORT_PROFILES = ["generic", "mpesa_statement"] as const;
export type ImportProfile = (typeof IMPORT_PROFILES)[number];

const column = z.number().int().min(0).max(500).nullable().default(null);

export const ZImportMappingSchema = z
  .object({
    profile: z.enum(IMPORT_PROFILES).default("generic"),
    /** Index of the header row in the file (M-Pesa statements start with a summary block). */
    headerRow: z.number().int().min(0).max(200).default(0),
    date: z.number({ error: "Choose the column that holds the date" }).int().min(0).max(500),
    dateFormat: z.enum(DATE_FORMATS, { error: "Choose how the dates are written" }),
    description: column,
    /** One signed amount column (money out negative), or the two columns below. */
    amount: column,
    paidIn: column,
    withdrawn: column,
    /** A column saying income/expense (credit/debit, in/out) when amounts are all positive. */
    type: column,
    category: column,
    reference: column,
    method: column,
    status: column,
    amountFormat: z.enum(AMOUNT_FORMATS).default("standard"),
    defaultMethod: z.enum(PAYMENT_METHODS).default("bank"),
  })
  .superRefine((mapping, context) => {
    if (mapping.amount === null && mapping.paidIn === null && mapping.withdrawn === null) {
      context.addIssue({
        code: "custom",
        path: ["amount"],
        message: "Choose the amount column, or the paid-in and withdrawn columns",
      });
    }
    if (mapping.amount !== null && (mapping.paidIn !== null || mapping.withdrawn !== null)) {
      context.addIssue({
        code: "custom",
        path: ["amount"],
        message: "Use either one amount column or paid-in/withdrawn columns, not both",
      });
    }
  });
export type TImportMapping = z.output<typeof ZImportMappingSchema>;
export type TImportMappingInput = z.input<typeof ZImportMappingSchema>;

function normaliseHeader(header: string): string {
  return header
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

const MPESA_HEADERS = [
  "receipt no",
  "completion time",
  "details",
  "transaction status",
  "paid in",
  "withdrawn",
];

/** The row index of an M-Pesa statement's table header, or null when this is not one. */
export function findMpesaHeaderRow(table: CsvTable): number | null {
  for (let index = 0; index < Math.min(table.length, 60); index += 1) {
    const headers = (table[index] ?? []).map(normaliseHeader);
    if (MPESA_HEADERS.every((header) => headers.includes(header))) return index;
  }
  return null;
}

const SYNONYMS: Record<
  | "date"
  | "description"
  | "amount"
  | "paidIn"
  | "withdrawn"
  | "type"
  | "category"
  | "reference"
  | "method"
  | "status",
  string[]
> = {
  date: [
    "date",
    "transaction date",
    "txn date",
    "trans date",
    "value date",
    "posting date",
    "booking date",
    "completion time",
    "date time",
  ],
  description: [
    "description",
    "details",
    "narrative",
    "narration",
    "particulars",
    "memo",
    "transaction details",
    "payee",
    "name",
  ],
  amount: ["amount", "value", "amount kes", "amount ksh", "transaction amount", "net amount"],
  paidIn: [
    "paid in",
    "credit",
    "credits",
    "money in",
    "deposit",
    "deposits",
    "credit amount",
    "received",
    "in",
  ],
  withdrawn: [
    "withdrawn",
    "debit",
    "debits",
    "money out",
    "withdrawal",
    "withdrawals",
    "debit amount",
    "paid out",
    "spent",
    "out",
  ],
  type: ["type", "transaction type", "dr cr", "debit credit", "direction"],
  category: ["category", "account", "expense category"],
  reference: [
    "reference",
    "ref",
    "ref no",
    "reference number",
    "receipt no",
    "receipt",
    "transaction id",
    "txn id",
    "transaction ref",
    "cheque no",
    "code",
  ],
  method: ["method", "payment method", "channel", "mode"],
  status: ["transaction status", "status"],
};

export interface ImportAnalysis {
  profile: ImportProfile;
  headerRow: number;
  headers: string[];
  /** The first data rows, for the preview. */
  sampleRows: string[][];
  dataRowCount: number;
  mapping: TImportMappingInput;
  dateDetection: DateFormatDetection;
  amountFormat: AmountFormat;
}

function dataRows(table: CsvTable, headerRow: number): string[][] {
  return table.slice(headerRow + 1).filter((row) => !isBlankRow(row));
}

function columnValues(rows: string[][], index: number | null, limit = 500): string[] {
  if (index === null) return [];
  return rows.slice(0, limit).map((row) => row[index] ?? "");
}

function guessColumn(headers: string[], field: keyof typeof SYNONYMS, taken: Set<number>): number | null {
  const normalised = headers.map(normaliseHeader);
  for (const synonym of SYNONYMS[field]) {
    const index = normalised.findIndex((header, position) => header === synonym && !taken.has(position));
    if (index >= 0) {
      taken.add(index);
      return index;
    }
  }
  return null;
}

/** Reads the file, finds its header, recognises the M-Pesa statement and proposes a mapping. */
export function analyzeCsv(text: string, currency: string): ImportAnalysis {
  const table = parseCsv(text);
  const mpesaHeader = findMpesaHeaderRow(table);
  const headerRow =
    mpesaHeader ??
    Math.max(
      0,
      table.findIndex((row) => row.filter((cell) => cell.trim() !== "").length >= 2),
    );
  const headers = (table[headerRow] ?? []).map((header) => header.trim());
  const rows = dataRows(table, headerRow);
  const taken = new Set<number>();
  const guess = (field: keyof typeof SYNONYMS) => guessColumn(headers, field, taken);
  const date = guess("date");
  const reference = guess("reference");
  const status = guess("status");
  const description = guess("description");
  const paidIn = guess("paidIn");
  const withdrawn = guess("withdrawn");
  const amount = paidIn === null && withdrawn === null ? guess("amount") : null;
  const type = guess("type");
  const category = guess("category");
  const method = guess("method");
  const dateDetection = detectDateFormat(columnValues(rows, date));
  const amountValues = [amount, paidIn, withdrawn].flatMap((index) => columnValues(rows, index));
  const amountFormat = detectAmountFormat(amountValues, currency);
  const profile: ImportProfile = mpesaHeader === null ? "generic" : "mpesa_statement";
  return {
    profile,
    headerRow,
    headers,
    sampleRows: rows.slice(0, 10),
    dataRowCount: rows.length,
    dateDetection,
    amountFormat,
    mapping: {
      profile,
      headerRow,
      date: date ?? 0,
      dateFormat: dateDetection.format ?? "YYYY-MM-DD",
      description,
      amount,
      paidIn,
      withdrawn,
      type,
      category,
      reference,
      method,
      status,
      amountFormat,
      defaultMethod: profile === "mpesa_statement" ? "mpesa" : "bank",
    },
  };
}

/** Safaricom's fee lines ("Customer Transfer of Funds Charge", "Pay Bill Charge", "Withdrawal Charge", …). */
export function isMpesaCharge(details: string): boolean {
  return /\bcharges?\b/i.test(details);
}

const KEYWORD_CATEGORIES: { pattern: RegExp; kind: CategoryKind; key: SystemCategoryKey }[] = [
  { pattern: /\b(airtime|bundles?|data bundle|safaricom data)\b/i, kind: "expense", key: "airtime_data" },
  { pattern: /\b(kplc|kenya power|nairobi water|water company|token)\b/i, kind: "expense", key: "utilities" },
  {
    pattern: /\b(total ?energies|shell|rubis|ola energy|petrol|diesel|fuel)\b/i,
    kind: "expense",
    key: "transport_fuel",
  },
  { pattern: /\b(kra|itax|domestic taxes)\b/i, kind: "expense", key: "tax_vat" },
  { pattern: /\brent\b/i, kind: "expense", key: "rent" },
];

/** A default category that the description names plainly, for rows the file does not categorise. */
export function suggestSystemCategory(description: string, kind: CategoryKind): SystemCategoryKey | null {
  if (kind === "expense" && isMpesaCharge(description)) return "mpesa_charges";
  return KEYWORD_CATEGORIES.find((rule) => rule.kind === kind && rule.pattern.test(description))?.key ?? null;
}

const INCOME_WORDS = /^(income|in|credit|cr|c|deposit|received|receipt|money in|paid in|sale|sales|\+)$/i;
const EXPENSE_WORDS =
  /^(expense|expenses|out|debit|dr|d|withdrawal|withdrawn|payment|paid|money out|paid out|purchase|-)$/i;
const TRANSFER_WORDS = /^(transfer|xfer|internal transfer)$/i;
const SKIPPED_STATUSES = /^(failed|cancelled|canceled|declined|reversed|pending|expired|rejected)$/i;

function methodFrom(value: string, fallback: PaymentMethod): PaymentMethod {
  const text = value.trim().toLowerCase();
  if (text === "") return fallback;
  if (/m-?pesa|mobile money|paybill|till/.test(text)) return "mpesa";
  if (/cash/.test(text)) return "cash";
  if (/card|visa|mastercard|pos/.test(text)) return "card";
  if (/cheque|check/.test(text)) return "cheque";
  if (/bank|transfer|eft|rtgs|pesalink|swift/.test(text)) return "bank";
  return fallback;
}

/** FNV-1a, 64-bit: a stable, browser-safe fingerprint for rows that carry no reference of their own. */
export function fingerprint(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= BigInt(text.charCodeAt(index));
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, "0");
}

export interface ImportRowTransaction {
  type: TransactionType;
  /** Positive minor units; the type says the direction. */
  amountMinor: bigint;
  transactionDate: Date;
  description: string | null;
  referenceNumber: string | null;
  externalId: string;
  categoryId: string | null;
  /** The category is a guess from the description ("charge" → M-Pesa charges), not named in the file. */
  categoryIsDefault: boolean;
  paymentMethod: PaymentMethod;
}

export type ImportRowOutcome =
  | { row: number; status: "ready"; transaction: ImportRowTransaction; warning?: string }
  | { row: number; status: "rejected" | "skipped" | "duplicate"; reason: string };

export interface ImportEvaluationContext {
  currency: string;
  timeZone: string;
  /** A category of this kind with this name (case-insensitive), or null. */
  findCategoryByName(name: string, kind: CategoryKind): string | null;
  /** The business's category for a default key, or null. */
  findSystemCategory(key: SystemCategoryKey): string | null;
}

function cell(row: string[], index: number | null): string {
  return index === null ? "" : (row[index] ?? "").trim();
}

/**
 * Every data row of the file, evaluated against the mapping. Row numbers are the spreadsheet's (the header
 * is row headerRow + 1). References repeated inside the file are reported as duplicates of the first.
 */
export function evaluateImport(
  table: CsvTable,
  mapping: TImportMapping,
  context: ImportEvaluationContext,
): ImportRowOutcome[] {
  const outcomes: ImportRowOutcome[] = [];
  const seenExternalIds = new Map<string, number>();
  const fingerprintOccurrences = new Map<string, number>();
  const mpesa = mapping.profile === "mpesa_statement";
  for (let index = mapping.headerRow + 1; index < table.length; index += 1) {
    const row = table[index] ?? [];
    if (isBlankRow(row)) continue;
    const rowNumber = index + 1;
    const outcome = evaluateRow(row, rowNumber);
    if (outcome.status === "ready") {
      const firstRow = seenExternalIds.get(outcome.transaction.externalId);
      if (firstRow !== undefined) {
        outcomes.push({
          row: rowNumber,
          status: "duplicate",
          reason: `Same reference as row ${firstRow}`,
        });
        continue;
      }
      seenExternalIds.set(outcome.transaction.externalId, rowNumber);
    }
    outcomes.push(outcome);
  }
  return outcomes;

  function evaluateRow(row: string[], rowNumber: number): ImportRowOutcome {
    const reject = (reason: string): ImportRowOutcome => ({ row: rowNumber, status: "rejected", reason });
    const status = cell(row, mapping.status);
    if (mapping.status !== null) {
      if (mpesa && status.toLowerCase() !== "completed") {
        return {
          row: rowNumber,
          status: "skipped",
          reason: `Status is "${status || "empty"}": only completed M-Pesa transactions are imported`,
        };
      }
      if (!mpesa && SKIPPED_STATUSES.test(status)) {
        return { row: rowNumber, status: "skipped", reason: `Status is "${status}"` };
      }
    }
    const dateCell = cell(row, mapping.date);
    if (dateCell === "") return reject("The date is empty");
    const local = parseDateCell(dateCell, mapping.dateFormat);
    if (!local) {
      return reject(`"${dateCell}" is not a date like ${DATE_FORMAT_EXAMPLES[mapping.dateFormat]}`);
    }
    const transactionDate = zonedDateTimeToInstant(local, context.timeZone);

    let signed: bigint;
    try {
      if (mapping.amount !== null) {
        const value = parseAmountCell(cell(row, mapping.amount), context.currency, mapping.amountFormat);
        if (value === null) return reject("The amount is empty");
        signed = value;
      } else {
        const paidIn = parseAmountCell(cell(row, mapping.paidIn), context.currency, mapping.amountFormat);
        const withdrawn = parseAmountCell(
          cell(row, mapping.withdrawn),
          context.currency,
          mapping.amountFormat,
        );
        const paidInValue = paidIn === null || paidIn === 0n ? null : paidIn < 0n ? -paidIn : paidIn;
        // Newer M-Pesa statements print withdrawals as negative numbers; either way it is money out.
        const withdrawnValue =
          withdrawn === null || withdrawn === 0n ? null : withdrawn < 0n ? -withdrawn : withdrawn;
        if (paidInValue !== null && withdrawnValue !== null) {
          return reject("Both paid in and withdrawn have an amount; a row must be one or the other");
        }
        if (paidInValue === null && withdrawnValue === null)
          return reject("Neither paid in nor withdrawn has an amount");
        signed = paidInValue ?? -(withdrawnValue ?? 0n);
      }
    } catch (error) {
      if (error instanceof AmountFormatError) return reject(error.message);
      throw error;
    }
    if (signed === 0n) return reject("The amount is zero");

    let type: TransactionType = signed < 0n ? "expense" : "income";
    const typeCell = cell(row, mapping.type);
    if (mapping.type !== null && typeCell !== "") {
      // The type column decides the direction; the amount's sign is then ignored.
      if (TRANSFER_WORDS.test(typeCell)) type = "transfer";
      else if (INCOME_WORDS.test(typeCell)) type = "income";
      else if (EXPENSE_WORDS.test(typeCell)) type = "expense";
      else return reject(`Type "${typeCell}" is not income, expense or transfer (or credit/debit)`);
    }
    const amountMinor = signed < 0n ? -signed : signed;

    const description = cell(row, mapping.description).replace(/\s+/g, " ").slice(0, 500) || null;
    const reference = cell(row, mapping.reference);
    if (reference.length > 100) return reject("The reference is longer than 100 characters");
    const charge = mpesa && type === "expense" && isMpesaCharge(description ?? "");

    let externalId: string;
    if (reference !== "") {
      // A charge shares its receipt number with the payment it belongs to.
      externalId = charge ? `${reference}:charge` : reference;
    } else {
      const key = `${local}|${type}|${amountMinor}|${description ?? ""}`;
      const occurrence = (fingerprintOccurrences.get(key) ?? 0) + 1;
      fingerprintOccurrences.set(key, occurrence);
      externalId = `import:${fingerprint(key)}:${occurrence}`;
    }

    let categoryId: string | null = null;
    let warning: string | undefined;
    const kind: CategoryKind | null = type === "transfer" ? null : type;
    const categoryName = cell(row, mapping.category);
    if (kind && categoryName !== "") {
      categoryId = context.findCategoryByName(categoryName, kind);
      if (!categoryId) warning = `No ${kind} category called "${categoryName}"; imported without a category`;
    }
    let categoryIsDefault = false;
    if (kind && !categoryId && !warning) {
      const key = suggestSystemCategory(description ?? "", kind);
      categoryId = key ? context.findSystemCategory(key) : null;
      categoryIsDefault = categoryId !== null;
    }
    const paymentMethod = mpesa ? "mpesa" : methodFrom(cell(row, mapping.method), mapping.defaultMethod);
    return {
      row: rowNumber,
      status: "ready",
      transaction: {
        type,
        amountMinor,
        transactionDate,
        description,
        referenceNumber: reference || null,
        externalId,
        categoryId,
        categoryIsDefault,
        paymentMethod,
      },
      ...(warning ? { warning } : {}),
    };
  }
}

export { detectAmountFormat, detectDateFormat };

/** Files over the API's request limit are sent in parts: the first without an importId, the rest with it. */
export const IMPORT_UPLOAD_CHUNK_CHARS = 400_000;

export const ZImportUploadSchema = z.object({
  importId: ZIdSchema.nullish(),
  fileName: requiredText(1, 255, "The file name"),
  content: z
    .string({ error: "Choose a CSV file" })
    .max(MAX_IMPORT_BYTES, { error: "The file is larger than 5 MB" }),
  /** False while more parts follow. */
  complete: z.boolean().default(true),
});

export const ZImportPreviewSchema = z.object({
  importId: ZIdSchema,
  mapping: ZImportMappingSchema.nullish(),
});

export const ZImportCommitSchema = z.object({
  importId: ZIdSchema,
  mapping: ZImportMappingSchema,
  /** Import the good rows and leave the rejected ones out (otherwise any rejected row stops the import). */
  skipRejected: z.boolean().default(false),
});

export const ZImportRefSchema = z.object({ importId: ZIdSchema });
