import { refreshAllForecasts, refreshForecast } from "@kavi/api/services";
import type { QueueHandlers } from "@kavi/jobs";
import type { WorkerDeps } from "../deps";

export function insightHandlers(deps: WorkerDeps): QueueHandlers<"insights"> {
  return {
    "forecast.refresh": async ({ businessId }) => refreshForecast(deps, businessId),
    "forecast.refresh-all": async () => ({ businesses: await refreshAllForecasts(deps) }),
  };
}
