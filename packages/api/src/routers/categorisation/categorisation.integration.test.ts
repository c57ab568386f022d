import { type FakeGemini, startFakeGemini } from "@kavi/ai/fake";
import { activityLog, aiUsageDaily, categoryRules, transactions } from "@kavi/db";
import { ZImportMappingSchema } from "@kavi/domain";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../../services/activity";
import { aiSettingsFromEnv } from "../../services/categorisation/config";
import { runCategorisation } from "../../services/categorisation/run";
import type { ServiceContext } from "../../services/service-context";
import { recordTransaction } from "../../services/transactions/record";
import { inTransaction } from "../../services/unit-of-work";
import {
  createBusinessFor,
  createTestHarness,
  refusal,
  type SignedInUser,
  signUpUser,
  type TestHarness,
} from "../../testing";

let harness: TestHarness;
let gemini: FakeGemini;

beforeAll(async () => {
  harness = await createTestHarness();
  gemini = await startFakeGemini();
});
afterAll(async () => {
  await gemini.close();
  await harness.close();
});

async function business() {
  const owner = await signUpUser(harness);
  const { id } = await createBusinessFor(owner);
  const list = await owner.caller.categories.list({ businessId: id });
  const category = (key: string) => {
    const found = list.find((row) => row.systemKey === key);
    if (!found) throw new Error(`no ${key}`);
    return found.id;
  };
  return { owner, businessId: id, category };
}

function deps(ai: { cap?: number; on?: boolean } = {}): ServiceContext {
  return harness.serviceContext({
    ai: aiSettingsFromEnv({
      GEMINI_API_KEY: ai.on === false ? undefined : "test-key",
      GEMINI_BASE_URL: gemini.url,
      GEMINI_MODEL: "gemini-2.5-flash",
      GEMINI_TIMEOUT_MS: 5_000,
      AI_DAILY_REQUESTS_PER_BUSINESS: ai.cap ?? 50,
    }),
  });
}

async function row(transactionId: string) {
  const [found] = await harness.db.select().from(transactions).where(eq(transactions.id, transactionId));
  return found;
}

const expense = (
  owner: SignedInUser,
  businessId: string,
  description: string,
  extra: Record<string, unknown> = {},
) =>
  owner.caller.transactions.create({
    businessId,
    type: "expense",
    amount: "1500",
    description,
    transactionDate: "2026-11-02",
    paymentMethod: "mpesa",
    ...extra,
  });

describe("category rules", () => {
  it("are written, listed, changed and deleted, with activity", async () => {
    const { owner, businessId, category } = await business();
    const created = await owner.caller.categorisation.rules.create({
      businessId,
      categoryId: category("utilities"),
      field: "description",
      text: "KPLC",
      minAmount: "100",
      maxAmount: "10,000",
    });
    expect(created).toMatchObject({
      text: "KPLC",
      minAmount: "100.00",
      maxAmount: "10000.00",
      categoryKind: "expense",
    });
    const updated = await owner.caller.categorisation.rules.update({
      businessId,
      ruleId: created.id,
      categoryId: category("utilities"),
      text: "Kenya Power",
      priority: 5,
    });
    expect(updated).toMatchObject({ text: "Kenya Power", priority: 5, minAmount: null });
    expect((await owner.caller.categorisation.rules.list({ businessId })).map((rule) => rule.id)).toEqual([
      created.id,
    ]);
    await owner.caller.categorisation.rules.delete({ businessId, ruleId: created.id });
    expect(await owner.caller.categorisation.rules.list({ businessId })).toEqual([]);
    const actions = await harness.db
      .select({ action: activityLog.action })
      .from(activityLog)
      .where(eq(activityLog.entityId, created.id));
    expect(actions.map((entry) => entry.action).sort()).toEqual([
      "category_rule.created",
      "category_rule.deleted",
      "category_rule.updated",
    ]);
  });

  it("refuse a rule without a condition, a range upside down, and an archived category", async () => {
    const { owner, businessId, category } = await business();
    expect(
      (await refusal(owner.caller.categorisation.rules.create({ businessId, categoryId: category("rent") })))
        .code,
    ).toBe("BAD_REQUEST");
    const range = await refusal(
      owner.caller.categorisation.rules.create({
        businessId,
        categoryId: category("rent"),
        minAmount: "500",
        maxAmount: "100",
      }),
    );
    expect(range.code).toBe("BAD_REQUEST");
    await owner.caller.categories.archive({ businessId, categoryId: category("marketing") });
    const archived = await refusal(
      owner.caller.categorisation.rules.create({
        businessId,
        categoryId: category("marketing"),
        text: "ads",
      }),
    );
    expect(archived.message).toContain("archived");
  });

  it("categorise typed transactions in the same transaction, by priority, never over a person's choice", async () => {
    const { owner, businessId, category } = await business();
    const utilities = await owner.caller.categorisation.rules.create({
      businessId,
      categoryId: category("utilities"),
      text: "kplc",
      priority: 10,
    });
    await owner.caller.categorisation.rules.create({
      businessId,
      categoryId: category("equipment"),
      text: "kplc meter",
      priority: 20,
    });
    // Cash only, between KES 100 and 1,000 (the amount is in the base currency).
    await owner.caller.categorisation.rules.create({
      businessId,
      categoryId: category("transport_fuel"),
      paymentMethod: "cash",
      minAmount: "100",
      maxAmount: "1000",
    });
    const kplc = await expense(owner, businessId, "KPLC meter tokens, stall 14");
    expect(await row(kplc.id)).toMatchObject({
      categoryId: category("utilities"),
      categorySource: "rule",
      categoryRuleId: utilities.id,
    });
    const cashFare = await expense(owner, businessId, "Boda to Gikomba", {
      paymentMethod: "cash",
      amount: "300",
    });
    expect(await row(cashFare.id)).toMatchObject({
      categoryId: category("transport_fuel"),
      categorySource: "rule",
    });
    const bigCash = await expense(owner, businessId, "Boda to Gikomba", {
      paymentMethod: "cash",
      amount: "5000",
    });
    expect(await row(bigCash.id)).toMatchObject({ categoryId: null, categorySource: null });
    const chosen = await expense(owner, businessId, "KPLC", { categoryId: category("rent") });
    expect(await row(chosen.id)).toMatchObject({ categoryId: category("rent"), categorySource: "person" });
    // An expense rule never touches money in.
    const income = await owner.caller.transactions.create({
      businessId,
      type: "income",
      amount: "900",
      description: "KPLC refund",
      transactionDate: "2026-11-02",
    });
    expect((await row(income.id))?.categoryId).toBeNull();
    const [counted] = await harness.db.select().from(categoryRules).where(eq(categoryRules.id, utilities.id));
    expect(counted?.matchCount).toBe(1);
    // A person changing the category takes it over.
    await owner.caller.transactions.update({
      businessId,
      transactionId: kplc.id,
      categoryId: category("equipment"),
    });
    expect(await row(kplc.id)).toMatchObject({ categorySource: "person", categoryRuleId: null });
  });

  it("categorise imported rows the file leaves without a category", async () => {
    const { owner, businessId, category } = await business();
    await owner.caller.categorisation.rules.create({
      businessId,
      categoryId: category("utilities"),
      text: "nairobi water",
    });
    const upload = await owner.caller.transactions.import.upload({
      businessId,
      fileName: "bank.csv",
      content:
        "Date,Description,Amount,Category\n2026-11-01,Nairobi Water bill,-1200.00,\n2026-11-02,Nairobi Water deposit,-3000.00,Rent\n2026-11-03,Something else,-50.00,\n",
    });
    const mapping = ZImportMappingSchema.parse(upload.preview?.suggestedMapping);
    await owner.caller.transactions.import.commit({ businessId, importId: upload.importId, mapping });
    const rows = await harness.db
      .select({
        description: transactions.description,
        categoryId: transactions.categoryId,
        categorySource: transactions.categorySource,
      })
      .from(transactions)
      .where(eq(transactions.businessId, businessId));
    expect(rows.sort((a, b) => String(a.description).localeCompare(String(b.description)))).toEqual([
      { description: "Nairobi Water bill", categoryId: category("utilities"), categorySource: "rule" },
      { description: "Nairobi Water deposit", categoryId: category("rent"), categorySource: "import" },
      { description: "Something else", categoryId: null, categorySource: null },
    ]);
  });

  it("categorise M-Pesa receipts and payouts before the flow's default category", async () => {
    const { owner, businessId, category } = await business();
    await owner.caller.categorisation.rules.create({
      businessId,
      categoryId: category("other_income"),
      field: "counterparty",
      text: "KCB",
    });
    await owner.caller.categorisation.rules.create({
      businessId,
      categoryId: category("salaries"),
      text: "salary",
    });
    const book = (
      source: "mpesa" | "payout",
      type: "income" | "expense",
      description: string,
      externalId: string,
    ) =>
      inTransaction(harness.services, (tx, afterCommit) =>
        recordTransaction(
          tx,
          { ...SYSTEM_ACTOR, businessId },
          {
            businessId,
            type,
            amountMinor: 250_000n,
            categorySystemKey: type === "income" ? "sales" : "other_expenses",
            description,
            paymentMethod: "mpesa",
            transactionDate: new Date("2026-11-05T08:00:00Z"),
            externalId,
            source,
          },
          afterCommit,
        ),
      );
    const fromBank = await book("mpesa", "income", "Funds received from 522522 - KCB BANK", "SKB0000001");
    const walkIn = await book("mpesa", "income", "Funds received from 0722***123 JOHN KAMAU", "SKB0000002");
    const salary = await book("payout", "expense", "Salary November, Achieng", "PAYOUT-1");
    expect(await row(fromBank.transaction.id)).toMatchObject({
      categoryId: category("other_income"),
      categorySource: "rule",
    });
    expect(await row(walkIn.transaction.id)).toMatchObject({
      categoryId: category("sales"),
      categorySource: "system",
    });
    expect(await row(salary.transaction.id)).toMatchObject({
      categoryId: category("salaries"),
      categorySource: "rule",
    });
  });
});

describe("learned suggestions and the Review queue", () => {
  it("apply what the business's history makes sure, suggest the rest, and learn from a correction", async () => {
    const { owner, businessId, category } = await business();
    for (const [description, key] of [
      ["Fuel Rubis Kahawa", "transport_fuel"],
      ["Fuel Total Thika Road", "transport_fuel"],
      ["Fuel Shell Westlands", "transport_fuel"],
      ["Mafuta ya lori", "transport_fuel"],
      ["Fuel Rubis Langata", "transport_fuel"],
      ["Shop rent November", "rent"],
      ["Shop rent October", "rent"],
      ["Airtime Safaricom", "airtime_data"],
      ["Airtime and bundles", "airtime_data"],
    ] as const) {
      await expense(owner, businessId, description, { categoryId: category(key) });
    }
    const fuel = await expense(owner, businessId, "Fuel Rubis Ngong Road");
    const odd = await expense(owner, businessId, "Harambee contribution", {
      paymentMethod: "cash",
      amount: "700",
    });
    const summary = await runCategorisation(deps({ on: false }), businessId);
    expect(summary).toMatchObject({ total: 2, learnedApplied: 1 });
    expect(summary?.aiNote).toContain("not configured");
    expect(await row(fuel.id)).toMatchObject({
      categoryId: category("transport_fuel"),
      categorySource: "learned",
    });
    expect((await row(fuel.id))?.categoryConfidence).toBeGreaterThanOrEqual(0.85);

    const queue = await owner.caller.categorisation.review.list({ businessId });
    expect(queue.total).toBe(1);
    expect(queue.items.map((item) => item.id)).toEqual([odd.id]);
    // Nothing it recognises: no suggestion rather than a wild guess.
    expect(queue.items[0]?.suggestion).toBeNull();

    // The person corrects it and makes a rule of it; the next such row follows the rule.
    const settled = await owner.caller.categorisation.review.settle({
      businessId,
      transactionId: odd.id,
      categoryId: category("other_expenses"),
      ruleText: "harambee",
    });
    expect(settled).toMatchObject({ outcome: "corrected" });
    expect(await row(odd.id)).toMatchObject({
      categoryId: category("other_expenses"),
      categorySource: "person",
    });
    const next = await expense(owner, businessId, "Harambee ya mzee");
    expect(await row(next.id)).toMatchObject({
      categoryId: category("other_expenses"),
      categorySource: "rule",
    });
    expect((await owner.caller.categorisation.review.list({ businessId })).total).toBe(0);
  });

  it("accepts a suggestion in one click, and refuses a category of the wrong kind", async () => {
    const { owner, businessId, category } = await business();
    await expense(owner, businessId, "Cold room repair", { categoryId: category("equipment") });
    const pending = await expense(owner, businessId, "Cold room compressor");
    await runCategorisation(deps({ on: false }), businessId);
    const [item] = (await owner.caller.categorisation.review.list({ businessId })).items;
    expect(item?.suggestion?.categoryId).toBe(category("equipment"));
    const wrongKind = await refusal(
      owner.caller.categorisation.review.settle({
        businessId,
        transactionId: pending.id,
        categoryId: category("sales"),
      }),
    );
    expect(wrongKind.code).toBe("BAD_REQUEST");
    expect(
      await owner.caller.categorisation.review.settle({ businessId, transactionId: pending.id }),
    ).toMatchObject({
      outcome: "accepted",
      categoryId: category("equipment"),
    });
    expect(await row(pending.id)).toMatchObject({ categorySource: "person" });
  });
});

describe("Gemini for what the model is unsure of", () => {
  it("categorises in batches with the business's categories, counted against the day's allowance", async () => {
    const { owner, businessId, category } = await business();
    const fuel = await expense(owner, businessId, "Mafuta Total Energies");
    const power = await expense(owner, businessId, "Token za stima");
    const vague = await expense(owner, businessId, "Harambee");
    gemini.reset();
    const summary = await runCategorisation(deps(), businessId);
    expect(summary).toMatchObject({ total: 3, aiApplied: 2, aiNote: null });
    expect(await row(fuel.id)).toMatchObject({
      categoryId: category("transport_fuel"),
      categorySource: "ai",
    });
    expect(await row(power.id)).toMatchObject({ categoryId: category("utilities"), categorySource: "ai" });
    // Gemini's unsure answer is a suggestion, never applied.
    expect((await row(vague.id))?.categoryId).toBeNull();
    const [item] = (await owner.caller.categorisation.review.list({ businessId })).items;
    expect(item?.suggestion).toMatchObject({ source: "ai", categoryId: category("other_expenses") });
    expect(gemini.requests()).toHaveLength(1);
    const [usage] = await harness.db
      .select()
      .from(aiUsageDaily)
      .where(eq(aiUsageDaily.businessId, businessId));
    expect(usage?.requests).toBe(1);
    expect(usage?.promptTokens).toBeGreaterThan(0);
    expect(await owner.caller.categorisation.runs.usage({ businessId })).toMatchObject({ requests: 1 });
  });

  it("stops at the daily allowance, and survives a failing or malformed model without losing anything", async () => {
    const { owner, businessId } = await business();
    const pending = await expense(owner, businessId, "Mafuta Total Energies");
    const capped = await runCategorisation(deps({ cap: 0 }), businessId);
    expect(capped?.aiNote).toContain("allowance");
    for (const fault of [
      { kind: "error", status: 503 },
      { kind: "malformed_json" },
      { kind: "wrong_shape" },
    ] as const) {
      gemini.reset();
      gemini.injectFaults([fault]);
      const failed = await runCategorisation(deps(), businessId);
      expect(failed?.aiNote).toContain("did not help");
      expect((await row(pending.id))?.categoryId).toBeNull();
    }
    const [usage] = await harness.db
      .select()
      .from(aiUsageDaily)
      .where(eq(aiUsageDaily.businessId, businessId));
    expect(usage?.failures).toBe(3);
  });

  it("never overrides a person's or a rule's choice made while it was thinking", async () => {
    const { owner, businessId, category } = await business();
    const pending = await expense(owner, businessId, "Mafuta Total Energies");
    gemini.reset();
    gemini.injectFaults([{ kind: "slow", delayMs: 1_500 }]);
    const running = runCategorisation(deps(), businessId);
    // Meanwhile a person categorises it.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await owner.caller.transactions.update({
      businessId,
      transactionId: pending.id,
      categoryId: category("rent"),
    });
    await running;
    expect(await row(pending.id)).toMatchObject({ categoryId: category("rent"), categorySource: "person" });
  });
});

describe("categorise all", () => {
  it("queues one run at a time and reports its progress", async () => {
    const { owner, businessId, category } = await business();
    await expense(owner, businessId, "Fuel Rubis", { categoryId: category("transport_fuel") });
    await expense(owner, businessId, "Fuel Rubis Kahawa", { categoryId: category("transport_fuel") });
    await expense(owner, businessId, "Fuel Rubis Thika");
    const run = await owner.caller.categorisation.runs.start({ businessId });
    expect(run).toMatchObject({ status: "queued", scope: "all" });
    expect((await owner.caller.categorisation.runs.start({ businessId })).id).toBe(run.id);
    await runCategorisation(deps({ on: false }), businessId, run.id);
    expect(await owner.caller.categorisation.runs.get({ businessId, runId: run.id })).toMatchObject({
      status: "completed",
      total: 1,
      processed: 1,
      learnedApplied: 1,
    });
    const activity = await harness.db
      .select({ metadata: activityLog.metadata })
      .from(activityLog)
      .where(and(eq(activityLog.businessId, businessId), eq(activityLog.action, "transaction.categorised")));
    expect(activity[0]?.metadata).toMatchObject({ automatic: true, source: "learned", runId: run.id });
  });

  it("answers another business's rule, transaction and run ids with NOT_FOUND", async () => {
    const a = await business();
    const b = await business();
    const rule = await b.owner.caller.categorisation.rules.create({
      businessId: b.businessId,
      categoryId: b.category("rent"),
      text: "rent",
    });
    const transaction = await expense(b.owner, b.businessId, "Something");
    const run = await b.owner.caller.categorisation.runs.start({ businessId: b.businessId });
    const inA = { businessId: a.businessId };
    // Thunks, called one at a time: a refusal created before it is awaited counts as an unhandled rejection.
    for (const attempt of [
      () =>
        a.owner.caller.categorisation.rules.update({
          ...inA,
          ruleId: rule.id,
          categoryId: a.category("rent"),
          text: "x",
        }),
      () => a.owner.caller.categorisation.rules.delete({ ...inA, ruleId: rule.id }),
      () => a.owner.caller.categorisation.rules.create({ ...inA, categoryId: b.category("rent"), text: "x" }),
      () =>
        a.owner.caller.categorisation.review.settle({
          ...inA,
          transactionId: transaction.id,
          categoryId: a.category("rent"),
        }),
      () => a.owner.caller.categorisation.review.settle({ ...inA, transactionId: transaction.id }),
      () => a.owner.caller.categorisation.runs.get({ ...inA, runId: run.id }),
    ]) {
      expect((await refusal(attempt())).code).toBe("NOT_FOUND");
    }
    // A pass for business A with B's run id does nothing.
    expect(await runCategorisation(deps({ on: false }), a.businessId, run.id)).toBeNull();
  });
});
