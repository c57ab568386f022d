import { DEVELOPMENT_LENDER_MPESA, registerLenderPaybillUrls } from "@kavi/api/services";
import { createBusinessFor, refusal, type SignedInUser, signUpUser } from "@kavi/api/testing";
import { DarajaClient } from "@kavi/daraja";
import { magicPhoneFor } from "@kavi/daraja/simulator";
import {
  categories,
  lendingCallbacks,
  lendingOfficers,
  loanRepayments,
  loans,
  loanTransfers,
  transactions,
  webhookEndpoints,
  webhookEvents,
} from "@kavi/db";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMpesaTestbed, eventually, type MpesaTestbed } from "./mpesa-testbed";

/**
 * Loan money end to end: the API, the real webhook routes, the worker and the Daraja simulator. The lender is
 * the development lender (its own Paybill 600100 and B2C 600200), separate from the borrowing business's M-Pesa.
 */

let bed: MpesaTestbed;
let maker: SignedInUser;
let checker: SignedInUser;
let productId: string;

const PRODUCT = {
  name: "Biashara Boost",
  description: "Working capital for stock",
  minAmount: "5,000",
  maxAmount: "200,000",
  tenorUnit: "month" as const,
  minTenor: 1,
  maxTenor: 6,
  interestMethod: "flat" as const,
  annualInterestRate: "36",
  feeRate: "2",
  feeFixed: "0",
  penaltyRate: "5",
  penaltyGraceDays: 3,
  minCreditScore: 0,
  active: true,
};

async function officer(name: string) {
  const user = await signUpUser(bed.harness, { fullName: name });
  await bed.harness.db.insert(lendingOfficers).values({ userId: user.id });
  return user;
}

/** A business with an approved loan of `amount` over 3 months, its money to `payoutPhone`. */
async function approvedLoan(payoutPhone = "0712345678", amount = "30,000") {
  const loan = await bed.owner.caller.loans.submitApplication({
    businessId: bed.businessId,
    productId,
    amount,
    tenor: 3,
    purpose: "Stock for December",
    payoutPhone,
    documents: [],
  });
  await maker.caller.lending.recommend({
    applicationId: loan.id,
    recommendation: "approve",
    reason: "Good books",
  });
  await checker.caller.lending.decide({
    applicationId: loan.id,
    decision: "approve",
    reason: "Affordable, agreed",
  });
  return loan;
}

async function loanRow(loanId: string) {
  const [row] = await bed.harness.db.select().from(loans).where(eq(loans.id, loanId));
  if (!row) throw new Error("no loan");
  return row;
}

async function waitForStatus(loanId: string, status: string, what: string) {
  return eventually(async () => ((await loanRow(loanId)).status === status ? true : undefined), 15_000, what);
}

async function transferSettled(transferId: string) {
  return eventually(
    async () => {
      const [row] = await bed.harness.db.select().from(loanTransfers).where(eq(loanTransfers.id, transferId));
      return row && ["paid", "failed", "unmatched"].includes(row.status) ? row : undefined;
    },
    15_000,
    "the transfer to settle",
  );
}

function paybill(billRefNumber: string, amount: number) {
  return new DarajaClient({
    consumerKey: "k",
    consumerSecret: "s",
    environment: "sandbox",
    baseUrl: bed.simulator.url,
  }).c2bSimulate({
    shortCode: DEVELOPMENT_LENDER_MPESA.paybillShortcode,
    commandId: "CustomerPayBillOnline",
    phoneNumber: "0712345126",
    amount,
    billRefNumber,
  });
}

async function paybillTransfer(billRef: string) {
  return eventually(
    async () => {
      const [row] = await bed.harness.db
        .select()
        .from(loanTransfers)
        .where(and(eq(loanTransfers.kind, "paybill"), eq(loanTransfers.accountReference, billRef)));
      return row && ["paid", "failed", "unmatched"].includes(row.status) ? row : undefined;
    },
    15_000,
    `the Paybill payment ${billRef}`,
  );
}

async function ledgerOf(externalId: string) {
  const [row] = await bed.harness.db
    .select({ transaction: transactions, systemKey: categories.systemKey })
    .from(transactions)
    .leftJoin(categories, eq(categories.id, transactions.categoryId))
    .where(and(eq(transactions.businessId, bed.businessId), eq(transactions.externalId, externalId)));
  return row;
}

beforeAll(async () => {
  bed = await createMpesaTestbed();
  maker = await officer("Desk Maker");
  checker = await officer("Desk Checker");
  productId = (await maker.caller.lending.createProduct(PRODUCT)).id;
  await bed.harness.db.insert(webhookEndpoints).values({
    businessId: bed.businessId,
    url: "https://example.co.ke/kavi/hooks",
    events: ["loan.status_changed"],
    secretCiphertext: "not-used-here",
  });
  // The simulator knows the lender's Paybill and its passkey (as Daraja does once the lender goes live).
  bed.simulator.registerPasskey(DEVELOPMENT_LENDER_MPESA.paybillShortcode, DEVELOPMENT_LENDER_MPESA.passkey);
  await registerLenderPaybillUrls({ config: bed.harness.services.config });
}, 60_000);
afterAll(async () => {
  await bed?.close();
});

describe("loan money over the lender's M-Pesa", () => {
  it("disburses, repays by STK and by Paybill, settles early; every callback applied once", async () => {
    const loan = await approvedLoan(magicPhoneFor("success", "duplicated"));

    // Maker-checker: the officer who recommended cannot send the money.
    expect((await refusal(maker.caller.lending.disburse({ loanId: loan.id }))).code).toBe("FORBIDDEN");
    // A business owner is no lender: NOT_FOUND.
    expect((await refusal(bed.owner.caller.lending.disburse({ loanId: loan.id }))).code).toBe("NOT_FOUND");
    const sent = await checker.caller.lending.disburse({ loanId: loan.id });
    expect(sent.status).toBe("queued");
    expect((await loanRow(loan.id)).status).toBe("disbursing");
    // A second press finds the loan already being sent.
    expect((await refusal(checker.caller.lending.disburse({ loanId: loan.id }))).code).toBe("CONFLICT");

    await waitForStatus(loan.id, "active", "the disbursement to be confirmed");
    const disbursement = await transferSettled(sent.id);
    expect(disbursement).toMatchObject({ status: "paid", amountMinor: 3_000_000n });
    // The B2C result came twice (duplicated): one ledger entry, in "Loan proceeds", income-side.
    const proceeds = await ledgerOf(String(disbursement.receipt));
    expect(proceeds?.transaction).toMatchObject({ type: "income", amountMinor: 3_000_000n });
    expect(proceeds?.systemKey).toBe("loan_proceeds");
    const money = await bed.owner.caller.loans.money({ businessId: bed.businessId, loanId: loan.id });
    expect(money.amounts.nextInstalmentMinor).toBe(1_110_000n);
    expect(money.repayable).toBe(true);

    // Repay the next instalment by STK (callback delivered twice).
    const prompt = await bed.owner.caller.loans.repay({
      businessId: bed.businessId,
      loanId: loan.id,
      choice: "next_instalment",
      phone: magicPhoneFor("success", "duplicated"),
    });
    expect(prompt.amountMinor).toBe(1_110_000n);
    const stk = await transferSettled(prompt.id);
    expect(stk).toMatchObject({ status: "paid", failureReason: null });
    const status = await bed.owner.caller.loans.repayment({
      businessId: bed.businessId,
      loanId: loan.id,
      transferId: prompt.id,
    });
    expect(status.status).toBe("paid");
    // 11,100 = fee 200 + interest 900 + principal 10,000. Principal is a loan repayment; the rest a finance cost.
    const principal = await ledgerOf(`${stk.receipt}-P`);
    const charges = await ledgerOf(`${stk.receipt}-C`);
    expect(principal?.transaction).toMatchObject({ type: "expense", amountMinor: 1_000_000n });
    expect(principal?.systemKey).toBe("loan_repayments");
    expect(charges?.transaction).toMatchObject({ type: "expense", amountMinor: 110_000n });
    expect(charges?.systemKey).toBe("loan_charges");

    // By Paybill, the loan number typed loosely: matched, confirmed, applied.
    const loose = ` ${loan.number.toLowerCase().replace("ln", "ln ")} `;
    await paybill(loose, 5_000);
    const viaPaybill = await paybillTransfer(loose.trim());
    expect(viaPaybill).toMatchObject({ status: "paid", loanId: loan.id, amountMinor: 500_000n });

    // The same confirmation posted again (Daraja retries): stored once, applied once.
    const [stored] = await bed.harness.db
      .select()
      .from(lendingCallbacks)
      .where(
        and(
          eq(lendingCallbacks.kind, "c2b_confirmation"),
          eq(lendingCallbacks.dedupeKey, String(viaPaybill.receipt)),
        ),
      );
    const replay = await fetch(
      `${bed.webhookUrl}/api/webhooks/lender/${DEVELOPMENT_LENDER_MPESA.callbackToken}/c2b/confirmation`,
      { method: "POST", headers: { "content-type": "application/json" }, body: stored?.rawBody },
    );
    expect(replay.status).toBe(200);
    // A wrong token is refused.
    const forged = await fetch(
      `${bed.webhookUrl}/api/webhooks/lender/not-the-lender-token-at-all/c2b/confirmation`,
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: stored?.rawBody,
      },
    );
    expect(forged.status).toBe(404);

    // Settle early: the rest, with later months' unpaid interest waived (the Paybill payment already paid month
    // 2's fee and interest, so month 3's 900 is what is waived).
    const before = await bed.owner.caller.loans.money({ businessId: bed.businessId, loanId: loan.id });
    expect(before.amounts.settleMinor).toBe(3_330_000n - 1_110_000n - 500_000n - 90_000n);
    const settle = await bed.owner.caller.loans.repay({
      businessId: bed.businessId,
      loanId: loan.id,
      choice: "settle",
      phone: magicPhoneFor("success"),
    });
    expect(settle.amountMinor).toBe(1_630_000n);
    await transferSettled(settle.id);
    await waitForStatus(loan.id, "settled", "the loan to be settled");

    const repayments = await bed.harness.db
      .select()
      .from(loanRepayments)
      .where(eq(loanRepayments.loanId, loan.id));
    expect(repayments).toHaveLength(3);
    expect(repayments.reduce((sum, row) => sum + row.amountMinor, 0n)).toBe(3_240_000n);
    expect(repayments.reduce((sum, row) => sum + row.principalMinor, 0n)).toBe(3_000_000n);
    // loan.status_changed: disbursing, active, settled.
    const events = await bed.harness.db
      .select()
      .from(webhookEvents)
      .where(
        and(eq(webhookEvents.businessId, bed.businessId), eq(webhookEvents.type, "loan.status_changed")),
      );
    const statuses = events
      .map((event) => (JSON.parse(event.body) as { data?: { loanId?: string; status?: string } }).data)
      .filter((data) => data?.loanId === loan.id)
      .map((data) => data?.status);
    expect(statuses).toEqual(expect.arrayContaining(["disbursing", "active", "settled"]));

    // Profit and loss leaves the loan and its principal out; the finance costs stay in.
    const pnl = await bed.owner.caller.reports.profitAndLoss({
      businessId: bed.businessId,
      from: "2025-01-01",
      to: "2029-12-31",
    });
    const lineKeys = [...pnl.income, ...pnl.expenses].map((line) => line.name);
    expect(lineKeys).not.toContain("Loan proceeds");
    expect(lineKeys).not.toContain("Loan repayments");
    expect(lineKeys).toContain("Loan interest and charges");
  }, 90_000);

  it("a failed disbursement puts the loan back to approved with the reason", async () => {
    const other = await signUpUser(bed.harness, { fullName: "Third Officer" });
    await bed.harness.db.insert(lendingOfficers).values({ userId: other.id });
    const loan = await approvedLoanForNewBusiness(magicPhoneFor("insufficient-funds"));
    const sent = await other.caller.lending.disburse({ loanId: loan.id });
    const failed = await transferSettled(sent.id);
    expect(failed.status).toBe("failed");
    expect(failed.failureReason).toBeTruthy();
    expect((await loanRow(loan.id)).status).toBe("approved");
    const desk = await other.caller.lending.transfers({ loanId: loan.id });
    expect(desk[0]).toMatchObject({ kind: "disbursement", status: "failed" });
  }, 60_000);

  it("keeps a Paybill payment naming no loan for the desk, never lost", async () => {
    await paybill("LN999999", 700);
    const stray = await paybillTransfer("LN999999");
    expect(stray).toMatchObject({ status: "unmatched", loanId: null, amountMinor: 70_000n });
    const unmatched = await checker.caller.lending.unmatchedPayments();
    expect(unmatched.map((row) => row.id)).toContain(stray.id);
  }, 30_000);

  it("answers NOT_FOUND for another business's loan", async () => {
    const stranger = await signUpUser(bed.harness, { fullName: "Stranger" });
    const theirs = await createBusinessFor(stranger);
    const [anyLoan] = await bed.harness.db.select().from(loans).where(eq(loans.businessId, bed.businessId));
    const loanId = String(anyLoan?.id);
    expect((await refusal(stranger.caller.loans.money({ businessId: theirs.id, loanId }))).code).toBe(
      "NOT_FOUND",
    );
    expect(
      (
        await refusal(
          stranger.caller.loans.repay({
            businessId: theirs.id,
            loanId,
            choice: "next_instalment",
            phone: "0712345678",
          }),
        )
      ).code,
    ).toBe("NOT_FOUND");
    expect((await refusal(stranger.caller.loans.money({ businessId: bed.businessId, loanId }))).code).toBe(
      "NOT_FOUND",
    );
  });
});

/** A loan of a fresh business (the testbed's business has one open application at a time). */
async function approvedLoanForNewBusiness(payoutPhone: string) {
  const owner = await signUpUser(bed.harness, { fullName: "Wanjiku Kamau" });
  const business = await createBusinessFor(owner);
  const loan = await owner.caller.loans.submitApplication({
    businessId: business.id,
    productId,
    amount: "20,000",
    tenor: 2,
    purpose: "Stock",
    payoutPhone,
    documents: [],
  });
  await maker.caller.lending.recommend({
    applicationId: loan.id,
    recommendation: "approve",
    reason: "Good books",
  });
  await checker.caller.lending.decide({
    applicationId: loan.id,
    decision: "approve",
    reason: "Affordable, agreed",
  });
  return loan;
}
