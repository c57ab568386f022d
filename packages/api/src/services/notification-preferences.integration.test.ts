import { notifications } from "@kavi/db";
import { DEFAULT_NOTIFICATION_PREFERENCES } from "@kavi/domain";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createBusinessFor,
  createTestHarness,
  type SignedInUser,
  signUpUser,
  type TestHarness,
} from "../testing";
import { recipientsWhoWant } from "./notification-preferences";
import { notify } from "./notifications";

let harness: TestHarness;
let quiet: SignedInUser;
let keen: SignedInUser;

beforeAll(async () => {
  harness = await createTestHarness();
  quiet = await signUpUser(harness);
  keen = await signUpUser(harness);
  await quiet.caller.profile.update({
    notificationPreferences: {
      email: { ...DEFAULT_NOTIFICATION_PREFERENCES.email, budgetAlerts: false, weeklySummary: false },
      inApp: { ...DEFAULT_NOTIFICATION_PREFERENCES.inApp, budgetAlerts: false, teamChanges: false },
    },
  });
});
afterAll(() => harness.close());

describe("notification preferences, applied in one place", () => {
  it("filters in-app notifications by kind, and always delivers operational ones", async () => {
    const businessId = (await createBusinessFor(quiet)).id;
    const both = [quiet.id, keen.id];
    await notify(harness.db, { userIds: both, businessId, kind: "budget.warning", title: "80%" });
    await notify(harness.db, { userIds: both, businessId, kind: "team.access_changed", title: "Access" });
    await notify(harness.db, {
      userIds: both,
      businessId,
      kind: "mpesa.payout_awaiting_approval",
      title: "Payout",
    });
    const kindsFor = async (userId: string) =>
      (
        await harness.db
          .select({ kind: notifications.kind })
          .from(notifications)
          .where(and(eq(notifications.userId, userId), eq(notifications.businessId, businessId)))
      )
        .map((row) => row.kind)
        .sort();
    expect(await kindsFor(quiet.id)).toEqual(["mpesa.payout_awaiting_approval"]);
    expect(await kindsFor(keen.id)).toEqual([
      "budget.warning",
      "mpesa.payout_awaiting_approval",
      "team.access_changed",
    ]);
  });

  it("filters emails the same way", async () => {
    const both = [quiet.id, keen.id];
    expect(await recipientsWhoWant(harness.db, both, "email", "budget-exceeded")).toEqual([keen.id]);
    expect(await recipientsWhoWant(harness.db, both, "email", "forecast-low-cash")).toEqual([keen.id]);
    expect(await recipientsWhoWant(harness.db, both, "email", "weekly-summary")).toEqual([keen.id]);
    expect(await recipientsWhoWant(harness.db, both, "email", "account.new_sign_in")).toEqual(both);
  });
});
