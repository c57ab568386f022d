import {
  creditNotes,
  customers,
  type DbOrTx,
  invoiceItems,
  invoices,
  suppliers,
  transactions,
} from "@kavi/db";
import {
  addDays,
  convertToBase,
  dateInZone,
  endOfMonth,
  isKraPin,
  KRA_TAX_TYPES,
  type KraTaxType,
  kraTaxTypeOf,
  vatReturnDueDate,
} from "@kavi/domain";
import { and, asc, eq, gte, inArray, isNull, lt, ne, sql } from "drizzle-orm";
import { localDayStart } from "../transactions/queries";

/**
 * The monthly VAT report: output VAT from issued invoices (less credit notes), input VAT from expenses that carry
 * VAT and a supplier's KRA PIN, by eTIMS tax type, with the figures the VAT3 return asks for. All amounts are
 * minor units of the business's base currency; an invoice or expense in another currency is converted at its
 * own rate, line by line, so each figure is exact and reproducible.
 */

export interface VatBusiness {
  id: string;
  baseCurrency: string;
  timezone: string;
}

export interface VatSaleRow {
  kind: "invoice" | "credit_note";
  documentNumber: string;
  date: string;
  buyerPin: string | null;
  buyerName: string;
  description: string;
  taxType: KraTaxType;
  taxableMinor: bigint;
  vatMinor: bigint;
  /** ETR / eTIMS control-unit serial, when the invoice was signed. */
  cuSerial: string | null;
  /** For a credit note: the invoice it corrects. */
  relevantInvoiceNumber: string | null;
  relevantInvoiceDate: string | null;
}

export interface VatPurchaseRow {
  transactionId: string;
  date: string;
  supplierPin: string;
  supplierName: string;
  invoiceNumber: string | null;
  description: string;
  taxType: KraTaxType;
  taxableMinor: bigint;
  vatMinor: bigint;
}

export interface VatTotals {
  taxableMinor: bigint;
  vatMinor: bigint;
}

const zeroTotals = (): Record<KraTaxType, VatTotals> =>
  Object.fromEntries(KRA_TAX_TYPES.map((type) => [type, { taxableMinor: 0n, vatMinor: 0n }])) as Record<
    KraTaxType,
    VatTotals
  >;

function add(totals: Record<KraTaxType, VatTotals>, type: KraTaxType, row: VatTotals) {
  totals[type].taxableMinor += row.taxableMinor;
  totals[type].vatMinor += row.vatMinor;
}

/** The rate a purchase's VAT implies (VAT over the amount before VAT), as the nearest Kenyan rate's tax type. */
export function purchaseTaxType(vatMinor: bigint, taxableMinor: bigint): KraTaxType {
  if (vatMinor === 0n || taxableMinor <= 0n) return "C";
  // Halfway between 8 % and 16 % is 12 %: at or above it the purchase is standard-rated.
  return vatMinor * 100n >= taxableMinor * 12n ? "B" : "E";
}

async function salesRows(db: DbOrTx, business: VatBusiness, from: string, to: string): Promise<VatSaleRow[]> {
  const lines = await db
    .select({
      invoiceId: invoices.id,
      invoiceNumber: invoices.invoiceNumber,
      issueDate: invoices.issueDate,
      currency: invoices.currency,
      exchangeRate: invoices.exchangeRate,
      buyerPin: invoices.buyerPin,
      cuSerial: invoices.etimsCuSerial,
      customerName: customers.name,
      description: invoiceItems.description,
      taxTreatment: invoiceItems.taxTreatment,
      taxRateBps: invoiceItems.taxRateBps,
      netMinor: invoiceItems.netMinor,
      taxMinor: invoiceItems.taxMinor,
    })
    .from(invoiceItems)
    .innerJoin(invoices, eq(invoices.id, invoiceItems.invoiceId))
    .innerJoin(customers, eq(customers.id, invoices.customerId))
    .where(
      and(
        eq(invoices.businessId, business.id),
        ne(invoices.status, "draft"),
        ne(invoices.status, "void"),
        gte(invoices.issueDate, from),
        sql`${invoices.issueDate} <= ${to}`,
      ),
    )
    .orderBy(asc(invoices.issueDate), asc(invoices.invoiceNumber), asc(invoiceItems.position));

  // One row per invoice and tax type (iTax lists an invoice once per rate), descriptions joined.
  const rows = new Map<string, VatSaleRow>();
  for (const line of lines) {
    const taxType = kraTaxTypeOf(line.taxTreatment, line.taxRateBps);
    const key = `${line.invoiceId}:${taxType}`;
    const toBase = (minor: bigint) =>
      convertToBase(minor, line.currency, line.exchangeRate, business.baseCurrency);
    const row = rows.get(key) ?? {
      kind: "invoice" as const,
      documentNumber: line.invoiceNumber ?? "",
      date: line.issueDate,
      buyerPin: isKraPin(line.buyerPin) ? line.buyerPin : null,
      buyerName: line.customerName,
      description: "",
      taxType,
      taxableMinor: 0n,
      vatMinor: 0n,
      cuSerial: line.cuSerial,
      relevantInvoiceNumber: null,
      relevantInvoiceDate: null,
    };
    row.description = row.description ? `${row.description}; ${line.description}` : line.description;
    row.taxableMinor += toBase(line.netMinor);
    row.vatMinor += toBase(line.taxMinor);
    rows.set(key, row);
  }

  // Credit notes issued in the month reduce the month's sales. A credit note has no lines: VAT it carries is
  // taken off the invoice's taxed type (B or E), a credit note without VAT off the invoice's first line's type.
  const notes = await db
    .select({
      id: creditNotes.id,
      number: creditNotes.creditNoteNumber,
      issuedAt: creditNotes.issuedAt,
      amountMinor: creditNotes.amountMinor,
      taxMinor: creditNotes.taxMinor,
      currency: invoices.currency,
      exchangeRate: invoices.exchangeRate,
      invoiceId: invoices.id,
      invoiceNumber: invoices.invoiceNumber,
      invoiceDate: invoices.issueDate,
      buyerPin: invoices.buyerPin,
      cuSerial: invoices.etimsCuSerial,
      customerName: customers.name,
      reason: creditNotes.reason,
    })
    .from(creditNotes)
    .innerJoin(invoices, eq(invoices.id, creditNotes.invoiceId))
    .innerJoin(customers, eq(customers.id, invoices.customerId))
    .where(
      and(
        eq(creditNotes.businessId, business.id),
        gte(creditNotes.issuedAt, localDayStart(from, business.timezone)),
        lt(creditNotes.issuedAt, localDayStart(addDays(to, 1), business.timezone)),
      ),
    )
    .orderBy(asc(creditNotes.issuedAt));
  const noteLines =
    notes.length === 0
      ? []
      : await db
          .select({
            invoiceId: invoiceItems.invoiceId,
            taxTreatment: invoiceItems.taxTreatment,
            taxRateBps: invoiceItems.taxRateBps,
            taxMinor: invoiceItems.taxMinor,
          })
          .from(invoiceItems)
          .where(
            inArray(
              invoiceItems.invoiceId,
              notes.map((note) => note.invoiceId),
            ),
          )
          .orderBy(asc(invoiceItems.position));
  const saleRows = [...rows.values()];
  for (const note of notes) {
    const ofInvoice = noteLines.filter((line) => line.invoiceId === note.invoiceId);
    const line = (note.taxMinor > 0n ? ofInvoice.find((item) => item.taxMinor > 0n) : null) ?? ofInvoice[0];
    const taxType = line ? kraTaxTypeOf(line.taxTreatment, line.taxRateBps) : "B";
    const toBase = (minor: bigint) =>
      convertToBase(minor, note.currency, note.exchangeRate, business.baseCurrency);
    saleRows.push({
      kind: "credit_note",
      documentNumber: note.number,
      date: dateInZone(note.issuedAt, business.timezone),
      buyerPin: isKraPin(note.buyerPin) ? note.buyerPin : null,
      buyerName: note.customerName,
      description: note.reason,
      taxType,
      taxableMinor: -toBase(note.amountMinor - note.taxMinor),
      vatMinor: -toBase(note.taxMinor),
      cuSerial: note.cuSerial,
      relevantInvoiceNumber: note.invoiceNumber,
      relevantInvoiceDate: note.invoiceDate,
    });
  }
  return saleRows;
}

async function purchaseRows(
  db: DbOrTx,
  business: VatBusiness,
  from: string,
  to: string,
): Promise<{ claimable: VatPurchaseRow[]; withoutPin: { count: number; vatMinor: bigint } }> {
  const rows = await db
    .select({
      id: transactions.id,
      transactionDate: transactions.transactionDate,
      amountMinor: transactions.amountMinor,
      baseAmountMinor: transactions.baseAmountMinor,
      vatMinor: transactions.vatMinor,
      description: transactions.description,
      referenceNumber: transactions.referenceNumber,
      supplierName: suppliers.name,
      supplierPin: suppliers.taxId,
    })
    .from(transactions)
    .leftJoin(suppliers, eq(suppliers.id, transactions.supplierId))
    .where(
      and(
        eq(transactions.businessId, business.id),
        eq(transactions.type, "expense"),
        eq(transactions.status, "completed"),
        isNull(transactions.voidedAt),
        sql`${transactions.vatMinor} > 0`,
        gte(transactions.transactionDate, localDayStart(from, business.timezone)),
        lt(transactions.transactionDate, localDayStart(addDays(to, 1), business.timezone)),
      ),
    )
    .orderBy(asc(transactions.transactionDate), asc(transactions.id));
  const claimable: VatPurchaseRow[] = [];
  const withoutPin = { count: 0, vatMinor: 0n };
  for (const row of rows) {
    const vat = row.vatMinor ?? 0n;
    // The VAT in base currency, in the same proportion as the amount was converted.
    const vatMinor =
      row.amountMinor === 0n ? 0n : (vat * row.baseAmountMinor + row.amountMinor / 2n) / row.amountMinor;
    if (!isKraPin(row.supplierPin) || !row.supplierName) {
      withoutPin.count += 1;
      withoutPin.vatMinor += vatMinor;
      continue;
    }
    const taxableMinor = row.baseAmountMinor - vatMinor;
    claimable.push({
      transactionId: row.id,
      date: dateInZone(row.transactionDate, business.timezone),
      supplierPin: row.supplierPin,
      supplierName: row.supplierName,
      invoiceNumber: row.referenceNumber,
      description: row.description ?? "",
      taxType: purchaseTaxType(vatMinor, taxableMinor),
      taxableMinor,
      vatMinor,
    });
  }
  return { claimable, withoutPin };
}

export async function vatReport(db: DbOrTx, business: VatBusiness, input: { month: string }) {
  const from = `${input.month}-01`;
  const to = endOfMonth(from);
  const [sales, purchases] = await Promise.all([
    salesRows(db, business, from, to),
    purchaseRows(db, business, from, to),
  ]);
  const salesByType = zeroTotals();
  const registered = { taxableMinor: 0n, vatMinor: 0n };
  const unregistered = { taxableMinor: 0n, vatMinor: 0n };
  for (const row of sales) {
    add(salesByType, row.taxType, row);
    const side = row.buyerPin ? registered : unregistered;
    side.taxableMinor += row.taxableMinor;
    side.vatMinor += row.vatMinor;
  }
  const purchasesByType = zeroTotals();
  for (const row of purchases.claimable) add(purchasesByType, row.taxType, row);
  const outputVatMinor = KRA_TAX_TYPES.reduce((sum, type) => sum + salesByType[type].vatMinor, 0n);
  const inputVatMinor = KRA_TAX_TYPES.reduce((sum, type) => sum + purchasesByType[type].vatMinor, 0n);
  const netMinor = outputVatMinor - inputVatMinor;
  return {
    month: input.month,
    from,
    to,
    currency: business.baseCurrency,
    dueDate: vatReturnDueDate(input.month),
    sales,
    purchases: purchases.claimable,
    /** Expenses with VAT but no supplier PIN: their VAT cannot be claimed until the supplier's PIN is added. */
    purchasesWithoutPin: purchases.withoutPin,
    salesByType,
    purchasesByType,
    salesToRegisteredMinor: registered,
    salesToUnregisteredMinor: unregistered,
    /** VAT3 section O: output VAT less input VAT; negative is a credit carried forward. */
    outputVatMinor,
    inputVatMinor,
    vatPayableMinor: netMinor > 0n ? netMinor : 0n,
    creditCarriedForwardMinor: netMinor < 0n ? -netMinor : 0n,
  };
}
export type VatReport = Awaited<ReturnType<typeof vatReport>>;
