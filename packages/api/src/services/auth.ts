import {
  type DbOrTx,
  failedLoginAttempts,
  passwordResetTokens,
  sessions,
  type Transaction,
  userProfiles,
  users,
} from "@kavi/db";
import {
  DEFAULT_NOTIFICATION_PREFERENCES,
  toLanguage,
  wantsNotification,
  type ZChangePasswordSchema,
  type ZSignInSchema,
  type ZSignUpSchema,
} from "@kavi/domain";
import {
  generateToken,
  hashPassword,
  hashToken,
  needsRehash,
  verifyAgainstDummy,
  verifyPassword,
} from "@kavi/security";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Context } from "../context";
import { newSignInEmail, passwordChangedEmail, passwordResetEmail, signUpAttemptEmail } from "../email";
import { AppError, describeWait } from "../errors";
import { accountActor, recordActivity } from "./activity";
import { describeDevice } from "./device";
import { queueEmail } from "./email-outbox";
import { confirmSignUpCode, invalidCode, issueEmailVerification, takeSendSlot } from "./email-verification";
import { checkPasswordStrength } from "./password-policy";
import {
  type AuthResult,
  clearRefreshCookie,
  completeAuthentication,
  createSession,
  endSessions,
  findSessionByRefreshToken,
  readRefreshCookie,
  recordSessionActivity,
  rotateRefreshToken,
} from "./sessions";
import {
  clearAddressThrottle,
  readThrottle,
  recordThrottledFailure,
  type ThrottleState,
  type ThrottleSubject,
} from "./sign-in-throttle";
import { acceptInvitation } from "./team";
import { type AfterCommit, inTransaction } from "./unit-of-work";
import { formatMomentFor, languageOfUser } from "./user-language";

export type AuthDeps = Pick<Context, "db" | "redis" | "jobs" | "config" | "logger" | "now" | "request">;

export const PASSWORD_RESET_TTL_MS = 60 * 60 * 1000;
const RESET_REQUESTS_PER_HOUR = 3;

function assertStrongPassword(
  password: string,
  context: { email?: string; fullName?: string },
  field = "password",
) {
  const problem = checkPasswordStrength(password, context);
  if (problem) {
    throw new AppError("BAD_REQUEST", problem.message, {
      fieldErrors: { [field]: [problem.message] },
      reason: "COMMON_PASSWORD",
    });
  }
}

export type SignUpResult =
  /** Always the answer for a new address, and for one that already has an account: "check your email". */
  | { status: "verify_email"; email: string; ticket: string }
  /** Only through an invitation link, which proves the address: signed in and a member at once. */
  | (AuthResult & { status: "signed_in"; joinedBusinessId: string });

const SIGN_UP_NOTICES_PER_HOUR = 3;

/** May the owner of an existing account be told about another sign-up attempt? At most a few an hour. */
async function takeSignUpNotice(deps: AuthDeps, email: string): Promise<boolean> {
  const key = `${deps.config.redisPrefix}:signup-notice:${hashToken(email).slice(0, 32)}`;
  try {
    const replies = await deps.redis.multi().incr(key).expire(key, 3600, "NX").exec();
    return Number(replies?.[0]?.[1] ?? Number.POSITIVE_INFINITY) <= SIGN_UP_NOTICES_PER_HOUR;
  } catch {
    return false;
  }
}

/** Someone signed up with an address that has an account: tell its owner (not the person signing up). */
async function noticeExistingAccount(
  tx: DbOrTx,
  deps: AuthDeps,
  afterCommit: AfterCommit,
  email: string,
  mayNotify: boolean,
): Promise<void> {
  const [existing] = await tx
    .select({ id: users.id, email: users.email, fullName: users.fullName, language: userProfiles.language })
    .from(users)
    .leftJoin(userProfiles, eq(userProfiles.userId, users.id))
    .where(eq(users.email, email))
    .limit(1);
  if (!existing) return;
  await recordActivity(tx, accountActor(deps.request, null), {
    action: "account.sign_up_attempted",
    entityType: "user",
    entityId: existing.id,
    businessId: null,
    metadata: { notified: mayNotify },
  });
  if (!mayNotify) return;
  const appUrl = deps.config.appUrl.replace(/\/$/, "");
  await queueEmail(tx, afterCommit, {
    template: "account.sign_up_attempt",
    to: existing.email,
    email: signUpAttemptEmail({
      fullName: existing.fullName,
      signInUrl: `${appUrl}/sign-in?email=${encodeURIComponent(existing.email)}`,
      resetUrl: `${appUrl}/forgot-password`,
      language: toLanguage(existing.language),
    }),
  });
}

/**
 * Creates an account, and answers "check your email" whether or not the address already had one, so
 * sign-up cannot be used to learn who uses KAVI: both paths hash the password, touch Redis once and write
 * one transaction, and the email goes to the address, never to the person asking. A new account must
 * verify its address (link, or code with the returned ticket) before it can reach other people; the owner
 * of an existing one is told someone tried. Through an invitation link, which proves the address, the
 * account is verified, joins the business and is signed in at once.
 */
export async function signUp(deps: AuthDeps, input: z.output<typeof ZSignUpSchema>): Promise<SignUpResult> {
  assertStrongPassword(input.password, input);
  const passwordHash = await hashPassword(input.password);
  const ticket = generateToken();
  const mayNotify = await takeSignUpNotice(deps, input.email);
  const outcome = await inTransaction(deps, async (tx, afterCommit) => {
    const [user] = await tx
      .insert(users)
      .values({ email: input.email, fullName: input.fullName, passwordHash, lastSignInAt: deps.now() })
      .onConflictDoNothing({ target: users.email })
      .returning({
        id: users.id,
        email: users.email,
        fullName: users.fullName,
        isSuperAdmin: users.isSuperAdmin,
      });
    if (!user) {
      await noticeExistingAccount(tx, deps, afterCommit, input.email, mayNotify);
      return null;
    }
    await tx.insert(userProfiles).values({
      userId: user.id,
      notificationPreferences: DEFAULT_NOTIFICATION_PREFERENCES,
      language: input.language ?? "en",
    });
    const actor = accountActor(deps.request, user.id);
    await recordActivity(tx, actor, {
      action: "account.signed_up",
      entityType: "user",
      entityId: user.id,
      businessId: null,
    });
    if (!input.invitationToken) {
      await issueEmailVerification(tx, deps, afterCommit, user, { signUpTicketHash: hashToken(ticket) });
      return null;
    }
    // Accepting checks the token and that it was sent to this very address, and marks the address verified.
    const joined = await acceptInvitation(
      tx,
      { now: deps.now, actor },
      { token: input.invitationToken },
      user,
      afterCommit,
    );
    const session = await createSession(tx, deps, user.id);
    await recordSessionActivity(tx, actor, "account.signed_in", session.sessionId, { method: "invitation" });
    return { user, session, businessId: joined.businessId };
  });
  // The ticket's first email counts against its resend cooldown, like any other.
  await takeSendSlot(deps, `ticket:${hashToken(ticket).slice(0, 32)}`).catch(() => undefined);
  if (!outcome) return { status: "verify_email", email: input.email, ticket };
  const auth = await completeAuthentication(deps, outcome.user, outcome.session);
  return { status: "signed_in", ...auth, joinedBusinessId: outcome.businessId };
}

/** The browser that signed up finishes with the emailed code: the address is verified and it is signed in. */
export async function confirmSignUp(
  deps: AuthDeps,
  input: { ticket: string; code: string },
): Promise<AuthResult> {
  const outcome = await inTransaction(deps, async (tx, afterCommit) => {
    const check = await confirmSignUpCode(tx, afterCommit, deps, input.ticket, input.code);
    if (check.outcome !== "verified") return null;
    await tx.update(users).set({ lastSignInAt: deps.now() }).where(eq(users.id, check.user.id));
    const session = await createSession(tx, deps, check.user.id);
    await recordSessionActivity(
      tx,
      accountActor(deps.request, check.user.id),
      "account.signed_in",
      session.sessionId,
      {
        method: "email_code",
      },
    );
    return { user: check.user, session };
  });
  // A wrong code is counted (committed above) before it is refused.
  if (!outcome) throw invalidCode();
  return completeAuthentication(deps, outcome.user, outcome.session);
}

type PasswordAction = "signing in" | "changing your password";

function throttledError(state: Exclude<ThrottleState, { status: "open" }>, action: PasswordAction): AppError {
  if (state.status === "locked") {
    return new AppError(
      "TOO_MANY_REQUESTS",
      `Too many failed attempts. For your security, ${action} from this device is paused for ${describeWait(state.retryAfterSeconds)}. You can reset your password instead.`,
      { reason: "ACCOUNT_LOCKED", retryAfterSeconds: state.retryAfterSeconds },
    );
  }
  return new AppError(
    "TOO_MANY_REQUESTS",
    state.scope === "account"
      ? `This account has had many failed sign-in attempts, so new devices must wait between tries. Wait ${describeWait(state.retryAfterSeconds)} and try again, or reset your password.`
      : `Too many failed attempts. Wait ${describeWait(state.retryAfterSeconds)} and try again.`,
    { reason: "SIGN_IN_DELAYED", retryAfterSeconds: state.retryAfterSeconds },
  );
}

function refuseThrottled(
  deps: AuthDeps,
  state: Exclude<ThrottleState, { status: "open" }>,
  action: PasswordAction = "signing in",
): never {
  deps.request.setHeader("Retry-After", String(state.retryAfterSeconds));
  throw throttledError(state, action);
}

const WRONG_CREDENTIALS = "That email and password do not match. Check them and try again.";

export async function signIn(deps: AuthDeps, input: z.output<typeof ZSignInSchema>): Promise<AuthResult> {
  const now = deps.now();
  const { ip, userAgent } = deps.request;
  const [user] = await deps.db
    .select({
      id: users.id,
      email: users.email,
      fullName: users.fullName,
      isSuperAdmin: users.isSuperAdmin,
      passwordHash: users.passwordHash,
      passwordChangedAt: users.passwordChangedAt,
    })
    .from(users)
    .where(eq(users.email, input.email))
    .limit(1);
  const subject: ThrottleSubject = {
    email: input.email,
    userId: user?.id ?? null,
    passwordChangedAt: user?.passwordChangedAt ?? null,
    ip,
  };
  const throttle = await readThrottle(deps, subject, now);

  const recordFailure = async (reason: "wrong_password" | "unknown_email" | "locked") => {
    await deps.db.insert(failedLoginAttempts).values({
      email: input.email,
      userId: user?.id ?? null,
      ip,
      userAgent: userAgent?.slice(0, 500) ?? null,
      reason,
    });
  };

  if (throttle.status !== "open") {
    await recordFailure("locked");
    refuseThrottled(deps, throttle);
  }

  const valid = user
    ? await verifyPassword(user.passwordHash, input.password)
    : await verifyAgainstDummy(input.password);
  if (!user || !valid) {
    await recordFailure(user ? "wrong_password" : "unknown_email");
    const after = await recordThrottledFailure(deps, subject, now);
    if (after.status === "locked") refuseThrottled(deps, after);
    throw new AppError("UNAUTHORIZED", WRONG_CREDENTIALS, {
      fieldErrors: { password: [WRONG_CREDENTIALS] },
    });
  }

  await clearAddressThrottle(deps, subject);
  const rehash = needsRehash(user.passwordHash) ? await hashPassword(input.password) : null;
  return inTransaction(deps, async (tx, afterCommit) => {
    await tx
      .update(users)
      .set({ lastSignInAt: now, ...(rehash ? { passwordHash: rehash } : {}) })
      .where(eq(users.id, user.id));
    await alertOnNewDevice(tx, deps, afterCommit, {
      userId: user.id,
      email: user.email,
      fullName: user.fullName,
    });
    const session = await createSession(tx, deps, user.id);
    await recordSessionActivity(
      tx,
      accountActor(deps.request, user.id),
      "account.signed_in",
      session.sessionId,
      {
        method: "password",
      },
    );
    const { passwordHash: _omit, passwordChangedAt: _changed, ...publicUser } = user;
    return completeAuthentication(deps, publicUser, session);
  });
}

/** Silent refresh: a valid cookie yields a new access token and a rotated cookie. */
export async function refreshSession(deps: AuthDeps): Promise<AuthResult> {
  const token = readRefreshCookie(deps);
  if (!token) throw new AppError("UNAUTHORIZED", "Please sign in to continue", { reason: "SESSION_ENDED" });
  const outcome = await inTransaction(deps, async (tx, afterCommit) => {
    const rotation = await rotateRefreshToken(tx, afterCommit, deps, token);
    if (rotation.status === "reused") {
      await recordSessionActivity(
        tx,
        accountActor(deps.request, rotation.userId),
        "account.token_reuse_detected",
        rotation.sessionId,
      );
      return { rotation, user: null };
    }
    if (rotation.status === "invalid") return { rotation, user: null };
    const [user] = await tx
      .select({
        id: users.id,
        email: users.email,
        fullName: users.fullName,
        isSuperAdmin: users.isSuperAdmin,
      })
      .from(users)
      .where(eq(users.id, rotation.userId));
    return { rotation, user: user ?? null };
  });
  const { rotation, user } = outcome;
  if (rotation.status !== "rotated" || !user) {
    clearRefreshCookie(deps);
    if (rotation.status === "reused") {
      deps.logger.warn(
        { sessionId: rotation.sessionId, userId: rotation.userId },
        "refresh token reuse: session revoked",
      );
    }
    throw new AppError("UNAUTHORIZED", "Your session has ended. Please sign in again.", {
      reason: "SESSION_ENDED",
    });
  }
  if (rotation.replayed) {
    deps.logger.info({ sessionId: rotation.sessionId }, "refresh repeated within the grace: same successor");
  }
  return completeAuthentication(deps, user, rotation);
}

export async function signOut(
  deps: AuthDeps,
  current: { userId: string; sessionId: string } | null,
): Promise<void> {
  const token = readRefreshCookie(deps);
  await inTransaction(deps, async (tx, afterCommit) => {
    let sessionId = current?.sessionId ?? null;
    let userId = current?.userId ?? null;
    if (!sessionId && token) {
      const session = await findSessionByRefreshToken(tx, token);
      sessionId = session?.sessionId ?? null;
      userId = session?.userId ?? null;
    }
    if (sessionId && userId) {
      const ended = await endSessions(tx, afterCommit, { userId, sessionId }, "signed_out", deps.now());
      if (ended > 0)
        await recordSessionActivity(tx, accountActor(deps.request, userId), "account.signed_out", sessionId);
    }
  });
  clearRefreshCookie(deps);
}

export async function signOutEverywhere(deps: AuthDeps, userId: string): Promise<number> {
  const ended = await inTransaction(deps, async (tx, afterCommit) => {
    const count = await endSessions(tx, afterCommit, { userId }, "signed_out_everywhere", deps.now());
    await recordActivity(tx, accountActor(deps.request, userId), {
      action: "account.signed_out_everywhere",
      entityType: "user",
      entityId: userId,
      businessId: null,
      metadata: { sessions: count },
    });
    return count;
  });
  clearRefreshCookie(deps);
  return ended;
}

export async function revokeSession(deps: AuthDeps, userId: string, sessionId: string): Promise<void> {
  await inTransaction(deps, async (tx, afterCommit) => {
    const ended = await endSessions(tx, afterCommit, { userId, sessionId }, "revoked", deps.now());
    if (ended === 0) throw new AppError("NOT_FOUND", "Session not found");
    await recordSessionActivity(tx, accountActor(deps.request, userId), "account.session_revoked", sessionId);
  });
}

/**
 * "A new sign-in" email when an account that has signed in before is signed in to from a device label it has never
 * used ("Chrome on Android"), unless the person turned security alerts off. The first sign-in ever sends nothing.
 */
async function alertOnNewDevice(
  tx: Transaction,
  deps: AuthDeps,
  afterCommit: AfterCommit,
  user: { userId: string; email: string; fullName: string },
) {
  const device = describeDevice(deps.request.userAgent);
  const earlier = await tx
    .select({ deviceLabel: sessions.deviceLabel })
    .from(sessions)
    .where(eq(sessions.userId, user.userId));
  if (earlier.length === 0 || earlier.some((session) => session.deviceLabel === device)) return;
  const [profile] = await tx
    .select({ preferences: userProfiles.notificationPreferences })
    .from(userProfiles)
    .where(eq(userProfiles.userId, user.userId));
  if (!wantsNotification(profile?.preferences, "email", "account.new_sign_in")) return;
  const language = await languageOfUser(tx, user.userId);
  await queueEmail(tx, afterCommit, {
    template: "account.new_sign_in",
    to: user.email,
    email: newSignInEmail({
      fullName: user.fullName,
      device,
      when: formatMomentFor(deps.now(), language),
      ip: deps.request.ip ?? "unknown",
      resetUrl: `${deps.config.appUrl.replace(/\/$/, "")}/forgot-password`,
      language,
    }),
  });
}

async function queuePasswordChangedEmail(
  tx: Transaction,
  deps: AuthDeps,
  afterCommit: AfterCommit,
  user: { userId: string; email: string; fullName: string },
) {
  const language = await languageOfUser(tx, user.userId);
  await queueEmail(tx, afterCommit, {
    template: "account.password_changed",
    to: user.email,
    email: passwordChangedEmail({
      fullName: user.fullName,
      when: formatMomentFor(deps.now(), language),
      signInUrl: `${deps.config.appUrl.replace(/\/$/, "")}/forgot-password`,
      language,
    }),
  });
}

/**
 * Needs the current password, and a wrong one counts as a guess against the same throttle as signing in: a
 * stolen session cannot be used to try passwords faster than the sign-in page allows.
 */
export async function changePassword(
  deps: AuthDeps,
  current: { userId: string; sessionId: string },
  input: z.output<typeof ZChangePasswordSchema>,
): Promise<void> {
  const now = deps.now();
  const [user] = await deps.db.select().from(users).where(eq(users.id, current.userId)).limit(1);
  if (!user) throw new AppError("UNAUTHORIZED", "Please sign in to continue", { reason: "SESSION_ENDED" });
  const subject: ThrottleSubject = {
    email: user.email,
    userId: user.id,
    passwordChangedAt: user.passwordChangedAt,
    ip: deps.request.ip,
  };
  const throttle = await readThrottle(deps, subject, now);
  if (throttle.status !== "open") refuseThrottled(deps, throttle, "changing your password");
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    await deps.db.insert(failedLoginAttempts).values({
      email: user.email,
      userId: user.id,
      ip: deps.request.ip,
      userAgent: deps.request.userAgent?.slice(0, 500) ?? null,
      reason: "wrong_current_password",
    });
    const after = await recordThrottledFailure(deps, subject, now);
    if (after.status === "locked") refuseThrottled(deps, after, "changing your password");
    throw new AppError("BAD_REQUEST", "That is not your current password", {
      fieldErrors: { currentPassword: ["That is not your current password"] },
    });
  }
  assertStrongPassword(input.newPassword, user, "newPassword");
  const passwordHash = await hashPassword(input.newPassword);
  await inTransaction(deps, async (tx, afterCommit) => {
    await tx.update(users).set({ passwordHash, passwordChangedAt: now }).where(eq(users.id, user.id));
    const ended = await endSessions(
      tx,
      afterCommit,
      { userId: user.id, exceptSessionId: current.sessionId },
      "password_changed",
      now,
    );
    await recordActivity(tx, accountActor(deps.request, user.id), {
      action: "account.password_changed",
      entityType: "user",
      entityId: user.id,
      businessId: null,
      metadata: { otherSessionsEnded: ended },
    });
    await queuePasswordChangedEmail(tx, deps, afterCommit, { ...user, userId: user.id });
  });
}

/**
 * Always answers the same way, whether or not the address has an account, so it cannot be used to find out
 * who uses KAVI. At most a few emails per address per hour.
 */
export async function requestPasswordReset(deps: AuthDeps, email: string): Promise<void> {
  // Counted before the lookup, for known and unknown addresses alike, so both take the same path.
  const key = `${deps.config.redisPrefix}:password-reset:${hashToken(email).slice(0, 32)}`;
  const requests = await deps.redis
    .multi()
    .incr(key)
    .expire(key, 3600, "NX")
    .exec()
    .then((replies) => Number(replies?.[0]?.[1] ?? 0))
    .catch(() => 0);
  const [user] = await deps.db.select().from(users).where(eq(users.email, email)).limit(1);
  if (!user) {
    deps.logger.info({ event: "password_reset.unknown_email" }, "password reset requested for unknown email");
    return;
  }
  if (requests > RESET_REQUESTS_PER_HOUR) {
    deps.logger.warn({ userId: user.id }, "password reset throttled");
    return;
  }
  const token = generateToken();
  await inTransaction(deps, async (tx, afterCommit) => {
    await tx.insert(passwordResetTokens).values({
      userId: user.id,
      tokenHash: hashToken(token),
      expiresAt: new Date(deps.now().getTime() + PASSWORD_RESET_TTL_MS),
      requestedIp: deps.request.ip,
    });
    await recordActivity(tx, accountActor(deps.request, user.id), {
      action: "account.password_reset_requested",
      entityType: "user",
      entityId: user.id,
      businessId: null,
    });
    await queueEmail(tx, afterCommit, {
      template: "account.password_reset",
      to: user.email,
      sensitive: true,
      email: passwordResetEmail({
        fullName: user.fullName,
        resetUrl: `${deps.config.appUrl.replace(/\/$/, "")}/reset-password/${token}`,
        language: await languageOfUser(tx, user.id),
      }),
    });
  });
}

const INVALID_RESET_LINK = "This reset link is invalid or has expired. Request a new one.";

export async function resetPassword(deps: AuthDeps, token: string, password: string): Promise<void> {
  const now = deps.now();
  const [candidate] = await deps.db
    .select({ userId: passwordResetTokens.userId, email: users.email, fullName: users.fullName })
    .from(passwordResetTokens)
    .innerJoin(users, eq(users.id, passwordResetTokens.userId))
    .where(
      and(
        eq(passwordResetTokens.tokenHash, hashToken(token)),
        isNull(passwordResetTokens.usedAt),
        gt(passwordResetTokens.expiresAt, now),
      ),
    )
    .limit(1);
  if (!candidate) {
    throw new AppError("BAD_REQUEST", INVALID_RESET_LINK, { fieldErrors: { token: [INVALID_RESET_LINK] } });
  }
  assertStrongPassword(password, candidate);
  const passwordHash = await hashPassword(password);
  await inTransaction(deps, async (tx, afterCommit) => {
    // Claim the token inside the transaction: of two concurrent resets with one link, only one wins.
    const claimed = await tx
      .update(passwordResetTokens)
      .set({ usedAt: now })
      .where(and(eq(passwordResetTokens.tokenHash, hashToken(token)), isNull(passwordResetTokens.usedAt)))
      .returning({ id: passwordResetTokens.id });
    if (claimed.length === 0) {
      throw new AppError("BAD_REQUEST", INVALID_RESET_LINK, { fieldErrors: { token: [INVALID_RESET_LINK] } });
    }
    // Any other outstanding links for this account stop working too.
    await tx
      .update(passwordResetTokens)
      .set({ usedAt: now })
      .where(and(eq(passwordResetTokens.userId, candidate.userId), isNull(passwordResetTokens.usedAt)));
    // The emailed link proves the address, so a reset also verifies it. The new passwordChangedAt starts a
    // fresh sign-in count, which lifts any lock or slow-down on the account.
    await tx
      .update(users)
      .set({
        passwordHash,
        passwordChangedAt: now,
        emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, ${now})`,
      })
      .where(eq(users.id, candidate.userId));
    await endSessions(tx, afterCommit, { userId: candidate.userId }, "password_reset", now);
    // The reset also verifies the address: cached callers say otherwise until forgotten.
    afterCommit.forgetCallers({ userId: candidate.userId });
    await recordActivity(tx, accountActor(deps.request, candidate.userId), {
      action: "account.password_reset",
      entityType: "user",
      entityId: candidate.userId,
      businessId: null,
    });
    await queuePasswordChangedEmail(tx, deps, afterCommit, candidate);
  });
}
