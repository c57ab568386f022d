import { failedLoginAttempts, passwordResetTokens, type Transaction, userProfiles, users } from "@kavi/db";
import {
  DEFAULT_NOTIFICATION_PREFERENCES,
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
import { and, eq, gt, isNull } from "drizzle-orm";
import type { z } from "zod";
import type { Context } from "../context";
import { passwordChangedEmail, passwordResetEmail } from "../email";
import { AppError, describeWait } from "../errors";
import { type Actor, recordActivity } from "./activity";
import { queueEmail } from "./email-outbox";
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
import { clearThrottle, readThrottle, recordThrottledFailure, type ThrottleState } from "./sign-in-throttle";
import { acceptInvitation } from "./team";
import { type AfterCommit, inTransaction } from "./unit-of-work";

export type AuthDeps = Pick<Context, "db" | "redis" | "jobs" | "config" | "logger" | "now" | "request">;

export const PASSWORD_RESET_TTL_MS = 60 * 60 * 1000;
const RESET_REQUESTS_PER_HOUR = 3;

function requestActor(deps: AuthDeps, userId: string | null): Actor {
  return {
    userId,
    businessId: null,
    ip: deps.request.ip,
    userAgent: deps.request.userAgent,
    requestId: deps.request.requestId,
  };
}

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

export async function signUp(
  deps: AuthDeps,
  input: z.output<typeof ZSignUpSchema>,
): Promise<AuthResult & { joinedBusinessId: string | null }> {
  assertStrongPassword(input.password, input);
  const passwordHash = await hashPassword(input.password);
  return inTransaction(deps, async (tx) => {
    const [user] = await tx
      .insert(users)
      .values({ email: input.email, fullName: input.fullName, passwordHash, lastSignInAt: deps.now() })
      .returning({
        id: users.id,
        email: users.email,
        fullName: users.fullName,
        isSuperAdmin: users.isSuperAdmin,
      });
    if (!user) throw new Error("user insert returned nothing");
    await tx
      .insert(userProfiles)
      .values({ userId: user.id, notificationPreferences: DEFAULT_NOTIFICATION_PREFERENCES });
    const actor = requestActor(deps, user.id);
    await recordActivity(tx, actor, {
      action: "account.signed_up",
      entityType: "user",
      entityId: user.id,
      businessId: null,
    });
    const joined = input.invitationToken
      ? await acceptInvitation(tx, { now: deps.now, actor }, { token: input.invitationToken }, user)
      : null;
    const session = await createSession(tx, deps, user.id);
    await recordSessionActivity(tx, actor, "account.signed_in", session.sessionId, { method: "sign_up" });
    const result = await completeAuthentication(deps, user, session);
    return { ...result, joinedBusinessId: joined?.businessId ?? null };
  });
}

function throttledError(state: Exclude<ThrottleState, { status: "open" }>): AppError {
  return state.status === "locked"
    ? new AppError(
        "TOO_MANY_REQUESTS",
        `Too many failed attempts. For your security, signing in from this device is paused for ${describeWait(state.retryAfterSeconds)}. You can reset your password instead.`,
        { reason: "ACCOUNT_LOCKED", retryAfterSeconds: state.retryAfterSeconds },
      )
    : new AppError(
        "TOO_MANY_REQUESTS",
        `Too many failed attempts. Wait ${describeWait(state.retryAfterSeconds)} and try again.`,
        {
          reason: "SIGN_IN_DELAYED",
          retryAfterSeconds: state.retryAfterSeconds,
        },
      );
}

const WRONG_CREDENTIALS = "That email and password do not match. Check them and try again.";

export async function signIn(deps: AuthDeps, input: z.output<typeof ZSignInSchema>): Promise<AuthResult> {
  const now = deps.now();
  const { ip, userAgent } = deps.request;
  const throttle = await readThrottle(deps, input.email, ip, now);
  const [user] = await deps.db
    .select({
      id: users.id,
      email: users.email,
      fullName: users.fullName,
      isSuperAdmin: users.isSuperAdmin,
      passwordHash: users.passwordHash,
    })
    .from(users)
    .where(eq(users.email, input.email))
    .limit(1);

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
    deps.request.setHeader("Retry-After", String(throttle.retryAfterSeconds));
    throw throttledError(throttle);
  }

  const valid = user
    ? await verifyPassword(user.passwordHash, input.password)
    : await verifyAgainstDummy(input.password);
  if (!user || !valid) {
    await recordFailure(user ? "wrong_password" : "unknown_email");
    const after = await recordThrottledFailure(deps, input.email, ip, now);
    if (after.status === "locked") {
      deps.request.setHeader("Retry-After", String(after.retryAfterSeconds));
      throw throttledError(after);
    }
    throw new AppError("UNAUTHORIZED", WRONG_CREDENTIALS, {
      fieldErrors: { password: [WRONG_CREDENTIALS] },
    });
  }

  await clearThrottle(deps, input.email, ip);
  const rehash = needsRehash(user.passwordHash) ? await hashPassword(input.password) : null;
  return inTransaction(deps, async (tx) => {
    await tx
      .update(users)
      .set({ lastSignInAt: now, ...(rehash ? { passwordHash: rehash } : {}) })
      .where(eq(users.id, user.id));
    const session = await createSession(tx, deps, user.id);
    await recordSessionActivity(tx, requestActor(deps, user.id), "account.signed_in", session.sessionId, {
      method: "password",
    });
    const { passwordHash: _omit, ...publicUser } = user;
    return completeAuthentication(deps, publicUser, session);
  });
}

/** Silent refresh: a valid cookie yields a new access token and a rotated cookie. */
export async function refreshSession(deps: AuthDeps): Promise<AuthResult> {
  const token = readRefreshCookie(deps);
  if (!token) throw new AppError("UNAUTHORIZED", "Please sign in to continue", { reason: "SESSION_ENDED" });
  const outcome = await inTransaction(deps, async (tx) => {
    const rotation = await rotateRefreshToken(tx, deps, token);
    if (rotation.status === "reused") {
      await recordSessionActivity(
        tx,
        requestActor(deps, rotation.userId),
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
  return completeAuthentication(deps, user, rotation);
}

export async function signOut(
  deps: AuthDeps,
  current: { userId: string; sessionId: string } | null,
): Promise<void> {
  const token = readRefreshCookie(deps);
  await inTransaction(deps, async (tx) => {
    let sessionId = current?.sessionId ?? null;
    let userId = current?.userId ?? null;
    if (!sessionId && token) {
      const session = await findSessionByRefreshToken(tx, token);
      sessionId = session?.sessionId ?? null;
      userId = session?.userId ?? null;
    }
    if (sessionId && userId) {
      const ended = await endSessions(tx, { userId, sessionId }, "signed_out", deps.now());
      if (ended > 0)
        await recordSessionActivity(tx, requestActor(deps, userId), "account.signed_out", sessionId);
    }
  });
  clearRefreshCookie(deps);
}

export async function signOutEverywhere(deps: AuthDeps, userId: string): Promise<number> {
  const ended = await inTransaction(deps, async (tx) => {
    const count = await endSessions(tx, { userId }, "signed_out_everywhere", deps.now());
    await recordActivity(tx, requestActor(deps, userId), {
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
  await inTransaction(deps, async (tx) => {
    const ended = await endSessions(tx, { userId, sessionId }, "revoked", deps.now());
    if (ended === 0) throw new AppError("NOT_FOUND", "Session not found");
    await recordSessionActivity(tx, requestActor(deps, userId), "account.session_revoked", sessionId);
  });
}

function formatWhen(date: Date): string {
  return new Intl.DateTimeFormat("en-KE", {
    dateStyle: "long",
    timeStyle: "short",
    timeZone: "Africa/Nairobi",
  }).format(date);
}

async function queuePasswordChangedEmail(
  tx: Transaction,
  deps: AuthDeps,
  afterCommit: AfterCommit,
  user: { email: string; fullName: string },
) {
  await queueEmail(tx, afterCommit, {
    template: "account.password_changed",
    to: user.email,
    email: passwordChangedEmail({
      fullName: user.fullName,
      when: formatWhen(deps.now()),
      signInUrl: `${deps.config.appUrl.replace(/\/$/, "")}/forgot-password`,
    }),
  });
}

export async function changePassword(
  deps: AuthDeps,
  current: { userId: string; sessionId: string },
  input: z.output<typeof ZChangePasswordSchema>,
): Promise<void> {
  const [user] = await deps.db.select().from(users).where(eq(users.id, current.userId)).limit(1);
  if (!user) throw new AppError("UNAUTHORIZED", "Please sign in to continue", { reason: "SESSION_ENDED" });
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new AppError("BAD_REQUEST", "That is not your current password", {
      fieldErrors: { currentPassword: ["That is not your current password"] },
    });
  }
  assertStrongPassword(input.newPassword, user, "newPassword");
  const passwordHash = await hashPassword(input.newPassword);
  await inTransaction(deps, async (tx, afterCommit) => {
    await tx.update(users).set({ passwordHash, passwordChangedAt: deps.now() }).where(eq(users.id, user.id));
    const ended = await endSessions(
      tx,
      { userId: user.id, exceptSessionId: current.sessionId },
      "password_changed",
      deps.now(),
    );
    await recordActivity(tx, requestActor(deps, user.id), {
      action: "account.password_changed",
      entityType: "user",
      entityId: user.id,
      businessId: null,
      metadata: { otherSessionsEnded: ended },
    });
    await queuePasswordChangedEmail(tx, deps, afterCommit, user);
  });
}

/**
 * Always answers the same way, whether or not the address has an account, so it cannot be used to find out
 * who uses KAVI. At most a few emails per address per hour.
 */
export async function requestPasswordReset(deps: AuthDeps, email: string): Promise<void> {
  const [user] = await deps.db.select().from(users).where(eq(users.email, email)).limit(1);
  if (!user) {
    deps.logger.info({ event: "password_reset.unknown_email" }, "password reset requested for unknown email");
    return;
  }
  const key = `${deps.config.redisPrefix}:password-reset:${hashToken(email).slice(0, 32)}`;
  const requests = await deps.redis
    .multi()
    .incr(key)
    .expire(key, 3600, "NX")
    .exec()
    .then((replies) => Number(replies?.[0]?.[1] ?? 0))
    .catch(() => 0);
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
    await recordActivity(tx, requestActor(deps, user.id), {
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
    await tx
      .update(users)
      .set({ passwordHash, passwordChangedAt: now })
      .where(eq(users.id, candidate.userId));
    await endSessions(tx, { userId: candidate.userId }, "password_reset", now);
    await recordActivity(tx, requestActor(deps, candidate.userId), {
      action: "account.password_reset",
      entityType: "user",
      entityId: candidate.userId,
      businessId: null,
    });
    await queuePasswordChangedEmail(tx, deps, afterCommit, candidate);
  });
  await clearThrottle(deps, candidate.email, deps.request.ip);
}
