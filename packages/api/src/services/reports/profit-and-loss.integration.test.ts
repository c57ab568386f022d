import { addDays, localDateOf } from "@kavi/domain";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestHarness, ledgerBusiness, ledgerRowFields, type TestHarness } from "../../testing";
import { voidTransactionInTx } from "../transactions/mutations";
import { recordTransaction } from "../transactions/record";
import { inTransaction } from "../unit-of-work";
import { profitAndLoss } from "./financial";

let harness: TestHarness;
afterAll(async () => {
  await harness.close();
});
beforeAll(async () => {
  harness = await createTestHarness();
});

const FIRST = Date.UTC(2025, 10, 1);
const DAYS = 200;
/** ledgerBusiness's zone. */
const TIMEZONE = "Africa/Nairobi";

interface Booked {
  type: "income" | "expense" | "transfer";
  categoryId: string | null;
  excluded: boolean;
  amountMinor: bigint;
  day: string;
  counts: boolean;
}

describe("profit and loss", () => {
  it("property: read from the ledger's totals, it gives the period's completed, unvoided transactions by month and category", async () => {
    const { business, ledger, categories, actor, categoryIdOf } = await ledgerBusiness(harness);
    const booked: Booked[] = [];
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ ...ledgerRowFields(DAYS), voided: fc.boolean() }), { maxLength: 10 }),
        fc.integer({ min: 0, max: DAYS }),
        fc.integer({ min: 0, max: 120 }),
        async (rows, fromDay, length) => {
          await inTransaction(harness.services, async (tx) => {
            for (const row of rows) {
              const transactionDate = new Date(FIRST + row.minutes * 60_000);
              const recorded = await recordTransaction(tx, actor, {
                businessId: business.id,
                type: row.type,
                amountMinor: row.amountMinor,
                currency: "KES",
                status: row.status,
                categoryId: categoryIdOf(row),
                transactionDate,
              });
              if (row.voided) {
                await voidTransactionInTx(
                  tx,
                  actor,
                  null,
                  business.id,
                  recorded.transaction.id,
                  "mistake",
                  new Date(FIRST),
                );
              }
              booked.push({
                type: row.type,
                categoryId: categoryIdOf(row),
                excluded: row.category === "loan",
                amountMinor: row.amountMinor,
                day: localDateOf(transactionDate, TIMEZONE),
                counts: row.status === "completed" && !row.voided,
              });
            }
          });
          const from = localDateOf(new Date(FIRST + fromDay * 86_400_000), TIMEZONE);
          const period = { from, to: addDays(from, length) };

          const report = await profitAndLoss(harness.db, ledger, period);

          // The same figures, from the booked rows.
          const expected = { income: new Map<string, Map<string, bigint>>(), expense: new Map() };
          for (const row of booked) {
            if (!row.counts || row.type === "transfer" || row.excluded) continue;
            if (row.day < period.from || row.day > period.to) continue;
            const month = row.day.slice(0, 7);
            const line = expected[row.type].get(String(row.categoryId)) ?? new Map<string, bigint>();
            line.set(month, (line.get(month) ?? 0n) + row.amountMinor);
            expected[row.type].set(String(row.categoryId), line);
          }
          const linesOf = (lines: { categoryId: string | null; byMonth: Record<string, bigint> }[]) =>
            new Map(lines.map((line) => [String(line.categoryId), new Map(Object.entries(line.byMonth))]));
          expect(linesOf(report.income)).toEqual(expected.income);
          expect(linesOf(report.expenses)).toEqual(expected.expense);
          const months = new Set(
            [...expected.income.values(), ...expected.expense.values()].flatMap((line) => [...line.keys()]),
          );
          expect(report.months).toEqual([...months].sort());
          const total = (lines: Map<string, Map<string, bigint>>) =>
            [...lines.values()].flatMap((line) => [...line.values()]).reduce((sum, value) => sum + value, 0n);
          expect(report.incomeMinor).toBe(total(expected.income));
          expect(report.expenseMinor).toBe(total(expected.expense));
          expect(report.profitMinor).toBe(total(expected.income) - total(expected.expense));
          for (const line of [...report.income, ...report.expenses]) {
            expect(line.name).toBe(
              line.categoryId === null ? null : categories.find((item) => item.id === line.categoryId)?.name,
            );
          }
        },
      ),
      { numRuns: 30 },
    );
  });
});
