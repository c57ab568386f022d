import { ZPayInvoicePublicSchema, ZPublicPaymentStatusSchema } from "@kavi/domain";
import { payInvoicePublicly, publicPaymentStatus } from "../../services/mpesa";
import { createTRPCRouter, publicProcedure } from "../../trpc";

/** "Pay with M-Pesa" on the public invoice page (/i/:token): the invoice's public token is the authority. */
export const mpesaPublicRouter = createTRPCRouter({
  payInvoice: publicProcedure.input(ZPayInvoicePublicSchema).mutation(({ ctx, input }) =>
    payInvoicePublicly(
      {
        db: ctx.db,
        jobs: ctx.jobs,
        logger: ctx.logger,
        now: ctx.now,
        mpesa: ctx.config.mpesa,
        appUrl: ctx.config.appUrl,
        redis: ctx.redis,
        redisPrefix: ctx.config.redisPrefix,
        ip: ctx.request.ip,
        requestId: ctx.request.requestId,
      },
      input,
    ),
  ),
  paymentStatus: publicProcedure
    .input(ZPublicPaymentStatusSchema)
    .query(({ ctx, input }) => publicPaymentStatus(ctx.db, input)),
});
