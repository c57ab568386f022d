import { emails, notifications } from "@kavi/db";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkAllBudgetAlerts, checkBudgetAlerts } from "../services/budgets/alerts";
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

beforeAll(async () => {
  harness = await createTestHarness();
});
afterAll(async () => {
  await harness.close();
});

async function business(): Promise<{ user: SignedInUser; id: string; category: (key: string) => string }> {
  const user = await signUpUser(harness);
  const id = (await createBusinessFor(user)).id;
  const list = await user.caller.categories.list({ businessId: id });
  return { user, id, category: (key) => String(list.find((item) => item.systemKey === key)?.id) };
}

const deps = () => harness.serviceContext();

describe("budgets", () => {
  it("plans per category per month (or a custom period) and shows planned vs actual", async () => {
    const { user, id, category } = await business();
    const monthly = await user.caller.budgets.create({
      businessId: id,
      categoryId: category("transport_fuel"),
      month: "2026-11",
      amount: "10,000",
      repeatMonths: 3,
    });
    expect(monthly.map((budget) => [budget.periodStart, budget.periodEnd])).toEqual([
      ["2026-11-01", "2026-11-30"],
      ["2026-12-01", "2026-12-31"],
      ["2027-01-01", "2027-01-31"],
    ]);
    await user.caller.budgets.create({
      businessId: id,
      categoryId: category("sales"),
      month: "2026-11",
      amount: "200000",
    });
    await user.caller.budgets.create({
      businessId: id,
      categoryId: category("marketing"),
      period: "custom",
      periodStart: "2026-11-15",
      periodEnd: "2026-12-15",
      amount: "5000",
    });
    const clash = await refusal(
      user.caller.budgets.create({
        businessId: id,
        categoryId: category("transport_fuel"),
        month: "2026-12",
        amount: "1",
      }),
    );
    expect(clash.code).toBe("CONFLICT");
    const invalid = await refusal(
      user.caller.budgets.create({
        businessId: id,
        categoryId: category("rent"),
        period: "custom",
        periodStart: "2026-12-01",
        periodEnd: "2026-11-01",
        amount: "1",
      }),
    );
    expect(invalid.code).toBe("BAD_REQUEST");

    await user.caller.transactions.create({
      businessId: id,
      type: "expense",
      amount: "8,500",
      categoryId: category("transport_fuel"),
      transactionDate: "2026-11-10",
    });
    await user.caller.transactions.create({
      businessId: id,
      type: "expense",
      amount: "3,000",
      categoryId: category("transport_fuel"),
      transactionDate: "2026-12-01",
    });
    await user.caller.transactions.create({
      businessId: id,
      type: "expense",
      amount: "6,000",
      categoryId: category("marketing"),
      transactionDate: "2026-12-10",
    });
    await user.caller.transactions.create({
      businessId: id,
      type: "income",
      amount: "50,000",
      categoryId: category("sales"),
      transactionDate: "2026-11-12",
    });
    const november = await user.caller.budgets.list({ businessId: id, month: "2026-11" });
    expect(
      november.items.map((item) => [item.categoryName, item.actualMinor, item.progressBps, item.status]),
    ).toEqual([
      ["Sales", 5_000_000n, 2_500, "on_track"],
      ["Marketing", 600_000n, 12_000, "over"],
      ["Transport and fuel", 850_000n, 8_500, "warning"],
    ]);
    expect(november.totals).toEqual({ plannedMinor: 1_500_000n, actualMinor: 1_450_000n });
    const december = await user.caller.budgets.list({ businessId: id, month: "2026-12" });
    expect(december.items.find((item) => item.categoryName === "Transport and fuel")?.actualMinor).toBe(
      300_000n,
    );

    const updated = await user.caller.budgets.update({
      businessId: id,
      budgetId: String(monthly[0]?.id),
      amount: "20000",
    });
    expect(updated.amountMinor).toBe(2_000_000n);
    const copied = await user.caller.budgets.copyMonth({
      businessId: id,
      fromMonth: "2026-11",
      toMonth: "2027-02",
    });
    expect(copied).toEqual({ copied: 2, skipped: 0 });
    await user.caller.budgets.delete({ businessId: id, budgetId: String(monthly[2]?.id) });
    expect((await user.caller.budgets.list({ businessId: id, month: "2027-01" })).items).toHaveLength(0);
  });

  it("alerts owners and admins at 80 % and 100 %, each once, in the app and by email", async () => {
    const { user, id, category } = await business();
    const admin = await addMember(harness, user, id, "admin");
    const staff = await addMember(harness, user, id, "staff", ["budgets"]);
    harness.setNow(new Date("2026-11-20T09:00:00Z"));
    const now = () => harness.services.now();
    try {
      const [budget] = await user.caller.budgets.create({
        businessId: id,
        categoryId: category("transport_fuel"),
        month: "2026-11",
        amount: "10000",
      });
      const spend = (amount: string) =>
        user.caller.transactions.create({
          businessId: id,
          type: "expense",
          amount,
          categoryId: category("transport_fuel"),
          transactionDate: "2026-11-18",
        });
      await spend("7000");
      expect(await checkBudgetAlerts(deps(), id, now())).toEqual([]);
      await spend("1000");
      expect(await checkBudgetAlerts(deps(), id, now())).toEqual([{ budgetId: budget?.id, threshold: 80 }]);
      expect(await checkBudgetAlerts(deps(), id, now())).toEqual([]);
      await spend("500");
      expect(await checkBudgetAlerts(deps(), id, now())).toEqual([]);
      await spend("2000");
      const [first, second] = await Promise.all([
        checkBudgetAlerts(deps(), id, now()),
        checkBudgetAlerts(deps(), id, now()),
      ]);
      expect([...(first ?? []), ...(second ?? [])]).toEqual([{ budgetId: budget?.id, threshold: 100 }]);
      expect(await checkAllBudgetAlerts(deps(), now())).toBeGreaterThanOrEqual(0);

      const inbox = (
        await harness.db.select().from(notifications).where(eq(notifications.businessId, id))
      ).filter((item) => item.kind.startsWith("budget."));
      const titles = inbox.map((item) => [item.userId, item.title]).sort();
      expect(titles).toEqual(
        [
          [user.id, "Transport and fuel has used 80% of its budget"],
          [user.id, "Transport and fuel is over budget"],
          [admin.id, "Transport and fuel has used 80% of its budget"],
          [admin.id, "Transport and fuel is over budget"],
        ].sort(),
      );
      expect(inbox.some((item) => item.userId === staff.id)).toBe(false);
      const sent = await harness.db
        .select()
        .from(emails)
        .where(and(eq(emails.businessId, id), eq(emails.template, "budget-exceeded")));
      expect(sent.map((email) => email.toAddress).sort()).toEqual([admin.email, user.email].sort());
      expect(sent[0]?.textBody).toMatch(
        /KES 10,500.00 of the KES 10,000.00 planned for Transport and fuel \(November 2026\)/,
      );

      // A new plan is a new chance to warn.
      await user.caller.budgets.update({ businessId: id, budgetId: String(budget?.id), amount: "13000" });
      expect(await checkBudgetAlerts(deps(), id, now())).toEqual([{ budgetId: budget?.id, threshold: 80 }]);
    } finally {
      harness.setNow(new Date());
    }
  });

  it("says each alert in its reader's language: the notification and the email", async () => {
    const { user, id, category } = await business();
    const admin = await addMember(harness, user, id, "admin");
    await admin.caller.profile.update({ language: "sw" });
    harness.setNow(new Date("2026-11-20T09:00:00Z"));
    try {
      await user.caller.budgets.create({
        businessId: id,
        categoryId: category("transport_fuel"),
        month: "2026-11",
        amount: "10000",
      });
      await user.caller.transactions.create({
        businessId: id,
        type: "expense",
        amount: "10500",
        categoryId: category("transport_fuel"),
        transactionDate: "2026-11-18",
      });
      expect(await checkBudgetAlerts(deps(), id, harness.services.now())).toHaveLength(1);
      const inbox = (
        await harness.db.select().from(notifications).where(eq(notifications.businessId, id))
      ).filter((item) => item.kind.startsWith("budget."));
      const titleFor = (userId: string) => inbox.find((item) => item.userId === userId)?.title;
      expect(titleFor(user.id)).toBe("Transport and fuel is over budget");
      expect(titleFor(admin.id)).toBe("Usafiri na mafuta imezidi bajeti");
      expect(inbox.find((item) => item.userId === admin.id)?.body).toMatch(
        /imetumia .* kati ya .*Novemba 2026/,
      );
      const sent = await harness.db
        .select()
        .from(emails)
        .where(and(eq(emails.businessId, id), eq(emails.template, "budget-exceeded")));
      const toAdmin = sent.find((email) => email.toAddress === admin.email);
      const toOwner = sent.find((email) => email.toAddress === user.email);
      expect(toAdmin?.subject).toMatch(/^Usafiri na mafuta imezidi bajeti — /);
      expect(toAdmin?.textBody).toContain("Fungua bajeti");
      expect(toAdmin?.html).toContain('lang="sw"');
      expect(toOwner?.subject).toMatch(/^Transport and fuel is over budget — /);
    } finally {
      harness.setNow(new Date());
    }
  });

  it("asks for a check after transactions change, one job per business per few seconds", async () => {
    const { user, id, category } = await business();
    for (let index = 0; index < 3; index += 1) {
      await user.caller.transactions.create({
        businessId: id,
        type: "expense",
        amount: "10",
        categoryId: category("rent"),
        transactionDate: "2026-11-01",
      });
    }
    const queued = await harness.jobs.queue("budgets").getJobs(["delayed", "waiting"]);
    const mine = queued.filter((job) => job.data.businessId === id);
    expect(mine.length).toBeGreaterThanOrEqual(1);
    expect(mine.length).toBeLessThanOrEqual(2);
    expect(mine.every((job) => job.name === "budgets.check")).toBe(true);
  });

  it("budgets module for staff; viewers read", async () => {
    const { user, id, category } = await business();
    const bookkeeper = await addMember(harness, user, id, "staff", ["transactions"]);
    const viewer = await addMember(harness, user, id, "viewer");
    expect(await refusal(bookkeeper.caller.budgets.list({ businessId: id }))).toMatchObject({
      code: "FORBIDDEN",
    });
    await viewer.caller.budgets.list({ businessId: id });
    expect(
      await refusal(
        viewer.caller.budgets.create({
          businessId: id,
          categoryId: category("rent"),
          month: "2026-11",
          amount: "1",
        }),
      ),
    ).toMatchObject({
      code: "FORBIDDEN",
    });
  });
});
