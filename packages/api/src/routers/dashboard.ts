import { DASHBOARD_PERIODS } from "@kavi/domain";
import { z } from "zod";
import { needsAttention } from "../services/attention";
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
  /**
   * What needs attention today, for the business home: any member asks, and each section is there only when
   * their role and modules allow its screen (null otherwise).
   */
  attention: businessProcedure("business.read").query(({ ctx }) =>
    needsAttention(ctx.db, ctx.business, ctx.membership, ctx.now()),
  ),
});
