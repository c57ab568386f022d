import { businesses, type DbOrTx, loanProducts } from "@kavi/db";
import {
  LANGUAGE_LOCALES,
  type Language,
  type LoanApplicationStatus,
  localDateOf,
  outstandingMinor,
  toMajorString,
  unpaidInstalments,
  unpaidMinor,
} from "@kavi/domain";
import { eq, sql } from "drizzle-orm";
import { type ReportTable, reportPdf } from "../reports/export";
import { REPORT_WORDS } from "../reports/words";
import { getLoanDetail } from "./applications";
import type { TLoanRow } from "./terms";

interface StatementWords {
  title: (number: string) => string;
  subtitle: (business: string, product: string, asOf: string) => string;
  summary: string;
  item: string;
  value: string;
  principal: string;
  interest: string;
  fees: string;
  penalties: string;
  paid: string;
  balance: string;
  status: string;
  disbursedOn: string;
  notDisbursed: string;
  plannedNote: string;
  schedule: string;
  dueDate: string;
  number: string;
  fee: string;
  penalty: string;
  stillOwed: string;
  paidColumn: string;
  repayments: string;
  date: string;
  reference: string;
  channel: string;
  amount: string;
  none: string;
  channels: Record<string, string>;
  statuses: Record<LoanApplicationStatus, string>;
}

/** The statement's words per language (whole labels; the layout is the reports' table PDF). */
export const LOAN_STATEMENT_WORDS: Record<Language, StatementWords> = {
  en: {
    title: (number) => `Loan statement ${number}`,
    subtitle: (business, product, asOf) => `${business} · ${product} · as of ${asOf}`,
    summary: "Summary",
    item: "Item",
    value: "Value",
    principal: "Principal",
    interest: "Interest",
    fees: "Fees",
    penalties: "Penalties charged",
    paid: "Total repaid",
    balance: "Balance outstanding",
    status: "Status",
    disbursedOn: "Disbursed on",
    notDisbursed: "Not disbursed yet",
    plannedNote: "Schedule as it would be if sent today",
    schedule: "Repayment schedule",
    dueDate: "Due date",
    number: "No.",
    fee: "Fee",
    penalty: "Penalty",
    stillOwed: "Still owed",
    paidColumn: "Paid",
    repayments: "Repayments",
    date: "Date",
    reference: "Reference",
    channel: "Channel",
    amount: "Amount",
    none: "None",
    channels: { stk: "M-Pesa (STK push)", paybill: "M-Pesa Paybill" },
    statuses: {
      submitted: "Submitted",
      recommended: "Recommended",
      approved: "Approved",
      declined: "Declined",
      disbursing: "Being sent",
      active: "Being repaid",
      settled: "Settled",
      withdrawn: "Withdrawn",
    },
  },
  sw: {
    title: (number) => `Taarifa ya mkopo ${number}`,
    subtitle: (business, product, asOf) => `${business} · ${product} · hadi ${asOf}`,
    summary: "Muhtasari",
    item: "Kipengele",
    value: "Thamani",
    principal: "Kiasi cha mkopo",
    interest: "Riba",
    fees: "Ada",
    penalties: "Faini zilizotozwa",
    paid: "Jumla iliyorejeshwa",
    balance: "Salio linalodaiwa",
    status: "Hali",
    disbursedOn: "Ulitolewa tarehe",
    notDisbursed: "Bado haujatolewa",
    plannedNote: "Ratiba ingekuwa hivi ukitolewa leo",
    schedule: "Ratiba ya marejesho",
    dueDate: "Tarehe ya kulipa",
    number: "Na.",
    fee: "Ada",
    penalty: "Faini",
    stillOwed: "Kinachodaiwa",
    paidColumn: "Kilicholipwa",
    repayments: "Marejesho",
    date: "Tarehe",
    reference: "Kumbukumbu",
    channel: "Njia",
    amount: "Kiasi",
    none: "Hakuna",
    channels: { stk: "M-Pesa (STK push)", paybill: "Paybill ya M-Pesa" },
    statuses: {
      submitted: "Imewasilishwa",
      recommended: "Imependekezwa",
      approved: "Imeidhinishwa",
      declined: "Imekataliwa",
      disbursing: "Inatumwa",
      active: "Inarejeshwa",
      settled: "Imelipwa yote",
      withdrawn: "Imeondolewa",
    },
  },
};

/**
 * A loan's statement as a table: a summary (principal, interest, fees, penalties, repaid, balance), the schedule
 * with what each instalment still owes, and every repayment with its split. Before disbursement the schedule is
 * the one the loan would have if sent today, and says so.
 */
export async function loanStatementTable(
  db: DbOrTx,
  loan: TLoanRow,
  language: Language,
  now: Date,
): Promise<ReportTable> {
  const [context] = await db
    .select({
      businessName: sql<string>`coalesce(${businesses.tradingName}, ${businesses.legalName})`,
      timezone: businesses.timezone,
      productName: loanProducts.name,
    })
    .from(businesses)
    .innerJoin(loanProducts, eq(loanProducts.id, loan.productId))
    .where(eq(businesses.id, loan.businessId));
  const timezone = context?.timezone ?? "Africa/Nairobi";
  const detail = await getLoanDetail(db, loan, timezone, now);
  const words = LOAN_STATEMENT_WORDS[language];
  const locale = LANGUAGE_LOCALES[language];
  const day = (date: string) =>
    new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" }).format(
      new Date(`${date}T00:00:00Z`),
    );
  const money = (minor: bigint) => toMajorString(minor, loan.currency);
  const instalments = detail.preview ? unpaidInstalments(detail.preview) : detail.instalments;
  const sum = (pick: (row: (typeof instalments)[number]) => bigint) =>
    instalments.reduce((total, row) => total + pick(row), 0n);
  const repaidMinor = detail.repayments.reduce(
    (total, repayment) => total + repayment.amountMinor - repayment.unappliedMinor,
    0n,
  );
  const asOf = localDateOf(now, timezone);
  const currency = ` (${loan.currency})`;
  return {
    title: words.title(loan.number),
    subtitle: words.subtitle(context?.businessName ?? "", context?.productName ?? "", day(asOf)),
    filename: `loan-statement-${loan.number}-${asOf}`,
    emptyText: words.none,
    sections: [
      {
        heading: words.summary,
        header: [words.item, words.value],
        rows: [
          [words.status, words.statuses[loan.status]],
          [words.disbursedOn, loan.startDate ? day(loan.startDate) : words.notDisbursed],
          [words.principal + currency, money(loan.principalMinor)],
          [words.interest + currency, money(sum((row) => row.interestMinor - row.interestWaivedMinor))],
          [words.fees + currency, money(sum((row) => row.feeMinor))],
          [words.penalties + currency, money(sum((row) => row.penaltyMinor))],
          [words.paid + currency, money(repaidMinor)],
          [words.balance + currency, money(outstandingMinor(instalments))],
        ],
      },
      {
        heading: detail.preview ? `${words.schedule} (${words.plannedNote})` : words.schedule,
        header: [
          words.dueDate,
          words.number,
          words.principal,
          words.interest,
          words.fee,
          words.penalty,
          words.paidColumn,
          words.stillOwed,
        ],
        rows: instalments.map((row) => [
          day(row.dueDate),
          row.number,
          money(row.principalMinor),
          money(row.interestMinor - row.interestWaivedMinor),
          money(row.feeMinor),
          money(row.penaltyMinor),
          money(row.principalPaidMinor + row.interestPaidMinor + row.feePaidMinor + row.penaltyPaidMinor),
          money(unpaidMinor(row)),
        ]),
      },
      {
        heading: words.repayments,
        header: [
          words.date,
          words.reference,
          words.channel,
          words.amount,
          words.penalty,
          words.fee,
          words.interest,
          words.principal,
        ],
        rows: [...detail.repayments]
          .reverse()
          .map((repayment) => [
            day(localDateOf(repayment.receivedAt, timezone)),
            repayment.reference,
            words.channels[repayment.channel] ?? repayment.channel,
            money(repayment.amountMinor),
            money(repayment.penaltyMinor),
            money(repayment.feeMinor),
            money(repayment.interestMinor),
            money(repayment.principalMinor),
          ]),
      },
    ],
  };
}

/** The statement as a PDF download (the same answer shape as the other document downloads). */
export async function renderLoanStatement(db: DbOrTx, loan: TLoanRow, language: Language, now: Date) {
  const table = await loanStatementTable(db, loan, language, now);
  return {
    filename: `${table.filename}.pdf`,
    contentType: "application/pdf" as const,
    contentBase64: (await reportPdf(table, REPORT_WORDS[language])).toString("base64"),
  };
}
