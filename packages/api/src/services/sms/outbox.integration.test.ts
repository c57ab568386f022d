import { type Database, smsMessages } from "@kavi/db";
import type { SmsClient } from "@kavi/sms";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBusinessFor, createTestHarness, signUpUser, type TestHarness } from "../../testing";
import { inTransaction } from "../unit-of-work";
import { deliverSms, queueSms, receiveSmsDeliveryReport } from "./outbox";

let harness: TestHarness;
let businessId: string;

beforeAll(async () => {
  harness = await createTestHarness();
  businessId = (await createBusinessFor(await signUpUser(harness))).id;
});
afterAll(() => harness.close());

/** Africa's Talking's stand-in: accepts every message with the given id. */
function acceptingClient(messageId: string): SmsClient {
  return {
    settings: { username: "sandbox", senderId: null } as unknown as SmsClient["settings"],
    async send(input) {
      return { statusCode: 101, number: input.to, status: "Success", cost: "KES 0.8000", messageId };
    },
  };
}

async function waitingForAdvisoryLock(): Promise<boolean> {
  const result = await harness.db.execute<{ waiting: number }>(
    sql`select count(*)::int as waiting from pg_locks where locktype = 'advisory' and not granted`,
  );
  return (result.rows[0]?.waiting ?? 0) > 0;
}

describe("delivery reports racing the send", () => {
  it("a report stored before the send is recorded, and committed after, is still linked", async () => {
    const smsMessageId = await inTransaction(harness.serviceContext(), (tx, afterCommit) =>
      queueSms(tx, afterCommit, {
        businessId,
        purpose: "invoice",
        to: "+254712000333",
        body: "Race",
        senderId: null,
      }),
    );
    const providerId = `ATXid_race_${Date.now()}`;
    let sendDone = false;
    let reportStored = false;
    // The report's transaction is held open (uncommitted) while the send records its provider id and looks for
    // early reports: the window in which a report used to be left unlinked for ever.
    const report = harness.db.transaction(async (tx) => {
      await receiveSmsDeliveryReport(
        { db: tx as unknown as Database, now: () => new Date() },
        { id: providerId, status: "Success", phoneNumber: "+254712000333" },
        { id: providerId, status: "Success" },
      );
      reportStored = true;
      await expect
        .poll(async () => sendDone || (await waitingForAdvisoryLock()), { timeout: 30_000 })
        .toBe(true);
    });
    await expect.poll(() => reportStored).toBe(true);
    const send = deliverSms(harness.serviceContext(), acceptingClient(providerId), smsMessageId).finally(
      () => {
        sendDone = true;
      },
    );
    await Promise.all([report, send]);
    const [row] = await harness.db
      .select({ status: smsMessages.status, deliveryStatus: smsMessages.deliveryStatus })
      .from(smsMessages)
      .where(eq(smsMessages.id, smsMessageId));
    expect(row).toEqual({ status: "delivered", deliveryStatus: "Success" });
  });
});
