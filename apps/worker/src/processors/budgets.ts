import { checkAllBudgetAlerts, checkBudgetAlerts } from "@kavi/api/services";
import type { QueueHandlers } from "@kavi/jobs";
import type { WorkerContext } from "../context";

export function budgetHandlers(ctx: WorkerContext): QueueHandlers<"budgets"> {
  return {
    "budgets.check": async ({ businessId }) => ({ sent: await checkBudgetAlerts(ctx, businessId) }),
    "budgets.check-all": async () => ({ businesses: await checkAllBudgetAlerts(ctx) }),
  };
}
