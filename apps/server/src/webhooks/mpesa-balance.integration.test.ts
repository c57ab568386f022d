import { refreshAllMpesaBalances } from "@kavi/api/services";
import { addMember, createBusinessFor, refusal, signUpUser } from "@kavi/api/testing";
import { mpesaBalanceQueries, mpesaCallbacks } from "@kavi/db";
import { and, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMpesaTestbed, eventually, type MpesaTestbed } from "./mpesa-testbed";

let bed: MpesaTestbed;

beforeAll(async () => {
  bed = await createMpesaTestbed();
  await bed.owner.caller.mpesa.settings.registerC2bUrls({ businessId: bed.businessId });
});
afterAll(async () => {
  await bed?.close();
});

const scope = () => ({ businessId: bed.businessId });

async function settledBalance() {
  return eventually(
    async () => {
      const view = await bed.owner.caller.mpesa.balance.get(scope());
      return view.latest && !view.refreshing ? view : undefined;
    },
    10_000,
    "the balance result",
  );
}

async function latestQuery() {
  const [row] = await bed.harness.db
    .select()
    .from(mpesaBalanceQueries)
    .where(eq(mpesaBalanceQueries.businessId, bed.businessId))
    .orderBy(desc(mpesaBalanceQueries.createdAt))
    .limit(1);
  return row;
}

describe("the M-Pesa balance", () => {
  it("shows nothing before the first refresh, then the shortcode's balance as Daraja's result callback reports it", async () => {
    const before = await bed.owner.caller.mpesa.balance.get(scope());
    expect(before).toMatchObject({ available: true, latest: null, refreshing: false, lastFailure: null });

    // A customer pays 1,500 to the Paybill: the simulator's working account holds it.
    await bed.customerPays("WALK-IN", 1_500);

    const first = await bed.owner.caller.mpesa.balance.refresh(scope());
    // Pressed again while the first is on its way: the same query, Daraja asked once.
    const again = await bed.owner.caller.mpesa.balance.refresh(scope());
    expect(again).toEqual({ balanceQueryId: first.balanceQueryId, joined: true });

    const view = await settledBalance();
    const working = view.latest?.accounts.find((entry) => entry.account === "Working Account");
    expect(working).toMatchObject({ currency: "KES" });
    expect(working?.availableMinor).toBeGreaterThanOrEqual(1_500_00n);
    expect(view.latest?.asOf).toBeInstanceOf(Date);

    const [callback] = await bed.harness.db
      .select()
      .from(mpesaCallbacks)
      .where(and(eq(mpesaCallbacks.businessId, bed.businessId), eq(mpesaCallbacks.kind, "balance_result")));
    expect(callback?.outcome).toBe("balance-received");
  });

  it("ignores a forged balance result that names another conversation", async () => {
    const { balanceQueryId } = await bed.owner.caller.mpesa.balance.refresh(scope());
    await settledBalance();
    // A second query, sent but not yet answered, and a forger who knows its URL but not Daraja's ConversationID.
    await bed.harness.db
      .update(mpesaBalanceQueries)
      .set({ status: "sent" })
      .where(eq(mpesaBalanceQueries.id, balanceQueryId));
    const settings = await bed.owner.caller.mpesa.settings.get(scope());
    if (!settings.configured || !settings.callbackUrls) throw new Error("M-Pesa is not configured");
    const forged = await fetch(`${settings.callbackUrls.balanceResult}/${balanceQueryId}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        Result: {
          ResultType: 0,
          ResultCode: 0,
          ResultDesc: "The service request is processed successfully.",
          OriginatorConversationID: "forged-originator",
          ConversationID: "AG_20260101_forged",
          TransactionID: "FORGEDBAL1",
          ResultParameters: {
            ResultParameter: [
              { Key: "AccountBalance", Value: "Working Account|KES|9999999.00|9999999.00|0.00|0.00" },
            ],
          },
        },
      }),
    });
    expect(forged.status).toBe(200);
    const outcome = await eventually(
      async () => {
        const [row] = await bed.harness.db
          .select()
          .from(mpesaCallbacks)
          .where(
            and(
              eq(mpesaCallbacks.businessId, bed.businessId),
              eq(mpesaCallbacks.subjectId, balanceQueryId),
              eq(mpesaCallbacks.dedupeKey, "AG_20260101_forged"),
            ),
          );
        return row?.outcome ?? undefined;
      },
      10_000,
      "the forged callback processed",
    );
    expect(outcome).toBe("mismatched");
    const view = await bed.owner.caller.mpesa.balance.get(scope());
    expect(view.latest?.accounts.some((entry) => entry.availableMinor === 9_999_999_00n)).toBe(false);
  });

  it("the scheduled refresh asks for every business with an initiator", async () => {
    await bed.harness.db
      .update(mpesaBalanceQueries)
      .set({ status: "failed" })
      .where(eq(mpesaBalanceQueries.businessId, bed.businessId));
    expect(await refreshAllMpesaBalances(bed.harness.serviceContext())).toBeGreaterThanOrEqual(1);
    expect((await latestQuery())?.requestedByUserId).toBeNull();
    await settledBalance();
  });

  it("is for owners and admins: staff in payments and viewers are refused, another business is not found", async () => {
    const staff = await addMember(bed.harness, bed.owner, bed.businessId, "staff", ["payments"]);
    const viewer = await addMember(bed.harness, bed.owner, bed.businessId, "viewer");
    const admin = await addMember(bed.harness, bed.owner, bed.businessId, "admin");
    expect((await refusal(staff.caller.mpesa.balance.get(scope()))).code).toBe("FORBIDDEN");
    expect((await refusal(viewer.caller.mpesa.balance.refresh(scope()))).code).toBe("FORBIDDEN");
    expect((await admin.caller.mpesa.balance.get(scope())).available).toBe(true);
    const stranger = await signUpUser(bed.harness);
    const theirs = await createBusinessFor(stranger);
    expect((await refusal(bed.owner.caller.mpesa.balance.get({ businessId: theirs.id }))).code).toBe(
      "NOT_FOUND",
    );
  });
});
