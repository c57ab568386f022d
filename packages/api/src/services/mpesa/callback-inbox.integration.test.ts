import { randomUUID } from "node:crypto";
import { lendingCallbacks, mpesaCallbacks } from "@kavi/db";
import { CALLBACKS_PER_JOB, callbacksOfJob, ZCallbackJobSchema } from "@kavi/jobs";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBusinessFor, createTestHarness, signUpUser, type TestHarness } from "../../testing";
import {
  BUSINESS_INBOX,
  type CallbackInbox,
  LENDER_INBOX,
  markInboxRowProcessed,
  processInboxCallback,
  processInboxCallbacks,
  type StoreCallbackInput,
  storeInboxCallback,
  sweepInbox,
} from "./callback-inbox";
import { sweepUnprocessedCallbacks } from "./inbox";
import { lockCallback, processMpesaCallback } from "./process";

/** The one inbox mechanism, in both inboxes: dedupe, exactly-once claims, failures, sweeps, and separation. */

let harness: TestHarness;
let businessId: string;

beforeAll(async () => {
  harness = await createTestHarness();
  businessId = (await createBusinessFor(await signUpUser(harness))).id;
});
afterAll(async () => {
  await harness.close();
});

function callback(inbox: CallbackInbox, dedupeKey = randomUUID()): StoreCallbackInput {
  return {
    businessId: inbox.perBusiness ? businessId : null,
    kind: "b2c_result",
    dedupeKey,
    subjectId: null,
    rawBody: "{}",
    sourceIp: "196.201.214.200",
    sourceAllowed: null,
  };
}

async function row(inbox: CallbackInbox, id: string) {
  const table = inbox === LENDER_INBOX ? lendingCallbacks : mpesaCallbacks;
  const [found] = await harness.db.select().from(table).where(eq(table.id, id));
  return found;
}

async function stored(inbox: CallbackInbox, dedupeKey = randomUUID()): Promise<string> {
  const id = await storeInboxCallback(inbox, harness.serviceContext(), callback(inbox, dedupeKey));
  if (!id) throw new Error("not stored");
  return id;
}

describe.each([BUSINESS_INBOX, LENDER_INBOX])("the $label inbox", (inbox) => {
  it("stores a burst of copies of one callback once, and enqueues it once", async () => {
    const ctx = harness.serviceContext();
    const key = randomUUID();
    const ids = await Promise.all(
      Array.from({ length: 5 }, () =>
        storeInboxCallback(inbox, ctx, callback(inbox, key), { enqueue: true }),
      ),
    );
    const [first, ...copies] = ids;
    expect(first).toEqual(expect.any(String));
    expect(copies).toEqual([null, null, null, null]);
    // Stored before acknowledged: the row is there when the promise resolves, and so is its job.
    expect(await row(inbox, String(first))).toMatchObject({ dedupeKey: key, processedAt: null });
    const prefix = inbox.job.replace(".process-", "-");
    expect(await harness.jobs.queue("mpesa").getJob(`${prefix}-${first}`)).toBeTruthy();
    // A copy arriving later is a duplicate too.
    expect(await storeInboxCallback(inbox, ctx, callback(inbox, key), { enqueue: true })).toBeNull();
  });

  it("applies a callback once however often it is processed, marking it in the same transaction", async () => {
    const id = await stored(inbox);
    let settled = 0;
    const settle = async () => {
      settled += 1;
      return "settled";
    };
    const ctx = harness.serviceContext();
    const outcomes = await Promise.all([
      processInboxCallback(inbox, ctx, id, settle),
      processInboxCallback(inbox, ctx, id, settle),
    ]);
    expect(outcomes.sort()).toEqual(["already-processed", "settled"]);
    expect(settled).toBe(1);
    expect(await row(inbox, id)).toMatchObject({ outcome: "settled", attempts: 1, lastError: null });
    expect(await processInboxCallback(inbox, ctx, randomUUID(), settle)).toBe("missing");
  });

  it("keeps a callback whose processing failed unprocessed, with the attempt and its error", async () => {
    const id = await stored(inbox);
    const ctx = harness.serviceContext();
    await expect(
      processInboxCallback(inbox, ctx, id, async () => "settled", {
        beforeCommit: async () => {
          throw new Error("crashed before commit");
        },
      }),
    ).rejects.toThrow("crashed before commit");
    expect(await row(inbox, id)).toMatchObject({
      processedAt: null,
      attempts: 1,
      lastError: "crashed before commit",
    });
    expect(await processInboxCallback(inbox, ctx, id, async () => "settled")).toBe("settled");
  });

  it("processes every callback a job carries once; one that fails leaves the rest done and the job to retry", async () => {
    const ctx = harness.serviceContext();
    const ids = await Promise.all(Array.from({ length: 6 }, () => stored(inbox)));
    const [first, second, failing, ...rest] = ids as [string, string, string, ...string[]];
    const handed: string[] = [];
    // Like a batch: processing the first settles the second too, so the job must not hand it over again.
    const processOne = (callbackId: string) => {
      handed.push(callbackId);
      return processInboxCallback(inbox, ctx, callbackId, async ({ tx }) => {
        if (callbackId === failing) throw new Error("the books refused it");
        if (callbackId === first) await markInboxRowProcessed(inbox, tx, second, "settled", ctx.now());
        return "settled";
      });
    };
    await expect(processInboxCallbacks(inbox, ctx, ids, processOne)).rejects.toThrow("the books refused it");
    expect(handed).toEqual([first, failing, ...rest]);
    for (const id of [first, second, ...rest])
      expect(await row(inbox, id)).toMatchObject({ outcome: "settled" });
    expect(await row(inbox, failing)).toMatchObject({ processedAt: null, attempts: 1 });
    // The job's retry finds only the failed one open (the others cost one read, not a hand-over each).
    handed.length = 0;
    const retried = await processInboxCallbacks(inbox, ctx, ids, (callbackId) =>
      callbackId === failing
        ? processInboxCallback(inbox, ctx, callbackId, async () => "settled")
        : processOne(callbackId),
    );
    expect(retried).toBe("processed 6 of 6");
    expect(handed).toEqual([first]);
    expect(await row(inbox, failing)).toMatchObject({ outcome: "settled", attempts: 2 });
  });

  it("enqueues a burst as a few jobs, each callback in exactly one", async () => {
    const ctx = harness.serviceContext();
    const ids = await Promise.all(
      Array.from({ length: CALLBACKS_PER_JOB + 7 }, () =>
        storeInboxCallback(inbox, ctx, callback(inbox), { enqueue: true }),
      ),
    );
    const jobs = (await harness.jobs.queue("mpesa").getJobs(["waiting", "prioritized", "delayed"]))
      .filter((job) => job.name === inbox.job)
      .map((job) => callbacksOfJob(ZCallbackJobSchema.parse(job.data)))
      .filter((carried) => carried.some((id) => ids.includes(id)));
    expect(jobs.flat().sort()).toEqual([...ids].sort());
    expect(jobs.length).toBeGreaterThanOrEqual(2);
    expect(jobs.length).toBeLessThan(ids.length);
  });

  it("sweeps a stored callback that lost its job, with a fresh job id per attempt", async () => {
    const id = await stored(inbox);
    const later = harness.serviceContext({
      now: () => new Date(Date.now() + harness.services.config.mpesa.sweepAfterMs + 60_000),
    });
    expect(await sweepInbox(inbox, later, 100_000)).toBeGreaterThanOrEqual(1);
    const prefix = inbox.job.replace(".process-", "-");
    const job = await harness.jobs.queue("mpesa").getJob(`${prefix}-${id}-sweep-0`);
    expect(job?.name).toBe(inbox.job);
    expect(job?.data).toEqual({ callbackId: id });
  });
});

describe("the lender's inbox and the businesses'", () => {
  it("keep the same dedupe key apart", async () => {
    const key = randomUUID();
    const ctx = harness.serviceContext();
    const ofBusiness = await storeInboxCallback(BUSINESS_INBOX, ctx, callback(BUSINESS_INBOX, key));
    const ofLender = await storeInboxCallback(LENDER_INBOX, ctx, callback(LENDER_INBOX, key));
    expect(ofBusiness).toEqual(expect.any(String));
    expect(ofLender).toEqual(expect.any(String));
  });

  it("never hand a lender callback to a business's processing or sweep", async () => {
    const lenderId = await stored(LENDER_INBOX);
    expect(await harness.db.transaction((tx) => lockCallback(tx, lenderId))).toBeNull();
    expect(await processMpesaCallback(harness.serviceContext(), lenderId)).toBe("missing");
    const later = harness.serviceContext({
      now: () => new Date(Date.now() + harness.services.config.mpesa.sweepAfterMs + 60_000),
    });
    await sweepUnprocessedCallbacks(later, 100_000);
    expect(await harness.jobs.queue("mpesa").getJob(`mpesa-callback-${lenderId}-sweep-0`)).toBeFalsy();
    expect(await row(LENDER_INBOX, lenderId)).toMatchObject({ processedAt: null, attempts: 0 });
  });
});
