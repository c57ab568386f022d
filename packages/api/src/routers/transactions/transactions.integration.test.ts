import { activityLog, ledgerDailyTotals, transactions } from "@kavi/db";
import { parseCsv } from "@kavi/domain";
import { and, eq, sql, TransactionRollbackError } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../../services/activity";
import { listTransactions, transactionConditions } from "../../services/transactions/queries";
import { recordTransaction } from "../../services/transactions/record";
import { inTransaction } from "../../services/unit-of-work";
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
let owner: SignedInUser;
let businessId: string;
let category: (key: string) => string;

beforeAll(async () => {
  harness = await createTestHarness();
  owner = await signUpUser(harness);
  businessId = (await createBusinessFor(owner)).id;
  const list = await owner.caller.categories.list({ businessId });
  category = (key) => String(list.find((item) => item.systemKey === key)?.id);
});
afterAll(async () => {
  await harness.close();
});

async function freshBusiness() {
  const user = await signUpUser(harness);
  const id = (await createBusinessFor(user)).id;
  const list = await user.caller.categories.list({ businessId: id });
  return { user, id, category: (key: string) => String(list.find((item) => item.systemKey === key)?.id) };
}

describe("transactions: create, read, update", () => {
  it("creates with every field, defaults to the base currency, and logs the activity", async () => {
    const customer = await owner.caller.customers.create({
      businessId,
      name: "Serena Hotel",
      phone: "0712 345 678",
    });
    const created = await owner.caller.transactions.create({
      businessId,
      type: "income",
      amount: "12,500.50",
      categoryId: category("sales"),
      description: "Tomatoes and onions, 20 crates",
      paymentMethod: "mpesa",
      transactionDate: "2026-11-21T09:15",
      referenceNumber: "SKL4XY12AB",
      externalId: "SKL4XY12AB",
      customerId: customer.id,
      notes: "Delivered by Brian",
    });
    expect(created).toMatchObject({
      amountMinor: 1_250_050n,
      currency: "KES",
      baseAmountMinor: 1_250_050n,
      status: "completed",
      source: "manual",
      customerId: customer.id,
    });
    expect(created.transactionDate.toISOString()).toBe("2026-11-21T06:15:00.000Z");
    const fetched = await owner.caller.transactions.get({ businessId, transactionId: created.id });
    expect(fetched).toMatchObject({
      categoryName: "Sales",
      customerName: "Serena Hotel",
      notes: "Delivered by Brian",
    });
    const [activity] = await harness.db
      .select()
      .from(activityLog)
      .where(eq(activityLog.entityId, created.id));
    expect(activity).toMatchObject({ action: "transaction.created", actorUserId: owner.id });
    const duplicate = await refusal(
      owner.caller.transactions.create({
        businessId,
        type: "income",
        amount: "1",
        transactionDate: "2026-11-21",
        externalId: "SKL4XY12AB",
      }),
    );
    expect(duplicate.code).toBe("CONFLICT");
    expect(fieldErrorsOf(duplicate).externalId).toBeDefined();
  });

  it("answers bad input with field messages and writes nothing", async () => {
    const before = await harness.db.select({ n: sql<number>`count(*)::int` }).from(transactions);
    const error = await refusal(
      owner.caller.transactions.create({
        businessId,
        type: "expense",
        amount: "12.345",
        transactionDate: "2026-11-21",
      }),
    );
    expect(fieldErrorsOf(error).amount?.[0]).toMatch(/at most 2 decimals/);
    const kind = await refusal(
      owner.caller.transactions.create({
        businessId,
        type: "expense",
        amount: "100",
        categoryId: category("sales"),
        transactionDate: "2026-11-21",
      }),
    );
    expect(fieldErrorsOf(kind).categoryId?.[0]).toMatch(/income category/);
    const shape = await refusal(
      owner.caller.transactions.create({
        businessId,
        type: "expense",
        amount: "-5",
        transactionDate: "yesterday",
      }),
    );
    expect(Object.keys(fieldErrorsOf(shape)).sort()).toEqual(["amount", "transactionDate"]);
    const after = await harness.db.select({ n: sql<number>`count(*)::int` }).from(transactions);
    expect(after).toEqual(before);
  });

  it("multi-currency: keeps the rate and base amount, recomputes them on update, reports in base", async () => {
    const { user, id } = await freshBusiness();
    const created = await user.caller.transactions.create({
      businessId: id,
      type: "income",
      amount: "250.00",
      currency: "USD",
      exchangeRate: "129.5",
      transactionDate: "2026-11-10",
    });
    expect(created).toMatchObject({ currency: "USD", amountMinor: 25_000n, baseAmountMinor: 3_237_500n });
    const missingRate = await refusal(
      user.caller.transactions.create({
        businessId: id,
        type: "income",
        amount: "1",
        currency: "EUR",
        transactionDate: "2026-11-10",
      }),
    );
    expect(fieldErrorsOf(missingRate).exchangeRate).toBeDefined();
    const updated = await user.caller.transactions.update({
      businessId: id,
      transactionId: created.id,
      exchangeRate: "130",
    });
    expect(updated.baseAmountMinor).toBe(3_250_000n);
    const summary = await user.caller.transactions.summary({
      businessId: id,
      from: "2026-11-01",
      to: "2026-11-30",
    });
    expect(summary.totals.incomeMinor).toBe(3_250_000n);
  });

  it("updates fields, records what changed, and keeps the daily totals right", async () => {
    const { user, id, category: cat } = await freshBusiness();
    const created = await user.caller.transactions.create({
      businessId: id,
      type: "expense",
      amount: "1000",
      categoryId: cat("rent"),
      transactionDate: "2026-11-05",
    });
    await user.caller.transactions.update({
      businessId: id,
      transactionId: created.id,
      amount: "1500",
      categoryId: cat("utilities"),
      transactionDate: "2026-11-06",
      description: "Water and electricity",
    });
    const [activity] = await harness.db
      .select()
      .from(activityLog)
      .where(and(eq(activityLog.entityId, created.id), eq(activityLog.action, "transaction.updated")));
    expect(activity?.changes).toMatchObject({
      amountMinor: { before: "100000", after: "150000" },
      categoryId: { before: cat("rent"), after: cat("utilities") },
    });
    const totals = await harness.db
      .select()
      .from(ledgerDailyTotals)
      .where(eq(ledgerDailyTotals.businessId, id));
    expect(totals.filter((row) => row.count !== 0)).toEqual([
      expect.objectContaining({
        day: "2026-11-06",
        categoryId: cat("utilities"),
        amountMinor: 150_000n,
        count: 1,
      }),
    ]);
  });
});

describe("base currency", () => {
  it("cannot change once transactions are booked", async () => {
    const { user, id } = await freshBusiness();
    await user.caller.business.update({ businessId: id, baseCurrency: "USD" });
    await user.caller.business.update({ businessId: id, baseCurrency: "KES" });
    await user.caller.transactions.create({
      businessId: id,
      type: "income",
      amount: "10",
      transactionDate: "2026-11-01",
    });
    const refused = await refusal(user.caller.business.update({ businessId: id, baseCurrency: "USD" }));
    expect(refused.code).toBe("CONFLICT");
    expect(fieldErrorsOf(refused).baseCurrency?.[0]).toMatch(/cannot change once transactions are recorded/);
  });
});

describe("void and delete", () => {
  it("deletes a manual transaction; voids keep the row and its external id out of reports", async () => {
    const { user, id } = await freshBusiness();
    const manual = await user.caller.transactions.create({
      businessId: id,
      type: "expense",
      amount: "300",
      transactionDate: "2026-11-03",
    });
    await user.caller.transactions.delete({ businessId: id, transactionId: manual.id });
    expect(
      await refusal(user.caller.transactions.get({ businessId: id, transactionId: manual.id })),
    ).toMatchObject({ code: "NOT_FOUND" });
    const [deleted] = await harness.db
      .select()
      .from(activityLog)
      .where(and(eq(activityLog.entityId, manual.id), eq(activityLog.action, "transaction.deleted")));
    expect(deleted?.changes?.amountMinor).toEqual({ before: "30000", after: null });

    const mpesa = await inTransaction(harness.services, (tx) =>
      recordTransaction(
        tx,
        { ...SYSTEM_ACTOR, businessId: id },
        {
          businessId: id,
          type: "income",
          amountMinor: 80_000n,
          transactionDate: new Date("2026-11-03T10:00:00Z"),
          externalId: "SKV0ID0001",
          source: "mpesa",
          paymentMethod: "mpesa",
        },
      ),
    );
    const refusedDelete = await refusal(
      user.caller.transactions.delete({ businessId: id, transactionId: mpesa.transaction.id }),
    );
    expect(refusedDelete).toMatchObject({
      code: "PRECONDITION_FAILED",
      message: expect.stringMatching(/void it instead/),
    });
    const locked = await refusal(
      user.caller.transactions.update({ businessId: id, transactionId: mpesa.transaction.id, amount: "1" }),
    );
    expect(locked.message).toMatch(/recorded from M-Pesa/);
    await user.caller.transactions.update({
      businessId: id,
      transactionId: mpesa.transaction.id,
      description: "Mama Ngina paid",
    });

    const voided = await user.caller.transactions.void({
      businessId: id,
      transactionId: mpesa.transaction.id,
      reason: "Reversed by Safaricom",
    });
    expect(voided).toMatchObject({ status: "void", voidReason: "Reversed by Safaricom" });
    const summary = await user.caller.transactions.summary({
      businessId: id,
      from: "2026-11-01",
      to: "2026-11-30",
    });
    expect(summary.totals.incomeMinor).toBe(0n);
    const again = await inTransaction(harness.services, (tx) =>
      recordTransaction(
        tx,
        { ...SYSTEM_ACTOR, businessId: id },
        {
          businessId: id,
          type: "income",
          amountMinor: 80_000n,
          transactionDate: new Date(),
          externalId: "SKV0ID0001",
          source: "mpesa",
        },
      ),
    );
    expect(again.status).toBe("already_recorded");
    expect(
      await refusal(
        user.caller.transactions.update({ businessId: id, transactionId: voided.id, description: "x" }),
      ),
    ).toMatchObject({
      code: "PRECONDITION_FAILED",
    });
  });

  it("bulk delete and bulk categorise are all or nothing", async () => {
    const { user, id, category: cat } = await freshBusiness();
    const make = (type: "income" | "expense", amount: string) =>
      user.caller.transactions.create({ businessId: id, type, amount, transactionDate: "2026-11-04" });
    const a = await make("expense", "10");
    const b = await make("expense", "20");
    const c = await make("income", "30");
    const misfit = await refusal(
      user.caller.transactions.bulkCategorise({
        businessId: id,
        transactionIds: [a.id, b.id, c.id],
        categoryId: cat("transport_fuel"),
      }),
    );
    expect(misfit.message).toMatch(/1 of the selected/);
    expect(
      (await user.caller.transactions.get({ businessId: id, transactionId: a.id })).categoryId,
    ).toBeNull();
    const done = await user.caller.transactions.bulkCategorise({
      businessId: id,
      transactionIds: [a.id, b.id],
      categoryId: cat("transport_fuel"),
    });
    expect(done).toEqual({ updated: 2 });
    const byCategory = await user.caller.transactions.byCategory({
      businessId: id,
      from: "2026-11-01",
      to: "2026-11-30",
      type: "expense",
    });
    expect(byCategory).toEqual([
      expect.objectContaining({
        name: "Transport and fuel",
        amountMinor: 3_000n,
        count: 2,
        shareBps: 10_000,
      }),
    ]);

    const foreign = await freshBusiness();
    const theirs = await foreign.user.caller.transactions.create({
      businessId: foreign.id,
      type: "expense",
      amount: "5",
      transactionDate: "2026-11-04",
    });
    expect(
      await refusal(
        user.caller.transactions.bulkDelete({ businessId: id, transactionIds: [a.id, theirs.id] }),
      ),
    ).toMatchObject({
      code: "NOT_FOUND",
    });
    expect(
      await user.caller.transactions.bulkDelete({ businessId: id, transactionIds: [a.id, b.id, c.id] }),
    ).toEqual({ deleted: 3 });
    expect(
      await foreign.user.caller.transactions.get({ businessId: foreign.id, transactionId: theirs.id }),
    ).toBeDefined();
  });
});

describe("the list", () => {
  let list: Awaited<ReturnType<typeof freshBusiness>>;
  beforeAll(async () => {
    list = await freshBusiness();
    const supplier = await list.user.caller.suppliers.create({
      businessId: list.id,
      name: "Kinangop Farmers Coop",
    });
    const customer = await list.user.caller.customers.create({
      businessId: list.id,
      name: "Braeburn School",
    });
    const rows: Parameters<typeof list.user.caller.transactions.create>[0][] = [
      {
        businessId: list.id,
        type: "income",
        amount: "5000",
        transactionDate: "2026-10-01T10:00",
        paymentMethod: "mpesa",
        categoryId: list.category("sales"),
        customerId: customer.id,
        description: "School term order",
      },
      {
        businessId: list.id,
        type: "expense",
        amount: "62300",
        transactionDate: "2026-10-02T10:00",
        paymentMethod: "bank",
        categoryId: list.category("stock_purchases"),
        supplierId: supplier.id,
        description: "Cabbages, 300 heads",
        referenceNumber: "PL-7781",
      },
      {
        businessId: list.id,
        type: "expense",
        amount: "450",
        transactionDate: "2026-10-03T10:00",
        paymentMethod: "cash",
        description: "Boda to Gikomba 50% off",
      },
      {
        businessId: list.id,
        type: "income",
        amount: "1200",
        transactionDate: "2026-10-04T10:00",
        paymentMethod: "cash",
        status: "pending",
      },
      {
        businessId: list.id,
        type: "transfer",
        amount: "20000",
        transactionDate: "2026-10-05T10:00",
        paymentMethod: "bank",
        description: "M-Pesa to Equity",
      },
    ];
    for (const row of rows) await list.user.caller.transactions.create(row);
    for (let day = 1; day <= 20; day += 1) {
      await list.user.caller.transactions.create({
        businessId: list.id,
        type: "expense",
        amount: `${100 + day}`,
        transactionDate: `2026-09-${String(day).padStart(2, "0")}T12:00`,
        description: `Daily float ${day}`,
      });
    }
  });

  it("filters by type, status, method, category, counterparty, date and amount ranges, and free text", async () => {
    const { user, id, category: cat } = list;
    const count = async (filters: Record<string, unknown>) =>
      (await user.caller.transactions.list({ businessId: id, limit: 200, ...filters })).items.length;
    expect(await count({})).toBe(25);
    expect(await count({ types: "income" })).toBe(2);
    expect(await count({ types: ["income", "transfer"] })).toBe(3);
    expect(await count({ statuses: "pending" })).toBe(1);
    expect(await count({ paymentMethods: ["bank"] })).toBe(2);
    expect(await count({ categoryIds: [cat("stock_purchases")] })).toBe(1);
    expect(await count({ uncategorised: true, types: "expense" })).toBe(21);
    expect(await count({ from: "2026-10-01", to: "2026-10-31" })).toBe(5);
    expect(await count({ from: "2026-09-05", to: "2026-09-05" })).toBe(1);
    expect(await count({ minAmount: "1,000", maxAmount: "6000" })).toBe(2);
    expect(await count({ search: "cabbages" })).toBe(1);
    expect(await count({ search: "pl-778" })).toBe(1);
    expect(await count({ search: "50%" })).toBe(1);
    const supplierId = (await user.caller.suppliers.list({ businessId: id })).items[0]?.id;
    expect(await count({ supplierId })).toBe(1);
    const stranger = await freshBusiness();
    const theirSupplier = await stranger.user.caller.suppliers.create({
      businessId: stranger.id,
      name: "Elsewhere Ltd",
    });
    expect(
      await refusal(user.caller.transactions.list({ businessId: id, supplierId: theirSupplier.id })),
    ).toMatchObject({ code: "NOT_FOUND" });
  });

  it("searches one business's text through the index that holds the business id with the trigrams", async () => {
    // `pnpm bench load`: the trigram index covered every business, so a term common to all of them was found in
    // every business and filtered in the heap (26 ms a search). Migration 0032 puts the business id in the same
    // GIN index; this checks that the list's search condition is the expression that index covers.
    const conditions = transactionConditions(
      { id: list.id, baseCurrency: "KES", timezone: "Africa/Nairobi" },
      { search: "cabbages" },
    );
    // A small table makes any plan cheap, so the question is asked with the other indexes gone (this file's own
    // database; the transaction is rolled back): can this index answer the business and the text together?
    let plan = "";
    await harness.db
      .transaction(async (tx) => {
        const others = await tx.execute<{ indexname: string }>(
          sql`select indexname from pg_indexes where tablename = 'transactions'
                and indexname not in ('transactions_business_search_trgm_idx', 'transactions_pkey')`,
        );
        for (const { indexname } of others.rows) await tx.execute(sql.raw(`drop index "${indexname}"`));
        await tx.execute(sql`set local enable_seqscan = off`);
        const result = await tx.execute<{ "QUERY PLAN": string }>(
          sql`explain select id from ${transactions} where ${and(...conditions)}`,
        );
        plan = result.rows.map((row) => row["QUERY PLAN"]).join("\n");
        tx.rollback();
      })
      .catch((error: unknown) => {
        if (!(error instanceof TransactionRollbackError)) throw error;
      });
    expect(plan).toContain("transactions_business_search_trgm_idx");
    expect(plan).toMatch(/Index Cond: \(\(business_id = .*~~\*/);
  });

  it("pages with a stable keyset cursor (no duplicates or gaps while rows are added), by date and by amount", async () => {
    const { user, id } = list;
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<typeof user.caller.transactions.list>> =
        await user.caller.transactions.list({ businessId: id, limit: 7, cursor });
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
      pages += 1;
      if (pages === 1) {
        // A new, newer row appears while someone pages: it must not shift later pages.
        await user.caller.transactions.create({
          businessId: id,
          type: "income",
          amount: "1",
          transactionDate: "2026-12-01",
        });
      }
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toHaveLength(25);
    const byAmount = await user.caller.transactions.list({ businessId: id, sort: "amount_desc", limit: 3 });
    expect(byAmount.items.map((item) => item.baseAmountMinor)).toEqual([6_230_000n, 2_000_000n, 500_000n]);
    const rest = await user.caller.transactions.list({
      businessId: id,
      sort: "amount_desc",
      limit: 100,
      cursor: byAmount.nextCursor,
    });
    expect(rest.items).toHaveLength(23);
    expect(rest.items[0]?.baseAmountMinor).toBe(120_000n);
    const ascending = await user.caller.transactions.list({ businessId: id, sort: "date_asc", limit: 1 });
    expect(ascending.items[0]?.description).toBe("Daily float 1");
    expect(await refusal(user.caller.transactions.list({ businessId: id, cursor: "garbage" }))).toMatchObject(
      { code: "BAD_REQUEST" },
    );
  });

  it("refuses a tampered cursor the same way in every list (one pagination module)", async () => {
    const { user, id } = list;
    const tampered = Buffer.from(JSON.stringify(["not a date", "x"]), "utf8").toString("base64url");
    const lists = [
      () => user.caller.invoices.list({ businessId: id, cursor: tampered }),
      () => user.caller.customers.list({ businessId: id, cursor: "garbage" }),
      () => user.caller.activity.list({ businessId: id, cursor: tampered }),
      () => user.caller.mpesa.payments.list({ businessId: id, cursor: "garbage" }),
    ];
    for (const call of lists) {
      expect(await refusal(call())).toMatchObject({ code: "BAD_REQUEST" });
    }
  });

  it("exports any filtered list as CSV in pages, with escaping and decimal amounts", async () => {
    const { user, id } = list;
    const first = await user.caller.transactions.exportCsv({
      businessId: id,
      types: "expense",
      from: "2026-10-01",
    });
    const table = parseCsv(first.csv);
    expect(table[0]?.slice(0, 7)).toEqual([
      "Date",
      "Time",
      "Type",
      "Status",
      "Description",
      "Category",
      "Amount",
    ]);
    expect(table).toHaveLength(3);
    const cabbages = table.find((row) => row[4] === "Cabbages, 300 heads");
    expect(cabbages?.slice(0, 9)).toEqual([
      "2026-10-02",
      "10:00",
      "Money out",
      "Completed",
      "Cabbages, 300 heads",
      "Stock purchases",
      "-62300.00",
      "KES",
      "1",
    ]);
    expect(first.nextCursor).toBeNull();
  });

  it("exports in the reader's language: Kiswahili headings, types and built-in category names", async () => {
    const { user, id } = list;
    const { csv } = await user.caller.transactions.exportCsv({
      businessId: id,
      types: "expense",
      from: "2026-10-01",
      language: "sw",
    });
    const table = parseCsv(csv);
    expect(table[0]?.slice(0, 7)).toEqual(["Tarehe", "Saa", "Aina", "Hali", "Maelezo", "Kundi", "Kiasi"]);
    const cabbages = table.find((row) => row[4] === "Cabbages, 300 heads");
    expect(cabbages?.slice(2, 7)).toEqual([
      "Pesa iliyotoka",
      "Imekamilika",
      "Cabbages, 300 heads",
      "Ununuzi wa bidhaa",
      "-62300.00",
    ]);
    expect(cabbages?.[11]).toBe("Benki");
  });
});

describe("the list's own row mapper", () => {
  it("gives exactly the rows drizzle's mapper gives: every column, nulls, bigints, rates, dates, names", async () => {
    const { user, id, category: categoryOf } = await freshBusiness();
    const customer = await user.caller.customers.create({ businessId: id, name: "Mama Mboga" });
    const supplier = await user.caller.suppliers.create({ businessId: id, name: "Kinangop Coop" });
    await user.caller.transactions.create({
      businessId: id,
      type: "income",
      amount: "12,500.50",
      categoryId: categoryOf("sales"),
      description: "Sukuma and onions",
      paymentMethod: "mpesa",
      transactionDate: "2026-11-21T09:15",
      referenceNumber: "SKL4XY12AB",
      customerId: customer.id,
      notes: "Paid at the stall",
    });
    await user.caller.transactions.create({
      businessId: id,
      type: "expense",
      amount: "300",
      currency: "USD",
      exchangeRate: "129.35",
      supplierId: supplier.id,
      transactionDate: "2026-11-20",
    });
    const uncategorised = await user.caller.transactions.create({
      businessId: id,
      type: "expense",
      amount: "75",
      transactionDate: "2026-11-19",
    });
    await user.caller.transactions.void({
      businessId: id,
      transactionId: uncategorised.id,
      reason: "Typed twice",
    });
    const business = { id, baseCurrency: "KES", timezone: "Africa/Nairobi" };
    const input = { sort: "date_desc" as const, limit: 10 };
    // The pool takes the list's own mapper; a transaction's connection takes drizzle's.
    const lean = await listTransactions(harness.db, business, input);
    const drizzles = await harness.db.transaction((tx) => listTransactions(tx, business, input));
    expect(lean.items).toHaveLength(3);
    expect(lean).toStrictEqual(drizzles);
    expect(lean.items[1]).toMatchObject({
      currency: "USD",
      amountMinor: 30_000n,
      supplierName: "Kinangop Coop",
    });
    expect(lean.items[0]?.transactionDate).toBeInstanceOf(Date);
  });
});

describe("analytics", () => {
  it("buckets by the business's day: 23:30 and 00:30 in Nairobi are different days", async () => {
    const { user, id } = await freshBusiness();
    await user.caller.transactions.create({
      businessId: id,
      type: "income",
      amount: "100",
      transactionDate: new Date("2026-11-20T20:30:00Z"),
    }); // 23:30 EAT
    await user.caller.transactions.create({
      businessId: id,
      type: "income",
      amount: "200",
      transactionDate: new Date("2026-11-20T21:30:00Z"),
    }); // 00:30 EAT on the 21st
    await user.caller.transactions.create({
      businessId: id,
      type: "income",
      amount: "400",
      transactionDate: new Date("2026-11-30T21:00:00Z"),
    }); // 00:00 EAT 1 Dec
    const days = await user.caller.transactions.series({
      businessId: id,
      from: "2026-11-20",
      to: "2026-12-01",
      granularity: "day",
    });
    expect(days.find((point) => point.bucket === "2026-11-20")?.incomeMinor).toBe(10_000n);
    expect(days.find((point) => point.bucket === "2026-11-21")?.incomeMinor).toBe(20_000n);
    expect(days.find((point) => point.bucket === "2026-12-01")?.incomeMinor).toBe(40_000n);
    const months = await user.caller.transactions.series({
      businessId: id,
      from: "2026-11-01",
      to: "2026-12-31",
      granularity: "month",
    });
    expect(months.map((point) => [point.bucket, point.incomeMinor])).toEqual([
      ["2026-11-01", 30_000n],
      ["2026-12-01", 40_000n],
    ]);
    const weeks = await user.caller.transactions.series({
      businessId: id,
      from: "2026-11-16",
      to: "2026-11-30",
      granularity: "week",
    });
    expect(weeks.map((point) => point.bucket)).toEqual(["2026-11-16", "2026-11-23", "2026-11-30"]);
    // Filters use the same calendar.
    const onThe21st = await user.caller.transactions.list({
      businessId: id,
      from: "2026-11-21",
      to: "2026-11-21",
    });
    expect(onThe21st.items.map((item) => item.baseAmountMinor)).toEqual([20_000n]);
  });

  it("summary: month-to-date vs last month, by customer and supplier, burn and runway", async () => {
    const { user, id, category: cat } = await freshBusiness();
    harness.setNow(new Date("2026-11-15T09:00:00Z"));
    try {
      await user.caller.cashFlow.setOpeningBalance({ businessId: id, amount: "90,000", date: "2026-08-01" });
      const customer = await user.caller.customers.create({ businessId: id, name: "Java House Westlands" });
      const supplier = await user.caller.suppliers.create({ businessId: id, name: "Limuru Greens" });
      const add = (
        type: "income" | "expense",
        amount: string,
        date: string,
        extra: Record<string, unknown> = {},
      ) => user.caller.transactions.create({ businessId: id, type, amount, transactionDate: date, ...extra });
      for (const month of ["08", "09", "10"]) {
        await add("income", "20000", `2026-${month}-10`, {
          customerId: customer.id,
          categoryId: cat("sales"),
        });
        await add("expense", "50000", `2026-${month}-12`, {
          supplierId: supplier.id,
          categoryId: cat("stock_purchases"),
        });
      }
      await add("income", "8000", "2026-10-20");
      await add("income", "12000", "2026-11-14", { customerId: customer.id });
      const summary = await user.caller.transactions.summary({ businessId: id });
      expect(summary.range).toEqual({ from: "2025-12-01", to: "2026-11-15" });
      expect(summary.series).toHaveLength(12);
      expect(summary.totals).toEqual({
        incomeMinor: 8_000_000n,
        expenseMinor: 15_000_000n,
        netMinor: -7_000_000n,
      });
      expect(summary.monthToDate.current.incomeMinor).toBe(1_200_000n);
      expect(summary.monthToDate.lastMonthToDate.incomeMinor).toBe(2_000_000n);
      expect(summary.monthToDate.lastMonth.incomeMinor).toBe(2_800_000n);
      expect(summary.monthToDate.incomeChangePercent).toBe(-40);
      // Burn over Aug–Oct: spend 150,000, income 68,000 → gross 50,000/month, net 27,333.33/month.
      expect(summary.burn.grossBurnMinor).toBe(5_000_000n);
      expect(summary.burn.netBurnMinor).toBe(2_733_333n);
      // Cash: 90,000 − 70,000 = 20,000 → 0.7 months of runway.
      expect(summary.burn.cashBalanceMinor).toBe(2_000_000n);
      expect(summary.burn.runwayMonths).toBe(0.7);
      const top = await user.caller.transactions.byCounterparty({
        businessId: id,
        kind: "customer",
        from: "2026-01-01",
        to: "2026-12-31",
      });
      expect(top).toEqual([
        expect.objectContaining({ name: "Java House Westlands", amountMinor: 7_200_000n, count: 4 }),
      ]);
      const suppliers = await user.caller.transactions.byCounterparty({
        businessId: id,
        kind: "supplier",
        from: "2026-01-01",
        to: "2026-12-31",
      });
      expect(suppliers[0]).toMatchObject({ name: "Limuru Greens", amountMinor: 15_000_000n });
    } finally {
      harness.setNow(new Date());
    }
  });

  it("property: the daily and monthly totals always equal a direct sum over the transactions", async () => {
    const { id } = await freshBusiness();
    const actor = { ...SYSTEM_ACTOR, businessId: id };
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            type: fc.constantFrom("income" as const, "expense" as const, "transfer" as const),
            amountMinor: fc.bigInt({ min: 1n, max: 10n ** 10n }),
            minutes: fc.integer({ min: 0, max: 60 * 24 * 60 }),
            currency: fc.constantFrom("KES", "USD"),
            status: fc.constantFrom("completed" as const, "pending" as const),
          }),
          { minLength: 1, maxLength: 15 },
        ),
        async (rows) => {
          await inTransaction(harness.services, async (tx) => {
            for (const row of rows) {
              await recordTransaction(tx, actor, {
                businessId: id,
                type: row.type,
                amountMinor: row.amountMinor,
                currency: row.currency,
                exchangeRate: row.currency === "USD" ? "129.35" : null,
                status: row.status,
                transactionDate: new Date(Date.UTC(2026, 9, 1) + row.minutes * 60_000),
              });
            }
          });
          const direct = await harness.db.execute<{ day: string; type: string; amount: string }>(sql`
            select (transaction_date at time zone 'Africa/Nairobi')::date::text as day, type::text, sum(base_amount_minor)::text as amount
            from transactions where business_id = ${id} and status = 'completed' group by 1, 2 order by 1, 2`);
          const rolled = await harness.db.execute<{ day: string; type: string; amount: string }>(sql`
            select day::text, type::text, sum(amount_minor)::text as amount from ledger_daily_totals
            where business_id = ${id} group by 1, 2 having sum(amount_minor) <> 0 or sum(count) <> 0 order by 1, 2`);
          expect(rolled.rows).toEqual(direct.rows);
          const directMonths = await harness.db.execute<{ month: string; type: string; amount: string }>(sql`
            select to_char(transaction_date at time zone 'Africa/Nairobi', 'YYYY-MM-01') as month, type::text, sum(base_amount_minor)::text as amount
            from transactions where business_id = ${id} and status = 'completed' group by 1, 2 order by 1, 2`);
          const months = await harness.db.execute<{ month: string; type: string; amount: string }>(sql`
            select month::text, type::text, sum(amount_minor)::text as amount from ledger_monthly_totals
            where business_id = ${id} group by 1, 2 having sum(amount_minor) <> 0 or sum(count) <> 0 order by 1, 2`);
          expect(months.rows).toEqual(directMonths.rows);
          const summary = await harness.db.execute<{ total: string }>(sql`
            select coalesce(sum(base_amount_minor), 0)::text as total from transactions
            where business_id = ${id} and status = 'completed' and type = 'income'`);
          const series = await harness.db.execute<{ total: string }>(sql`
            select coalesce(sum(amount_minor), 0)::text as total from ledger_daily_totals
            where business_id = ${id} and type = 'income'`);
          expect(series.rows[0]?.total).toBe(summary.rows[0]?.total);
        },
      ),
      { numRuns: 15 },
    );
  });
});

describe("roles and modules", () => {
  it("staff need the transactions module to book and reports for analytics; viewers read", async () => {
    const bookkeeper = await addMember(harness, owner, businessId, "staff", ["transactions"]);
    const seller = await addMember(harness, owner, businessId, "staff", ["invoices"]);
    const viewer = await addMember(harness, owner, businessId, "viewer");
    await bookkeeper.caller.transactions.create({
      businessId,
      type: "expense",
      amount: "10",
      transactionDate: "2026-11-01",
    });
    expect(await refusal(bookkeeper.caller.transactions.summary({ businessId }))).toMatchObject({
      code: "FORBIDDEN",
    });
    expect(await refusal(seller.caller.transactions.list({ businessId }))).toMatchObject({
      code: "FORBIDDEN",
    });
    expect((await viewer.caller.transactions.list({ businessId })).items.length).toBeGreaterThan(0);
    await viewer.caller.transactions.summary({ businessId });
    expect(
      await refusal(
        viewer.caller.transactions.create({
          businessId,
          type: "expense",
          amount: "10",
          transactionDate: "2026-11-01",
        }),
      ),
    ).toMatchObject({ code: "FORBIDDEN" });
  });
});
