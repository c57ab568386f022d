import {
  buildDataExport,
  deleteDueAccounts,
  deleteDueBusinesses,
  enqueueMonthlyReports,
  enqueueWeeklySummaries,
  expireDataExports,
  markDataExportFailed,
  sendMonthlyReport,
  sendWeeklySummary,
} from "@kavi/api/services";
import type { QueueHandlers } from "@kavi/jobs";
import type { WorkerContext } from "../context";

export function digestHandlers(ctx: WorkerContext): QueueHandlers<"digests"> {
  return {
    "digests.weekly-all": async () => ({ businesses: await enqueueWeeklySummaries(ctx) }),
    "digests.weekly": async (payload) => sendWeeklySummary(ctx, payload),
    "digests.monthly-all": async () => ({ businesses: await enqueueMonthlyReports(ctx) }),
    "digests.monthly": async (payload) => sendMonthlyReport(ctx, payload),
  };
}

export function privacyHandlers(ctx: WorkerContext): QueueHandlers<"privacy"> {
  return {
    "privacy.build-export": async ({ exportId }, job) => {
      try {
        return await buildDataExport(ctx, exportId);
      } catch (error) {
        if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1))
          await markDataExportFailed(ctx, exportId, error instanceof Error ? error.message : String(error));
        throw error;
      }
    },
    "privacy.daily": async () => ({
      businessesDeleted: await deleteDueBusinesses(ctx),
      accountsDeleted: await deleteDueAccounts(ctx),
      exportsExpired: await expireDataExports(ctx),
    }),
  };
}
