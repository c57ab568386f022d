import type { Module, Role } from "@kavi/domain";
import { randomSuffix } from "@kavi/testing";
import type { TestHarness } from "./harness";

export const TEST_PASSWORD = "Tamu-Chai-Ya-Asubuhi-42";

export interface SignedInUser {
  id: string;
  email: string;
  fullName: string;
  accessToken: string;
  caller: Awaited<ReturnType<TestHarness["client"]>>["caller"];
  cookies: Awaited<ReturnType<TestHarness["client"]>>["cookies"];
}

export function uniqueEmail(label = "user"): string {
  return `${label}.${randomSuffix()}@example.co.ke`;
}

/** Signs up through the real procedure, so tests exercise the same path as people. */
export async function signUpUser(
  harness: TestHarness,
  overrides: { email?: string; fullName?: string; password?: string; invitationToken?: string } = {},
): Promise<SignedInUser> {
  const email = overrides.email ?? uniqueEmail();
  const { caller: anonymous, cookies } = await harness.client();
  const result = await anonymous.auth.signUp({
    fullName: overrides.fullName ?? "Wanjiku Kamau",
    email,
    password: overrides.password ?? TEST_PASSWORD,
    invitationToken: overrides.invitationToken ?? null,
  });
  const { caller } = await harness.client({ accessToken: result.accessToken, cookies });
  return { ...result.user, accessToken: result.accessToken, caller, cookies };
}

export async function createBusinessFor(
  owner: SignedInUser,
  legalName = `Duka ${randomSuffix()} Traders Ltd`,
) {
  return owner.caller.business.create({
    legalName,
    tradingName: legalName.replace(/ Ltd$/, ""),
    country: "KE",
    baseCurrency: "KES",
    timezone: "Africa/Nairobi",
  });
}

/** Invites through the real procedures and accepts with the token read from the outbox row. */
export async function addMember(
  harness: TestHarness,
  owner: SignedInUser,
  businessId: string,
  role: Role,
  modules: Module[] = [],
): Promise<SignedInUser> {
  const member = await signUpUser(harness, { fullName: `${role} member` });
  await owner.caller.team.invite({ businessId, email: member.email, role, modules });
  const [invitation] = await member.caller.invitations.mine();
  if (!invitation) throw new Error("invitation not found for new member");
  await member.caller.invitations.acceptById({ invitationId: invitation.id });
  return member;
}
