import { emails, failedLoginAttempts, refreshTokens, sessions } from "@kavi/db";
import type { TRPCError } from "@trpc/server";
import { and, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REFRESH_COOKIE } from "../config";
import {
  createTestHarness,
  latestEmailText,
  MemoryCookieJar,
  refusal,
  signUpUser,
  TEST_PASSWORD,
  type TestHarness,
  testApiConfig,
  uniqueEmail,
} from "../testing";

let harness: TestHarness;

beforeAll(async () => {
  harness = await createTestHarness();
});
afterAll(async () => {
  await harness.close();
});

async function expectTRPCError(promise: Promise<unknown>, code: TRPCError["code"]) {
  const error = await refusal(promise);
  expect(error.code).toBe(code);
  return error;
}

describe("sign up and sign in", () => {
  it("signs up, sets an httpOnly SameSite=Strict refresh cookie and answers me", async () => {
    const user = await signUpUser(harness, { fullName: "Achieng Otieno" });
    const cookie = user.cookies.values.get(REFRESH_COOKIE);
    expect(cookie?.options).toMatchObject({ httpOnly: true, sameSite: "strict", path: "/api/trpc" });
    const me = await user.caller.auth.me();
    expect(me.user).toMatchObject({
      email: user.email,
      fullName: "Achieng Otieno",
      timezone: "Africa/Nairobi",
    });
    expect(me.businesses).toEqual([]);
  });

  it("answers a taken email like a new one, and refuses a common password with a field message", async () => {
    const user = await signUpUser(harness);
    const { caller } = await harness.client();
    const duplicate = await caller.auth.signUp({
      fullName: "Someone Else",
      email: user.email.toUpperCase(),
      password: TEST_PASSWORD,
    });
    expect(duplicate).toMatchObject({ status: "verify_email", email: user.email });
    const common = await expectTRPCError(
      caller.auth.signUp({ fullName: "Weak Password", email: uniqueEmail(), password: "Password2024" }),
      "BAD_REQUEST",
    );
    expect(common.message).toMatch(/too common/);
    await expectTRPCError(
      caller.auth.signUp({ fullName: "Short", email: uniqueEmail(), password: "short" }),
      "BAD_REQUEST",
    );
  });

  it("signs in with the right password only, and records failures", async () => {
    const user = await signUpUser(harness);
    const { caller } = await harness.client({ ip: "203.0.113.10" });
    const wrong = await expectTRPCError(
      caller.auth.signIn({ email: user.email, password: "not-the-password" }),
      "UNAUTHORIZED",
    );
    expect(wrong.message).toMatch(/do not match/);
    const unknown = await expectTRPCError(
      caller.auth.signIn({ email: uniqueEmail(), password: "whatever-it-is" }),
      "UNAUTHORIZED",
    );
    expect(unknown.message).toBe(wrong.message);
    const result = await caller.auth.signIn({ email: user.email, password: TEST_PASSWORD });
    expect(result.user.id).toBe(user.id);
    const failures = await harness.db
      .select()
      .from(failedLoginAttempts)
      .where(eq(failedLoginAttempts.email, user.email));
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ reason: "wrong_password", ip: "203.0.113.10" });
  });
});

describe("account emails in the reader's language", () => {
  it("signs up from a Kiswahili screen: the profile, the code email and a later sign-up attempt speak Kiswahili", async () => {
    const email = uniqueEmail("kiswahili");
    const { caller } = await harness.client();
    const result = await caller.auth.signUp({
      fullName: "Wanjiku Kamau",
      email,
      password: TEST_PASSWORD,
      language: "sw",
    });
    expect(result.status).toBe("verify_email");
    const code = await latestEmailText(harness.db, email, /ndiyo namba yako ya KAVI$/);
    expect(code).toContain("Habari Wanjiku Kamau,");
    expect(code).toMatch(/Au andika namba hii kwenye KAVI: \d{6}/);
    expect(await latestEmailText(harness.db, email, /is your KAVI code$/)).toBeNull();

    const { caller: again } = await harness.client();
    await again.auth.signUp({ fullName: "Mtu Mwingine", email, password: TEST_PASSWORD });
    const attempt = await latestEmailText(harness.db, email, /^Tayari una akaunti ya KAVI$/);
    expect(attempt).toContain("Kama ni wewe, ingia tu.");
  });
});

describe("refresh tokens", () => {
  it("rotates on every use and revokes the whole family when an old token comes back", async () => {
    const user = await signUpUser(harness);
    const firstToken = user.cookies.get(REFRESH_COOKIE);
    expect(firstToken).toBeTruthy();
    const { caller } = await harness.client({ cookies: user.cookies });
    const refreshed = await caller.auth.refresh();
    expect(refreshed.accessToken).toBeTruthy();
    const secondToken = user.cookies.get(REFRESH_COOKIE);
    expect(secondToken).not.toBe(firstToken);

    // An attacker replays the first (already rotated) token, after the grace for a lost response.
    harness.setNow(new Date(Date.now() + 11_000));
    const stolen = new MemoryCookieJar();
    stolen.values.set(REFRESH_COOKIE, {
      value: String(firstToken),
      options: { httpOnly: true, secure: false, sameSite: "strict", path: "/" },
    });
    const { caller: attacker } = await harness.client({ cookies: stolen });
    await expectTRPCError(attacker.auth.refresh(), "UNAUTHORIZED");

    // The legitimate holder's newer token no longer works either: the family is gone.
    const { caller: victim } = await harness.client({ cookies: user.cookies });
    await expectTRPCError(victim.auth.refresh(), "UNAUTHORIZED");
    const [session] = await harness.db.select().from(sessions).where(eq(sessions.userId, user.id));
    expect(session?.endReason).toBe("token_reuse_detected");
    // And the access token of that session is refused at once.
    await expectTRPCError(user.caller.auth.me(), "UNAUTHORIZED");
    harness.setNow(new Date());
  });

  it("stores only hashes of refresh tokens", async () => {
    const user = await signUpUser(harness);
    const token = String(user.cookies.get(REFRESH_COOKIE));
    const rows = await harness.db.select({ hash: refreshTokens.tokenHash }).from(refreshTokens);
    expect(rows.some((row) => row.hash === token)).toBe(false);
  });

  it("refuses an expired access token with a TOKEN_EXPIRED reason", async () => {
    const user = await signUpUser(harness);
    harness.setNow(new Date(Date.now() + 16 * 60_000));
    try {
      const { caller } = await harness.client({ accessToken: user.accessToken });
      const error = await expectTRPCError(caller.auth.me(), "UNAUTHORIZED");
      expect((error.cause as { reason?: string }).reason).toBe("TOKEN_EXPIRED");
    } finally {
      harness.setNow(new Date());
    }
  });
});

describe("sessions", () => {
  it("lists sessions with device labels and revokes one", async () => {
    const user = await signUpUser(harness);
    const { caller: phone } = await harness.client({
      userAgent: "Mozilla/5.0 (Linux; Android 14) Chrome/140.0 Mobile Safari/537.36",
    });
    const second = await phone.auth.signIn({ email: user.email, password: TEST_PASSWORD });
    const list = await user.caller.auth.sessions();
    expect(list).toHaveLength(2);
    const other = list.find((session) => !session.current);
    expect(other?.deviceLabel).toBe("Chrome on Android");
    await user.caller.auth.revokeSession({ sessionId: String(other?.id) });
    const { caller: revoked } = await harness.client({ accessToken: second.accessToken });
    await expectTRPCError(revoked.auth.me(), "UNAUTHORIZED");
    await expectTRPCError(user.caller.auth.revokeSession({ sessionId: String(other?.id) }), "NOT_FOUND");
  });

  it("signs out with only the refresh cookie (an expired access token), ending that session", async () => {
    const user = await signUpUser(harness);
    const { caller } = await harness.client({ cookies: user.cookies });
    await caller.auth.signOut();
    expect(user.cookies.get(REFRESH_COOKIE)).toBeUndefined();
    const [session] = await harness.db.select().from(sessions).where(eq(sessions.userId, user.id));
    expect(session?.endReason).toBe("signed_out");
    await expectTRPCError(user.caller.auth.me(), "UNAUTHORIZED");
  });

  it("shows the account's own security events, not its business activity", async () => {
    const user = await signUpUser(harness);
    const { caller } = await harness.client();
    await caller.auth.signIn({ email: user.email, password: TEST_PASSWORD });
    await user.caller.business.create({ legalName: `Events ${user.id.slice(0, 8)} Ltd` });
    const events = await user.caller.auth.activity({ limit: 10 });
    // Verifying and its first sign-in are written in one transaction and share a timestamp: compare as a
    // set, and check only that the later, separate sign-in comes first.
    expect(events.items.map((item) => item.action).sort()).toEqual([
      "account.email_verified",
      "account.signed_in",
      "account.signed_in",
      "account.signed_up",
    ]);
    expect(events.items[0]?.action).toBe("account.signed_in");
    expect(events.items[0]?.metadata).toEqual({ method: "password" });
    expect(events.items[0]?.ip).toBe("198.51.100.7");
  });

  it("signs out everywhere", async () => {
    const user = await signUpUser(harness);
    const { caller } = await harness.client();
    await caller.auth.signIn({ email: user.email, password: TEST_PASSWORD });
    const result = await user.caller.auth.signOutEverywhere();
    expect(result.sessionsEnded).toBe(2);
    await expectTRPCError(user.caller.auth.me(), "UNAUTHORIZED");
  });

  it("changing the password ends the other sessions but keeps this one", async () => {
    const user = await signUpUser(harness);
    const { caller } = await harness.client();
    const other = await caller.auth.signIn({ email: user.email, password: TEST_PASSWORD });
    await expectTRPCError(
      user.caller.auth.changePassword({
        currentPassword: "wrong-password-1",
        newPassword: "Mvua-Ya-Masika-2026",
      }),
      "BAD_REQUEST",
    );
    await user.caller.auth.changePassword({
      currentPassword: TEST_PASSWORD,
      newPassword: "Mvua-Ya-Masika-2026",
    });
    await expect(user.caller.auth.me()).resolves.toBeTruthy();
    const { caller: otherDevice } = await harness.client({ accessToken: other.accessToken });
    await expectTRPCError(otherDevice.auth.me(), "UNAUTHORIZED");
    const sent = await harness.db.select().from(emails).where(eq(emails.toAddress, user.email));
    expect(sent.map((email) => email.template)).toContain("account.password_changed");
  });
});

describe("new sign-in alert", () => {
  const ANDROID =
    "Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 Chrome/140.0 Mobile Safari/537.36";
  const IPHONE =
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Version/18.0 Safari/604.1";

  async function alertsTo(address: string) {
    return harness.db
      .select()
      .from(emails)
      .where(and(eq(emails.toAddress, address), eq(emails.template, "account.new_sign_in")));
  }

  it("emails once for a device the account has never used, not for a known one, and not when turned off", async () => {
    const user = await signUpUser(harness);
    const credentials = { email: user.email, password: TEST_PASSWORD };
    // The sign-up's own device (the harness's Chrome on Linux) again: nothing.
    await (await harness.client()).caller.auth.signIn(credentials);
    expect(await alertsTo(user.email)).toHaveLength(0);

    await (await harness.client({ userAgent: ANDROID, ip: "196.201.214.10" })).caller.auth.signIn(
      credentials,
    );
    const [alert, ...more] = await alertsTo(user.email);
    expect(more).toHaveLength(0);
    expect(alert?.textBody).toContain("Chrome on Android");
    expect(alert?.textBody).toContain("196.201.214.10");

    await (await harness.client({ userAgent: ANDROID })).caller.auth.signIn(credentials);
    expect(await alertsTo(user.email)).toHaveLength(1);

    const profile = await user.caller.profile.get();
    await user.caller.profile.update({
      notificationPreferences: {
        ...profile.notificationPreferences,
        email: { ...profile.notificationPreferences.email, securityAlerts: false },
      },
    });
    await (await harness.client({ userAgent: IPHONE })).caller.auth.signIn(credentials);
    expect(await alertsTo(user.email)).toHaveLength(1);
  });
});

describe("password reset", () => {
  it("emails a single-use link valid for an hour and ends every session", async () => {
    const user = await signUpUser(harness);
    const { caller } = await harness.client();
    await caller.auth.forgotPassword({ email: user.email });
    await caller.auth.forgotPassword({ email: uniqueEmail("nobody") });
    const [email] = await harness.db
      .select()
      .from(emails)
      .where(eq(emails.toAddress, user.email))
      .orderBy(desc(emails.createdAt));
    expect(email).toMatchObject({ template: "account.password_reset", sensitive: true });
    const token = /reset-password\/([A-Za-z0-9_-]+)/.exec(email?.textBody ?? "")?.[1];
    expect(token).toBeTruthy();

    await caller.auth.resetPassword({ token: String(token), password: "Njia-Mpya-Ya-Siri-7" });
    await expectTRPCError(user.caller.auth.me(), "UNAUTHORIZED");
    const reused = await expectTRPCError(
      caller.auth.resetPassword({ token: String(token), password: "Another-Secret-Pass-8" }),
      "BAD_REQUEST",
    );
    expect(reused.message).toMatch(/invalid or has expired/);
    await expect(
      caller.auth.signIn({ email: user.email, password: "Njia-Mpya-Ya-Siri-7" }),
    ).resolves.toBeTruthy();
  });

  it("refuses an expired link", async () => {
    const user = await signUpUser(harness);
    const { caller } = await harness.client();
    await caller.auth.forgotPassword({ email: user.email });
    const [email] = await harness.db
      .select()
      .from(emails)
      .where(and(eq(emails.toAddress, user.email), eq(emails.template, "account.password_reset")));
    const token = /reset-password\/([A-Za-z0-9_-]+)/.exec(email?.textBody ?? "")?.[1];
    harness.setNow(new Date(Date.now() + 61 * 60_000));
    try {
      await expectTRPCError(
        caller.auth.resetPassword({ token: String(token), password: "Njia-Mpya-Ya-Siri-7" }),
        "BAD_REQUEST",
      );
    } finally {
      harness.setNow(new Date());
    }
  });
});

describe("sign-in throttling", () => {
  it("delays, then locks, per account and IP, and leaves other IPs alone", async () => {
    const user = await signUpUser(harness);
    const attackerIp = "192.0.2.66";
    const { caller: attacker } = await harness.client({ ip: attackerIp });
    const codes: string[] = [];
    let now = Date.now();
    for (let attempt = 1; attempt <= 10; attempt += 1) {
      // Step past each progressive delay so every attempt is actually evaluated.
      now += 61_000;
      harness.setNow(new Date(now));
      const error = await attacker.auth
        .signIn({ email: user.email, password: `wrong-${attempt}-password` })
        .catch((caught: TRPCError) => caught);
      codes.push((error as TRPCError).code);
    }
    expect(codes.slice(0, 9).every((code) => code === "UNAUTHORIZED")).toBe(true);
    expect(codes[9]).toBe("TOO_MANY_REQUESTS");

    // Locked for this IP, even with the right password…
    const { caller: attackerAgain, headers } = await harness.client({ ip: attackerIp });
    const locked = await expectTRPCError(
      attackerAgain.auth.signIn({ email: user.email, password: TEST_PASSWORD }),
      "TOO_MANY_REQUESTS",
    );
    expect((locked.cause as { reason?: string }).reason).toBe("ACCOUNT_LOCKED");
    expect(Number(headers.get("Retry-After"))).toBeGreaterThan(0);

    // …but the real owner, elsewhere, signs in normally.
    const { caller: owner } = await harness.client({ ip: "198.51.100.200" });
    await expect(owner.auth.signIn({ email: user.email, password: TEST_PASSWORD })).resolves.toBeTruthy();

    // And the lock expires on its own.
    harness.setNow(new Date(now + 16 * 60_000));
    await expect(
      attackerAgain.auth.signIn({ email: user.email, password: TEST_PASSWORD }),
    ).resolves.toBeTruthy();
    harness.setNow(new Date());
  });

  it("makes a caller wait after the free attempts", async () => {
    const user = await signUpUser(harness);
    const { caller, headers } = await harness.client({ ip: "192.0.2.77" });
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      await caller.auth
        .signIn({ email: user.email, password: `wrong-${attempt}-password` })
        .catch(() => undefined);
    }
    const delayed = await expectTRPCError(
      caller.auth.signIn({ email: user.email, password: TEST_PASSWORD }),
      "TOO_MANY_REQUESTS",
    );
    expect((delayed.cause as { reason?: string }).reason).toBe("SIGN_IN_DELAYED");
    expect(Number(headers.get("Retry-After"))).toBeGreaterThanOrEqual(1);
  });
});

describe("rate limits", () => {
  it("answers TOO_MANY_REQUESTS with Retry-After past the anonymous limit", async () => {
    const limited = await createTestHarness({
      rateLimits: {
        ...testApiConfig("").rateLimits,
        authenticatedPerHour: 5,
        anonymousPerHour: 3,
        assistantPerMinute: 1,
      },
    });
    try {
      const { caller, headers } = await limited.client({ ip: "198.51.100.99" });
      for (let call = 0; call < 3; call += 1) {
        await caller.auth.forgotPassword({ email: uniqueEmail() });
      }
      await expectTRPCError(caller.auth.forgotPassword({ email: uniqueEmail() }), "TOO_MANY_REQUESTS");
      expect(Number(headers.get("Retry-After"))).toBeGreaterThan(3000);
      expect(headers.get("X-RateLimit-Remaining")).toBe("0");
      // Another IP has its own budget.
      const { caller: other } = await limited.client({ ip: "198.51.100.98" });
      await expect(other.auth.forgotPassword({ email: uniqueEmail() })).resolves.toEqual({ ok: true });
    } finally {
      await limited.close();
    }
  });
});
