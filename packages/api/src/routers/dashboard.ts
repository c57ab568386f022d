import { DASHBOARD_PERIODS } from "@kavi/domain";
import { z } from "zod";
import { dashboardOverview } from "../services/dashboard";
import { businessProcedure, createTRPCRouter } from "../trpc";

const readReports = businessProcedure("reports.read");

export const dashboardRouter = createTRPCRouter({
  /** The whole dashboard in one request. */
  overview: readReports
    .input(
      z.object({ period: z.enum(DASHBOARD_PERIODS, { error: "Choose a period" }).default("this_month") }),
    )
    .query(({ ctx, input }) => dashboardOverview(ctx.db, ctx.business, input.period, ctx.now())),
});
