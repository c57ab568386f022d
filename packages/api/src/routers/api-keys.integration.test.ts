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

let harness: TestHarness;
let owner: SignedInUser;
let businessId: string;

beforeAll(async () => {
  harness = await createTestHarness();
  owner = await signUpUser(harness, { fullName: "Njeri Mwangi" });
  businessId = (await createBusinessFor(owner)).id;
});

afterAll(async () => {
  await harness.close();
});

async function keyCaller(secret: string) {
  return (await harness.client({ accessToken: secret })).caller;
}

describe("API keys", () => {
  it("are created by owners and admins only, with a future expiry and scopes the schema knows", async () => {
    const staff = await addMember(harness, owner, businessId, "staff", ["invoices"]);
    const refused = await refusal(
      staff.caller.apiKeys.create({
        businessId,
        name: "Mine",
        scopes: [{ module: "invoices", access: "read" }],
      }),
    );
    expect(refused.code).toBe("FORBIDDEN");
    const admin = await addMember(harness, owner, businessId, "admin");
    const created = await admin.caller.apiKeys.create({
      businessId,
      name: "Admin's key",
      scopes: [{ module: "invoices", access: "read" }],
    });
    expect(created.key).toMatchObject({
      name: "Admin's key",
      rateLimitPerHour: 1000,
      createdByName: admin.fullName,
    });

    const past = await refusal(
      owner.caller.apiKeys.create({
        businessId,
        name: "Old",
        scopes: [{ module: "invoices", access: "read" }],
        expiresAt: new Date(harness.services.now().getTime() - 60_000),
      }),
    );
    expect(past.code).toBe("BAD_REQUEST");
    const noScopes = await refusal(owner.caller.apiKeys.create({ businessId, name: "Empty", scopes: [] }));
    expect(noScopes.code).toBe("BAD_REQUEST");
    const team = await refusal(
      owner.caller.apiKeys.create({
        businessId,
        name: "Team",
        scopes: [{ module: "team" as never, access: "read" }],
      }),
    );
    expect(team.code).toBe("BAD_REQUEST");
  });

  it("stop working when they expire", async () => {
    const now = harness.services.now();
    const { secret } = await owner.caller.apiKeys.create({
      businessId,
      name: "Short-lived",
      scopes: [{ module: "invoices", access: "read" }],
      expiresAt: new Date(now.getTime() + 86_400_000),
    });
    const caller = await keyCaller(secret);
    await expect(caller.invoices.list({ businessId })).resolves.toMatchObject({ items: [] });
    harness.setNow(new Date(now.getTime() + 2 * 86_400_000));
    try {
      const later = await keyCaller(secret);
      const expired = await refusal(later.invoices.list({ businessId }));
      expect(expired.code).toBe("UNAUTHORIZED");
      expect(expired.message).toMatch(/API key is not valid/);
    } finally {
      harness.setNow(now);
    }
  });

  it("never reach further than their creator: a demoted creator's key loses writes, a removed one's stops", async () => {
    const admin = await addMember(harness, owner, businessId, "admin");
    const { secret } = await admin.caller.apiKeys.create({
      businessId,
      name: "Till",
      scopes: [{ module: "invoices", access: "write" }],
    });
    await expect(
      (await keyCaller(secret)).customers.create({ businessId, name: "Duka" }),
    ).resolves.toBeTruthy();

    const members = await owner.caller.team.members({ businessId });
    const membershipId = String(members.find((member) => member.userId === admin.id)?.membershipId);
    await owner.caller.team.updateMember({ businessId, membershipId, role: "viewer", modules: [] });
    const demoted = await refusal((await keyCaller(secret)).customers.create({ businessId, name: "Duka 2" }));
    expect(demoted.code).toBe("FORBIDDEN");
    await expect((await keyCaller(secret)).invoices.list({ businessId })).resolves.toBeTruthy();

    await owner.caller.team.removeMember({ businessId, membershipId });
    const removed = await refusal((await keyCaller(secret)).invoices.list({ businessId }));
    expect(removed.code).toBe("UNAUTHORIZED");
  });

  it("reach nothing that is not a business's own procedure", async () => {
    const { secret } = await owner.caller.apiKeys.create({
      businessId,
      name: "Scripts",
      scopes: [{ module: "reports", access: "read" }],
    });
    const caller = await keyCaller(secret);
    expect((await refusal(caller.auth.me())).code).toBe("UNAUTHORIZED");
    expect((await refusal(caller.business.list())).code).toBe("UNAUTHORIZED");
    expect((await refusal(caller.apiKeys.list({ businessId }))).code).toBe("FORBIDDEN");
  });
});
