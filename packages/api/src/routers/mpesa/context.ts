import type { Context } from "../../context";
import type { Actor } from "../../services/activity";
import type { MpesaDeps } from "../../services/mpesa";

/** What the M-Pesa services need, from a procedure's context. */
export function mpesaDepsOf(ctx: Context & { actor: Actor }): MpesaDeps & { actor: Actor } {
  return {
    db: ctx.db,
    jobs: ctx.jobs,
    logger: ctx.logger,
    now: ctx.now,
    mpesa: ctx.config.mpesa,
    appUrl: ctx.config.appUrl,
    redis: ctx.redis,
    redisPrefix: ctx.config.redisPrefix,
    actor: ctx.actor,
  };
}
