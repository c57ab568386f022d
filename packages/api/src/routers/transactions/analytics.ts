import { addMonths, localDateOf, startOfMonth, ZLocalDateSchema, ZTimeSeriesSchema } from "@kavi/domain";
import { z } from "zod";
import {
  analyticsSummary,
  incomeExpenseSeries,
  totalsByCategory,
  totalsByCounterparty,
} from "../../services/analytics";
import { readReports } from "./procedures";

const ZRangeSchema = z.object({ from: ZLocalDateSchema.nullish(), to: ZLocalDateSchema.nullish() });

function defaultRange(input: { from?: string | null; to?: string | null }, now: Date, timezone: string) {
  const to = input.to ?? localDateOf(now, timezone);
  return { from: input.from ?? startOfMonth(addMonths(to, -11)), to };
}

/** The 12-month summary: totals, monthly series, categories, month-to-date vs last month, burn and runway. */
export const summary = readReports
  .input(ZRangeSchema)
  .query(({ ctx, input }) =>
    analyticsSummary(
      ctx.db,
      ctx.business,
      { ...(input.from ? { from: input.from } : {}), ...(input.to ? { to: input.to } : {}) },
      ctx.now(),
    ),
  );

/** Income, expenses and net per day, week or month. */
export const series = readReports
  .input(ZTimeSeriesSchema)
  .query(({ ctx, input }) =>
    incomeExpenseSeries(
      ctx.db,
      ctx.business.id,
      defaultRange(input, ctx.now(), ctx.business.timezone),
      input.granularity,
    ),
  );

export const byCategory = readReports
  .input(ZRangeSchema.extend({ type: z.enum(["income", "expense"]).nullish() }))
  .query(({ ctx, input }) =>
    totalsByCategory(
      ctx.db,
      ctx.business.id,
      defaultRange(input, ctx.now(), ctx.business.timezone),
      input.type,
    ),
  );

export const byCounterparty = readReports
  .input(
    ZRangeSchema.extend({
      kind: z.enum(["customer", "supplier"], { error: "Choose customers or suppliers" }),
      limit: z.number().int().min(1).max(50).default(10),
    }),
  )
  .query(({ ctx, input }) =>
    totalsByCounterparty(
      ctx.db,
      ctx.business,
      defaultRange(input, ctx.now(), ctx.business.timezone),
      input.kind,
      input.limit,
    ),
  );
