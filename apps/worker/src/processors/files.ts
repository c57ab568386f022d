import { deleteQueuedObjects, readReceiptScan } from "@kavi/api/services";
import type { QueueHandlers } from "@kavi/jobs";
import type { WorkerContext } from "../context";

export function fileHandlers(ctx: WorkerContext): QueueHandlers<"files"> {
  return {
    "receipts.read": async ({ scanId }) => readReceiptScan(ctx, { scanId }),
    "files.sweep-deletions": async () => {
      const { failed } = await deleteQueuedObjects(ctx, { limit: 1000 });
      if (failed > 0) ctx.logger.warn({ failed }, "files sweep: some objects could not be deleted yet");
    },
  };
}
