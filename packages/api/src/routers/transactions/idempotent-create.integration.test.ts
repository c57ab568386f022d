import { randomUUID } from "node:crypto";
import { activityLog, transactions } from "@kavi/db";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createBusinessFor,
  createTestHarness,
  refusal,
  type SignedInUser,
  signUpUser,
  type TestHarness,
} from "../../testing";

let harness: TestHarness;
let owner: SignedInUser;
let businessId: string;

beforeAll(async () => {
  harness = await createTestHarness();
  owner = await signUpUser(harness);
  businessId = (await createBusinessFor(owner)).id;
});
afterAll(async () => {
  await harness.close();
});

const entry = (clientRequestId: string) => ({
  type: "expense" as const,
  amount: "1,250.00",
  description: "Fuel for the delivery van",
  paymentMethod: "mpesa" as const,
  transactionDate: "2026-11-21T09:15",
  clientRequestId,
});

async function rowsWithKey(forBusiness: string, key: string) {
  return harness.db
    .select({ id: transactions.id })
    .from(transactions)
    .where(and(eq(transactions.businessId, forBusiness), eq(transactions.clientRequestId, key)));
}

describe("transactions.create with a clientRequestId (offline capture)", () => {
  it("books once: the same key again answers the same transaction and writes nothing", async () => {
    const key = randomUUID();
    const first = await owner.caller.transactions.create({ businessId, ...entry(key) });
    const again = await owner.caller.transactions.create({ businessId, ...entry(key) });
    expect(again).toEqual(first);
    expect(first.amountMinor).toBe(125_000n);
    expect(await rowsWithKey(businessId, key)).toHaveLength(1);
    const activity = await harness.db
      .select({ id: activityLog.id })
      .from(activityLog)
      .where(and(eq(activityLog.entityId, first.id), eq(activityLog.action, "transaction.created")));
    expect(activity).toHaveLength(1);
  });

  it("books once when the same key arrives twice at the same moment", async () => {
    const key = randomUUID();
    const [a, b] = await Promise.all([
      owner.caller.transactions.create({ businessId, ...entry(key) }),
      owner.caller.transactions.create({ businessId, ...entry(key) }),
    ]);
    expect(a.id).toBe(b.id);
    expect(await rowsWithKey(businessId, key)).toHaveLength(1);
  });

  it("keeps keys per business: another business's same key books its own transaction", async () => {
    const key = randomUUID();
    const other = await signUpUser(harness);
    const otherBusinessId = (await createBusinessFor(other)).id;
    const mine = await owner.caller.transactions.create({ businessId, ...entry(key) });
    const theirs = await other.caller.transactions.create({ businessId: otherBusinessId, ...entry(key) });
    expect(theirs.id).not.toBe(mine.id);
    expect(theirs.businessId).toBe(otherBusinessId);
    expect(await rowsWithKey(businessId, key)).toHaveLength(1);
    expect(await rowsWithKey(otherBusinessId, key)).toHaveLength(1);
  });

  it("a refused create does not use up the key: the corrected entry books under it", async () => {
    const key = randomUUID();
    const refused = await refusal(
      owner.caller.transactions.create({ businessId, ...entry(key), amount: "0" }),
    );
    expect(refused.code).toBe("BAD_REQUEST");
    expect(await rowsWithKey(businessId, key)).toHaveLength(0);
    const booked = await owner.caller.transactions.create({ businessId, ...entry(key) });
    expect(booked.amountMinor).toBe(125_000n);
    expect(await rowsWithKey(businessId, key)).toHaveLength(1);
  });

  it("refuses a key that is not a uuid with a clear 400", async () => {
    const refused = await refusal(owner.caller.transactions.create({ businessId, ...entry("not-a-key") }));
    expect(refused.code).toBe("BAD_REQUEST");
  });
});
