import { ZOpeningBalanceSchema, ZTimeSeriesSchema } from "@kavi/domain";
import { openingBalance } from "../services/analytics";
import { cashFlow, setOpeningBalance } from "../services/cash-flow";
import { businessProcedure, createTRPCRouter } from "../trpc";

const readReports = businessProcedure("reports.read");
const manageSettings = businessProcedure("cashFlow.settings");

export const cashFlowRouter = createTRPCRouter({
  get: readReports
    .input(ZTimeSeriesSchema)
    .query(({ ctx, input }) => cashFlow(ctx.db, ctx.business, input, ctx.now())),
  openingBalance: readReports.query(({ ctx }) => openingBalance(ctx.db, ctx.business.id)),
  setOpeningBalance: manageSettings
    .input(ZOpeningBalanceSchema)
    .mutation(({ ctx, input }) => setOpeningBalance(ctx, ctx.business, input)),
});
