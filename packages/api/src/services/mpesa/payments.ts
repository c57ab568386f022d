import type { DbOrTx } from "@kavi/db";
import {
  dateInZone,
  formatDateTime,
  toCsv,
  toMajorString,
  type ZExportMpesaPaymentsSchema,
  type ZListMpesaPaymentsSchema,
} from "@kavi/domain";
import { type SQL, sql } from "drizzle-orm";
import type { z } from "zod";
import { decodeCursor, encodeCursor } from "../pagination";

type TListPayments = z.output<typeof ZListMpesaPaymentsSchema>;
type TExportPayments = z.output<typeof ZExportMpesaPaymentsSchema>;

export interface MpesaPaymentListItem {
  source: "stk" | "c2b";
  id: string;
  createdAt: Date;
  occurredAt: Date;
  /** requested | pending | unknown | confirming ("received, confirming") | paid | failed | cancelled | unreconciled */
  status: string;
  amountMinor: bigint;
  currency: string;
  phone: string | null;
  receipt: string | null;
  reference: string | null;
  invoiceId: string | null;
  invoiceNumber: string | null;
  payerName: string | null;
  note: string | null;
  mpesaPaymentId: string | null;
}

const STATUS_FILTERS: Record<Exclude<TListPayments["status"], "all">, string[]> = {
  paid: ["paid"],
  pending: ["requested", "pending", "unknown", "confirming"],
  failed: ["failed", "cancelled"],
  unreconciled: ["unreconciled"],
};

/** Every M-Pesa payment of a business: STK requests (whatever became of them) and Paybill/Till payments. */
function paymentsQuery(
  businessId: string,
  filters: TExportPayments,
  timeZone: string,
  extra: SQL[] = [],
): SQL {
  const conditions: SQL[] = [...extra];
  if (filters.status !== "all") {
    conditions.push(
      sql`x.status in (${sql.join(
        STATUS_FILTERS[filters.status].map((status) => sql`${status}`),
        sql`, `,
      )})`,
    );
  }
  if (filters.source !== "all") conditions.push(sql`x.source = ${filters.source}`);
  if (filters.search) {
    const like = `%${filters.search.replace(/[\\%_]/g, (match) => `\\${match}`)}%`;
    const digits = filters.search.replace(/\D/g, "").replace(/^0/, "254");
    conditions.push(
      sql`(x.receipt ilike ${like} or x.reference ilike ${like} or x.invoice_number ilike ${like} or x.payer_name ilike ${like}${
        digits.length >= 4 ? sql` or x.phone like ${`%${digits}%`}` : sql``
      })`,
    );
  }
  if (filters.from)
    conditions.push(sql`(x.occurred_at at time zone ${timeZone})::date >= ${filters.from}::date`);
  if (filters.to) conditions.push(sql`(x.occurred_at at time zone ${timeZone})::date <= ${filters.to}::date`);
  const where = conditions.length > 0 ? sql`where ${sql.join(conditions, sql` and `)}` : sql``;
  return sql`
    select * from (
      select 'stk' as source, r.id, r.created_at, coalesce(r.paid_at, r.created_at) as occurred_at,
        case when p.status = 'unreconciled' then 'unreconciled' else r.status::text end as status,
        coalesce(r.paid_amount_minor, r.amount_minor) as amount_minor, r.currency, r.phone, r.receipt,
        r.account_reference as reference, r.invoice_id, i.invoice_number, null::varchar as payer_name,
        coalesce(p.unreconciled_reason, r.failure_reason) as note, p.id as mpesa_payment_id
      from mpesa_payment_requests r
      left join mpesa_payments p on p.payment_request_id = r.id
      left join invoices i on i.id = r.invoice_id
      where r.business_id = ${businessId}
      union all
      select 'c2b', p.id, p.created_at, p.paid_at,
        case when p.status = 'unreconciled' then 'unreconciled'
             when p.status = 'confirming' then 'confirming' else 'paid' end,
        p.amount_minor, p.currency, p.phone, p.receipt, p.bill_ref_number, p.invoice_id, i.invoice_number,
        p.payer_name, p.unreconciled_reason, p.id
      from mpesa_payments p
      left join invoices i on i.id = p.invoice_id
      where p.business_id = ${businessId} and p.source = 'c2b'
    ) x ${where}`;
}

type RawRow = {
  source: "stk" | "c2b";
  id: string;
  created_at: Date | string;
  occurred_at: Date | string;
  status: string;
  amount_minor: bigint | string;
  currency: string;
  phone: string | null;
  receipt: string | null;
  reference: string | null;
  invoice_id: string | null;
  invoice_number: string | null;
  payer_name: string | null;
  note: string | null;
  mpesa_payment_id: string | null;
};

function toItem(row: RawRow): MpesaPaymentListItem {
  return {
    source: row.source,
    id: row.id,
    createdAt: new Date(row.created_at),
    occurredAt: new Date(row.occurred_at),
    status: row.status,
    amountMinor: BigInt(row.amount_minor),
    currency: row.currency,
    phone: row.phone,
    receipt: row.receipt,
    reference: row.reference,
    invoiceId: row.invoice_id,
    invoiceNumber: row.invoice_number,
    payerName: row.payer_name,
    note: row.note,
    mpesaPaymentId: row.mpesa_payment_id,
  };
}

export async function listMpesaPayments(
  db: DbOrTx,
  businessId: string,
  input: TListPayments,
  timeZone: string,
) {
  const after = decodeCursor(input.cursor);
  const keyset = after
    ? [
        sql`(x.created_at < ${after.createdAt.toISOString()}::timestamptz or (x.created_at = ${after.createdAt.toISOString()}::timestamptz and x.id < ${after.id}::uuid))`,
      ]
    : [];
  const result = await db.execute<RawRow>(
    sql`${paymentsQuery(businessId, input, timeZone, keyset)} order by x.created_at desc, x.id desc limit ${input.limit + 1}`,
  );
  const rows = result.rows.map(toItem);
  const items = rows.slice(0, input.limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor:
      rows.length > input.limit && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null,
  };
}

const EXPORT_LIMIT = 20_000;

/** The Payments page as CSV, in the business's time zone. */
export async function exportMpesaPaymentsCsv(
  db: DbOrTx,
  businessId: string,
  input: TExportPayments,
  timeZone: string,
  now: Date,
) {
  const result = await db.execute<RawRow>(
    sql`${paymentsQuery(businessId, input, timeZone)} order by x.created_at desc, x.id desc limit ${EXPORT_LIMIT}`,
  );
  const header = [
    "Date",
    "Source",
    "Status",
    "Amount",
    "Currency",
    "Receipt",
    "Phone",
    "Reference",
    "Invoice",
    "Payer",
    "Note",
  ];
  const lines = result.rows
    .map(toItem)
    .map((item) => [
      formatDateTime(item.occurredAt, timeZone),
      item.source === "stk" ? "STK push" : "Paybill/Till",
      item.status,
      toMajorString(item.amountMinor, item.currency),
      item.currency,
      item.receipt,
      item.phone,
      item.reference,
      item.invoiceNumber,
      item.payerName,
      item.note,
    ]);
  return {
    filename: `mpesa-payments-${dateInZone(now, timeZone)}.csv`,
    // The one CSV writer (packages/domain/src/csv): quoting and spreadsheet-formula escaping like every export.
    csv: toCsv([header, ...lines]),
    rows: lines.length,
  };
}
