import { activityLog, budgets } from "@kavi/db";
import { DEFAULT_CATEGORIES } from "@kavi/domain";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findCategoryBySystemKey } from "../services/categories";
import {
  addMember,
  createBusinessFor,
  createTestHarness,
  refusal,
  type SignedInUser,
  signUpUser,
  type TestHarness,
} from "../testing";

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

describe("categories", () => {
  it("every new business starts with the Kenyan defaults", async () => {
    const list = await owner.caller.categories.list({ businessId });
    expect(list.map((category) => category.name).sort()).toEqual(
      DEFAULT_CATEGORIES.map((category) => category.name).sort(),
    );
    expect(list.find((category) => category.systemKey === "mpesa_charges")).toMatchObject({
      kind: "expense",
      isDefault: true,
    });
    const income = await owner.caller.categories.list({ businessId, kind: "income" });
    expect(income.map((category) => category.name)).toEqual([
      "Loan proceeds",
      "Other income",
      "Sales",
      "Services",
    ]);
  });

  it("creates, renames (names unique per kind), archives and restores, with activity", async () => {
    const created = await owner.caller.categories.create({
      businessId,
      kind: "expense",
      name: "Packaging",
      color: "#b45309",
    });
    const clash = await refusal(
      owner.caller.categories.create({ businessId, kind: "expense", name: "rent" }),
    );
    expect(clash.code).toBe("CONFLICT");
    expect((clash.cause as { fieldErrors?: Record<string, string[]> }).fieldErrors?.name?.[0]).toBe(
      "There is already a category with this name",
    );
    // The same name as an income category is fine.
    await owner.caller.categories.create({ businessId, kind: "income", name: "Packaging" });
    const renamed = await owner.caller.categories.update({
      businessId,
      categoryId: created.id,
      name: "Crates and packaging",
    });
    expect(renamed.name).toBe("Crates and packaging");
    await owner.caller.categories.archive({ businessId, categoryId: created.id });
    expect(
      (await owner.caller.categories.list({ businessId })).some((category) => category.id === created.id),
    ).toBe(false);
    expect(
      (await owner.caller.categories.list({ businessId, includeArchived: true })).find(
        (category) => category.id === created.id,
      )?.archivedAt,
    ).not.toBeNull();
    await owner.caller.categories.restore({ businessId, categoryId: created.id });
    const actions = await harness.db
      .select({ action: activityLog.action })
      .from(activityLog)
      .where(eq(activityLog.entityId, created.id));
    expect(actions.map((row) => row.action)).toEqual([
      "category.created",
      "category.updated",
      "category.archived",
      "category.restored",
    ]);
  });

  it("merges: moves transactions and budgets, combines clashing budgets, archives the source and keeps system lookups working", async () => {
    const list = await owner.caller.categories.list({ businessId });
    const id = (key: string) => String(list.find((category) => category.systemKey === key)?.id);
    const bankFees = await owner.caller.categories.create({ businessId, kind: "expense", name: "Bank fees" });
    const charge = await owner.caller.transactions.create({
      businessId,
      type: "expense",
      amount: "33",
      categoryId: id("mpesa_charges"),
      transactionDate: "2026-11-02",
    });
    await owner.caller.budgets.create({
      businessId,
      categoryId: id("mpesa_charges"),
      month: "2026-11",
      amount: "1000",
      repeatMonths: 2,
    });
    await owner.caller.budgets.create({
      businessId,
      categoryId: bankFees.id,
      month: "2026-11",
      amount: "500",
    });
    const result = await owner.caller.categories.merge({
      businessId,
      sourceCategoryId: id("mpesa_charges"),
      targetCategoryId: bankFees.id,
    });
    expect(result).toMatchObject({ transactionsMoved: 1, budgetsMoved: 1, budgetsCombined: 1 });
    expect((await owner.caller.transactions.get({ businessId, transactionId: charge.id })).categoryId).toBe(
      bankFees.id,
    );
    const target = await harness.db
      .select()
      .from(budgets)
      .where(and(eq(budgets.businessId, businessId), eq(budgets.categoryId, bankFees.id)));
    expect(target.map((budget) => [budget.periodStart, budget.amountMinor]).sort()).toEqual([
      ["2026-11-01", 150_000n],
      ["2026-12-01", 100_000n],
    ]);
    expect((await findCategoryBySystemKey(harness.db, businessId, "mpesa_charges"))?.id).toBe(bankFees.id);
    const byCategory = await owner.caller.transactions.byCategory({
      businessId,
      from: "2026-11-01",
      to: "2026-11-30",
      type: "expense",
    });
    expect(byCategory).toEqual([expect.objectContaining({ categoryId: bankFees.id, amountMinor: 3_300n })]);
    const [merged] = await harness.db
      .select()
      .from(activityLog)
      .where(eq(activityLog.action, "category.merged"));
    expect(merged?.metadata).toMatchObject({ targetName: "Bank fees", transactionsMoved: 1 });
    expect(
      await refusal(
        owner.caller.categories.merge({
          businessId,
          sourceCategoryId: id("sales"),
          targetCategoryId: bankFees.id,
        }),
      ),
    ).toMatchObject({
      code: "BAD_REQUEST",
    });
    expect(
      await refusal(owner.caller.categories.restore({ businessId, categoryId: id("mpesa_charges") })),
    ).toMatchObject({
      code: "PRECONDITION_FAILED",
    });
  });

  it("is read by any money module and managed with transactions write", async () => {
    const invoicer = await addMember(harness, owner, businessId, "staff", ["invoices"]);
    const teamOnly = await addMember(harness, owner, businessId, "staff", ["team"]);
    expect((await invoicer.caller.categories.list({ businessId })).length).toBeGreaterThan(10);
    expect(
      await refusal(invoicer.caller.categories.create({ businessId, kind: "income", name: "Consulting" })),
    ).toMatchObject({ code: "FORBIDDEN" });
    expect(await refusal(teamOnly.caller.categories.list({ businessId }))).toMatchObject({
      code: "FORBIDDEN",
    });
  });
});
