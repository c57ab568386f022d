import { createDatabase } from "../client";
import { seedDemo } from "../seed";
import { cliDatabaseSsl, cliDatabaseUrl, cliDataEncryptionKeys, cliNodeEnv } from "./env";

// The demo accounts have published passwords (one is a platform operator): never in production.
if (cliNodeEnv === "production") {
  console.error(
    "Refusing to seed demo data in production (NODE_ENV=production): the demo accounts have published passwords, " +
      "one of them a platform operator. The seed is for development and staging databases only.",
  );
  process.exit(1);
}

const handle = createDatabase({
  url: cliDatabaseUrl,
  ssl: cliDatabaseSsl,
  max: 2,
  applicationName: "kavi-seed",
});
try {
  const started = Date.now();
  const result = await seedDemo(handle.db, { dataEncryptionKeys: cliDataEncryptionKeys });
  const width = Math.max(...result.credentials.map((row) => row.email.length));
  console.log(`\nDemo data ready (${((Date.now() - started) / 1000).toFixed(1)} s). Sign in with:\n`);
  const { ledger, invoices } = result;
  console.log(
    `  Ledger: ${ledger.customers} customers, ${ledger.suppliers} suppliers, ${ledger.transactions} new transactions, ${ledger.budgets} new budgets`,
  );
  console.log(
    invoices.skipped
      ? "  Invoices: already there\n"
      : `  Invoices: ${invoices.invoices} invoices, ${invoices.payments} payments, ${invoices.creditNotes} credit note\n`,
  );
  for (const row of result.credentials) {
    console.log(`  ${row.email.padEnd(width)}  ${row.password}  (${row.role})`);
  }
  console.log("");
} catch (error) {
  console.error("seeding failed:", error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await handle.close();
}
