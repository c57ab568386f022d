import {
  refreshAllCreditScores,
  refreshAllForecasts,
  refreshCreditScore,
  refreshForecast,
} from "@kavi/api/services";
import type { QueueHandlers } from "@kavi/jobs";
import type { WorkerDeps } from "../deps";

export function insightHandlers(deps: WorkerDeps): QueueHandlers<"insights"> {
  return {
    "forecast.refresh": async ({ businessId }) => refreshForecast(deps, businessId),
    "forecast.refresh-all": async () => ({ businesses: await refreshAllForecasts(deps) }),
    "credit.refresh": async ({ businessId }) => refreshCreditScore(deps, businessId),
    "credit.refresh-all": async () => ({ businesses: await refreshAllCreditScores(deps) }),
  };
}
