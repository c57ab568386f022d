import { readFileSync } from "node:fs";
import { activityLog, transactionImports, transactions } from "@kavi/db";
import { IMPORT_UPLOAD_CHUNK_CHARS, ZImportMappingSchema } from "@kavi/domain";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../../services/activity";
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

const fixture = (name: string) =>
  readFileSync(new URL(`../../services/transactions/fixtures/${name}`, import.meta.url), "utf8");

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

const countTransactions = async (businessId: string) =>
  (
    await harness.db
      .select({ n: sql<number>`count(*)::int` })
      .from(transactions)
      .where(eq(transactions.businessId, businessId))
  )[0]?.n;

describe("CSV import", () => {
  it("recognises the M-Pesa statement, maps it without help, books charges as M-Pesa charges, and is idempotent", async () => {
    const { user, id, category } = await business();
    const upload = await user.caller.transactions.import.upload({
      businessId: id,
      fileName: "MPESA_Statement_Nov_2026.csv",
      content: fixture("mpesa-statement.csv"),
    });
    const preview = upload.preview;
    expect(preview).toMatchObject({
      profile: "mpesa_statement",
      headers: [
        "Receipt No.",
        "Completion Time",
        "Details",
        "Transaction Status",
        "Paid In",
        "Withdrawn",
        "Balance",
      ],
      dataRowCount: 11,
      detected: { dateFormat: "YYYY-MM-DD", amountFormat: "standard" },
    });
    expect(preview?.evaluation?.counts).toEqual({
      ready: 10,
      rejected: 0,
      skipped: 1,
      duplicates: 0,
      alreadyImported: 0,
    });
    expect(preview?.evaluation?.problems).toEqual([
      {
        row: 21,
        status: "skipped",
        reason: 'Status is "Failed": only completed M-Pesa transactions are imported',
      },
    ]);
    const mapping = ZImportMappingSchema.parse(preview?.suggestedMapping);
    const result = await user.caller.transactions.import.commit({
      businessId: id,
      importId: upload.importId,
      mapping,
    });
    expect(result).toMatchObject({ imported: 10, skipped: 1, rejected: 0, alreadyImported: 0 });

    const charges = await user.caller.transactions.list({
      businessId: id,
      categoryIds: [category("mpesa_charges")],
    });
    expect(
      charges.items.map((item) => [item.description, item.baseAmountMinor, item.externalId]).sort(),
    ).toEqual([
      ["Customer Transfer of Funds Charge", 3_300n, "SKL1A2B3C6:charge"],
      ["Pay Bill Charge", 2_300n, "SKL1A2B3C7:charge"],
      ["Withdrawal Charge", 6_700n, "SKL1A2B3C8:charge"],
    ]);
    const all = await user.caller.transactions.list({ businessId: id, limit: 50 });
    expect(all.items.every((item) => item.paymentMethod === "mpesa" && item.source === "import")).toBe(true);
    const received = all.items.find((item) => item.externalId === "SKL1A2B3C4");
    expect(received).toMatchObject({
      type: "income",
      baseAmountMinor: 500_000n,
      referenceNumber: "SKL1A2B3C4",
    });
    expect(received?.transactionDate.toISOString()).toBe("2026-11-20T21:15:42.000Z");
    expect(all.items.find((item) => item.externalId === "SKL1A2B3C7")?.categoryName).toBe("Utilities");
    expect(all.items.find((item) => item.externalId === "SKL1A2B3C9")?.categoryName).toBe("Airtime and data");

    // The same statement again books nothing new.
    const again = await user.caller.transactions.import.upload({
      businessId: id,
      fileName: "again.csv",
      content: fixture("mpesa-statement.csv"),
    });
    expect(again.preview?.evaluation?.counts).toMatchObject({ ready: 0, alreadyImported: 10 });
    const second = await user.caller.transactions.import.commit({
      businessId: id,
      importId: again.importId,
      mapping,
    });
    expect(second).toMatchObject({ imported: 0, alreadyImported: 10 });
    expect(await countTransactions(id)).toBe(10);
  });

  it("skips receipts M-Pesa processing already booked", async () => {
    const { user, id } = await business();
    await inTransaction(harness.services, (tx) =>
      recordTransaction(
        tx,
        { ...SYSTEM_ACTOR, businessId: id },
        {
          businessId: id,
          type: "income",
          amountMinor: 1_240_000n,
          transactionDate: new Date("2026-11-21T20:58:00Z"),
          externalId: "SKL1A2B3D1",
          source: "mpesa",
          paymentMethod: "mpesa",
        },
      ),
    );
    const upload = await user.caller.transactions.import.upload({
      businessId: id,
      fileName: "s.csv",
      content: fixture("mpesa-statement.csv"),
    });
    const mapping = ZImportMappingSchema.parse(upload.preview?.suggestedMapping);
    const result = await user.caller.transactions.import.commit({
      businessId: id,
      importId: upload.importId,
      mapping,
    });
    expect(result).toMatchObject({ imported: 9, alreadyImported: 1 });
  });

  it("maps a bank export with debit/credit columns and day-first dates, then undoes the import", async () => {
    const { user, id } = await business();
    const upload = await user.caller.transactions.import.upload({
      businessId: id,
      fileName: "equity.csv",
      content: fixture("equity-bank-export.csv"),
    });
    expect(upload.preview).toMatchObject({
      profile: "generic",
      detected: { dateFormat: "DD/MM/YYYY" },
      suggestedMapping: { date: 0, description: 2, reference: 3, withdrawn: 4, paidIn: 5, amount: null },
    });
    const mapping = ZImportMappingSchema.parse(upload.preview?.suggestedMapping);
    const result = await user.caller.transactions.import.commit({
      businessId: id,
      importId: upload.importId,
      mapping,
    });
    expect(result.imported).toBe(7);
    const summary = await user.caller.transactions.summary({
      businessId: id,
      from: "2026-11-01",
      to: "2026-11-30",
    });
    expect(summary.totals).toEqual({
      incomeMinor: 12_765_050n,
      expenseMinor: 12_107_000n,
      netMinor: 658_050n,
    });
    const fuel = (await user.caller.transactions.list({ businessId: id, search: "TOTALENERGIES" })).items[0];
    expect(fuel).toMatchObject({ categoryName: "Transport and fuel", paymentMethod: "bank" });
    const [activity] = await harness.db
      .select()
      .from(activityLog)
      .where(
        and(
          eq(activityLog.entityId, upload.importId),
          eq(activityLog.action, "transaction_import.completed"),
        ),
      );
    expect(activity?.metadata).toMatchObject({ imported: 7 });
    expect(await user.caller.transactions.import.undo({ businessId: id, importId: upload.importId })).toEqual(
      { deleted: 7 },
    );
    expect(await countTransactions(id)).toBe(0);
    expect(
      await refusal(user.caller.transactions.import.undo({ businessId: id, importId: upload.importId })),
    ).toMatchObject({
      code: "PRECONDITION_FAILED",
    });
  });

  it("reports every rejected row with its reason and imports nothing unless told to skip them", async () => {
    const { user, id } = await business();
    const upload = await user.caller.transactions.import.upload({
      businessId: id,
      fileName: "bad.csv",
      content: fixture("bad-rows.csv"),
    });
    expect(upload.preview?.evaluation).toMatchObject({
      counts: { ready: 3, rejected: 2, duplicates: 1 },
      problems: [
        { row: 4, status: "rejected", reason: '"2026-11-31" is not a date like 2026-11-21' },
        { row: 5, status: "rejected", reason: '"three thousand" is not an amount like 1,250.00' },
        { row: 7, status: "duplicate", reason: "Same reference as row 6" },
      ],
    });
    const mapping = ZImportMappingSchema.parse(upload.preview?.suggestedMapping);
    const refused = await refusal(
      user.caller.transactions.import.commit({ businessId: id, importId: upload.importId, mapping }),
    );
    expect(refused).toMatchObject({
      code: "PRECONDITION_FAILED",
      message: expect.stringMatching(/^2 rows cannot be imported/),
    });
    expect(await countTransactions(id)).toBe(0);
    const result = await user.caller.transactions.import.commit({
      businessId: id,
      importId: upload.importId,
      mapping,
      skipRejected: true,
    });
    expect(result).toMatchObject({ imported: 3, rejected: 2, duplicates: 1 });
    const crates = (await user.caller.transactions.list({ businessId: id, search: "Crates" })).items[0];
    expect(crates).toMatchObject({ type: "expense", baseAmountMinor: 145_000n });
    expect(
      await refusal(
        user.caller.transactions.import.commit({ businessId: id, importId: upload.importId, mapping }),
      ),
    ).toMatchObject({
      message: "This file was already imported",
    });
  });

  it("is all or nothing: a failure half-way leaves no transaction behind", async () => {
    const { user, id } = await business();
    const upload = await user.caller.transactions.import.upload({
      businessId: id,
      fileName: "bank.csv",
      content: fixture("equity-bank-export.csv"),
    });
    const mapping = ZImportMappingSchema.parse(upload.preview?.suggestedMapping);
    // Make the 5th row's insert fail inside the import's transaction.
    await harness.db.execute(
      sql.raw(`
      create or replace function fail_fifth_import_row() returns trigger language plpgsql as $$
      begin
        if new.reference_number = 'EQ2611120005' then raise exception 'disk full (simulated)'; end if;
        return new;
      end $$;
      create trigger fail_fifth_import_row before insert on transactions for each row execute function fail_fifth_import_row();`),
    );
    try {
      const error = await refusal(
        user.caller.transactions.import.commit({ businessId: id, importId: upload.importId, mapping }),
      );
      expect(error.code).toBe("INTERNAL_SERVER_ERROR");
    } finally {
      await harness.db.execute(
        sql.raw("drop trigger fail_fifth_import_row on transactions; drop function fail_fifth_import_row();"),
      );
    }
    expect(await countTransactions(id)).toBe(0);
    const [row] = await harness.db
      .select()
      .from(transactionImports)
      .where(eq(transactionImports.id, upload.importId));
    expect(row?.status).toBe("previewed");
    expect(
      (await user.caller.transactions.import.commit({ businessId: id, importId: upload.importId, mapping }))
        .imported,
    ).toBe(7);
  });

  it("takes large files in parts, refuses more than 5 MB, and explains an unreadable file", async () => {
    const { user, id } = await business();
    const rows = Array.from(
      { length: 12_000 },
      (_, index) =>
        `2026-10-${String((index % 28) + 1).padStart(2, "0")},Sale ${index},${100 + (index % 50)}.00,REF-${index}`,
    );
    const content = `Date,Description,Amount,Reference\n${rows.join("\n")}\n`;
    expect(content.length).toBeGreaterThan(IMPORT_UPLOAD_CHUNK_CHARS);
    let importId: string | null = null;
    let preview: Awaited<ReturnType<typeof user.caller.transactions.import.upload>>["preview"] = null;
    for (let start = 0; start < content.length; start += IMPORT_UPLOAD_CHUNK_CHARS) {
      const part = content.slice(start, start + IMPORT_UPLOAD_CHUNK_CHARS);
      const complete = start + IMPORT_UPLOAD_CHUNK_CHARS >= content.length;
      const result: Awaited<ReturnType<typeof user.caller.transactions.import.upload>> =
        await user.caller.transactions.import.upload({
          businessId: id,
          fileName: "big.csv",
          content: part,
          complete,
          importId,
        });
      importId = result.importId;
      preview = result.preview;
    }
    expect(preview?.evaluation?.counts.ready).toBe(12_000);
    const mapping = ZImportMappingSchema.parse(preview?.suggestedMapping);
    expect(
      (await user.caller.transactions.import.commit({ businessId: id, importId: String(importId), mapping }))
        .imported,
    ).toBe(12_000);

    const huge = "x".repeat(5 * 1024 * 1024 - 10);
    const first = await user.caller.transactions.import.upload({
      businessId: id,
      fileName: "huge.csv",
      content: huge,
      complete: false,
    });
    expect(
      await refusal(
        user.caller.transactions.import.upload({
          businessId: id,
          fileName: "huge.csv",
          content: "y".repeat(100),
          importId: first.importId,
        }),
      ),
    ).toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/larger than 5 MB/) });
    const broken = await refusal(
      user.caller.transactions.import.upload({
        businessId: id,
        fileName: "broken.csv",
        content: fixture("broken.csv"),
      }),
    );
    expect(broken).toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/not a readable CSV/),
    });
    // 12,000 rows parsed, evaluated and committed in parts: seconds when the machine is idle, far more when other
    // suites share its two cores. Nothing here measures time (bench/ does).
  }, 90_000);
});
