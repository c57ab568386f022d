import {
  emails,
  emailVerifications,
  failedLoginAttempts,
  invitations,
  invoiceSettings,
  sessions,
  users,
} from "@kavi/db";
import { createRedis } from "@kavi/jobs";
import { testRun } from "@kavi/testing";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REFRESH_COOKIE } from "../config";
import type { ApiServices } from "../context";
import { sendInvoiceReminder } from "../services/invoices/reminders";
import {
  createBusinessFor,
  createTestHarness,
  MemoryCookieJar,
  readEmailText,
  readVerificationEmail,
  refusal,
  sampleDraft,
  signUpUser,
  TEST_PASSWORD,
  type TestHarness,
  uniqueEmail,
} from "../testing";

/**
 * The account attacks of issue 8, one test each, named after the attack. Each failed against the code before
 * the fix; see docs/security.md ("Accounts and sign-in") for the controls they hold in place.
 */

let harness: TestHarness;

beforeAll(async () => {
  harness = await createTestHarness();
});
afterAll(async () => {
  await harness.close();
});

const reasonOf = (error: { cause?: unknown }) => (error.cause as { reason?: string } | undefined)?.reason;

/** What an attacker does by hand: the sign-up form, then the sign-in form (no email is ever opened). */
async function signUpWithoutTheMailbox(email: string, ip = "203.0.113.66") {
  const { caller } = await harness.client({ ip });
  await caller.auth.signUp({ fullName: "Not The Invitee", email, password: TEST_PASSWORD });
  const signedIn = await caller.auth.signIn({ email, password: TEST_PASSWORD });
  return (await harness.client({ accessToken: signedIn.accessToken, ip })).caller;
}

async function invitationIdFor(email: string): Promise<string> {
  const [row] = await harness.db
    .select({ id: invitations.id })
    .from(invitations)
    .where(eq(invitations.email, email));
  if (!row) throw new Error(`no invitation for ${email}`);
  return row.id;
}

async function invitationTokenFor(email: string): Promise<string> {
  const text = await readEmailText(harness, email, /invited you to/);
  const token = /\/invite\/([A-Za-z0-9_-]+)/.exec(text)?.[1];
  if (!token) throw new Error(`no invitation link for ${email}`);
  return token;
}

/**
 * Ten wrong passwords for an account, a minute apart on the harness clock (past each progressive delay, so
 * every one is evaluated), from the addresses `ipOf` names. Returns the clock after the last.
 */
async function failTenTimes(
  email: string,
  ipOf: (attempt: number) => string,
  services?: Partial<ApiServices>,
): Promise<number> {
  let now = Date.now();
  for (let attempt = 1; attempt <= 10; attempt += 1) {
    now += 61_000;
    harness.setNow(new Date(now));
    const { caller } = await harness.client({ ip: ipOf(attempt), services });
    await refusal(caller.auth.signIn({ email, password: `wrong-guess-${attempt}` }));
  }
  return now;
}

describe("attack: invitation hijack", () => {
  it("signing up with an invited address and accepting by id is refused", async () => {
    const owner = await signUpUser(harness, { fullName: "Achieng Owner" });
    const business = await createBusinessFor(owner);
    const invited = uniqueEmail("new.hire");
    await owner.caller.team.invite({ businessId: business.id, email: invited, role: "admin" });

    const attacker = await signUpWithoutTheMailbox(invited);
    // The invitation is not even shown to an address nobody has proved…
    expect((await attacker.auth.me()).pendingInvitations).toEqual([]);
    // …and knowing its id does not help.
    const refused = await refusal(
      attacker.invitations.acceptById({ invitationId: await invitationIdFor(invited) }),
    );
    expect(refused.code).toBe("FORBIDDEN");
    expect(reasonOf(refused)).toBe("EMAIL_NOT_VERIFIED");
    expect(await attacker.business.list()).toEqual([]);
    const members = await owner.caller.team.members({ businessId: business.id });
    expect(members.map((member) => member.email)).toEqual([owner.email]);
  });

  it("the emailed invitation link still proves the address: accepting with it joins and verifies", async () => {
    const owner = await signUpUser(harness);
    const business = await createBusinessFor(owner);
    const invited = uniqueEmail("invitee");
    const person = await signUpUser(harness, { email: invited, verified: false });
    await owner.caller.team.invite({ businessId: business.id, email: invited, role: "staff", modules: [] });
    await person.caller.invitations.accept({ token: await invitationTokenFor(invited) });
    expect((await person.caller.auth.me()).user.emailVerified).toBe(true);
    expect((await person.caller.business.list()).map((joined) => joined.id)).toEqual([business.id]);
  });

  it("an invitation link opened by someone signed in as another address does nothing", async () => {
    const owner = await signUpUser(harness);
    const business = await createBusinessFor(owner);
    const invited = uniqueEmail("someone");
    await owner.caller.team.invite({ businessId: business.id, email: invited, role: "viewer" });
    const other = await signUpUser(harness, { verified: false });
    const refused = await refusal(
      other.caller.invitations.accept({ token: await invitationTokenFor(invited) }),
    );
    expect(reasonOf(refused)).toBe("INVITATION_EMAIL_MISMATCH");
    const [row] = await harness.db.select().from(users).where(eq(users.id, other.id));
    expect(row?.emailVerifiedAt).toBeNull();
  });
});

describe("attack: guessing the emailed code", () => {
  it("five wrong codes use the code up; the link still works, and signs nobody in", async () => {
    const email = uniqueEmail("guess");
    const { caller, cookies } = await harness.client();
    const signedUp = await caller.auth.signUp({ fullName: "Code Guesser", email, password: TEST_PASSWORD });
    if (signedUp.status !== "verify_email") throw new Error("expected check-your-email");
    const { code, token } = await readVerificationEmail(harness, email);
    const wrong = code === "000000" ? "111111" : "000000";
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const refused = await refusal(caller.auth.confirmSignUp({ ticket: signedUp.ticket, code: wrong }));
      expect(reasonOf(refused)).toBe("VERIFICATION_INVALID");
    }
    const spent = await refusal(caller.auth.confirmSignUp({ ticket: signedUp.ticket, code }));
    expect(reasonOf(spent)).toBe("VERIFICATION_INVALID");
    const [row] = await harness.db
      .select()
      .from(emailVerifications)
      .innerJoin(users, eq(users.id, emailVerifications.userId))
      .where(eq(users.email, email));
    // Five wrong codes, and the right one typed too late.
    expect(row?.email_verifications.failedCodeAttempts).toBe(6);

    const { caller: elsewhere, cookies: elsewhereCookies } = await harness.client();
    expect(await elsewhere.auth.verifyEmail({ token })).toEqual({ status: "verified", email });
    expect(elsewhereCookies.get(REFRESH_COOKIE)).toBeUndefined();
    expect(cookies.get(REFRESH_COOKIE)).toBeUndefined();
  });
});

describe("attack: account enumeration through sign-up", () => {
  it("a taken address gets the same answer as a new one, and its owner hears about it", async () => {
    const existing = await signUpUser(harness, { fullName: "Wanjiru Already Here" });
    const { caller: probe, cookies } = await harness.client();
    const taken = await probe.auth.signUp({
      fullName: "Probe",
      email: existing.email,
      password: "Ukweli-Wa-Mambo-77",
    });
    const fresh = await probe.auth.signUp({
      fullName: "Probe",
      email: uniqueEmail("fresh"),
      password: "Ukweli-Wa-Mambo-77",
    });
    expect(taken.status).toBe("verify_email");
    expect(Object.keys(taken).sort()).toEqual(Object.keys(fresh).sort());
    if (taken.status !== "verify_email" || fresh.status !== "verify_email") throw new Error("unreachable");
    expect(taken.ticket).toHaveLength(fresh.ticket.length);
    expect(cookies.get(REFRESH_COOKIE)).toBeUndefined();

    // The decoy ticket behaves like a real one whose code is wrong, and like a real one on resend.
    const decoyCode = await refusal(probe.auth.confirmSignUp({ ticket: taken.ticket, code: "123456" }));
    const realCode = await refusal(probe.auth.confirmSignUp({ ticket: fresh.ticket, code: "123456" }));
    expect({ message: decoyCode.message, reason: reasonOf(decoyCode) }).toEqual({
      message: realCode.message,
      reason: reasonOf(realCode),
    });
    const decoyResend = await refusal(probe.auth.resendSignUpEmail({ ticket: taken.ticket }));
    const realResend = await refusal(probe.auth.resendSignUpEmail({ ticket: fresh.ticket }));
    expect([decoyResend.code, reasonOf(decoyResend)]).toEqual([realResend.code, reasonOf(realResend)]);

    // The owner of the address is told, by email to the address; no second account exists.
    const notice = await readEmailText(harness, existing.email, /already have a KAVI account/);
    expect(notice).toMatch(/sign-in\?email=/);
    const accounts = await harness.db.select().from(users).where(eq(users.email, existing.email));
    expect(accounts).toHaveLength(1);
  });
});

describe("attack: business-name squatting", () => {
  it("a name already on KAVI neither blocks a new business nor reveals that it exists", async () => {
    const squatter = await signUpUser(harness);
    await createBusinessFor(squatter, "Duka La Mama Njeri Ltd");
    const realOwner = await signUpUser(harness);
    const created = await createBusinessFor(realOwner, "DUKA LA MAMA NJERI LTD");
    expect(created.legalName).toBe("DUKA LA MAMA NJERI LTD");
  });
});

describe("attack: spam relay from an account nobody verified", () => {
  it("its business's automatic reminders are held back", async () => {
    const owner = await signUpUser(harness, { verified: false });
    const business = await createBusinessFor(owner);
    const customer = await owner.caller.customers.create({
      businessId: business.id,
      name: "Victim Of Spam",
      email: uniqueEmail("victim"),
    });
    const invoice = await owner.caller.invoices.create({
      businessId: business.id,
      ...sampleDraft(customer.id),
    });
    await owner.caller.invoices.issue({ businessId: business.id, invoiceId: invoice.id });
    await harness.db
      .update(invoiceSettings)
      .set({ remindersEnabled: true })
      .where(eq(invoiceSettings.businessId, business.id));
    const outcome = await sendInvoiceReminder(harness.serviceContext(), invoice.id, -3);
    expect(outcome.status).toBe("skipped");
    const sent = await harness.db.select().from(emails).where(eq(emails.businessId, business.id));
    expect(sent).toEqual([]);
  });
});

describe("attack: email flooding from one business", () => {
  it("invoice emails and invitations stop at the day's allowance with a clear 429, and start again tomorrow", async () => {
    const limited = await createTestHarness({
      emailQuotas: { invoicesPerDay: 2, remindersPerDay: 2, invitationsPerDay: 1 },
    });
    try {
      const owner = await signUpUser(limited);
      const business = await createBusinessFor(owner);
      const inB = { businessId: business.id };
      const customer = await owner.caller.customers.create({
        ...inB,
        name: "Kamau",
        email: uniqueEmail("c"),
      });
      const send = async () => {
        const draft = await owner.caller.invoices.create({ ...inB, ...sampleDraft(customer.id) });
        return owner.caller.invoices.send({ ...inB, invoiceId: draft.id });
      };
      await send();
      await send();
      const refused = await refusal(send());
      expect(refused.code).toBe("TOO_MANY_REQUESTS");
      expect(reasonOf(refused)).toBe("EMAIL_QUOTA_EXCEEDED");
      expect(refused.message).toMatch(/sent its 2 invoice emails for today/);
      expect((refused.cause as { retryAfterSeconds?: number }).retryAfterSeconds).toBeGreaterThan(0);
      const allowance = await owner.caller.business.emailAllowance(inB);
      expect(allowance.kinds.invoice).toMatchObject({ limit: 2, used: 2, remaining: 0 });
      // The refused send wrote nothing: its draft is still a draft.
      const drafts = await owner.caller.invoices.list({ ...inB, status: "draft" });
      expect(drafts.items).toHaveLength(1);

      await owner.caller.team.invite({ ...inB, email: uniqueEmail("one"), role: "viewer" });
      const secondInvite = await refusal(
        owner.caller.team.invite({ ...inB, email: uniqueEmail("two"), role: "viewer" }),
      );
      expect(reasonOf(secondInvite)).toBe("EMAIL_QUOTA_EXCEEDED");
      expect(await owner.caller.team.invitations(inB)).toHaveLength(1);

      // A new day in the business's time zone: the allowance is back.
      limited.setNow(new Date(Date.now() + 86_400_000));
      await expect(send()).resolves.toBeTruthy();
    } finally {
      await limited.close();
    }
  });
});

describe("attack: password guessing", () => {
  it("spraying one account from many addresses slows every new address down", async () => {
    const owner = await signUpUser(harness);
    const now = Date.now();
    harness.setNow(new Date(now));
    try {
      for (let bot = 1; bot <= 20; bot += 1) {
        const { caller } = await harness.client({ ip: `198.18.0.${bot}` });
        const refused = await refusal(caller.auth.signIn({ email: owner.email, password: `guess-${bot}-x` }));
        expect(refused.code).toBe("UNAUTHORIZED");
      }
      const { caller: freshBot, headers } = await harness.client({ ip: "198.18.1.1" });
      const slowed = await refusal(freshBot.auth.signIn({ email: owner.email, password: TEST_PASSWORD }));
      expect(slowed.code).toBe("TOO_MANY_REQUESTS");
      expect(reasonOf(slowed)).toBe("SIGN_IN_DELAYED");
      expect(Number(headers.get("Retry-After"))).toBeGreaterThan(0);

      // The owner, from the address they signed up from, is not slowed by strangers.
      const { caller: ownerAgain } = await harness.client();
      await expect(
        ownerAgain.auth.signIn({ email: owner.email, password: TEST_PASSWORD }),
      ).resolves.toBeTruthy();
    } finally {
      harness.setNow(new Date());
    }
  });

  it("the account-wide slow-down is a bounded wait, never a lock", async () => {
    const owner = await signUpUser(harness);
    let now = Date.now();
    let failures = 0;
    let bot = 0;
    const waits: number[] = [];
    try {
      while (failures < 35) {
        bot += 1;
        harness.setNow(new Date(now));
        const { caller } = await harness.client({ ip: `198.18.${2 + Math.floor(bot / 200)}.${bot % 200}` });
        const error = await refusal(caller.auth.signIn({ email: owner.email, password: `guess-${bot}-y` }));
        if (error.code === "TOO_MANY_REQUESTS") {
          const wait = Number((error.cause as { retryAfterSeconds?: number }).retryAfterSeconds);
          waits.push(wait);
          now += wait * 1000; // a patient bot waits exactly as long as it is told
        } else {
          failures += 1;
          now += 1000;
        }
      }
      expect(Math.max(...waits)).toBeGreaterThan(200);
      expect(Math.max(...waits)).toBeLessThanOrEqual(300);
      // However long the attack went on, the owner somewhere new waits at most the cap.
      harness.setNow(new Date(now + 300_000));
      const { caller: newPlace } = await harness.client({ ip: "198.18.9.1" });
      await expect(
        newPlace.auth.signIn({ email: owner.email, password: TEST_PASSWORD }),
      ).resolves.toBeTruthy();
    } finally {
      harness.setNow(new Date());
    }
  });

  it("rotating through one IPv6 /64 counts as one address", async () => {
    const owner = await signUpUser(harness);
    try {
      await failTenTimes(owner.email, (attempt) => `2001:db8:66:1::${attempt.toString(16)}`);
      const { caller: nextInPrefix } = await harness.client({ ip: "2001:db8:66:1:ffff::1" });
      const locked = await refusal(nextInPrefix.auth.signIn({ email: owner.email, password: TEST_PASSWORD }));
      expect(reasonOf(locked)).toBe("ACCOUNT_LOCKED");
      const { caller: otherPrefix } = await harness.client({ ip: "2001:db8:66:2::1" });
      await expect(
        otherPrefix.auth.signIn({ email: owner.email, password: TEST_PASSWORD }),
      ).resolves.toBeTruthy();
    } finally {
      harness.setNow(new Date());
    }
  });

  it("a completed password reset lifts the lock on the account", async () => {
    const owner = await signUpUser(harness);
    const sharedNat = "192.0.2.140";
    try {
      await failTenTimes(owner.email, () => sharedNat);
      const { caller } = await harness.client({ ip: sharedNat });
      expect(
        reasonOf(await refusal(caller.auth.signIn({ email: owner.email, password: TEST_PASSWORD }))),
      ).toBe("ACCOUNT_LOCKED");
      await caller.auth.forgotPassword({ email: owner.email });
      const text = await readEmailText(harness, owner.email, /Reset your KAVI password/);
      const token = String(/reset-password\/([A-Za-z0-9_-]+)/.exec(text)?.[1]);
      await caller.auth.resetPassword({ token, password: "Upepo-Wa-Pwani-2031" });
      await expect(
        caller.auth.signIn({ email: owner.email, password: "Upepo-Wa-Pwani-2031" }),
      ).resolves.toBeTruthy();
    } finally {
      harness.setNow(new Date());
    }
  });

  it("a Redis outage does not switch the throttle off: PostgreSQL's record of failures still locks", async () => {
    const owner = await signUpUser(harness);
    const deadRedis = createRedis(testRun().redisUrl, "producer");
    deadRedis.disconnect();
    const ip = "192.0.2.150";
    try {
      await failTenTimes(owner.email, () => ip, { redis: deadRedis });
      const recorded = await harness.db
        .select()
        .from(failedLoginAttempts)
        .where(
          and(eq(failedLoginAttempts.email, owner.email), eq(failedLoginAttempts.reason, "wrong_password")),
        );
      expect(recorded).toHaveLength(10);
      const { caller } = await harness.client({ ip, services: { redis: deadRedis } });
      const locked = await refusal(caller.auth.signIn({ email: owner.email, password: TEST_PASSWORD }));
      expect(reasonOf(locked)).toBe("ACCOUNT_LOCKED");
    } finally {
      harness.setNow(new Date());
    }
  });

  it("a stolen session cannot guess the current password faster than the sign-in page", async () => {
    const owner = await signUpUser(harness);
    let now = Date.now();
    const outcomes: string[] = [];
    try {
      for (let attempt = 1; attempt <= 10; attempt += 1) {
        now += 61_000;
        harness.setNow(new Date(now));
        const { caller } = await harness.client({ accessToken: owner.accessToken });
        const error = await refusal(
          caller.auth.changePassword({
            currentPassword: `guess-${attempt}-cp`,
            newPassword: "Kesho-Ni-Siku-9",
          }),
        );
        outcomes.push(error.code);
      }
      expect(outcomes.slice(0, 9).every((code) => code === "BAD_REQUEST")).toBe(true);
      expect(outcomes[9]).toBe("TOO_MANY_REQUESTS");
      const { caller } = await harness.client({ accessToken: owner.accessToken });
      const locked = await refusal(
        caller.auth.changePassword({ currentPassword: TEST_PASSWORD, newPassword: "Kesho-Ni-Siku-9" }),
      );
      expect(reasonOf(locked)).toBe("ACCOUNT_LOCKED");
    } finally {
      harness.setNow(new Date());
    }
  });
});

/** A browser whose refresh cookie holds this token. */
function cookiesHolding(token: string): MemoryCookieJar {
  const jar = new MemoryCookieJar();
  jar.values.set(REFRESH_COOKIE, {
    value: token,
    options: { httpOnly: true, secure: false, sameSite: "strict", path: "/api/trpc" },
  });
  return jar;
}

describe("attack: sessions", () => {
  it("a refresh response lost on the way: the same token again, within the grace, gets the same successor", async () => {
    const user = await signUpUser(harness);
    const first = String(user.cookies.get(REFRESH_COOKIE));
    const { caller } = await harness.client({ cookies: user.cookies });
    await caller.auth.refresh();
    const successor = String(user.cookies.get(REFRESH_COOKIE));

    // The phone never saw that answer and sends the old cookie again.
    const lost = cookiesHolding(first);
    const { caller: retry } = await harness.client({ cookies: lost });
    const retried = await retry.auth.refresh();
    expect(retried.accessToken).toBeTruthy();
    expect(lost.get(REFRESH_COOKIE)).toBe(successor);
    const [session] = await harness.db.select().from(sessions).where(eq(sessions.userId, user.id));
    expect(session?.endedAt).toBeNull();
    await expect(caller.auth.refresh()).resolves.toBeTruthy();
  });

  it("a stolen, rotated token replayed after the grace still ends the whole session", async () => {
    const user = await signUpUser(harness);
    const first = String(user.cookies.get(REFRESH_COOKIE));
    const { caller } = await harness.client({ cookies: user.cookies });
    await caller.auth.refresh();
    harness.setNow(new Date(Date.now() + 11_000));
    try {
      const stolen = cookiesHolding(first);
      expect((await refusal((await harness.client({ cookies: stolen })).caller.auth.refresh())).code).toBe(
        "UNAUTHORIZED",
      );
      const [session] = await harness.db.select().from(sessions).where(eq(sessions.userId, user.id));
      expect(session?.endReason).toBe("token_reuse_detected");
    } finally {
      harness.setNow(new Date());
    }
  });

  it("a replay after the successor was used ends the session, even inside the grace", async () => {
    const user = await signUpUser(harness);
    const first = String(user.cookies.get(REFRESH_COOKIE));
    const { caller } = await harness.client({ cookies: user.cookies });
    await caller.auth.refresh();
    await caller.auth.refresh();
    const stolen = cookiesHolding(first);
    expect((await refusal((await harness.client({ cookies: stolen })).caller.auth.refresh())).code).toBe(
      "UNAUTHORIZED",
    );
    expect((await refusal(caller.auth.refresh())).code).toBe("UNAUTHORIZED");
  });

  it("a session left idle past the timeout is over; using it keeps it alive", async () => {
    const user = await signUpUser(harness);
    const { caller } = await harness.client({ cookies: user.cookies });
    try {
      harness.setNow(new Date(Date.now() + 6 * 86_400_000));
      await expect(caller.auth.refresh()).resolves.toBeTruthy();
      harness.setNow(new Date(Date.now() + 12 * 86_400_000));
      await expect(caller.auth.refresh()).resolves.toBeTruthy();
      harness.setNow(new Date(Date.now() + 20 * 86_400_000));
      expect((await refusal(caller.auth.refresh())).code).toBe("UNAUTHORIZED");
      const [session] = await harness.db.select().from(sessions).where(eq(sessions.userId, user.id));
      expect(session?.endReason).toBe("idle_timeout");
    } finally {
      harness.setNow(new Date());
    }
  });

  it("an idle session's access token is refused too", async () => {
    const user = await signUpUser(harness);
    await harness.db
      .update(sessions)
      .set({ lastSeenAt: new Date(Date.now() - 8 * 86_400_000) })
      .where(eq(sessions.userId, user.id));
    const { caller } = await harness.client({ accessToken: user.accessToken });
    expect((await refusal(caller.auth.me())).code).toBe("UNAUTHORIZED");
  });
});

describe("attack: avatar over plain http", () => {
  it("an http:// (or non-web) avatar address is refused; https is kept", async () => {
    const user = await signUpUser(harness);
    for (const avatarUrl of [
      "http://tracker.example.com/a.png",
      "javascript:alert(1)",
      "https://10.0.0.1/a.png",
    ]) {
      const refused = await refusal(user.caller.profile.update({ avatarUrl }));
      expect(refused.code).toBe("BAD_REQUEST");
    }
    await user.caller.profile.update({ avatarUrl: "https://images.example.com/me.png" });
    expect((await user.caller.profile.get()).avatarUrl).toBe("https://images.example.com/me.png");
  });
});
