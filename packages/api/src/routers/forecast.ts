import type { DbOrTx } from "@kavi/db";
import { type Language, ZLanguageSchema } from "@kavi/domain";
import { ZForecastScenarioSchema } from "@kavi/insights";
import { z } from "zod";
import { compareForecast, readForecast, setForecastThreshold, whatIfForecast } from "../services/forecast";
import { languageOfUser } from "../services/user-language";
import { businessProcedure, createTRPCRouter } from "../trpc";

const readReports = businessProcedure("reports.read");

/** The screen's language (the named flows are worded in it); the reader's profile language when not given. */
const ZForecastReadSchema = z.object({ language: ZLanguageSchema.optional() });
function readerLanguage(
  ctx: { db: DbOrTx; user: { id: string } },
  input: { language?: Language | undefined },
) {
  return input.language ? Promise.resolve(input.language) : languageOfUser(ctx.db, ctx.user.id);
}
/** The alert threshold is a business setting: owners and admins. */
const manageSettings = businessProcedure("forecast.settings");

export const forecastRouter = createTRPCRouter({
  /** Today's 90-day cash forecast with its band, named flows and plain-language summary. */
  get: readReports.input(ZForecastReadSchema).query(async ({ ctx, input }) => {
    const view = await readForecast(ctx.db, ctx.business, ctx.now(), await readerLanguage(ctx, input));
    // Nothing stored for today yet (a new business, or before the nightly run): have the worker store it,
    // once per business per day whatever the number of readers.
    if (view.live) {
      await ctx.jobs
        .enqueue(
          "forecast.refresh",
          { businessId: ctx.business.id },
          { jobId: `forecast-read-${ctx.business.id}-${view.asOf}` },
        )
        .catch((error: unknown) => ctx.logger.warn({ err: error }, "could not enqueue a forecast refresh"));
    }
    return view;
  }),
  /** The forecast with some invoices paid late or never, and some recurring expenses moved (not stored). */
  whatIf: readReports
    .input(ZForecastScenarioSchema.extend(ZForecastReadSchema.shape))
    .query(async ({ ctx, input }) =>
      whatIfForecast(ctx.db, ctx.business, input, ctx.now(), await readerLanguage(ctx, input)),
    ),
  /** An earlier forecast (at least `daysAgo` old) beside the balances that actually happened. */
  compare: readReports
    .input(z.object({ daysAgo: z.number().int().min(1).max(365).default(1) }))
    .query(({ ctx, input }) => compareForecast(ctx.db, ctx.business, input.daysAgo, ctx.now())),
  /** The balance below which owners and admins are alerted (null clears it). */
  setThreshold: manageSettings
    .input(z.object({ amount: z.string().trim().min(1).max(24).nullable() }))
    .mutation(({ ctx, input }) => setForecastThreshold(ctx, ctx.business, input.amount)),
});
