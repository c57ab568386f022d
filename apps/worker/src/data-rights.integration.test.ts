import {
  addMember,
  createBusinessFor,
  createTestHarness,
  refusal,
  type SignedInUser,
  signUpUser,
  type TestHarness,
} from "@kavi/api/testing";
import { dataExports, emails } from "@kavi/db";
import { DEFAULT_NOTIFICATION_PREFERENCES } from "@kavi/domain";
import type { MailCatcher } from "@kavi/mailcatcher";
import { and, eq } from "drizzle-orm";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestWorker, type TestWorker } from "./testing";

let harness: TestHarness;
let mail: MailCatcher;
let worker: TestWorker;

beforeAll(async () => {
  harness = await createTestHarness();
  worker = await startTestWorker(harness, ["email", "digests", "privacy"]);
  mail = worker.mail;
});

afterAll(async () => {
  await worker.close();
  await harness.close();
});

async function waitForExport(caller: () => Promise<{ status: string }[]>) {
  await expect
    .poll(async () => (await caller())[0]?.status, { timeout: 60_000, interval: 500 })
    .toBe("ready");
}

function linkIn(text: string): string {
  const url = /https?:\/\/\S+X-Amz-Signature=\S+/.exec(text)?.[0];
  if (!url) throw new Error(`no download link in: ${text}`);
  return url;
}

describe("weekly summary through the worker (fixed clock: Monday 30 November 2026, 07:00 Nairobi)", () => {
  let owner: SignedInUser;
  let viewer: SignedInUser;
  let staff: SignedInUser;
  let businessId: string;

  beforeAll(async () => {
    owner = await signUpUser(harness, { fullName: "Amina Wanjiru" });
    businessId = (await createBusinessFor(owner, "Mama Mboga Supplies Ltd")).id;
    viewer = await addMember(harness, owner, businessId, "viewer");
    staff = await addMember(harness, owner, businessId, "staff", ["invoices"]);
    await viewer.caller.profile.update({
      notificationPreferences: {
        ...DEFAULT_NOTIFICATION_PREFERENCES,
        email: { ...DEFAULT_NOTIFICATION_PREFERENCES.email, weeklySummary: false },
      },
    });
    const categories = await owner.caller.categories.list({ businessId });
    const fuel = categories.find((category) => category.systemKey === "transport_fuel")?.id;
    for (const [type, amount, transactionDate, categoryId] of [
      ["income", "10000", "2026-11-25", undefined],
      ["expense", "2500", "2026-11-26", fuel],
      ["income", "5000", "2026-11-18", undefined],
    ] as const) {
      await owner.caller.transactions.create({ businessId, type, amount, transactionDate, categoryId });
    }
    harness.setNow(new Date("2026-11-30T04:00:00Z"));
  });

  afterAll(() => {
    harness.setNow(new Date());
  });

  it("emails last week's figures to members who may see reports and want it, once", async () => {
    await harness.jobs.enqueue("digests.weekly-all", {});
    const message = await mail.waitForMessage(
      (candidate) => candidate.to.includes(owner.email) && /your week in numbers/.test(candidate.subject),
      { timeoutMs: 60_000 },
    );
    expect(message.subject).toBe(
      "Mama Mboga Supplies: your week in numbers (23 November – 29 November 2026)",
    );
    expect(message.text).toMatch(/Money in: (KES|Ksh)\s?10,000\.00 \(up 100% on the week before\)/);
    expect(message.text).toMatch(/Money out: (KES|Ksh)\s?2,500\.00/);
    expect(message.text).toMatch(/Net: (KES|Ksh)\s?7,500\.00/);
    expect(message.text).toMatch(/Where the money went: Transport and fuel (KES|Ksh)\s?2,500\.00/);
    expect(message.text).toContain(`/b/${businessId}`);
    // Running the week again sends nothing more (the job id and the claim row).
    await harness.jobs.enqueue(
      "digests.weekly",
      { businessId, weekStart: "2026-11-23" },
      { jobId: "weekly-rerun" },
    );
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const rows = await harness.db
      .select({ to: emails.toAddress })
      .from(emails)
      .where(and(eq(emails.template, "weekly-summary"), eq(emails.businessId, businessId)));
    // The viewer turned it off; staff without the reports module never get it.
    expect(rows.map((row) => row.to)).toEqual([owner.email]);
    expect(rows.map((row) => row.to)).not.toContain(staff.email);
  });
});

describe("data exports through the worker", () => {
  it("builds the business's zip (every table as CSV, a manifest), emails a link, and keeps it to its owners", async () => {
    const owner = await signUpUser(harness, { fullName: "Wanjiku Kamau" });
    const businessId = (await createBusinessFor(owner, "Export Ready Traders Ltd")).id;
    const admin = await addMember(harness, owner, businessId, "admin");
    const stranger = await signUpUser(harness);
    const strangerBusiness = (await createBusinessFor(stranger)).id;
    await owner.caller.transactions.create({
      businessId,
      type: "income",
      amount: "4200",
      transactionDate: "2026-11-20",
      description: '=HYPERLINK("evil")',
    });

    expect((await refusal(admin.caller.dataRights.requestBusinessExport({ businessId }))).code).toBe(
      "FORBIDDEN",
    );
    await owner.caller.dataRights.requestBusinessExport({ businessId });
    // One at a time.
    expect((await refusal(owner.caller.dataRights.requestBusinessExport({ businessId }))).code).toBe(
      "CONFLICT",
    );
    await waitForExport(() => owner.caller.dataRights.businessExports({ businessId }));

    const message = await mail.waitForMessage(
      (candidate) => candidate.to.includes(owner.email) && /data export is ready/.test(candidate.subject),
      { timeoutMs: 30_000 },
    );
    const response = await fetch(linkIn(message.text));
    expect(response.status).toBe(200);
    const zip = unzipSync(new Uint8Array(await response.arrayBuffer()));
    const manifest = JSON.parse(strFromU8(zip["manifest.json"] ?? new Uint8Array())) as {
      kind: string;
      business: { id: string };
      tables: { name: string; rows: number }[];
    };
    expect(manifest.kind).toBe("business");
    expect(manifest.business.id).toBe(businessId);
    const tables = Object.fromEntries(manifest.tables.map((table) => [table.name, table.rows]));
    expect(tables).toMatchObject({ businesses: 1, transactions: 1, memberships: 2 });
    expect(tables.categories).toBeGreaterThan(5);
    const transactionsCsv = strFromU8(zip["tables/transactions.csv"] ?? new Uint8Array());
    expect(transactionsCsv).toContain("420000");
    // Cells that would run as spreadsheet formulas are defused.
    expect(transactionsCsv).toContain("'=HYPERLINK");
    expect(Object.keys(zip)).toContain("tables/invoices.csv");

    // The export row is the business's: a stranger's business scope never reaches it.
    const [row] = await harness.db.select().from(dataExports).where(eq(dataExports.businessId, businessId));
    if (!row) throw new Error("export row missing");
    expect(row.objectKey).toMatch(new RegExp(`^businesses/${businessId}/data_export/[A-Za-z0-9_-]{43}$`));
    expect(
      (
        await refusal(
          stranger.caller.dataRights.businessExportDownload({
            businessId: strangerBusiness,
            exportId: row.id,
          }),
        )
      ).code,
    ).toBe("NOT_FOUND");
    expect(
      (await refusal(stranger.caller.dataRights.businessExportDownload({ businessId, exportId: row.id })))
        .code,
    ).toBe("NOT_FOUND");
    expect(
      (await owner.caller.dataRights.businessExportDownload({ businessId, exportId: row.id })).url,
    ).toMatch(/X-Amz-Signature=/);
  });

  it("builds a person's own export without secrets, in their language", async () => {
    const user = await signUpUser(harness, { fullName: "Otieno Baraka" });
    await user.caller.profile.update({ language: "sw" });
    await createBusinessFor(user, "Personal Export Ltd");
    await user.caller.dataRights.requestAccountExport();
    await waitForExport(() => user.caller.dataRights.accountExports());
    const message = await mail.waitForMessage(
      (candidate) => candidate.to.includes(user.email) && /Nakala ya data yako/.test(candidate.subject),
      { timeoutMs: 30_000 },
    );
    const zip = unzipSync(new Uint8Array(await (await fetch(linkIn(message.text))).arrayBuffer()));
    const profile = strFromU8(zip["tables/profile.csv"] ?? new Uint8Array());
    expect(profile).toContain(user.email);
    expect(profile).toContain("[redacted]");
    expect(profile).not.toMatch(/\$argon2/);
    const memberships = strFromU8(zip["tables/memberships.csv"] ?? new Uint8Array());
    expect(memberships).toContain("Personal Export");
    expect(Object.keys(zip).sort()).toEqual(
      expect.arrayContaining(["manifest.json", "tables/sessions.csv", "tables/activity.csv"]),
    );
    // Another person cannot fetch it by id.
    const other = await signUpUser(harness);
    const [row] = await user.caller.dataRights.accountExports();
    if (!row) throw new Error("no export");
    expect((await refusal(other.caller.dataRights.accountExportDownload({ exportId: row.id }))).code).toBe(
      "NOT_FOUND",
    );
  });
});
