import { runCategorisation } from "@kavi/api/services";
import type { QueueHandlers } from "@kavi/jobs";
import type { WorkerContext } from "../context";

export function categorisationHandlers(ctx: WorkerContext): QueueHandlers<"categorisation"> {
  return {
    "categorisation.run": async ({ businessId, runId }) => runCategorisation(ctx, businessId, runId ?? null),
  };
}
