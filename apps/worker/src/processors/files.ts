import { deleteQueuedObjects, readReceiptScan } from "@kavi/api/services";
import type { QueueHandlers } from "@kavi/jobs";
import type { WorkerDeps } from "../deps";

export function fileHandlers(deps: WorkerDeps): QueueHandlers<"files"> {
  const now = () => new Date();
  return {
    "receipts.read": async ({ scanId }) => readReceiptScan({ ...deps, now }, scanId),
    "files.sweep-deletions": async () => {
      const { failed } = await deleteQueuedObjects(
        { ...deps, now, config: { files: deps.files } },
        { limit: 1000 },
      );
      if (failed > 0) deps.logger.warn({ failed }, "files sweep: some objects could not be deleted yet");
    },
  };
}
