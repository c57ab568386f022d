import type { Database } from "@kavi/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addMember,
  createBusinessFor,
  createTestHarness,
  refusal,
  type SignedInUser,
  signUpUser,
  type TestHarness,
} from "../testing";
import type { ServiceContext } from "./service-context";
import { removeMember } from "./team";

let harness: TestHarness;
let owner: SignedInUser;
let businessId: string;

beforeAll(async () => {
  harness = await createTestHarness();
  owner = await signUpUser(harness, { fullName: "Owner" });
  businessId = (await createBusinessFor(owner)).id;
});

afterAll(async () => {
  await harness.close();
});

/** The harness database, with a pause just before each transaction commits. */
function databaseWithPauseBeforeCommit(beforeCommit: () => Promise<void>): Database {
  const db = harness.db;
  return new Proxy(db, {
    get(target, property, receiver) {
      if (property === "transaction") {
        return (work: Parameters<Database["transaction"]>[0]) =>
          target.transaction(async (tx) => {
            const result = await work(tx);
            await beforeCommit();
            return result;
          });
      }
      return Reflect.get(target, property, receiver);
    },
  });
}

describe("caller cache invalidation", () => {
  it("a member removed while they keep using the app is not cached again before the removal commits", async () => {
    const member = await addMember(harness, owner, businessId, "staff", ["invoices"]);
    const members = await owner.caller.team.members({ businessId });
    const membershipId = String(members.find((row) => row.userId === member.id)?.membershipId);
    // The member's screen is open: their caller is cached.
    await member.caller.business.get({ businessId });

    // While the removal is written but not yet committed, the member's next request reads the old rows.
    let readDuringRemoval: unknown = null;
    const ctx: ServiceContext = {
      ...harness.services,
      db: databaseWithPauseBeforeCommit(async () => {
        readDuringRemoval = await member.caller.business.get({ businessId });
      }),
      actor: { userId: owner.id, businessId, ip: null, userAgent: null, requestId: "cache-test" },
    };
    await removeMember(ctx, "owner", membershipId);
    expect(readDuringRemoval).toMatchObject({ id: businessId });

    // Once committed, the removal holds at once: not after the cache's TTL.
    expect(await refusal(member.caller.business.get({ businessId }))).toMatchObject({ code: "NOT_FOUND" });
  });
});
