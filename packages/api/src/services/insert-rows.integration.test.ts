import { randomUUID } from "node:crypto";
import { activityLog, emails, insertRows, transactions } from "@kavi/db";
import { inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBusinessFor, createTestHarness, signUpUser, type TestHarness } from "../testing";

/**
 * insertRows (one array per column, unnest) must write and return exactly what drizzle's own multi-row insert
 * does: every value through the column's encoder, strings that need quoting inside a PostgreSQL array literal,
 * nulls, JSON of every shape, and the fallbacks.
 */

let harness: TestHarness;
let businessId: string;

beforeAll(async () => {
  harness = await createTestHarness();
  businessId = (await createBusinessFor(await signUpUser(harness))).id;
});
afterAll(async () => {
  await harness.close();
});

/** Strings an array literal must quote or escape: quotes, backslashes, braces, commas, NULL, spaces, unicode. */
const AWKWARD = [
  'say "hi"',
  "back\\slash",
  "{braces}",
  "a,b",
  "NULL",
  "null",
  "",
  "  padded  ",
  "Habari 🌍 ñ",
  "line\nbreak",
];

function randomOf<T>(values: readonly T[], seed: number): T {
  return values[seed % values.length] as T;
}

function activityRows(count: number, seed: number) {
  return Array.from({ length: count }, (_, index) => {
    const n = seed * 31 + index;
    return {
      businessId: n % 5 === 0 ? null : businessId,
      action: `test.${randomOf(AWKWARD, n)}`.slice(0, 100),
      entityType: "insert-rows",
      entityId: n % 3 === 0 ? null : randomOf(AWKWARD, n + 1),
      changes:
        n % 4 === 0 ? null : { amount: { before: randomOf(AWKWARD, n + 2), after: [1, null, { x: "y" }] } },
      metadata: n % 2 === 0 ? { text: randomOf(AWKWARD, n + 3), nested: { list: [true, false, 0.5] } } : null,
      ip: n % 3 === 1 ? null : randomOf(["196.201.214.200", "::1", "10.0.0.1"], n),
      userAgent: randomOf(AWKWARD, n + 4),
      requestId: `${seed}-${index}`,
    };
  });
}

const comparable = ({ id: _id, createdAt: _createdAt, ...rest }: typeof activityLog.$inferSelect) => rest;

describe("insertRows", () => {
  it("writes and returns what drizzle's insert does, for many shapes of rows", async () => {
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const rows = activityRows(1 + ((seed * 7) % 40), seed);
      const ours = await insertRows(harness.db, activityLog, rows, { returning: true });
      const theirs = await harness.db.insert(activityLog).values(rows).returning();
      expect(ours.map(comparable)).toEqual(theirs.map(comparable));
      // What is stored, read back by drizzle, is the same too, in the order given.
      const stored = await harness.db
        .select()
        .from(activityLog)
        .where(
          inArray(
            activityLog.id,
            ours.map((row) => row.id),
          ),
        );
      const byId = new Map(stored.map((row) => [row.id, row]));
      expect(ours.map((row) => comparable(byId.get(row.id) as typeof row))).toEqual(theirs.map(comparable));
      expect(ours.every((row) => row.createdAt instanceof Date)).toBe(true);
    }
  });

  it("returns rows in the order given, with defaults filled (the email outbox)", async () => {
    const rows = AWKWARD.map((text, index) => ({
      businessId: index % 2 === 0 ? businessId : null,
      template: "insert-rows-test",
      toAddress: `person${index}@example.com`,
      subject: `Subject ${index}: ${text}`,
      html: `<p>${text}</p>`,
      textBody: index % 3 === 0 ? null : text,
      attachments: index % 2 === 0 ? [{ kind: "invoice", id: randomUUID(), filename: `${text}.pdf` }] : null,
      sensitive: index % 4 === 0,
    }));
    const ours = await insertRows(harness.db, emails, rows, { returning: true });
    expect(ours.map((row) => row.subject)).toEqual(rows.map((row) => row.subject));
    expect(ours.map(({ id: _id, createdAt: _createdAt, ...rest }) => rest)).toEqual(
      rows.map((row) => ({
        ...row,
        status: "queued",
        attempts: 0,
        lastError: null,
        providerMessageId: null,
        sentAt: null,
      })),
    );
  });

  it("falls back to drizzle when one array per column cannot say it, with the same result", async () => {
    const when = new Date("2026-12-04T07:15:30.123Z");
    // createdAt set on one row only: the others take the database's default, which an array cannot carry.
    const rows = activityRows(3, 99).map((row, index) => (index === 1 ? { ...row, createdAt: when } : row));
    const ours = await insertRows(harness.db, activityLog, rows, { returning: true });
    expect(ours[1]?.createdAt).toEqual(when);
    expect(ours[0]?.createdAt).not.toEqual(when);
    // A value that is SQL.
    const [withSql] = await insertRows(
      harness.db,
      activityLog,
      [{ ...activityRows(1, 100)[0], entityType: "insert-rows", action: sql`'test.sql'` }],
      { returning: true },
    );
    expect(withSql?.action).toBe("test.sql");
  });

  it("applies the conflict clause and returns only the rows it wrote, with money as bigint", async () => {
    const external = `insert-rows-${randomUUID()}`;
    const row = (amountMinor: bigint, externalId: string | null) => ({
      id: randomUUID(),
      businessId,
      type: "income" as const,
      amountMinor,
      currency: "KES",
      baseAmountMinor: amountMinor,
      transactionDate: new Date("2026-12-04T09:00:00.000Z"),
      description: 'Sale, "cash" {1}',
      externalId,
      createdByUserId: null,
    });
    const conflict = sql`(business_id, external_id) where external_id is not null do nothing`;
    const big = 9_007_199_254_740_993n; // beyond a float's exact integers
    const first = await insertRows(harness.db, transactions, [row(big, external), row(5n, null)], {
      onConflict: conflict,
      returning: true,
    });
    expect(first.map((written) => written.amountMinor)).toEqual([big, 5n]);
    expect(first[0]?.description).toBe('Sale, "cash" {1}');
    const again = await insertRows(harness.db, transactions, [row(7n, external), row(8n, null)], {
      onConflict: conflict,
      returning: true,
    });
    expect(again.map((written) => written.amountMinor)).toEqual([8n]);
  });
});
