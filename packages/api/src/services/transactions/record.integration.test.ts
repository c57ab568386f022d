import { activityLog, categories, ledgerDailyTotals, transactions } from "@kavi/db";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../../errors";
import {
  createBusinessFor,
  createTestHarness,
  type SignedInUser,
  signUpUser,
  type TestHarness,
} from "../../testing";
import { SYSTEM_ACTOR } from "../activity";
import { inTransaction } from "../unit-of-work";
import { findCategoryBySystemKey, recordTransaction } from "./record";

let harness: TestHarness;
let owner: SignedInUser;
let businessId: string;
let otherBusinessId: string;

beforeAll(async () => {
  harness = await createTestHarness();
  owner = await signUpUser(harness);
  businessId = (await createBusinessFor(owner)).id;
  otherBusinessId = (await createBusinessFor(await signUpUser(harness))).id;
});
afterAll(async () => {
  await harness.close();
});

const actor = () => ({ ...SYSTEM_ACTOR, businessId });

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("recordTransaction (the contract invoices and M-Pesa book through)", () => {
  it("books inside the caller's transaction, writes its activity row and asks for a budget check", async () => {
    const sales = await findCategoryBySystemKey(harness.db, businessId, "sales");
    expect(sales?.name).toBe("Sales");
    const enqueued: string[] = [];
    const result = await harness.db.transaction(async (tx) =>
      recordTransaction(
        tx,
        actor(),
        {
          businessId,
          type: "income",
          amountMinor: 125_000n,
          categorySystemKey: "sales",
          paymentMethod: "mpesa",
          transactionDate: new Date("2026-11-20T21:30:00Z"),
          referenceNumber: "SKL4XY12AB",
          externalId: "SKL4XY12AB",
          source: "mpesa",
        },
        {
          enqueue: (name) => enqueued.push(name),
          run: () => undefined,
          forgetCallers: () => undefined,
        },
      ),
    );
    expect(result.status).toBe("recorded");
    expect(result.transaction).toMatchObject({
      currency: "KES",
      exchangeRate: "1.0000000000",
      baseAmountMinor: 125_000n,
      categoryId: sales?.id,
      source: "mpesa",
    });
    // After commit: the budget check, and the (debounced) forecast refresh a booking triggers.
    expect(enqueued).toEqual(["budgets.check", "forecast.refresh"]);
    const activity = await harness.db
      .select()
      .from(activityLog)
      .where(eq(activityLog.entityId, result.transaction.id));
    expect(activity).toEqual([expect.objectContaining({ action: "transaction.created", businessId })]);
    // The daily totals follow at commit, on the Nairobi calendar (21:30 UTC is 00:30 the next day).
    const [total] = await harness.db
      .select()
      .from(ledgerDailyTotals)
      .where(and(eq(ledgerDailyTotals.businessId, businessId), eq(ledgerDailyTotals.type, "income")));
    expect(total).toMatchObject({ day: "2026-11-21", amountMinor: 125_000n, count: 1 });
  });

  it("answers a second booking of the same external id with the first row, writing nothing", async () => {
    const input = {
      businessId,
      type: "income" as const,
      amountMinor: 50_000n,
      transactionDate: new Date("2026-11-21T08:00:00Z"),
      externalId: "RKT7QW99ZZ",
      source: "mpesa" as const,
    };
    const first = await inTransaction(harness.services, (tx) => recordTransaction(tx, actor(), input));
    const again = await inTransaction(harness.services, async (tx) => {
      const result = await recordTransaction(tx, actor(), { ...input, amountMinor: 999n });
      // The caller's transaction is still usable afterwards: no aborted transaction, no 500.
      await tx.select().from(transactions).limit(1);
      return result;
    });
    expect(first.status).toBe("recorded");
    expect(again).toEqual({ status: "already_recorded", transaction: first.transaction });
    const rows = await harness.db
      .select()
      .from(transactions)
      .where(eq(transactions.externalId, "RKT7QW99ZZ"));
    expect(rows).toHaveLength(1);
  });

  it("refuses concurrent double booking: exactly one of many racing retries records", async () => {
    const input = {
      businessId,
      type: "income" as const,
      amountMinor: 10_000n,
      transactionDate: new Date(),
      externalId: "RACE000001",
      source: "mpesa" as const,
    };
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        inTransaction(harness.services, (tx) => recordTransaction(tx, actor(), input)),
      ),
    );
    expect(results.filter((result) => result.status === "recorded")).toHaveLength(1);
    expect(new Set(results.map((result) => result.transaction.id)).size).toBe(1);
  });

  it("converts a foreign-currency amount at the rate given and keeps both", async () => {
    const result = await inTransaction(harness.services, (tx) =>
      recordTransaction(tx, actor(), {
        businessId,
        type: "income",
        amountMinor: 12_345n, // USD 123.45
        currency: "USD",
        exchangeRate: "129.35",
        transactionDate: new Date(),
      }),
    );
    expect(result.transaction).toMatchObject({
      currency: "USD",
      amountMinor: 12_345n,
      baseAmountMinor: 1_596_826n,
    });
    const missingRate = await refusal(
      inTransaction(harness.services, (tx) =>
        recordTransaction(tx, actor(), {
          businessId,
          type: "income",
          amountMinor: 100n,
          currency: "USD",
          transactionDate: new Date(),
        }),
      ),
    );
    expect(missingRate.fieldErrors?.exchangeRate?.[0]).toMatch(/how many KES one USD/);
  });

  it("treats another business's category like a missing one, and checks the kind", async () => {
    const [foreign] = await harness.db
      .select()
      .from(categories)
      .where(and(eq(categories.businessId, otherBusinessId), eq(categories.systemKey, "rent")));
    const error = await refusal(
      inTransaction(harness.services, (tx) =>
        recordTransaction(tx, actor(), {
          businessId,
          type: "expense",
          amountMinor: 100n,
          categoryId: foreign?.id,
          transactionDate: new Date(),
        }),
      ),
    );
    expect(error.code).toBe("NOT_FOUND");
    const sales = await findCategoryBySystemKey(harness.db, businessId, "sales");
    const wrongKind = await refusal(
      inTransaction(harness.services, (tx) =>
        recordTransaction(tx, actor(), {
          businessId,
          type: "expense",
          amountMinor: 100n,
          categoryId: sales?.id,
          transactionDate: new Date(),
        }),
      ),
    );
    expect(wrongKind.fieldErrors?.categoryId?.[0]).toMatch(/income category/);
    const zero = await refusal(
      inTransaction(harness.services, (tx) =>
        recordTransaction(tx, actor(), {
          businessId,
          type: "expense",
          amountMinor: 0n,
          transactionDate: new Date(),
        }),
      ),
    );
    expect(zero.fieldErrors?.amountMinor).toBeDefined();
  });
});
