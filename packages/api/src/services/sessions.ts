import { createHmac } from "node:crypto";
import { type DbOrTx, refreshTokens, sessions } from "@kavi/db";
import { generateToken, hashToken } from "@kavi/security";
import { and, desc, eq, gt, inArray, isNull, ne } from "drizzle-orm";
import { REFRESH_COOKIE, REFRESH_COOKIE_PATH } from "../config";
import type { Context } from "../context";
import { signAccessToken } from "./access-tokens";
import { type Actor, recordActivity } from "./activity";
import { describeDevice } from "./device";
import type { AfterCommit } from "./unit-of-work";

type SessionEndReason = NonNullable<typeof sessions.$inferSelect.endReason>;

export interface AuthenticatedUser {
  id: string;
  email: string;
  fullName: string;
  isSuperAdmin: boolean;
}

export interface AuthResult {
  accessToken: string;
  accessTokenExpiresAt: Date;
  user: AuthenticatedUser;
}

type RequestDeps = Pick<Context, "config" | "request" | "now">;

/** Starts a refresh-token family for a device and returns its first (opaque) token. */
export async function createSession(
  tx: DbOrTx,
  deps: RequestDeps,
  userId: string,
): Promise<{ sessionId: string; refreshToken: string; expiresAt: Date }> {
  const now = deps.now();
  const expiresAt = new Date(now.getTime() + deps.config.auth.refreshTokenTtlDays * 86_400_000);
  const [session] = await tx
    .insert(sessions)
    .values({
      userId,
      ip: deps.request.ip,
      userAgent: deps.request.userAgent?.slice(0, 500) ?? null,
      deviceLabel: describeDevice(deps.request.userAgent),
      lastSeenAt: now,
      expiresAt,
    })
    .returning({ id: sessions.id });
  if (!session) throw new Error("session insert returned nothing");
  const refreshToken = generateToken();
  await tx
    .insert(refreshTokens)
    .values({ sessionId: session.id, tokenHash: hashToken(refreshToken), expiresAt });
  return { sessionId: session.id, refreshToken, expiresAt };
}

export type RotationResult =
  | {
      status: "rotated";
      userId: string;
      sessionId: string;
      refreshToken: string;
      expiresAt: Date;
      /** True when this answered a repeat of a just-rotated token with its successor (a lost response). */
      replayed: boolean;
    }
  | { status: "reused"; userId: string; sessionId: string }
  | { status: "invalid" };

/**
 * The token that follows `token` in its family. It is derived (an HMAC under a key only the server holds)
 * rather than random, so a repeat of a just-rotated token can be answered with the very same successor
 * without the server ever storing a token in the clear.
 */
export function successorToken(jwtSecret: string, token: string): string {
  const key = createHmac("sha256", jwtSecret).update("kavi:refresh-token-successor:v1").digest();
  return createHmac("sha256", key).update(token).digest("base64url");
}

/** When sessions unused since then have gone idle. */
export function idleSince(deps: Pick<RequestDeps, "config" | "now">): Date {
  return new Date(deps.now().getTime() - deps.config.auth.sessionIdleTimeoutSeconds * 1000);
}

/**
 * Exchanges a refresh token for its successor. The old token is marked rotated, never deleted: if it is
 * presented again someone holds a copy, so the whole family (the device's session) is ended. One exception:
 * within `refreshReuseGraceSeconds` of its rotation, while its successor is still unused, a repeat is taken
 * for a response lost on the way (a phone dropping off the network) and answered with that same successor.
 * Both holders then hold one token, and whichever uses it second still ends the family. A session unused
 * for longer than the idle timeout is ended instead of refreshed.
 */
export async function rotateRefreshToken(
  tx: DbOrTx,
  afterCommit: AfterCommit,
  deps: RequestDeps,
  token: string,
): Promise<RotationResult> {
  const now = deps.now();
  const [row] = await tx
    .select({
      tokenId: refreshTokens.id,
      rotatedAt: refreshTokens.rotatedAt,
      tokenExpiresAt: refreshTokens.expiresAt,
      sessionId: sessions.id,
      userId: sessions.userId,
      endedAt: sessions.endedAt,
      sessionExpiresAt: sessions.expiresAt,
      lastSeenAt: sessions.lastSeenAt,
    })
    .from(refreshTokens)
    .innerJoin(sessions, eq(sessions.id, refreshTokens.sessionId))
    .where(eq(refreshTokens.tokenHash, hashToken(token)))
    .limit(1)
    .for("update", { of: refreshTokens });
  if (!row) return { status: "invalid" };
  if (row.endedAt || row.sessionExpiresAt <= now || row.tokenExpiresAt <= now) return { status: "invalid" };
  if (row.lastSeenAt <= idleSince(deps)) {
    await endSessions(tx, afterCommit, { sessionIds: [row.sessionId] }, "idle_timeout", now);
    return { status: "invalid" };
  }
  const successor = successorToken(deps.config.auth.jwtSecret, token);
  const touchSession = () =>
    tx
      .update(sessions)
      .set({
        lastSeenAt: now,
        ip: deps.request.ip,
        userAgent: deps.request.userAgent?.slice(0, 500) ?? null,
        deviceLabel: describeDevice(deps.request.userAgent),
      })
      .where(eq(sessions.id, row.sessionId));
  const rotated = (replayed: boolean): RotationResult => ({
    status: "rotated",
    userId: row.userId,
    sessionId: row.sessionId,
    refreshToken: successor,
    expiresAt: row.sessionExpiresAt,
    replayed,
  });
  if (row.rotatedAt) {
    const graceEnds = row.rotatedAt.getTime() + deps.config.auth.refreshReuseGraceSeconds * 1000;
    if (now.getTime() < graceEnds) {
      const [next] = await tx
        .select({ id: refreshTokens.id })
        .from(refreshTokens)
        .where(
          and(
            eq(refreshTokens.tokenHash, hashToken(successor)),
            eq(refreshTokens.sessionId, row.sessionId),
            isNull(refreshTokens.rotatedAt),
          ),
        )
        .limit(1)
        .for("update");
      if (next) {
        await touchSession();
        return rotated(true);
      }
    }
    await endSessions(tx, afterCommit, { sessionIds: [row.sessionId] }, "token_reuse_detected", now);
    return { status: "reused", userId: row.userId, sessionId: row.sessionId };
  }
  await tx.update(refreshTokens).set({ rotatedAt: now }).where(eq(refreshTokens.id, row.tokenId));
  await tx.insert(refreshTokens).values({
    sessionId: row.sessionId,
    tokenHash: hashToken(successor),
    expiresAt: row.sessionExpiresAt,
  });
  await touchSession();
  return rotated(false);
}

/** The live session a refresh token belongs to, without rotating it (signing out must not rotate). */
export async function findSessionByRefreshToken(tx: DbOrTx, token: string) {
  const [row] = await tx
    .select({ sessionId: sessions.id, userId: sessions.userId })
    .from(refreshTokens)
    .innerJoin(sessions, eq(sessions.id, refreshTokens.sessionId))
    .where(and(eq(refreshTokens.tokenHash, hashToken(token)), isNull(sessions.endedAt)))
    .limit(1);
  return row ?? null;
}

type SessionSelector =
  | { sessionIds: string[] }
  | { userId: string; exceptSessionId?: string }
  | { userId: string; sessionId: string };

export async function endSessions(
  tx: DbOrTx,
  afterCommit: AfterCommit,
  selector: SessionSelector,
  reason: SessionEndReason,
  now: Date,
): Promise<number> {
  const where =
    "sessionIds" in selector
      ? inArray(sessions.id, selector.sessionIds)
      : "sessionId" in selector
        ? and(eq(sessions.userId, selector.userId), eq(sessions.id, selector.sessionId))
        : selector.exceptSessionId
          ? and(eq(sessions.userId, selector.userId), ne(sessions.id, selector.exceptSessionId))
          : eq(sessions.userId, selector.userId);
  const ended = await tx
    .update(sessions)
    .set({ endedAt: now, endReason: reason })
    .where(and(where, isNull(sessions.endedAt)))
    .returning({ id: sessions.id });
  if (ended.length > 0) afterCommit.forgetCallers({ sessionIds: ended.map((row) => row.id) });
  return ended.length;
}

export async function listActiveSessions(tx: DbOrTx, userId: string, now: Date, idleAfter: Date) {
  return tx
    .select({
      id: sessions.id,
      deviceLabel: sessions.deviceLabel,
      userAgent: sessions.userAgent,
      ip: sessions.ip,
      lastSeenAt: sessions.lastSeenAt,
      createdAt: sessions.createdAt,
      expiresAt: sessions.expiresAt,
    })
    .from(sessions)
    .where(
      and(
        eq(sessions.userId, userId),
        isNull(sessions.endedAt),
        gt(sessions.expiresAt, now),
        gt(sessions.lastSeenAt, idleAfter),
      ),
    )
    .orderBy(desc(sessions.lastSeenAt));
}

export function setRefreshCookie(deps: RequestDeps, token: string, expiresAt: Date): void {
  deps.request.cookies.set(REFRESH_COOKIE, token, {
    httpOnly: true,
    secure: deps.config.auth.cookieSecure,
    sameSite: "strict",
    path: REFRESH_COOKIE_PATH,
    maxAgeSeconds: Math.max(0, Math.floor((expiresAt.getTime() - deps.now().getTime()) / 1000)),
  });
}

export function clearRefreshCookie(deps: RequestDeps): void {
  deps.request.cookies.clear(REFRESH_COOKIE, {
    httpOnly: true,
    secure: deps.config.auth.cookieSecure,
    sameSite: "strict",
    path: REFRESH_COOKIE_PATH,
  });
}

export function readRefreshCookie(deps: RequestDeps): string | null {
  const value = deps.request.cookies.get(REFRESH_COOKIE);
  return value && value.length >= 20 && value.length <= 200 ? value : null;
}

/** Mints the short-lived access token and sets the refresh cookie: the response of every sign-in path. */
export async function completeAuthentication(
  deps: RequestDeps,
  user: AuthenticatedUser,
  session: { sessionId: string; refreshToken: string; expiresAt: Date },
): Promise<AuthResult> {
  const access = await signAccessToken(
    deps.config.auth,
    { userId: user.id, sessionId: session.sessionId },
    deps.now(),
  );
  setRefreshCookie(deps, session.refreshToken, session.expiresAt);
  return { accessToken: access.token, accessTokenExpiresAt: access.expiresAt, user };
}

export async function recordSessionActivity(
  tx: DbOrTx,
  actor: Actor,
  action: string,
  sessionId: string,
  metadata?: Record<string, unknown>,
): Promise<void> {
  await recordActivity(tx, actor, {
    action,
    entityType: "session",
    entityId: sessionId,
    businessId: null,
    metadata,
  });
}
