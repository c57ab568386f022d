import {
  apiIdempotencyKeys,
  apiKeyRequests,
  type Database,
  emailVerifications,
  failedLoginAttempts,
  passwordResetTokens,
  refreshTokens,
  sessions,
} from "@kavi/db";
import { and, isNotNull, lt, or } from "drizzle-orm";
import { API_KEY_REQUEST_RETENTION_DAYS } from "./api-key-requests";

/**
 * Keeps the auth tables small: sessions ended or expired over 30 days ago (their refresh tokens cascade),
 * rotated refresh tokens older than the longest session, used or expired reset tokens, failed sign-ins older
 * than 90 days, email verifications completed over 30 days ago (an unfinished one stays: it carries the count
 * of wrong codes), REST Idempotency-Key records past their 24 hours, and calls made with API keys older than 90 days
(API_KEY_REQUEST_RETENTION_DAYS). The activity log keeps the history.
 */
export async function purgeExpiredAuthData(db: Database, now: Date) {
  const day = 86_400_000;
  const monthAgo = new Date(now.getTime() - 30 * day);
  const endedSessions = await db
    .delete(sessions)
    .where(or(lt(sessions.endedAt, monthAgo), lt(sessions.expiresAt, monthAgo)))
    .returning({ id: sessions.id });
  const rotated = await db
    .delete(refreshTokens)
    .where(and(isNotNull(refreshTokens.rotatedAt), lt(refreshTokens.expiresAt, now)))
    .returning({ id: refreshTokens.id });
  const resets = await db
    .delete(passwordResetTokens)
    .where(lt(passwordResetTokens.expiresAt, new Date(now.getTime() - day)))
    .returning({ id: passwordResetTokens.id });
  const failures = await db
    .delete(failedLoginAttempts)
    .where(lt(failedLoginAttempts.createdAt, new Date(now.getTime() - 90 * day)))
    .returning({ id: failedLoginAttempts.id });
  const verifications = await db
    .delete(emailVerifications)
    .where(lt(emailVerifications.verifiedAt, monthAgo))
    .returning({ userId: emailVerifications.userId });
  const idempotencyKeys = await db
    .delete(apiIdempotencyKeys)
    .where(lt(apiIdempotencyKeys.expiresAt, now))
    .returning({ id: apiIdempotencyKeys.id });
  const keyRequests = await db
    .delete(apiKeyRequests)
    .where(lt(apiKeyRequests.createdAt, new Date(now.getTime() - API_KEY_REQUEST_RETENTION_DAYS * day)))
    .returning({ id: apiKeyRequests.id });
  return {
    idempotencyKeys: idempotencyKeys.length,
    apiKeyRequests: keyRequests.length,
    sessions: endedSessions.length,
    emailVerifications: verifications.length,
    refreshTokens: rotated.length,
    resetTokens: resets.length,
    failedSignIns: failures.length,
  };
}
