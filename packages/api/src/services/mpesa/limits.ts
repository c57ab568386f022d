import { AppError } from "../../errors";
import { addressGroup } from "../../security/address-group";
import { consumeRateLimit, type RateLimitRule } from "../../security/rate-limit";
import type { ServiceContext } from "../service-context";

type LimitContext = Pick<ServiceContext, "redis" | "config" | "logger">;

async function consume(
  ctx: LimitContext,
  rule: RateLimitRule,
  identity: string,
  message: (seconds: number) => string,
) {
  const outcome = await consumeRateLimit(ctx.redis, ctx.config.redisPrefix, rule, identity, ctx.logger);
  if (!outcome.allowed) {
    throw new AppError("TOO_MANY_REQUESTS", message(outcome.resetSeconds), {
      reason: "RATE_LIMITED",
      retryAfterSeconds: outcome.resetSeconds,
    });
  }
}

/**
 * STK pushes cost the customer an interruption and can be abused to harass a phone, and Daraja throttles each
 * business's credentials. Prompts a member sends and prompts the public invoice page sends are counted in
 * separate budgets, so a flood of public presses can never starve the business's own prompts:
 *
 * - a member's prompt: per phone per minute, per business per minute;
 * - a public page's prompt: per invoice link per hour, per phone per hour, per business per minute (its own
 *   budget), after the per-address limit of the page itself (consumePublicPayLimit).
 *
 * Redis-backed like every other limit (fails open with the rest; docs/security.md "Decisions").
 */
export async function consumeStkLimits(
  ctx: LimitContext,
  businessId: string,
  phone: string,
  origin: "dashboard" | "public_page" = "dashboard",
  invoiceId: string | null = null,
): Promise<void> {
  const { limits } = ctx.config.mpesa;
  if (origin === "public_page") {
    await consume(
      ctx,
      { name: "mpesa-public-invoice", limit: limits.publicPayPerInvoicePerHour, windowSeconds: 3600 },
      invoiceId ?? businessId,
      (seconds) =>
        `This invoice has sent several M-Pesa prompts in the last hour. Try again in ${Math.ceil(seconds / 60)} minutes, or pay with the Paybill details on the invoice.`,
    );
    await consume(
      ctx,
      { name: "mpesa-public-phone", limit: limits.publicPayPerPhonePerHour, windowSeconds: 3600 },
      phone,
      (seconds) =>
        `This phone has had several M-Pesa prompts from invoice pages in the last hour. Try again in ${Math.ceil(seconds / 60)} minutes.`,
    );
    await consume(
      ctx,
      { name: "mpesa-public-business", limit: limits.publicStkPerBusinessPerMinute, windowSeconds: 60 },
      businessId,
      (seconds) => `Too many payment attempts on this business's invoices just now. Wait ${seconds} seconds.`,
    );
    return;
  }
  await consume(
    ctx,
    { name: "mpesa-stk-phone", limit: limits.stkPerPhonePerMinute, windowSeconds: 60 },
    phone,
    (seconds) => `This phone has had several M-Pesa prompts just now. Wait ${seconds} seconds and try again.`,
  );
  await consume(
    ctx,
    { name: "mpesa-stk-business", limit: limits.stkPerBusinessPerMinute, windowSeconds: 60 },
    businessId,
    (seconds) => `Too many M-Pesa prompts from this business in the last minute. Wait ${seconds} seconds.`,
  );
}

/** "Pay with M-Pesa" on a public invoice page, per client address (an IPv6 client by its /64). */
export async function consumePublicPayLimit(ctx: LimitContext, ip: string | null): Promise<void> {
  await consume(
    ctx,
    { name: "mpesa-public-pay", limit: ctx.config.mpesa.limits.publicPayPerIpPerMinute, windowSeconds: 60 },
    addressGroup(ip).key,
    (seconds) => `Too many payment attempts. Wait ${seconds} seconds and try again.`,
  );
}
