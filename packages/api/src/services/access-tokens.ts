import { hashToken } from "@kavi/security";
import { errors, jwtVerify, SignJWT } from "jose";
import type { ApiConfig } from "../config";

export interface AccessClaims {
  userId: string;
  sessionId: string;
  expiresAt: Date;
}

const ALGORITHM = "HS256";
/** RFC 9068 type, so an access token can never be confused with another JWT we might sign later. */
const TOKEN_TYPE = "at+jwt";

const keyCache = new WeakMap<ApiConfig["auth"], Uint8Array>();
function signingKey(auth: ApiConfig["auth"]): Uint8Array {
  let key = keyCache.get(auth);
  if (!key) {
    key = new TextEncoder().encode(auth.jwtSecret);
    keyCache.set(auth, key);
  }
  return key;
}

export async function signAccessToken(
  auth: ApiConfig["auth"],
  claims: { userId: string; sessionId: string },
  now: Date,
): Promise<{ token: string; expiresAt: Date }> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  const expiresAtSeconds = issuedAt + auth.accessTokenTtlSeconds;
  const token = await new SignJWT({ sid: claims.sessionId })
    .setProtectedHeader({ alg: ALGORITHM, typ: TOKEN_TYPE })
    .setSubject(claims.userId)
    .setIssuer(auth.issuer)
    .setAudience(auth.audience)
    .setIssuedAt(issuedAt)
    .setExpirationTime(expiresAtSeconds)
    .sign(signingKey(auth));
  return { token, expiresAt: new Date(expiresAtSeconds * 1000) };
}

export type AccessTokenResult =
  | { ok: true; claims: AccessClaims }
  | { ok: false; reason: "expired" | "invalid" };

/**
 * A browser sends the same access token for up to 15 minutes, so a verified token is remembered (by the SHA-256
 * of its exact bytes, per signing configuration) until it expires: the HMAC is checked once, not on every
 * request. Keyed by hash, a lookup never compares a presented token with a stored one character by character.
 * Only successful verifications are kept, and the session behind the token is still checked on every request.
 */
const VERIFIED_CACHE_LIMIT = 10_000;
const verifiedTokens = new WeakMap<ApiConfig["auth"], Map<string, AccessClaims>>();

function rememberVerified(auth: ApiConfig["auth"], tokenHash: string, claims: AccessClaims) {
  let cache = verifiedTokens.get(auth);
  if (!cache) {
    cache = new Map();
    verifiedTokens.set(auth, cache);
  }
  if (cache.size >= VERIFIED_CACHE_LIMIT) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(tokenHash, claims);
}

export async function verifyAccessToken(
  auth: ApiConfig["auth"],
  token: string,
  now: Date,
): Promise<AccessTokenResult> {
  const key = hashToken(token);
  const cached = verifiedTokens.get(auth)?.get(key);
  if (cached) {
    if (cached.expiresAt > now) return { ok: true, claims: cached };
    verifiedTokens.get(auth)?.delete(key);
    return { ok: false, reason: "expired" };
  }
  try {
    const { payload } = await jwtVerify(token, signingKey(auth), {
      algorithms: [ALGORITHM],
      issuer: auth.issuer,
      audience: auth.audience,
      typ: TOKEN_TYPE,
      currentDate: now,
      requiredClaims: ["sub", "exp", "iat"],
    });
    const sessionId = payload.sid;
    if (typeof payload.sub !== "string" || typeof sessionId !== "string" || typeof payload.exp !== "number") {
      return { ok: false, reason: "invalid" };
    }
    const claims = { userId: payload.sub, sessionId, expiresAt: new Date(payload.exp * 1000) };
    rememberVerified(auth, key, claims);
    return { ok: true, claims };
  } catch (error) {
    return { ok: false, reason: error instanceof errors.JWTExpired ? "expired" : "invalid" };
  }
}

const DASHBOARD_TOKEN_TYPE = "kavi-dashboard+jwt";

/** A short-lived token for the queue dashboard, carried in a cookie scoped to /admin/queues. */
export async function signDashboardToken(
  auth: ApiConfig["auth"],
  userId: string,
  now: Date,
  ttlSeconds = 900,
) {
  const issuedAt = Math.floor(now.getTime() / 1000);
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: ALGORITHM, typ: DASHBOARD_TOKEN_TYPE })
    .setSubject(userId)
    .setIssuer(auth.issuer)
    .setAudience(`${auth.audience}:dashboard`)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + ttlSeconds)
    .sign(signingKey(auth));
  return { token, maxAgeSeconds: ttlSeconds };
}

export async function verifyDashboardToken(
  auth: ApiConfig["auth"],
  token: string,
  now: Date,
): Promise<string | null> {
  try {
    const { payload } = await jwtVerify(token, signingKey(auth), {
      algorithms: [ALGORITHM],
      issuer: auth.issuer,
      audience: `${auth.audience}:dashboard`,
      typ: DASHBOARD_TOKEN_TYPE,
      currentDate: now,
    });
    return typeof payload.sub === "string" ? payload.sub : null;
  } catch {
    return null;
  }
}
