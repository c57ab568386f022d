import { createHash, randomBytes } from "node:crypto";
import { apiKeys, businesses, type Database, memberships, users } from "@kavi/db";
import {
  API_KEY_PATTERN,
  API_KEY_PREFIXES,
  type TApiKeyScope,
  ZApiKeyScopeSchema,
  type ZCreateApiKeySchema,
} from "@kavi/domain";
import { and, desc, eq, isNull, lt, or } from "drizzle-orm";
import type { z } from "zod";
import type { ApiConfig } from "../config";
import { AppError } from "../errors";
import { recordActivity } from "./activity";
import { CALLER_COLUMNS, type Caller, callerFromRow } from "./caller";
import type { ServiceContext } from "./service-context";
import { inTransaction } from "./unit-of-work";

/** What the API knows about the key a request came with, once it is found live. */
export interface ApiKeyCaller {
  id: string;
  name: string;
  businessId: string;
  scopes: TApiKeyScope[];
  rateLimitPerHour: number;
  /** The key's creator in the key's business (null when they are no longer a member: the key then fails). */
  caller: Caller;
}

/** last_used_at is written at most this often per key, so a busy key does not write a row per request. */
const LAST_USED_GRANULARITY_MS = 60_000;

const PUBLIC_COLUMNS = {
  id: apiKeys.id,
  name: apiKeys.name,
  prefix: apiKeys.prefix,
  scopes: apiKeys.scopes,
  rateLimitPerHour: apiKeys.rateLimitPerHour,
  expiresAt: apiKeys.expiresAt,
  revokedAt: apiKeys.revokedAt,
  lastUsedAt: apiKeys.lastUsedAt,
  lastUsedIp: apiKeys.lastUsedIp,
  createdAt: apiKeys.createdAt,
  createdByName: users.fullName,
};

export function hashApiKeySecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

/** 256 random bits, base64url, behind the environment's prefix. */
function newSecret(environment: ApiConfig["environment"]): { secret: string; prefix: string; hash: string } {
  const prefix = environment === "production" ? API_KEY_PREFIXES.live : API_KEY_PREFIXES.test;
  const secret = `${prefix}${randomBytes(32).toString("base64url")}`;
  return { secret, prefix: secret.slice(0, prefix.length + 6), hash: hashApiKeySecret(secret) };
}

export function looksLikeApiKey(token: string): boolean {
  return token.startsWith(API_KEY_PREFIXES.live) || token.startsWith(API_KEY_PREFIXES.test);
}

export async function listApiKeys(db: Database, businessId: string) {
  return db
    .select(PUBLIC_COLUMNS)
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.createdByUserId))
    .where(eq(apiKeys.businessId, businessId))
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id));
}

async function getApiKey(db: Database, businessId: string, apiKeyId: string) {
  const [row] = await db
    .select(PUBLIC_COLUMNS)
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.createdByUserId))
    .where(and(eq(apiKeys.businessId, businessId), eq(apiKeys.id, apiKeyId)))
    .limit(1);
  if (!row) throw new AppError("NOT_FOUND", "API key not found");
  return row;
}

/** Creates a key; the secret is in this answer and nowhere else, ever. */
export async function createApiKey(
  ctx: ServiceContext & { config: Pick<ApiConfig, "rateLimits"> },
  businessId: string,
  input: z.output<typeof ZCreateApiKeySchema>,
) {
  const userId = ctx.actor.userId;
  if (!userId) throw new AppError("FORBIDDEN", "API keys are created by a person");
  if (input.expiresAt && input.expiresAt.getTime() <= ctx.now().getTime()) {
    throw new AppError("BAD_REQUEST", "The expiry must be in the future", {
      fieldErrors: { expiresAt: ["The expiry must be in the future"] },
    });
  }
  const { secret, prefix, hash } = newSecret(ctx.config.environment);
  const id = await inTransaction(ctx, async (tx) => {
    const [row] = await tx
      .insert(apiKeys)
      .values({
        businessId,
        createdByUserId: userId,
        name: input.name,
        prefix,
        secretHash: hash,
        scopes: input.scopes,
        rateLimitPerHour: input.rateLimitPerHour ?? ctx.config.rateLimits.apiKeyDefaultPerHour,
        expiresAt: input.expiresAt ?? null,
      })
      .returning({ id: apiKeys.id });
    if (!row) throw new Error("api key insert returned nothing");
    await recordActivity(tx, ctx.actor, {
      action: "api_key.created",
      entityType: "api_key",
      entityId: row.id,
      metadata: { name: input.name, scopes: input.scopes, prefix },
    });
    return row.id;
  });
  return { key: await getApiKey(ctx.db, businessId, id), secret };
}

/** A new secret for the same key (name, scopes, limit); the old secret stops working at once. */
export async function rollApiKey(ctx: ServiceContext, businessId: string, apiKeyId: string) {
  const { secret, prefix, hash } = newSecret(ctx.config.environment);
  await inTransaction(ctx, async (tx) => {
    const [row] = await tx
      .update(apiKeys)
      .set({ secretHash: hash, prefix, lastUsedAt: null, lastUsedIp: null })
      .where(and(eq(apiKeys.businessId, businessId), eq(apiKeys.id, apiKeyId), isNull(apiKeys.revokedAt)))
      .returning({ id: apiKeys.id });
    if (!row) throw new AppError("NOT_FOUND", "API key not found, or already revoked");
    await recordActivity(tx, ctx.actor, {
      action: "api_key.rolled",
      entityType: "api_key",
      entityId: apiKeyId,
      metadata: { prefix },
    });
  });
  return { key: await getApiKey(ctx.db, businessId, apiKeyId), secret };
}

export async function revokeApiKey(ctx: ServiceContext, businessId: string, apiKeyId: string) {
  await inTransaction(ctx, async (tx) => {
    const [row] = await tx
      .update(apiKeys)
      .set({ revokedAt: ctx.now() })
      .where(and(eq(apiKeys.businessId, businessId), eq(apiKeys.id, apiKeyId), isNull(apiKeys.revokedAt)))
      .returning({ id: apiKeys.id, name: apiKeys.name });
    if (!row) throw new AppError("NOT_FOUND", "API key not found, or already revoked");
    await recordActivity(tx, ctx.actor, {
      action: "api_key.revoked",
      entityType: "api_key",
      entityId: apiKeyId,
      metadata: { name: row.name },
    });
  });
  return getApiKey(ctx.db, businessId, apiKeyId);
}

/**
 * The key behind a bearer secret, with its creator's membership in its business, in one query; null for an
 * unknown, revoked or expired key. Records when and from where it was last used (at most once a minute).
 */
export async function authenticateApiKey(
  db: Database,
  secret: string,
  now: Date,
  ip: string | null,
): Promise<ApiKeyCaller | null> {
  if (!API_KEY_PATTERN.test(secret)) return null;
  const [row] = await db
    .select({
      ...CALLER_COLUMNS,
      id: apiKeys.id,
      name: apiKeys.name,
      keyBusinessId: apiKeys.businessId,
      scopes: apiKeys.scopes,
      rateLimitPerHour: apiKeys.rateLimitPerHour,
      expiresAt: apiKeys.expiresAt,
      revokedAt: apiKeys.revokedAt,
      lastUsedAt: apiKeys.lastUsedAt,
    })
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.createdByUserId))
    .innerJoin(businesses, eq(businesses.id, apiKeys.businessId))
    .leftJoin(
      memberships,
      and(eq(memberships.userId, apiKeys.createdByUserId), eq(memberships.businessId, apiKeys.businessId)),
    )
    .where(eq(apiKeys.secretHash, hashApiKeySecret(secret)))
    .limit(1);
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt.getTime() <= now.getTime())) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_GRANULARITY_MS) {
    await db
      .update(apiKeys)
      .set({ lastUsedAt: now, lastUsedIp: ip })
      .where(
        and(
          eq(apiKeys.id, row.id),
          or(
            isNull(apiKeys.lastUsedAt),
            lt(apiKeys.lastUsedAt, new Date(now.getTime() - LAST_USED_GRANULARITY_MS)),
          ),
        ),
      );
  }
  const caller = callerFromRow(row, `api-key:${row.id}`);
  return {
    id: row.id,
    name: row.name,
    businessId: row.keyBusinessId,
    // Stored JSON is read like outside input: a scope this version does not know grants nothing.
    scopes: row.scopes.flatMap((scope) => {
      const parsed = ZApiKeyScopeSchema.safeParse(scope);
      return parsed.success ? [parsed.data] : [];
    }),
    rateLimitPerHour: row.rateLimitPerHour,
    // A key never acts as a platform operator, whoever made it.
    caller: { ...caller, user: { ...caller.user, isSuperAdmin: false } },
  };
}
