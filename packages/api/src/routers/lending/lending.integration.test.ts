import { activityLog, lendingOfficers, webhookEndpoints, webhookEvents } from "@kavi/db";
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accrueLoanPenalties, activateLoan, applyLoanRepayment } from "../../services/lending/lifecycle";
import {
  addMember,
  createBusinessFor,
  createTestHarness,
  fieldErrorsOf,
  refusal,
  type SignedInUser,
  signUpUser,
  type TestHarness,
} from "../../testing";

let harness: TestHarness;
let maker: SignedInUser;
let checker: SignedInUser;
let productId: string;

// A real 1×1 PNG: KYC documents are checked by their bytes.
const PNG = Uint8Array.from(
  Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
    "base64",
  ),
);

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

async function lendingOfficer(): Promise<SignedInUser> {
  const user = await signUpUser(harness, { fullName: "Desk Officer" });
  await harness.db.insert(lendingOfficers).values({ userId: user.id });
  return user;
}

async function uploadKyc(user: SignedInUser, businessId: string, fileName: string): Promise<string> {
  const { fileId, upload } = await user.caller.loans.requestDocumentUpload({
    businessId,
    fileName,
    contentType: "image/png",
    size: PNG.length,
  });
  const put = await fetch(upload.url, { method: "PUT", headers: upload.headers, body: PNG });
  expect(put.ok).toBe(true);
  await user.caller.loans.completeDocument({ businessId, fileId });
  return fileId;
}

async function applicant() {
  const owner = await signUpUser(harness, { fullName: "Achieng Otieno" });
  const businessId = (await createBusinessFor(owner)).id;
  return { owner, businessId };
}

beforeAll(async () => {
  harness = await createTestHarness();
  maker = await lendingOfficer();
  checker = await lendingOfficer();
  productId = (await maker.caller.lending.createProduct(PRODUCT)).id;
});
afterAll(async () => {
  await harness.close();
});

describe("lending desk access", () => {
  it("answers NOT_FOUND to anyone not on the desk, business owners included", async () => {
    const { owner } = await applicant();
    expect((await refusal(owner.caller.lending.queue())).code).toBe("NOT_FOUND");
    expect((await refusal(owner.caller.lending.createProduct(PRODUCT))).code).toBe("NOT_FOUND");
    expect(await maker.caller.lending.access()).toEqual({ lender: true });
  });

  it("refuses a product whose range is upside down, with the field named", async () => {
    const error = await refusal(
      maker.caller.lending.createProduct({ ...PRODUCT, minAmount: "9,000", maxAmount: "1,000" }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect(fieldErrorsOf(error).maxAmount).toBeDefined();
  });
});

describe("applying", () => {
  it("shows the offers a business qualifies for, with an exact example", async () => {
    const { owner, businessId } = await applicant();
    const { offers } = await owner.caller.loans.offers({ businessId });
    const offer = offers.find((candidate) => candidate.id === productId);
    expect(offer?.example.totalMinor).toBe(
      (offer?.example.principalMinor ?? 0n) +
        (offer?.example.interestMinor ?? 0n) +
        (offer?.example.feesMinor ?? 0n),
    );
    // KES 200,000 at 36 % flat over 6 months is KES 36,000 interest; the 2 % fee is KES 4,000.
    expect(offer?.example.interestMinor).toBe(3_600_000n);
    expect(offer?.example.feesMinor).toBe(400_000n);
  });

  it("says what score the products it does not qualify for ask, so an empty list can say so", async () => {
    const { owner, businessId } = await applicant();
    // A new business has no score yet; every product here asks for none.
    expect(await owner.caller.loans.offers({ businessId })).toMatchObject({ score: null, scoreNeeded: null });
    const picky = await maker.caller.lending.createProduct({
      ...PRODUCT,
      name: "Biashara Premium",
      minCreditScore: 650,
    });
    try {
      const answer = await owner.caller.loans.offers({ businessId });
      expect(answer.scoreNeeded).toBe(650);
      expect(answer.offers.map((offer) => offer.id)).not.toContain(picky.id);
    } finally {
      await maker.caller.lending.setProductActive({ productId: picky.id, active: false });
    }
    expect((await owner.caller.loans.offers({ businessId })).scoreNeeded).toBeNull();
  });

  it("refuses amounts and tenors outside the product, and a second open application", async () => {
    const { owner, businessId } = await applicant();
    const base = {
      businessId,
      productId,
      amount: "50,000",
      tenor: 3,
      purpose: "Stock for December",
      payoutPhone: "0712345678",
      documents: [],
    };
    expect(
      fieldErrorsOf(await refusal(owner.caller.loans.submitApplication({ ...base, amount: "900,000" })))
        .amount,
    ).toBeDefined();
    expect(
      fieldErrorsOf(await refusal(owner.caller.loans.submitApplication({ ...base, tenor: 12 }))).tenor,
    ).toBeDefined();
    await owner.caller.loans.submitApplication(base);
    expect((await refusal(owner.caller.loans.submitApplication(base))).code).toBe("CONFLICT");
  });

  it("keeps every business to its own loans and documents", async () => {
    const a = await applicant();
    const b = await applicant();
    const fileOfB = await uploadKyc(b.owner, b.businessId, "id.png");
    const loanOfB = await b.owner.caller.loans.submitApplication({
      businessId: b.businessId,
      productId,
      amount: "10,000",
      tenor: 2,
      purpose: "Restock",
      payoutPhone: "0712345678",
      documents: [{ kind: "national_id", fileId: fileOfB }],
    });
    expect(
      (await refusal(a.owner.caller.loans.get({ businessId: a.businessId, loanId: loanOfB.id }))).code,
    ).toBe("NOT_FOUND");
    expect(
      (await refusal(a.owner.caller.loans.withdraw({ businessId: a.businessId, loanId: loanOfB.id }))).code,
    ).toBe("NOT_FOUND");
    // B's file cannot be attached to A's application.
    const error = await refusal(
      a.owner.caller.loans.submitApplication({
        businessId: a.businessId,
        productId,
        amount: "10,000",
        tenor: 2,
        purpose: "Restock",
        payoutPhone: "0712345678",
        documents: [{ kind: "national_id", fileId: fileOfB }],
      }),
    );
    expect(error.code).toBe("NOT_FOUND");
    expect(await a.owner.caller.loans.list({ businessId: a.businessId })).toEqual([]);
  });

  it("lets a viewer follow loans but not apply", async () => {
    const { owner, businessId } = await applicant();
    const viewer = await addMember(harness, owner, businessId, "viewer");
    expect(await viewer.caller.loans.list({ businessId })).toEqual([]);
    const error = await refusal(
      viewer.caller.loans.submitApplication({
        businessId,
        productId,
        amount: "10,000",
        tenor: 2,
        purpose: "Stock",
        payoutPhone: "0712345678",
        documents: [],
      }),
    );
    expect(error.code).toBe("FORBIDDEN");
  });
});

describe("review with maker-checker", () => {
  it("shows decision support, needs a second person to decide, and audits every step with its reason", async () => {
    const { owner, businessId } = await applicant();
    const documents = [
      { kind: "national_id" as const, fileId: await uploadKyc(owner, businessId, "id.png") },
      { kind: "kra_pin_certificate" as const, fileId: await uploadKyc(owner, businessId, "pin.png") },
    ];
    const loan = await owner.caller.loans.submitApplication({
      businessId,
      productId,
      amount: "60,000",
      tenor: 3,
      purpose: "Buy maize flour stock before the holidays",
      payoutPhone: "0712 345 678",
      documents,
    });
    expect(loan.number).toMatch(/^LN\d{6}$/);
    expect(loan.payoutPhone).toBe("+254712345678");

    const queue = await maker.caller.lending.queue();
    expect(queue.map((item) => item.id)).toContain(loan.id);
    const review = await maker.caller.lending.review({ loanId: loan.id });
    expect(review.kyc).toEqual([
      { kind: "national_id", provided: true },
      { kind: "kra_pin_certificate", provided: true },
      { kind: "registration_certificate", provided: false },
      { kind: "bank_or_mpesa_statement", provided: false },
    ]);
    expect(review.documents).toHaveLength(2);
    expect((await fetch(review.documents[0]?.url ?? "")).ok).toBe(true);
    // 60,000 + 3 × 1,800 interest + 1,200 fee over 3 months: the largest instalment is KES 22,200.
    expect(review.affordability.instalmentMinor).toBe(2_220_000n);
    expect(review.schedule.totalMinor).toBe(6_000_000n + 540_000n + 120_000n);

    // A decision needs a recommendation first.
    expect(
      (
        await refusal(
          checker.caller.lending.decide({
            applicationId: loan.id,
            decision: "approve",
            reason: "Looks fine",
          }),
        )
      ).code,
    ).toBe("CONFLICT");
    await maker.caller.lending.recommend({
      applicationId: loan.id,
      recommendation: "approve",
      reason: "Steady M-Pesa inflow",
    });
    // The maker cannot also be the checker.
    expect(
      (
        await refusal(
          maker.caller.lending.decide({
            applicationId: loan.id,
            decision: "approve",
            reason: "Approving my own",
          }),
        )
      ).code,
    ).toBe("FORBIDDEN");
    // A reason is required.
    expect(
      (
        await refusal(
          checker.caller.lending.decide({ applicationId: loan.id, decision: "approve", reason: "" }),
        )
      ).code,
    ).toBe("BAD_REQUEST");
    const approved = await checker.caller.lending.decide({
      applicationId: loan.id,
      decision: "approve",
      reason: "Affordable, KYC in order",
    });
    expect(approved.status).toBe("approved");
    expect(approved.decidedByUserId).toBe(checker.id);
    expect(
      (
        await refusal(
          checker.caller.lending.decide({
            applicationId: loan.id,
            decision: "decline",
            reason: "Changed my mind",
          }),
        )
      ).code,
    ).toBe("CONFLICT");

    const audit = await harness.db
      .select()
      .from(activityLog)
      .where(and(eq(activityLog.entityType, "loan"), eq(activityLog.entityId, loan.id)))
      .orderBy(activityLog.createdAt);
    expect(audit.map((row) => [row.action, row.businessId])).toEqual([
      ["loan.applied", businessId],
      ["loan.recommended", businessId],
      ["loan.approved", businessId],
    ]);
    expect(audit[2]?.metadata).toMatchObject({ reason: "Affordable, KYC in order" });
    expect(audit[1]?.actorUserId).toBe(maker.id);

    const detail = await owner.caller.loans.get({ businessId, loanId: loan.id });
    expect(detail.loan.status).toBe("approved");
    expect(detail.preview?.totalMinor).toBe(6_660_000n);
  });

  it("lets a business withdraw before the decision, not after", async () => {
    const { owner, businessId } = await applicant();
    const loan = await owner.caller.loans.submitApplication({
      businessId,
      productId,
      amount: "10,000",
      tenor: 1,
      purpose: "Stock",
      payoutPhone: "0712345678",
      documents: [],
    });
    await maker.caller.lending.recommend({
      applicationId: loan.id,
      recommendation: "decline",
      reason: "No statements provided",
    });
    const declined = await checker.caller.lending.decide({
      applicationId: loan.id,
      decision: "decline",
      reason: "No statements provided",
    });
    expect(declined.status).toBe("declined");
    expect((await refusal(owner.caller.loans.withdraw({ businessId, loanId: loan.id }))).code).toBe(
      "CONFLICT",
    );
  });
});

describe("webhooks", () => {
  it("announces each step of an application as loan.status_changed to the business's subscribed endpoints", async () => {
    const { owner, businessId } = await applicant();
    // Written straight in: the endpoint's address checks are the webhooks tests' concern, not this one's.
    await harness.db.insert(webhookEndpoints).values({
      businessId,
      url: "https://example.co.ke/kavi/hooks",
      events: ["loan.status_changed"],
      secretCiphertext: "not-used-here",
    });
    const loan = await owner.caller.loans.submitApplication({
      businessId,
      productId,
      amount: "20,000",
      tenor: 3,
      purpose: "Restock school uniforms for January",
      payoutPhone: "0712 345 678",
      documents: [],
    });
    await maker.caller.lending.recommend({
      applicationId: loan.id,
      recommendation: "approve",
      reason: "Steady M-Pesa inflows",
    });
    await checker.caller.lending.decide({ applicationId: loan.id, decision: "approve", reason: "Agreed" });
    const events = await harness.db
      .select()
      .from(webhookEvents)
      .where(eq(webhookEvents.businessId, businessId))
      .orderBy(asc(webhookEvents.createdAt));
    const data = events.map((event) => {
      expect(event.type).toBe("loan.status_changed");
      return (JSON.parse(event.body) as { data: Record<string, unknown> }).data;
    });
    expect(data).toMatchObject([
      { loanId: loan.id, loanNumber: loan.number, status: "submitted", reason: null },
      { status: "recommended", reason: "Steady M-Pesa inflows" },
      { status: "approved", reason: "Agreed", principal: { amount: "20000.00", currency: "KES" } },
    ]);
  });
});

describe("lifecycle after approval (services the M-Pesa paths will call)", () => {
  it("disburses, repays with a split, charges a penalty on arrears, settles, and shows in the portfolio", async () => {
    const { owner, businessId } = await applicant();
    const loan = await owner.caller.loans.submitApplication({
      businessId,
      productId,
      amount: "30,000",
      tenor: 3,
      purpose: "Stock",
      payoutPhone: "0712345678",
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
      reason: "Agreed, affordable",
    });
    const ctx = harness.serviceContext();
    await activateLoan(ctx, loan.id, new Date("2026-01-10T07:00:00Z"), "Africa/Nairobi");
    // A second activation is refused: the schedule exists once.
    await expect(activateLoan(ctx, loan.id, new Date(), "Africa/Nairobi")).rejects.toMatchObject({
      code: "CONFLICT",
    });

    const detail = await owner.caller.loans.get({ businessId, loanId: loan.id });
    // 30,000 + 3 × 900 interest + 600 fee = 33,300 over 3 instalments of 11,100.
    expect(detail.instalments.map((row) => row.dueDate)).toEqual(["2026-02-10", "2026-03-10", "2026-04-10"]);
    expect(detail.instalments.map((row) => row.principalMinor + row.interestMinor + row.feeMinor)).toEqual([
      1_110_000n,
      1_110_000n,
      1_110_000n,
    ]);

    const first = await applyLoanRepayment(ctx, loan.id, {
      amountMinor: 1_110_000n,
      reference: `STK${loan.number}1`,
      channel: "stk",
      receivedAt: new Date("2026-02-09T08:00:00Z"),
    });
    expect([first.feeMinor, first.interestMinor, first.principalMinor]).toEqual([
      20_000n,
      90_000n,
      1_000_000n,
    ]);
    // The same receipt reported twice is applied once.
    const again = await applyLoanRepayment(ctx, loan.id, {
      amountMinor: 1_110_000n,
      reference: `STK${loan.number}1`,
      channel: "stk",
      receivedAt: new Date("2026-02-09T08:00:00Z"),
    });
    expect(again.id).toBe(first.id);

    // The second instalment is missed: 5 % per 30 days on 11,100 after 3 grace days; 30 days past the grace → 555.
    expect(await accrueLoanPenalties(ctx, loan.id, "2026-04-12")).toBe(55_500n);
    expect(await accrueLoanPenalties(ctx, loan.id, "2026-04-12")).toBe(0n);
    harness.setNow(new Date("2026-04-12T09:00:00Z"));
    const portfolio = await maker.caller.lending.portfolio();
    expect(portfolio.inArrearsCount).toBeGreaterThanOrEqual(1);
    expect(portfolio.disbursedMinor).toBeGreaterThanOrEqual(3_000_000n);

    // Settles everything by Paybill: the penalty first, then the rest.
    const settle = await applyLoanRepayment(ctx, loan.id, {
      amountMinor: 2_220_000n + 55_500n,
      reference: `PB${loan.number}2`,
      channel: "paybill",
      receivedAt: new Date("2026-04-12T10:00:00Z"),
    });
    expect(settle.penaltyMinor).toBe(55_500n);
    expect(settle.unappliedMinor).toBe(0n);
    const settled = await owner.caller.loans.get({ businessId, loanId: loan.id });
    expect(settled.loan.status).toBe("settled");
    expect(settled.repayments).toHaveLength(2);
  });
});
