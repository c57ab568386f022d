import { addDays, dateInZone, ZCurrencySchema } from "@kavi/domain";
import { z } from "zod";
import {
  exchangeRateFreshness,
  findRate,
  listLatestRates,
  rateHistory,
} from "../services/exchange-rates/rates";
import { businessProcedure, createTRPCRouter } from "../trpc";

const readRates = businessProcedure("rates.read");
const ZDateSchema = z.iso.date();

/** Exchange rates (shared by every business; CBK's indicative rates fetched by the daily job). */
export const ratesRouter = createTRPCRouter({
  /** The newest rate of each listed currency in KES, with how fresh the table is. */
  latest: readRates.query(async ({ ctx }) => {
    const today = dateInZone(ctx.now(), ctx.business.timezone);
    const [rates, freshness] = await Promise.all([
      listLatestRates(ctx.db, today),
      exchangeRateFreshness(ctx.db, ctx.now()),
    ]);
    return { today, rates, freshness };
  }),
  /** KES per unit of one currency over the last `days` days (published days only). */
  history: readRates
    .input(z.object({ currency: ZCurrencySchema, days: z.number().int().min(7).max(366).default(90) }))
    .query(({ ctx, input }) => {
      const today = dateInZone(ctx.now(), ctx.business.timezone);
      return rateHistory(ctx.db, { currency: input.currency, from: addDays(today, -input.days), to: today });
    }),
  /** The default rate for a foreign amount on a date: how many base-currency units one `currency` is worth. */
  suggest: readRates
    .input(z.object({ currency: ZCurrencySchema, date: ZDateSchema.optional() }))
    .query(({ ctx, input }) =>
      findRate(ctx.db, {
        date: input.date ?? dateInZone(ctx.now(), ctx.business.timezone),
        from: input.currency,
        to: ctx.business.baseCurrency,
      }),
    ),
});
