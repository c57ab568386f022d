import { activityLog, assistantActionProposals, emails, transactions } from "@kavi/db";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addMember,
  createBusinessFor,
  createTestHarness,
  insertCustomer,
  refusal,
  type SignedInUser,
  sampleDraft,
  signUpUser,
  type TestHarness,
} from "../testing";

// Thursday 3 December 2026, 10:00 in Nairobi.
const clock = new Date("2026-12-03T10:00:00+03:00");

let harness: TestHarness;
let owner: SignedInUser;
let businessId: string;
let invoiceId: string;
let invoiceNumber: string;
const customerEmail = "fresh@naivas-test.co.ke";

async function transactionsOf(id: string) {
  return harness.db.select().from(transactions).where(eq(transactions.businessId, id));
}

function actionOf(answer: { cards: { action?: { proposalId: string; status: string } }[] }) {
  const action = answer.cards.find((card) => card.action)?.action;
  if (!action) throw new Error("the answer proposes no action");
  return action;
}

beforeAll(async () => {
  harness = await createTestHarness();
  harness.setNow(clock);
  owner = await signUpUser(harness);
  businessId = (await createBusinessFor(owner)).id;
  const customer = await insertCustomer(harness.db, businessId, {
    name: "Naivas Supermarket Westlands",
    email: customerEmail,
    phone: "+254709030405",
  });
  const draft = await owner.caller.invoices.create({ businessId, ...sampleDraft(customer.id) });
  const issued = await owner.caller.invoices.issue({ businessId, invoiceId: draft.id });
  invoiceId = issued.id;
  invoiceNumber = issued.invoiceNumber ?? "";
});
afterAll(async () => {
  await harness.close();
});

describe("assistant actions", () => {
  it("proposes a transaction, records it once when confirmed, and refuses a second confirm", async () => {
    const before = (await transactionsOf(businessId)).length;
    const answer = await owner.caller.assistant.ask({
      businessId,
      message: "Record 2,500 for fuel paid by M-Pesa today",
    });
    expect(answer.intent).toBe("action");
    expect(answer.reply).toMatch(
      /^Shall I record an expense of KES 2,500\.00 for Transport and fuel, paid by M-Pesa on 3 Dec 2026\?/,
    );
    const action = actionOf(answer);
    expect(action).toMatchObject({ kind: "record_transaction", status: "pending" });
    // Nothing happens until the person confirms.
    expect(await transactionsOf(businessId)).toHaveLength(before);

    const done = await owner.caller.assistant.actions.confirm({ businessId, proposalId: action.proposalId });
    expect(done).toMatchObject({ status: "done", path: "transactions?from=2026-12-03&to=2026-12-03" });
    const after = await transactionsOf(businessId);
    expect(after).toHaveLength(before + 1);
    const recorded = after.find((row) => row.externalId === `kavi-assistant:${action.proposalId}`);
    expect(recorded).toMatchObject({ type: "expense", amountMinor: 250_000n, paymentMethod: "mpesa" });
    // The same audit trail as the screen: the transaction's own activity row, by this person.
    const audit = await harness.db
      .select()
      .from(activityLog)
      .where(and(eq(activityLog.businessId, businessId), eq(activityLog.entityId, recorded?.id ?? "")));
    expect(audit.map((row) => [row.action, row.actorUserId])).toContainEqual([
      "transaction.created",
      owner.id,
    ]);

    const again = await refusal(
      owner.caller.assistant.actions.confirm({ businessId, proposalId: action.proposalId }),
    );
    expect(again.code).toBe("CONFLICT");
    expect(again.message).toBe("This action was already done.");
    expect(await transactionsOf(businessId)).toHaveLength(before + 1);

    // The stored answer's card follows: a reopened conversation shows it done.
    const stored = await owner.caller.assistant.conversations.get({
      businessId,
      conversationId: answer.conversationId,
    });
    const card = stored.messages.at(-1)?.cards.find((item: { action?: unknown }) => item.action);
    expect(card?.action).toMatchObject({ status: "done", outcome: { message: "Recorded." } });
  });

  it("confirms simultaneously only once", async () => {
    const before = (await transactionsOf(businessId)).length;
    const answer = await owner.caller.assistant.ask({ businessId, message: "Record 300 for fuel in cash" });
    const { proposalId } = actionOf(answer);
    const results = await Promise.allSettled([
      owner.caller.assistant.actions.confirm({ businessId, proposalId }),
      owner.caller.assistant.actions.confirm({ businessId, proposalId }),
      owner.caller.assistant.actions.confirm({ businessId, proposalId }),
    ]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    expect(await transactionsOf(businessId)).toHaveLength(before + 1);
  });

  it("reads requests in Kiswahili", async () => {
    const answer = await owner.caller.assistant.ask({
      businessId,
      message: "Rekodi 1,200 za mafuta kwa taslimu jana",
    });
    expect(answer.language).toBe("sw");
    expect(answer.reply).toMatch(
      /^Nirekodi matumizi ya KES 1,200\.00 kwa Usafiri na mafuta, yaliyolipwa kwa taslimu tarehe 2 Des 2026\?/,
    );
    const action = actionOf(answer);
    expect(action).toMatchObject({ status: "pending", confirmLabel: "Rekodi", cancelLabel: "Ghairi" });
    const done = await owner.caller.assistant.actions.confirm({ businessId, proposalId: action.proposalId });
    expect(done.message).toBe("Imerekodiwa.");
  });

  it("sends a reminder through the invoice's own send, after confirming", async () => {
    const answer = await owner.caller.assistant.ask({ businessId, message: "Send a reminder to Naivas" });
    expect(answer.reply).toContain(`about invoice ${invoiceNumber}`);
    expect(answer.cards[0]?.link).toMatchObject({ path: `invoices/${invoiceId}` });
    const { proposalId } = actionOf(answer);
    const sentTo = () =>
      harness.db
        .select()
        .from(emails)
        .where(and(eq(emails.businessId, businessId), eq(emails.toAddress, customerEmail)));
    expect(await sentTo()).toHaveLength(0);
    const done = await owner.caller.assistant.actions.confirm({ businessId, proposalId });
    expect(done.message).toBe(`Reminder sent to ${customerEmail}.`);
    expect(await sentTo()).toHaveLength(1);

    const sw = await owner.caller.assistant.ask({ businessId, message: "Mkumbushe Naivas tafadhali" });
    expect(sw.language).toBe("sw");
    expect(sw.reply).toMatch(/^Nimtumie Naivas Supermarket Westlands ukumbusho/);
  });

  it("proposes an M-Pesa request and reports the service's refusal when M-Pesa is not connected", async () => {
    const answer = await owner.caller.assistant.ask({
      businessId,
      message: `Request payment for ${invoiceNumber} from 0712 345 678`,
    });
    expect(answer.reply).toMatch(/^Shall I send an M-Pesa prompt to 254712345678 for KES [\d,]+\.00/);
    const { proposalId } = actionOf(answer);
    const refused = await refusal(owner.caller.assistant.actions.confirm({ businessId, proposalId }));
    expect(refused.code).not.toBe("INTERNAL_SERVER_ERROR");
    const [row] = await harness.db
      .select()
      .from(assistantActionProposals)
      .where(eq(assistantActionProposals.id, proposalId));
    expect(row?.status).toBe("failed");
  });

  it("answers NOT_FOUND for another person's or another business's proposal", async () => {
    const answer = await owner.caller.assistant.ask({ businessId, message: "Record 100 for fuel" });
    const { proposalId } = actionOf(answer);
    const admin = await addMember(harness, owner, businessId, "admin");
    expect((await refusal(admin.caller.assistant.actions.confirm({ businessId, proposalId }))).code).toBe(
      "NOT_FOUND",
    );
    const stranger = await signUpUser(harness);
    const theirs = (await createBusinessFor(stranger)).id;
    expect(
      (await refusal(stranger.caller.assistant.actions.confirm({ businessId: theirs, proposalId }))).code,
    ).toBe("NOT_FOUND");
    expect((await refusal(stranger.caller.assistant.actions.confirm({ businessId, proposalId }))).code).toBe(
      "NOT_FOUND",
    );
    // The owner's proposal is untouched.
    expect(await owner.caller.assistant.actions.confirm({ businessId, proposalId })).toMatchObject({
      status: "done",
    });
  });

  it("needs the action's own permission, when proposing and again when confirming", async () => {
    const staff = await addMember(harness, owner, businessId, "staff", ["assistant", "transactions"]);
    const answer = await staff.caller.assistant.ask({ businessId, message: "Record 700 for fuel by cash" });
    const { proposalId } = actionOf(answer);
    const team = await owner.caller.team.members({ businessId });
    const membership = team.find((member) => member.userId === staff.id);
    await owner.caller.team.updateMember({
      businessId,
      membershipId: membership?.membershipId ?? "",
      modules: ["assistant"],
    });
    const before = (await transactionsOf(businessId)).length;
    expect((await refusal(staff.caller.assistant.actions.confirm({ businessId, proposalId }))).code).toBe(
      "FORBIDDEN",
    );
    expect(await transactionsOf(businessId)).toHaveLength(before);
    const refused = await staff.caller.assistant.ask({ businessId, message: "Record 700 for fuel by cash" });
    expect(refused.cards).toEqual([]);
    expect(refused.reply).toMatch(/^I can't do that for you/);
  });

  it("expires, and a cancelled proposal cannot be confirmed", async () => {
    const cancelled = actionOf(
      await owner.caller.assistant.ask({ businessId, message: "Record 50 for fuel" }),
    );
    await owner.caller.assistant.actions.cancel({ businessId, proposalId: cancelled.proposalId });
    expect(
      (
        await refusal(
          owner.caller.assistant.actions.confirm({ businessId, proposalId: cancelled.proposalId }),
        )
      ).message,
    ).toMatch(/cancelled/);

    const late = actionOf(await owner.caller.assistant.ask({ businessId, message: "Record 60 for fuel" }));
    harness.setNow(new Date(clock.getTime() + 11 * 60_000));
    try {
      const refused = await refusal(
        owner.caller.assistant.actions.confirm({ businessId, proposalId: late.proposalId }),
      );
      expect(refused.message).toMatch(/expired/);
    } finally {
      harness.setNow(clock);
    }
  });
});
