import type { ServiceContext } from "../service-context";
import type { MpesaDeps } from "./config";

/**
 * The M-Pesa services' dependencies, from the one service context (a procedure's or the worker's). A bridge
 * until the M-Pesa services take the service context themselves.
 */
export function mpesaDepsOf(ctx: ServiceContext): MpesaDeps & Pick<ServiceContext, "actor"> {
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
