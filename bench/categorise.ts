/**
 * Categorisation benchmark (issue 9): how well the learned categoriser (packages/insights/src/categorise) does on
 *   1. the demo business's history (seeded into a scratch database with a fixed clock): trained on its first 80 %
 *      by date, predicting the last 20 %;
 *   2. synthetic Kenyan SME ledgers (M-Pesa statement lines, supplier names, Kiswahili and Sheng), five seeds.
 * It prints top-1 accuracy, and at the auto-apply threshold the share applied without asking (coverage) and the
 * accuracy of what was applied, plus a threshold sweep. Targets: ≥ 90 % right on what it applies, ≥ 70 % applied.
 *
 *   pnpm bench categorise            (BENCH_SKIP_DEMO=1 for the synthetic ledgers only)
 */
import { randomBytes } from "node:crypto";
import { createDatabase, customers, runMigrations, suppliers, transactions } from "@kavi/db";
import { seedDemo } from "@kavi/db/seed";
import {
  AUTO_APPLY_CONFIDENCE,
  evaluateCategoriser,
  generateSyntheticLedger,
  suggestCategory,
  type TCategoriserEvaluation,
  type TDatedExample,
  trainCategoriser,
} from "@kavi/insights";
import { and, eq, isNotNull, ne } from "drizzle-orm";
import { admin, databaseUrl } from "./scratch";

const percent = (value: number) => `${(value * 100).toFixed(1).padStart(5)} %`;

function line(label: string, result: TCategoriserEvaluation): string {
  const met = result.autoAccuracy >= 0.9 && result.coverage >= 0.7 ? "MET" : "NOT MET";
  return `${label.padEnd(30)} train ${String(result.trained).padStart(5)}  test ${String(result.tested).padStart(5)}  top-1 ${percent(result.topOneAccuracy)}  applied ${percent(result.coverage)}  right when applied ${percent(result.autoAccuracy)}  ${met}`;
}

function sweep(examples: TDatedExample[]): string[] {
  return [0.5, 0.7, 0.8, AUTO_APPLY_CONFIDENCE, 0.9, 0.95].map((threshold) => {
    const result = evaluateCategoriser(examples, { threshold });
    return `    threshold ${threshold.toFixed(2)}: applied ${percent(result.coverage)}, right when applied ${percent(result.autoAccuracy)}`;
  });
}

async function demoExamples(): Promise<TDatedExample[]> {
  const name = `kavi_bench_categorise_${randomBytes(4).toString("hex")}`;
  await admin((client) => client.query(`create database "${name}"`));
  const handle = createDatabase({ url: databaseUrl(name), max: 2, applicationName: "kavi-bench" });
  try {
    await runMigrations(handle.db);
    const { businessId } = await seedDemo(handle.db, { now: new Date("2026-11-30T09:00:00Z") });
    const rows = await handle.db
      .select({
        date: transactions.transactionDate,
        type: transactions.type,
        description: transactions.description,
        paymentMethod: transactions.paymentMethod,
        source: transactions.source,
        amountMinor: transactions.baseAmountMinor,
        categoryId: transactions.categoryId,
        customerId: transactions.customerId,
        supplierId: transactions.supplierId,
        customerName: customers.name,
        supplierName: suppliers.name,
      })
      .from(transactions)
      .leftJoin(customers, eq(customers.id, transactions.customerId))
      .leftJoin(suppliers, eq(suppliers.id, transactions.supplierId))
      .where(
        and(
          eq(transactions.businessId, businessId),
          isNotNull(transactions.categoryId),
          ne(transactions.status, "void"),
          ne(transactions.type, "transfer"),
        ),
      );
    return rows.flatMap((row) =>
      row.categoryId && row.type !== "transfer"
        ? [
            {
              date: row.date.toISOString(),
              type: row.type,
              description: row.description,
              paymentMethod: row.paymentMethod,
              source: row.source,
              amountMinor: row.amountMinor,
              categoryId: row.categoryId,
              counterpartyId: row.customerId ?? row.supplierId,
              counterpartyName: row.customerName ?? row.supplierName,
            },
          ]
        : [],
    );
  } finally {
    await handle.close();
    await admin(async (client) => {
      await client.query(
        "select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()",
        [name],
      );
      await client.query(`drop database if exists "${name}"`);
    });
  }
}

/** BENCH_CONFUSION=1: which true category was taken for which, on the tested part. */
function printConfusion(examples: TDatedExample[]) {
  const sorted = [...examples].sort((left, right) => left.date.localeCompare(right.date));
  const cut = Math.floor(sorted.length * 0.8);
  const model = trainCategoriser(sorted.slice(0, cut));
  const counts = new Map<string, number>();
  for (const example of sorted.slice(cut)) {
    const suggestion = suggestCategory(model, example);
    if (suggestion?.categoryId === example.categoryId) continue;
    const key = `${example.categoryId.slice(0, 8)} → ${suggestion?.categoryId.slice(0, 8)} (${example.description})`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  for (const [key, count] of [...counts].sort((a, b) => b[1] - a[1]).slice(0, 15))
    console.log(`    ${count}× ${key}`);
}

async function main() {
  console.log(`Auto-apply threshold: ${AUTO_APPLY_CONFIDENCE}\n`);
  if (!process.env.BENCH_SKIP_DEMO) {
    const started = performance.now();
    const demo = await demoExamples();
    console.log(line("demo business (Wanjiru)", evaluateCategoriser(demo)));
    if (process.env.BENCH_CONFUSION) printConfusion(demo);
    console.log(line("  … learning as people confirm", evaluateCategoriser(demo, { online: true })));
    for (const row of sweep(demo)) console.log(row);
    console.log(`    (seeded and read in ${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
  }
  const totals = { tested: 0, applied: 0, appliedRight: 0, right: 0 };
  for (const seed of [1, 2, 3, 4, 5]) {
    const ledger = generateSyntheticLedger({ seed });
    const examples = ledger.map((row) => ({ ...row, categoryId: row.categoryKey }));
    const started = performance.now();
    const result = evaluateCategoriser(examples);
    const elapsed = performance.now() - started;
    console.log(`${line(`synthetic SME, seed ${seed}`, result)}  (${elapsed.toFixed(0)} ms)`);
    totals.tested += result.tested;
    totals.right += result.topOneAccuracy * result.tested;
    totals.applied += result.coverage * result.tested;
    totals.appliedRight += result.autoAccuracy * result.coverage * result.tested;
    if (seed === 1) for (const row of sweep(examples)) console.log(row);
  }
  console.log(
    `\nsynthetic, all seeds: top-1 ${percent(totals.right / totals.tested)}, applied ${percent(totals.applied / totals.tested)}, right when applied ${percent(totals.appliedRight / totals.applied)}`,
  );
}

main().catch((error: unknown) => {
  console.error("bench failed:", error);
  process.exitCode = 1;
});
