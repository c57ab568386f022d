import { ZIdSchema } from "@kavi/domain";
import { z } from "zod";
import {
  accountDeletionStatus,
  restoreAccount,
  scheduleAccountDeletion,
} from "../services/data-rights/deletion";
import { dataExportDownloadUrl, listDataExports, requestDataExport } from "../services/data-rights/exports";
import { clearRefreshCookie } from "../services/sessions";
import { businessProcedure, createTRPCRouter, protectedProcedure } from "../trpc";

/**
 * Kenya Data Protection Act: a copy of my data and of the business's data (built by a worker job, emailed as
 * a link), and deleting my account. Deleting a business is `business.delete` (with a grace period).
 */
const ownBusiness = businessProcedure("business.own");

export const dataRightsRouter = createTRPCRouter({
  accountExports: protectedProcedure.query(({ ctx }) =>
    listDataExports(ctx.db, { kind: "account", userId: ctx.user.id }),
  ),
  requestAccountExport: protectedProcedure.mutation(async ({ ctx }) => {
    const row = await requestDataExport(ctx, {
      scope: { kind: "account", userId: ctx.user.id },
      userId: ctx.user.id,
    });
    return { id: row.id, status: row.status };
  }),
  accountExportDownload: protectedProcedure
    .input(z.object({ exportId: ZIdSchema }))
    .mutation(({ ctx, input }) =>
      dataExportDownloadUrl(ctx, {
        scope: { kind: "account", userId: ctx.user.id },
        exportId: input.exportId,
      }),
    ),
  businessExports: ownBusiness.query(({ ctx }) =>
    listDataExports(ctx.db, { kind: "business", businessId: ctx.business.id }),
  ),
  requestBusinessExport: ownBusiness.mutation(async ({ ctx }) => {
    const row = await requestDataExport(ctx, {
      scope: { kind: "business", businessId: ctx.business.id },
      userId: ctx.user.id,
    });
    return { id: row.id, status: row.status };
  }),
  businessExportDownload: ownBusiness.input(z.object({ exportId: ZIdSchema })).mutation(({ ctx, input }) =>
    dataExportDownloadUrl(ctx, {
      scope: { kind: "business", businessId: ctx.business.id },
      exportId: input.exportId,
    }),
  ),
  accountDeletion: protectedProcedure.query(({ ctx }) => accountDeletionStatus(ctx.db, ctx.user.id)),
  /**
   * Schedules the signed-in account's deletion after the grace period (password required) and signs it out
   * everywhere; refused while sole owner of a shared business.
   */
  deleteAccount: protectedProcedure
    .input(z.object({ password: z.string().min(1, "Enter your password").max(1000) }))
    .mutation(async ({ ctx, input }) => {
      const { deleteAfter } = await scheduleAccountDeletion(ctx, {
        userId: ctx.user.id,
        password: input.password,
      });
      clearRefreshCookie(ctx);
      return { deleteAfter };
    }),
  /** Cancels the signed-in account's scheduled deletion. */
  restoreAccount: protectedProcedure.mutation(async ({ ctx }) => {
    await restoreAccount(ctx, ctx.user.id);
    return { ok: true as const };
  }),
});
