import { invoiceSettings } from "@kavi/db";
import { addDays, addMonths, localDateOf, startOfMonth } from "@kavi/domain";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestHarness, ledgerBusiness, ledgerRowFields, type TestHarness } from "../testing";
import {
  analyticsSummary,
  balanceAtStartOf,
  incomeExpenseSeries,
  summaryPeriods,
  totalsByCategory,
  totalsForRanges,
} from "./analytics";
import { recordTransaction } from "./transactions/record";
import { inTransaction } from "./unit-of-work";

let harness: TestHarness;
afterAll(async () => {
  await harness.close();
});
beforeAll(async () => {
  harness = await createTestHarness();
});

const DAY_MS = 86_400_000;
/** Transactions are spread over these days around the summary's "now" (future-dated ones included). */
const FIRST = Date.UTC(2025, 8, 1);
const DAYS = 520;

describe("analytics summary", () => {
  it("property: its one statement gives what the series, category, period and balance queries give", async () => {
    const { business, ledger, actor, categoryIdOf } = await ledgerBusiness(harness);
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          // Loan money counts for cash but not for earnings; uncategorised rows count for both.
          fc.record(ledgerRowFields(DAYS)),
          { maxLength: 12 },
        ),
        fc.integer({ min: 60, max: DAYS - 30 }),
        // No opening balance, or one dated anywhere from well before "now" to well after it.
        fc.option(
          fc.record({
            offsetDays: fc.integer({ min: -400, max: 60 }),
            amountMinor: fc.bigInt({ min: -(10n ** 9n), max: 10n ** 9n }),
          }),
        ),
        fc.option(
          fc.record({
            fromMonthsBack: fc.integer({ min: 0, max: 14 }),
            fromDay: fc.integer({ min: 1, max: 28 }),
          }),
        ),
        async (rows, nowDay, opening, range) => {
          await inTransaction(harness.services, async (tx) => {
            for (const row of rows) {
              await recordTransaction(tx, actor, {
                businessId: business.id,
                type: row.type,
                amountMinor: row.amountMinor,
                currency: "KES",
                status: row.status,
                categoryId: categoryIdOf(row),
                transactionDate: new Date(FIRST + row.minutes * 60_000),
              });
            }
          });
          const now = new Date(FIRST + nowDay * DAY_MS + 13 * 3_600_000);
          const today = localDateOf(now, ledger.timezone);
          const settings = {
            openingBalanceMinor: opening?.amountMinor ?? 0n,
            openingBalanceDate: opening ? addDays(today, opening.offsetDays) : null,
          };
          await harness.db
            .insert(invoiceSettings)
            .values({ businessId: business.id, ...settings })
            .onConflictDoUpdate({ target: invoiceSettings.businessId, set: settings });
          const chosenFrom =
            range && addDays(startOfMonth(addMonths(today, -range.fromMonthsBack)), range.fromDay - 1);
          // biome-ignore lint/complexity/useMathMinMax: ISO dates, compared as strings
          const input = chosenFrom ? { from: chosenFrom < today ? chosenFrom : today } : {};

          const summary = await analyticsSummary(harness.db, ledger, input, now);

          // The same periods, each figure from its own query.
          const expected = summaryPeriods(today, input);
          const { from, to } = expected.range;
          const periods = await totalsForRanges(harness.db, business.id, expected);
          const categories = await totalsByCategory(harness.db, business.id, { from, to });
          expect(summary.range).toEqual({ from, to });
          expect(summary.series).toEqual(
            await incomeExpenseSeries(harness.db, business.id, { from, to }, "month"),
          );
          expect(summary.byCategory).toEqual({
            income: categories.filter((item) => item.type === "income"),
            expense: categories.filter((item) => item.type === "expense"),
          });
          expect(summary.totals).toEqual(periods.range);
          expect(summary.monthToDate.current).toEqual(periods.monthToDate);
          expect(summary.monthToDate.lastMonthToDate).toEqual(periods.lastMonthToDate);
          expect(summary.monthToDate.lastMonth).toEqual(periods.lastMonth);
          expect(summary.burn.cashBalanceMinor).toBe(
            await balanceAtStartOf(harness.db, business.id, addDays(today, 1)),
          );
        },
      ),
      { numRuns: 25 },
    );
    // Inside a transaction the statement runs on the transaction's connection (drizzle's mapper, not the pool's):
    // the same answer.
    const now = new Date(FIRST + 200 * DAY_MS);
    const onPool = await analyticsSummary(harness.db, ledger, {}, now);
    const inside = await inTransaction(harness.services, (tx) => analyticsSummary(tx, ledger, {}, now));
    expect(inside).toEqual(onPool);
  });
});
