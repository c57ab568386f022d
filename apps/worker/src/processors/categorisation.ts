import { runCategorisation } from "@kavi/api/services";
import type { QueueHandlers } from "@kavi/jobs";
import type { WorkerDeps } from "../deps";

export function categorisationHandlers(deps: WorkerDeps): QueueHandlers<"categorisation"> {
  return {
    "categorisation.run": async ({ businessId, runId }) =>
      runCategorisation({ ...deps, now: () => new Date() }, businessId, runId ?? null),
  };
}
