import { ZIdSchema } from "@kavi/domain";
import { z } from "zod";
import { getAiUsage } from "../../services/categorisation/ai-usage";
import { getRun, startCategoriseAll } from "../../services/categorisation/runs";
import { createTRPCRouter } from "../../trpc";
import { readCategorisation, writeCategorisation } from "./procedures";

export const runsRouter = createTRPCRouter({
  /** "Categorise all uncategorised": queues a pass (or answers the one already going). */
  start: writeCategorisation.mutation(({ ctx }) => startCategoriseAll(ctx, ctx.business.id)),
  /** A run's progress, or the latest run's; the screen polls it. */
  get: readCategorisation
    .input(z.object({ runId: ZIdSchema.nullish() }))
    .query(({ ctx, input }) => getRun(ctx.db, ctx.business.id, input.runId)),
  /** Today's Gemini calls for the business (against the daily allowance). */
  usage: readCategorisation.query(({ ctx }) =>
    getAiUsage(ctx.db, ctx.business.id, ctx.now(), ctx.business.timezone),
  ),
});
