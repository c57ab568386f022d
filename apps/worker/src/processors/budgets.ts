import { checkAllBudgetAlerts, checkBudgetAlerts } from "@kavi/api/services";
import type { QueueHandlers } from "@kavi/jobs";
import type { WorkerDeps } from "../deps";

export function budgetHandlers(deps: WorkerDeps): QueueHandlers<"budgets"> {
  return {
    "budgets.check": async ({ businessId }) => ({ sent: await checkBudgetAlerts(deps, businessId) }),
    "budgets.check-all": async () => ({ businesses: await checkAllBudgetAlerts(deps) }),
  };
}
