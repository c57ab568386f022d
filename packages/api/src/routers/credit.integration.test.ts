import { creditScores } from "@kavi/db";
import { addDays, localDateOf } from "@kavi/domain";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refreshCreditScore } from "../services/credit";
import {
  createBusinessFor,
  createTestHarness,
  pdfText,
  refusal,
  signUpUser,
  type TestHarness,
} from "../testing";

let harness: TestHarness;

beforeAll(async () => {
  harness = await createTestHarness();
});
afterAll(async () => {
  await harness.close();
});

const deps = () => harness.serviceContext();

async function businessWithBooks(days: number) {
  const user = await signUpUser(harness);
  const id = (await createBusinessFor(user)).id;
  const today = localDateOf(new Date(), "Africa/Nairobi");
  const list = await user.caller.categories.list({ businessId: id });
  const category = (key: string) => String(list.find((item) => item.systemKey === key)?.id);
  for (let day = days; day >= 1; day -= 5) {
    await user.caller.transactions.create({
      businessId: id,
      type: "income",
      amount: "30,000",
      paymentMethod: "mpesa",
      categoryId: category("sales"),
      transactionDate: addDays(today, -day),
    });
    await user.caller.transactions.create({
      businessId: id,
      type: "expense",
      amount: "18,000",
      categoryId: category("rent"),
      transactionDate: addDays(today, -day),
    });
  }
  return { user, id };
}

describe("credit score", () => {
  it("scores from the books, stores a monthly history, and issues a report a lender can verify", async () => {
    const { user, id } = await businessWithBooks(130);
    const view = await user.caller.credit.get({ businessId: id });
    expect(view.current.status).toBe("scored");
    expect(view.current.score).toBeGreaterThanOrEqual(300);
    expect(view.current.score).toBeLessThanOrEqual(850);
    expect(view.current.factors).toHaveLength(12);

    const refreshed = await refreshCreditScore(deps(), id);
    expect(refreshed?.backfilled).toBe(11);
    expect((await refreshCreditScore(deps(), id))?.backfilled).toBe(0);
    const rows = await harness.db.select().from(creditScores).where(eq(creditScores.businessId, id));
    expect(rows).toHaveLength(12);
    const stored = await user.caller.credit.get({ businessId: id });
    expect(stored.live).toBe(false);
    expect(stored.history).toHaveLength(12);

    const report = await user.caller.credit.issueReport({ businessId: id });
    expect(report.code).toMatch(/^KV-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(Buffer.from(report.contentBase64, "base64").subarray(0, 5).toString()).toBe("%PDF-");

    const { caller: anonymous } = await harness.client();
    const verified = await anonymous.publicCreditReports.verify({ code: report.code.toLowerCase() });
    expect(Object.keys(verified).sort()).toEqual([
      "band",
      "businessName",
      "code",
      "issuedOn",
      "issuer",
      "score",
    ]);
    expect(verified).toMatchObject({ issuer: "KAVI", score: stored.current.score, code: report.code });
    const wrong = await refusal(anonymous.publicCreditReports.verify({ code: "KV-0000-0000-0000-0000" }));
    expect(wrong.code).toBe("NOT_FOUND");
    expect((await user.caller.credit.reports({ businessId: id }))[0]?.code).toBe(report.code);
    expect(pdfText(Buffer.from(report.contentBase64, "base64"))).toContain("KAVI credit report");
  });

  it("words the report PDF in the requesting owner's language", async () => {
    const { user, id } = await businessWithBooks(130);
    await user.caller.profile.update({ language: "sw" });
    const swahili = pdfText(
      Buffer.from((await user.caller.credit.issueReport({ businessId: id })).contentBase64, "base64"),
    );
    expect(swahili).toContain("Ripoti ya mkopo ya KAVI");
    expect(swahili).toContain("Vigezo");
    expect(swahili).not.toContain("Factors");
  });

  it("says not enough history below three months, and will not issue a report then", async () => {
    const { user, id } = await businessWithBooks(20);
    const view = await user.caller.credit.get({ businessId: id });
    expect(view.current).toMatchObject({ score: null, status: "insufficient_history" });
    const refused = await refusal(user.caller.credit.issueReport({ businessId: id }));
    expect(refused.code).toBe("BAD_REQUEST");
  });

  it("keeps scores to their business", async () => {
    const { id } = await businessWithBooks(10);
    const stranger = await signUpUser(harness);
    await createBusinessFor(stranger);
    expect((await refusal(stranger.caller.credit.get({ businessId: id }))).code).toBe("NOT_FOUND");
    expect((await refusal(stranger.caller.credit.issueReport({ businessId: id }))).code).toBe("NOT_FOUND");
  });
});
