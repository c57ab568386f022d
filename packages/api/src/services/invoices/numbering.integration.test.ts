import { createDatabase, type DatabaseHandle, documentSequences, invoices } from "@kavi/db";
import { dateInZone } from "@kavi/domain";
import { and, eq, isNotNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContext } from "../../context";
import { createCaller } from "../../root";
import {
  createBusinessFor,
  createTestHarness,
  insertCustomer,
  MemoryCookieJar,
  type SignedInUser,
  sampleDraft,
  signUpUser,
  type TestHarness,
} from "../../testing";
import { takeNextDocumentNumber } from "./numbering";
import { getInvoiceSettings } from "./settings";

const PARALLEL = 40;

let harness: TestHarness;
let wide: DatabaseHandle;
let owner: SignedInUser;

beforeAll(async () => {
  harness = await createTestHarness();
  // One connection per concurrent call, so the calls really race inside PostgreSQL.
  wide = createDatabase({
    url: harness.databaseUrl,
    max: PARALLEL + 5,
    applicationName: "kavi-numbering-test",
  });
  owner = await signUpUser(harness);
});
afterAll(async () => {
  await wide.close();
  await harness.close();
});

/** A caller whose procedures run on the wide pool. */
async function wideCaller() {
  const context = await createContext(
    { ...harness.services, db: wide.db },
    {
      requestId: `numbering-${Math.random()}`,
      ip: "198.51.100.9",
      userAgent: "vitest",
      authorization: `Bearer ${owner.accessToken}`,
      cookies: new MemoryCookieJar(),
      setHeader: () => undefined,
    },
  );
  return createCaller(context);
}

async function numbersOf(businessId: string): Promise<string[]> {
  const rows = await harness.db
    .select({ number: invoices.invoiceNumber })
    .from(invoices)
    .where(and(eq(invoices.businessId, businessId), isNotNull(invoices.invoiceNumber)));
  return rows.map((row) => String(row.number)).sort();
}

/** Drafts are dated today in Nairobi, and the number carries that year. */
const YEAR = dateInZone(new Date()).slice(0, 4);
const expected = (count: number) =>
  Array.from({ length: count }, (_, index) => `INV-${YEAR}-${String(index + 1).padStart(4, "0")}`);

describe("gapless numbering under concurrency", () => {
  it(`gives ${PARALLEL} invoices created and issued at once the numbers 1…${PARALLEL}, none twice, none skipped`, async () => {
    const businessId = (await createBusinessFor(owner)).id;
    const customer = await insertCustomer(harness.db, businessId, { email: null });
    const callers = await Promise.all(Array.from({ length: PARALLEL }, () => wideCaller()));
    // Created in parallel, then issued in parallel: half as "mark as sent", half sent by email.
    const drafts = await Promise.all(
      callers.map((caller) => caller.invoices.create({ businessId, ...sampleDraft(customer.id) })),
    );
    const issued = await Promise.all(
      drafts.map((draft, index) => {
        const caller = callers[index];
        if (!caller) throw new Error("caller missing");
        return index % 2 === 0
          ? caller.invoices.issue({ businessId, invoiceId: draft.id })
          : caller.invoices
              .send({ businessId, invoiceId: draft.id, to: `buyer${index}@example.co.ke` })
              .then((result) => result.invoice);
      }),
    );
    expect(issued.map((invoice) => invoice.invoiceNumber).sort()).toEqual(expected(PARALLEL));
    expect(await numbersOf(businessId)).toEqual(expected(PARALLEL));
    const [sequence] = await harness.db
      .select()
      .from(documentSequences)
      .where(eq(documentSequences.businessId, businessId));
    expect(sequence?.lastValue).toBe(PARALLEL);
  });

  it("gives a number back when the issuing transaction rolls back", async () => {
    const businessId = (await createBusinessFor(owner)).id;
    const customer = await insertCustomer(harness.db, businessId);
    const settings = await getInvoiceSettings(harness.db, businessId);
    const today = `${YEAR}-06-01`;
    await expect(
      harness.db.transaction(async (tx) => {
        expect(await takeNextDocumentNumber(tx, settings, "invoice", today)).toBe(`INV-${YEAR}-0001`);
        throw new Error("the rest of the issue failed");
      }),
    ).rejects.toThrow("the rest of the issue failed");
    const caller = await wideCaller();
    const draft = await caller.invoices.create({ businessId, ...sampleDraft(customer.id) });
    expect((await caller.invoices.issue({ businessId, invoiceId: draft.id })).invoiceNumber).toMatch(
      /-0001$/,
    );
  });

  it("keeps each business's sequence its own while both issue at once", async () => {
    const [first, second] = await Promise.all([createBusinessFor(owner), createBusinessFor(owner)]);
    if (!first || !second) throw new Error("businesses missing");
    const runs = await Promise.all(
      [first.id, second.id].map(async (businessId) => {
        const customer = await insertCustomer(harness.db, businessId);
        const caller = await wideCaller();
        const drafts = await Promise.all(
          Array.from({ length: 10 }, () =>
            caller.invoices.create({ businessId, ...sampleDraft(customer.id) }),
          ),
        );
        await Promise.all(drafts.map((draft) => caller.invoices.issue({ businessId, invoiceId: draft.id })));
        return numbersOf(businessId);
      }),
    );
    expect(runs).toEqual([expected(10), expected(10)]);
  });
});
