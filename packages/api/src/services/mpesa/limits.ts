import { AppError } from "../../errors";
import { consumeRateLimit, type RateLimitRule } from "../../security/rate-limit";
import type { MpesaDeps } from "./config";

type LimitDeps = Pick<MpesaDeps, "redis" | "redisPrefix" | "logger" | "mpesa">;

async function consume(
  deps: LimitDeps,
  rule: RateLimitRule,
  identity: string,
  message: (seconds: number) => string,
) {
  if (!deps.redis || !deps.redisPrefix) return;
  const outcome = await consumeRateLimit(deps.redis, deps.redisPrefix, rule, identity, deps.logger);
  if (!outcome.allowed) {
    throw new AppError("TOO_MANY_REQUESTS", message(outcome.resetSeconds), {
      reason: "RATE_LIMITED",
      retryAfterSeconds: outcome.resetSeconds,
    });
  }
}

/**
 * STK pushes cost the customer an interruption and can be abused to harass a phone: at most a few per phone
 * per minute (whoever sends them), and a ceiling per business. Redis-backed like every other limit.
 */
export async function consumeStkLimits(deps: LimitDeps, businessId: string, phone: string): Promise<void> {
  const { limits } = deps.mpesa;
  await consume(
    deps,
    { name: "mpesa-stk-phone", limit: limits.stkPerPhonePerMinute, windowSeconds: 60 },
    phone,
    (seconds) => `This phone has had several M-Pesa prompts just now. Wait ${seconds} seconds and try again.`,
  );
  await consume(
    deps,
    { name: "mpesa-stk-business", limit: limits.stkPerBusinessPerMinute, windowSeconds: 60 },
    businessId,
    (seconds) => `Too many M-Pesa prompts from this business in the last minute. Wait ${seconds} seconds.`,
  );
}

/** "Pay with M-Pesa" on a public invoice page, per IP. */
export async function consumePublicPayLimit(deps: LimitDeps, ip: string | null): Promise<void> {
  await consume(
    deps,
    { name: "mpesa-public-pay", limit: deps.mpesa.limits.publicPayPerIpPerMinute, windowSeconds: 60 },
    ip ?? "unknown",
    (seconds) => `Too many payment attempts. Wait ${seconds} seconds and try again.`,
  );
}
