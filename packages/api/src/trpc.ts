import {
  decideAccess,
  decideApiKeyScope,
  type Permission,
  type Requirement,
  requirementOf,
  wireTransformer,
  ZIdSchema,
} from "@kavi/domain";
import { initTRPC } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { z } from "zod";
import type { Context } from "./context";
import { AppError, type AppErrorReason, describeWait, flattenIssues, hasIssues, toTRPCError } from "./errors";
import { addressSubject } from "./security/client-ip";
import { consumeRateLimit, type RateLimitResult, type RateLimitRule } from "./security/rate-limit";
import type { Actor } from "./services/activity";
import { type Caller, type CallerUser, loadCaller } from "./services/caller";
import { isLender } from "./services/lending/review";
import { findSessionByRefreshToken, idleSince, readRefreshCookie } from "./services/sessions";

export interface ProcedureMeta {
  /**
   * "assistant": an extra, tighter limit for expensive procedures. "refresh": auth.refresh's own budget, per
   * session and not per address (see refreshLimits).
   */
  rateLimit?: "assistant" | "refresh";
  /** Set by businessProcedure: the catalogue permission the caller needs in the business (packages/domain). */
  permission?: Permission;
  /** The module × access requirement that permission stands for. */
  requirement?: Requirement;
  /**
   * The procedure reaches people outside the account (emails, phone prompts, payouts, joining a business as
   * the invited address), so it needs a verified email address. Set by verifiedProcedure and by
   * businessProcedure for a permission marked verifiedEmail; the tenancy walker lists every procedure that has it.
   */
  verifiedEmail?: boolean;
}

/** Field messages from what a procedure threw: zod's issues for bad input, an AppError's map from a service. */
export function fieldErrorsFromCause(cause: unknown): Record<string, string[]> | null {
  if (hasIssues(cause)) return flattenIssues(cause.issues);
  return cause instanceof AppError ? (cause.fieldErrors ?? null) : null;
}

const t = initTRPC
  .context<Context>()
  .meta<ProcedureMeta>()
  .create({
    transformer: wireTransformer,
    errorFormatter({ shape, error, ctx }) {
      const cause = error.cause;
      const appError = cause instanceof AppError ? cause : null;
      const fieldErrors = fieldErrorsFromCause(cause);
      const internal = error.code === "INTERNAL_SERVER_ERROR";
      const requestId = ctx?.request.requestId ?? null;
      const message = internal
        ? "Something went wrong on our side. Please try again in a moment."
        : fieldErrors && hasIssues(cause)
          ? "Some fields need your attention"
          : error.message;
      return {
        message,
        code: shape.code,
        data: {
          code: shape.data.code,
          httpStatus: shape.data.httpStatus,
          path: shape.data.path ?? null,
          requestId,
          fieldErrors,
          reason: appError?.reason ?? null,
          retryAfterSeconds: appError?.retryAfterSeconds ?? null,
          // Stacks only outside production, and never for expected errors.
          ...(ctx?.config.environment !== "production" && internal ? { stack: shape.data.stack } : {}),
        },
      };
    },
  });

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/** A tRPC call made with an API key goes into the key's request log (REST v1 records its own calls). */
function recordKeyCall(ctx: Context, path: string, type: string, status: number, durationMs: number) {
  if (!ctx.apiKey || ctx.request.surface === "rest-v1") return;
  ctx.apiKeyRequests.record({
    apiKeyId: ctx.apiKey.id,
    businessId: ctx.apiKey.businessId,
    method: type === "query" ? "GET" : "POST",
    path: `/api/trpc/${path}`,
    operation: path,
    status,
    durationMs,
    ip: ctx.request.ip,
    requestId: ctx.request.requestId,
    at: ctx.now(),
  });
}

/** Maps domain and database errors to client errors, logs real failures, and times every call. */
const observe = t.middleware(async ({ ctx, path, type, next }) => {
  const started = performance.now();
  const result = await next();
  let code: string | null = null;
  if (!result.ok) {
    const mapped = toTRPCError(result.error);
    code = mapped.code;
    if (mapped.code === "INTERNAL_SERVER_ERROR") {
      ctx.logger.error({ err: mapped.cause ?? result.error, path, type }, "procedure failed");
    }
    if (mapped.code === "SERVICE_UNAVAILABLE") {
      ctx.logger.warn({ path, type }, "procedure refused: overloaded");
      const retryAfter = mapped.cause instanceof AppError ? mapped.cause.retryAfterSeconds : undefined;
      if (retryAfter !== undefined) ctx.request.setHeader("Retry-After", String(retryAfter));
    }
    const durationMs = performance.now() - started;
    ctx.observeProcedure?.({ path, type, durationMs, code });
    recordKeyCall(ctx, path, type, getHTTPStatusCodeFromError(mapped), durationMs);
    throw mapped;
  }
  const durationMs = performance.now() - started;
  ctx.observeProcedure?.({ path, type, durationMs, code });
  recordKeyCall(ctx, path, type, 200, durationMs);
  return result;
});

function tooManyRequests(message: string, retryAfterSeconds: number, reason: AppErrorReason): AppError {
  return new AppError("TOO_MANY_REQUESTS", message, { reason, retryAfterSeconds });
}

interface LimitCheck {
  rule: RateLimitRule;
  identity: string;
}

const HOUR = 3600;

/**
 * The limits a call counts against, in order; a refused one ends the call before the next is even looked up.
 *
 * auth.refresh is counted per session (its refresh-token family), not in the anonymous per-address bucket: many
 * people share one address behind a mobile carrier's NAT, and one of them must never use up the others'
 * refreshes and sign them out. A per-address ceiling, far above any NAT's honest traffic, comes first and bounds
 * floods of made-up cookies (which belong to no session) before they cost a database lookup.
 */
async function* limitsFor(ctx: Context, meta: ProcedureMeta | undefined): AsyncGenerator<LimitCheck> {
  const { rateLimits } = ctx.config;
  const address = addressSubject(ctx.request.ip);
  if (ctx.apiKey) {
    // Each key has its own hourly limit (set when it is created; RATE_LIMIT_API_KEY_PER_HOUR by default).
    yield {
      rule: { name: "api-key", limit: ctx.apiKey.rateLimitPerHour, windowSeconds: HOUR },
      identity: `key:${ctx.apiKey.id}`,
    };
    if (meta?.rateLimit === "assistant") {
      yield {
        rule: { name: "assistant", limit: rateLimits.assistantPerMinute, windowSeconds: 60 },
        identity: `key:${ctx.apiKey.id}`,
      };
    }
    return;
  }
  if (meta?.rateLimit === "refresh") {
    yield {
      rule: { name: "refresh-ip", limit: rateLimits.refreshPerIpPerHour, windowSeconds: HOUR },
      identity: `ip:${address}`,
    };
    const token = readRefreshCookie(ctx);
    const session = token ? await findSessionByRefreshToken(ctx.db, token) : null;
    if (session) {
      yield {
        rule: { name: "refresh-session", limit: rateLimits.refreshPerSessionPerHour, windowSeconds: HOUR },
        identity: `session:${session.sessionId}`,
      };
    }
    return;
  }
  yield ctx.auth
    ? {
        rule: { name: "authenticated", limit: rateLimits.authenticatedPerHour, windowSeconds: HOUR },
        identity: `user:${ctx.auth.userId}`,
      }
    : {
        rule: { name: "anonymous", limit: rateLimits.anonymousPerHour, windowSeconds: HOUR },
        identity: `ip:${address}`,
      };
  if (meta?.rateLimit === "assistant" && ctx.auth) {
    yield {
      rule: { name: "assistant", limit: rateLimits.assistantPerMinute, windowSeconds: 60 },
      identity: `user:${ctx.auth.userId}`,
    };
  }
}

/** The standard headers (IETF RateLimit fields, draft 6) and their older X- forms, for the tightest limit. */
function announceLimit(ctx: Context, rule: RateLimitRule, outcome: RateLimitResult) {
  ctx.request.setHeader("RateLimit-Policy", `${rule.limit};w=${rule.windowSeconds}`);
  ctx.request.setHeader("RateLimit-Limit", String(outcome.limit));
  ctx.request.setHeader("RateLimit-Remaining", String(outcome.remaining));
  ctx.request.setHeader("RateLimit-Reset", String(outcome.resetSeconds));
  ctx.request.setHeader("X-RateLimit-Limit", String(outcome.limit));
  ctx.request.setHeader("X-RateLimit-Remaining", String(outcome.remaining));
}

const rateLimit = t.middleware(async ({ ctx, meta, next }) => {
  const { rateLimits, redisPrefix } = ctx.config;
  let tightest: { rule: RateLimitRule; outcome: RateLimitResult } | null = null;
  for await (const { rule, identity } of limitsFor(ctx, meta)) {
    const outcome = await consumeRateLimit(ctx.redis, redisPrefix, rule, identity, ctx.logger, {
      maxLocalWindows: rateLimits.localWindows,
    });
    if (
      !tightest ||
      outcome.remaining / outcome.limit < tightest.outcome.remaining / tightest.outcome.limit
    ) {
      tightest = { rule, outcome };
    }
    if (!outcome.allowed) {
      announceLimit(ctx, rule, outcome);
      ctx.request.setHeader("Retry-After", String(outcome.resetSeconds));
      throw tooManyRequests(
        `Too many requests. Please wait ${describeWait(outcome.resetSeconds)} and try again.`,
        outcome.resetSeconds,
        "RATE_LIMITED",
      );
    }
  }
  if (tightest) announceLimit(ctx, tightest.rule, tightest.outcome);
  return next();
});

function unauthorized(ctx: Context): AppError {
  if (ctx.apiKey) {
    return new AppError("UNAUTHORIZED", "API keys reach a business's own endpoints only", {
      reason: "SESSION_ENDED",
    });
  }
  if (ctx.authProblem === "apiKey") {
    return new AppError(
      "UNAUTHORIZED",
      "This API key is not valid: it may have been revoked, rolled or expired",
      {
        reason: "SESSION_ENDED",
      },
    );
  }
  return ctx.authProblem === "expired"
    ? new AppError("UNAUTHORIZED", "Your session needs refreshing", { reason: "TOKEN_EXPIRED" })
    : new AppError("UNAUTHORIZED", "Please sign in to continue", { reason: "SESSION_ENDED" });
}

function actorFrom(ctx: Context, userId: string, businessId: string | null): Actor {
  return {
    userId,
    businessId,
    ip: ctx.request.ip,
    userAgent: ctx.request.userAgent,
    requestId: ctx.request.requestId,
    apiKeyId: ctx.apiKey?.id ?? null,
  };
}

/**
 * The caller behind an API key, for a business procedure: the key's own business only (any other id is
 * NOT_FOUND, like a missing one), and its creator's membership there, which must still exist.
 */
function apiKeyCaller(apiKey: NonNullable<Context["apiKey"]>, businessId: string): Caller {
  if (apiKey.businessId !== businessId) throw new AppError("NOT_FOUND", "Business not found");
  if (!apiKey.caller.membership) {
    throw new AppError("UNAUTHORIZED", "The person who created this API key is no longer a member", {
      reason: "SESSION_ENDED",
    });
  }
  return apiKey.caller;
}

export const EMAIL_NOT_VERIFIED_MESSAGE =
  "Confirm your email address first: open the link or type the code we emailed you. You can send a new email from the banner at the top of the page.";

/** The one check behind every procedure that reaches other people. */
function assertVerifiedEmail(user: CallerUser): void {
  if (!user.emailVerified) {
    throw new AppError("FORBIDDEN", EMAIL_NOT_VERIFIED_MESSAGE, { reason: "EMAIL_NOT_VERIFIED" });
  }
}

function sessionOptions(ctx: Context) {
  return { idleSince: idleSince(ctx) };
}

/** Anyone may call it; still observed and rate limited per IP (or per user when signed in). */
export const publicProcedure = t.procedure.use(observe).use(rateLimit);

/** A signed-in user with a live session. */
export const protectedProcedure = publicProcedure.use(async ({ ctx, next }) => {
  if (!ctx.auth) throw unauthorized(ctx);
  const caller = await loadCaller(ctx.db, ctx.callers, ctx.auth, null, sessionOptions(ctx));
  if (!caller) throw new AppError("UNAUTHORIZED", "Please sign in to continue", { reason: "SESSION_ENDED" });
  return next({
    ctx: { user: caller.user, sessionId: caller.sessionId, actor: actorFrom(ctx, caller.user.id, null) },
  });
});

/** A signed-in user whose email address is verified: for what reaches people outside the account. */
export const verifiedProcedure = protectedProcedure.meta({ verifiedEmail: true }).use(({ ctx, next }) => {
  assertVerifiedEmail(ctx.user);
  return next();
});

/** A signed-in platform operator. */
export const superAdminProcedure = protectedProcedure.use(({ ctx, next }) => {
  if (!ctx.user.isSuperAdmin) throw new AppError("NOT_FOUND", "Not found");
  return next();
});

/** The platform's lending desk: super-admins and lending officers (others get NOT_FOUND). */
export const lenderProcedure = protectedProcedure.use(async ({ ctx, next }) => {
  if (!(await isLender(ctx.db, ctx.user))) throw new AppError("NOT_FOUND", "Not found");
  return next();
});

export const ZBusinessScopeSchema = z.object({ businessId: ZIdSchema });

/**
 * The one way into a business: `businessProcedure("invoices.write")`, naming an entry of the permissions
 * catalogue. Resolves the caller's membership for the business named in the input and checks the permission's
 * role and module rule. A business the caller does not belong to, and one that does not exist, give the same
 * NOT_FOUND, so ids reveal nothing. Procedures then read `ctx.business.id` and nothing else. A permission
 * marked `verifiedEmail` also needs the caller's email address verified (after the tenancy check, so a foreign
 * id still answers NOT_FOUND).
 */
export function businessProcedure(permission: Permission) {
  const requirement = requirementOf(permission);
  const verifiedEmail = requirement.verifiedEmail === true;
  return publicProcedure
    .meta({ permission, requirement, verifiedEmail })
    .input(ZBusinessScopeSchema)
    .use(async ({ ctx, input, next }) => {
      const caller = ctx.apiKey
        ? apiKeyCaller(ctx.apiKey, input.businessId)
        : ctx.auth
          ? await loadCaller(ctx.db, ctx.callers, ctx.auth, input.businessId, sessionOptions(ctx))
          : null;
      if (!caller) {
        if (!ctx.auth) throw unauthorized(ctx);
        throw new AppError("UNAUTHORIZED", "Please sign in to continue", { reason: "SESSION_ENDED" });
      }
      const { business, membership } = caller;
      if (!business || !membership) throw new AppError("NOT_FOUND", "Business not found");
      const decision = decideAccess(membership, requirement);
      if (!decision.allowed) throw new AppError("FORBIDDEN", decision.reason);
      if (ctx.apiKey) {
        const scope = decideApiKeyScope(ctx.apiKey.scopes, requirement);
        if (!scope.allowed) throw new AppError("FORBIDDEN", scope.reason);
      }
      if (verifiedEmail) assertVerifiedEmail(caller.user);
      return next({
        ctx: {
          user: caller.user,
          sessionId: caller.sessionId,
          business,
          membership,
          actor: actorFrom(ctx, caller.user.id, business.id),
        },
      });
    });
}
