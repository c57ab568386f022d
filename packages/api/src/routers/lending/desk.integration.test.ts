import { activityLog } from "@kavi/db";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyLoanRepayment } from "../../services/lending/lifecycle";
import {
  addMember,
  approvedLoan,
  createBusinessFor,
  createTestHarness,
  fieldErrorsOf,
  pdfText,
  refusal,
  SAMPLE_LOAN_PRODUCT,
  type SignedInUser,
  signUpLendingOfficer,
  signUpSuperAdmin,
  signUpUser,
  type TestHarness,
} from "../../testing";

let harness: TestHarness;
let admin: SignedInUser;
let maker: SignedInUser;
let checker: SignedInUser;
let productId: string;

beforeAll(async () => {
  harness = await createTestHarness();
  admin = await signUpSuperAdmin(harness);
  maker = await signUpLendingOfficer(harness, "Maker");
  checker = await signUpLendingOfficer(harness, "Checker");
  productId = (await maker.caller.lending.createProduct(SAMPLE_LOAN_PRODUCT)).id;
});

afterAll(async () => {
  await harness.close();
});

async function auditOf(entityId: string) {
  return harness.db.select().from(activityLog).where(eq(activityLog.entityId, entityId));
}

describe("lending officers (super-admins only)", () => {
  it("adds an existing account by email and removes it, audited; the removed officer loses the desk", async () => {
    const newcomer = await signUpUser(harness, { fullName: "Njeri Mwangi" });
    expect((await refusal(newcomer.caller.lending.access())).code).toBe("NOT_FOUND");
    const added = await admin.caller.lending.officers.add({ email: ` ${newcomer.email.toUpperCase()} ` });
    expect(added.id).toBe(newcomer.id);
    expect(await newcomer.caller.lending.access()).toEqual({ lender: true });
    const list = await admin.caller.lending.officers.list();
    expect(list.find((officer) => officer.userId === newcomer.id)).toMatchObject({
      fullName: "Njeri Mwangi",
      addedByName: "Platform Admin",
    });
    // A second add of the same person is a conflict, named on the field.
    const twice = await refusal(admin.caller.lending.officers.add({ email: newcomer.email }));
    expect(twice.code).toBe("CONFLICT");
    await admin.caller.lending.officers.remove({ userId: newcomer.id });
    expect((await refusal(newcomer.caller.lending.access())).code).toBe("NOT_FOUND");
    expect((await refusal(admin.caller.lending.officers.remove({ userId: newcomer.id }))).code).toBe(
      "NOT_FOUND",
    );
    const audit = await auditOf(newcomer.id);
    expect(audit.map((row) => [row.action, row.actorUserId, row.businessId])).toEqual(
      expect.arrayContaining([
        ["lending_officer.added", admin.id, null],
        ["lending_officer.removed", admin.id, null],
      ]),
    );
  });

  it("refuses an email no account uses, with the field named", async () => {
    const error = await refusal(admin.caller.lending.officers.add({ email: "nobody@example.co.ke" }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(fieldErrorsOf(error).email).toEqual(["No KAVI account uses this email address"]);
    expect(
      fieldErrorsOf(await refusal(admin.caller.lending.officers.add({ email: "not an email" }))).email,
    ).toBeDefined();
  });

  it("answers NOT_FOUND to officers and to business users alike", async () => {
    const owner = await signUpUser(harness, { fullName: "Business Owner" });
    await createBusinessFor(owner);
    for (const user of [maker, owner]) {
      expect((await refusal(user.caller.lending.officers.list())).code).toBe("NOT_FOUND");
      expect((await refusal(user.caller.lending.officers.add({ email: owner.email }))).code).toBe(
        "NOT_FOUND",
      );
      expect((await refusal(user.caller.lending.officers.remove({ userId: checker.id }))).code).toBe(
        "NOT_FOUND",
      );
    }
  });
});

describe("editing and deactivating products", () => {
  it("edits a product (offers show the new terms); a deactivated one is no longer offered or applied for; audited", async () => {
    const product = await maker.caller.lending.createProduct({ ...SAMPLE_LOAN_PRODUCT, name: "Msimu Stock" });
    const owner = await signUpUser(harness, { fullName: "Achieng Otieno" });
    const businessId = (await createBusinessFor(owner)).id;
    const edited = await checker.caller.lending.updateProduct({
      productId: product.id,
      product: {
        ...SAMPLE_LOAN_PRODUCT,
        name: "Msimu Stock Plus",
        maxAmount: "300,000",
        annualInterestRate: "30",
      },
    });
    expect(edited).toMatchObject({
      name: "Msimu Stock Plus",
      maxAmountMinor: 30_000_000n,
      annualInterestRateBps: 3000,
    });
    const offer = (await owner.caller.loans.offers({ businessId })).offers.find(
      (row) => row.id === product.id,
    );
    expect(offer?.name).toBe("Msimu Stock Plus");

    const off = await admin.caller.lending.setProductActive({ productId: product.id, active: false });
    expect(off.active).toBe(false);
    expect((await owner.caller.loans.offers({ businessId })).offers.map((row) => row.id)).not.toContain(
      product.id,
    );
    const refused = await refusal(
      owner.caller.loans.submitApplication({
        businessId,
        productId: product.id,
        amount: "10,000",
        tenor: 2,
        purpose: "Stock",
        payoutPhone: "0712345678",
        documents: [],
      }),
    );
    expect(refused.code).toBe("NOT_FOUND");
    // The desk still lists it, marked inactive, and can offer it again.
    expect((await maker.caller.lending.products()).find((row) => row.id === product.id)?.active).toBe(false);
    await maker.caller.lending.setProductActive({ productId: product.id, active: true });
    expect((await owner.caller.loans.offers({ businessId })).offers.map((row) => row.id)).toContain(
      product.id,
    );

    const audit = await auditOf(product.id);
    expect(audit.map((row) => row.action)).toEqual(
      expect.arrayContaining([
        "loan_product.created",
        "loan_product.updated",
        "loan_product.deactivated",
        "loan_product.activated",
      ]),
    );
    // Business users never reach the desk's procedures, whatever the id.
    expect(
      (await refusal(owner.caller.lending.setProductActive({ productId: product.id, active: false }))).code,
    ).toBe("NOT_FOUND");
    expect(
      (
        await refusal(
          owner.caller.lending.updateProduct({ productId: product.id, product: SAMPLE_LOAN_PRODUCT }),
        )
      ).code,
    ).toBe("NOT_FOUND");
    expect(
      (
        await refusal(
          maker.caller.lending.setProductActive({ productId: crypto.randomUUID(), active: false }),
        )
      ).code,
    ).toBe("NOT_FOUND");
  });
});

describe("loan statement PDF", () => {
  it("shows the schedule, repayments, penalties and balance, in English or Kiswahili, to the business and the desk", async () => {
    const { owner, businessId, loan } = await approvedLoan(
      harness,
      { maker, checker, productId },
      { disbursedAt: new Date("2026-01-10T07:00:00Z") },
    );
    await applyLoanRepayment(harness.serviceContext(), loan.id, {
      amountMinor: 1_110_000n,
      reference: "SHK7PQ2XYZ",
      channel: "stk",
      receivedAt: new Date("2026-02-09T08:00:00Z"),
    });
    const english = await owner.caller.loans.statement({ businessId, loanId: loan.id, language: "en" });
    expect(english.contentType).toBe("application/pdf");
    expect(english.filename).toMatch(
      new RegExp(`^loan-statement-${loan.number}-\\d{4}-\\d{2}-\\d{2}\\.pdf$`),
    );
    const text = pdfText(Buffer.from(english.contentBase64, "base64"));
    expect(text).toContain(`Loan statement ${loan.number}`);
    expect(text).toContain("Repayment schedule");
    // 30,000 + 2,700 interest + 600 fees over three instalments of 11,100; one paid.
    expect(text).toMatch(/Principal \(KES\)\n30000\.00/);
    expect(text).toMatch(/Interest \(KES\)\n2700\.00/);
    expect(text).toMatch(/Total repaid \(KES\)\n11100\.00/);
    expect(text).toMatch(/Balance outstanding \(KES\)\n22200\.00/);
    expect(text).toContain("SHK7PQ2XYZ");
    expect(text).toContain("10 Feb 2026");

    // The reader's own language by default: a Kiswahili profile gets the Kiswahili statement.
    await owner.caller.profile.update({ language: "sw" });
    const swahili = pdfText(
      Buffer.from(
        (await owner.caller.loans.statement({ businessId, loanId: loan.id })).contentBase64,
        "base64",
      ),
    );
    expect(swahili).toContain(`Taarifa ya mkopo ${loan.number}`);
    expect(swahili).toMatch(/Salio linalodaiwa \(KES\)\n22200\.00/);
    expect(swahili).toContain("Ratiba ya marejesho");

    // A viewer may read it; the desk reads any loan's.
    const viewer = await addMember(harness, owner, businessId, "viewer");
    expect((await viewer.caller.loans.statement({ businessId, loanId: loan.id })).filename).toBe(
      english.filename,
    );
    const desk = pdfText(
      Buffer.from(
        (await maker.caller.lending.statement({ loanId: loan.id, language: "en" })).contentBase64,
        "base64",
      ),
    );
    expect(desk).toContain(`Loan statement ${loan.number}`);
  });

  it("keeps each business to its own loans' statements; the desk's is NOT_FOUND to business users", async () => {
    const { loan } = await approvedLoan(harness, { maker, checker, productId });
    const other = await signUpUser(harness, { fullName: "Other Owner" });
    const otherBusiness = (await createBusinessFor(other)).id;
    expect(
      (await refusal(other.caller.loans.statement({ businessId: otherBusiness, loanId: loan.id }))).code,
    ).toBe("NOT_FOUND");
    expect((await refusal(other.caller.lending.statement({ loanId: loan.id }))).code).toBe("NOT_FOUND");
    // Before disbursement the schedule is the planned one and says so.
    const planned = pdfText(
      Buffer.from(
        (await maker.caller.lending.statement({ loanId: loan.id, language: "en" })).contentBase64,
        "base64",
      ),
    );
    expect(planned).toContain("Not disbursed yet");
    expect(planned).toContain("Schedule as it would be if sent today");
    const audit = await harness.db
      .select()
      .from(activityLog)
      .where(and(eq(activityLog.entityId, loan.id), eq(activityLog.action, "loan.approved")));
    expect(audit).toHaveLength(1);
  });
});
