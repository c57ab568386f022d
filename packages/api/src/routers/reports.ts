import {
  dateInZone,
  ZAgedReceivablesSchema,
  ZReportExportSchema,
  ZReportPeriodSchema,
  ZVatReportSchema,
} from "@kavi/domain";
import {
  agedReceivables,
  cashSummary,
  exportReport,
  profitAndLoss,
  supplierSpend,
  vatReport,
} from "../services/reports";
import { languageOfUser } from "../services/user-language";
import { businessProcedure, createTRPCRouter } from "../trpc";

const readReports = businessProcedure("reports.read");

export const reportsRouter = createTRPCRouter({
  vat: readReports.input(ZVatReportSchema).query(({ ctx, input }) => vatReport(ctx.db, ctx.business, input)),
  profitAndLoss: readReports
    .input(ZReportPeriodSchema)
    .query(({ ctx, input }) => profitAndLoss(ctx.db, ctx.business, input)),
  cashSummary: readReports
    .input(ZReportPeriodSchema)
    .query(({ ctx, input }) => cashSummary(ctx.db, ctx.business, input, ctx.now())),
  agedReceivables: readReports
    .input(ZAgedReceivablesSchema)
    .query(({ ctx, input }) =>
      agedReceivables(ctx.db, ctx.business, input.asOf ?? dateInZone(ctx.now(), ctx.business.timezone)),
    ),
  supplierSpend: readReports
    .input(ZReportPeriodSchema)
    .query(({ ctx, input }) => supplierSpend(ctx.db, ctx.business, input)),
  export: readReports
    .input(ZReportExportSchema)
    .query(async ({ ctx, input }) =>
      exportReport(
        ctx.db,
        ctx.business,
        input,
        ctx.now(),
        input.language ?? (await languageOfUser(ctx.db, ctx.user.id)),
      ),
    ),
});
