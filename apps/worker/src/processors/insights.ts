import {
  refreshAllCreditScores,
  refreshAllForecasts,
  refreshCreditScore,
  refreshForecast,
} from "@kavi/api/services";
import type { QueueHandlers } from "@kavi/jobs";
import type { WorkerContext } from "../context";

export function insightHandlers(ctx: WorkerContext): QueueHandlers<"insights"> {
  return {
    "forecast.refresh": async ({ businessId }) => refreshForecast(ctx, businessId),
    "forecast.refresh-all": async () => ({ businesses: await refreshAllForecasts(ctx) }),
    "credit.refresh": async ({ businessId }) => refreshCreditScore(ctx, businessId),
    "credit.refresh-all": async () => ({ businesses: await refreshAllCreditScores(ctx) }),
  };
}
