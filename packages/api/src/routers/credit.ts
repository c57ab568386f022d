import { z } from "zod";
import {
  issueCreditReport,
  listCreditReports,
  readCreditScore,
  verifyCreditReport,
} from "../services/credit";
import { languageOfUser } from "../services/user-language";
import { businessProcedure, createTRPCRouter, publicProcedure } from "../trpc";

const readReports = businessProcedure("reports.read");
/** A report goes to a lender on the business's behalf: owners and admins. */
const manageSettings = businessProcedure("credit.reports");

export const creditRouter = createTRPCRouter({
  /** The score now with its factors and reasons, and the monthly history. */
  get: readReports.query(async ({ ctx }) => {
    const view = await readCreditScore(ctx.db, ctx.business, ctx.now());
    // Not stored this month yet: have the worker store it and fill in the 12-month history.
    if (view.live) {
      await ctx.jobs
        .enqueue(
          "credit.refresh",
          { businessId: ctx.business.id },
          { jobId: `credit-read-${ctx.business.id}-${view.current.asOf}` },
        )
        .catch((error: unknown) =>
          ctx.logger.warn({ err: error }, "could not enqueue a credit score refresh"),
        );
    }
    return view;
  }),
  /** Issues a credit report (recorded, with a verification code) and returns its PDF. */
  issueReport: manageSettings.mutation(async ({ ctx }) =>
    issueCreditReport(ctx, ctx.business, ctx.now(), await languageOfUser(ctx.db, ctx.user.id)),
  ),
  reports: manageSettings.query(({ ctx }) => listCreditReports(ctx.db, ctx.business.id)),
});

/**
 * The lender's check of a report (/verify/<code>): anonymous, rate limited per IP like every anonymous call,
 * and answering only who issued it, for which business, when and the score. Codes carry 80 random bits.
 */
export const publicCreditReportsRouter = createTRPCRouter({
  verify: publicProcedure
    .input(z.object({ code: z.string().trim().min(8).max(40) }))
    .query(({ ctx, input }) => verifyCreditReport(ctx.db, input.code)),
});
