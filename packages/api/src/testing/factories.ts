import { type Database, emails } from "@kavi/db";
import type { Module, Role } from "@kavi/domain";
import { randomSuffix } from "@kavi/testing";
import { desc, eq } from "drizzle-orm";
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

export const VERIFY_SUBJECT = /is your KAVI code$/;

/** The newest outbox email to an address whose subject matches, while its body is still there. */
export async function latestEmailText(db: Database, to: string, subject: RegExp): Promise<string | null> {
  const rows = await db
    .select({ subject: emails.subject, text: emails.textBody })
    .from(emails)
    .where(eq(emails.toAddress, to))
    .orderBy(desc(emails.createdAt))
    .limit(20);
  return rows.find((candidate) => subject.test(candidate.subject))?.text ?? null;
}

/**
 * The newest email to an address with the given subject, as text: from the outbox, or (once a running
 * worker has delivered it and erased its sensitive body) from the harness's mailbox.
 */
export async function readEmailText(harness: TestHarness, to: string, subject: RegExp): Promise<string> {
  const text = await latestEmailText(harness.db, to, subject);
  if (text) return text;
  if (harness.mailbox) return harness.mailbox.waitForText(to, subject);
  throw new Error(`no email to ${to} matching ${subject}`);
}

/** The 6-digit code and the link's token in a verification email's text. */
export function parseVerificationEmail(text: string): { code: string; token: string } {
  const code = /code in KAVI: (\d{6})/.exec(text)?.[1];
  const token = /\/verify-email\/([A-Za-z0-9_-]+)/.exec(text)?.[1];
  if (!code || !token) throw new Error("this verification email has no code or link");
  return { code, token };
}

/** The code and link token from the newest verification email to an address. */
export async function readVerificationEmail(
  harness: TestHarness,
  email: string,
): Promise<{ code: string; token: string }> {
  return parseVerificationEmail(await readEmailText(harness, email, VERIFY_SUBJECT));
}

/**
 * Signs up through the real procedures, so tests exercise the same path as people: sign up, then type the
 * emailed code (read from the outbox). `verified: false` stops before that and signs in with the password,
 * as someone who never opened the email would.
 */
export async function signUpUser(
  harness: TestHarness,
  overrides: {
    email?: string;
    fullName?: string;
    password?: string;
    invitationToken?: string;
    verified?: boolean;
  } = {},
): Promise<SignedInUser> {
  const email = overrides.email ?? uniqueEmail();
  const password = overrides.password ?? TEST_PASSWORD;
  const { caller: anonymous, cookies } = await harness.client();
  const signedUp = await anonymous.auth.signUp({
    fullName: overrides.fullName ?? "Wanjiku Kamau",
    email,
    password,
    invitationToken: overrides.invitationToken ?? null,
  });
  const result =
    signedUp.status === "signed_in"
      ? signedUp
      : overrides.verified === false
        ? await anonymous.auth.signIn({ email, password })
        : await anonymous.auth.confirmSignUp({
            ticket: signedUp.ticket,
            code: (await readVerificationEmail(harness, email)).code,
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
