import { activityLog, emails, invitations, memberships } from "@kavi/db";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addMember,
  createBusinessFor,
  createTestHarness,
  refusal,
  type SignedInUser,
  signUpUser,
  type TestHarness,
  uniqueEmail,
} from "../testing";

let harness: TestHarness;

beforeAll(async () => {
  harness = await createTestHarness();
});
afterAll(async () => {
  await harness.close();
});

async function invitationToken(email: string): Promise<string> {
  const [row] = await harness.db
    .select()
    .from(emails)
    .where(and(eq(emails.toAddress, email), eq(emails.template, "team.invitation")));
  const token = /invite\/([A-Za-z0-9_-]+)/.exec(row?.textBody ?? "")?.[1];
  if (!token) throw new Error(`no invitation email for ${email}`);
  return token;
}

async function membershipOf(businessId: string, userId: string) {
  const [row] = await harness.db
    .select()
    .from(memberships)
    .where(and(eq(memberships.businessId, businessId), eq(memberships.userId, userId)));
  if (!row) throw new Error("membership not found");
  return row;
}

describe("businesses", () => {
  it("makes the creator owner, lists it, and records the creation in the activity log", async () => {
    const owner = await signUpUser(harness);
    const business = await createBusinessFor(owner, "Jua Kali Metal Works Ltd");
    const mine = await owner.caller.business.list();
    expect(mine).toEqual([expect.objectContaining({ id: business.id, role: "owner", baseCurrency: "KES" })]);
    const activity = await owner.caller.activity.list({ businessId: business.id, limit: 10 });
    expect(activity.items.map((item) => item.action)).toEqual(
      expect.arrayContaining(["business.created", "member.added"]),
    );
    const created = activity.items.find((item) => item.action === "business.created");
    expect(created?.changes?.legalName).toEqual({ before: null, after: "Jua Kali Metal Works Ltd" });
    expect(created?.actor?.id).toBe(owner.id);
  });

  it("lets two businesses share a legal name: names are not claimed", async () => {
    const owner = await signUpUser(harness);
    const first = await createBusinessFor(owner, "Mama Njeri Groceries Ltd");
    const second = await createBusinessFor(owner, "MAMA NJERI groceries ltd");
    expect(second.id).not.toBe(first.id);
  });

  it("rejects a malformed KRA PIN with a clear message and writes nothing", async () => {
    const owner = await signUpUser(harness);
    const error = await refusal(
      owner.caller.business.create({ legalName: "Bad Pin Traders", taxId: "12345" }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect(JSON.stringify(error.cause)).toMatch(/KRA PIN looks like/);
    expect(await owner.caller.business.list()).toEqual([]);
  });

  it("records changed fields, before and after, in the same transaction as the update", async () => {
    const owner = await signUpUser(harness);
    const business = await createBusinessFor(owner);
    await owner.caller.business.update({ businessId: business.id, phone: "0712 345 678", employeeCount: 12 });
    const [row] = await harness.db
      .select()
      .from(activityLog)
      .where(and(eq(activityLog.businessId, business.id), eq(activityLog.action, "business.updated")));
    expect(row?.changes).toEqual({
      phone: { before: null, after: "+254712345678" },
      employeeCount: { before: null, after: 12 },
    });
    expect(row?.requestId).toMatch(/^test-/);
  });

  it("deletes only with the legal name typed exactly, and only as owner", async () => {
    const owner = await signUpUser(harness);
    const business = await createBusinessFor(owner, "Soon Gone Ltd");
    const admin = await addMember(harness, owner, business.id, "admin");
    expect(
      (
        await refusal(
          admin.caller.business.delete({ businessId: business.id, confirmation: "Soon Gone Ltd" }),
        )
      ).code,
    ).toBe("FORBIDDEN");
    expect(
      (await refusal(owner.caller.business.delete({ businessId: business.id, confirmation: "soon gone" })))
        .code,
    ).toBe("BAD_REQUEST");
    await owner.caller.business.delete({ businessId: business.id, confirmation: "soon gone ltd" });
    // Deleted after the grace period by the daily job (data-rights.integration.test.ts covers it).
    expect((await owner.caller.business.get({ businessId: business.id })).deleteAfter).toBeInstanceOf(Date);
  });
});

describe("roles and modules", () => {
  let owner: SignedInUser;
  let businessId: string;
  let staff: SignedInUser;
  let viewer: SignedInUser;
  let admin: SignedInUser;

  beforeAll(async () => {
    owner = await signUpUser(harness, { fullName: "Owner Odhiambo" });
    businessId = (await createBusinessFor(owner)).id;
    staff = await addMember(harness, owner, businessId, "staff", ["transactions", "invoices"]);
    viewer = await addMember(harness, owner, businessId, "viewer");
    admin = await addMember(harness, owner, businessId, "admin");
  });

  it("lets a viewer read but not change anything", async () => {
    await expect(viewer.caller.business.get({ businessId })).resolves.toBeTruthy();
    await expect(viewer.caller.team.members({ businessId })).resolves.toHaveLength(4);
    const error = await refusal(viewer.caller.business.update({ businessId, city: "Kisumu" }));
    expect(error.code).toBe("FORBIDDEN");
    expect(error.message).toMatch(/Viewers can look/);
  });

  it("keeps staff out of modules they were not given, and out of settings", async () => {
    const refused = await refusal(staff.caller.team.members({ businessId }));
    expect(refused.code).toBe("FORBIDDEN");
    expect(refused.message).toBe("You don't have access to Team. Ask an owner or admin to give it to you.");
    expect((await refusal(staff.caller.business.update({ businessId, city: "Nakuru" }))).code).toBe(
      "FORBIDDEN",
    );
    expect((await refusal(staff.caller.activity.list({ businessId, limit: 5 }))).code).toBe("FORBIDDEN");
    await expect(staff.caller.business.get({ businessId })).resolves.toMatchObject({
      membership: { role: "staff", modules: ["transactions", "invoices"] },
    });
  });

  it("gives staff the team module when assigned, still without management", async () => {
    const member = await membershipOf(businessId, staff.id);
    await owner.caller.team.updateMember({
      businessId,
      membershipId: member.id,
      modules: ["transactions", "invoices", "team"],
    });
    await expect(staff.caller.team.members({ businessId })).resolves.toHaveLength(4);
    expect(
      (await refusal(staff.caller.team.invite({ businessId, email: uniqueEmail(), role: "viewer" }))).code,
    ).toBe("FORBIDDEN");
  });

  it("applies a revoked module and a removal on the member's very next request", async () => {
    const member = await addMember(harness, owner, businessId, "staff", ["team"]);
    await expect(member.caller.team.members({ businessId })).resolves.toBeTruthy();
    const membership = await membershipOf(businessId, member.id);
    await owner.caller.team.updateMember({ businessId, membershipId: membership.id, modules: ["reports"] });
    expect((await refusal(member.caller.team.members({ businessId }))).code).toBe("FORBIDDEN");
    await owner.caller.team.removeMember({ businessId, membershipId: membership.id });
    expect((await refusal(member.caller.business.get({ businessId }))).code).toBe("NOT_FOUND");
  });

  it("lets admins manage the team but not owners, and not hand out the owner role", async () => {
    const ownerMembership = await membershipOf(businessId, owner.id);
    const viewerMembership = await membershipOf(businessId, viewer.id);
    expect(
      (await refusal(admin.caller.team.removeMember({ businessId, membershipId: ownerMembership.id }))).code,
    ).toBe("FORBIDDEN");
    expect(
      (
        await refusal(
          admin.caller.team.updateMember({ businessId, membershipId: viewerMembership.id, role: "owner" }),
        )
      ).code,
    ).toBe("FORBIDDEN");
    await admin.caller.team.updateMember({
      businessId,
      membershipId: viewerMembership.id,
      role: "staff",
      modules: ["reports"],
    });
    const [after] = (await owner.caller.team.members({ businessId })).filter(
      (member) => member.userId === viewer.id,
    );
    expect(after).toMatchObject({ role: "staff", modules: ["reports"] });
    const notifications = await viewer.caller.notifications.list({ limit: 5 });
    expect(notifications.items[0]?.title).toBe("Your access changed");
  });

  it("never lets the last owner leave, be demoted or be removed", async () => {
    const ownerMembership = await membershipOf(businessId, owner.id);
    const leave = await refusal(owner.caller.business.leave({ businessId }));
    expect(leave.code).toBe("PRECONDITION_FAILED");
    expect((leave.cause as { reason?: string }).reason).toBe("LAST_OWNER");
    const demote = await refusal(
      owner.caller.team.updateMember({ businessId, membershipId: ownerMembership.id, role: "admin" }),
    );
    expect((demote.cause as { reason?: string }).reason).toBe("LAST_OWNER");
  });

  it("transfers ownership, after which the previous owner is an admin and may leave", async () => {
    const soloOwner = await signUpUser(harness);
    const soloBusiness = (await createBusinessFor(soloOwner)).id;
    const successor = await addMember(harness, soloOwner, soloBusiness, "staff", ["invoices"]);
    const successorMembership = await membershipOf(soloBusiness, successor.id);
    await soloOwner.caller.business.transferOwnership({
      businessId: soloBusiness,
      membershipId: successorMembership.id,
    });
    expect((await membershipOf(soloBusiness, successor.id)).role).toBe("owner");
    expect((await membershipOf(soloBusiness, soloOwner.id)).role).toBe("admin");
    await soloOwner.caller.business.leave({ businessId: soloBusiness });
    expect(await soloOwner.caller.business.list()).toEqual([]);
  });
});

describe("invitations", () => {
  it("writes the invitation in the invitee's language if they have an account, else in the inviter's", async () => {
    const owner = await signUpUser(harness, { fullName: "Baraka Mwangi" });
    await owner.caller.profile.update({ language: "sw" });
    const business = await createBusinessFor(owner, "Mombasa Samaki Ltd");
    const newcomer = uniqueEmail("newcomer");
    await owner.caller.team.invite({ businessId: business.id, email: newcomer, role: "viewer", modules: [] });
    const existing = await signUpUser(harness, { fullName: "Juma English" });
    await owner.caller.team.invite({
      businessId: business.id,
      email: existing.email,
      role: "viewer",
      modules: [],
    });
    const subjectTo = async (address: string) =>
      (await harness.db.select({ subject: emails.subject }).from(emails).where(eq(emails.toAddress, address)))
        .map((row) => row.subject)
        .find((subject) => /Mombasa Samaki/.test(subject));
    expect(await subjectTo(newcomer)).toBe("Baraka Mwangi amekualika ujiunge na Mombasa Samaki kwenye KAVI");
    expect(await subjectTo(existing.email)).toBe("Baraka Mwangi invited you to Mombasa Samaki on KAVI");
  });

  it("emails a link that works once, for the invited address only, within seven days", async () => {
    const owner = await signUpUser(harness, { fullName: "Akinyi Ouma" });
    const business = await createBusinessFor(owner, "Kisumu Boda Spares Ltd");
    const inviteeEmail = uniqueEmail("invitee");
    const { invitationId } = await owner.caller.team.invite({
      businessId: business.id,
      email: inviteeEmail,
      role: "staff",
      modules: ["invoices"],
    });
    const [email] = await harness.db.select().from(emails).where(eq(emails.toAddress, inviteeEmail));
    expect(email).toMatchObject({
      template: "team.invitation",
      sensitive: true,
      subject: "Akinyi Ouma invited you to Kisumu Boda Spares on KAVI",
    });
    const token = await invitationToken(inviteeEmail);

    const { caller: anonymous } = await harness.client();
    const preview = await anonymous.invitations.preview({ token });
    expect(preview).toMatchObject({
      businessName: "Kisumu Boda Spares",
      role: "staff",
      status: "pending",
      accountExists: false,
      email: inviteeEmail,
    });

    const stranger = await signUpUser(harness);
    const mismatch = await refusal(stranger.caller.invitations.accept({ token }));
    expect((mismatch.cause as { reason?: string }).reason).toBe("INVITATION_EMAIL_MISMATCH");

    // Signing up through the invitation joins the business at once.
    const { caller: signUpCaller } = await harness.client();
    const signedUp = await signUpCaller.auth.signUp({
      fullName: "Invited Person",
      email: inviteeEmail,
      password: "Kahawa-Ya-Kienyeji-5",
      invitationToken: token,
    });
    if (signedUp.status !== "signed_in") throw new Error("an invitation link signs the invitee in");
    expect(signedUp.joinedBusinessId).toBe(business.id);
    const invitee = {
      ...signedUp.user,
      caller: (await harness.client({ accessToken: signedUp.accessToken })).caller,
    };
    const joined = await invitee.caller.business.list();
    expect(joined).toEqual([
      expect.objectContaining({ id: business.id, role: "staff", modules: ["invoices"] }),
    ]);
    const again = await refusal(invitee.caller.invitations.accept({ token }));
    expect((again.cause as { reason?: string }).reason).toBe("INVITATION_USED");
    const [row] = await harness.db.select().from(invitations).where(eq(invitations.id, invitationId));
    expect(row?.acceptedByUserId).toBe(invitee.id);
    const ownerNotifications = await owner.caller.notifications.list({ limit: 5 });
    expect(ownerNotifications.items[0]?.kind).toBe("team.invitation_accepted");
  });

  it("refuses expired invitations, and resends with a fresh link that replaces the old one", async () => {
    const owner = await signUpUser(harness);
    const business = await createBusinessFor(owner);
    const inviteeEmail = uniqueEmail("late");
    const { invitationId } = await owner.caller.team.invite({
      businessId: business.id,
      email: inviteeEmail,
      role: "viewer",
    });
    const firstToken = await invitationToken(inviteeEmail);

    const tooSoon = await refusal(
      owner.caller.team.resendInvitation({ businessId: business.id, invitationId }),
    );
    expect(tooSoon.code).toBe("TOO_MANY_REQUESTS");

    harness.setNow(new Date(Date.now() + 8 * 86_400_000));
    try {
      const { caller } = await harness.client();
      expect((await caller.invitations.preview({ token: firstToken })).status).toBe("expired");
      const invitee = await signUpUser(harness, { email: inviteeEmail });
      const expired = await refusal(invitee.caller.invitations.accept({ token: firstToken }));
      expect((expired.cause as { reason?: string }).reason).toBe("INVITATION_EXPIRED");

      await owner.caller.team.resendInvitation({ businessId: business.id, invitationId });
      const rows = await harness.db
        .select()
        .from(emails)
        .where(and(eq(emails.toAddress, inviteeEmail), eq(emails.template, "team.invitation")));
      expect(rows).toHaveLength(2);
      const fresh = rows
        .map((row) => /invite\/([A-Za-z0-9_-]+)/.exec(row.textBody ?? "")?.[1])
        .find((token) => token !== firstToken);
      expect((await refusal(caller.invitations.preview({ token: firstToken }))).code).toBe("NOT_FOUND");
      await invitee.caller.invitations.accept({ token: String(fresh) });
      expect(await invitee.caller.business.list()).toHaveLength(1);
    } finally {
      harness.setNow(new Date());
    }
  });

  it("can be revoked, declined, or accepted from the in-app list", async () => {
    const owner = await signUpUser(harness);
    const business = await createBusinessFor(owner);
    const invitee = await signUpUser(harness);
    const { invitationId } = await owner.caller.team.invite({
      businessId: business.id,
      email: invitee.email,
      role: "viewer",
    });
    expect(
      (
        await refusal(
          owner.caller.team.invite({ businessId: business.id, email: invitee.email, role: "viewer" }),
        )
      ).code,
    ).toBe("CONFLICT");
    await owner.caller.team.revokeInvitation({ businessId: business.id, invitationId });
    expect(await invitee.caller.invitations.mine()).toEqual([]);

    await owner.caller.team.invite({ businessId: business.id, email: invitee.email, role: "viewer" });
    const [pending] = await invitee.caller.invitations.mine();
    await invitee.caller.invitations.declineById({ invitationId: String(pending?.id) });
    expect(await owner.caller.team.invitations({ businessId: business.id })).toEqual([]);

    await owner.caller.team.invite({ businessId: business.id, email: invitee.email, role: "admin" });
    const [again] = await invitee.caller.invitations.mine();
    await invitee.caller.invitations.acceptById({ invitationId: String(again?.id) });
    expect((await invitee.caller.business.list())[0]?.role).toBe("admin");
    expect(
      (
        await refusal(
          owner.caller.team.invite({ businessId: business.id, email: invitee.email, role: "viewer" }),
        )
      ).code,
    ).toBe("CONFLICT");
  });
});

describe("activity page", () => {
  it("filters by entity type and paginates with a cursor", async () => {
    const owner = await signUpUser(harness);
    const business = await createBusinessFor(owner);
    for (let index = 0; index < 4; index += 1) {
      await owner.caller.business.update({ businessId: business.id, employeeCount: index + 1 });
    }
    const firstPage = await owner.caller.activity.list({
      businessId: business.id,
      entityType: "business",
      limit: 2,
    });
    expect(firstPage.items).toHaveLength(2);
    expect(firstPage.nextCursor).toBeTruthy();
    const secondPage = await owner.caller.activity.list({
      businessId: business.id,
      entityType: "business",
      limit: 2,
      cursor: firstPage.nextCursor,
    });
    const thirdPage = await owner.caller.activity.list({
      businessId: business.id,
      entityType: "business",
      limit: 2,
      cursor: secondPage.nextCursor,
    });
    const all = [...firstPage.items, ...secondPage.items, ...thirdPage.items];
    expect(all).toHaveLength(5);
    expect(new Set(all.map((item) => item.id)).size).toBe(5);
    expect(thirdPage.nextCursor).toBeNull();
    expect(await owner.caller.activity.entityTypes({ businessId: business.id })).toEqual([
      "business",
      "membership",
    ]);
  });
});
