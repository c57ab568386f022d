import {
  addDays,
  allocateCreditNote,
  allocatePayment,
  balanceDueMinor,
  computeInvoiceTotals,
  dateInZone,
  daysBetween,
  deriveIssuedStatus,
  divideRounded,
  formatDocumentNumber,
  type InvoiceLineAmounts,
  occurrence,
  type PaymentMethod,
  yearOf,
} from "@kavi/domain";
import { and, eq, sql } from "drizzle-orm";
import type { Database, Transaction } from "../client";
import {
  activityLog,
  businesses,
  categories,
  creditNotes,
  customerCreditEntries,
  customers,
  documentSequences,
  invoiceItems,
  invoicePayments,
  invoiceSettings,
  invoices,
  recurringInvoices,
  transactions,
} from "../schema";

/**
 * Invoices for the demo business in every state: paid (by bank, M-Pesa, cheque; one in US dollars), partly
 * paid, overdue (partly paid and unpaid), sent, drafts, a void one, a credit note that left the customer
 * with credit, an overpayment kept as credit, and a monthly recurring schedule with the invoices it made.
 *
 * Every amount comes from the same totals engine the API uses, numbers are gapless per year (and the
 * sequences continue from them), each payment has the income transaction the API would book (source
 * "invoice_payment", linked to invoice and customer, an M-Pesa receipt as its external id), and each
 * customer's credit balance equals their credit entries. Deterministic, dated back from the day the demo
 * business was created, like the ledger's year of activity; it runs once (a business that already has
 * invoices is left alone), after the ledger's step that creates the customers.
 */

type Treatment = InvoiceLineAmounts["taxTreatment"];
interface Product {
  description: string;
  priceMinor: bigint;
  treatment: Treatment;
}

// Unprocessed produce is VAT-exempt in Kenya; delivery, crate hire and packing carry 16 % VAT.
const P = {
  tomatoes: { description: "Tomatoes, 64 kg crate (Grade 1)", priceMinor: 480_000n, treatment: "exempt" },
  sukuma: { description: "Sukuma wiki, bunch", priceMinor: 3_000n, treatment: "exempt" },
  cabbages: { description: "Cabbages, net of 12 heads", priceMinor: 90_000n, treatment: "exempt" },
  onions: { description: "Red onions, 13 kg net", priceMinor: 130_000n, treatment: "exempt" },
  potatoes: { description: "Potatoes (Shangi), 50 kg bag", priceMinor: 320_000n, treatment: "exempt" },
  avocados: { description: "Hass avocados, box of 60", priceMinor: 180_000n, treatment: "exempt" },
  carrots: { description: "Carrots, 20 kg bag", priceMinor: 140_000n, treatment: "exempt" },
  delivery: { description: "Delivery within Nairobi", priceMinor: 150_000n, treatment: "standard" },
  crates: { description: "Crate hire (returnable)", priceMinor: 25_000n, treatment: "standard" },
  packing: { description: "Sorting and packing", priceMinor: 200_000n, treatment: "standard" },
  exportAvocado: {
    description: "Hass avocados, export carton (4 kg)",
    priceMinor: 1_150n,
    treatment: "zero_rated",
  },
} satisfies Record<string, Product>;

type Line = [Product, quantity: number, discountMinor?: bigint];

interface PlannedPayment {
  day: number;
  /** A share of what is owed (1 = all of it) or an exact amount in minor units. */
  share?: number;
  amountMinor?: bigint;
  method: PaymentMethod;
}

interface PlannedInvoice {
  key: string;
  customer: string;
  /** Days relative to the day the demo business was created. */
  issueDay: number;
  lines: Line[];
  draft?: boolean;
  voidReason?: string;
  payments?: PlannedPayment[];
  creditNote?: { day: number; amountMinor: bigint; reason: string };
  notes?: string;
  currency?: string;
  exchangeRate?: string;
  /** The n-th run of the monthly schedule whose template is "braeburn-template" (dated by the schedule). */
  recurringRun?: { n: number };
}

const PLAN: PlannedInvoice[] = [
  {
    key: "serena-q1",
    customer: "C0001",
    issueDay: -120,
    lines: [
      [P.tomatoes, 6],
      [P.onions, 10],
      [P.delivery, 2],
    ],
    payments: [{ day: -93, share: 1, method: "bank" }],
  },
  {
    key: "java-1",
    customer: "C0003",
    issueDay: -100,
    lines: [
      [P.avocados, 8],
      [P.sukuma, 120],
      [P.delivery, 1],
    ],
    payments: [{ day: -92, share: 1, method: "mpesa" }],
  },
  {
    key: "ku-term",
    customer: "C0008",
    issueDay: -90,
    lines: [
      [P.potatoes, 20],
      [P.cabbages, 15],
      [P.carrots, 10],
      [P.delivery, 4],
    ],
    payments: [{ day: -50, share: 1, method: "bank" }],
    creditNote: {
      day: -40,
      amountMinor: 640_000n,
      reason: "Two bags of potatoes arrived rotten and were returned",
    },
  },
  {
    key: "braeburn-template",
    customer: "C0006",
    issueDay: -75,
    lines: [
      [P.tomatoes, 2],
      [P.sukuma, 200],
      [P.onions, 4],
      [P.crates, 10],
      [P.delivery, 1],
    ],
    payments: [{ day: -60, share: 1, method: "cheque" }],
    notes: "Weekly school kitchen supply. Crates collected on the next delivery.",
  },
  {
    key: "braeburn-run-1",
    customer: "C0006",
    issueDay: -45,
    recurringRun: { n: 1 },
    lines: [
      [P.tomatoes, 2],
      [P.sukuma, 200],
      [P.onions, 4],
      [P.crates, 10],
      [P.delivery, 1],
    ],
    payments: [{ day: -20, share: 1, method: "bank" }],
  },
  {
    key: "gulf-export",
    customer: "C0014",
    issueDay: -50,
    currency: "USD",
    exchangeRate: "129.35",
    lines: [[P.exportAvocado, 1200]],
    payments: [{ day: -25, share: 1, method: "bank" }],
  },
  {
    key: "naivas-overdue",
    customer: "C0012",
    issueDay: -60,
    lines: [
      [P.tomatoes, 8],
      [P.avocados, 12],
      [P.carrots, 6],
      [P.packing, 2],
      [P.delivery, 2, 50_000n],
    ],
    payments: [{ day: -40, share: 0.5, method: "bank" }],
  },
  {
    key: "naivas-void",
    customer: "C0012",
    issueDay: -25,
    lines: [
      [P.cabbages, 10],
      [P.delivery, 1],
    ],
    voidReason: "Raised twice for the same delivery",
  },
  {
    key: "nyama-overdue",
    customer: "C0005",
    issueDay: -35,
    lines: [
      [P.onions, 6],
      [P.tomatoes, 2],
      [P.delivery, 1],
    ],
  },
  {
    key: "oliech-over",
    customer: "C0004",
    issueDay: -20,
    lines: [
      [P.sukuma, 60],
      [P.tomatoes, 1],
    ],
    payments: [{ day: -16, amountMinor: 700_000n, method: "mpesa" }],
  },
  {
    key: "braeburn-run-2",
    customer: "C0006",
    issueDay: -15,
    recurringRun: { n: 2 },
    lines: [
      [P.tomatoes, 2],
      [P.sukuma, 200],
      [P.onions, 4],
      [P.crates, 10],
      [P.delivery, 1],
    ],
  },
  {
    key: "java-2",
    customer: "C0003",
    issueDay: -10,
    lines: [
      [P.avocados, 6],
      [P.tomatoes, 1],
      [P.delivery, 1],
    ],
  },
  {
    key: "serena-partial",
    customer: "C0001",
    issueDay: -8,
    lines: [
      [P.tomatoes, 10],
      [P.potatoes, 6],
      [P.packing, 1],
      [P.delivery, 3],
    ],
    payments: [{ day: -3, share: 0.4, method: "mpesa" }],
  },
  {
    key: "nyama-new",
    customer: "C0005",
    issueDay: -2,
    lines: [
      [P.onions, 4],
      [P.carrots, 2],
      [P.delivery, 1],
    ],
  },
  {
    key: "ku-draft",
    customer: "C0008",
    issueDay: -1,
    draft: true,
    lines: [
      [P.potatoes, 25],
      [P.cabbages, 20],
      [P.delivery, 4],
    ],
  },
  {
    key: "serena-draft",
    customer: "C0001",
    issueDay: 0,
    draft: true,
    lines: [
      [P.tomatoes, 12],
      [P.avocados, 4],
      [P.delivery, 3],
    ],
  },
];

const PAYMENT_INSTRUCTIONS =
  "Bank transfer: Equity Bank, Tom Mboya Street branch\nAccount name: Wanjiru Fresh Produce Ltd\nAccount number: 0180 2934 5561";

/** mulberry32: small, fast and deterministic. */
function prng(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface InvoiceSeedResult {
  invoices: number;
  payments: number;
  creditNotes: number;
  skipped: boolean;
}

/** Africa/Nairobi has no daylight saving: a local time is always UTC+3. */
function nairobiInstant(day: string, hour: number, minute: number): Date {
  return new Date(`${day}T${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}:00+03:00`);
}

/** The ledger's seed step has created the demo customers (DEMO_CUSTOMERS) by the time this runs. */
async function demoCustomers(tx: Transaction, businessId: string) {
  const rows = await tx.select().from(customers).where(eq(customers.businessId, businessId));
  const byAccount = new Map(rows.map((row) => [row.accountNumber ?? row.id, row]));
  for (const plan of PLAN) {
    if (!byAccount.has(plan.customer)) {
      throw new Error(
        `demo customer ${plan.customer} is missing: the ledger's seed step runs before the invoices'`,
      );
    }
  }
  return byAccount;
}

export async function seedDemoInvoices(
  db: Database,
  businessId: string,
  ownerId: string,
): Promise<InvoiceSeedResult> {
  return db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ count: sql<number>`count(*)::int` })
      .from(invoices)
      .where(eq(invoices.businessId, businessId));
    if ((existing?.count ?? 0) > 0) return { invoices: 0, payments: 0, creditNotes: 0, skipped: true };
    const [business] = await tx.select().from(businesses).where(eq(businesses.id, businessId));
    if (!business) throw new Error("demo business missing");

    await tx.insert(invoiceSettings).values({ businessId }).onConflictDoNothing();
    await tx
      .update(invoiceSettings)
      .set({
        paymentInstructions: PAYMENT_INSTRUCTIONS,
        defaultNotes: "Asante for your business! Produce is delivered fresh every morning.",
        defaultTerms: "Crates remain the property of Wanjiru Fresh and are collected on the next delivery.",
      })
      .where(
        and(eq(invoiceSettings.businessId, businessId), sql`${invoiceSettings.paymentInstructions} is null`),
      );
    const [settings] = await tx
      .select()
      .from(invoiceSettings)
      .where(eq(invoiceSettings.businessId, businessId));
    if (!settings) throw new Error("invoice settings missing");
    const customerByAccount = await demoCustomers(tx, businessId);
    const [sales] = await tx
      .select({ id: categories.id })
      .from(categories)
      .where(and(eq(categories.businessId, businessId), eq(categories.systemKey, "sales")));

    const anchor = dateInZone(business.createdAt, business.timezone);
    const day = (offset: number) => addDays(anchor, offset);
    const scheduleStart = day(-75);
    // Runs of the recurring schedule fall on its own monthly rhythm; everything else on its planned day.
    const issueOffset = (plan: PlannedInvoice) =>
      plan.recurringRun
        ? daysBetween(anchor, occurrence(scheduleStart, "monthly", plan.recurringRun.n))
        : plan.issueDay;
    const random = prng(20_260_302);
    const receipt = () =>
      `T${Array.from({ length: 9 }, () => "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"[Math.floor(random() * 34)]).join("")}`;
    const activity = (
      entityId: string,
      action: string,
      createdAt: Date,
      metadata: Record<string, unknown> = {},
    ) =>
      tx.insert(activityLog).values({
        businessId,
        actorUserId: ownerId,
        action,
        entityType: "invoice",
        entityId,
        metadata: { ...metadata, seeded: true },
        createdAt,
      });

    // Numbers follow the issue dates, per year, with no gaps.
    const issuedOrder = PLAN.filter((plan) => !plan.draft).sort((a, b) => issueOffset(a) - issueOffset(b));
    const counters = new Map<number, number>();
    const numbers = new Map<string, string>();
    for (const plan of issuedOrder) {
      const year = yearOf(day(issueOffset(plan)));
      const value = (counters.get(year) ?? 0) + 1;
      counters.set(year, value);
      numbers.set(
        plan.key,
        formatDocumentNumber({
          prefix: settings.prefix,
          includeYear: true,
          year,
          padding: settings.padding,
          value,
        }),
      );
    }

    const recurring: { scheduleId: string | null } = { scheduleId: null };
    let paymentCount = 0;
    let creditNoteCount = 0;
    for (const plan of [...PLAN].sort((a, b) => issueOffset(a) - issueOffset(b))) {
      const customer = customerByAccount.get(plan.customer);
      if (!customer) throw new Error(`demo customer ${plan.customer} missing`);
      const currency = plan.currency ?? customer.currency;
      const lines: (InvoiceLineAmounts & { description: string })[] = plan.lines.map(
        ([product, quantity, discount]) => ({
          description: product.description,
          quantityMilli: BigInt(quantity) * 1000n,
          unitPriceMinor: product.priceMinor,
          discountMinor: discount ?? 0n,
          taxTreatment: product.treatment,
          taxRateBps: product.treatment === "standard" ? settings.defaultTaxRateBps : 0,
        }),
      );
      const totals = computeInvoiceTotals(lines, { pricesIncludeTax: false });
      const issueDate = day(issueOffset(plan));
      const terms = customer.paymentTermsDays;
      const dueDate = addDays(issueDate, terms);
      const createdAt = nairobiInstant(issueDate, 7, 30);
      const [invoice] = await tx
        .insert(invoices)
        .values({
          businessId,
          customerId: customer.id,
          createdByUserId: ownerId,
          invoiceNumber: plan.draft ? null : (numbers.get(plan.key) ?? null),
          status: plan.draft ? "draft" : "sent",
          issueDate,
          dueDate,
          paymentTermsDays: terms,
          currency,
          exchangeRate: plan.exchangeRate ?? "1",
          pricesIncludeTax: false,
          subtotalMinor: totals.subtotalMinor,
          discountMinor: totals.discountMinor,
          taxMinor: totals.taxMinor,
          totalMinor: totals.totalMinor,
          notes: plan.notes ?? settings.defaultNotes,
          terms: settings.defaultTerms,
          publicToken: `demo${Array.from({ length: 39 }, () => "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"[Math.floor(random() * 57)]).join("")}`,
          sentAt: plan.draft ? null : nairobiInstant(issueDate, 8, 0),
          lastEmailedAt: plan.draft || !customer.email ? null : nairobiInstant(issueDate, 8, 0),
          recurringInvoiceId: plan.recurringRun ? recurring.scheduleId : null,
          recurringRunDate: plan.recurringRun ? issueDate : null,
          createdAt,
          updatedAt: createdAt,
        })
        .returning();
      if (!invoice) throw new Error(`invoice ${plan.key} insert failed`);
      await tx.insert(invoiceItems).values(
        lines.map((line, position) => {
          const computed = totals.lines[position];
          if (!computed) throw new Error("line totals missing");
          return {
            invoiceId: invoice.id,
            businessId,
            position,
            description: line.description,
            quantityMilli: line.quantityMilli,
            unitPriceMinor: line.unitPriceMinor,
            discountMinor: line.discountMinor,
            taxTreatment: line.taxTreatment,
            taxRateBps: computed.taxRateBps,
            netMinor: computed.netMinor,
            taxMinor: computed.taxMinor,
            totalMinor: computed.totalMinor,
          };
        }),
      );
      await activity(invoice.id, "invoice.created", createdAt, { lineCount: lines.length });
      if (plan.key === "braeburn-template") {
        const runs = PLAN.filter((candidate) => candidate.recurringRun).length;
        const [schedule] = await tx
          .insert(recurringInvoices)
          .values({
            businessId,
            customerId: customer.id,
            frequency: "monthly",
            templateInvoiceId: invoice.id,
            startDate: scheduleStart,
            nextRunDate: occurrence(scheduleStart, "monthly", runs + 1),
            autoSend: true,
            runCount: runs,
            lastRunAt: nairobiInstant(occurrence(scheduleStart, "monthly", runs), 6, 0),
            createdByUserId: ownerId,
            createdAt,
          })
          .returning({ id: recurringInvoices.id });
        recurring.scheduleId = schedule?.id ?? null;
      }
      if (plan.draft) continue;
      await activity(
        invoice.id,
        customer.email ? "invoice.sent" : "invoice.issued",
        nairobiInstant(issueDate, 8, 0),
        {
          invoiceNumber: invoice.invoiceNumber,
          ...(customer.email ? { to: customer.email } : {}),
        },
      );

      let state = {
        totalMinor: invoice.totalMinor,
        creditedMinor: 0n,
        amountPaidMinor: 0n,
        paidAt: null as Date | null,
      };
      for (const planned of plan.payments ?? []) {
        const owed = balanceDueMinor(state);
        const received =
          planned.amountMinor ??
          (planned.share === 1
            ? owed
            : BigInt(Math.round((Number(owed) * (planned.share ?? 1)) / 100)) * 100n);
        const { appliedMinor, creditedMinor } = allocatePayment(received, owed);
        const paidAt = nairobiInstant(day(planned.day), 10 + (paymentCount % 7), (paymentCount * 17) % 60);
        const reference =
          planned.method === "mpesa"
            ? receipt()
            : planned.method === "bank"
              ? `FT${day(planned.day).replace(/-/g, "").slice(2)}${paymentCount}`
              : planned.method === "cheque"
                ? `CHQ ${String(100_231 + paymentCount)}`
                : null;
        const [payment] = await tx
          .insert(invoicePayments)
          .values({
            businessId,
            invoiceId: invoice.id,
            amountMinor: received,
            appliedMinor,
            creditedToCustomerMinor: creditedMinor,
            currency,
            method: planned.method,
            reference,
            paidAt,
            source: planned.method === "mpesa" ? "mpesa_c2b" : "manual",
            payerName: planned.method === "mpesa" ? customer.name.toUpperCase().slice(0, 40) : null,
            createdByUserId: planned.method === "mpesa" ? null : ownerId,
            createdAt: paidAt,
          })
          .returning();
        if (!payment) throw new Error("payment insert failed");
        const rate = plan.exchangeRate ?? "1";
        const [booked] = await tx
          .insert(transactions)
          .values({
            businessId,
            createdByUserId: planned.method === "mpesa" ? null : ownerId,
            type: "income",
            status: "completed",
            amountMinor: received,
            currency,
            exchangeRate: rate,
            baseAmountMinor:
              currency === business.baseCurrency ? received : convertAtRate(received, rate, currency),
            categoryId: sales?.id ?? null,
            description: `Payment for invoice ${invoice.invoiceNumber}`,
            paymentMethod: planned.method,
            transactionDate: paidAt,
            referenceNumber: reference,
            externalId: planned.method === "mpesa" && reference ? reference : `invoice-payment:${payment.id}`,
            source: "invoice_payment",
            customerId: customer.id,
            invoiceId: invoice.id,
            metadata: { invoicePaymentId: payment.id, seeded: true },
            createdAt: paidAt,
          })
          .returning({ id: transactions.id });
        await tx
          .update(invoicePayments)
          .set({ transactionId: booked?.id ?? null })
          .where(eq(invoicePayments.id, payment.id));
        if (creditedMinor > 0n) {
          await creditCustomer(
            tx,
            businessId,
            customer.id,
            creditedMinor,
            "overpayment",
            { invoiceId: invoice.id, invoicePaymentId: payment.id },
            paidAt,
          );
        }
        state = {
          ...state,
          amountPaidMinor: state.amountPaidMinor + appliedMinor,
          paidAt:
            state.paidAt ??
            (balanceDueMinor({ ...state, amountPaidMinor: state.amountPaidMinor + appliedMinor }) === 0n
              ? paidAt
              : null),
        };
        await activity(invoice.id, "invoice.payment_recorded", paidAt, {
          invoicePaymentId: payment.id,
          amountMinor: received.toString(),
          appliedMinor: appliedMinor.toString(),
          creditedToCustomerMinor: creditedMinor.toString(),
          method: planned.method,
          reference,
        });
        paymentCount += 1;
      }

      if (plan.creditNote) {
        const note = plan.creditNote;
        const issuedAt = nairobiInstant(day(note.day), 11, 0);
        const { returnedMinor } = allocateCreditNote(note.amountMinor, state);
        const [created] = await tx
          .insert(creditNotes)
          .values({
            businessId,
            invoiceId: invoice.id,
            creditNoteNumber: formatDocumentNumber({
              prefix: settings.creditNotePrefix,
              includeYear: true,
              year: yearOf(day(note.day)),
              padding: settings.padding,
              value: 1 + creditNoteCount,
            }),
            amountMinor: note.amountMinor,
            taxMinor: divideRounded(note.amountMinor * invoice.taxMinor, invoice.totalMinor),
            currency,
            reason: note.reason,
            disposition: "customer_credit",
            returnedMinor,
            issuedAt,
            createdByUserId: ownerId,
            createdAt: issuedAt,
          })
          .returning();
        if (!created) throw new Error("credit note insert failed");
        await tx
          .insert(documentSequences)
          .values({
            businessId,
            kind: "credit_note",
            year: yearOf(day(note.day)),
            lastValue: 1 + creditNoteCount,
          })
          .onConflictDoUpdate({
            target: [documentSequences.businessId, documentSequences.kind, documentSequences.year],
            set: { lastValue: sql`greatest(${documentSequences.lastValue}, excluded.last_value)` },
          });
        if (returnedMinor > 0n) {
          await creditCustomer(
            tx,
            businessId,
            customer.id,
            returnedMinor,
            "credit_note",
            { invoiceId: invoice.id, creditNoteId: created.id },
            issuedAt,
          );
        }
        state = { ...state, creditedMinor: state.creditedMinor + note.amountMinor };
        await activity(invoice.id, "credit_note.issued", issuedAt, {
          creditNoteId: created.id,
          creditNoteNumber: created.creditNoteNumber,
          amountMinor: note.amountMinor.toString(),
          returnedMinor: returnedMinor.toString(),
        });
        creditNoteCount += 1;
      }

      const status = plan.voidReason ? "void" : deriveIssuedStatus({ ...state, dueDate, today: anchor });
      await tx
        .update(invoices)
        .set({
          status,
          amountPaidMinor: state.amountPaidMinor,
          creditedMinor: state.creditedMinor,
          paidAt: status === "paid" ? state.paidAt : null,
          ...(plan.voidReason
            ? { voidedAt: nairobiInstant(addDays(issueDate, 1), 9, 0), voidReason: plan.voidReason }
            : {}),
        })
        .where(eq(invoices.id, invoice.id));
      if (plan.voidReason) {
        await activity(invoice.id, "invoice.voided", nairobiInstant(addDays(issueDate, 1), 9, 0), {
          reason: plan.voidReason,
        });
      }
    }

    // The sequences carry on from the seeded numbers.
    for (const [year, value] of counters) {
      await tx
        .insert(documentSequences)
        .values({ businessId, kind: "invoice", year, lastValue: value })
        .onConflictDoUpdate({
          target: [documentSequences.businessId, documentSequences.kind, documentSequences.year],
          set: { lastValue: sql`greatest(${documentSequences.lastValue}, excluded.last_value)` },
        });
    }
    return { invoices: PLAN.length, payments: paymentCount, creditNotes: creditNoteCount, skipped: false };
  });
}

function convertAtRate(amountMinor: bigint, rate: string, currency: string): bigint {
  // Base minor = amount minor × rate (both currencies have 2 decimals here), half away from zero.
  const [whole = "0", fraction = ""] = rate.split(".");
  const scale = 10n ** BigInt(fraction.length);
  if (currency === "UGX") throw new Error("the seed converts 2-decimal currencies only");
  return divideRounded(amountMinor * BigInt(`${whole}${fraction}`), scale);
}

async function creditCustomer(
  tx: Transaction,
  businessId: string,
  customerId: string,
  amountMinor: bigint,
  reason: "overpayment" | "credit_note",
  links: { invoiceId: string; invoicePaymentId?: string; creditNoteId?: string },
  createdAt: Date,
) {
  await tx.insert(customerCreditEntries).values({
    businessId,
    customerId,
    amountMinor,
    reason,
    invoiceId: links.invoiceId,
    invoicePaymentId: links.invoicePaymentId ?? null,
    creditNoteId: links.creditNoteId ?? null,
    createdAt,
  });
  await tx
    .update(customers)
    .set({ creditBalanceMinor: sql`${customers.creditBalanceMinor} + ${amountMinor}` })
    .where(eq(customers.id, customerId));
}
